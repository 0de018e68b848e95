package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests here run their fixture on the page's main thread and in a
// dedicated worker: of Chromium, Firefox and WebKit (everywhere) where
// browsers may differ, of Chromium (eachContext) for the runner's own
// logic.

func TestPassingPackage(t *testing.T) {
	t.Parallel()
	node := nodeHostFiles(t)
	everywhere(t, func(t *testing.T, at place) {
		// One run checks what may differ between browsers: the files, the
		// console, the clock.
		opts := at.opts()
		opts.env = []string{"BROWSERWS_FIXTURE_CONSOLE=1", "BROWSERWS_FIXTURE_HOSTFS=1", "GOROOT=" + runtime.GOROOT()}
		r := runRunner(t, "pass", opts, "-test.v=true", "-test.timeout=1m0s")
		require.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
		assert.Contains(t, r.stdout, "pass_test.go:16: hello from the browser")
		assert.Contains(t, r.stdout, "--- PASS: TestFiles") // t.TempDir and friends, on the host
		assert.Contains(t, r.stdout, "\nPASS\n")
		assert.Equal(t, node, hostFilesLines(r.stdout), "the file calls answer as in Node")
		// What JavaScript logs with console reaches the runner's stdout, and
		// its warnings and errors stderr, from the worker too.
		assert.Contains(t, r.stdout, "\nconsole log 42 true\n")
		assert.Regexp(t, `\nfunction setTimeout\(\) \{\s+\[native code\]\s+\}\n`, r.stdout, "a function, as its text")
		assert.Equal(t, "console error\n", r.stderr)
		// The page and its worker are cross-origin isolated, so the
		// program's clock has the browser's finest step.
		assert.Contains(t, r.stdout, "clock: crossOriginIsolated=<boolean: true>")
	})
}

// TestReplacedBuiltins: a program that replaces, as it starts, built-ins
// that WebKit's WebDriver calls in the page must not fail the runner's
// startup, which has its answer before the program runs.
func TestReplacedBuiltins(t *testing.T) {
	t.Parallel()
	everywhere(t, func(t *testing.T, at place) {
		opts := at.opts()
		opts.env = []string{"BROWSERWS_FIXTURE_BUILTINS=1"}
		r := runRunner(t, "pass", opts, "-test.run=^TestReplacedBuiltins$", "-test.v=true")
		require.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
		assert.Contains(t, r.stdout, "built-ins restored")
		assert.Contains(t, r.stdout, "--- PASS: TestReplacedBuiltins")
	})
}

// TestContext has the fixture check where it runs against
// WASMBROWSER_CONTEXT, which the program gets with the rest of the
// environment.
func TestContext(t *testing.T) {
	t.Parallel()
	eachContext(t, func(t *testing.T, at place) {
		r := runRunner(t, "pass", at.opts(), "-test.run=^TestContext$", "-test.v=true")
		require.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
		assert.Contains(t, r.stdout, "--- PASS: TestContext", "not skipped")
		if at.where == contextWorker {
			assert.Contains(t, r.stdout, "WorkerGlobalScope=true document=false")
		} else {
			assert.Contains(t, r.stdout, "WorkerGlobalScope=false document=true")
		}
	})
}

func TestOutputStreams(t *testing.T) {
	t.Parallel()
	everywhere(t, func(t *testing.T, at place) {
		lines, code := runStreaming(t, "pass", runOpts{browser: at.browser, where: at.where}, "-test.run=^TestStream$")
		require.Equal(t, 0, code)
		arrived := map[string]time.Time{}
		for _, l := range lines {
			arrived[l.text] = l.at
		}
		require.Contains(t, arrived, "stream-first")
		require.Contains(t, arrived, "stream-second")
		// The test sleeps 1.5 s between the lines; a runner that buffered
		// the output would deliver them together.
		assert.Greater(t, arrived["stream-second"].Sub(arrived["stream-first"]), time.Second)
	})
}

func TestFailingPackage(t *testing.T) {
	t.Parallel()
	eachContext(t, func(t *testing.T, at place) {
		r := runRunner(t, "fail", runOpts{browser: at.browser, where: at.where})
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stdout, "--- FAIL: TestFail")
		assert.Contains(t, r.stdout, "this test fails on purpose")
		assert.Contains(t, r.stdout, "\nFAIL\n")
	})
}

func TestPanickingPackage(t *testing.T) {
	t.Parallel()
	everywhere(t, func(t *testing.T, at place) {
		r := runRunner(t, "panic", runOpts{browser: at.browser, where: at.where})
		assert.Equal(t, 2, r.code, "a Go panic exits 2")
		assert.Contains(t, r.stderr, "panic: boom from the wasm test")
		assert.Contains(t, r.stderr, "panic_test.go:9")
	})
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	everywhere(t, func(t *testing.T, at place) {
		r := runRunner(t, "exit", runOpts{browser: at.browser, where: at.where})
		assert.Equal(t, 7, r.code)
		assert.Contains(t, r.stdout, "exiting with 7")
	})
}

// TestTimeoutOfTheTest is a test that blocks: the test binary's own
// -test.timeout fires and panics.
func TestTimeoutOfTheTest(t *testing.T) {
	t.Parallel()
	eachContext(t, func(t *testing.T, at place) {
		r := runRunner(t, "hang", runOpts{browser: at.browser, where: at.where}, "-test.run=^TestBlock$", "-test.timeout=3s")
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, "panic: test timed out after 3s")
		assert.Less(t, r.elapsed, 60*time.Second)
	})
}

// TestTimeoutOfTheRunner is a test that never yields, so Go's own timeout
// cannot fire: the runner's deadline ends it.
func TestTimeoutOfTheRunner(t *testing.T) {
	t.Parallel()
	eachContext(t, func(t *testing.T, at place) {
		r := runRunner(t, "hang", runOpts{browser: at.browser, where: at.where}, "-test.run=^TestSpin$", "-test.timeout=3s")
		assert.Equal(t, exitRunnerFailed, r.code)
		assert.Contains(t, r.stderr, "wasmbrowser: timed out: the test binary was still running in the "+string(at.where))
		assert.Contains(t, r.stderr, "-test.timeout of 3s")
		assert.Greater(t, r.elapsed, 3*time.Second+timeoutGrace)
		assert.Less(t, r.elapsed, 60*time.Second)
	})
}

func TestFlagsReachTheTest(t *testing.T) {
	t.Parallel()
	eachContext(t, func(t *testing.T, at place) {
		r := runRunner(t, "pass", runOpts{browser: at.browser, where: at.where}, "-test.run=^TestPass$", "-test.count=2", "-test.v=true")
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, 2, strings.Count(r.stdout, "=== RUN   TestPass\n"), r.stdout)
		assert.NotContains(t, r.stdout, "TestStream")

		r = runRunner(t, "pass", runOpts{browser: at.browser, where: at.where}, "-test.run=^TestPass$")
		require.Equal(t, 0, r.code, r.stderr)
		assert.NotContains(t, r.stdout, "=== RUN", "without -test.v")
		assert.Equal(t, "PASS\n", r.stdout)
	})
}

func TestEnvironmentReachesTheTest(t *testing.T) {
	t.Parallel()
	eachContext(t, func(t *testing.T, at place) {
		opts := at.opts()
		opts.env = []string{"BROWSERWS_X=from the host", "WASMBROWSER_FIXTURE_NAMED=named", "WASMBROWSER_FIXTURE_HIDDEN=hidden"}
		r := runRunner(t, "pass", opts, "-test.run=^TestEnv$")
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, `env BROWSERWS_X="from the host" set=true`, "the whole environment, as in Node")
		assert.Contains(t, r.stdout, `env WASMBROWSER_FIXTURE_HIDDEN="hidden" set=true`)
		assert.Contains(t, r.stdout, `env WASMBROWSER_CONTEXT="`+string(at.where)+`" set=true`)

		opts.env = append(opts.env, "WASMBROWSER_ENV=OTHER,WASMBROWSER_FIXTURE_NAMED")
		r = runRunner(t, "pass", opts, "-test.run=^TestEnv$")
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, `env WASMBROWSER_FIXTURE_NAMED="named" set=true`, "only the names listed")
		assert.Contains(t, r.stdout, `env BROWSERWS_X="" set=false`)
		assert.Contains(t, r.stdout, `env WASMBROWSER_FIXTURE_HIDDEN="" set=false`)
	})
}

// TestCoverProfileRelative runs a binary built with -cover directly, with
// a relative -test.coverprofile: the file lands in the working directory.
func TestCoverProfileRelative(t *testing.T) {
	t.Parallel()
	eachContext(t, func(t *testing.T, at place) {
		dir := t.TempDir()
		r := runRunner(t, "pass-cover", runOpts{dir: dir, browser: at.browser, where: at.where}, "-test.run=^TestPass$", "-test.coverprofile=cover.out")
		require.Equal(t, 0, r.code, r.stderr)
		assert.Contains(t, r.stdout, "coverage: 66.7% of statements")
		profile, err := os.ReadFile(filepath.Join(dir, "cover.out"))
		require.NoError(t, err)
		assert.Contains(t, string(profile), "mode: set\n")
		assert.Contains(t, string(profile), "testdata/pass/pass.go:10.2,10.25 1 1\n")
	})
}

// TestCoverDirectory gives the binary a -test.gocoverdir: its meta-data and
// counter files reach the host, for go tool covdata.
func TestCoverDirectory(t *testing.T) {
	t.Parallel()
	eachContext(t, func(t *testing.T, at place) {
		dir := t.TempDir()
		r := runRunner(t, "pass-cover", runOpts{browser: at.browser, where: at.where}, "-test.run=^TestPass$", "-test.gocoverdir="+dir)
		require.Equal(t, 0, r.code, r.stderr)
		var meta, counters int
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range entries {
			switch {
			case strings.HasPrefix(e.Name(), "covmeta."):
				meta++
			case strings.HasPrefix(e.Name(), "covcounters."):
				counters++
			default:
				t.Errorf("unexpected file %s (a temporary file not renamed?)", e.Name())
			}
		}
		assert.Equal(t, 1, meta)
		assert.Equal(t, 1, counters)
	})
}

// TestStaticDirectory fetches a file of WASMBROWSER_STATIC with a relative
// URL, which means the same in the worker as in the page.
func TestStaticDirectory(t *testing.T) {
	t.Parallel()
	eachContext(t, func(t *testing.T, at place) {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "hello.txt"), []byte("static hello"), 0o644))
		r := runRunner(t, "pass", runOpts{browser: at.browser, where: at.where, env: []string{
			"WASMBROWSER_STATIC=" + dir,
			"BROWSERWS_FIXTURE_STATIC=static hello",
		}}, "-test.run=^TestStatic$", "-test.v=true")
		require.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
		assert.Contains(t, r.stdout, "--- PASS: TestStatic")
	})
}

// nodeHostFiles runs the pass fixture's file calls (testdata, GOROOT, a
// temporary directory, links, modes, umask, t.Chdir) in Node, the
// reference for every browser, and returns what they answered.
func nodeHostFiles(t *testing.T) []string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node on the PATH")
	}
	opts := runOpts{env: []string{"WASMBROWSER_ENGINE=node", "BROWSERWS_FIXTURE_HOSTFS=1", "GOROOT=" + runtime.GOROOT()}}
	r := runRunner(t, "pass", opts, "-test.run=^TestHostFiles$", "-test.v=true")
	require.Equal(t, 0, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	lines := hostFilesLines(r.stdout)
	require.Len(t, lines, 39, "the fixture's calls, in Node")
	return lines
}

// hostFilesLines are the lines of the fixture's TestHostFiles.
func hostFilesLines(stdout string) []string {
	var lines []string
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(line, "hostfs: ") {
			lines = append(lines, line)
		}
	}
	return lines
}

// TestProgress: a run silent for longer than WASMBROWSER_PROGRESS says
// which test runs, on stderr.
func TestProgress(t *testing.T) {
	t.Parallel()
	needBrowser(t, "chromium")
	r := runRunner(t, "pass", runOpts{env: []string{"WASMBROWSER_PROGRESS=400ms"}}, "-test.run=^TestStream$", "-test.v=true")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `(?m)^wasmbrowser: running TestStream \(\d+s since the start\)$`, r.stderr)
	assert.NotContains(t, r.stdout, "wasmbrowser:", "stdout is the program's")
}
