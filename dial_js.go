//go:build js && wasm

package browserws

import "context"

// Dial opens a WebSocket to url, offering protocols, and waits until it is
// OPEN. If the handshake fails (refused, unreachable; in Chromium and
// undici also a response that picks none of the offered subprotocols,
// which Firefox and WebKit accept with an empty Protocol) it returns the
// [*CloseError] of the close event, which the browser reports as code 1006
// whatever the cause, so as not to tell pages about the network.
//
// If ctx is done first, Dial closes the socket with close(1000), a call
// every engine accepts while CONNECTING, removes its listener and returns
// ctx's error. (Firefox keeps the connection itself until the server
// answers the handshake.) The context bounds only the dial, not the
// socket's life.
func Dial(ctx context.Context, url string, protocols ...string) (*WebSocket, error) {
	ws, err := New(url, protocols...)
	if err != nil {
		return nil, err
	}
	select {
	case <-ws.opened:
		return ws, nil
	case <-ws.closed:
		return nil, ws.closedErr()
	case <-ctx.Done():
	}
	select { // an open event that raced ctx wins
	case <-ws.opened:
		return ws, nil
	default:
	}
	ws.abort()
	return nil, ctx.Err()
}

// abort gives up a socket nobody will use: it stops listening, since under
// Node.js a socket closed while CONNECTING never gets a close event that
// would do it (and undici's close fires an error event from inside the
// call), then closes it, through the validator like every close this
// package makes.
func (ws *WebSocket) abort() {
	ws.stopListening()
	ws.CloseWith(CloseArgs{Code: CodeNormalClosure, HasCode: true}) // cannot fail: 1000 is valid in every state
}
