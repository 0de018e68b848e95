// Package recorder is a WebSocket server for tests that records, per socket,
// the data messages and the close frame its client sent, can hold a socket
// back in the CONNECTING or CLOSING state until told to let it go, and can
// act on a live socket (close it, drop it, send to it) when a test says so.
//
// Each socket is named by the client with the id query parameter:
//
//	/ws?id=ID                 accept, read until the client's close frame, reply
//	/ws?id=ID&hold=handshake  keep the HTTP handshake waiting until released
//	/ws?id=ID&hold=closereply accept, but read nothing (so send no close reply)
//	                          until released
//	/ws?id=ID&echo=1          send every data message back, same type and bytes
//	/ws?id=ID&status=404      answer the handshake with that HTTP status (200 to
//	                          599) instead of upgrading
//	/ws?id=ID&onopen=DO&...   run an action (as /act, same parameters) right
//	                          after the handshake
//	/release?id=ID            let a held socket go on
//	/release?id=ID&refuse=1   end a held handshake with 503 instead
//	/act?id=ID&do=close&code=4000&reason=bye
//	                          start the closing handshake; without code the
//	                          close frame has no body
//	/act?id=ID&do=drop        end the TCP connection without a close frame
//	/act?id=ID&do=send&type=text|binary&data=D&count=N
//	                          send N messages (default 1) of D (hex for binary)
//	/record?id=ID&wait=5s     the socket's Record as JSON, once its close frame
//	                          has come, its connection has ended, or the wait
//	                          is over
//	/record?id=ID&until=done  the same, but only once the connection has ended
//	                          (or the wait is over)
//	/record?id=ID&until=requested
//	                          the same, as soon as the handshake request has
//	                          come (held or not), or the wait is over
//
// /act answers 204 once the action is done, 404 when no socket of that id is
// connected, 400 for bad parameters and 500 when the action failed; /ws
// answers 400 for bad parameters, before any hold.
//
// It binds wherever its caller listens; tests listen on 127.0.0.1 only. It
// answers only requests addressed to a loopback name and coming from no page
// or from a page on a loopback host, which get their origin back in
// Access-Control-Allow-Origin (see e2e/loopback): a web page elsewhere can
// neither read a record nor act on a socket.
package recorder

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/gowasm/browserws/e2e/loopback"
)

// A Frame is the close frame a client sent.
type Frame struct {
	Code      int    `json:"code"`      // 1005 when the frame had no body
	Reason    string `json:"reason"`    // the reason bytes, as they came
	ReasonHex string `json:"reasonHex"` // the same bytes in hex, for exact comparison
	// ReasonUnknown is set when the frame answered a server-initiated close
	// and coder/websocket, not the recorder, read it: its Close then only
	// tells that the code equalled the server's (see Server.CloseSocket).
	ReasonUnknown bool `json:"reasonUnknown,omitempty"`
}

// A Record is what the server saw of one socket.
type Record struct {
	ID string `json:"id"`
	// Requested is set once the handshake request has come: a client that
	// gave up before sending it (or never could) leaves it false.
	Requested bool   `json:"requested"`
	Connected bool   `json:"connected"` // the handshake completed
	Frame     *Frame `json:"frame"`     // nil when no close frame came
	Done      bool   `json:"done"`      // the connection has ended

	// Messages are the data messages the client sent before its close
	// frame, in order. (JSON always has an array, Go nil when empty.)
	Messages       []Message `json:"messages"`
	TextMessages   int       `json:"textMessages"`
	BinaryMessages int       `json:"binaryMessages"`
	Bytes          int64     `json:"bytes"` // the sizes of all Messages added up
	// FrameAfter is how many data messages had come when the close frame
	// came; 0 while Frame is nil. When Frame.ReasonUnknown is set, it only
	// counts the messages the recorder read (see Server.CloseSocket).
	FrameAfter int `json:"frameAfter"`
}

// Server records what clients send. The zero value is not usable; call New.
type Server struct {
	// HoldTimeout bounds how long a held socket waits for release, and
	// ReadTimeout how long a connection may last; both end the connection.
	HoldTimeout, ReadTimeout time.Duration
	// WriteTimeout bounds each message the server sends; when it runs out,
	// coder/websocket ends the connection.
	WriteTimeout time.Duration
	// MaxMessageSize is the largest data message the server reads; a
	// bigger one ends the socket with close code 1009.
	MaxMessageSize int64

	handler http.Handler
	mu      sync.Mutex
	sockets map[string]*socket
}

type socket struct {
	rec       Record
	requested chan struct{} // closed once rec.Requested is set
	framed    chan struct{} // closed once rec.Frame is set
	done      chan struct{}
	released  chan struct{}
	release   func()
	refused   bool // set before released closes

	accepting bool            // websocket.Accept has been or is being called
	connected chan struct{}   // closed once conn is set
	conn      *websocket.Conn // set once the handshake completed
	reading   bool            // the read loop runs or is about to
	readDone  chan struct{}   // closed when the read loop has ended
}

// New returns a Server with 30-second hold and read timeouts, a 10-second
// write timeout and a 64 MiB message limit.
func New() *Server {
	s := &Server{
		HoldTimeout:    30 * time.Second,
		ReadTimeout:    30 * time.Second,
		WriteTimeout:   10 * time.Second,
		MaxMessageSize: 64 << 20,
		sockets:        map[string]*socket{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", s.serveWebSocket)
	mux.HandleFunc("/release", s.serveRelease)
	mux.HandleFunc("/record", s.serveRecord)
	mux.HandleFunc("/act", s.serveAct)
	s.handler = loopback.Handler(mux)
	return s
}

// ServeHTTP serves the endpoints listed in the package documentation to
// loopback clients, refusing every other request (see [loopback.Handler]).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// socket returns the socket named id, making it if needed; fresh replaces
// one whose connection has already ended.
func (s *Server) socket(id string, fresh bool) *socket {
	s.mu.Lock()
	defer s.mu.Unlock()
	sock, ok := s.sockets[id]
	if ok && !(fresh && sock.rec.Done) {
		return sock
	}
	sock = &socket{
		rec:       Record{ID: id},
		requested: make(chan struct{}),
		framed:    make(chan struct{}),
		done:      make(chan struct{}),
		released:  make(chan struct{}),
		readDone:  make(chan struct{}),
		connected: make(chan struct{}),
	}
	sock.release = sync.OnceFunc(func() { close(sock.released) })
	s.sockets[id] = sock
	return sock
}

// Record returns the record of the socket named id, waiting until its
// close frame has come, its connection has ended, or ctx is done.
func (s *Server) Record(ctx context.Context, id string) Record {
	sock := s.socket(id, false)
	select {
	case <-sock.framed:
	case <-sock.done:
	case <-ctx.Done():
	}
	return s.snapshot(sock)
}

// RecordDone returns the record of the socket named id, waiting until its
// connection has ended or ctx is done.
func (s *Server) RecordDone(ctx context.Context, id string) Record {
	sock := s.socket(id, false)
	select {
	case <-sock.done:
	case <-ctx.Done():
	}
	return s.snapshot(sock)
}

// RecordRequested returns the record of the socket named id, waiting until
// its handshake request has come or ctx is done. A test that must act on a
// socket while it is surely CONNECTING waits for this with hold=handshake:
// some browsers send a request only after a delay of their own (Firefox
// after failed connections to the same server, and while another
// handshake to it is pending).
func (s *Server) RecordRequested(ctx context.Context, id string) Record {
	sock := s.socket(id, false)
	select {
	case <-sock.requested:
	case <-ctx.Done():
	}
	return s.snapshot(sock)
}

// snapshot copies the record of sock, so that the read loop can go on
// appending to its own.
func (s *Server) snapshot(sock *socket) Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := sock.rec
	rec.Messages = slices.Clone(rec.Messages)
	return rec
}

// Release lets the socket named id go on past its hold.
func (s *Server) Release(id string) { s.socket(id, false).release() }

// Refuse ends the held handshake of the socket named id with HTTP 503, so a
// client that gave up while CONNECTING never gets connected after all.
func (s *Server) Refuse(id string) {
	sock := s.socket(id, false)
	s.mu.Lock()
	sock.refused = true
	s.mu.Unlock()
	sock.release()
}

// update changes the record of sock.
func (s *Server) update(sock *socket, change func(*Record)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change(&sock.rec)
}

func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request) {
	sock := s.socket(r.URL.Query().Get("id"), true)
	defer s.end(sock)
	s.mu.Lock()
	if !sock.rec.Requested { // a second request of the same id is a test's mistake
		sock.rec.Requested = true
		close(sock.requested)
	}
	s.mu.Unlock()
	opts, err := parseSocketOptions(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if opts.hold == "handshake" && !s.wait(r.Context(), sock) {
		return
	}
	if status := s.refusal(sock, opts); status != 0 {
		http.Error(w, "handshake refused", status)
		return
	}
	conn := s.accept(w, r, sock, opts)
	if conn == nil {
		return
	}
	var actions sync.WaitGroup
	defer func() {
		conn.CloseNow()
		actions.Wait()
	}()
	if opts.onOpen != nil {
		// Its error reaches no one; the client sees what it did.
		actions.Go(func() { s.run(sock, *opts.onOpen) })
	}
	if opts.hold == "closereply" && !s.startReading(r.Context(), sock) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.ReadTimeout)
	defer cancel()
	s.read(ctx, sock, opts.echo)
}

// accept completes the handshake of sock and marks it connected, returning
// nil if the handshake failed.
func (s *Server) accept(w http.ResponseWriter, r *http.Request, sock *socket, opts socketOptions) *websocket.Conn {
	s.mu.Lock()
	sock.accepting = true
	s.mu.Unlock()
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		// Pages on other loopback ports connect too; ServeHTTP has refused
		// every other origin already.
		InsecureSkipVerify: true,
		Subprotocols:       opts.protocols,
	})
	if err != nil {
		return nil
	}
	conn.SetReadLimit(s.MaxMessageSize)
	s.mu.Lock()
	sock.rec.Connected = true
	sock.conn = conn
	sock.reading = opts.hold != "closereply"
	s.mu.Unlock()
	close(sock.connected)
	return conn
}

// end marks the connection of sock as ended.
func (s *Server) end(sock *socket) {
	s.update(sock, func(rec *Record) { rec.Done = true })
	close(sock.done)
}

// refusal returns the HTTP status the handshake of sock is to be refused
// with, or 0 to accept it.
func (s *Server) refusal(sock *socket, opts socketOptions) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sock.refused {
		return http.StatusServiceUnavailable
	}
	return opts.status
}

// startReading holds a socket whose close reply is held back until it is
// released, then marks it as read, reporting false if it was not released.
func (s *Server) startReading(ctx context.Context, sock *socket) bool {
	if !s.wait(ctx, sock) {
		return false
	}
	s.mu.Lock()
	sock.reading = true
	s.mu.Unlock()
	return true
}

// wait holds a socket until it is released, reporting false if the client
// went away or the hold timed out first.
func (s *Server) wait(ctx context.Context, sock *socket) bool {
	select {
	case <-sock.released:
		return true
	case <-ctx.Done():
	case <-time.After(s.HoldTimeout):
	}
	return false
}

func (s *Server) serveRelease(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("refuse") != "" {
		s.Refuse(r.URL.Query().Get("id"))
	} else {
		s.Release(r.URL.Query().Get("id"))
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) serveRecord(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	recordOf := s.Record
	switch query.Get("until") {
	case "":
	case "done":
		recordOf = s.RecordDone
	case "requested":
		recordOf = s.RecordRequested
	default:
		http.Error(w, "until must be done, requested or absent", http.StatusBadRequest)
		return
	}
	wait, err := time.ParseDuration(query.Get("wait"))
	if err != nil {
		wait = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), wait)
	defer cancel()
	rec := recordOf(ctx, query.Get("id"))
	if rec.Messages == nil {
		rec.Messages = []Message{}
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(rec)
}
