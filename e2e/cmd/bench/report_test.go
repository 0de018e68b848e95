package main

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMedian(t *testing.T) {
	nan := number(math.NaN())
	tests := []struct {
		name string
		in   []number
		want number
	}{
		{"odd", []number{3, 1, 2}, 2},
		{"even", []number{4, 1, 3, 2}, 2.5},
		{"one", []number{7}, 7},
		{"a failed round shows", []number{1, nan, 2}, nan},
		{"none", nil, nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := median(tt.in)
			if math.IsNaN(float64(tt.want)) {
				assert.True(t, math.IsNaN(float64(got)), "got %v", got)
				return
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTarget(t *testing.T) {
	tests := []struct {
		target Target
		value  float64
		met    bool
		text   string
	}{
		{Target{AtLeast: true, Bound: 1000}, 1000, true, "≥ 1000"},
		{Target{AtLeast: true, Bound: 1000}, 999, false, "≥ 1000"},
		{Target{Bound: 1.1}, 1.05, true, "≤ 1.1"},
		{Target{Bound: 1.1}, 1.2, false, "≤ 1.1"},
		{Target{Bound: 3}, math.NaN(), false, "≤ 3"},
		{Target{Bound: 3}, math.Inf(-1), false, "≤ 3"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.met, tt.target.Met(tt.value), "%v %v", tt.target, tt.value)
		assert.Equal(t, tt.text, tt.target.String())
	}
}

// TestRatios divides per-operation times round by round, so that rounds
// of different lengths compare, and reports a missing measurement as NaN.
func TestRatios(t *testing.T) {
	ms := []Measurement{
		{Name: "close-invalid/go-api", Iterations: 1000, MS: []number{1, 2, 1}},   // 1, 2, 1 µs per call
		{Name: "close-invalid/js-native", Iterations: 100, MS: []number{5, 5, 4}}, // 50, 50, 40 µs per call
	}
	got := ratios(ms)
	require.Len(t, got, len(ratioSpecs))
	assert.Equal(t, []number{50, 25, 40}, got[0].Rounds)
	assert.Equal(t, number(40), got[0].Median)
	assert.False(t, *got[0].Met)
	assert.Equal(t, number(25), got[0].Low)
	assert.Equal(t, number(50), got[0].High)
	assert.Equal(t, verdictNotMet, got[0].Verdict)
	for _, r := range got[1:] {
		assert.True(t, math.IsNaN(float64(r.Median)), "%s without its measurements", r.Key)
	}
}

func TestNumberJSON(t *testing.T) {
	data, err := json.Marshal([]number{1.5, number(math.NaN()), number(math.Inf(1))})
	require.NoError(t, err)
	assert.JSONEq(t, `[1.5, null, null]`, string(data))
	var back []number
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, number(1.5), back[0])
	assert.True(t, math.IsNaN(float64(back[1])))
}

func TestSizeDiffs(t *testing.T) {
	sizes := []Size{
		{Program: "bare", Stripped: 1000, Gzip: 300},
		{Program: "ctxonly", Stripped: 1400, Gzip: 400},
		{Program: "minimal", Stripped: 1500, Gzip: 430},
		{Program: "coderminimal", Stripped: 4000, Gzip: 1000},
	}
	diffs := sizeDiffs(sizes)
	require.Len(t, diffs, 4)
	assert.Equal(t, SizeDiff{Label: diffs[0].Label, Stripped: 500, Gzip: 130, Bound: 100_000, Met: diffs[0].Met}, diffs[0])
	assert.True(t, *diffs[0].Met)
	assert.Equal(t, int64(100), diffs[2].Stripped, "browserws's own share: minimal over ctxonly")
	assert.Nil(t, diffs[2].Met)
}

func TestThousands(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 2465404: "2,465,404", -1234: "-1,234"} {
		assert.Equal(t, want, thousands(in))
	}
}

func TestChromiumVersion(t *testing.T) {
	assert.Equal(t, "156.0.8078.108", chromiumVersion("HeadlessChrome/156.0.8078.108"))
	assert.Equal(t, "Firefox", chromiumVersion("Firefox"))
}
