package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// testTracker knows which tests are running, from the lines go test -v
// (and -json) has the program print, and when the run was last heard
// from, so that a long silence can say what runs.
type testTracker struct {
	mu      sync.Mutex
	partial []byte    // the start of a line not yet ended
	running []string  // tests started and not ended, in start order
	last    time.Time // the last output or console line
}

func newTestTracker() *testTracker { return &testTracker{last: time.Now()} }

// heard notes that the program or the page printed something.
func (t *testTracker) heard() {
	t.mu.Lock()
	t.last = time.Now()
	t.mu.Unlock()
}

// write reads the program's stdout for test starts and ends.
func (t *testTracker) write(b []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.partial = append(t.partial, b...)
	for {
		i := bytes.IndexByte(t.partial, '\n')
		if i < 0 {
			break
		}
		t.line(string(t.partial[:i]))
		t.partial = t.partial[i+1:]
	}
	if len(t.partial) > 4096 {
		t.partial = t.partial[:0] // no test line is that long
	}
}

func (t *testTracker) line(line string) {
	// go test -json has the program mark its framing lines with ^V.
	fields := strings.Fields(strings.TrimLeft(line, " \x16"))
	if len(fields) < 3 {
		return
	}
	name := fields[2]
	switch fields[0] {
	case "===": // "=== RUN   TestX", "=== CONT  TestX", "=== PAUSE TestX"
		t.running = slices.DeleteFunc(t.running, func(n string) bool { return n == name })
		if fields[1] == "RUN" || fields[1] == "CONT" {
			t.running = append(t.running, name)
		}
	case "---": // "--- PASS: TestX (0.00s)"
		t.running = slices.DeleteFunc(t.running, func(n string) bool { return n == name })
	}
}

// silence returns how long the run has been silent, the tests running,
// and whether the program's stdout ends mid-line (a benchmark prints its
// name, then its figures when it is done).
func (t *testTracker) silence() (time.Duration, []string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return time.Since(t.last), slices.Clone(t.running), len(t.partial) > 0
}

// progressInterval is how long a run may be silent before the runner says
// what runs: $WASMBROWSER_PROGRESS, a duration, 0 for never; 10 s without it.
func progressInterval() (time.Duration, error) {
	v := os.Getenv("WASMBROWSER_PROGRESS")
	if v == "" {
		return 10 * time.Second, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, fmt.Errorf("WASMBROWSER_PROGRESS=%q: %w", v, err)
	}
	return d, nil
}

// reportProgress prints to w, after each interval of silence, what the run
// is doing: phase() while it starts, then the tests running (those of
// go test -v; without -v the program names none). It keeps quiet while the
// program's output ends mid-line. It stops when stop is closed.
func reportProgress(w io.Writer, interval time.Duration, t *testTracker, phase func() string, stop <-chan struct{}) {
	if interval <= 0 {
		return
	}
	start := time.Now()
	tick := time.NewTicker(interval / 4)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		quiet, running, midLine := t.silence()
		if quiet < interval || midLine {
			// A line of ours in the middle of one of the program's would
			// garble both where go test merges stdout and stderr.
			continue
		}
		what := phase()
		if what == "" {
			what = "running"
			if len(running) > 0 {
				what += " " + strings.Join(running, ", ")
			}
		}
		fmt.Fprintf(w, "wasmbrowser: %s (%s since the start)\n", what, time.Since(start).Round(time.Second))
		t.heard()
	}
}
