package main

import (
	"math"
	"slices"
)

// intervalConfidence is the least confidence medianInterval aims for.
const intervalConfidence = 0.95

// medianInterval bounds the median of the distribution the rounds xs were
// drawn from, assuming nothing of its shape: the interval from the k-th
// lowest to the k-th highest round holds the median unless at least
// n-k+1 rounds fall on one side of it, which has the probability of a
// fair coin's tosses (a binomial tail). k is the largest that keeps the
// confidence at intervalConfidence or above; with five rounds or fewer no
// k does, and the interval is the lowest to the highest round, with the
// confidence that has (15/16 for five rounds). A NaN round, a failed one,
// makes all three NaN.
func medianInterval(xs []number) (low, high, confidence number) {
	nan := number(math.NaN())
	n := len(xs)
	if n == 0 || slices.ContainsFunc(xs, func(x number) bool { return math.IsNaN(float64(x)) }) {
		return nan, nan, nan
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	k := 1
	for k+1 <= (n+1)/2 && 1-2*binomialTail(n, k) >= intervalConfidence {
		k++
	}
	return sorted[k-1], sorted[n-k], number(1 - 2*binomialTail(n, k-1))
}

// binomialTail is the probability that n tosses of a fair coin show heads
// at most j times.
func binomialTail(n, j int) float64 {
	sum := 0.0
	for i := 0; i <= j && i <= n; i++ {
		sum += math.Exp(logChoose(n, i) - float64(n)*math.Ln2)
	}
	return sum
}

func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// A ratio's verdict on its target, from its interval (see medianInterval)
// and, for a ratio with a floor, the floor's.
const (
	// verdictMet: the whole interval is on the target's side.
	verdictMet = "met"
	// verdictNotMet: none of it is.
	verdictNotMet = "not met"
	// verdictUndecided: the interval holds the target's bound; more
	// rounds may decide.
	verdictUndecided = "undecided"
	// verdictOutOfReach: not met, or undecided, and the floor's whole
	// interval is on the wrong side too: no client with the API reaches
	// the target on this machine.
	verdictOutOfReach = "out of reach"
	// verdictNoResult: a round failed.
	verdictNoResult = "no result"
)

// verdict judges ratio r against its target, and against the interval of
// its floor, if it has one (nil: none).
func verdict(r Ratio, floor *Ratio) string {
	t := r.Target
	switch {
	case t == nil:
		return ""
	case math.IsNaN(float64(r.Low)) || math.IsNaN(float64(r.High)):
		return verdictNoResult
	case t.Met(float64(r.Low)) && t.Met(float64(r.High)):
		return verdictMet
	case floor != nil && !math.IsNaN(float64(floor.Low)) && !t.Met(float64(floor.Low)) && !t.Met(float64(floor.High)):
		return verdictOutOfReach
	case !t.Met(float64(r.Low)) && !t.Met(float64(r.High)):
		return verdictNotMet
	}
	return verdictUndecided
}
