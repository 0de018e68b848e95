//go:build js && wasm

package browserws

import "context"

// A WebSocket is a JavaScript WebSocket seen from Go. Its Close methods
// check their arguments with [ValidateClose] before calling the native close,
// so a call the engine would refuse returns the same exception as an error
// and leaves the socket untouched, and no call panics.
//
// A WebSocket's methods may be called from any goroutine. Wait blocks, so it
// must not be called from inside a js.FuncOf callback: the close event it
// waits for is delivered by the same JavaScript event loop.
type WebSocket struct {
	sock   jsSocket
	engine Engine

	closed chan struct{} // closed after event is set
	event  CloseEvent
	// missed is set when the socket was CLOSED before it was wrapped.
	missed bool
}

// New opens a WebSocket to url, as new WebSocket(url, protocols) does; the
// socket starts CONNECTING. The constructor's exceptions (a SyntaxError for a
// URL it refuses, for one) come back as an [*Exception].
func New(url string, protocols ...string) (*WebSocket, error) {
	sock, err := newJSSocket(url, protocols)
	if err != nil {
		return nil, err
	}
	return newWebSocket(sock), nil
}

func newWebSocket(sock jsSocket) *WebSocket {
	ws := &WebSocket{sock: sock, engine: hostEngine(), closed: make(chan struct{})}
	if sock.readyState() == Closed {
		ws.missed = true
		close(ws.closed)
		return ws
	}
	sock.onceClose(func(ev CloseEvent) {
		ws.event = ev
		close(ws.closed)
	})
	return ws
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

// Close starts the closing handshake with code and reason, as
// ws.close(code, reason) does. The code must be 1000 or 3000-4999 (else
// [ErrInvalidAccess]) and the reason at most 123 bytes of UTF-8 (else
// [ErrSyntax]). The reason is measured as JavaScript will receive it, not by
// len: invalid UTF-8 becomes U+FFFD (three bytes) and a leading byte order
// mark is dropped, and that is also what is sent. See [JSStringLength].
//
// Close returns at once; use [WebSocket.Wait] for the close event. Calling
// Close on a socket that is already CLOSING or CLOSED checks the arguments
// and otherwise does nothing, as in JavaScript.
func (ws *WebSocket) Close(code int, reason string) error {
	return ws.CloseWith(CloseArgs{Code: float64(code), HasCode: true, Reason: reason, HasReason: true})
}

// CloseWith calls close with exactly the arguments args has: CloseArgs{}
// is close() and sends a close frame with no body, a code alone is
// close(code). Arguments are checked as in [WebSocket.Close]. The reason is
// always a Go string here; args.ReasonFromJS is ignored.
func (ws *WebSocket) CloseWith(args CloseArgs) error {
	args.ReasonFromJS = false
	if err := ValidateClose(ws.engine, args); err != nil {
		return err
	}
	return ws.sock.close(args)
}

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
