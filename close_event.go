package browserws

import "strconv"

// A CloseEvent is what a WebSocket's close event reports.
type CloseEvent struct {
	WasClean bool   // the closing handshake completed
	Code     int    // the code the peer sent; 1005 if it sent none, 1006 if the connection dropped
	Reason   string // the reason the peer sent
}

// Status codes a CloseEvent commonly reports. Of these, close() itself
// accepts only CodeNormalClosure; see [ValidateClose].
const (
	CodeNormalClosure    = 1000 // the purpose of the connection is fulfilled
	CodeNoStatusReceived = 1005 // the close frame had no body
	CodeAbnormalClosure  = 1006 // no close frame: the connection dropped
)

// ReadyState is the readyState of a WebSocket.
type ReadyState int

// The four states of a WebSocket, with JavaScript's numbers.
const (
	Connecting ReadyState = 0
	Open       ReadyState = 1
	Closing    ReadyState = 2
	Closed     ReadyState = 3
)

// String returns the name JavaScript gives the state, such as "CONNECTING".
func (s ReadyState) String() string {
	switch s {
	case Connecting:
		return "CONNECTING"
	case Open:
		return "OPEN"
	case Closing:
		return "CLOSING"
	case Closed:
		return "CLOSED"
	}
	return "ReadyState(" + strconv.Itoa(int(s)) + ")"
}
