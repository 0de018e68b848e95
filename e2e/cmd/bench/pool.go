package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
)

// poolReports reads the reports at paths, written by earlier runs, and
// joins their rounds engine by engine, so that the ratios and their
// intervals (see medianInterval) rest on all of them: five rounds bound a
// median only by their lowest and highest. The runs must have echoed
// messages of one size with one window, and an engine must have run the
// same measurements, each with the same iterations, in every report that
// has it; sizes are left out, and an error said twice is kept once.
func poolReports(paths []string) (*Report, error) {
	var pooled *Report
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var r Report
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if pooled == nil {
			pooled = &Report{Machine: r.Machine, Config: r.Config, Errors: []string{}}
		} else if r.Config.Size != pooled.Config.Size || r.Config.Window != pooled.Config.Window {
			return nil, fmt.Errorf("%s: its echo settings differ from %s's", path, paths[0])
		} else if r.Config.Messages != pooled.Config.Messages {
			pooled.Config.Messages = 0 // each engine's measurements say
		}
		pooled.Machine.LoadAfter = r.Machine.LoadAfter
		pooled.Errors = joined(pooled.Errors, r.Errors)
		for _, run := range r.Runs {
			i := slices.IndexFunc(pooled.Runs, func(p Run) bool { return p.Engine == run.Engine })
			if i < 0 {
				first := Run{Engine: run.Engine, Version: run.Version, GC: true, Errors: []string{}}
				if run.NetworkEvents != nil {
					first.NetworkEvents = new(int64)
				}
				pooled.Runs = append(pooled.Runs, first)
				i = len(pooled.Runs) - 1
			}
			if err := pooled.Runs[i].join(run); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
	}
	if pooled == nil {
		return nil, fmt.Errorf("no report to pool")
	}
	pooled.Config.Rounds = 0
	for i := range pooled.Runs {
		pooled.Runs[i].summarize()
		for _, m := range pooled.Runs[i].Measurements {
			pooled.Config.Rounds = max(pooled.Config.Rounds, len(m.MS))
		}
	}
	return pooled, nil
}

// join adds the rounds of run, the same engine's, to p's.
func (p *Run) join(run Run) error {
	if run.Version != p.Version {
		return fmt.Errorf("%s %s, not %s", run.Engine, run.Version, p.Version)
	}
	p.GC = p.GC && run.GC
	if run.NetworkEvents == nil || p.NetworkEvents == nil {
		p.NetworkEvents = nil
	} else {
		events := *p.NetworkEvents + *run.NetworkEvents
		p.NetworkEvents = &events
	}
	p.CPU = addShares(p.CPU, run.CPU)
	p.PageSeconds += run.PageSeconds
	p.Errors = joined(p.Errors, run.Errors)
	if len(p.Measurements) > 0 && !slices.EqualFunc(p.Measurements, run.Measurements, func(q, m Measurement) bool { return q.Name == m.Name }) {
		return fmt.Errorf("%s: other measurements than the report before", run.Engine)
	}
	for _, m := range run.Measurements {
		i := slices.IndexFunc(p.Measurements, func(q Measurement) bool { return q.Name == m.Name })
		if i < 0 {
			p.Measurements = append(p.Measurements, Measurement{Name: m.Name, Iterations: m.Iterations})
			i = len(p.Measurements) - 1
		}
		q := &p.Measurements[i]
		if q.Iterations != m.Iterations {
			return fmt.Errorf("%s %s: %d iterations a round, not %d", run.Engine, m.Name, m.Iterations, q.Iterations)
		}
		q.MS = append(q.MS, m.MS...)
		q.Entries = append(q.Entries, padded(m.Entries, len(m.MS))...)
		q.Calls = append(q.Calls, padded(m.Calls, len(m.MS))...)
		q.InGo = append(q.InGo, padded(m.InGo, len(m.MS))...)
	}
	return nil
}

// padded returns counts with NaN for the rounds it lacks up to n, so that
// the rounds of joined reports stay aligned.
func padded(counts []number, n int) []number {
	out := slices.Clone(counts)
	for len(out) < n {
		out = append(out, number(math.NaN()))
	}
	return out[:n]
}

// joined adds to errs those of more it lacks.
func joined(errs, more []string) []string {
	for _, e := range more {
		if !slices.Contains(errs, e) {
			errs = append(errs, e)
		}
	}
	return errs
}
