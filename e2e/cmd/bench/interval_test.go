package main

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMedianInterval checks the order statistics and their confidence
// against the binomial tails, worked out by hand: with n rounds, the
// interval from the k-th lowest to the k-th highest misses the median
// with probability 2·P(Binomial(n, ½) ≤ k−1).
func TestMedianInterval(t *testing.T) {
	tests := []struct {
		n, k       int
		confidence float64
	}{
		{1, 1, 0},
		{3, 1, 1 - 2.0/8},
		{5, 1, 1 - 2.0/32},
		{6, 1, 1 - 2.0/64},
		{10, 2, 1 - 2*(1+10)/1024.0},
		{20, 6, 1 - 2*(1+20+190+1140+4845+15504)/float64(1<<20)},
		{30, 10, 1 - 2*(1+30+435+4060+27405+142506+593775+2035800+5852925+14307150)/float64(1<<30)},
	}
	for _, tt := range tests {
		// Rounds 1..n in a random order: the k-th lowest is k.
		rounds := make([]number, tt.n)
		for i, p := range rand.Perm(tt.n) {
			rounds[i] = number(p + 1)
		}
		low, high, confidence := medianInterval(rounds)
		assert.Equal(t, number(tt.k), low, "n %d", tt.n)
		assert.Equal(t, number(tt.n-tt.k+1), high, "n %d", tt.n)
		assert.InDelta(t, tt.confidence, float64(confidence), 1e-12, "n %d", tt.n)
		if tt.n >= 6 {
			assert.GreaterOrEqual(t, float64(confidence), intervalConfidence, "n %d", tt.n)
		}
	}

	for _, rounds := range [][]number{nil, {1, number(math.NaN()), 3}} {
		low, high, confidence := medianInterval(rounds)
		assert.True(t, math.IsNaN(float64(low)) && math.IsNaN(float64(high)) && math.IsNaN(float64(confidence)), "%v", rounds)
	}
}

func TestVerdict(t *testing.T) {
	atLeast := &Target{AtLeast: true, Bound: 0.9}
	atMost := &Target{Bound: 1.1}
	nan := number(math.NaN())
	tests := []struct {
		name  string
		ratio Ratio
		floor *Ratio
		want  string
	}{
		{"reference", Ratio{Low: 0.5, High: 0.6}, nil, ""},
		{"all above", Ratio{Low: 0.91, High: 0.95, Target: atLeast}, nil, verdictMet},
		{"on the bound counts", Ratio{Low: 0.9, High: 0.95, Target: atLeast}, nil, verdictMet},
		{"all below", Ratio{Low: 0.8, High: 0.89, Target: atLeast}, nil, verdictNotMet},
		{"straddles", Ratio{Low: 0.85, High: 0.93, Target: atLeast}, nil, verdictUndecided},
		{"straddles, floor below", Ratio{Low: 0.85, High: 0.93, Target: atLeast}, &Ratio{Low: 0.86, High: 0.89}, verdictOutOfReach},
		{"below, floor below", Ratio{Low: 0.8, High: 0.85, Target: atLeast}, &Ratio{Low: 0.86, High: 0.89}, verdictOutOfReach},
		{"below, floor straddles", Ratio{Low: 0.8, High: 0.85, Target: atLeast}, &Ratio{Low: 0.86, High: 0.95}, verdictNotMet},
		{"met, floor below", Ratio{Low: 0.91, High: 0.95, Target: atLeast}, &Ratio{Low: 0.8, High: 0.85}, verdictMet},
		{"floor failed", Ratio{Low: 0.8, High: 0.85, Target: atLeast}, &Ratio{Low: nan, High: nan}, verdictNotMet},
		{"at most, met", Ratio{Low: 1.0, High: 1.1, Target: atMost}, nil, verdictMet},
		{"at most, straddles", Ratio{Low: 1.0, High: 1.2, Target: atMost}, nil, verdictUndecided},
		{"at most, not met", Ratio{Low: 1.2, High: 1.3, Target: atMost}, nil, verdictNotMet},
		{"a failed round", Ratio{Low: nan, High: nan, Target: atLeast}, nil, verdictNoResult},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, verdict(tt.ratio, tt.floor), tt.name)
	}
}

// TestFloorsShareTheBaseline: a floor bounds a target only if both are
// over the same baseline.
func TestFloorsShareTheBaseline(t *testing.T) {
	for _, spec := range ratioSpecs {
		if spec.floor == "" {
			continue
		}
		require.NotNil(t, spec.target, spec.key)
		i := 0
		for i < len(ratioSpecs) && ratioSpecs[i].key != spec.floor {
			i++
		}
		require.Less(t, i, len(ratioSpecs), "%s: no floor %s", spec.key, spec.floor)
		assert.Equal(t, spec.numerator, ratioSpecs[i].numerator, spec.key)
		assert.Nil(t, ratioSpecs[i].target, spec.key)
	}
}

func TestPoolReports(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, r Report) string {
		data, err := json.Marshal(r)
		require.NoError(t, err)
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, data, 0o644))
		return path
	}
	report := func(version string, jsMS, bwsMS []number, iterations int) Report {
		return Report{
			Config: Config{Rounds: len(jsMS), Messages: iterations, Size: 1024, Window: 16},
			Runs: []Run{{Engine: "node", Version: version, GC: true, Errors: []string{"same"}, Measurements: []Measurement{
				{Name: "echo-binary/js", Iterations: iterations, MS: jsMS},
				{Name: "echo-binary/browserws", Iterations: iterations, MS: bwsMS, Entries: []number{10, 20}},
			}}},
			Errors: []string{},
		}
	}
	a := write("a.json", report("v20", []number{9, 9}, []number{10, 10}, 100))
	b := write("b.json", report("v20", []number{8, 8, 8}, []number{10, 10, 10}, 100))

	pooled, err := poolReports([]string{a, b})
	require.NoError(t, err)
	assert.Equal(t, 5, pooled.Config.Rounds)
	require.Len(t, pooled.Runs, 1)
	run := pooled.Runs[0]
	assert.Equal(t, []string{"same"}, run.Errors)
	require.Len(t, run.Measurements, 2)
	assert.Equal(t, []number{10, 10, 10, 10, 10}, run.Measurements[1].MS)
	assert.Len(t, run.Measurements[1].Entries, 5, "rounds without counts are padded")
	ratio := run.Ratios[4]
	require.Equal(t, "echo-binary-vs-js", ratio.Key)
	assert.Equal(t, []number{0.9, 0.9, 0.8, 0.8, 0.8}, ratio.Rounds)
	assert.Equal(t, number(0.8), ratio.Median)
	assert.Equal(t, number(0.8), ratio.Low)
	assert.Equal(t, number(0.9), ratio.High)
	assert.Equal(t, verdictUndecided, ratio.Verdict)

	for name, bad := range map[string]Report{
		"other iterations":   report("v20", []number{9}, []number{10}, 200),
		"another version":    report("v21", []number{9}, []number{10}, 100),
		"other measurements": {Config: Config{Size: 1024, Window: 16}, Runs: []Run{{Engine: "node", Version: "v20", Measurements: []Measurement{{Name: "echo-binary/js", Iterations: 100, MS: []number{9}}}}}},
		"another size":       {Config: Config{Size: 64, Window: 16}},
	} {
		_, err := poolReports([]string{a, write("bad.json", bad)})
		assert.Error(t, err, name)
	}
	_, err = poolReports(nil)
	assert.Error(t, err)
}
