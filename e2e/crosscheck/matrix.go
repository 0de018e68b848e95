package crosscheck

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An Outcome is a native run reduced to what engines are compared by: what
// the call did, not how the engine worded it. Engines answer a vector alike
// when their Outcomes are equal (==); the exception's message, which every
// engine words its own way by design, is left out.
type Outcome struct {
	// Exception is the name of what the script threw, "" if it returned.
	Exception string
	// DOMException reports that the thrown value was a DOMException.
	DOMException bool
	// ReadyState is the socket's right after the script.
	ReadyState int
	// Log is the script's log, comma-separated.
	Log string
	// LeftOpen reports that the call left the socket open, so that the
	// event and the frame are those of the harness's cleanup close.
	LeftOpen bool
	// Event is the close event, valid if HasEvent.
	Event    CloseEvent
	HasEvent bool
	// Frame is the close frame the server got, valid if HasFrame.
	Frame    Frame
	HasFrame bool
}

// OutcomeOf reduces a native observation to its Outcome.
func OutcomeOf(o Observation) Outcome {
	out := Outcome{ReadyState: o.ReadyState, Log: strings.Join(o.Log, ", "), LeftOpen: o.CleanupClose}
	if e := o.Exception; e != nil {
		out.Exception, out.DOMException = e.Name, e.DOMException
	}
	if o.CloseEvent != nil {
		out.Event, out.HasEvent = *o.CloseEvent, true
	}
	if o.ServerFrame != nil {
		out.Frame, out.HasFrame = *o.ServerFrame, true
	}
	return out
}

// Verdict is "accepted" when the call returned, and the exception's name
// otherwise.
func (o Outcome) Verdict() string {
	if o.Exception == "" {
		return "accepted"
	}
	return o.Exception
}

// After says in a few words what followed the call: the close event and
// the server's frame, or that the socket was left open (and which of the
// harness's cleanup close's event and frame did not come as they should).
func (o Outcome) After() string {
	event := "no close event"
	if o.HasEvent {
		clean := "clean"
		if !o.Event.WasClean {
			clean = "not clean"
		}
		event = "event " + strconv.Itoa(o.Event.Code) + shortReason(o.Event.Reason) + " " + clean
	}
	frame := "no frame"
	switch {
	case o.HasFrame && o.Frame.Code == 1005:
		frame = "frame without a body"
	case o.HasFrame:
		frame = "frame " + strconv.Itoa(o.Frame.Code) + shortReason(o.Frame.Reason)
	}
	if !o.LeftOpen {
		return event + ", " + frame
	}
	s := "left open"
	if !o.HasEvent || o.Event != (CloseEvent{WasClean: true, Code: CleanupCode, Reason: CleanupReason}) {
		s += ", then " + event
	}
	if !o.HasFrame || o.Frame != (Frame{Code: CleanupCode, Reason: CleanupReason}) {
		s += ", then " + frame
	}
	return s
}

// String is the outcome in one line: "InvalidAccessError · OPEN · left
// open", "accepted · CLOSING · event 1000 "bye" clean, frame 1000 "bye"".
func (o Outcome) String() string {
	s := o.Verdict()
	if o.DOMException {
		s = "DOMException " + s
	}
	s += " · " + stateName(o.ReadyState) + " · " + o.After()
	if o.Log != "" {
		s += " · log " + o.Log
	}
	return s
}

// stateName is "OPEN" for 1, and the bare number for a value that is no
// readyState.
func stateName(state int) string {
	if state >= 0 && state < len(ReadyStateNames) {
		return ReadyStateNames[state]
	}
	return strconv.Itoa(state)
}

// shortReason is "" for an empty reason and otherwise a space and the
// reason quoted, control and format characters escaped (a NUL, a U+FEFF);
// a reason of more than 20 characters is cut after 16, its length in bytes
// added.
func shortReason(reason string) string {
	if reason == "" {
		return ""
	}
	if utf8.RuneCountInString(reason) <= 20 {
		return " " + strconv.QuoteToGraphic(reason)
	}
	cut, n := reason, 0
	for i := range reason {
		if n == 16 {
			cut = reason[:i]
			break
		}
		n++
	}
	q := strconv.QuoteToGraphic(cut)
	return " " + q[:len(q)-1] + "…\" (" + strconv.Itoa(len(reason)) + " bytes)"
}

// A Cell is one engine's native answer to one vector.
type Cell struct {
	Engine string
	// Ran is false when the engine has no result for the vector.
	Ran bool
	// SetupError is the harness's, when it could not put the socket in
	// the vector's state: the engine gave no answer either.
	SetupError string
	Outcome    Outcome
	// Message is the exception's message, the engine's own words.
	Message string
	// ShimDiff is the Diff of the engine's Result: what its run through
	// the shim saw otherwise. A native answer that its own engine did not
	// repeat (a close event late under load, say) is one to doubt.
	ShimDiff []string
	// Group is the cell's outcome group in its row: cells of one group
	// answered alike, group 0 is the largest (on a tie, the one of the
	// leftmost engine), and -1 means no answer.
	Group int
	// Alone reports that no other engine in the row answered like this
	// one, while at least one other answered.
	Alone bool
}

// Answered reports whether the cell holds an answer to compare.
func (c Cell) Answered() bool { return c.Ran && c.SetupError == "" }

// A Row is one vector across the engines.
type Row struct {
	Name, State, Script string
	// Cells has one cell per engine of the Matrix, in its order.
	Cells []Cell
	// Differs names the parts of the outcome in which the engines that
	// answered differ ("exception", "readyState", "log", "cleanup",
	// "closeEvent", "serverFrame"); empty when they all answered alike.
	Differs []string
	// Wording reports that engines which threw the same exception worded
	// its message differently: shown, but not a difference.
	Wording bool
	// Incomplete reports that some engine gave no answer.
	Incomplete bool
	// Pattern is how the engines that answered split: the groups, largest
	// first, as "chromium, webkit ≠ firefox ≠ undici". It is "" when they
	// all answered alike.
	Pattern string
}

// Differ reports whether the engines answered the vector differently.
func (r Row) Differ() bool { return len(r.Differs) > 0 }

// A Matrix is each vector's native answer in every engine that ran it.
type Matrix struct {
	// Engines are the columns, in the order the results first name them.
	Engines []string
	// Rows are the vectors, in the order the results first name them.
	Rows []Row
}

// NewMatrix arranges results, any number of engines' runs of the same or
// of overlapping vector lists, into a Matrix. A vector is identified by its
// name; a second result of one name in one engine is ignored.
func NewMatrix(results []Result) Matrix {
	var m Matrix
	engineIndex := map[string]int{}
	rowIndex := map[string]int{}
	for _, r := range results {
		if _, ok := engineIndex[r.Engine]; !ok {
			engineIndex[r.Engine] = len(m.Engines)
			m.Engines = append(m.Engines, r.Engine)
		}
		if _, ok := rowIndex[r.Name]; !ok {
			rowIndex[r.Name] = len(m.Rows)
			m.Rows = append(m.Rows, Row{Name: r.Name, State: r.State, Script: r.Script})
		}
	}
	for i := range m.Rows {
		m.Rows[i].Cells = make([]Cell, len(m.Engines))
		for j, engine := range m.Engines {
			m.Rows[i].Cells[j] = Cell{Engine: engine, Group: -1}
		}
	}
	for _, r := range results {
		cell := &m.Rows[rowIndex[r.Name]].Cells[engineIndex[r.Engine]]
		if cell.Ran {
			continue
		}
		cell.Ran = true
		cell.SetupError = r.Native.SetupError
		cell.Outcome = OutcomeOf(r.Native)
		cell.ShimDiff = r.Diff
		if e := r.Native.Exception; e != nil {
			cell.Message = e.Message
		}
	}
	for i := range m.Rows {
		m.Rows[i].compare()
	}
	return m
}

// compare groups the row's cells by outcome and fills in what differs.
func (r *Row) compare() {
	var groups [][]int // cell indexes, by outcome
	for i, c := range r.Cells {
		if !c.Answered() {
			r.Incomplete = true
			continue
		}
		g := slices.IndexFunc(groups, func(g []int) bool { return r.Cells[g[0]].Outcome == c.Outcome })
		if g < 0 {
			groups = append(groups, nil)
			g = len(groups) - 1
		}
		groups[g] = append(groups[g], i)
	}
	// Largest first; a stable sort keeps the leftmost engine's first on a tie.
	slices.SortStableFunc(groups, func(a, b []int) int { return cmp.Compare(len(b), len(a)) })
	answered := 0
	for g, members := range groups {
		answered += len(members)
		for _, i := range members {
			r.Cells[i].Group = g
		}
	}
	for _, members := range groups {
		if len(members) == 1 && answered > 1 {
			r.Cells[members[0]].Alone = true
		}
	}
	if len(groups) > 1 {
		names := make([]string, len(groups))
		for g, members := range groups {
			engines := make([]string, len(members))
			for k, i := range members {
				engines[k] = r.Cells[i].Engine
			}
			names[g] = strings.Join(engines, ", ")
		}
		r.Pattern = strings.Join(names, " ≠ ")
		first := r.Cells[groups[0][0]].Outcome
		for _, members := range groups[1:] {
			for _, part := range outcomeParts(first, r.Cells[members[0]].Outcome) {
				if !slices.Contains(r.Differs, part) {
					r.Differs = append(r.Differs, part)
				}
			}
		}
		slices.SortFunc(r.Differs, func(a, b string) int {
			return cmp.Compare(slices.Index(partOrder, a), slices.Index(partOrder, b))
		})
	}
	// Wording: the same exception, in other words.
	messages := map[string]string{}
	for _, c := range r.Cells {
		if !c.Answered() || c.Outcome.Exception == "" {
			continue
		}
		if m, ok := messages[c.Outcome.Exception]; ok && m != c.Message {
			r.Wording = true
		}
		messages[c.Outcome.Exception] = c.Message
	}
}

// partOrder is the order of the parts of an outcome, as Row.Differs lists
// them: the observables' names of Result.Diff, and "cleanup".
var partOrder = []string{"exception", "readyState", "log", "cleanup", "closeEvent", "serverFrame"}

// outcomeParts names the parts in which a and b differ.
func outcomeParts(a, b Outcome) []string {
	var parts []string
	if a.Exception != b.Exception || a.DOMException != b.DOMException {
		parts = append(parts, "exception")
	}
	if a.ReadyState != b.ReadyState {
		parts = append(parts, "readyState")
	}
	if a.Log != b.Log {
		parts = append(parts, "log")
	}
	if a.LeftOpen != b.LeftOpen {
		parts = append(parts, "cleanup")
	}
	if a.HasEvent != b.HasEvent || a.Event != b.Event {
		parts = append(parts, "closeEvent")
	}
	if a.HasFrame != b.HasFrame || a.Frame != b.Frame {
		parts = append(parts, "serverFrame")
	}
	return parts
}

// Differing returns the rows where the engines answered differently, in
// blocks of one pattern and one list of differing parts: patterns by how
// many rows split the engines that way, most first, and within a pattern
// the blocks likewise; on a tie, and within a block, the matrix's order.
func (m Matrix) Differing() []Row {
	type tally struct{ count, first int }
	patterns := map[string]*tally{}
	blocks := map[string]*tally{}
	add := func(t map[string]*tally, key string, i int) {
		if t[key] == nil {
			t[key] = &tally{first: i}
		}
		t[key].count++
	}
	var rows []Row
	for i, r := range m.Rows {
		if r.Differ() {
			add(patterns, r.Pattern, i)
			add(blocks, r.block(), i)
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		pa, pb, ba, bb := patterns[a.Pattern], patterns[b.Pattern], blocks[a.block()], blocks[b.block()]
		return cmp.Or(cmp.Compare(pb.count, pa.count), cmp.Compare(pa.first, pb.first),
			cmp.Compare(bb.count, ba.count), cmp.Compare(ba.first, bb.first))
	})
	return rows
}

// block is the key of the row's block in Differing.
func (r Row) block() string { return r.Pattern + "\x00" + strings.Join(r.Differs, ",") }

// A PatternCount is how many rows split the engines one way, and differ
// in the same parts of the outcome.
type PatternCount struct {
	Pattern string
	Differs []string
	Rows    int
}

// Patterns counts the differing rows by pattern and differing parts, in
// the order of Differing.
func (m Matrix) Patterns() []PatternCount {
	var out []PatternCount
	last := ""
	for _, r := range m.Differing() {
		if n := len(out); n > 0 && last == r.block() {
			out[n-1].Rows++
			continue
		}
		last = r.block()
		out = append(out, PatternCount{Pattern: r.Pattern, Differs: r.Differs, Rows: 1})
	}
	return out
}

// An EngineCount is how often one engine's native answers differ from the
// other engines'.
type EngineCount struct {
	Engine string
	// Answered is how many rows the engine answered.
	Answered int
	// Differs is how many of those rows another engine answered otherwise.
	Differs int
	// Alone is how many of them no other engine answered alike, while at
	// least one other engine answered.
	Alone int
	// Versus is, for each engine of the Matrix in its order, how many rows
	// both answered and answered differently (0 for the engine itself).
	Versus []int
}

// EngineCounts counts, for each engine, the rows where its answer differs
// from the other engines'.
func (m Matrix) EngineCounts() []EngineCount {
	counts := make([]EngineCount, len(m.Engines))
	for i, e := range m.Engines {
		counts[i] = EngineCount{Engine: e, Versus: make([]int, len(m.Engines))}
	}
	for _, r := range m.Rows {
		for i, a := range r.Cells {
			if !a.Answered() {
				continue
			}
			c := &counts[i]
			c.Answered++
			differs := false
			for j, b := range r.Cells {
				if j != i && b.Answered() && b.Outcome != a.Outcome {
					c.Versus[j]++
					differs = true
				}
			}
			if differs {
				c.Differs++
			}
			if a.Alone {
				c.Alone++
			}
		}
	}
	return counts
}

// Counts returns how many rows the engines answered differently, and how
// many more they answered alike but for the wording of a message.
func (m Matrix) Counts() (differ, wordingOnly int) {
	for _, r := range m.Rows {
		switch {
		case r.Differ():
			differ++
		case r.Wording:
			wordingOnly++
		}
	}
	return differ, wordingOnly
}

// WriteMatrixSummary prints how the engines' native answers compare: a
// line of totals, then a line per engine with the rows where it differs
// from another engine, where it stands alone, and against each other
// engine. It prints nothing for fewer than two engines.
func WriteMatrixSummary(w io.Writer, m Matrix) {
	if len(m.Engines) < 2 {
		return
	}
	differ, wording := m.Counts()
	fmt.Fprintf(w, "native answers across %s: %d vectors, %d where the engines differ, %d more in the wording of a message only\n",
		strings.Join(m.Engines, ", "), len(m.Rows), differ, wording)
	for _, c := range m.EngineCounts() {
		var versus []string
		for j, n := range c.Versus {
			if m.Engines[j] != c.Engine {
				versus = append(versus, fmt.Sprintf("%s %d", m.Engines[j], n))
			}
		}
		fmt.Fprintf(w, "%-9s differs from another engine in %4d/%-4d rows, alone in %4d; vs %s\n",
			c.Engine, c.Differs, c.Answered, c.Alone, strings.Join(versus, ", "))
	}
}
