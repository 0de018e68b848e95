package crosscheck

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gowasm/browserws/e2e/vectors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadyStateName(t *testing.T) {
	tests := []struct {
		state int
		want  string
	}{
		{0, "CONNECTING (0)"},
		{1, "OPEN (1)"},
		{2, "CLOSING (2)"},
		{3, "CLOSED (3)"},
		{4, "4"},
		{-1, "-1"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ReadyStateName(tt.state))
	}
}

// refused is a call the engine refused: the socket stayed open, and the
// harness closed it itself.
var refused = Observation{
	Exception:    &Exception{Name: "InvalidAccessError", Message: "invalid code", DOMException: true},
	ReadyState:   1,
	CloseEvent:   &CloseEvent{WasClean: true, Code: CleanupCode, Reason: CleanupReason},
	ServerFrame:  &Frame{Code: CleanupCode, Reason: CleanupReason},
	CleanupClose: true,
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		name string
		o    Observation
		want string
	}{
		{"refused: the harness's cleanup close", refused,
			`threw DOMException InvalidAccessError: invalid code · readyState OPEN (1) · ` +
				`close event 4000 "harness cleanup" wasClean=true (the harness's cleanup close: the call left the socket open) · ` +
				`server got 4000 "harness cleanup" (the harness's cleanup close: the call left the socket open)`},
		{"accepted: the call's own close", Observation{
			ReadyState:  2,
			CloseEvent:  &CloseEvent{WasClean: true, Code: 1000, Reason: "bye"},
			ServerFrame: &Frame{Code: 1000, Reason: "bye"},
		}, `returned · readyState CLOSING (2) · close event 1000 "bye" wasClean=true · server got 1000 "bye"`},
		{"the call's own 4000 is not the harness's", Observation{
			ReadyState:  2,
			CloseEvent:  &CloseEvent{WasClean: true, Code: 4000, Reason: "harness cleanup"},
			ServerFrame: &Frame{Code: 4000, Reason: "harness cleanup"},
		}, `returned · readyState CLOSING (2) · close event 4000 "harness cleanup" wasClean=true · server got 4000 "harness cleanup"`},
		{"nothing came", Observation{ReadyState: 3}, `returned · readyState CLOSED (3) · no close event · server got no close frame`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Describe(tt.o))
		})
	}
}

func TestWriteHTMLLabels(t *testing.T) {
	results := pair("chromium", []Vector{{Name: "x/refused", State: "open", Script: "ws.close(1001)"}},
		[]Observation{refused}, []Observation{refused})
	var page strings.Builder
	require.NoError(t, WriteHTML(&page, results, "title"))
	html := page.String()
	assert.Contains(t, html, "readyState OPEN (1)")
	assert.Contains(t, html, `close event 4000 “harness cleanup” clean <span class="cleanup">(the harness&#39;s cleanup close: the call left the socket open)</span>`)
	assert.Contains(t, html, `server got 4000 “harness cleanup” <span class="cleanup">`)
	assert.Contains(t, html, "the harness closed it itself")
}

func TestHeartbeat(t *testing.T) {
	var w syncWriter
	stop := Heartbeat(&w, "building the shim", 10*time.Millisecond)
	require.Eventually(t, func() bool { return strings.Count(w.String(), "\n") >= 2 }, 10*time.Second, 5*time.Millisecond)
	stop()
	out := w.String()
	assert.Regexp(t, `^(  \[0:0\d\] building the shim\n){2,}$`, out)
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, out, w.String(), "nothing after stop")
}

// syncWriter is a strings.Builder safe for the heartbeat's goroutine.
type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// accepted is a call that closed the socket with code and reason.
func accepted(code int, reason string) Observation {
	return Observation{
		ReadyState:  2,
		CloseEvent:  &CloseEvent{WasClean: true, Code: code, Reason: reason},
		ServerFrame: &Frame{Code: code, Reason: reason},
	}
}

// threw is a call refused with a DOMException: the socket stayed open and
// the harness closed it itself.
func threw(name, message string) Observation {
	o := refused
	o.Exception = &Exception{Name: name, Message: message, DOMException: true}
	return o
}

// A run is one engine's native observation of one vector.
type run struct {
	engine string
	o      Observation
}

// results builds the Results of one vector named name in each run; the shim
// saw what native did.
func results(name string, runs ...run) []Result {
	var out []Result
	for _, r := range runs {
		out = append(out, pair(r.engine, []Vector{{Name: name, State: "open", Script: "ws.close()"}},
			[]Observation{r.o}, []Observation{r.o})...)
	}
	return out
}

func TestMatrixRow(t *testing.T) {
	chromiumCode := threw("InvalidAccessError", "Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 999 is neither.")
	undiciCode := threw("InvalidAccessError", "invalid code")
	firefoxReason := threw("SyntaxError", "An invalid or illegal string was specified")
	undiciReason := threw("SyntaxError", "Reason must be less than 123 bytes; received 124")
	noBody := accepted(1005, "")
	bigint := refused
	bigint.Exception = &Exception{Name: "TypeError", Message: "can't convert BigInt to number"}
	domTypeError := refused
	domTypeError.Exception = &Exception{Name: "TypeError", Message: "can't convert BigInt to number", DOMException: true}
	connectingUndici := Observation{ReadyState: 2, ServerFrame: nil}
	connecting := Observation{ReadyState: 2, CloseEvent: &CloseEvent{Code: 1006}}
	withLog := func(o Observation, log ...string) Observation { o.Log = log; return o }
	setup := Observation{SetupError: "the server never answered"}

	tests := []struct {
		name       string
		runs       []run
		differs    []string
		wording    bool
		incomplete bool
		pattern    string
		groups     []int
		alone      []bool
	}{
		{"all accepted alike", []run{{"chromium", accepted(1000, "bye")}, {"undici", accepted(1000, "bye")}},
			nil, false, false, "", []int{0, 0}, []bool{false, false}},
		{"the same refusal in other words is wording, not a difference",
			[]run{{"chromium", chromiumCode}, {"undici", undiciCode}},
			nil, true, false, "", []int{0, 0}, []bool{false, false}},
		{"999.5: refused by truncating engines, accepted by rounding ones",
			[]run{{"chromium", chromiumCode}, {"firefox", accepted(1000, "")}, {"webkit", threw("InvalidAccessError", "The object does not support the operation or argument.")}, {"undici", accepted(1000, "")}},
			[]string{"exception", "readyState", "cleanup", "closeEvent", "serverFrame"}, true, false,
			"chromium, webkit ≠ firefox, undici", []int{0, 1, 0, 1}, []bool{false, false, false, false}},
		{"3001.5: each sends its own code", []run{{"chromium", accepted(3001, "")}, {"firefox", accepted(3002, "")}, {"undici", accepted(3002, "")}},
			[]string{"closeEvent", "serverFrame"}, false, false, "firefox, undici ≠ chromium", []int{1, 0, 0}, []bool{true, false, false}},
		{"undefined and 124 bytes: three answers", []run{{"chromium", chromiumCode}, {"firefox", firefoxReason}, {"webkit", noBody}, {"undici", undiciReason}},
			[]string{"exception", "readyState", "cleanup", "closeEvent", "serverFrame"}, true, false,
			"firefox, undici ≠ chromium ≠ webkit", []int{1, 0, 2, 0}, []bool{true, false, true, false}},
		{"NUL reason sent empty by one engine", []run{{"chromium", accepted(1000, "\x00\x00\x00")}, {"webkit", accepted(1000, "")}},
			[]string{"closeEvent", "serverFrame"}, false, false, "chromium ≠ webkit", []int{0, 1}, []bool{true, true}},
		{"a TypeError or a DOMException named TypeError", []run{{"chromium", bigint}, {"firefox", domTypeError}},
			[]string{"exception"}, false, false, "chromium ≠ firefox", []int{0, 1}, []bool{true, true}},
		{"only the log differs", []run{{"chromium", withLog(chromiumCode)}, {"undici", withLog(undiciCode, "code.valueOf")}},
			[]string{"log"}, true, false, "chromium ≠ undici", []int{0, 1}, []bool{true, true}},
		{"close while CONNECTING: no close event in undici", []run{{"chromium", connecting}, {"undici", connectingUndici}},
			[]string{"closeEvent"}, false, false, "chromium ≠ undici", []int{0, 1}, []bool{true, true}},
		{"a set-up failure is no answer, and no difference", []run{{"chromium", accepted(1000, "")}, {"firefox", setup}, {"undici", accepted(1000, "")}},
			nil, false, true, "", []int{0, -1, 0}, []bool{false, false, false}},
		{"the only answer is alone with no one", []run{{"chromium", accepted(1000, "")}, {"undici", setup}},
			nil, false, true, "", []int{0, -1}, []bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMatrix(results("v", tt.runs...))
			require.Len(t, m.Rows, 1)
			row := m.Rows[0]
			require.Len(t, row.Cells, len(tt.runs))
			assert.Equal(t, tt.differs, row.Differs)
			assert.Equal(t, len(tt.differs) > 0, row.Differ())
			assert.Equal(t, tt.wording, row.Wording, "wording")
			assert.Equal(t, tt.incomplete, row.Incomplete, "incomplete")
			assert.Equal(t, tt.pattern, row.Pattern)
			for i, c := range row.Cells {
				assert.Equal(t, tt.runs[i].engine, c.Engine)
				assert.Equal(t, tt.groups[i], c.Group, "group of %s", c.Engine)
				assert.Equal(t, tt.alone[i], c.Alone, "alone: %s", c.Engine)
			}
		})
	}
}

func TestMatrixEngines(t *testing.T) {
	var rs []Result
	// Engines run one after another, each over the whole list; undici
	// misses the last vector.
	for _, e := range []string{"chromium", "firefox", "undici"} {
		for _, name := range []string{"a", "b", "c"} {
			if e == "undici" && name == "c" {
				continue
			}
			o := accepted(1000, "")
			if name == "b" && e == "firefox" {
				o = accepted(1001, "")
			}
			rs = append(rs, results(name, run{e, o})...)
		}
	}
	rs = append(rs, results("a", run{"chromium", accepted(4999, "ignored: a second result")})...)
	m := NewMatrix(rs)
	assert.Equal(t, []string{"chromium", "firefox", "undici"}, m.Engines)
	var names []string
	for _, r := range m.Rows {
		names = append(names, r.Name)
	}
	assert.Equal(t, []string{"a", "b", "c"}, names)
	assert.False(t, m.Rows[0].Differ(), "the second result of a name is ignored")
	c := m.Rows[2].Cells[2]
	assert.False(t, c.Ran)
	assert.False(t, c.Answered())
	assert.True(t, m.Rows[2].Incomplete)
	assert.False(t, m.Rows[2].Differ())
}

// splitMatrix has four engines and five vectors: two where all agree, one
// where chromium stands alone, two where chromium and webkit part from
// firefox and undici, one of them with undici alone besides.
func splitMatrix() Matrix {
	var rs []Result
	add := func(name string, c, f, w, u Observation) {
		rs = append(rs, results(name, run{"chromium", c}, run{"firefox", f}, run{"webkit", w}, run{"undici", u})...)
	}
	ok, iae := accepted(1000, ""), threw("InvalidAccessError", "m")
	add("same", ok, ok, ok, ok)
	add("chromium-alone", accepted(1000, "r"), ok, ok, ok)
	add("split-1", iae, ok, iae, ok)
	add("same-wording", iae, threw("InvalidAccessError", "other words"), iae, iae)
	add("split-2", iae, ok, iae, accepted(1000, "x"))
	return NewMatrix(rs)
}

func TestMatrixCounts(t *testing.T) {
	m := splitMatrix()
	differ, wording := m.Counts()
	assert.Equal(t, 3, differ)
	assert.Equal(t, 1, wording)

	var order []string
	for _, r := range m.Differing() {
		order = append(order, r.Name)
	}
	assert.Equal(t, []string{"chromium-alone", "split-1", "split-2"}, order,
		"one row per pattern: the matrix's order")
	all := []string{"exception", "readyState", "cleanup", "closeEvent", "serverFrame"}
	assert.Equal(t, []PatternCount{
		{"firefox, webkit, undici ≠ chromium", []string{"closeEvent", "serverFrame"}, 1},
		{"chromium, webkit ≠ firefox, undici", all, 1},
		{"chromium, webkit ≠ firefox ≠ undici", all, 1},
	}, m.Patterns())

	counts := m.EngineCounts()
	require.Len(t, counts, 4)
	tests := []struct {
		engine         string
		differs, alone int
		versus         []int // chromium, firefox, webkit, undici
	}{
		{"chromium", 3, 1, []int{0, 3, 1, 3}},
		{"firefox", 3, 1, []int{3, 0, 2, 1}},
		{"webkit", 3, 0, []int{1, 2, 0, 2}},
		{"undici", 3, 1, []int{3, 1, 2, 0}},
	}
	for i, tt := range tests {
		c := counts[i]
		assert.Equal(t, tt.engine, c.Engine)
		assert.Equal(t, 5, c.Answered, tt.engine)
		assert.Equal(t, tt.differs, c.Differs, tt.engine)
		assert.Equal(t, tt.alone, c.Alone, tt.engine)
		assert.Equal(t, tt.versus, c.Versus, tt.engine)
	}
}

func TestMatrixDifferingGroupsPatterns(t *testing.T) {
	var rs []Result
	add := func(name string, c, u Observation) {
		rs = append(rs, results(name, run{"chromium", c}, run{"undici", u})...)
	}
	ok, iae := accepted(1000, ""), threw("InvalidAccessError", "m")
	webkitLike := accepted(1005, "")
	add("1", webkitLike, ok)
	add("2", ok, iae)
	add("3", iae, iae)
	add("4", ok, iae)
	add("5", webkitLike, ok)
	add("6", ok, iae)
	m := NewMatrix(rs)
	var order []string
	for _, r := range m.Differing() {
		order = append(order, r.Name)
	}
	// Every row splits chromium from undici: one pattern, in two blocks,
	// the larger first, each in the matrix's order.
	assert.Equal(t, []string{"2", "4", "6", "1", "5"}, order)
	assert.Equal(t, []PatternCount{
		{"chromium ≠ undici", []string{"exception", "readyState", "cleanup", "closeEvent", "serverFrame"}, 3},
		{"chromium ≠ undici", []string{"closeEvent", "serverFrame"}, 2},
	}, m.Patterns())

	var page strings.Builder
	require.NoError(t, WriteHTML(&page, rs, "title"))
	html := page.String()
	assert.Contains(t, html, `<tr class="pattern" id="pattern-0"><th colspan="4">chromium ≠ undici <span class="quiet">in exception, readyState, cleanup, closeEvent, serverFrame: 3</span></th></tr>`)
	assert.Contains(t, html, `<tr class="pattern" id="pattern-1"><th colspan="4">chromium ≠ undici <span class="quiet">in closeEvent, serverFrame: 2</span></th></tr>`)
	assert.NotContains(t, html, `id="pattern-2"`)
}

func TestWriteMatrixSummary(t *testing.T) {
	var out strings.Builder
	WriteMatrixSummary(&out, splitMatrix())
	assert.Equal(t, ""+
		"native answers across chromium, firefox, webkit, undici: 5 vectors, 3 where the engines differ, 1 more in the wording of a message only\n"+
		"chromium  differs from another engine in    3/5    rows, alone in    1; vs firefox 3, webkit 1, undici 3\n"+
		"firefox   differs from another engine in    3/5    rows, alone in    1; vs chromium 3, webkit 2, undici 1\n"+
		"webkit    differs from another engine in    3/5    rows, alone in    0; vs chromium 1, firefox 2, undici 2\n"+
		"undici    differs from another engine in    3/5    rows, alone in    1; vs chromium 3, firefox 1, webkit 2\n",
		out.String())

	out.Reset()
	WriteMatrixSummary(&out, NewMatrix(results("v", run{"chromium", refused})))
	assert.Empty(t, out.String(), "one engine: nothing to compare")
}

func TestOutcomeString(t *testing.T) {
	long := strings.Repeat("\u20ac", 41)
	tests := []struct {
		name string
		o    Observation
		want string
	}{
		{"refused", refused, "DOMException InvalidAccessError · OPEN · left open"},
		{"refused, and the cleanup's close event late", func() Observation { o := refused; o.CloseEvent = nil; return o }(),
			"DOMException InvalidAccessError · OPEN · left open, then no close event"},
		{"refused, and no frame", func() Observation { o := refused; o.ServerFrame = nil; return o }(),
			"DOMException InvalidAccessError · OPEN · left open, then no frame"},
		{"accepted", accepted(1000, "bye"), `accepted · CLOSING · event 1000 "bye" clean, frame 1000 "bye"`},
		{"no body", accepted(1005, ""), "accepted · CLOSING · event 1005 clean, frame without a body"},
		{"NUL and BOM escaped", accepted(3000, "\x00\ufeffa"), `accepted · CLOSING · event 3000 "\x00\ufeffa" clean, frame 3000 "\x00\ufeffa"`},
		{"long reason cut", accepted(1000, long),
			`accepted · CLOSING · event 1000 "` + strings.Repeat("\u20ac", 16) + `…" (123 bytes) clean, frame 1000 "` + strings.Repeat("\u20ac", 16) + `…" (123 bytes)`},
		{"nothing came, with a log", Observation{ReadyState: 2, Log: []string{"code.valueOf", "reason.toString"}},
			"accepted · CLOSING · no close event, no frame · log code.valueOf, reason.toString"},
		{"not clean", Observation{ReadyState: 3, CloseEvent: &CloseEvent{Code: 1006}}, "accepted · CLOSED · event 1006 not clean, no frame"},
		{"no readyState", Observation{ReadyState: 7}, "accepted · 7 · no close event, no frame"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, OutcomeOf(tt.o).String(), tt.name)
	}
}

func TestWriteHTMLMatrix(t *testing.T) {
	m := splitMatrix()
	var rs []Result
	for _, r := range m.Rows {
		for _, c := range r.Cells {
			o := accepted(1000, "")
			if r.Name == "chromium-alone" && c.Engine == "chromium" {
				o = accepted(1000, "r")
			}
			rs = append(rs, results(r.Name, run{c.Engine, o})...)
		}
	}
	var page strings.Builder
	require.NoError(t, WriteHTML(&page, rs, "title"))
	html := page.String()
	assert.Contains(t, html, `<h2 id="differ">Where the engines differ (1)</h2>`)
	assert.Contains(t, html, `<tr><td><a href="#pattern-0">firefox, webkit, undici ≠ chromium</a></td><td>closeEvent, serverFrame</td><td>1</td></tr>`)
	assert.Contains(t, html, `<tr class="pattern" id="pattern-0"><th colspan="6">firefox, webkit, undici ≠ chromium <span class="quiet">in closeEvent, serverFrame: 1</span></th></tr>`)
	assert.Contains(t, html, `<td class="g1 alone"><b>accepted</b> · CLOSING<br>event 1000 &#34;r&#34; clean, frame 1000 &#34;r&#34;</td>`)
	assert.Contains(t, html, `<tr class="differ">`)
	assert.Contains(t, html, `<tr class="same">`)
	assert.Contains(t, html, `<span class="no">closeEvent, serverFrame</span>`)
	assert.Contains(t, html, `id="show-differ"`)
	assert.NotContains(t, html, "<script", "the page stays static")
	// chromium: 5 vectors, all native and shim alike; differs once, alone
	// once. Engines that differ are not marked as failing.
	assert.Contains(t, html, `<tr><td>chromium</td><td>5/5</td><td>5</td><td>1</td><td>1</td><td>—</td><td>1</td><td>1</td><td>1</td></tr>`)
	// The native-vs-shim table is still there.
	assert.Contains(t, html, `<h2 id="shim">Native vs shim</h2>`)
	assert.Contains(t, html, "the harness closed it itself")

	page.Reset()
	require.NoError(t, WriteHTML(&page, results("v", run{"undici", refused}), "title"))
	assert.Contains(t, page.String(), "Only undici ran")
	assert.NotContains(t, page.String(), `id="differ"`)
}

func TestMatrixCellShimDiff(t *testing.T) {
	late := accepted(1000, "")
	late.CloseEvent = nil
	rs := pair("undici", []Vector{{Name: "v", State: "open", Script: "ws.close(1000)"}},
		[]Observation{late}, []Observation{accepted(1000, "")})
	rs = append(rs, results("v", run{"chromium", accepted(1000, "")})...)
	m := NewMatrix(rs)
	row := m.Rows[0]
	assert.Equal(t, []string{"closeEvent"}, row.Differs, "the native answers are what is compared")
	assert.Equal(t, []string{"closeEvent"}, row.Cells[0].ShimDiff)
	assert.Empty(t, row.Cells[1].ShimDiff)

	var page strings.Builder
	require.NoError(t, WriteHTML(&page, rs, "title"))
	assert.Contains(t, page.String(), `<small class="no">the shim run differs: closeEvent</small>`)
	assert.Contains(t, page.String(), `<tr><td>undici</td><td class="bad">0/1</td>`, "a native-vs-shim disagreement is")
}

// TestKnownDifferences requires a run that differs from native only where
// its vector declares the engine unmatchable to count as known, in that
// engine alone, and anything more to disagree.
func TestKnownDifferences(t *testing.T) {
	why := "the message names the caller's expression"
	vector := Vector{Name: "srctext/x", State: "open", Script: "ws.close(x)", Unmatchable: map[string]vectors.Unmatchable{
		"firefox": {Observables: []string{"exceptionMessage"}, Why: why},
	}}
	threw := func(name, message string) Observation {
		return Observation{Exception: &Exception{Name: name, Message: message}, ReadyState: 1}
	}
	tests := []struct {
		name         string
		engine       string
		native, shim Observation
		diff         []string
		known        string
	}{
		{"same", "firefox", threw("TypeError", "m"), threw("TypeError", "m"), []string{}, ""},
		{"message only, where unmatchable", "firefox", threw("TypeError", "can't convert x"), threw("TypeError", "can't convert ({})"), []string{"exceptionMessage"}, why},
		{"message only, elsewhere", "webkit", threw("TypeError", "a"), threw("TypeError", "b"), []string{"exceptionMessage"}, ""},
		{"another exception", "firefox", threw("TypeError", "a"), threw("RangeError", "a"), []string{"exception"}, ""},
		{"message and readyState", "firefox", threw("TypeError", "a"), Observation{Exception: &Exception{Name: "TypeError", Message: "b"}, ReadyState: 3},
			[]string{"exceptionMessage", "readyState"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := pair(tt.engine, []Vector{vector}, []Observation{tt.native}, []Observation{tt.shim})[0]
			assert.Equal(t, tt.diff, r.Diff)
			assert.Equal(t, tt.known, r.Known)
			assert.Equal(t, len(tt.diff) == 0 || tt.known != "", r.Passes())
			var out strings.Builder
			passed, total := WriteSummary(&out, []Result{r})
			assert.Equal(t, 1, total)
			assert.Equal(t, r.Passes(), passed == 1, out.String())
		})
	}
}
