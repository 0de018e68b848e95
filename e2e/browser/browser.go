// Package browser runs pages in headless Chromium, Firefox and WebKit behind
// one small interface, so that the cross-check, the test runner and the
// benchmark can run the same page in every engine without knowing which one
// runs.
//
// Each browser is a driver in a file of its own, in the way of
// database/sql/driver: Chromium through chromedp (the DevTools protocol),
// Firefox through WebDriver BiDi (bidi.go, a small client of the few
// commands needed), WebKitGTK through WebKitWebDriver and W3C WebDriver
// classic (webdriver.go) under an Xvfb display of its own. What differs
// between them lives in the driver table and the drivers; callers see
// [Browser] and [Page] only.
//
// Every process a browser starts (the browser, its helpers, WebKitWebDriver,
// MiniBrowser, Xvfb) runs in a process group that [Browser.Close] kills and
// waits for, and so does the end of the context given to [Start]. Browsers
// listen on 127.0.0.1 only.
//
// The binaries are found on the PATH, or named by environment variables:
// BROWSERWS_CHROME (a Chromium or Chrome), BROWSERWS_FIREFOX (a Firefox)
// and BROWSERWS_WEBKITDRIVER (a WebKitWebDriver).
package browser

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// A Browser is one running browser.
type Browser interface {
	// Name is the engine's name: "chromium", "firefox" or "webkit".
	Name() string
	// Version is the browser's version as it reports it: Chromium's and
	// Firefox's own, WebKitGTK's for webkit (e.g. "2.50.6").
	Version() string
	// NewPage opens a blank page in a window of its own.
	NewPage(ctx context.Context) (Page, error)
	// Close stops the browser and returns once each of its processes is
	// gone. It may be called more than once.
	Close() error
}

// A Page is one top-level page of a browser. Its methods may be called from
// several goroutines, and pages of one browser run side by side.
type Page interface {
	// Navigate loads url and waits for its load event.
	Navigate(ctx context.Context, url string) error
	// Evaluate runs a JavaScript expression in the page, awaits it if it
	// is a promise, and decodes its result into out (a pointer, as for
	// json.Unmarshal; nil to drop the result). The result must be a JSON
	// value: undefined decodes as null, which leaves out as it is. An
	// exception thrown or a promise rejected comes back as a *ScriptError.
	// If ctx ends first, Evaluate returns ctx.Err() and the script goes on
	// in the page.
	Evaluate(ctx context.Context, expr string, out any) error
	// Problems returns the uncaught exceptions and console.error calls
	// seen in the page so far, oldest first, as "uncaught: ..." and
	// "console.error: ..." lines.
	Problems() []string
	// Close closes the page.
	Close() error
}

// ErrScript is matched (errors.Is) by every *ScriptError.
var ErrScript = errors.New("script failed")

// A ScriptError is an exception a page's script threw, or the reason of a
// promise it rejected.
type ScriptError struct {
	Browser string
	// Message is the exception as String(e) shows it ("TypeError: x is
	// not a function"), or the value rejected when it is no Error.
	Message string
}

func (e *ScriptError) Error() string { return e.Browser + ": script failed: " + e.Message }

// Unwrap returns ErrScript.
func (e *ScriptError) Unwrap() error { return ErrScript }

// startLimit bounds how long a browser may take to start and answer. The
// machines this runs on can be slow and busy.
const startLimit = 2 * time.Minute

// A driver finds and starts one browser.
type driver struct {
	// find returns the binary to run, or why there is none.
	find func() (string, error)
	// start starts the binary found; the browser lives until ctx ends.
	start func(ctx context.Context, path string) (Browser, error)
}

// drivers are the browsers this package runs, in the order of Names.
var drivers = []struct {
	name string
	driver
}{
	{"chromium", driver{findChromium, startChromium}},
	{"firefox", driver{findFirefox, startFirefox}},
	{"webkit", driver{findWebKit, startWebKit}},
}

// Names returns the names of the browsers this package can drive:
// "chromium", "firefox" and "webkit". Which of them to run is the caller's
// choice.
func Names() []string {
	names := make([]string, len(drivers))
	for i, d := range drivers {
		names[i] = d.name
	}
	return names
}

func lookup(name string) (driver, error) {
	for _, d := range drivers {
		if d.name == name {
			return d.driver, nil
		}
	}
	return driver{}, fmt.Errorf("browser: no browser named %q (there are %q)", name, Names())
}

// Available returns nil if the browser name can run here, or why not.
func Available(name string) error {
	d, err := lookup(name)
	if err != nil {
		return err
	}
	if _, err := d.find(); err != nil {
		return fmt.Errorf("browser: %s: %w", name, err)
	}
	return nil
}

// Start starts the browser name. It lives until Close is called or ctx
// ends, whichever comes first; Start itself gives up after two minutes.
func Start(ctx context.Context, name string) (Browser, error) {
	d, err := lookup(name)
	if err != nil {
		return nil, err
	}
	path, err := d.find()
	if err != nil {
		return nil, fmt.Errorf("browser: %s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := d.start(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("browser: starting %s (%s): %w", name, path, err)
	}
	return b, nil
}

// closeOnDone calls close when ctx ends, and returns the function that
// stops it doing so.
func closeOnDone(ctx context.Context, close func() error) func() bool {
	return context.AfterFunc(ctx, func() { close() })
}

// startWait waits for ready, for at most startLimit, for ctx, and for the
// process to exit, whichever comes first.
func startWait[T any](ctx context.Context, ready <-chan T, exited <-chan struct{}) (T, error) {
	var zero T
	timer := time.NewTimer(startLimit)
	defer timer.Stop()
	select {
	case v := <-ready:
		return v, nil
	case <-exited:
		return zero, errors.New("it exited")
	case <-timer.C:
		return zero, fmt.Errorf("it did not answer within %v", startLimit)
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}
