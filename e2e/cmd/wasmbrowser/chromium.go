package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
	browsers "github.com/gowasm/browserws/e2e/browser"
	"github.com/gowasm/browserws/e2e/chromium"
)

// chromiumPath returns the browser to run: $WASMBROWSER_CHROME, else what
// the rest of the repository runs (see [chromium.Path]).
func chromiumPath() (string, error) {
	if path := os.Getenv("WASMBROWSER_CHROME"); path != "" {
		found, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("WASMBROWSER_CHROME=%s: no such browser: %w", path, err)
		}
		return found, nil
	}
	return chromium.Path()
}

// browser is one headless Chromium with its first tab, in which the
// program runs.
type browser struct {
	Ctx     context.Context // the tab's chromedp context
	cancel  func()
	dataDir string
	output  *browsers.Tail
}

// startChromium starts the browser at path with a fresh profile, waiting
// at most limit for it to answer.
func startChromium(path string, limit time.Duration) (*browser, error) {
	dataDir, err := os.MkdirTemp("", "wasmbrowser-chromium-")
	if err != nil {
		return nil, fmt.Errorf("making Chromium's profile directory: %w", err)
	}
	output := browsers.NewTail(4096)
	opts := append(chromium.Options(path),
		chromedp.UserDataDir(dataDir),
		chromedp.CombinedOutput(output),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	b := &browser{Ctx: ctx, dataDir: dataDir, output: output}
	b.cancel = func() {
		// A graceful close first, so Chromium tidies its profile; then the
		// allocator kills whatever is left (a wedged renderer included).
		closeCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		chromedp.Cancel(closeCtx)
		cancel()
		cancelCtx()
		cancelAlloc()
	}
	// The first Do starts the browser and binds its life to ctx, so it
	// cannot carry the limit itself: wait for it beside a timer instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case err = <-started:
	case <-timer.C:
		err = fmt.Errorf("it did not answer within %v", limit)
	}
	if err != nil {
		b.Close()
		msg := fmt.Sprintf("starting Chromium (%s): %s", path, strings.TrimSpace(err.Error()))
		if out := strings.TrimSpace(output.String()); out != "" {
			msg += "\nits output ends with:\n" + out
		}
		return nil, errors.New(msg)
	}
	return b, nil
}

// Close stops the browser and removes its profile.
func (b *browser) Close() {
	b.cancel()
	os.RemoveAll(b.dataDir)
}
