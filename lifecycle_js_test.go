//go:build js && wasm

package browserws

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A step does one thing to both sides of a scenario, the native socket and
// the Go one, and checks that their outcomes agree.
type step func(ctx context.Context, t *testing.T, n *nativeSocket, g *goSocket)

func sendText(text string) step {
	return func(ctx context.Context, t *testing.T, n *nativeSocket, g *goSocket) {
		assertSameOutcome(t, n.call("send", text), g.ws.SendText(text))
	}
}

func sendBinary(data []byte) step {
	return func(ctx context.Context, t *testing.T, n *nativeSocket, g *goSocket) {
		assertSameOutcome(t, n.call("send", uint8Array(data)), g.ws.SendBinary(data))
	}
}

func closeBoth(code int, reason string) step {
	return func(ctx context.Context, t *testing.T, n *nativeSocket, g *goSocket) {
		assertSameOutcome(t, n.call("close", code, reason), g.ws.Close(code, reason))
	}
}

// sendLate sends on a socket that is closing or closed: JavaScript drops
// the data without a word, the Go API says so (ErrClosed, or the
// CloseError once the close event has come) and sends nothing either. The
// Go socket gets each kind of send the sender makes (see sender): a text,
// a binary message of a new length, one of the same length again, and a
// text too long for its buffer.
func sendLate(text string) step {
	return func(ctx context.Context, t *testing.T, n *nativeSocket, g *goSocket) {
		assert.NoError(t, n.call("send", text), "native send drops late data silently")
		assert.ErrorIs(t, g.ws.SendText(text), ErrClosed, "a text")
		assert.ErrorIs(t, g.ws.SendBinary([]byte(text)), ErrClosed, "binary, a new length")
		assert.ErrorIs(t, g.ws.SendBinary([]byte(text)), ErrClosed, "binary, the same length again")
		assert.ErrorIs(t, g.ws.SendText(strings.Repeat(text, copyLimit/len(text)+1)), ErrClosed, "a text over copyLimit")
	}
}

// serverDoes asks the server to act on each side's socket (an /act query
// without id).
func serverDoes(query string) step {
	return func(ctx context.Context, t *testing.T, n *nativeSocket, g *goSocket) {
		act(ctx, t, n.id, query)
		act(ctx, t, g.id, query)
	}
}

// awaitMessages waits until each side has received count messages in all.
func awaitMessages(count int) step {
	return func(ctx context.Context, t *testing.T, n *nativeSocket, g *goSocket) {
		n.waitFor(ctx, t, "messages", func(events []event) bool { return countType(events, "message") >= count })
		for countType(g.events, "message") < count {
			require.True(t, g.read(ctx, t), "the Go socket closed after %d messages", countType(g.events, "message"))
		}
	}
}

// awaitClose waits for the close event on both sides.
func awaitClose() step {
	return func(ctx context.Context, t *testing.T, n *nativeSocket, g *goSocket) {
		n.waitFor(ctx, t, "close", func(events []event) bool { return countType(events, "close") > 0 })
		g.readToClose(ctx, t)
	}
}

// TestLifecycleMatchesNative runs each scenario on a native socket and on
// one opened with Dial, against the same recording server, and requires the
// same events in the same order (what Dial, Read and Wait report, against
// the native open, message and close events), the same outcome of every
// call, and the same record at the server: every message, its bytes and
// where the close frame came among them.
func TestLifecycleMatchesNative(t *testing.T) {
	kib := make([]byte, 1024)
	for i := range kib {
		kib[i] = byte(i)
	}
	var beforeClose []step // 40 messages, 30 KiB, sent just before close
	for i := range 20 {
		beforeClose = append(beforeClose, sendBinary(kib[:1024-i]), sendText(repeatText("ü", 500+i)))
	}
	beforeClose = append(beforeClose, closeBoth(4000, "after the data"))

	tests := []struct {
		name      string
		query     string   // /ws parameters after the id
		url       string   // instead of the recording server's /ws
		protocols []string // offered
		steps     []step
	}{
		{name: "client closes", steps: []step{closeBoth(1000, "done")}},
		{name: "server closes with code and reason", query: "&onopen=close&code=4001&reason=server%20bye"},
		{name: "server closes without a body", query: "&onopen=close"},
		{name: "server closes with 1001", query: "&onopen=close&code=1001&reason=going"},
		// Dropped once both sides are open: a drop right after the
		// handshake (onopen=drop) races the engine's open event, which
		// Firefox then sometimes never fires (error and close 1006 only).
		{name: "server drops the connection", steps: []step{serverDoes("do=drop")}},
		{name: "handshake refused with 404", query: "&status=404"},
		{name: "handshake refused with 403", query: "&status=403"},
		{name: "nothing listens on the port", url: "ws://" + os.Getenv("BROWSERWS_CLOSED_ADDR") + "/ws"},
		{name: "subprotocol chosen", query: "&protocol=two", protocols: []string{"one", "two"}, steps: []step{closeBoth(1000, "")}},
		// The server picks none of the offered subprotocols: Chromium and
		// undici fail the handshake, as the WHATWG standard says; Firefox
		// and WebKit open the socket with protocol "" (RFC 6455 allows
		// it), and then both sides close. Steps run only where the native
		// socket opened.
		{name: "subprotocol not chosen", protocols: []string{"one"}, steps: []step{closeBoth(1000, "")}},
		{name: "echo text and binary", query: "&echo=1", steps: []step{
			sendText("héllo, 世界 😀"), sendText(""), sendBinary([]byte{0, 1, 2, 0xff}), sendBinary(nil), sendBinary(kib),
			awaitMessages(5), closeBoth(1000, "echoed"),
		}},
		{name: "server sends, then closes", steps: []step{
			serverDoes("do=send&type=text&data=first&count=3"),
			serverDoes("do=send&type=binary&data=00ff10"),
			serverDoes("do=close&code=4002&reason=after%20the%20data"),
		}},
		{name: "messages queued while nobody reads", query: "&onopen=send&type=text&data=early&count=50", steps: []step{
			awaitMessages(50), closeBoth(1000, ""),
		}},
		{name: "data sent just before close reaches the server", steps: beforeClose},
		{name: "close twice", steps: []step{closeBoth(4000, "first"), closeBoth(4001, "second")}},
		{name: "send while closing", steps: []step{closeBoth(1000, ""), sendLate("late")}},
		{name: "send after the close event", steps: []step{closeBoth(1000, ""), awaitClose(), sendLate("later")}},
		{name: "close after the server closed", query: "&onopen=close&code=4003", steps: []step{awaitClose(), closeBoth(4000, "too late")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			startFuncs := liveFuncs.Load()
			url := func(side string) (string, string) {
				if tt.url != "" {
					return tt.url, ""
				}
				return recordedURL(t, tt.query)
			}

			nativeURL, nativeID := url("native")
			n := openNative(t, nativeURL, nativeID, tt.protocols...)
			n.waitFor(ctx, t, "open or close", func(events []event) bool {
				return countType(events, "open")+countType(events, "close") > 0 || n.handshakeFailedInUndici(events)
			})
			goURL, goID := url("go")
			g := dialGo(ctx, goURL, goID, tt.protocols...)
			t.Cleanup(func() {
				// A scenario that failed half-way must not leave its socket
				// open, and its listener counted, into the next one.
				if g.ws != nil && g.ws.ReadyState() != Closed {
					g.ws.abort()
				}
			})
			if g.ws != nil {
				assert.Equal(t, n.v.Get("protocol").String(), g.ws.Protocol(), "protocol")
				assert.Equal(t, n.v.Get("extensions").String(), g.ws.Extensions(), "extensions")
				assert.Equal(t, strings.Replace(n.v.Get("url").String(), nativeID, goID, 1), g.ws.URL(), "url")
				assert.Equal(t, "arraybuffer", g.ws.BinaryType())
			}
			if countType(n.events, "open") > 0 {
				require.NoError(t, g.dialErr, "native socket opened")
				for _, s := range tt.steps {
					s(ctx, t, n, g)
				}
			}
			native := n.waitFor(ctx, t, "close", func(events []event) bool {
				return countType(events, "close") > 0 || n.handshakeFailedInUndici(events)
			})
			if n.handshakeFailedInUndici(native) {
				// undici fires no close event; the Go API reports the one
				// the standard prescribes (see Undici).
				assert.Equal(t, []event{{Type: "error"}}, native)
				native = append(native, event{Type: "close", Code: CodeAbnormalClosure})
			}
			g.readToClose(ctx, t)

			assert.Equal(t, withoutErrors(native), g.events, "events: native, Go API")
			if g.ws != nil {
				assert.Equal(t, countType(native, "error") > 0, g.ws.sawError, "error event")
				assert.Equal(t, Closed, g.ws.ReadyState())
				_, err := g.ws.Read(ctx)
				assert.Equal(t, CloseStatus(err), native[len(native)-1].Code, "Read after close returns the close event")
			}
			if nativeID != "" {
				assertSameRecord(t, recordOf(ctx, t, nativeID), recordOf(ctx, t, goID))
			}
			assert.Equal(t, startFuncs, liveFuncs.Load(), "js.Funcs released")
		})
	}
}
