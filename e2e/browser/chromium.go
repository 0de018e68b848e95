package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
	"github.com/gowasm/browserws/e2e/chromium"
)

// findChromium is [chromium.Path].
func findChromium() (string, error) { return chromium.Path() }

// chromiumBrowser is headless Chromium driven by chromedp, started with the
// flags of [chromium.Options] in a temporary profile chromedp removes.
type chromiumBrowser struct {
	ctx     context.Context // the browser's chromedp context
	version string
	pgid    int
	output  *Tail
	config  string // its XDG_CONFIG_HOME

	closeOnce sync.Once
	closeErr  error
	cancel    func() // stops chromedp and waits for it
	stop      func() bool
}

func startChromium(ctx context.Context, path string) (Browser, error) {
	// Chromium's crashpad handler leaves the process group (a session of
	// its own, under init) and keeps its database in $XDG_CONFIG_HOME: a
	// directory of our own there finds it again, and keeps it out of $HOME.
	config, err := os.MkdirTemp("", "browserws-chromium-config-")
	if err != nil {
		return nil, err
	}
	output := NewTail(4096)
	opts := append(chromium.Options(path),
		chromedp.Env("XDG_CONFIG_HOME="+config),
		chromedp.CombinedOutput(output),
		// Replaces chromedp's own SysProcAttr (Pdeathsig only), and
		// chromium.Options's function.
		chromedp.ModifyCmdFunc(func(cmd *exec.Cmd) {
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
			chromium.TempInProfile(cmd)
		}),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelCtx := chromedp.NewContext(allocCtx)
	b := &chromiumBrowser{ctx: bctx, output: output, config: config, cancel: func() { cancelCtx(); cancelAlloc() }}
	b.stop = closeOnDone(ctx, b.Close)

	// The first Do starts the browser and binds its life to the context it
	// is given, so it runs beside the start limit rather than under it.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	startErr, err := startWait(ctx, started, nil)
	if err == nil {
		err = startErr
	}
	if err != nil {
		b.Close()
		return nil, withOutput(err, output)
	}
	if p := chromedp.FromContext(bctx).Browser.Process(); p != nil {
		b.pgid = p.Pid
	}
	v, err := cdp.Call(bctx, chromedp.FromContext(bctx).Browser, browser.GetVersion, cdp.Empty{})
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("reading its version: %w", err)
	}
	// "HeadlessChrome/156.0.8078.114": the version follows the slash.
	b.version = v.Product[strings.LastIndexByte(v.Product, '/')+1:]
	return b, nil
}

func (b *chromiumBrowser) Name() string    { return "chromium" }
func (b *chromiumBrowser) Version() string { return b.version }

// Close stops chromedp, which kills the browser and its helpers (it finds
// them by their profile directory), then kills what is left of the process
// group, and the crashpad handlers, which left it.
func (b *chromiumBrowser) Close() error {
	b.closeOnce.Do(func() {
		b.stop()
		database := "--database=" + filepath.Join(b.config, "chromium") + "/"
		ours := func(args []string) bool {
			return slices.ContainsFunc(args, func(arg string) bool { return strings.HasPrefix(arg, database) })
		}
		helpers := escapees("chrome_crashpad", ours)
		b.cancel()
		var errs []error
		if b.pgid > 0 {
			errs = append(errs, killGroup(b.pgid))
		}
		errs = append(errs, killEscapees(append(helpers, escapees("chrome_crashpad", ours)...), ours))
		errs = append(errs, os.RemoveAll(b.config))
		b.closeErr = errors.Join(errs...)
	})
	return b.closeErr
}

// chromiumPage is a tab.
type chromiumPage struct {
	ctx      context.Context // the tab's chromedp context
	cancel   context.CancelFunc
	problems chromium.Problems
}

func (b *chromiumBrowser) NewPage(ctx context.Context) (Page, error) {
	tabCtx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewWindow(true))
	p := &chromiumPage{ctx: tabCtx, cancel: cancel}
	if err := chromedp.Listen(tabCtx, p.problems.Watch); err != nil {
		cancel()
		return nil, fmt.Errorf("chromium: %w", err)
	}
	// The first Do on the tab's context opens the tab; ctx bounds only that.
	stop := context.AfterFunc(ctx, cancel)
	err := chromedp.Do(tabCtx)
	stop()
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		cancel()
		return nil, fmt.Errorf("chromium: opening a page: %w", err)
	}
	return p, nil
}

// run runs a on the tab, until ctx ends.
func run[T any](ctx context.Context, p *chromiumPage, a chromedp.Action[T]) (T, error) {
	runCtx, cancel := context.WithCancel(p.ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	v, err := chromedp.Run(runCtx, a)
	if err != nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return v, err
}

func (p *chromiumPage) Navigate(ctx context.Context, url string) error {
	if _, err := run(ctx, p, chromedp.Navigate(url)); err != nil {
		return fmt.Errorf("chromium: navigating to %s: %w", url, err)
	}
	// As in a user's page, nothing observes its traffic from here on.
	if err := chromium.Unobserve(p.ctx); err != nil {
		return fmt.Errorf("chromium: %w", err)
	}
	return nil
}

func (p *chromiumPage) Evaluate(ctx context.Context, expr string, out any) error {
	// As []byte, chromedp gives the JSON of the value by value, or nil
	// for undefined (and for NaN and the infinities, as JSON.stringify).
	data, err := run(ctx, p, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		var exc *chromedp.ExceptionError
		if errors.As(err, &exc) {
			return &ScriptError{Browser: "chromium", Message: chromiumException(exc)}
		}
		return fmt.Errorf("chromium: evaluating: %w", err)
	}
	if out == nil {
		return nil
	}
	if data == nil {
		data = []byte("null")
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("chromium: decoding the result: %w", err)
	}
	return nil
}

// chromiumException returns the text of an exception as String(e) would:
// the description of an Error without its stack, or the value rejected.
func chromiumException(exc *chromedp.ExceptionError) string {
	if obj := exc.Exception; obj != nil {
		if obj.Description != "" {
			desc := obj.Description
			if i := strings.Index(desc, "\n    at "); i >= 0 {
				desc = desc[:i]
			}
			return desc
		}
		var s string
		if json.Unmarshal(obj.Value, &s) == nil {
			return s
		}
		if len(obj.Value) > 0 {
			return string(obj.Value)
		}
		if obj.UnserializableValue != "" {
			return string(obj.UnserializableValue)
		}
	}
	return exc.Text
}

func (p *chromiumPage) Problems() []string { return p.problems.List() }

func (p *chromiumPage) Close() error {
	p.cancel()
	return nil
}
