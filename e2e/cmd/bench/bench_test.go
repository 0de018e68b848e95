package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gowasm/browserws/e2e/browser"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBenchSmoke runs the whole benchmark with tiny counts in every
// engine: every program builds, each engine runs its measurements without
// an error (Firefox the echo ones), every ratio and size comes out as a
// finite number, and the entry counter counts: Go is entered during plain
// JavaScript's echo only by its runtime's own timers, at least once per
// message by the no-op reference, and at least once per batch (of at most
// window messages) by the floor echo.
// It asserts no timing: a benchmark never fails on a number.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds six wasm programs, starts Chromium, Node.js and Firefox")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
	defer cancel()
	cfg := Config{Rounds: 2, CloseIterations: 50, ThrowIterations: 5, Messages: 20, Window: 4, Size: 64, Sizes: true, Engines: engines}
	report, err := bench(ctx, cfg)
	require.NoError(t, err)
	assert.Empty(t, report.allErrors(), "the engines reported errors")

	ran := map[string]bool{}
	for _, run := range report.Runs {
		ran[run.Engine] = true
		assert.NotEmpty(t, run.Version, run.Engine)
		names := map[string]bool{}
		for _, m := range run.Measurements {
			names[m.Name] = true
			assert.Len(t, m.MS, cfg.Rounds, "%s %s", run.Engine, m.Name)
			assert.Len(t, m.Entries, cfg.Rounds, "%s %s", run.Engine, m.Name)
			assert.True(t, finite(float64(m.PerOp)), "%s %s: %v ns per op", run.Engine, m.Name, m.PerOp)
			assert.True(t, finite(float64(m.EntriesPerOp)), "%s %s: %v entries per op", run.Engine, m.Name, m.EntriesPerOp)
			assert.Len(t, m.Calls, cfg.Rounds, "%s %s", run.Engine, m.Name)
			assert.True(t, finite(float64(m.CallsPerOp)), "%s %s: %v calls per op", run.Engine, m.Name, m.CallsPerOp)
			assert.Len(t, m.InGo, cfg.Rounds, "%s %s", run.Engine, m.Name)
			assert.True(t, finite(float64(m.InGoPerOp)), "%s %s: %v ns in Go per op", run.Engine, m.Name, m.InGoPerOp)
			switch m.Name {
			case "echo-binary/js", "echo-text/js", "echo-binary/js-batched", "echo-text/js-batched":
				// Only the Go runtime's own timers resume it meanwhile.
				assert.Less(t, float64(m.EntriesPerOp), 0.5, "%s %s: plain JavaScript entered Go", run.Engine, m.Name)
			case "echo-binary/browserws", "echo-text/browserws":
				// Each message is sent from Go, at least.
				assert.GreaterOrEqual(t, float64(m.CallsPerOp), 1.0, "%s %s: calls into JavaScript per message", run.Engine, m.Name)
				assert.Greater(t, float64(m.InGoPerOp), 0.0, "%s %s: no time in Go", run.Engine, m.Name)
			case "echo-binary/js+go-noop":
				assert.GreaterOrEqual(t, float64(m.EntriesPerOp), 1.0, "%s: the no-op is called once per message", run.Engine)
			case "echo-binary/go-api-floor", "echo-text/go-api-floor":
				assert.GreaterOrEqual(t, float64(m.EntriesPerOp), 1/float64(cfg.Window), "%s %s: Go is entered once per batch", run.Engine, m.Name)
				// Each reply is sent from Go, after a readyState check.
				assert.GreaterOrEqual(t, float64(m.CallsPerOp), 1.0, "%s %s: calls into JavaScript per message", run.Engine, m.Name)
			case "echo-binary/go-floor", "echo-text/go-floor":
				assert.GreaterOrEqual(t, float64(m.EntriesPerOp), 1/float64(cfg.Window), "%s %s: Go is entered once per batch", run.Engine, m.Name)
				// Its two copies, at least, in each batch.
				assert.GreaterOrEqual(t, float64(m.CallsPerOp), 2/float64(cfg.Window), "%s %s: calls into JavaScript per message", run.Engine, m.Name)
			}
		}
		if run.Engine == "chromium" && runtime.GOOS == "linux" {
			// The page's renderer ran the page, and this process served it.
			parts := map[string]float64{}
			for _, c := range run.CPU {
				parts[c.Where] = c.Seconds
			}
			assert.Positive(t, parts[cpuPageMain], "CPU of the page's main thread: %v", run.CPU)
			assert.Positive(t, parts[cpuSelf], "CPU of this process: %v", run.CPU)
			assert.Positive(t, run.PageSeconds)
		} else {
			assert.Empty(t, run.CPU, run.Engine)
		}
		require.Len(t, run.Ratios, len(ratioSpecs))
		for i, r := range run.Ratios {
			assert.Equal(t, ratioSpecs[i].key, r.Key)
			if run.Engine == "firefox" && !strings.HasPrefix(r.Numerator, "echo-") {
				assert.False(t, names[r.Numerator], "firefox ran %s", r.Numerator)
				continue
			}
			assert.True(t, names[r.Numerator] && names[r.Denominator], "%s %s: measurements %s and %s", run.Engine, r.Key, r.Numerator, r.Denominator)
			assert.Len(t, r.Rounds, cfg.Rounds, r.Key)
			assert.True(t, finite(float64(r.Median)) && r.Median > 0, "%s %s: %v", run.Engine, r.Key, r.Median)
			assert.Equal(t, r.Target != nil, r.Met != nil, r.Key)
			assert.Equal(t, r.Target != nil, r.Verdict != "", r.Key)
			assert.True(t, r.Low <= r.Median && r.Median <= r.High, "%s %s: %v not in %v–%v", run.Engine, r.Key, r.Median, r.Low, r.High)
		}
	}
	assert.True(t, ran["chromium"] && ran["node"], "ran %v", ran)
	if browser.Available("firefox") == nil {
		assert.True(t, ran["firefox"], "Firefox is installed but did not run")
	} else {
		assert.NotEmpty(t, report.Skipped)
	}
	require.Len(t, report.Sizes, len(sizePrograms))
	for _, s := range report.Sizes {
		assert.Positive(t, s.Stripped, s.Program)
		assert.Positive(t, s.Gzip, s.Program)
		assert.Less(t, s.Gzip, s.Stripped, s.Program)
	}
	assert.NotEmpty(t, report.SizeDiffs)
	assert.NotEmpty(t, report.Machine.LoadBefore)

	// The JSON report reads back with the same ratios, and the table names
	// every one of them and every engine.
	path := filepath.Join(t.TempDir(), "bench.json")
	require.NoError(t, writeJSON(path, report))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var back Report
	require.NoError(t, json.Unmarshal(data, &back))
	require.Len(t, back.Runs, len(report.Runs))
	for i := range report.Runs {
		// Through JSON, as NaN (a ratio Firefox does not measure) equals
		// nothing.
		want, err := json.Marshal(report.Runs[i].Ratios)
		require.NoError(t, err)
		got, err := json.Marshal(back.Runs[i].Ratios)
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(got))
	}
	var table bytes.Buffer
	writeTable(&table, report)
	for _, spec := range ratioSpecs {
		assert.Contains(t, table.String(), spec.label)
	}
	for _, run := range report.Runs {
		assert.Contains(t, table.String(), run.Engine+" "+run.Version)
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
