package main

import (
	"context"
	"os"
	"path/filepath"
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
}

// defaultConfig is make bench's: about a minute on two cores.
var defaultConfig = Config{
	Rounds:          5,
	CloseIterations: 100_000,
	ThrowIterations: 10_000,
	Messages:        10_000,
	Window:          16,
	Size:            1024,
	Sizes:           true,
}

// bench builds the programs, serves the page, runs it in Chromium and
// returns the report. Errors inside the page are in the report; an error
// here means there is nothing to report.
func bench(ctx context.Context, cfg Config) (*Report, error) {
	mod, err := findModule(ctx)
	if err != nil {
		return nil, err
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

	result, err := runPage(ctx, srv.URL+"/bench.html", pageConfig{
		WSURL:           srv.WSURL(),
		Rounds:          cfg.Rounds,
		CloseIterations: cfg.CloseIterations,
		ThrowIterations: cfg.ThrowIterations,
		Messages:        cfg.Messages,
		Window:          cfg.Window,
		Size:            cfg.Size,
		Only:            cfg.Only,
	})
	if err != nil {
		return nil, err
	}
	report := &Report{
		Machine:       thisMachine(result.Browser),
		Config:        cfg,
		Measurements:  result.Measurements,
		NetworkEvents: result.NetworkEvents,
		Errors:        append([]string{}, result.Errors...),
	}
	if !result.CrossOriginIsolated {
		report.Errors = append(report.Errors, "the page is not cross-origin isolated: its clock has 100 µs resolution")
	}
	if !result.GC {
		report.Errors = append(report.Errors, "the page has no gc(): Chromium did not take --js-flags=--expose-gc")
	}
	for i := range report.Measurements {
		m := &report.Measurements[i]
		perRound := make([]number, len(m.MS))
		for r := range m.MS {
			perRound[r] = number(perOp(*m, r))
		}
		m.PerOp = median(perRound)
	}
	report.Ratios = ratios(report.Measurements)
	if cfg.Sizes {
		if report.Sizes, err = measureSizes(ctx, tmp); err != nil {
			return nil, err
		}
		report.SizeDiffs = sizeDiffs(report.Sizes)
	}
	return report, nil
}
