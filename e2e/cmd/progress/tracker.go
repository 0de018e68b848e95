package main

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
)

// An event is a line of go test -json (see go doc test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// maxNamed is how many running tests of a package a progress line names;
// beyond that it counts them.
const maxNamed = 2

// maxFailureLines bounds the output printed for one failed test; the log
// has all of it.
const maxFailureLines = 400

// A tracker turns a command's output into what a person needs to see.
// Its methods may be called from several goroutines.
type tracker struct {
	mu        sync.Mutex
	out, log  io.Writer
	label     string
	show      *regexp.Regexp
	now       func() time.Time
	start     time.Time
	lastPrint time.Time

	totalTests, totalPackages int // 0: unknown
	donePackages              int
	passed, failed, skipped   int // top-level tests
	events                    bool
	packages                  []*pkgState // running, in the order they started
}

type pkgState struct {
	name    string
	started time.Time    // when it started, or its last test ended
	ran     bool         // a test has ended
	tests   []*testState // top-level tests running, in the order they started
}

type testState struct {
	name    string
	started time.Time
	output  []string
	last    string // the last line that is not the test framework's
	paused  bool   // a parallel test waiting for the sequential ones to end
}

func newTracker(out, log io.Writer, label string, show *regexp.Regexp, now func() time.Time) *tracker {
	start := now()
	return &tracker{out: out, log: log, label: label, show: show, now: now, start: start, lastPrint: start}
}

// line takes a line of the command's standard output: a go test -json
// event, or anything else.
func (t *tracker) line(s string) {
	if strings.HasPrefix(s, "{") {
		var e event
		if json.Unmarshal([]byte(s), &e) == nil && e.Action != "" {
			t.event(e)
			return
		}
	}
	t.plain(s)
}

// plain takes a line that is no event: it is printed as it is.
func (t *tracker) plain(s string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	io.WriteString(t.log, s)
	t.print(s)
}

// print writes s to the terminal; t.mu is held.
func (t *tracker) print(s string) {
	io.WriteString(t.out, s)
	t.lastPrint = t.now()
}

func (t *tracker) event(e event) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.events = true
	io.WriteString(t.log, e.Output)
	top, _, _ := strings.Cut(e.Test, "/")
	switch {
	case e.Action == "build-output":
		t.print(e.Output)
	case e.Action == "start":
		t.pkg(e.Package)
	case e.Test == "" && e.Action == "output":
		// As go test without -v: the ok line has the coverage already.
		if e.Output != "PASS\n" && !strings.HasPrefix(e.Output, "coverage: ") {
			t.print(e.Output)
		}
	case e.Test == "" && (e.Action == "pass" || e.Action == "fail"):
		t.donePackages++
		t.endPackage(e.Package)
	case e.Test == "" && e.Action == "skip":
		t.endPackage(e.Package)
	case e.Test == "":
	case e.Action == "run" && top == e.Test:
		p := t.pkg(e.Package)
		p.tests = append(p.tests, &testState{name: top, started: t.now()})
	case e.Action == "output":
		test := t.test(e.Package, top)
		test.output = append(test.output, e.Output)
		if !framework(e.Output) {
			test.last = strings.TrimSpace(e.Output)
			if t.show != nil && t.show.MatchString(e.Output) {
				t.print(e.Output)
			}
		}
	case top != e.Test: // a subtest's; its top-level test goes on
	case e.Action == "pause":
		test := t.test(e.Package, top)
		test.paused = true
	case e.Action == "cont":
		test := t.test(e.Package, top)
		test.paused, test.started = false, t.now()
		t.resume(e.Package, test)
	case e.Action == "pass":
		t.passed++
		t.endTest(e.Package, top)
	case e.Action == "skip":
		t.skipped++
		t.endTest(e.Package, top)
	case e.Action == "fail":
		t.failed++
		test := t.endTest(e.Package, top)
		var lines []string
		for _, l := range test.output {
			if !strings.HasPrefix(l, "=== ") {
				lines = append(lines, l)
			}
		}
		if len(lines) > maxFailureLines {
			lines = append(lines[:maxFailureLines], fmt.Sprintf("… %d more lines in the log\n", len(lines)-maxFailureLines))
		}
		t.print(strings.Join(lines, ""))
	}
}

// framework reports whether line is the testing package's own (=== RUN,
// --- PASS and the like) rather than the test's.
func framework(line string) bool {
	for _, prefix := range []string{"=== ", "--- ", "PASS\n", "FAIL\n"} {
		if strings.HasPrefix(strings.TrimLeft(line, " "), prefix) {
			return true
		}
	}
	return false
}

// pkg returns the running package name, adding it if needed.
func (t *tracker) pkg(name string) *pkgState {
	for _, p := range t.packages {
		if p.name == name {
			return p
		}
	}
	p := &pkgState{name: name, started: t.now()}
	t.packages = append(t.packages, p)
	return p
}

func (t *tracker) endPackage(name string) {
	for i, p := range t.packages {
		if p.name == name {
			t.packages = append(t.packages[:i], t.packages[i+1:]...)
			return
		}
	}
}

// test returns the running top-level test name of package pkg, adding it
// if needed.
func (t *tracker) test(pkg, name string) *testState {
	p := t.pkg(pkg)
	for _, test := range p.tests {
		if test.name == name {
			return test
		}
	}
	test := &testState{name: name, started: t.now()}
	p.tests = append(p.tests, test)
	return test
}

// resume moves a test that goes on after a pause behind the tests already
// running, so they stay in the order they started running.
func (t *tracker) resume(pkg string, test *testState) {
	p := t.pkg(pkg)
	for i, running := range p.tests {
		if running == test {
			p.tests = append(append(p.tests[:i:i], p.tests[i+1:]...), test)
			return
		}
	}
}

// endTest removes the running test name of package pkg and returns it.
func (t *tracker) endTest(pkg, name string) *testState {
	test := t.test(pkg, name)
	p := t.pkg(pkg)
	for i, running := range p.tests {
		if running == test {
			p.tests = append(p.tests[:i], p.tests[i+1:]...)
		}
	}
	p.ran, p.started = true, t.now()
	return test
}

// tick prints a progress line if nothing has been printed for every.
func (t *tracker) tick(every time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.now().Sub(t.lastPrint) < every {
		return
	}
	t.print(t.status() + "\n")
}

// status says how long the command has run, how far it has come and what
// runs now, in one line.
func (t *tracker) status() string {
	now := t.now()
	var b strings.Builder
	fmt.Fprintf(&b, "  [%s %s] ", t.label, clock(now.Sub(t.start)))
	if !t.events {
		b.WriteString("running")
		return b.String()
	}
	var done []string
	if t.totalPackages > 1 || t.donePackages > 0 && len(t.packages) > 0 {
		done = append(done, outOf(t.donePackages, t.totalPackages)+" packages")
	}
	done = append(done, outOf(t.passed+t.failed+t.skipped, t.totalTests)+" tests")
	b.WriteString(strings.Join(done, ", ") + " done")
	if t.failed > 0 {
		fmt.Fprintf(&b, " (%d failed)", t.failed)
	}
	if len(t.packages) == 0 {
		b.WriteString("; building")
		return b.String()
	}
	b.WriteString("; running ")
	var running []string
	for _, p := range t.packages {
		name := ""
		if len(t.packages) > 1 || t.totalPackages > 1 {
			name = shortPackage(p.name) + " "
		}
		var active []*testState
		paused := 0
		for _, test := range p.tests {
			if test.paused {
				paused++
			} else {
				active = append(active, test)
			}
		}
		if len(p.tests) == 0 {
			state := "starting"
			if p.ran {
				state = "ending"
			}
			running = append(running, name+"("+state+", "+clock(now.Sub(p.started))+")")
			continue
		}
		if len(active) > maxNamed {
			// Parallel tests: name the one running longest.
			running = append(running, fmt.Sprintf("%s%d tests, longest %s %s", name, len(active), active[0].name, clock(now.Sub(active[0].started))))
			active = nil
		}
		for _, test := range active {
			s := name + test.name + " " + clock(now.Sub(test.started))
			if test.last != "" && len(t.packages) == 1 && len(active) == 1 {
				s += ", last: " + truncate(test.last, 80)
			}
			running = append(running, s)
		}
		if paused > 0 {
			running = append(running, fmt.Sprintf("%s%d parallel tests waiting", name, paused))
		}
	}
	b.WriteString(strings.Join(running, "; "))
	return b.String()
}

// finish prints the count of top-level tests, when there were any.
func (t *tracker) finish() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.events {
		return
	}
	s := fmt.Sprintf("  [%s %s] %d tests passed, %d skipped, %d failed", t.label, clock(t.now().Sub(t.start)), t.passed, t.skipped, t.failed)
	if t.totalPackages > 1 {
		s += fmt.Sprintf(", in %d packages", t.donePackages)
	}
	t.print(s + "\n")
}

func outOf(n, total int) string {
	if total > 0 {
		return fmt.Sprintf("%d/%d", n, total)
	}
	return fmt.Sprint(n)
}

// clock is d as m:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// shortPackage drops the module part of a github.com import path.
func shortPackage(path string) string {
	if parts := strings.SplitN(path, "/", 4); len(parts) == 4 && parts[0] == "github.com" {
		return parts[3]
	}
	return path
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
