//go:build js && wasm

package browserws

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRandomEventSequences drives echo sockets with random sequences of the
// package's calls, synthetic events and binaryType changes made by "page
// code", and checks three properties after every step and at the end:
//
//   - nothing panics (a panic would end the test binary);
//   - the Go view agrees with readyState: open while OPEN, closed only
//     once readyState is CLOSED;
//   - every message the server echoed is delivered in order, or reported
//     in its place (a binary one as ErrBinaryType while binaryType was
//     "blob"), and nothing else is delivered (under Node.js, where
//     synthetic messages cannot be told apart, they may come too, and are
//     recognised by their data).
func TestRandomEventSequences(t *testing.T) {
	seed := testSeed(t)
	rng := rand.New(rand.NewPCG(seed, seed))
	const sockets, steps = 16, 50
	for i := range sockets {
		t.Run("socket "+strconv.Itoa(i), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			startFuncs, startListeners := liveFuncs.Load(), liveListeners()
			ws, _ := openRecorded(ctx, t, "&echo=1")
			var sent, got []delivery
			read := func(ctx context.Context) error {
				msg, err := ws.Read(ctx)
				switch {
				case errors.Is(err, context.DeadlineExceeded):
				case err == nil || errors.Is(err, ErrBinaryType) || errors.Is(err, ErrMessageData):
					got = append(got, delivery{msg, err})
				default:
					return err
				}
				return nil
			}
			var history []string
			for range steps {
				switch op := rng.IntN(8); op {
				case 0, 1:
					text := randomText(rng)
					history = append(history, "SendText")
					require.NoError(t, ws.SendText(text))
					sent = append(sent, delivery{msg: Message{Type: Text, Data: []byte(text)}})
				case 2:
					data := make([]byte, rng.IntN(64))
					for k := range data {
						data[k] = byte(rng.Uint32())
					}
					history = append(history, "SendBinary")
					require.NoError(t, ws.SendBinary(data))
					sent = append(sent, delivery{msg: Message{Type: Binary, Data: data}})
				case 3:
					binaryType := [...]string{"blob", "arraybuffer"}[rng.IntN(2)]
					history = append(history, "binaryType="+binaryType)
					ws.JSValue().Set("binaryType", binaryType)
				case 4, 5:
					ev := syntheticEvents[rng.IntN(len(syntheticEvents))]
					history = append(history, "dispatch "+ev.name)
					dispatch(ws, ev.make)
				case 6:
					history = append(history, "Read")
					short, cancelShort := context.WithTimeout(ctx, 5*time.Millisecond)
					err := read(short)
					cancelShort()
					require.NoError(t, err, "Read while OPEN")
				case 7:
					history = append(history, "refused Close")
					require.ErrorIs(t, ws.Close(1001, ""), ErrInvalidAccess)
				}
				assert.Equal(t, Open, ws.ReadyState(), "after %v", history)
				require.False(t, ws.isClosed(), "closed for Go while OPEN, after %v", history)
			}

			// The engine drops messages that arrive once close() has been
			// called (WHATWG: a message received while not OPEN is
			// ignored), so every echo is read first.
			for len(withoutNodeSynthetics(t, got)) < len(sent) {
				require.NoError(t, read(ctx), "waiting for %d echoes, %d read", len(sent), len(got))
			}
			require.NoError(t, ws.Close(CodeNormalClosure, "end"))
			ev, err := ws.Wait(ctx)
			require.NoError(t, err)
			assert.Equal(t, CloseEvent{WasClean: true, Code: CodeNormalClosure, Reason: "end"}, ev)
			assert.Equal(t, Closed, ws.ReadyState())
			// Under Node.js a synthetic message dispatched after the last
			// echo was read still waits before the close.
			msg, err := ws.Read(ctx)
			for !isBrowser() && nodeSynthetic(delivery{msg, err}) {
				msg, err = ws.Read(ctx)
			}
			assert.Equal(t, CodeNormalClosure, CloseStatus(err), "then Read returns the close event, not %v, %+v, after %v", err, msg, history)

			got = withoutNodeSynthetics(t, got)
			require.Len(t, got, len(sent), "deliveries after %v", history)
			for k, want := range sent {
				if want.msg.Type == Binary && errors.Is(got[k].err, ErrBinaryType) {
					continue // arrived as a Blob: reported in its place
				}
				require.NoError(t, got[k].err, "message %d", k)
				assert.Equal(t, want.msg.Type, got[k].msg.Type, "message %d", k)
				assert.Equal(t, string(want.msg.Data), string(got[k].msg.Data), "message %d", k)
			}
			assert.Equal(t, startFuncs, liveFuncs.Load(), "js.Funcs released")
			assert.Equal(t, startListeners, liveListeners(), "listeners removed")
		})
	}
}

// withoutNodeSynthetics drops the synthetic messages of syntheticEvents,
// which only Node.js delivers; in a browser it requires there are none.
func withoutNodeSynthetics(t *testing.T, got []delivery) []delivery {
	var real []delivery
	for _, d := range got {
		if !nodeSynthetic(d) {
			real = append(real, d)
			continue
		}
		assert.False(t, isBrowser(), "a browser delivered a synthetic message: %+v", d)
	}
	return real
}

// nodeSynthetic reports whether d is one of syntheticEvents' messages.
func nodeSynthetic(d delivery) bool {
	return errors.Is(d.err, ErrMessageData) || (d.err == nil && d.msg.Type == Text && string(d.msg.Data) == "synthetic")
}

// randomText is valid UTF-8 of a few characters, never "synthetic". It
// has byte order marks, but never a leading one: undici drops that from the
// text messages it receives (its TextDecoder keeps the default), which
// TestSendTextKeepsLeadingBOM covers on the sending side.
func randomText(rng *rand.Rand) string {
	pieces := [...]string{"\ufeff", "a", "é", "世", "😀", " ", "\x00", "\u2028"}
	b := []byte("t")
	for range rng.IntN(12) {
		b = append(b, pieces[rng.IntN(len(pieces))]...)
	}
	return string(b)
}
