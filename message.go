package browserws

import "strconv"

// MessageType says whether a message is text or binary.
type MessageType int

// The two kinds of WebSocket data message.
const (
	Text   MessageType = 1 // UTF-8 text; in JavaScript a string
	Binary MessageType = 2 // bytes; in JavaScript an ArrayBuffer
)

// String returns "text" or "binary".
func (t MessageType) String() string {
	switch t {
	case Text:
		return "text"
	case Binary:
		return "binary"
	}
	return "MessageType(" + strconv.Itoa(int(t)) + ")"
}

// A Message is one data message received.
type Message struct {
	Type MessageType
	Data []byte // for Text, valid UTF-8: the engine fails the connection otherwise
}

// DefaultReadLimit is the read limit of a new WebSocket: how many bytes of
// received messages may wait for Read at once. See [WebSocket.SetReadLimit].
const DefaultReadLimit = 32 << 20

// CodeReadLimitExceeded is the close code a WebSocket sends when a message
// passes its read limit. The wire code for it, 1009 (message too big), is
// one that close() refuses, so the code is taken from the range close()
// accepts for applications (3000-4999).
const CodeReadLimitExceeded = 4009
