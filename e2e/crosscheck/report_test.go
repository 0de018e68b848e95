package crosscheck

import (
	"strings"
	"sync"
	"testing"
	"time"

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
