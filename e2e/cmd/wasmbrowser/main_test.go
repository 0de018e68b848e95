package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gowasm/browserws/e2e/browser"
	"github.com/stretchr/testify/require"
)

// The runner and the fixtures' test binaries, built once by TestMain.
var (
	runnerBin string
	fixtures  = map[string]string{} // fixture name -> its js/wasm test binary
	buildDir  string
)

// fixtureBuilds are the test binaries of testdata/: name -> go test -c flags.
var fixtureBuilds = map[string][]string{
	"pass":       {"./testdata/pass"},
	"pass-cover": {"-cover", "./testdata/pass"},
	"fail":       {"./testdata/fail"},
	"panic":      {"./testdata/panic"},
	"hang":       {"./testdata/hang"},
	"exit":       {"./testdata/exit"},
}

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "wasmbrowser-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	buildDir = dir
	if err := buildAll(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// buildAll builds the runner and the fixtures, two at a time.
func buildAll(dir string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	runnerBin = filepath.Join(dir, "wasmbrowser")
	jobs := map[string]*exec.Cmd{"runner": exec.CommandContext(ctx, "go", "build", "-o", runnerBin, ".")}
	for name, args := range fixtureBuilds {
		fixtures[name] = filepath.Join(dir, name+".wasm")
		cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-c", "-o", fixtures[name]}, args...)...)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		jobs[name] = cmd
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, 2)
	)
	for name, cmd := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if out, err := cmd.CombinedOutput(); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("building %s: %v\n%s", name, err, out))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// result is what one run of the runner did.
type result struct {
	code           int
	stdout, stderr string
	elapsed        time.Duration
}

// runOpts are the environment and working directory of a run; the
// directory defaults to the fixture's package directory, as go test does.
// browser and where are the run's WASMBROWSER_BROWSER and
// WASMBROWSER_CONTEXT; empty, the runner's defaults.
type runOpts struct {
	env     []string
	dir     string
	browser string
	where   runContext
}

// environ is the environment of a run: the test's own, with opts.env,
// WASMBROWSER_BROWSER and WASMBROWSER_CONTEXT set, and no progress lines
// unless the test sets WASMBROWSER_PROGRESS.
func (opts runOpts) environ() []string {
	env := append(os.Environ(), "WASMBROWSER_BROWSER="+opts.browser, "WASMBROWSER_CONTEXT="+string(opts.where),
		"WASMBROWSER_PROGRESS=0")
	return append(env, opts.env...)
}

// A place is where a program runs: a browser, and a context in it.
type place struct {
	browser string
	where   runContext
}

func (p place) opts() runOpts { return runOpts{browser: p.browser, where: p.where} }

// contexts are the places a program can run in a browser.
var contexts = []runContext{contextPage, contextWorker}

// browserRuns bounds the browsers running at once: Firefox and WebKit are
// heavy, and the machines are small.
var browserRuns = make(chan struct{}, 2)

// everywhere runs test in every browser and context, as parallel subtests
// named after them ("firefox/worker"), each when its browser can run here.
// It is for what may differ between browsers; the rest runs in Chromium
// alone (eachContext), since each Firefox or WebKit run costs seconds of
// startup.
func everywhere(t *testing.T, test func(t *testing.T, at place)) {
	t.Helper()
	inBrowsers(t, browser.Names(), test)
}

// eachContext runs test in both contexts of Chromium.
func eachContext(t *testing.T, test func(t *testing.T, at place)) {
	t.Helper()
	inBrowsers(t, []string{"chromium"}, test)
}

func inBrowsers(t *testing.T, names []string, test func(t *testing.T, at place)) {
	t.Helper()
	for _, name := range names {
		for _, where := range contexts {
			t.Run(name+"/"+string(where), func(t *testing.T) {
				t.Parallel()
				needBrowser(t, name)
				browserRuns <- struct{}{}
				defer func() { <-browserRuns }()
				test(t, place{name, where})
			})
		}
	}
}

// runLimit bounds one run of the runner: it guards against a hang, and is
// no measure of speed. Firefox alone took 35 s to start on a machine
// loaded twentyfold.
const runLimit = 3 * time.Minute

// runRunner runs the runner on a fixture's binary with args, within runLimit.
func runRunner(t *testing.T, fixture string, opts runOpts, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), runLimit)
	defer cancel()
	wasm, ok := fixtures[fixture]
	if !ok {
		wasm = fixture // a path of the test's own
	}
	cmd := exec.CommandContext(ctx, runnerBin, append([]string{wasm}, args...)...)
	cmd.Dir = opts.dir
	if cmd.Dir == "" {
		cmd.Dir = filepath.Join("testdata", strings.TrimSuffix(fixture, "-cover"))
	}
	cmd.Env = opts.environ()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String(), elapsed: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running the runner: %v\nstderr:\n%s", err, r.stderr)
	}
	require.NoError(t, ctx.Err(), "the runner did not finish in time; stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	return r
}

// timedLine is a line of output and when it arrived.
type timedLine struct {
	text string
	at   time.Time
}

// runStreaming runs the runner and notes when each line of its stdout
// arrives.
func runStreaming(t *testing.T, fixture string, opts runOpts, args ...string) ([]timedLine, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), runLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, runnerBin, append([]string{fixtures[fixture]}, args...)...)
	cmd.Dir = filepath.Join("testdata", fixture)
	cmd.Env = opts.environ()
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	var lines []timedLine
	scanner := bufio.NewScanner(stdout)
	for scanner.Scan() {
		lines = append(lines, timedLine{scanner.Text(), time.Now()})
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running the runner: %v", err)
	}
	return lines, cmd.ProcessState.ExitCode()
}

// needBrowser skips a test when the browser cannot run here, except in CI,
// where make deps installs every one and a skip would hide a missing step.
func needBrowser(t *testing.T, name string) {
	t.Helper()
	if err := browser.Available(name); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}
