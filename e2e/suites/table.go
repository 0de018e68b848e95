package suites

import (
	"fmt"
	"strings"
)

// A key names one package under one runner.
type key struct{ pkg, runner string }

// markdownTable renders results as a table of packages by runners: pass or
// FAIL with go test's seconds in each cell, "(left out)" on a failure an
// entry allows, "—" where a runner did not run, and a last row of each
// runner's total seconds.
func markdownTable(pkgs []string, runners []runner, results map[key]result, entries []leftOut) string {
	var b strings.Builder
	b.WriteString("| package |")
	for _, r := range runners {
		b.WriteString(" " + r.title + " |")
	}
	b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(runners)) + "\n")
	totals := make([]float64, len(runners))
	for _, pkg := range pkgs {
		b.WriteString("| `" + pkg + "` |")
		for i, r := range runners {
			res, ok := results[key{pkg, r.name}]
			if !ok {
				b.WriteString(" — |")
				continue
			}
			totals[i] += res.seconds
			cell := fmt.Sprintf("pass %.1f s", res.seconds)
			if !res.passed {
				cell = fmt.Sprintf("FAIL %.1f s", res.seconds)
				if leftOutReason(entries, pkg, r.name) != "" {
					cell += " (left out)"
				}
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("| total |")
	for _, t := range totals {
		b.WriteString(fmt.Sprintf(" %.1f s |", t))
	}
	b.WriteString("\n")
	return b.String()
}
