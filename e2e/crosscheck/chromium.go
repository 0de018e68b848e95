package crosscheck

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gowasm/browserws/e2e/chromium"
)

// A Browser is one headless Chromium, shared by every run of a process.
type Browser struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// ChromiumPath returns the browser to run; see [chromium.Path].
func ChromiumPath() (string, error) {
	path, err := chromium.Path()
	if err != nil {
		return "", fmt.Errorf("crosscheck: %w", err)
	}
	return path, nil
}

// StartBrowser starts headless Chromium with [chromium.Options].
func StartBrowser() (*Browser, error) {
	path, err := ChromiumPath()
	if err != nil {
		return nil, err
	}
	opts := chromium.Options(path)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		return nil, fmt.Errorf("crosscheck: starting %s: %w", path, err)
	}
	return &Browser{ctx: ctx, cancel: func() { cancelCtx(); cancelAlloc() }}, nil
}

// Close stops the browser.
func (b *Browser) Close() { b.cancel() }

// A Page is a tab of the browser on one of env's pages. Exceptions the page
// does not catch, and console errors, are kept for Problems.
type Page struct {
	Ctx      context.Context
	cancel   context.CancelFunc
	problems chromium.Problems
}

// OpenPage opens a new tab on url. Cancelling ctx closes it.
func (b *Browser) OpenPage(ctx context.Context, url string) (*Page, error) {
	tabCtx, cancelTab := chromedp.NewContext(b.ctx)
	stop := context.AfterFunc(ctx, cancelTab)
	page := &Page{Ctx: tabCtx, cancel: func() { stop(); cancelTab() }}
	if err := chromedp.Listen(tabCtx, page.problems.Watch); err != nil {
		page.Close()
		return nil, err
	}
	if err := chromedp.Do(tabCtx, chromedp.Navigate(url)); err != nil {
		page.Close()
		return nil, fmt.Errorf("crosscheck: opening %s: %w", url, err)
	}
	if err := chromium.Unobserve(tabCtx); err != nil {
		page.Close()
		return nil, fmt.Errorf("crosscheck: %w", err)
	}
	return page, nil
}

// Close closes the tab.
func (p *Page) Close() { p.cancel() }

// Problems returns the uncaught exceptions and console errors seen so far.
func (p *Page) Problems() []string { return p.problems.List() }

// Evaluate runs a JavaScript expression in the page, awaiting a promise.
func Evaluate[T any](ctx context.Context, p *Page, expression string) (T, error) {
	runCtx, cancel := context.WithCancel(p.Ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel)
	defer stop()
	return chromedp.Run(runCtx, chromedp.Evaluate[T](expression, chromedp.EvalAwaitPromise))
}

// harnessOutput is what browserwsHarness.crosscheck resolves to.
type harnessOutput struct {
	Engine string       `json:"engine"`
	Native []harnessRun `json:"native"`
	Shim   []harnessRun `json:"shim"`
}

// harnessRun is an Observation with the id of its socket.
type harnessRun struct {
	Observation
	ID string `json:"id"`
}

// Options tune a harness run; the zero value takes the harness defaults.
type Options struct {
	Concurrency int `json:"concurrency,omitempty"`
	CloseWaitMS int `json:"closeWait,omitempty"`
	// Progress, if set, is called about every second while the vectors
	// run, from another goroutine, with the runs done so far and the runs
	// in all (each vector runs twice: natively, then through the shim).
	Progress func(done, total int) `json:"-"`
}

// progressEvery is how often a run reports its progress.
const progressEvery = time.Second

// RunChromium runs vectors in b, natively then with the shim. The vectors
// are split into one shard per host of env, each run in a tab of its own
// (so a renderer process of its own, with its own connection throttling).
func (b *Browser) RunChromium(ctx context.Context, env *Env, vectors []Vector, opts Options) ([]Result, error) {
	return env.runSharded(ctx, "chromium", vectors, opts, b.runShard)
}

// A shardRunner runs vectors in one page on base, naming sockets after
// prefix and keeping done at the number of runs the harness has finished.
type shardRunner func(ctx context.Context, base, prefix string, vectors []Vector, opts Options, done *atomic.Int64) (harnessOutput, error)

// runSharded splits vectors into one shard per host of env, runs each with
// run, side by side, reports progress, and pairs the results.
func (env *Env) runSharded(ctx context.Context, engine string, vectors []Vector, opts Options, run shardRunner) ([]Result, error) {
	type shard struct {
		from, to int
		out      harnessOutput
		err      error
	}
	shards := make([]shard, len(env.URLs))
	prefix := env.runPrefix(engine)
	done := make([]atomic.Int64, len(shards))
	var wg sync.WaitGroup
	for i := range shards {
		shards[i].from, shards[i].to = i*len(vectors)/len(shards), (i+1)*len(vectors)/len(shards)
		wg.Go(func() {
			s := &shards[i]
			// Socket ids unique across pages.
			s.out, s.err = run(ctx, env.URLs[i], prefix+"."+strconv.Itoa(i), vectors[s.from:s.to], opts, &done[i])
		})
	}
	if opts.Progress != nil {
		stop := reportEvery(func() {
			n := 0
			for i := range done {
				n += int(done[i].Load())
			}
			opts.Progress(n, 2*len(vectors))
		})
		defer stop()
	}
	wg.Wait()
	var out harnessOutput
	for _, s := range shards {
		if s.err != nil {
			return nil, s.err
		}
		out.Engine = s.out.Engine
		out.Native = append(out.Native, s.out.Native...)
		out.Shim = append(out.Shim, s.out.Shim...)
	}
	return env.finish(ctx, out, vectors, engine)
}

// runShard runs vectors in a tab of its own on base, keeping done at the
// number of runs the harness has finished.
func (b *Browser) runShard(ctx context.Context, base, prefix string, vectors []Vector, opts Options, done *atomic.Int64) (harnessOutput, error) {
	page, err := b.OpenPage(ctx, base+"/harness.html")
	if err != nil {
		return harnessOutput{}, err
	}
	defer page.Close()
	if _, err := Evaluate[bool](ctx, page, `browserwsShim.load("shim.wasm").then(() => true)`); err != nil {
		return harnessOutput{}, fmt.Errorf("crosscheck: loading the shim in Chromium: %w", err)
	}
	expr, err := harnessCall(base, vectors, opts, prefix)
	if err != nil {
		return harnessOutput{}, err
	}
	if opts.Progress != nil {
		// The harness counts its runs; the page answers this while the long
		// evaluation below is under way.
		stop := reportEvery(func() {
			if n, err := Evaluate[int](ctx, page, `browserwsHarness.progress.done`); err == nil {
				done.Store(int64(n))
			}
		})
		defer stop()
	}
	out, err := Evaluate[harnessOutput](ctx, page, expr)
	if err != nil {
		return harnessOutput{}, fmt.Errorf("crosscheck: running vectors in Chromium: %w", err)
	}
	done.Store(int64(2 * len(vectors)))
	if problems := page.Problems(); len(problems) > 0 {
		return harnessOutput{}, fmt.Errorf("crosscheck: the harness page reported problems:\n%s", strings.Join(problems, "\n"))
	}
	return out, nil
}

// reportEvery calls report every progressEvery until stop is called.
func reportEvery(report func()) (stop func()) { return Every(progressEvery, report) }

func harnessCall(base string, vectors []Vector, opts Options, prefix string) (string, error) {
	data, err := json.Marshal(vectors)
	if err != nil {
		return "", err
	}
	options := map[string]any{"wsBase": wsBase(base), "httpBase": base, "prefix": prefix}
	if opts.Concurrency > 0 {
		options["concurrency"] = opts.Concurrency
	}
	if opts.CloseWaitMS > 0 {
		options["closeWait"] = opts.CloseWaitMS
	}
	optionsJSON, err := json.Marshal(options)
	if err != nil {
		return "", err
	}
	return "browserwsHarness.crosscheck(" + string(data) + ", " + string(optionsJSON) + ")", nil
}

// finish checks the harness's answer and fills in what the server received
// from each socket.
func (env *Env) finish(ctx context.Context, out harnessOutput, vectors []Vector, engine string) ([]Result, error) {
	if out.Engine != engine || len(out.Native) != len(vectors) || len(out.Shim) != len(vectors) {
		return nil, fmt.Errorf("crosscheck: harness answered engine %q with %d/%d results for %d vectors (want engine %q)",
			out.Engine, len(out.Native), len(out.Shim), len(vectors), engine)
	}
	native, shim := env.serverFrames(ctx, out.Native), env.serverFrames(ctx, out.Shim)
	return pair(engine, vectors, native, shim), nil
}

// serverFrames reads each run's close frame from the recorder, waiting up to
// 3 s for each, all at once.
func (env *Env) serverFrames(ctx context.Context, runs []harnessRun) []Observation {
	obs := make([]Observation, len(runs))
	var wg sync.WaitGroup
	for i, run := range runs {
		obs[i] = run.Observation
		if run.SetupError != "" || run.ID == "" {
			continue
		}
		wg.Go(func() {
			waitCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
			defer cancel()
			if f := env.Recorder.Record(waitCtx, run.ID).Frame; f != nil {
				obs[i].ServerFrame = &Frame{Code: f.Code, Reason: f.Reason}
			}
		})
	}
	wg.Wait()
	return obs
}
