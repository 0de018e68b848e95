package crosscheck

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
)

// WriteJSONL writes one Result a line.
func WriteJSONL(w io.Writer, results []Result) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range results {
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

// A GroupCount is how many vectors of one engine and group agreed.
type GroupCount struct {
	Engine, Group       string
	Agree, Known, Total int
}

// Group is the part of a vector's name before its first "/" ("wpt",
// "boundaries", "gen", ...).
func Group(name string) string {
	group, _, _ := strings.Cut(name, "/")
	return group
}

// Count tallies results by engine and group, in a stable order.
func Count(results []Result) []GroupCount {
	index := map[[2]string]*GroupCount{}
	var counts []*GroupCount
	for _, r := range results {
		key := [2]string{r.Engine, Group(r.Name)}
		c, ok := index[key]
		if !ok {
			c = &GroupCount{Engine: key[0], Group: key[1]}
			index[key] = c
			counts = append(counts, c)
		}
		c.Total++
		switch {
		case r.Agree:
			c.Agree++
		case r.Known != "":
			c.Known++
		}
	}
	slices.SortFunc(counts, func(a, b *GroupCount) int {
		return cmp.Or(cmp.Compare(a.Engine, b.Engine), cmp.Compare(a.Group, b.Group))
	})
	out := make([]GroupCount, len(counts))
	for i, c := range counts {
		out[i] = *c
	}
	return out
}

// WriteSummary prints a line per engine and group, the disagreements, and a
// last line "N/M agree".
func WriteSummary(w io.Writer, results []Result) (passed, total int) {
	agree, known := 0, 0
	for _, c := range Count(results) {
		line := fmt.Sprintf("%-9s %-12s %5d/%-5d agree", c.Engine, c.Group, c.Agree, c.Total)
		if c.Known > 0 {
			line += fmt.Sprintf(", %d known differences", c.Known)
		}
		fmt.Fprintln(w, line)
		agree += c.Agree
		known += c.Known
		total += c.Total
	}
	for _, r := range results {
		switch {
		case r.Agree:
		case r.Known != "":
			fmt.Fprintf(w, "KNOWN    %s %s %v: %s\n", r.Engine, r.Name, r.Diff, r.Known)
		default:
			fmt.Fprintf(w, "DISAGREE %s %s [%s] %v\n  script: %s\n  native: %s\n  shim:   %s\n",
				r.Engine, r.Name, r.State, r.Diff, r.Script, Describe(r.Native), Describe(r.Shim))
		}
	}
	if known > 0 {
		fmt.Fprintf(w, "%d/%d agree, %d known differences (each explained above), %d disagree\n", agree, total, known, total-agree-known)
	} else {
		fmt.Fprintf(w, "%d/%d agree\n", agree, total)
	}
	return agree + known, total
}

// Describe says what a run observed, in one line.
func Describe(o Observation) string {
	if o.SetupError != "" {
		return "set-up failed: " + o.SetupError
	}
	var parts []string
	if o.Exception == nil {
		parts = append(parts, "returned")
	} else {
		kind := "threw"
		if o.Exception.DOMException {
			kind = "threw DOMException"
		}
		parts = append(parts, kind+" "+o.Exception.Name+": "+o.Exception.Message)
	}
	parts = append(parts, "readyState "+ReadyStateName(o.ReadyState))
	if len(o.Log) > 0 {
		parts = append(parts, "log "+strings.Join(o.Log, ","))
	}
	if e := o.CloseEvent; e != nil {
		event := fmt.Sprintf("close event %d %q wasClean=%v", e.Code, e.Reason, e.WasClean)
		if o.cleanupEvent() {
			event += " " + cleanupNote
		}
		parts = append(parts, event)
	} else {
		parts = append(parts, "no close event")
	}
	if f := o.ServerFrame; f != nil {
		frame := fmt.Sprintf("server got %d %q", f.Code, f.Reason)
		if o.cleanupFrame() {
			frame += " " + cleanupNote
		}
		parts = append(parts, frame)
	} else {
		parts = append(parts, "server got no close frame")
	}
	if o.ValidatorMissed {
		parts = append(parts, "the Go validator accepted what native close refused")
	}
	return strings.Join(parts, " · ")
}

// cleanupNote marks the close event and frame of the harness's own close.
const cleanupNote = "(the harness's cleanup close: the call left the socket open)"

//go:embed report.html.tmpl
var reportTemplate string

var report = template.Must(template.New("report").Funcs(template.FuncMap{
	"describe":     Describe,
	"readyState":   ReadyStateName,
	"cleanupEvent": Observation.cleanupEvent,
	"cleanupFrame": Observation.cleanupFrame,
	"cleanupNote":  func() string { return cleanupNote },
	"differs": func(r Result, field string) bool {
		return slices.Contains(r.Diff, field)
	},
	"pair": func(r Result, o Observation) map[string]any {
		return map[string]any{"R": r, "O": o}
	},
	"stateName": stateName,
	"add":       func(a, b int) int { return a + b },
	"join":      func(list []string) string { return strings.Join(list, ", ") },
}).Parse(reportTemplate))

// WriteHTML writes a page that compares the engines' native answers (a
// count per engine and pair of engines, the vectors they answer
// differently, and a matrix of every vector's answer in every engine), then
// native against the shim: the summary and a table of every vector in
// every engine, disagreements first, differing observables highlighted.
func WriteHTML(w io.Writer, results []Result, title string) error {
	sorted := slices.Clone(results)
	slices.SortStableFunc(sorted, func(a, b Result) int {
		if a.Agree == b.Agree {
			return 0
		}
		if !a.Agree {
			return -1
		}
		return 1
	})
	agree := 0
	for _, r := range results {
		if r.Agree {
			agree++
		}
	}
	counts := Count(results)
	shimAgree := map[string]GroupCount{}
	for _, c := range counts {
		e := shimAgree[c.Engine]
		e.Engine, e.Agree, e.Known, e.Total = c.Engine, e.Agree+c.Agree, e.Known+c.Known, e.Total+c.Total
		shimAgree[c.Engine] = e
	}
	m := NewMatrix(results)
	differ, wordingOnly := m.Counts()
	return report.Execute(w, map[string]any{
		"Title": title, "Counts": counts, "Results": sorted,
		"Agree": agree, "Total": len(results),
		"Matrix": m, "EngineCounts": m.EngineCounts(), "ShimAgree": shimAgree,
		"Patterns": m.Patterns(), "DifferRows": m.Differing(),
		"Differ": differ, "WordingOnly": wordingOnly,
	})
}
