//go:build js && wasm

package browserws

import (
	"context"
	"time"
	"unicode/utf8"
)

// SendText sends text as a text message, byte for byte: a leading U+FEFF
// is sent too, although the TextDecoder that wasm_exec.js passes Go strings
// through would drop it. Text that is not valid UTF-8 is refused with
// [ErrInvalidUTF8]; JavaScript would send U+FFFD in place of each bad
// sequence.
//
// While CONNECTING it returns the engine's InvalidStateError, as send does.
// Once the socket is CLOSING or CLOSED it returns [ErrClosed], or the
// [*CloseError] after the close event, and sends nothing: JavaScript drops
// such data silently and only adds it to bufferedAmount.
func (ws *WebSocket) SendText(text string) error {
	if !utf8.ValidString(text) {
		return ErrInvalidUTF8
	}
	if err := ws.sendable(); err != nil {
		return err
	}
	return ws.sock.sendText(text)
}

// SendBinary sends a copy of data as a binary message. It fails as
// SendText does for the socket's state.
func (ws *WebSocket) SendBinary(data []byte) error {
	if err := ws.sendable(); err != nil {
		return err
	}
	return ws.sock.sendBinary(data)
}

// sendable returns the error of a send in the socket's state, if the
// state is one where JavaScript would drop the data.
func (ws *WebSocket) sendable() error {
	if !ws.made() {
		return ErrNotWebSocket
	}
	if ws.isClosed() {
		return ws.closedErr()
	}
	if state := ws.sock.readyState(); state == Closing || state == Closed {
		return ErrClosed
	}
	return nil
}

// BufferedAmount returns the bytes sent but not yet handed to the network,
// the socket's bufferedAmount.
// It is 0 for a zero WebSocket.
func (ws *WebSocket) BufferedAmount() int {
	if !ws.made() {
		return 0
	}
	return ws.sock.bufferedAmount()
}

// bufferedPoll bounds how often WaitBuffered reads bufferedAmount:
// JavaScript has no event for it, so it is polled, first often, then less.
const (
	bufferedPollFirst = time.Millisecond
	bufferedPollMax   = 16 * time.Millisecond
)

// WaitBuffered blocks until bufferedAmount is at most threshold, for
// backpressure: send, then wait before sending more. It returns ctx's error
// if ctx is done first, and the [*CloseError] if the socket closes first
// (data still buffered then is never sent). It must not be called from
// inside a js.FuncOf callback.
func (ws *WebSocket) WaitBuffered(ctx context.Context, threshold int) error {
	if !ws.made() {
		return ErrNotWebSocket
	}
	poll := bufferedPollFirst
	timer := time.NewTimer(poll)
	defer timer.Stop()
	for {
		if ws.isClosed() {
			return ws.closedErr()
		}
		if ws.sock.bufferedAmount() <= threshold {
			return nil
		}
		select {
		case <-timer.C:
			poll = min(2*poll, bufferedPollMax)
			timer.Reset(poll)
		case <-ws.closed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
