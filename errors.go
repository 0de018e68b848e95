package browserws

import "errors"

// Sentinels for the kinds of exception close and the WebSocket constructor
// throw. Every [*Exception] unwraps to the one matching its name, so callers
// write errors.Is(err, browserws.ErrInvalidAccess).
var (
	// ErrInvalidAccess is a DOMException named "InvalidAccessError": close was
	// given a code other than 1000 or 3000-4999.
	ErrInvalidAccess = errors.New("InvalidAccessError")
	// ErrSyntax is a DOMException named "SyntaxError": a close reason longer
	// than 123 UTF-8 bytes, or a URL the WebSocket constructor refuses.
	ErrSyntax = errors.New("SyntaxError")
	// ErrInvalidState is a DOMException named "InvalidStateError".
	ErrInvalidState = errors.New("InvalidStateError")
	// ErrType is a JavaScript TypeError, such as the one a call on an object
	// that is not a WebSocket throws.
	ErrType = errors.New("TypeError")
)

// Errors of this package's own, for situations JavaScript has no exception for.
var (
	// ErrNoWebSocket means the JavaScript host has no global WebSocket
	// (Node.js 20 without --experimental-websocket, for one).
	ErrNoWebSocket = errors.New("browserws: this JavaScript host has no WebSocket")
	// ErrNotWebSocket means Wrap was given a value that is not a WebSocket.
	ErrNotWebSocket = errors.New("browserws: value is not a WebSocket")
	// ErrCloseEventMissed means the socket was already CLOSED when it was
	// wrapped, so its close event had fired before anyone could listen.
	ErrCloseEventMissed = errors.New("browserws: socket was closed before it was wrapped; its close event is unknown")
)

// An Exception is a JavaScript exception as a Go error. It keeps what the
// native code threw: the name, the message word for word, and whether it was
// a DOMException (a "SyntaxError" can be either a DOMException or a plain
// JavaScript SyntaxError).
type Exception struct {
	Name         string // "InvalidAccessError", "SyntaxError", "TypeError", ...
	Message      string // the engine's message, unchanged
	DOMException bool   // thrown as a DOMException rather than a JS Error
}

// Error returns the name and message, as a JavaScript console shows them.
func (e *Exception) Error() string {
	if e.Message == "" {
		return e.Name
	}
	return e.Name + ": " + e.Message
}

// Unwrap returns the sentinel of e's kind, or nil for kinds without one.
func (e *Exception) Unwrap() error {
	switch {
	case e.DOMException && e.Name == "InvalidAccessError":
		return ErrInvalidAccess
	case e.DOMException && e.Name == "SyntaxError":
		return ErrSyntax
	case e.DOMException && e.Name == "InvalidStateError":
		return ErrInvalidState
	case !e.DOMException && e.Name == "TypeError":
		return ErrType
	}
	return nil
}

func domException(name, message string) *Exception {
	return &Exception{Name: name, Message: message, DOMException: true}
}
