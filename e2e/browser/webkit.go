package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// findWebKit returns $BROWSERWS_WEBKITDRIVER, else WebKitWebDriver on the
// PATH, provided Xvfb is there too.
func findWebKit() (string, error) {
	path, err := findBinary("BROWSERWS_WEBKITDRIVER", []string{"WebKitWebDriver"},
		"no WebKitWebDriver found: install Debian's webkit2gtk-driver package, or set BROWSERWS_WEBKITDRIVER")
	if err != nil {
		return "", err
	}
	if _, err := findXvfb(); err != nil {
		return "", err
	}
	return path, nil
}

// webkitBrowser is WebKitGTK's MiniBrowser, which WebKitWebDriver starts for
// its one session, on an Xvfb display of its own.
//
// WebDriver classic has one current window per session, so each command
// of a page runs, under mu, after switching to the page's window. Commands
// are kept short so that pages run side by side: Evaluate starts the
// script, and polls for a promise's result (see webkitEvaluate).
type webkitBrowser struct {
	x       *xvfb
	proc    *process // WebKitWebDriver, MiniBrowser and its helpers
	output  *Tail
	wd      *wdClient
	version string

	mu      sync.Mutex // one command at a time, in the right window
	current string     // the current window's handle
	home    string     // the first window, never closed, current between pages

	closed    atomic.Bool
	closeOnce sync.Once
	closeErr  error
	stop      func() bool
}

func startWebKit(ctx context.Context, path string) (Browser, error) {
	xpath, err := findXvfb()
	if err != nil {
		return nil, err
	}
	x, err := startXvfb(ctx, xpath)
	if err != nil {
		return nil, err
	}
	b := &webkitBrowser{x: x, output: NewTail(4096)}
	b.stop = closeOnDone(ctx, b.Close)
	fail := func(err error) (Browser, error) {
		b.Close()
		return nil, withOutput(err, b.output)
	}
	// WebKitWebDriver takes the port it is given; another process may take
	// a free port before it does, so try a few.
	for attempt := 0; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return fail(err)
		}
		cmd := exec.Command(path, "--port="+strconv.Itoa(port), "--host=local")
		cmd.Env = append(os.Environ(), "DISPLAY="+x.display, "NO_AT_BRIDGE=1")
		cmd.Stdout, cmd.Stderr = b.output, b.output
		if b.proc, err = startProcess(cmd); err != nil {
			return fail(err)
		}
		b.wd = newWDClient("http://127.0.0.1:" + strconv.Itoa(port))
		err = b.waitReady(ctx)
		if err == nil {
			break
		}
		if attempt == 2 || ctx.Err() != nil || !isClosed(b.proc.done) {
			return fail(err)
		}
		b.proc.kill() // it exited: most likely, the port was taken
	}
	startCtx, cancel := context.WithTimeout(ctx, startLimit)
	defer cancel()
	caps, err := b.wd.newSession(startCtx, map[string]any{
		// Scripts are bounded by the caller's context, not by the driver.
		"timeouts": map[string]any{"script": nil, "pageLoad": startLimit.Milliseconds()},
	})
	if err != nil {
		return fail(fmt.Errorf("starting a session: %w", err))
	}
	b.version = caps.BrowserVersion
	if err := b.wd.do(startCtx, http.MethodGet, "/window", nil, &b.current); err != nil {
		return fail(err)
	}
	b.home = b.current
	return b, nil
}

// waitReady waits for the driver to answer /status.
func (b *webkitBrowser) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, startLimit)
	defer cancel()
	for {
		var status struct {
			Ready bool `json:"ready"`
		}
		err := b.wd.do(ctx, http.MethodGet, "/status", nil, &status)
		if err == nil && status.Ready {
			return nil
		}
		select {
		case <-b.proc.done:
			return errors.New("WebKitWebDriver exited")
		case <-ctx.Done():
			return fmt.Errorf("WebKitWebDriver did not answer: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// freePort returns a TCP port of 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (b *webkitBrowser) Name() string    { return "webkit" }
func (b *webkitBrowser) Version() string { return b.version }

// Close kills the driver's process group (MiniBrowser and WebKit's helper
// processes are in it), then Xvfb.
func (b *webkitBrowser) Close() error {
	b.closeOnce.Do(func() {
		b.closed.Store(true)
		b.stop()
		var errs []error
		if b.proc != nil {
			errs = append(errs, b.proc.kill())
		}
		errs = append(errs, b.x.proc.kill())
		b.closeErr = errors.Join(errs...)
	})
	return b.closeErr
}

// in runs f in the window handle, alone.
func (b *webkitBrowser) in(ctx context.Context, handle string, f func() error) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.current != handle {
		if err := b.wd.switchTo(ctx, handle); err != nil {
			b.current = "" // unknown: the driver may have switched all the same
			return err
		}
		b.current = handle
	}
	return f()
}

// webkitPage is a window of MiniBrowser.
type webkitPage struct {
	b      *webkitBrowser
	handle string
	nextID atomic.Int64 // of evaluations
	closed atomic.Bool

	mu       sync.Mutex
	problems []string
}

func (b *webkitBrowser) NewPage(ctx context.Context) (Page, error) {
	b.mu.Lock()
	handle, err := b.wd.newWindow(ctx)
	b.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("webkit: opening a page: %w", err)
	}
	return &webkitPage{b: b, handle: handle}, nil
}

func (p *webkitPage) Navigate(ctx context.Context, url string) error {
	p.collect(ctx) // what the page being left has seen
	err := p.b.in(ctx, p.handle, func() error {
		if err := p.b.wd.navigate(ctx, url); err != nil {
			return err
		}
		// Watch for problems from now on, not only from the first Evaluate.
		return p.b.wd.executeSync(ctx, webkitSetup+"setup();", nil, nil)
	})
	if err != nil {
		return fmt.Errorf("webkit: navigating to %s: %w", url, err)
	}
	return nil
}

// webkitSetup defines setup(), which installs, once per document, what
// Evaluate needs: a table of pending results and a collector of problems.
// WebDriver classic streams no console, so the collector wraps
// console.error and listens for "error" and "unhandledrejection" on the
// window. It sees only what happens after it is installed, in this
// document (not in iframes or workers), and page code can get around it
// (by replacing console.error, or stopping the events).
//
// These scripts run in the page's own realm, where page code may replace
// built-ins at any time (a test of hostile pages does): setup captures
// every built-in they call, and the rest use none (no array or Map
// methods, no spread of arrays), so that a page that replaced them still
// gets its results and problems back. WebKitWebDriver's own code in the
// page needs array methods, JSON.stringify, Promise.prototype.then and
// Function.prototype's apply, bind and call: with any of them replaced,
// every command fails until they are restored (testReplacedBuiltins).
const webkitSetup = `
function setup() {
	const key = "__browserwsDriver";
	const installed = window[key];
	if (installed !== undefined) return installed;
	const stringify = JSON.stringify, toText = String, ErrorType = Error, apply = Reflect.apply;
	const then = Promise.prototype.then, error = console.error;
	const show = (v) => {
		try {
			if (v instanceof ErrorType) return toText(v);
			if (typeof v === "string") return v;
			const s = stringify(v);
			return s === undefined ? toText(v) : s;
		} catch (e) {
			return toText(v);
		}
	};
	const d = {
		results: {__proto__: null},
		problems: [],
		show,
		PromiseType: Promise,
		// settle calls ok or fail with v's outcome, whatever page code did
		// to Promise.prototype.then since.
		settle: (v, ok, fail) => apply(then, v, [ok, fail]),
		note: (problem) => { d.problems[d.problems.length] = problem; },
		// take returns the problems collected and starts a new list.
		take: () => { const taken = d.problems; d.problems = []; return taken; },
	};
	Reflect.defineProperty(window, key, {value: d});
	console.error = function (...args) {
		let line = "console.error:";
		for (let i = 0; i < args.length; i++) line += " " + show(args[i]);
		d.note(line);
		return apply(error, this, args);
	};
	addEventListener("error", (e) => {
		d.note("uncaught: " + (e.error != null ? show(e.error) : e.message));
	});
	addEventListener("unhandledrejection", (e) => {
		d.note("uncaught (in promise): " + show(e.reason));
	});
	return d;
}
`

// webkitStart evaluates the expression spliced in after it (WebDriver's
// scripts are not subject to the page's Content-Security-Policy, eval would
// be). A value comes back at once; a promise is left in the table.
const webkitStart = webkitSetup + `
const d = setup(), id = arguments[0];
let v;
try {
	v = (
`

const webkitStartEnd = `
	);
} catch (e) {
	return {state: "error", error: d.show(e), problems: d.take()};
}
if (v instanceof d.PromiseType) {
	d.results[id] = {state: "pending"};
	d.settle(v, (value) => { d.results[id] = {state: "done", value}; },
		(e) => { d.results[id] = {state: "error", error: d.show(e)}; });
	return {state: "pending", problems: d.take()};
}
return {state: "done", value: v, problems: d.take()};
`

// webkitPoll reads a promise's result once it is settled. A page that has
// navigated since has lost it.
const webkitPoll = webkitSetup + `
const d = setup(), id = arguments[0], r = d.results[id], problems = d.take();
if (r === undefined) return {state: "lost", problems};
if (r.state !== "pending") delete d.results[id];
return {state: r.state, value: r.value, error: r.error, problems};
`

// webkitDrain returns the problems collected so far.
const webkitDrain = webkitSetup + `return {state: "done", problems: setup().take()};`

// webkitReply is what the scripts above return.
type webkitReply struct {
	State    string          `json:"state"` // "done", "error", "pending" or "lost"
	Value    json.RawMessage `json:"value"`
	Error    string          `json:"error"`
	Problems []string        `json:"problems"`
}

// run runs one of the scripts above in the page and keeps the problems it
// brings back.
func (p *webkitPage) run(ctx context.Context, script string, args []any) (webkitReply, error) {
	var reply webkitReply
	err := p.b.in(ctx, p.handle, func() error {
		return p.b.wd.executeSync(ctx, script, args, &reply)
	})
	if len(reply.Problems) > 0 {
		p.mu.Lock()
		p.problems = append(p.problems, reply.Problems...)
		p.mu.Unlock()
	}
	return reply, err
}

func (p *webkitPage) Evaluate(ctx context.Context, expr string, out any) error {
	id := strconv.FormatInt(p.nextID.Add(1), 10)
	reply, err := p.run(ctx, webkitStart+expr+webkitStartEnd, []any{id})
	var wdErr *wdError
	if errors.As(err, &wdErr) && wdErr.Code == "javascript error" && ctx.Err() == nil {
		// The expression does not compile (the message may name the
		// parentheses it is spliced into): what it throws, the script
		// catches.
		return &ScriptError{Browser: "webkit", Message: "SyntaxError: " + wdErr.Message}
	}
	// Polls start often and slow down: most promises settle quickly.
	for delay := 2 * time.Millisecond; err == nil && reply.State == "pending"; delay = min(2*delay, 100*time.Millisecond) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(delay):
		}
		reply, err = p.run(ctx, webkitPoll, []any{id})
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("webkit: evaluating: %w", err)
	}
	switch reply.State {
	case "error":
		return &ScriptError{Browser: "webkit", Message: reply.Error}
	case "lost":
		return errors.New("webkit: evaluating: the page navigated away before the promise settled")
	}
	if out == nil {
		return nil
	}
	if reply.Value == nil {
		reply.Value = []byte("null")
	}
	if err := json.Unmarshal(reply.Value, out); err != nil {
		return fmt.Errorf("webkit: decoding the result: %w", err)
	}
	return nil
}

// collect brings back the problems the page has collected, for at most 10 s.
func (p *webkitPage) collect(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := p.run(ctx, webkitDrain, nil)
	return err
}

// Problems asks the page for the problems it has collected since the last
// command, and returns all of them.
func (p *webkitPage) Problems() []string {
	if p.closed.Load() || p.b.closed.Load() {
		// Nothing to ask: the page is gone.
	} else if err := p.collect(context.Background()); err != nil {
		p.mu.Lock()
		p.problems = append(p.problems, "webkit: could not read the page's problems: "+strings.TrimSpace(err.Error()))
		p.mu.Unlock()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

func (p *webkitPage) Close() error {
	if p.closed.Swap(true) || p.b.closed.Load() {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), startLimit)
	defer cancel()
	err := p.b.in(ctx, p.handle, func() error {
		// WebDriver has no current window after this, and opening one
		// needs one.
		p.b.current = ""
		if err := p.b.wd.closeWindow(ctx); err != nil {
			return err
		}
		if err := p.b.wd.switchTo(ctx, p.b.home); err != nil {
			return err
		}
		p.b.current = p.b.home
		return nil
	})
	if err != nil {
		return fmt.Errorf("webkit: closing a page: %w", err)
	}
	return nil
}
