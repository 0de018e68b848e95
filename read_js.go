//go:build js && wasm

package browserws

import (
	"context"
	"errors"
)

// Read returns the next message received, blocking until one arrives, the
// socket closes or ctx is done. Messages come in the order the engine
// delivered them. After the close event, Read first returns the messages
// still waiting, then the [*CloseError].
//
// If a message did not fit in the read limit, Read returns the
// [*ReadLimitError] once, after the messages that came before it, and the
// [*CloseError] after the close event that follows. A message this package
// cannot read (a Blob, after JavaScript code set binaryType to "blob") is
// reported in its place with [ErrBinaryType], and the messages after it are
// returned as usual: nothing is dropped without an error. Read must not be
// called from inside a js.FuncOf callback.
func (ws *WebSocket) Read(ctx context.Context) (Message, error) {
	if !ws.made() {
		return Message{}, ErrNotWebSocket
	}
	for {
		msg, err := ws.next()
		if err != errNoMessage {
			return msg, err
		}
		// While the wake-up is armed, any message in the box has posted
		// it: the wake-up drains, and Read saves a look at the box.
		if !ws.inbox.isArmed() && ws.drain() {
			continue
		}
		ws.inbox.arm()
		select {
		case <-ws.arrived:
		case <-ws.closed:
		case <-ctx.Done():
			return Message{}, ctx.Err()
		}
	}
}

// drain moves the message events waiting in the inbox into the queue,
// through received and unreadable, and reports whether it took any. It
// runs on the goroutine of Read or, when the inbox's wake-up fires, on the
// event loop; a drain started from inside another's calls into JavaScript
// returns at once.
func (ws *WebSocket) drain() bool {
	ws.mu.Lock()
	if ws.draining || ws.inbox == nil {
		ws.mu.Unlock()
		return false
	}
	ws.draining = true
	ws.mu.Unlock()
	took := ws.inbox.drain()
	ws.mu.Lock()
	ws.draining = false
	ev := ws.closeAfterDrain
	ws.closeAfterDrain = nil
	ws.mu.Unlock()
	if ev != nil {
		ws.closeWith(*ev)
	}
	return took > 0
}

// errNoMessage tells Read to wait.
var errNoMessage = errors.New("no message yet")

// next takes the next message, or returns the error Read returns in its
// place, or errNoMessage.
func (ws *WebSocket) next() (Message, error) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	switch {
	case len(ws.queue) > 0:
		d := ws.queue[0]
		ws.queue[0] = delivery{}
		ws.queue = ws.queue[1:]
		ws.queued -= len(d.msg.Data)
		if len(ws.queue) > 0 {
			ws.wake() // another reader may be waiting
		}
		return d.msg, d.err
	case ws.readErr != nil && !ws.readErrTold:
		ws.readErrTold = true
		return Message{}, ws.readErr
	case ws.isClosed():
		return Message{}, ws.closedErr()
	}
	return Message{}, errNoMessage
}

// A delivery is one message event as Read returns it: a message, or the
// error that stands in its place.
type delivery struct {
	msg Message
	err error
}

// SetReadLimit sets how many bytes of received messages may wait for Read
// at once (default [DefaultReadLimit]). A message that would pass it is
// dropped, the socket is closed with [CodeReadLimitExceeded], and Read
// reports a [*ReadLimitError]: the browser cannot pause a socket, so a peer
// sending faster than the program reads must be stopped. Messages are
// measured as Go takes them, read or not, in batches of at most 64, so the
// page holds at most the limit plus 64 messages not yet taken, plus the
// JavaScript copies of the last batch taken, at most 64 more (and whatever
// the engine itself buffers before it dispatches them).
func (ws *WebSocket) SetReadLimit(bytes int) {
	if !ws.made() {
		return
	}
	ws.mu.Lock()
	ws.readLimit = bytes
	ws.mu.Unlock()
}

// received queues a message's data; a drain calls it, on the JavaScript
// event loop or in Read, and it does not block.
func (ws *WebSocket) received(t MessageType, size int, data func() []byte) {
	ws.mu.Lock()
	if ws.readErr != nil || ws.closeSeen {
		// The socket is closing after a message passed the limit: what
		// follows the gap is dropped too. (After the close event only
		// JavaScript code can make a message; it is ignored.)
		ws.mu.Unlock()
		return
	}
	if ws.queued+size > ws.readLimit {
		ws.readErr = &ReadLimitError{Size: size, Limit: ws.readLimit}
		ws.wake()
		ws.mu.Unlock()
		ws.CloseWith(CloseArgs{Code: CodeReadLimitExceeded, HasCode: true, Reason: "read limit exceeded", HasReason: true})
		return
	}
	ws.queue = append(ws.queue, delivery{msg: Message{Type: t, Data: data()}})
	ws.queued += size
	ws.wake()
	ws.mu.Unlock()
}

// unreadable queues err in the place of a message that cannot be read.
func (ws *WebSocket) unreadable(err error) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.readErr != nil || ws.closeSeen {
		return // dropped, as received drops messages then
	}
	ws.queue = append(ws.queue, delivery{err: err})
	ws.wake()
}

// wake lets one waiting Read look again. ws.mu is held.
func (ws *WebSocket) wake() {
	select {
	case ws.arrived <- struct{}{}:
	default:
	}
}
