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
// Messages are copied into Go in batches as they arrive, in order, and
// wait for Read; at most the read limit's worth of bytes may wait (see
// [WebSocket.SetReadLimit]). A message costs Go no call of its own: the
// engine appends its event to an array, which Go takes a batch at a time
// (see the README). Once the close event has fired, Read (after
// the waiting messages), SendText, SendBinary and WaitBuffered return a
// [*CloseError] holding it.
//
// Only events the engine fired move a WebSocket along (see [Wrap] and the
// README): events that page JavaScript dispatches on the socket are
// ignored, and none can panic the program. A zero WebSocket is not a
// socket: its methods return [ErrNotWebSocket], or zero values.
type WebSocket struct {
	sock   jsSocket
	engine Engine
	// stopListening removes the socket's listener: after the close event,
	// or when Dial gives up.
	stopListening func()
	// inbox is where received messages wait until drained into queue (nil
	// for a socket wrapped CLOSED).
	inbox *listener

	opened chan struct{} // closed by the open event
	closed chan struct{} // closed by the close event, after event is set
	event  CloseEvent
	missed bool // the socket was CLOSED before it was wrapped

	mu          sync.Mutex
	openSeen    bool          // opened is closed
	closeSeen   bool          // closed is closed
	queue       []delivery    // received, not yet read; queue[0] is next
	queued      int           // bytes in queue
	readLimit   int           // bound on queued
	readErr     error         // a *ReadLimitError: why reading stopped
	readErrTold bool          // Read has returned readErr
	arrived     chan struct{} // a wake-up for Read, buffered
	sawError    bool          // an error event came
	draining    bool          // drain is taking the inbox's events
	// closeAfterDrain is the close event that came while a drain ran
	// (from inside one of its calls into JavaScript): it is taken once the
	// messages before it are.
	closeAfterDrain *CloseEvent
}

// made reports whether ws was made by New, Dial or Wrap.
func (ws *WebSocket) made() bool { return ws != nil && ws.closed != nil }

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
		ws.openSeen = true
		close(ws.opened)
	}
	if state == Closed {
		ws.missed = true
		ws.closeSeen = true
		ws.stopListening = func() {}
		close(ws.closed)
		return ws
	}
	sock.setBinaryType("arraybuffer")
	ws.inbox = sock.listen(socketEvents{
		open:       ws.openedBy,
		message:    ws.received,
		badMessage: ws.unreadable,
		error:      ws.errored,
		close:      ws.closedBy,
		waiting:    func() { ws.drain() },
	})
	ws.stopListening = ws.inbox.remove
	return ws
}

// openedBy records the open event: the first one, once the socket has
// left CONNECTING. Under Node.js an open event dispatched by JavaScript
// code looks like the engine's; these checks keep it from doing harm.
func (ws *WebSocket) openedBy() {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.openSeen || ws.sock.readyState() == Connecting {
		return
	}
	ws.openSeen = true
	close(ws.opened)
}

// closedBy records the close event and reports whether it took it: only
// the first, and only once readyState is CLOSED, as the engine sets it
// before firing the event. The messages that came before it are drained
// first, so that Read returns them before the close.
func (ws *WebSocket) closedBy(ev CloseEvent) bool {
	if ws.sock.readyState() != Closed {
		return false
	}
	ws.mu.Lock()
	if ws.draining {
		// Fired from inside the drain's own calls: the drain takes it
		// after its batch.
		if ws.closeAfterDrain == nil {
			ws.closeAfterDrain = &ev
		}
		ws.mu.Unlock()
		return true
	}
	ws.mu.Unlock()
	ws.drain()
	return ws.closeWith(ev)
}

// closeWith ends the socket's life as seen from Go with ev.
func (ws *WebSocket) closeWith(ev CloseEvent) bool {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.closeSeen {
		return false
	}
	ws.closeSeen = true
	ws.event = ev
	close(ws.closed)
	ws.wake()
	return true
}

// errored records an error event. Under Node.js an error event while
// CONNECTING is a failed handshake that no close event will follow (see
// [Undici]), so it stands in for the close event the standard prescribes
// there: code 1006, not clean. undici marks no event trusted, so the error
// may also be one that JavaScript code dispatched; the socket is therefore
// closed for real (close(1000), valid while CONNECTING), so that it never
// goes on behind a WebSocket that reports it closed.
func (ws *WebSocket) errored() {
	ws.mu.Lock()
	ws.sawError = true
	ws.mu.Unlock()
	if hostEngine() == Undici && ws.sock.readyState() == Connecting {
		ws.abort()
		ws.closeWith(CloseEvent{Code: CodeAbnormalClosure})
	}
}

// HostEngine returns the engine whose close rules this program follows:
// [Chromium], [Firefox] or [WebKit] in a browser, [Undici] under Node.js,
// and Chromium's rules where it cannot tell. It asks the WebSocket
// implementation itself (a side-effect-free brand-check probe that each
// engine answers in its own words), not a user agent or a process global
// that page code can set. New and Wrap start every WebSocket with it.
func HostEngine() Engine { return hostEngine() }

// Engine returns the engine whose rules ws's Close methods check.
func (ws *WebSocket) Engine() Engine {
	if !ws.made() {
		return hostEngine()
	}
	return ws.engine
}

// SetEngine makes ws check close arguments by engine's rules instead of the
// host's, for a host [HostEngine] does not recognise.
func (ws *WebSocket) SetEngine(engine Engine) {
	if ws.made() {
		ws.engine = engine
	}
}

// ReadyState returns the socket's current readyState.
// (CLOSED for a zero WebSocket).
func (ws *WebSocket) ReadyState() ReadyState {
	if !ws.made() {
		return Closed
	}
	return ws.sock.readyState()
}

// URL returns the socket's url attribute: the URL as the engine parsed it.
func (ws *WebSocket) URL() string { return ws.attribute(attrURL) }

// Protocol returns the subprotocol the server chose, or "" (also while
// CONNECTING).
func (ws *WebSocket) Protocol() string {
	return ws.attribute(attrProtocol)
}

// Extensions returns the extensions the server chose, such as
// "permessage-deflate", or "".
func (ws *WebSocket) Extensions() string {
	return ws.attribute(attrExtensions)
}

// BinaryType returns the socket's binaryType, which this package sets to
// "arraybuffer" and which should stay so: if JavaScript code sets it to
// "blob", Read reports [ErrBinaryType] in place of each binary message that
// then arrives as a Blob, and goes on with the messages after it.
func (ws *WebSocket) BinaryType() string {
	return ws.attribute(attrBinaryType)
}

// attribute reads one of the socket's string attributes; "" for a zero
// WebSocket.
func (ws *WebSocket) attribute(a stringAttribute) string {
	if !ws.made() {
		return ""
	}
	return ws.sock.stringProperty(a)
}

// Wait blocks until the socket's close event has fired or ctx is done, and
// returns the event. After the event every call returns it again at once.
// It must not be called from inside a js.FuncOf callback.
//
// Under Node.js a socket closed while still CONNECTING never gets a close
// event (an undici behaviour, see [Undici]); pass a context with a deadline.
func (ws *WebSocket) Wait(ctx context.Context) (CloseEvent, error) {
	if !ws.made() {
		return CloseEvent{}, ErrNotWebSocket
	}
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
