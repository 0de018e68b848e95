package main

import (
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCountTests(t *testing.T) {
	tests := []struct {
		goos, goarch string
		want         int
	}{
		// Test, TestOne, Test_under, TestExternal, FuzzOne, two examples
		// with output; not Testable, BenchmarkOne or Example_notRun.
		{"linux", "amd64", 7},
		{"js", "wasm", 8}, // and TestOnlyInJS
	}
	for _, tt := range tests {
		t.Run(tt.goos, func(t *testing.T) {
			ctxt := build.Default
			ctxt.GOOS, ctxt.GOARCH = tt.goos, tt.goarch
			n, err := countTests(&ctxt, filepath.Join("testdata", "counted"))
			require.NoError(t, err)
			assert.Equal(t, tt.want, n)
		})
	}
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func ev(action, pkg, test, output string) string {
	line := `{"Action":"` + action + `","Package":"` + pkg + `"`
	if test != "" {
		line += `,"Test":"` + test + `"`
	}
	if output != "" {
		output = strings.ReplaceAll(output, "\n", `\n`)
		output = strings.ReplaceAll(output, "\t", `\t`)
		line += `,"Output":"` + output + `"`
	}
	return line + "}\n"
}

// TestTracker feeds a go test -json stream of one package with a slow test
// and a failing one, and checks the terminal and the log.
func TestTracker(t *testing.T) {
	const pkg = "github.com/gowasm/browserws"
	clock := &fakeClock{t: time.Unix(0, 0)}
	var out, log strings.Builder
	tr := newTracker(&out, &log, "node", nil, clock.now)
	tr.totalTests = 3

	steps := []struct {
		name      string
		advance   time.Duration
		lines     []string
		wantPrint string // what the terminal gets from this step
	}{
		{"building: a heartbeat only", 10 * time.Second, nil, "  [node 0:10] running\n"},
		{"quiet before the next heartbeat", 5 * time.Second, []string{ev("start", pkg, "", "")}, ""},
		{"a passing test prints nothing", 0, []string{
			ev("run", pkg, "TestQuick", ""),
			ev("output", pkg, "TestQuick", "=== RUN   TestQuick\n"),
			ev("output", pkg, "TestQuick", "--- PASS: TestQuick (0.00s)\n"),
			ev("pass", pkg, "TestQuick", ""),
		}, ""},
		{"a slow test, with its last line", 5 * time.Second, []string{
			ev("run", pkg, "TestSlow", ""),
			ev("output", pkg, "TestSlow", "=== RUN   TestSlow\n"),
			ev("output", pkg, "TestSlow", "    leak_test.go:9: 2500 sockets one at a time\n"),
		}, "  [node 0:20] 1/3 tests done; running TestSlow 0:00, last: leak_test.go:9: 2500 sockets one at a time\n"},
		{"parallel tests waiting are not running", 0, []string{
			ev("run", pkg, "TestParallel", ""),
			ev("output", pkg, "TestParallel", "=== PAUSE TestParallel\n"),
			ev("pause", pkg, "TestParallel", ""),
		}, ""},
		{"not again before every", 9 * time.Second, nil, ""},
		{"again after every", 1 * time.Second, nil, "  [node 0:30] 1/3 tests done; running TestSlow 0:10, last: leak_test.go:9: 2500 sockets one at a time; 1 parallel tests waiting\n"},
		{"a failing test prints its output, not the === lines", 0, []string{
			ev("output", pkg, "TestSlow", "--- PASS: TestSlow (10.00s)\n"),
			ev("pass", pkg, "TestSlow", ""),
			ev("output", pkg, "TestParallel", "=== CONT  TestParallel\n"),
			ev("cont", pkg, "TestParallel", ""),
			ev("output", pkg, "TestParallel", "--- PASS: TestParallel (0.00s)\n"),
			ev("pass", pkg, "TestParallel", ""),
			ev("run", pkg, "TestBad", ""),
			ev("output", pkg, "TestBad", "=== RUN   TestBad\n"),
			ev("run", pkg, "TestBad/sub", ""),
			ev("output", pkg, "TestBad/sub", "=== RUN   TestBad/sub\n"),
			ev("output", pkg, "TestBad/sub", "    bad_test.go:3: wrong\n"),
			ev("output", pkg, "TestBad/sub", "--- FAIL: TestBad/sub (0.00s)\n"),
			ev("fail", pkg, "TestBad/sub", ""),
			ev("output", pkg, "TestBad", "--- FAIL: TestBad (0.00s)\n"),
			ev("fail", pkg, "TestBad", ""),
		}, "    bad_test.go:3: wrong\n--- FAIL: TestBad/sub (0.00s)\n--- FAIL: TestBad (0.00s)\n"},
		{"the package's lines, but PASS", 0, []string{
			ev("output", pkg, "", "FAIL\n"),
			ev("output", pkg, "", "FAIL\t"+pkg+"\t30.0s\n"),
			ev("fail", pkg, "", ""),
		}, "FAIL\nFAIL\t" + pkg + "\t30.0s\n"},
		{"a line that is no event", 0, []string{"exit status 1\n"}, "exit status 1\n"},
	}
	for _, step := range steps {
		before := out.Len()
		clock.advance(step.advance)
		for _, l := range step.lines {
			tr.line(l)
		}
		tr.tick(10 * time.Second)
		assert.Equal(t, step.wantPrint, out.String()[before:], step.name)
	}
	before := out.Len()
	tr.finish()
	assert.Equal(t, "  [node 0:30] 3 tests passed, 0 skipped, 1 failed\n", out.String()[before:])
	assert.Equal(t, "=== RUN   TestQuick\n--- PASS: TestQuick (0.00s)\n=== RUN   TestSlow\n"+
		"    leak_test.go:9: 2500 sockets one at a time\n=== PAUSE TestParallel\n--- PASS: TestSlow (10.00s)\n"+
		"=== CONT  TestParallel\n--- PASS: TestParallel (0.00s)\n"+
		"=== RUN   TestBad\n=== RUN   TestBad/sub\n    bad_test.go:3: wrong\n--- FAIL: TestBad/sub (0.00s)\n--- FAIL: TestBad (0.00s)\n"+
		"FAIL\nFAIL\t"+pkg+"\t30.0s\nexit status 1\n", log.String(), "the log is the -v text")
}

// TestTrackerPackages: with several packages, the line counts packages and
// names each running one.
func TestTrackerPackages(t *testing.T) {
	clock := &fakeClock{t: time.Unix(0, 0)}
	var out strings.Builder
	tr := newTracker(&out, &strings.Builder{}, "go test ./...", nil, clock.now)
	tr.totalPackages = 5
	for _, l := range []string{
		ev("start", "github.com/gowasm/browserws/e2e/recorder", "", ""),
		ev("run", "github.com/gowasm/browserws/e2e/recorder", "TestA", ""),
		ev("pass", "github.com/gowasm/browserws/e2e/recorder", "TestA", ""),
		ev("output", "github.com/gowasm/browserws/e2e/recorder", "", "ok  \tgithub.com/gowasm/browserws/e2e/recorder\t1.0s\n"),
		ev("pass", "github.com/gowasm/browserws/e2e/recorder", "", ""),
		ev("output", "github.com/gowasm/browserws/e2e/none", "", "?   \tgithub.com/gowasm/browserws/e2e/none\t[no test files]\n"),
		ev("skip", "github.com/gowasm/browserws/e2e/none", "", ""),
		ev("start", "github.com/gowasm/browserws/e2e/cmd/bench", "", ""),
		ev("run", "github.com/gowasm/browserws/e2e/cmd/bench", "TestBenchSmoke", ""),
		ev("start", "github.com/gowasm/browserws/e2e/crosscheck", "", ""),
		ev("start", "github.com/gowasm/browserws/e2e/cmd/wasmbrowser", "", ""),
		ev("run", "github.com/gowasm/browserws/e2e/cmd/wasmbrowser", "TestA", ""),
		ev("run", "github.com/gowasm/browserws/e2e/cmd/wasmbrowser", "TestB", ""),
		ev("run", "github.com/gowasm/browserws/e2e/cmd/wasmbrowser", "TestC", ""),
		ev("start", "github.com/gowasm/browserws/e2e/loopback", "", ""),
		ev("run", "github.com/gowasm/browserws/e2e/loopback", "TestLast", ""),
		ev("pass", "github.com/gowasm/browserws/e2e/loopback", "TestLast", ""),
		ev("output", "github.com/gowasm/browserws/e2e/loopback", "", "coverage: 90.0% of statements\n"),
	} {
		tr.line(l)
	}
	clock.advance(12 * time.Second)
	tr.tick(10 * time.Second)
	assert.Equal(t, "ok  \tgithub.com/gowasm/browserws/e2e/recorder\t1.0s\n"+
		"?   \tgithub.com/gowasm/browserws/e2e/none\t[no test files]\n"+
		"  [go test ./... 0:12] 1/5 packages, 2 tests done; running e2e/cmd/bench TestBenchSmoke 0:12; "+
		"e2e/crosscheck (starting, 0:12); e2e/cmd/wasmbrowser 3 tests, longest TestA 0:12; e2e/loopback (ending, 0:12)\n",
		out.String())
}

// TestRun runs a command that is not go test: its lines come through, and
// its exit code is progress's.
func TestRun(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), "log")
	code := run([]string{"-log", logPath, "--", "sh", "-c", "echo out; echo err >&2; exit 3"})
	assert.Equal(t, 3, code)
	data, err := os.ReadFile(logPath)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"out", "err"}, strings.Fields(string(data)))
}
