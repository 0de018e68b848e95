//go:build js && wasm

package browserws

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"syscall/js"
	"testing"

	"github.com/gowasm/browserws/e2e/recorder"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The lifecycle tests run each scenario twice on the recording server: on
// a native WebSocket driven with syscall/js alone (the oracle), and through
// this package. This file holds both sides.

// An event is one thing a socket reported, in the form the two sides are
// compared in.
type event struct {
	Type     string // open, message, error or close
	Binary   bool   `json:",omitempty"`
	Data     string `json:",omitempty"` // a text message, or a binary one in hex
	Code     int    `json:",omitempty"`
	Reason   string `json:",omitempty"`
	WasClean bool   `json:",omitempty"`
}

func (e event) String() string {
	b, _ := json.Marshal(e)
	return string(b)
}

// nativeSocket is a JavaScript WebSocket that records its events, through
// listeners of its own: none of this package's code runs for it.
type nativeSocket struct {
	v       js.Value
	id      string
	mu      sync.Mutex
	events  []event
	changed chan struct{} // a wake-up after each event, buffered
}

// openNative opens a native WebSocket to url and records its events until
// the test ends.
func openNative(t *testing.T, url, id string, protocols ...string) *nativeSocket {
	t.Helper()
	args := []any{url}
	if len(protocols) > 0 {
		list := make([]any, len(protocols))
		for i, p := range protocols {
			list[i] = p
		}
		args = append(args, list)
	}
	n := &nativeSocket{v: js.Global().Get("WebSocket").New(args...), id: id, changed: make(chan struct{}, 1)}
	n.v.Set("binaryType", "arraybuffer")
	for _, typ := range []string{"open", "message", "error", "close"} {
		listener := js.FuncOf(func(_ js.Value, args []js.Value) any {
			n.mu.Lock()
			n.events = append(n.events, nativeEvent(typ, args[0]))
			n.mu.Unlock()
			select {
			case n.changed <- struct{}{}:
			default:
			}
			return nil
		})
		n.v.Call("addEventListener", typ, listener)
		t.Cleanup(func() {
			n.v.Call("removeEventListener", typ, listener)
			listener.Release()
		})
	}
	return n
}

// nativeEvent describes the JavaScript event e of type typ.
func nativeEvent(typ string, e js.Value) event {
	ev := event{Type: typ}
	switch typ {
	case "message":
		data := e.Get("data")
		if data.Type() == js.TypeString {
			ev.Data = data.String()
			break
		}
		bytes := js.Global().Get("Uint8Array").New(data)
		b := make([]byte, bytes.Length())
		js.CopyBytesToGo(b, bytes)
		ev.Binary, ev.Data = true, hex.EncodeToString(b)
	case "close":
		ev.Code, ev.Reason, ev.WasClean = e.Get("code").Int(), e.Get("reason").String(), e.Get("wasClean").Bool()
	}
	return ev
}

// waitFor waits until done is true of the events so far, and returns them.
func (n *nativeSocket) waitFor(ctx context.Context, t *testing.T, what string, done func([]event) bool) []event {
	t.Helper()
	for {
		n.mu.Lock()
		events := append([]event(nil), n.events...)
		n.mu.Unlock()
		if done(events) {
			return events
		}
		select {
		case <-n.changed:
		case <-ctx.Done():
			t.Fatalf("native socket: waiting for %s: %v; events so far %v", what, ctx.Err(), events)
		}
	}
}

// handshakeFailedInUndici reports whether events are those of undici's
// failed handshake: an error event, and the socket still CONNECTING.
func (n *nativeSocket) handshakeFailedInUndici(events []event) bool {
	return HostEngine() == Undici && countType(events, "error") > 0 &&
		ReadyState(n.v.Get("readyState").Int()) == Connecting
}

func countType(events []event, typ string) int {
	n := 0
	for _, e := range events {
		if e.Type == typ {
			n++
		}
	}
	return n
}

// call calls method on the native socket and returns what it threw.
func (n *nativeSocket) call(method string, args ...any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			jsErr, ok := r.(js.Error)
			if !ok {
				panic(r)
			}
			domException := js.Global().Get("DOMException")
			err = &Exception{
				Name:         jsErr.Get("name").String(),
				Message:      jsErr.Get("message").String(),
				DOMException: !domException.IsUndefined() && jsErr.InstanceOf(domException),
			}
		}
	}()
	n.v.Call(method, args...)
	return nil
}

// uint8Array copies b into a new Uint8Array.
func uint8Array(b []byte) js.Value {
	array := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(array, b)
	return array
}

// goSocket is a socket opened through this package, with the events its
// API has reported so far: open for a Dial that returned it, a message per
// Read, close for the event Read and Wait returned.
type goSocket struct {
	ws      *WebSocket // nil if Dial failed
	id      string
	dialErr error
	events  []event
}

// dialGo dials url through this package.
func dialGo(ctx context.Context, url, id string, protocols ...string) *goSocket {
	g := &goSocket{id: id}
	g.ws, g.dialErr = Dial(ctx, url, protocols...)
	var closeErr *CloseError
	switch {
	case g.dialErr == nil:
		g.events = append(g.events, event{Type: "open"})
	case errors.As(g.dialErr, &closeErr):
		g.events = append(g.events, closeEventOf(closeErr.CloseEvent))
	}
	return g
}

func closeEventOf(ev CloseEvent) event {
	return event{Type: "close", Code: ev.Code, Reason: ev.Reason, WasClean: ev.WasClean}
}

// read reads one message and records it, or records the close event that
// ended reading. It reports whether it read a message.
func (g *goSocket) read(ctx context.Context, t *testing.T) bool {
	t.Helper()
	msg, err := g.ws.Read(ctx)
	var closeErr *CloseError
	switch {
	case err == nil:
		ev := event{Type: "message", Data: string(msg.Data)}
		if msg.Type == Binary {
			ev.Binary, ev.Data = true, hex.EncodeToString(msg.Data)
		}
		g.events = append(g.events, ev)
		return true
	case errors.As(err, &closeErr):
		g.events = append(g.events, closeEventOf(closeErr.CloseEvent))
		return false
	}
	require.NoError(t, err, "Read")
	return false
}

// readToClose reads until the close event, which Wait must then return too.
func (g *goSocket) readToClose(ctx context.Context, t *testing.T) {
	t.Helper()
	if g.ws == nil || countType(g.events, "close") > 0 {
		return
	}
	for g.read(ctx, t) {
	}
	ev, err := g.ws.Wait(ctx)
	require.NoError(t, err, "Wait")
	require.Equal(t, g.events[len(g.events)-1], closeEventOf(ev), "Wait and Read return the same close event")
}

// recordOf fetches the server's record of socket id once its connection
// has ended, without the id, so that the two sides' records compare.
func recordOf(ctx context.Context, t *testing.T, id string) recorder.Record {
	t.Helper()
	rec := fetchRecord(ctx, t, "until=done&wait=10s&id="+id)
	require.True(t, rec.Done, "connection %s has not ended", id)
	rec.ID = ""
	return rec
}

// assertSameRecord compares the server's records of a native socket and a
// Go one.
func assertSameRecord(t *testing.T, native, viaGo recorder.Record) {
	t.Helper()
	if native.Frame != nil && viaGo.Frame != nil && (native.Frame.ReasonUnknown || viaGo.Frame.ReasonUnknown) {
		// Which of the server's readers got the reply to its own close is
		// a race, and one of them cannot see the reason: compare codes.
		native.Frame = &recorder.Frame{Code: native.Frame.Code}
		viaGo.Frame = &recorder.Frame{Code: viaGo.Frame.Code}
	}
	assert.Equal(t, native, viaGo, "server's records: native, Go API")
}

// act asks the server to act on socket id, as /act does (query without
// id, such as "do=close&code=4000").
func act(ctx context.Context, t *testing.T, id, query string) {
	t.Helper()
	resp, err := await(ctx, js.Global().Call("fetch", "http://"+recorderAddr(t)+"/act?id="+id+"&"+query))
	require.NoError(t, err)
	require.Equal(t, 204, resp.Get("status").Int(), "/act?%s", query)
}

// withoutErrors drops error events: the Go API reports none of its own (an
// error event is always followed by the close event that Read, Wait or
// Dial return).
func withoutErrors(events []event) []event {
	return slices.DeleteFunc(slices.Clone(events), func(e event) bool { return e.Type == "error" })
}

// repeatText is s repeated to n bytes at least.
func repeatText(s string, n int) string { return strings.Repeat(s, (n+len(s)-1)/len(s)) }
