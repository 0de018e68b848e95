package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBenchSmoke runs the whole benchmark with tiny counts: every program
// builds, the page runs every measurement without an error, and every
// ratio and size comes out as a finite number. It asserts no timing: a
// benchmark never fails on a number.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds six wasm programs and starts Chromium")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cfg := Config{Rounds: 2, CloseIterations: 50, ThrowIterations: 5, Messages: 20, Window: 4, Size: 64, Sizes: true}
	report, err := bench(ctx, cfg)
	require.NoError(t, err)
	assert.Empty(t, report.Errors, "the page reported errors")

	names := map[string]bool{}
	for _, m := range report.Measurements {
		names[m.Name] = true
		assert.Len(t, m.MS, cfg.Rounds, m.Name)
		assert.True(t, finite(float64(m.PerOp)), "%s: %v ns per op", m.Name, m.PerOp)
	}
	require.Len(t, report.Ratios, len(ratioSpecs))
	for i, r := range report.Ratios {
		assert.Equal(t, ratioSpecs[i].key, r.Key)
		assert.True(t, names[r.Numerator] && names[r.Denominator], "%s: measurements %s and %s", r.Key, r.Numerator, r.Denominator)
		assert.Len(t, r.Rounds, cfg.Rounds, r.Key)
		assert.True(t, finite(float64(r.Median)) && r.Median > 0, "%s: %v", r.Key, r.Median)
		assert.Equal(t, r.Target != nil, r.Met != nil, r.Key)
	}
	require.Len(t, report.Sizes, len(sizePrograms))
	for _, s := range report.Sizes {
		assert.Positive(t, s.Stripped, s.Program)
		assert.Positive(t, s.Gzip, s.Program)
		assert.Less(t, s.Gzip, s.Stripped, s.Program)
	}
	assert.NotEmpty(t, report.SizeDiffs)
	assert.NotEmpty(t, report.Machine.Chromium)

	// The JSON report reads back with the same ratios, and the table names
	// every one of them.
	path := filepath.Join(t.TempDir(), "bench.json")
	require.NoError(t, writeJSON(path, report))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var back Report
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, report.Ratios, back.Ratios)
	var table bytes.Buffer
	writeTable(&table, report)
	for _, r := range report.Ratios {
		assert.Contains(t, table.String(), r.Label)
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
