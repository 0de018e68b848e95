package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gowasm/browserws/e2e/browser"
)

// startupLimit bounds each step before the program runs: loading the page,
// compiling the binary. (Starting the browser has e2e/browser's own limit.)
// A failed step says which it was.
const startupLimit = 2 * time.Minute

// timeoutGrace is how long past its -test.timeout the program may take to
// report its own timeout (a panic with every goroutine's stack) before the
// runner ends it.
const timeoutGrace = 5 * time.Second

// browserFromEnv reads $WASMBROWSER_BROWSER: chromium (the default),
// firefox or webkit. $WASMBROWSER_CHROME names the Chromium to run.
func browserFromEnv() (string, error) {
	name := os.Getenv("WASMBROWSER_BROWSER")
	switch name {
	case "":
		name = "chromium"
	case "chromium", "firefox", "webkit":
	default:
		return "", fmt.Errorf("WASMBROWSER_BROWSER=%q: want chromium, firefox or webkit", name)
	}
	if path := os.Getenv("WASMBROWSER_CHROME"); path != "" && name == "chromium" {
		found, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("WASMBROWSER_CHROME=%s: no such browser: %w", path, err)
		}
		os.Setenv("BROWSERWS_CHROME", found) // e2e/browser's name for it
	}
	return name, nil
}

// runBrowser runs the test binary wasm in a page of the browser name, or
// in a worker of that page, and returns its exit code.
func runBrowser(name, goroot, wasm string, testArgs []string) int {
	where, err := contextFromEnv()
	if err != nil {
		return fail(err)
	}
	flags, err := parseTestFlags(testArgs)
	if err != nil {
		return fail(err)
	}
	interval, err := progressInterval()
	if err != nil {
		return fail(err)
	}
	cfg, err := newPageConfig(testArgs, pageEnv(os.Environ()))
	if err != nil {
		return fail(err)
	}
	s := newSession(os.Stdout, os.Stderr, where)
	srv, err := startServer(cfg, where, wasm, wasmExecJS(goroot), os.Getenv("WASMBROWSER_STATIC"), s)
	if err != nil {
		return fail(err)
	}
	defer srv.Close()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGQUIT)
	defer signal.Stop(signals)

	var phase atomic.Value
	phase.Store("starting " + name)
	stopProgress := make(chan struct{})
	defer close(stopProgress)
	go reportProgress(os.Stderr, interval, s.tests, func() string {
		if s.connected.Load() {
			return "" // the program runs, or is about to
		}
		return phase.Load().(string)
	}, stopProgress)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b, err := browser.Start(ctx, name)
	if err != nil {
		return fail(err)
	}
	defer b.Close()
	phase.Store("loading the page in " + name)
	if err := startProgram(ctx, b, srv.URL, where); err != nil {
		return fail(err)
	}
	s.launch()
	return wait(s, where, flags.timeout, signals)
}

// startProgram opens the page and starts the program: in the page, or in
// the worker the page starts (see page/spawn.js). It returns once the
// program is instantiated; it runs when the session launches it.
func startProgram(ctx context.Context, b browser.Browser, url string, where runContext) error {
	ctx, cancel := context.WithTimeout(ctx, startupLimit)
	defer cancel()
	p, err := b.NewPage(ctx)
	if err != nil {
		return fmt.Errorf("opening a page in %s: %w", b.Name(), stepErr(err))
	}
	if err := p.Navigate(ctx, url); err != nil {
		return fmt.Errorf("loading the page %s: %w", url, stepErr(err))
	}
	if err := p.Evaluate(ctx, `__wasmbrowser.start()`, nil); err != nil {
		return fmt.Errorf("starting the test binary in the %s: %w", where, stepErr(err))
	}
	return nil
}

// stepErr makes a startup error say what happened: the exception the page
// threw, or that the step ran out of time.
func stepErr(err error) error {
	var script *browser.ScriptError
	if errors.As(err, &script) {
		return errors.New(script.Message)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("not done within %v", startupLimit)
	}
	return err
}

// wait waits for the program to exit, and ends it when it outlives its
// timeout, the page goes away, or the runner is told to stop.
func wait(s *session, where runContext, timeout time.Duration, signals <-chan os.Signal) int {
	var deadline <-chan time.Time
	if timeout > 0 {
		timer := time.NewTimer(timeout + timeoutGrace)
		defer timer.Stop()
		deadline = timer.C
	}
	select {
	case code := <-s.done:
		return code
	case <-deadline:
		return fail(fmt.Errorf("timed out: the test binary was still running in the %s %v after its -test.timeout of %v; "+
			"a test that never yields holds the %s's JavaScript event loop, so Go's own timeout cannot fire (stopped the browser)",
			where, timeoutGrace, timeout, where))
	case sig := <-signals:
		return fail(fmt.Errorf("stopped by %v before the program exited", sig))
	}
}
