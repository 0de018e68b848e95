package recorder

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/coder/websocket"
)

// Errors of the actions on a live socket.
var (
	// ErrNoSocket: no socket of that id has completed its handshake and is
	// still connected, or another action is already closing it.
	ErrNoSocket = errors.New("recorder: no such connected socket")
	// ErrBadParameter: an action's parameters are invalid.
	ErrBadParameter = errors.New("recorder: bad parameter")
)

const (
	// NoStatus is the close code that makes CloseSocket send a close frame
	// with no body, as a Frame reports such a frame.
	NoStatus = int(websocket.StatusNoStatusRcvd)
	// maxReason is how many bytes a close reason can have on the wire.
	maxReason = 123
	// maxCount bounds the count of /act?do=send.
	maxCount = 1 << 20
	// acceptWait bounds how long an action waits for websocket.Accept.
	acceptWait = 5 * time.Second
)

// An action is something the server does to a live socket.
type action struct {
	do     string // "close", "drop" or "send"
	code   int    // close: the close code, NoStatus for no body
	reason string // close
	typ    websocket.MessageType
	data   []byte // send
	count  int    // send: how many times
}

// CloseSocket starts the closing handshake of the socket named id with code
// and reason (NoStatus: a frame with no body, reason empty), and returns
// once the client has answered with its close frame or coder/websocket has
// given up (5 s to write, 5 s to wait). code must be one a close frame may
// carry: 1000 to 1003, 1007 to 1014, 3000 to 4999. An answer with another
// code is no error.
//
// The client's close frame is recorded as Record.Frame. Data messages that
// come after the server's close frame may be missing from the Record:
// coder/websocket discards them when its Close takes the read over between
// two messages, and when it then reads the client's close frame itself,
// Frame.ReasonUnknown is set if the code equalled the server's.
func (s *Server) CloseSocket(id string, code int, reason string) error {
	return s.act(id, action{do: "close", code: code, reason: reason})
}

// Drop ends the TCP connection of the socket named id without a close
// frame, so its client sees the connection fail (a browser: code 1006,
// wasClean false).
func (s *Server) Drop(id string) error {
	return s.act(id, action{do: "drop"})
}

// Send sends data as a message of type typ (websocket.MessageText or
// websocket.MessageBinary) to the socket named id, count times (1 to
// 1<<20), each write bounded by s.WriteTimeout.
func (s *Server) Send(id string, typ websocket.MessageType, data []byte, count int) error {
	return s.act(id, action{do: "send", typ: typ, data: data, count: count})
}

// act checks a and runs it on the live socket named id.
func (s *Server) act(id string, a action) error {
	if err := a.check(); err != nil {
		return err
	}
	sock, err := s.live(id)
	if err != nil {
		return err
	}
	return s.run(sock, a)
}

// live returns the socket named id if its handshake completed and its
// connection has not ended. A client can see its handshake complete a
// moment before the server does: live waits out that moment.
func (s *Server) live(id string) (*socket, error) {
	s.mu.Lock()
	sock, ok := s.sockets[id]
	accepting := ok && sock.accepting
	s.mu.Unlock()
	if accepting {
		select {
		case <-sock.connected:
		case <-sock.done:
		case <-time.After(acceptWait):
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !accepting || sock.conn == nil || sock.rec.Done {
		return nil, fmt.Errorf("%w: %q", ErrNoSocket, id)
	}
	return sock, nil
}

// run does a checked action to sock.
func (s *Server) run(sock *socket, a action) error {
	var err error
	switch a.do {
	case "close":
		err = s.closeSocket(sock, a.code, a.reason)
	case "drop":
		err = sock.conn.CloseNow()
	case "send":
		err = s.send(sock, a)
	}
	if errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("%w: %w", ErrNoSocket, err)
	}
	return err
}

// closeSocket runs coder/websocket's Close and, once the read loop has
// ended, records the client's close frame from Close's result if the loop
// did not see it.
func (s *Server) closeSocket(sock *socket, code int, reason string) error {
	err := sock.conn.Close(websocket.StatusCode(code), reason)
	if errors.Is(err, net.ErrClosed) {
		return err // another action closed it first
	}
	s.mu.Lock()
	reading := sock.reading
	s.mu.Unlock()
	if reading {
		<-sock.readDone // soon: Close has closed the connection
	}
	var closeErr websocket.CloseError
	switch {
	case errors.As(err, &closeErr): // the client answered with another code
		s.setFrame(sock, newFrame(closeErr))
		return nil
	case err == nil: // the client answered with code
		s.setFrame(sock, &Frame{Code: code, ReasonUnknown: true})
	}
	return err
}

// send writes a's message a.count times.
func (s *Server) send(sock *socket, a action) error {
	for range a.count {
		ctx, cancel := context.WithTimeout(context.Background(), s.WriteTimeout)
		err := sock.conn.Write(ctx, a.typ, a.data)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

// check reports whether a can be done, wrapping ErrBadParameter if not.
func (a action) check() error {
	switch {
	case a.do == "close" && !sendableCode(a.code):
		return fmt.Errorf("%w: close code %d cannot be sent", ErrBadParameter, a.code)
	case a.do == "close" && a.code == NoStatus && a.reason != "":
		return fmt.Errorf("%w: a reason needs a code", ErrBadParameter)
	case a.do == "close" && len(a.reason) > maxReason:
		return fmt.Errorf("%w: close reason of %d bytes, more than %d", ErrBadParameter, len(a.reason), maxReason)
	case a.do == "send" && a.typ != websocket.MessageText && a.typ != websocket.MessageBinary:
		return fmt.Errorf("%w: message type %d", ErrBadParameter, a.typ)
	case a.do == "send" && (a.count < 1 || a.count > maxCount):
		return fmt.Errorf("%w: count %d not in 1..%d", ErrBadParameter, a.count, maxCount)
	case a.do != "close" && a.do != "drop" && a.do != "send":
		return fmt.Errorf("%w: action %q is not close, drop or send", ErrBadParameter, a.do)
	}
	return nil
}

// sendableCode reports whether coder/websocket sends code as given (it
// replaces any other by 1011), NoStatus meaning no body.
func sendableCode(code int) bool {
	switch {
	case code == NoStatus,
		code >= 1000 && code <= 1003,
		code >= 1007 && code <= 1014,
		code >= 3000 && code <= 4999:
		return true
	}
	return false
}

// parseAction reads the action do and its parameters from query: code,
// reason, type, data, count.
func parseAction(do string, query url.Values) (action, error) {
	a := action{do: do, code: NoStatus, reason: query.Get("reason"), typ: websocket.MessageText, count: 1}
	var err error
	if code := query.Get("code"); code != "" && do == "close" {
		if a.code, err = strconv.Atoi(code); err != nil {
			return a, fmt.Errorf("%w: code %q", ErrBadParameter, code)
		}
	}
	if count := query.Get("count"); count != "" && do == "send" {
		if a.count, err = strconv.Atoi(count); err != nil {
			return a, fmt.Errorf("%w: count %q", ErrBadParameter, count)
		}
	}
	switch typ := query.Get("type"); typ {
	case "", "text":
		a.data = []byte(query.Get("data"))
	case "binary":
		a.typ = websocket.MessageBinary
		if a.data, err = hex.DecodeString(query.Get("data")); err != nil {
			return a, fmt.Errorf("%w: binary data is not hex: %w", ErrBadParameter, err)
		}
	default:
		return a, fmt.Errorf("%w: type %q is not text or binary", ErrBadParameter, typ)
	}
	return a, a.check()
}

func (s *Server) serveAct(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	a, err := parseAction(query.Get("do"), query)
	if err == nil {
		err = s.act(query.Get("id"), a)
	}
	switch {
	case err == nil:
		w.WriteHeader(http.StatusNoContent)
	case errors.Is(err, ErrBadParameter):
		http.Error(w, err.Error(), http.StatusBadRequest)
	case errors.Is(err, ErrNoSocket):
		http.Error(w, err.Error(), http.StatusNotFound)
	default:
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// socketOptions are the query parameters of /ws.
type socketOptions struct {
	hold      string // "handshake", "closereply" or none
	echo      bool
	status    int // refuse the handshake with this HTTP status; 0: accept
	protocols []string
	onOpen    *action // run right after the handshake
}

// parseSocketOptions reads the query parameters of /ws.
func parseSocketOptions(query url.Values) (socketOptions, error) {
	opts := socketOptions{hold: query.Get("hold"), protocols: query["protocol"]}
	var err error
	if echo := query.Get("echo"); echo != "" {
		if opts.echo, err = strconv.ParseBool(echo); err != nil {
			return opts, fmt.Errorf("%w: echo %q", ErrBadParameter, echo)
		}
	}
	if status := query.Get("status"); status != "" {
		opts.status, err = strconv.Atoi(status)
		if err != nil || opts.status < 200 || opts.status > 599 {
			return opts, fmt.Errorf("%w: status %q not in 200..599", ErrBadParameter, status)
		}
	}
	if do := query.Get("onopen"); do != "" {
		a, err := parseAction(do, query)
		if err != nil {
			return opts, err
		}
		opts.onOpen = &a
	}
	return opts, nil
}
