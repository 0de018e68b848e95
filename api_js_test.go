//go:build js && wasm

package browserws

import (
	"context"
	"errors"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendTextRefusesInvalidUTF8(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, id := openRecorded(ctx, t, "")
	tests := []struct {
		name string
		text string
		sent bool
	}{
		{"ASCII", "plain", true},
		{"4-byte character", "😀", true},
		{"stray continuation byte", "a\x80b", false},
		{"0xff", "\xff", false},
		{"overlong NUL", "\xc0\x80", false},
		{"UTF-16 surrogate encoded", "\xed\xa0\x80", false},
		{"truncated 3-byte sequence", "\xe2\x82", false},
		{"beyond U+10FFFF", "\xf4\x90\x80\x80", false},
	}
	var sent []string
	for _, tt := range tests {
		err := ws.SendText(tt.text)
		if tt.sent {
			assert.NoError(t, err, tt.name)
			sent = append(sent, tt.text)
		} else {
			assert.ErrorIs(t, err, ErrInvalidUTF8, tt.name)
		}
	}
	require.NoError(t, ws.Close(CodeNormalClosure, ""))
	assert.Equal(t, sent, recordedTexts(ctx, t, id), "the server got only the valid texts")
}

// TestReadLimit lets messages pass the read limit, alone and added up, and
// requires the typed error, once, and the socket closed with
// CodeReadLimitExceeded.
func TestReadLimit(t *testing.T) {
	tests := []struct {
		name     string
		send     string // an /act query
		fits     int    // messages Read returns before the error
		tooLarge int    // the size of the message that did not fit
	}{
		{"one message too large", "do=send&type=binary&data=" + strings.Repeat("ab", 1001), 0, 1001},
		{"messages waiting add up", "do=send&type=text&data=" + strings.Repeat("a", 600) + "&count=2", 1, 600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			ws, id := openRecorded(ctx, t, "")
			ws.SetReadLimit(1000)
			act(ctx, t, id, tt.send)
			ev, err := ws.Wait(ctx) // nothing read: all of it waits
			require.NoError(t, err)
			assert.Equal(t, CodeReadLimitExceeded, ev.Code)

			for range tt.fits {
				_, err := ws.Read(ctx)
				require.NoError(t, err, "a message that fitted")
			}
			_, err = ws.Read(ctx)
			var limitErr *ReadLimitError
			require.ErrorAs(t, err, &limitErr)
			assert.Equal(t, ReadLimitError{Size: tt.tooLarge, Limit: 1000}, *limitErr)
			assert.ErrorIs(t, err, ErrReadLimit)
			_, err = ws.Read(ctx)
			assert.Equal(t, CodeReadLimitExceeded, CloseStatus(err), "then the close event")

			rec := recordOf(ctx, t, id)
			require.NotNil(t, rec.Frame)
			assert.Equal(t, CodeReadLimitExceeded, rec.Frame.Code, "the socket was closed with the read limit's code")
		})
	}
}

func TestWaitBuffered(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ws, id := openRecorded(ctx, t, "")
	data := make([]byte, 4<<20)
	for range 4 {
		require.NoError(t, ws.SendBinary(data))
	}
	require.NoError(t, ws.WaitBuffered(ctx, 0))
	assert.Zero(t, ws.BufferedAmount())

	short, cancelShort := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancelShort()
	assert.ErrorIs(t, ws.WaitBuffered(short, -1), context.DeadlineExceeded, "bufferedAmount is never below 0")

	require.NoError(t, ws.Close(CodeNormalClosure, ""))
	_, err := ws.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, CodeNormalClosure, CloseStatus(ws.WaitBuffered(ctx, 0)), "after the close event")
	assert.EqualValues(t, 16<<20, recordOf(ctx, t, id).Bytes)
}

// TestCallsFromJSCallbacks calls the non-blocking methods inside a
// js.FuncOf callback run by setTimeout, and from there starts a goroutine
// that makes the blocking ones: none may deadlock.
func TestCallsFromJSCallbacks(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _ := openRecorded(ctx, t, "&echo=1")

	type seen struct {
		state    ReadyState
		url      string
		buffered int
		sendErr  error
		msg      Message
		readErr  error
		closeErr error
		event    CloseEvent
		waitErr  error
	}
	done := make(chan seen, 1)
	callback := js.FuncOf(func(js.Value, []js.Value) any {
		s := seen{state: ws.ReadyState(), url: ws.URL(), buffered: ws.BufferedAmount()}
		s.sendErr = ws.SendText("from a callback")
		go func() { // blocking calls: not on the callback's own stack
			s.msg, s.readErr = ws.Read(ctx)
			closing := js.FuncOf(func(js.Value, []js.Value) any {
				s.closeErr = ws.Close(4000, "closed from a callback")
				go func() {
					s.event, s.waitErr = ws.Wait(ctx)
					done <- s
				}()
				return nil
			})
			defer closing.Release()
			js.Global().Call("setTimeout", closing, 0)
			<-ctx.Done()
		}()
		return nil
	})
	defer callback.Release()
	js.Global().Call("setTimeout", callback, 0)

	var s seen
	select {
	case s = <-done:
	case <-ctx.Done():
		t.Fatal("calls from callbacks did not finish:", ctx.Err())
	}
	cancel() // lets the first goroutine release its callback
	assert.Equal(t, Open, s.state)
	assert.Equal(t, ws.URL(), s.url)
	assert.Zero(t, s.buffered)
	assert.NoError(t, s.sendErr)
	assert.NoError(t, s.readErr)
	assert.Equal(t, "from a callback", string(s.msg.Data))
	assert.NoError(t, s.closeErr)
	assert.NoError(t, s.waitErr)
	assert.Equal(t, CloseEvent{WasClean: true, Code: 4000, Reason: "closed from a callback"}, s.event)
	assert.False(t, errors.Is(s.waitErr, context.Canceled))
}

// TestSendWhileConnecting compares sending on a CONNECTING socket with the
// native send, which throws an InvalidStateError.
func TestSendWhileConnecting(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	nativeURL, nativeID := recordedURL(t, "&hold=handshake")
	n := openNative(t, nativeURL, nativeID)
	goURL, goID := recordedURL(t, "&hold=handshake")
	ws, err := New(goURL)
	require.NoError(t, err)

	nativeErr := n.call("send", "early")
	require.Error(t, nativeErr, "the native send throws while CONNECTING")
	assertSameOutcome(t, nativeErr, ws.SendText("early"))
	assertSameOutcome(t, n.call("send", uint8Array([]byte{1})), ws.SendBinary([]byte{1}))
	// The same length again: sent from the sender's fixed array.
	assertSameOutcome(t, n.call("send", uint8Array([]byte{2})), ws.SendBinary([]byte{2}))
	assert.ErrorIs(t, ws.SendText("early"), ErrInvalidState)

	for _, id := range []string{goID, nativeID} {
		_, err := fetchText(ctx, "http://"+recorderAddr(t)+"/release?id="+id)
		require.NoError(t, err)
	}
	n.waitFor(ctx, t, "open", func(events []event) bool { return countType(events, "open") > 0 })
	select {
	case <-ws.opened:
	case <-ctx.Done():
		t.Fatal("the Go socket did not open")
	}
	require.NoError(t, n.call("close"))
	require.NoError(t, ws.CloseWith(CloseArgs{}))
	assertSameRecord(t, recordOf(ctx, t, nativeID), recordOf(ctx, t, goID))
	// The close event releases the socket's js.Funcs, which a test after
	// this one counts.
	_, err = ws.Wait(ctx)
	assert.NoError(t, err, "the close event")
}
