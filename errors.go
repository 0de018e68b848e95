package browserws

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

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
	// (Node.js 20 without --experimental-websocket, for one), or page code
	// had broken what the package captures from it when it first needed
	// it (a getter that throws, say, in place of a global the package
	// reads): the package captures once per program.
	ErrNoWebSocket = errors.New("browserws: this JavaScript host has no WebSocket")
	// ErrNotWebSocket means Wrap was given a value that is not a WebSocket
	// (by the engine's own brand check), or a method was called on a
	// WebSocket that New, Dial or Wrap did not make, such as WebSocket{}.
	ErrNotWebSocket = errors.New("browserws: value is not a WebSocket")
	// ErrCloseEventMissed means the socket was already CLOSED when it was
	// wrapped, so its close event had fired before anyone could listen.
	ErrCloseEventMissed = errors.New("browserws: socket was closed before it was wrapped; its close event is unknown")
)

// An Exception is a JavaScript exception as a Go error. It keeps what the
// native code threw: the name, the message word for word, and whether it was
// a DOMException (a "SyntaxError" can be either a DOMException or a plain
// JavaScript SyntaxError).
//
// Exceptions that JavaScript threw come back as an *Exception. Those that
// [ValidateClose] and the Close methods predict come back as an error of
// another type, which builds its *Exception only when errors.As asks for it,
// so that a refused close allocates nothing; errors.As(err, &exc) finds an
// *Exception in both.
type Exception struct {
	Name         string // "InvalidAccessError", "SyntaxError", "TypeError", ...; "Error" when the thrown value has no readable string name (a thrown primitive, a Proxy)
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

// Errors of a socket's life after the handshake.
var (
	// ErrClosed means the socket is closing or closed. Once its close event
	// has fired, calls return a [*CloseError] carrying the event instead,
	// which unwraps to ErrClosed.
	ErrClosed = errors.New("browserws: WebSocket is closed")
	// ErrInvalidUTF8 means a text message was not valid UTF-8. JavaScript
	// would send U+FFFD in place of each bad sequence; SendText refuses
	// instead of changing the message.
	ErrInvalidUTF8 = errors.New("browserws: text message is not valid UTF-8")
	// ErrReadLimit is what a [*ReadLimitError] unwraps to.
	ErrReadLimit = errors.New("browserws: read limit exceeded")
	// ErrBinaryType means a binary message arrived as a Blob, because
	// JavaScript code set the socket's binaryType to "blob". Read returns it
	// in the message's place and goes on with the next message.
	ErrBinaryType = errors.New(`browserws: binary message is not an ArrayBuffer; binaryType must stay "arraybuffer"`)
	// ErrMessageData means a message event carried data that is neither a
	// string, an ArrayBuffer nor a Blob. No engine sends such a message;
	// under Node.js, whose events cannot be told from those JavaScript code
	// dispatches, one may come from such code. Read returns it in the
	// message's place and goes on.
	ErrMessageData = errors.New("browserws: message data is neither a string nor an ArrayBuffer")
)

// A CloseError reports that the socket has closed, with the close event
// that said so: the code and reason the peer sent, or 1006 and wasClean
// false when the connection dropped. Every call made after the event
// returns it, so the peer's code and reason are never lost.
type CloseError struct {
	CloseEvent
}

// Error describes the close event.
func (e *CloseError) Error() string {
	msg := "browserws: WebSocket closed with code " + strconv.Itoa(e.Code)
	if e.Reason != "" {
		msg += " (" + quote(e.Reason) + ")"
	}
	if !e.WasClean {
		msg += ", not cleanly"
	}
	return msg
}

// Unwrap returns [ErrClosed].
func (e *CloseError) Unwrap() error { return ErrClosed }

// quote is strconv.Quote for the reasons a close event carries: the same
// escapes for the double quote, the backslash, ASCII control characters
// and bytes that are not UTF-8, but every other character kept as it is.
// strconv.Quote also escapes the Unicode characters that are not
// printable, and its tables of them cost every program about 15 KB.
func quote(s string) string {
	const hex = "0123456789abcdef"
	// The control characters with a one-letter escape, and their letters.
	const controls, letters = "\a\b\f\n\r\t\v", "abfnrtv"
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c >= ' ' && c != 0x7f && (r != utf8.RuneError || size > 1):
			b = append(b, s[i-size:i]...)
		default: // a control character, or a byte that is not UTF-8
			escape := []byte{'\\', 'x', hex[c>>4], hex[c&15]}
			for k := range len(controls) {
				if controls[k] == c {
					escape = []byte{'\\', letters[k]}
				}
			}
			b = append(b, escape...)
		}
	}
	return string(append(b, '"'))
}

// CloseStatus returns the close code of the [*CloseError] in err's chain, or
// -1 if there is none.
func CloseStatus(err error) int {
	var closeErr *CloseError
	if errors.As(err, &closeErr) {
		return closeErr.Code
	}
	return -1
}

// A ReadLimitError reports a message that did not fit in the read limit:
// the bytes already waiting to be read plus the message's size passed
// Limit. The message was dropped and the socket closed with
// [CodeReadLimitExceeded].
type ReadLimitError struct {
	Size  int // the dropped message's size in bytes
	Limit int // the limit in force
}

// Error gives the sizes.
func (e *ReadLimitError) Error() string {
	return "browserws: a " + strconv.Itoa(e.Size) + "-byte message passed the read limit of " + strconv.Itoa(e.Limit) + " bytes"
}

// Unwrap returns [ErrReadLimit].
func (e *ReadLimitError) Unwrap() error { return ErrReadLimit }
