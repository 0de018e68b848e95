package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
	"github.com/gowasm/browserws/e2e/chromium"
)

// pageConfig is the argument of browserwsBench.run in web/bench.js.
type pageConfig struct {
	WSURL           string `json:"wsURL"`
	Rounds          int    `json:"rounds"`
	CloseIterations int    `json:"closeIterations"`
	ThrowIterations int    `json:"throwIterations"`
	Messages        int    `json:"messages"`
	Window          int    `json:"window"`
	Size            int    `json:"size"`
	// Only and Subset are JavaScript regular expressions: the page runs the
	// measurements whose names match both. Only is the user's (-only),
	// Subset the engine's (Firefox runs the echo measurements alone).
	Only   string `json:"only,omitempty"`
	Subset string `json:"subset,omitempty"`
	// cpuProfiles is Config.CPUProfiles; the page does not see it.
	cpuProfiles string
}

// pageResult is what browserwsBench.run resolves to, and the engine that
// ran it.
type pageResult struct {
	Engine              string        `json:"-"` // chromium, node or firefox
	Version             string        `json:"-"`
	CrossOriginIsolated bool          `json:"crossOriginIsolated"`
	GC                  bool          `json:"gc"` // the page could collect its heap
	Measurements        []Measurement `json:"measurements"`
	Errors              []string      `json:"errors"`
	// NetworkEvents counts the DevTools Network events seen while the page
	// ran: 0 proves no DevTools domain observed its traffic. Chromium's
	// only; nil for the others.
	NetworkEvents *int64 `json:"-"`
	// CPU is where the machine's CPU time went while Chromium's page ran,
	// and PageSeconds how long it ran (Chromium on Linux only).
	CPU         []CPUShare `json:"-"`
	PageSeconds float64    `json:"-"`
}

// runChromium starts one headless Chromium with the flags of e2e/chromium,
// opens the benchmark page and runs every measurement in it. Uncaught
// exceptions and console errors of the page count as errors.
func runChromium(ctx context.Context, url string, cfg pageConfig) (pageResult, error) {
	path, err := chromium.Path()
	if err != nil {
		return pageResult{}, err
	}
	// gc() lets the page start each measurement with a collected heap, so
	// none pays for the garbage of the one before.
	opts := append(chromium.Options(path), chromedp.Flag("js-flags", "--expose-gc"))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()
	defer context.AfterFunc(ctx, cancelTab)()

	var problems chromium.Problems
	if err := chromedp.Listen(tabCtx, problems.Watch); err != nil {
		return pageResult{}, fmt.Errorf("starting %s: %w", path, err)
	}
	version, err := chromedp.CallBrowser(tabCtx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return pageResult{}, fmt.Errorf("starting %s: %w", path, err)
	}
	if err := chromedp.Do(tabCtx, chromedp.Navigate(url)); err != nil {
		return pageResult{}, fmt.Errorf("opening %s: %w", url, err)
	}
	// Measure the page as a user's page runs: no DevTools domain observing
	// its traffic. The count of Network events proves it (it must stay 0).
	if err := chromium.Unobserve(tabCtx); err != nil {
		return pageResult{}, err
	}
	var traffic chromium.TrafficEvents
	if err := chromedp.Listen(tabCtx, traffic.Watch); err != nil {
		return pageResult{}, err
	}
	arg, err := json.Marshal(cfg)
	if err != nil {
		return pageResult{}, err
	}
	// A string crosses back, decoded here with encoding/json: JSON.stringify
	// writes a failed round's NaN as null, which number reads back as NaN.
	if cfg.cpuProfiles != "" {
		if _, err := chromedp.Call(tabCtx, profiler.Enable, cdp.Empty{}); err != nil {
			return pageResult{}, err
		}
		if _, err := chromedp.Call(tabCtx, profiler.Start, cdp.Empty{}); err != nil {
			return pageResult{}, err
		}
	}
	// The CPU time of Chromium's processes, if chromedp started them.
	sample := func() map[int]threadCPU { return nil }
	if process := chromedp.FromContext(tabCtx).Browser.Process(); process != nil {
		sample = func() map[int]threadCPU { return cpuSample(process.Pid) }
	}
	cpuBefore, start := sample(), time.Now()
	text, err := chromedp.Run(tabCtx, chromedp.Evaluate[string](
		"browserwsBench.run("+string(arg)+").then(JSON.stringify)", chromedp.EvalAwaitPromise))
	if err != nil {
		return pageResult{}, fmt.Errorf("running the benchmark page: %w", err)
	}
	pageSeconds, cpuAfter := time.Since(start).Seconds(), sample()
	if cfg.cpuProfiles != "" {
		if err := writeChromiumProfile(tabCtx, filepath.Join(cfg.cpuProfiles, "chromium.cpuprofile")); err != nil {
			return pageResult{}, err
		}
	}
	out := pageResult{Engine: "chromium", Version: chromiumVersion(version.Product)}
	if out.CPU = cpuShares(cpuBefore, cpuAfter); out.CPU != nil {
		out.PageSeconds = pageSeconds
	}
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		return pageResult{}, fmt.Errorf("reading the benchmark page's result: %w", err)
	}
	for _, problem := range problems.List() {
		out.Errors = append(out.Errors, "page: "+problem)
	}
	events := traffic.Count()
	out.NetworkEvents = &events
	if events != 0 {
		out.Errors = append(out.Errors, fmt.Sprintf("DevTools reported %d Network events: the page was observed", events))
	}
	return out, nil
}

// writeChromiumProfile stops the page's CPU profiler and writes its profile
// to path.
func writeChromiumProfile(ctx context.Context, path string) error {
	result, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		return fmt.Errorf("stopping the profiler: %w", err)
	}
	data, err := json.Marshal(result.Profile)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
