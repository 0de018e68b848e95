package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// writeTable prints the report for a person: the ratios of every engine
// side by side, the entries into Go per echoed message, then each engine's
// rounds and measurements, the sizes and any error.
func writeTable(w io.Writer, r *Report) {
	m := r.Machine
	fmt.Fprintf(w, "machine: %d CPUs, %s; %s; load average %s at the start, %s at the end\n", m.CPUs, m.CPU, m.Go, m.LoadBefore, m.LoadAfter)
	c := r.Config
	messages := strconv.Itoa(c.Messages)
	if c.Messages == 0 {
		messages = "(see each engine's measurements)"
	}
	fmt.Fprintf(w, "median of %d rounds (after a warm-up round); close loops %d calls (%d where close throws); echo %s messages of %d bytes, %d in flight\n",
		c.Rounds, c.CloseIterations, c.ThrowIterations, messages, c.Size, c.Window)
	for _, run := range r.Runs {
		fmt.Fprintf(w, "%s %s: %s\n", run.Engine, run.Version, runNote(run))
	}
	for _, s := range r.Skipped {
		fmt.Fprintln(w, "skipped: "+s)
	}
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "ratio (median of the rounds, and the interval that holds it)")
	for _, run := range r.Runs {
		fmt.Fprint(tw, "\t"+run.Engine)
	}
	fmt.Fprintln(tw, "\ttarget\tverdict")
	for i, spec := range ratioSpecs {
		fmt.Fprint(tw, spec.label)
		var verdicts []string
		for _, run := range r.Runs {
			if !run.measured(spec.numerator) || !run.measured(spec.denominator) {
				fmt.Fprint(tw, "\t—")
				continue
			}
			ratio := run.Ratios[i]
			fmt.Fprintf(tw, "\t%s× (%s–%s)", short(float64(ratio.Median)), short(float64(ratio.Low)), short(float64(ratio.High)))
			if ratio.Verdict != "" {
				verdicts = append(verdicts, run.Engine+" "+ratio.Verdict)
			}
		}
		target := "—"
		if spec.target != nil {
			target = spec.target.String()
		}
		fmt.Fprintf(tw, "\t%s\t%s\n", target, strings.Join(verdicts, ", "))
	}
	tw.Flush()
	fmt.Fprintln(w, intervalNote(r.Runs))

	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "per message (median): entries into Go / calls from Go into JavaScript / µs in Go")
	for _, run := range r.Runs {
		fmt.Fprint(tw, "\t"+run.Engine)
	}
	fmt.Fprintln(tw, "\t")
	for _, name := range echoNames(r.Runs) {
		fmt.Fprint(tw, name)
		for _, run := range r.Runs {
			counts := "—"
			for _, m := range run.Measurements {
				if m.Name == name {
					counts = short(float64(m.EntriesPerOp)) + " / " + short(float64(m.CallsPerOp)) + " / " + short(float64(m.InGoPerOp)/1e3)
				}
			}
			fmt.Fprint(tw, "\t"+counts)
		}
		fmt.Fprintln(tw, "\t")
	}
	tw.Flush()

	for _, run := range r.Runs {
		fmt.Fprintf(w, "\n%s %s, round by round:\n", run.Engine, run.Version)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ratio\tmedian\trounds")
		for i, ratio := range run.Ratios {
			if !run.measured(ratioSpecs[i].numerator) || !run.measured(ratioSpecs[i].denominator) {
				continue
			}
			var rounds []string
			for _, x := range ratio.Rounds {
				rounds = append(rounds, short(float64(x)))
			}
			fmt.Fprintf(tw, "%s\t%s×\t%s\n", ratio.Label, short(float64(ratio.Median)), strings.Join(rounds, " "))
		}
		tw.Flush()
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "measurement\tper call or message\tper second\tentries into Go per op\tcalls into JavaScript per op\tin Go per op\t")
		for _, m := range run.Measurements {
			perOp := float64(m.PerOp)
			fmt.Fprintf(tw, "%s\t%s ns\t%s\t%s\t%s\t%s ns\t\n", m.Name, short(perOp), thousands(int64(math.Round(1e9/perOp))), short(float64(m.EntriesPerOp)), short(float64(m.CallsPerOp)), short(float64(m.InGoPerOp)))
		}
		tw.Flush()
		writeCPU(w, run)
	}

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

	if errs := r.allErrors(); len(errs) > 0 {
		fmt.Fprintln(w, "\nerrors:")
		for _, e := range errs {
			fmt.Fprintln(w, "  "+e)
		}
	}
}

// intervalNote says what the intervals of the ratio table are, and how
// sure each engine's are.
func intervalNote(runs []Run) string {
	var sure []string
	for _, run := range runs {
		for _, ratio := range run.Ratios {
			if !math.IsNaN(float64(ratio.Confidence)) {
				sure = append(sure, fmt.Sprintf("%s %d rounds, %.1f %%", run.Engine, len(ratio.Rounds), 100*float64(ratio.Confidence)))
				break
			}
		}
	}
	return "Each interval runs from the k-th lowest to the k-th highest round and holds the median with the probability given here,\n" +
		"whatever the rounds' distribution (" + strings.Join(sure, "; ") + "). A verdict is met or not met only when the\n" +
		"whole interval is on one side of the target; out of reach when the API floor's interval misses the target too.\n" +
		"More rounds narrow the intervals: -rounds, or -pool to join the reports of several runs."
}

// runNote says how an engine ran: observed or not, heaps collected or not.
func runNote(run Run) string {
	var notes []string
	switch run.Engine {
	case "chromium":
		events := int64(-1)
		if run.NetworkEvents != nil {
			events = *run.NetworkEvents
		}
		notes = append(notes, fmt.Sprintf("headless, unobserved (DevTools Network off after load; Network events while measuring: %d)", events))
	case "firefox":
		notes = append(notes, "headless, WebDriver BiDi, echo only")
	case "node":
		notes = append(notes, "undici, e2e/node/bench.js")
	}
	if run.GC {
		notes = append(notes, "both heaps collected before each measurement")
	} else {
		notes = append(notes, "no gc(): only Go's heap collected before each measurement")
	}
	return strings.Join(notes, "; ")
}

// echoNames are the echo measurements of any run, in the first order seen.
func echoNames(runs []Run) []string {
	var names []string
	for _, run := range runs {
		for _, m := range run.Measurements {
			if strings.HasPrefix(m.Name, "echo-") && !slices.Contains(names, m.Name) {
				names = append(names, m.Name)
			}
		}
	}
	return names
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

// writeCPU prints where the CPU time went while the run's page ran, if
// it was measured.
func writeCPU(w io.Writer, run Run) {
	if len(run.CPU) == 0 {
		return
	}
	total := 0.0
	for _, c := range run.CPU {
		total += c.Seconds
	}
	fmt.Fprintf(w, "CPU time while the page ran (%.1f s, warm-up included; %.2f cores busy on average):\n", run.PageSeconds, total/run.PageSeconds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range run.CPU {
		fmt.Fprintf(tw, "  %s\t%6.2f s\n", c.Where, c.Seconds)
	}
	tw.Flush()
}
