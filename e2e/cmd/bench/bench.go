package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gowasm/browserws/e2e/browser"
)

// Config is one run's settings.
type Config struct {
	Rounds int `json:"rounds"` // kept rounds, after one warm-up round
	// CloseIterations are the calls per round of the cheap close loops;
	// ThrowIterations those of the loops where the native close throws,
	// which cost microseconds each.
	CloseIterations int  `json:"closeIterations"`
	ThrowIterations int  `json:"throwIterations"`
	Messages        int  `json:"messages"` // per echo run
	Window          int  `json:"window"`   // echo messages in flight
	Size            int  `json:"size"`     // bytes per echo message
	Sizes           bool `json:"sizes"`    // build and measure the size programs
	// Only keeps the measurements whose names match this regular
	// expression; the ratios of the others are then missing.
	Only string `json:"only,omitempty"`
	// Engines are where the measurements run, in this order: "chromium"
	// and "firefox" (headless, the page), "node" (undici). Firefox runs
	// the echo measurements only.
	Engines []string `json:"engines"`
	// CPUProfiles, if set, is a directory (made if missing) where Chromium
	// and Node.js each write a V8 CPU profile of their whole run
	// (.cpuprofile, which Chrome's DevTools open). The profiler's sampling
	// slows both: the numbers of such a run are for comparing its
	// measurements, not for reporting.
	CPUProfiles string `json:"cpuProfiles,omitempty"`
}

// engines are the engines a run can name, in the order they run.
var engines = []string{"chromium", "node", "firefox"}

// firefoxSubset is what Firefox runs: the echo comparison.
const firefoxSubset = "^echo-"

// defaultConfig is make bench's: about three minutes on two cores.
var defaultConfig = Config{
	Rounds:          5,
	CloseIterations: 100_000,
	ThrowIterations: 10_000,
	Messages:        10_000,
	Window:          16,
	Size:            1024,
	Sizes:           true,
	Engines:         engines,
}

// bench builds the programs, serves the page, runs it in each engine and
// returns the report. Errors inside the page are in the report; an error
// here means there is nothing to report.
func bench(ctx context.Context, cfg Config) (*Report, error) {
	mod, err := findModule(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.CPUProfiles != "" {
		// Made up front: a missing directory would fail the run only after
		// the first engine had run.
		if err := os.MkdirAll(cfg.CPUProfiles, 0o755); err != nil {
			return nil, err
		}
	}
	tmp, err := os.MkdirTemp("", "browserws-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	f := files{
		wasmExec:  mod.wasmExecJS(),
		benchWasm: filepath.Join(tmp, "bench.wasm"),
		shimWasm:  filepath.Join(tmp, "shim.wasm"),
	}
	builds := []build{
		{pkg: "./wasm/bench", out: f.benchWasm, flags: []string{"-trimpath"}},
		{pkg: "./wasm/shim", out: f.shimWasm, flags: []string{"-trimpath"}},
	}
	if cfg.Sizes {
		builds = append(builds, sizeBuilds(tmp)...)
	}
	if err := mod.buildAll(ctx, builds); err != nil {
		return nil, err
	}
	srv, err := startServer(f)
	if err != nil {
		return nil, err
	}
	defer srv.Close()

	page := pageConfig{
		WSURL:           srv.WSURL(),
		Rounds:          cfg.Rounds,
		CloseIterations: cfg.CloseIterations,
		ThrowIterations: cfg.ThrowIterations,
		Messages:        cfg.Messages,
		Window:          cfg.Window,
		Size:            cfg.Size,
		Only:            cfg.Only,
		cpuProfiles:     cfg.CPUProfiles,
	}
	report := &Report{Machine: thisMachine(), Config: cfg, Errors: []string{}}
	for _, engine := range cfg.Engines {
		var result pageResult
		switch engine {
		case "chromium":
			result, err = runChromium(ctx, srv.URL+"/bench.html", page)
		case "node":
			result, err = runNode(ctx, mod, f, page)
		case "firefox":
			if missing := browser.Available("firefox"); missing != nil {
				report.Skipped = append(report.Skipped, missing.Error())
				continue
			}
			firefox := page
			firefox.Subset = firefoxSubset
			result, err = runFirefox(ctx, srv.URL+"/bench.html", firefox)
		default:
			err = fmt.Errorf("no engine %q (there are %q)", engine, engines)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", engine, err)
		}
		report.Runs = append(report.Runs, newRun(result))
	}
	report.Machine.LoadAfter = loadAverage()
	if cfg.Sizes {
		if report.Sizes, err = measureSizes(ctx, tmp); err != nil {
			return nil, err
		}
		report.SizeDiffs = sizeDiffs(report.Sizes)
	}
	return report, nil
}
