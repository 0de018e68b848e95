package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// writeTable prints the report for a person: the ratios first, then the
// measurements behind them, the sizes and any error.
func writeTable(w io.Writer, r *Report) {
	m := r.Machine
	fmt.Fprintf(w, "machine: %d CPUs, %s; %s; Chromium %s\n", m.CPUs, m.CPU, m.Go, m.Chromium)
	c := r.Config
	fmt.Fprintf(w, "median of %d rounds (after a warm-up round); close loops %d calls (%d where close throws); echo %d messages of %d bytes, %d in flight\n",
		c.Rounds, c.CloseIterations, c.ThrowIterations, c.Messages, c.Size, c.Window)
	fmt.Fprintf(w, "unobserved: DevTools Network off after load; Network events while measuring: %d\n\n", r.NetworkEvents)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ratio\tmedian\trounds\ttarget\tmet")
	for _, ratio := range r.Ratios {
		var rounds []string
		for _, x := range ratio.Rounds {
			rounds = append(rounds, short(float64(x)))
		}
		target, met := "—", "—"
		if ratio.Target != nil {
			target, met = ratio.Target.String(), yesNo(*ratio.Met)
		}
		fmt.Fprintf(tw, "%s\t%s×\t%s\t%s\t%s\n", ratio.Label, short(float64(ratio.Median)),
			strings.Join(rounds, " "), target, met)
	}
	tw.Flush()

	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "measurement\tper call or message\tper second\t")
	for _, m := range r.Measurements {
		perOp := float64(m.PerOp)
		fmt.Fprintf(tw, "%s\t%s ns\t%s\t\n", m.Name, short(perOp), thousands(int64(math.Round(1e9/perOp))))
	}
	tw.Flush()

	if len(r.Sizes) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "program (-trimpath -ldflags=\"-s -w\")\tstripped\tgzip -9\t")
		for _, s := range r.Sizes {
			fmt.Fprintf(tw, "wasm/%s: %s\t%s\t%s\t\n", s.Program, s.Label, thousands(s.Stripped), thousands(s.Gzip))
		}
		for _, d := range r.SizeDiffs {
			target := ""
			if d.Met != nil {
				target = "  target ≤ " + thousands(d.Bound) + ": " + yesNo(*d.Met)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.Label, signed(d.Stripped), signed(d.Gzip), target)
		}
		tw.Flush()
	}

	if len(r.Errors) > 0 {
		fmt.Fprintln(w, "\nerrors:")
		for _, e := range r.Errors {
			fmt.Fprintln(w, "  "+e)
		}
	}
}

// short writes x with three significant digits, or in full above 1000.
func short(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "n/a"
	}
	if math.Abs(x) >= 1000 {
		return thousands(int64(math.Round(x)))
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

func signed(n int64) string {
	if n >= 0 {
		return "+" + thousands(n)
	}
	return thousands(n)
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}
