package crosscheck

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/gowasm/browserws/e2e/browser"
)

// RunBrowser runs vectors in b, any browser of package browser, natively
// then with the shim, as RunChromium does in its own Chromium: one shard
// per host of env, each in a page of its own.
func RunBrowser(ctx context.Context, b browser.Browser, env *Env, vectors []Vector, opts Options) ([]Result, error) {
	return env.runSharded(ctx, b.Name(), vectors, opts,
		func(ctx context.Context, base, prefix string, vectors []Vector, opts Options, done *atomic.Int64) (harnessOutput, error) {
			return runBrowserShard(ctx, b, base, prefix, vectors, opts, done)
		})
}

func runBrowserShard(ctx context.Context, b browser.Browser, base, prefix string, vectors []Vector, opts Options, done *atomic.Int64) (harnessOutput, error) {
	page, err := b.NewPage(ctx)
	if err != nil {
		return harnessOutput{}, err
	}
	defer page.Close()
	if err := page.Navigate(ctx, base+"/harness.html"); err != nil {
		return harnessOutput{}, fmt.Errorf("crosscheck: opening the harness in %s: %w", b.Name(), err)
	}
	if err := page.Evaluate(ctx, `browserwsShim.load("shim.wasm").then(() => true)`, nil); err != nil {
		return harnessOutput{}, fmt.Errorf("crosscheck: loading the shim in %s: %w", b.Name(), err)
	}
	expr, err := harnessCall(base, vectors, opts, prefix)
	if err != nil {
		return harnessOutput{}, err
	}
	if opts.Progress != nil {
		// The harness counts its runs; the page answers this while the long
		// evaluation below is under way.
		stop := reportEvery(func() {
			var n int
			if page.Evaluate(ctx, `browserwsHarness.progress.done`, &n) == nil {
				done.Store(int64(n))
			}
		})
		defer stop()
	}
	var out harnessOutput
	if err := page.Evaluate(ctx, expr, &out); err != nil {
		return harnessOutput{}, fmt.Errorf("crosscheck: running vectors in %s: %w", b.Name(), err)
	}
	done.Store(int64(2 * len(vectors)))
	if problems := page.Problems(); len(problems) > 0 {
		return harnessOutput{}, fmt.Errorf("crosscheck: the harness page in %s reported problems:\n%s", b.Name(), strings.Join(problems, "\n"))
	}
	return out, nil
}
