//go:build js && wasm

package browserws

import (
	"context"
	"sync"
)

// A WebSocket is a JavaScript WebSocket seen from Go. Every method checks
// its arguments before calling into JavaScript, so a call the engine would
// refuse returns the same exception as an error, and none panics.
//
// Methods may be called from any goroutine. Dial, Read, Wait and
// WaitBuffered block until the JavaScript event loop delivers an event, so
// they must not be called from inside a js.FuncOf callback (the callback
// holds the event loop; start a goroutine there instead). SendText,
// SendBinary, Close, CloseWith, ReadyState, BufferedAmount and the
// attribute getters never block and are safe anywhere.
//
// Messages are copied into Go as they arrive, in order, and wait for Read;
// at most the read limit's worth of bytes may wait (see
// [WebSocket.SetReadLimit]). Once the close event has fired, Read (after
// the waiting messages), SendText, SendBinary and WaitBuffered return a
// [*CloseError] holding it.
type WebSocket struct {
	sock   jsSocket
	engine Engine
	// stopListening removes the socket's listener: after the close event,
	// or when Dial gives up.
	stopListening func()

	opened chan struct{} // closed by the open event
	closed chan struct{} // closed by the close event, after event is set
	event  CloseEvent
	missed bool // the socket was CLOSED before it was wrapped

	mu          sync.Mutex
	queue       []Message     // received, not yet read; queue[0] is next
	queued      int           // bytes in queue
	readLimit   int           // bound on queued
	readErr     error         // a *ReadLimitError or ErrBinaryType: why reading stopped
	readErrTold bool          // Read has returned readErr
	arrived     chan struct{} // a wake-up for Read, buffered
	sawError    bool          // an error event came
}

// New opens a WebSocket to url, as new WebSocket(url, protocols) does; the
// socket starts CONNECTING (see [Dial] to wait for it to open). The
// constructor's exceptions (a SyntaxError for a URL it refuses, for one)
// come back as an [*Exception].
func New(url string, protocols ...string) (*WebSocket, error) {
	sock, err := newJSSocket(url, protocols)
	if err != nil {
		return nil, err
	}
	return newWebSocket(sock), nil
}

// newWebSocket starts listening to sock. It sets binaryType to
// "arraybuffer": a Blob can be read only asynchronously, which would let a
// later text message overtake it.
func newWebSocket(sock jsSocket) *WebSocket {
	ws := &WebSocket{
		sock:      sock,
		engine:    hostEngine(),
		opened:    make(chan struct{}),
		closed:    make(chan struct{}),
		readLimit: DefaultReadLimit,
		arrived:   make(chan struct{}, 1),
	}
	state := sock.readyState()
	if state != Connecting {
		close(ws.opened)
	}
	if state == Closed {
		ws.missed = true
		ws.stopListening = func() {}
		close(ws.closed)
		return ws
	}
	sock.setBinaryType("arraybuffer")
	ws.stopListening = sock.listen(socketEvents{
		open:       func() { close(ws.opened) },
		message:    ws.received,
		badMessage: ws.failRead,
		error:      ws.errored,
		close:      ws.closedBy,
	})
	return ws
}

// closedBy records the close event. The listener is gone by now.
func (ws *WebSocket) closedBy(ev CloseEvent) {
	ws.event = ev
	close(ws.closed)
}

// errored records an error event. Under Node.js an error event while
// CONNECTING is a failed handshake that no close event will follow (see
// [Undici]), so it stands in for the close event the standard prescribes
// there: code 1006, not clean.
func (ws *WebSocket) errored() {
	ws.mu.Lock()
	ws.sawError = true
	ws.mu.Unlock()
	if hostEngine() == Undici && ws.sock.readyState() == Connecting {
		ws.stopListening()
		ws.closedBy(CloseEvent{Code: CodeAbnormalClosure})
	}
}

// HostEngine returns the engine whose close rules this program follows:
// [Undici] under Node.js, [Chromium] otherwise. New and Wrap start every
// WebSocket with it.
func HostEngine() Engine { return hostEngine() }

// Engine returns the engine whose rules ws's Close methods check.
func (ws *WebSocket) Engine() Engine { return ws.engine }

// SetEngine makes ws check close arguments by engine's rules instead of the
// host's, for a host [HostEngine] does not recognise.
func (ws *WebSocket) SetEngine(engine Engine) { ws.engine = engine }

// ReadyState returns the socket's current readyState.
func (ws *WebSocket) ReadyState() ReadyState { return ws.sock.readyState() }

// URL returns the socket's url attribute: the URL as the engine parsed it.
func (ws *WebSocket) URL() string { return ws.sock.stringProperty("url") }

// Protocol returns the subprotocol the server chose, or "" (also while
// CONNECTING).
func (ws *WebSocket) Protocol() string { return ws.sock.stringProperty("protocol") }

// Extensions returns the extensions the server chose, such as
// "permessage-deflate", or "".
func (ws *WebSocket) Extensions() string { return ws.sock.stringProperty("extensions") }

// BinaryType returns the socket's binaryType, which this package sets to
// "arraybuffer" and which must stay so: Read reports [ErrBinaryType] for a
// binary message that arrives as a Blob.
func (ws *WebSocket) BinaryType() string { return ws.sock.stringProperty("binaryType") }

// Wait blocks until the socket's close event has fired or ctx is done, and
// returns the event. After the event every call returns it again at once.
// It must not be called from inside a js.FuncOf callback.
//
// Under Node.js a socket closed while still CONNECTING never gets a close
// event (an undici behaviour, see [Undici]); pass a context with a deadline.
func (ws *WebSocket) Wait(ctx context.Context) (CloseEvent, error) {
	select {
	case <-ws.closed:
		if ws.missed {
			return CloseEvent{}, ErrCloseEventMissed
		}
		return ws.event, nil
	case <-ctx.Done():
		return CloseEvent{}, ctx.Err()
	}
}

// closedErr returns the error of a call made after the close event.
func (ws *WebSocket) closedErr() error {
	if ws.missed {
		return ErrCloseEventMissed
	}
	return &CloseError{ws.event}
}

// isClosed reports whether the close event has fired.
func (ws *WebSocket) isClosed() bool {
	select {
	case <-ws.closed:
		return true
	default:
		return false
	}
}
