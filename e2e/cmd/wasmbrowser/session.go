package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/inspector"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/gowasm/browserws/e2e/chromium"
)

// startupLimit bounds each step before the program runs: starting
// Chromium, loading the page, compiling the binary. A failed step says
// which it was.
const startupLimit = 2 * time.Minute

// timeoutGrace is how long past its -test.timeout the program may take to
// report its own timeout (a panic with every goroutine's stack) before the
// runner ends it.
const timeoutGrace = 5 * time.Second

// runChromium runs the test binary wasm in a page of headless Chromium, or
// in a worker of that page, and returns its exit code.
func runChromium(goroot, wasm string, testArgs []string) int {
	where, err := contextFromEnv()
	if err != nil {
		return fail(err)
	}
	flags, err := parseTestFlags(testArgs)
	if err != nil {
		return fail(err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fail(fmt.Errorf("finding the working directory: %w", err))
	}
	cfg, host, err := newPageConfig(testArgs, flags, pageEnv(os.Environ()), cwd)
	if err != nil {
		return fail(err)
	}
	chrome, err := chromiumPath()
	if err != nil {
		return fail(err)
	}
	srv, err := startServer(cfg, where, wasm, wasmExecJS(goroot), os.Getenv("WASMBROWSER_STATIC"))
	if err != nil {
		return fail(err)
	}
	defer srv.Close()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM, syscall.SIGQUIT)
	defer signal.Stop(signals)

	b, err := startChromium(chrome, startupLimit)
	if err != nil {
		return fail(err)
	}
	defer b.Close()

	p := newPump(os.Stdout, os.Stderr, host, where)
	pumpCtx, stopPump := context.WithCancel(context.Background())
	defer stopPump()
	if err := startPage(pumpCtx, b, srv.URL, p); err != nil {
		return fail(err)
	}
	return wait(b, p, flags.timeout, signals)
}

// startPage opens the page with the binding in place, so that the program
// can report from its first write, and starts the program: in the page, or
// in the worker the page starts (see page/spawn.js).
func startPage(pumpCtx context.Context, b *browser, url string, p *pump) error {
	q := newInbox()
	go p.run(pumpCtx, q)
	if err := chromedp.Listen(b.Ctx, q.push); err != nil {
		return fmt.Errorf("listening to the page: %w", err)
	}
	ctx, cancel := context.WithTimeout(b.Ctx, startupLimit)
	defer cancel()
	if _, err := chromedp.Call(ctx, runtime.AddBinding, runtime.AddBindingParams{Name: bindingName}); err != nil {
		return fmt.Errorf("adding the page's binding: %w", err)
	}
	if _, err := chromedp.Call(ctx, inspector.Enable, struct{}{}); err != nil {
		return fmt.Errorf("watching the page for crashes: %w", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return fmt.Errorf("loading the page %s: %w", url, stepErr(err))
	}
	// The program's traffic is none of the runner's business: with the
	// Network domain on, each of its WebSocket frames and requests would be
	// a DevTools event for the runner to decode.
	if err := chromium.Unobserve(ctx); err != nil {
		return err
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`__wasmbrowser.start()`, chromedp.EvalAwaitPromise)); err != nil {
		return fmt.Errorf("starting the test binary in the %s: %w", p.where, stepErr(err))
	}
	return nil
}

// stepErr makes a startup error say what happened: the exception the page
// threw, or that the step ran out of time.
func stepErr(err error) error {
	var exc *chromedp.ExceptionError
	if errors.As(err, &exc) && exc.ExceptionDetails != nil {
		return errors.New(exceptionText(exc.ExceptionDetails))
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("not done within %v", startupLimit)
	}
	return err
}

// wait waits for the program to exit, and ends it when it outlives its
// timeout, the browser goes away, or the runner is told to stop.
func wait(b *browser, p *pump, timeout time.Duration, signals <-chan os.Signal) int {
	var deadline <-chan time.Time
	if timeout > 0 {
		timer := time.NewTimer(timeout + timeoutGrace)
		defer timer.Stop()
		deadline = timer.C
	}
	detached, err := chromedp.Detached(b.Ctx)
	if err != nil {
		return fail(fmt.Errorf("watching the page: %w", err))
	}
	lost := chromedp.FromContext(b.Ctx).Browser.LostConnection
	select {
	case code := <-p.done:
		return code
	case <-deadline:
		return fail(fmt.Errorf("timed out: the test binary was still running in the %s %v after its -test.timeout of %v; "+
			"a test that never yields holds the %s's JavaScript event loop, so Go's own timeout cannot fire (stopped Chromium)",
			p.where, timeoutGrace, timeout, p.where))
	case <-detached:
		return fail(errors.New("the page went away before the program exited"))
	case <-lost:
		return fail(fmt.Errorf("Chromium exited before the program did\n%s", b.output.String()))
	case sig := <-signals:
		return fail(fmt.Errorf("stopped by %v before the program exited", sig))
	}
}
