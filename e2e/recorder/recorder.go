// Package recorder is a WebSocket server for tests that records, per socket,
// the close frame its client sent, and can hold a socket back in the
// CONNECTING or CLOSING state until told to let it go.
//
// Each socket is named by the client with the id query parameter:
//
//	/ws?id=ID                 accept, read until the client's close frame, reply
//	/ws?id=ID&hold=handshake  keep the HTTP handshake waiting until released
//	/ws?id=ID&hold=closereply accept, but read nothing (so send no close reply)
//	                          until released
//	/release?id=ID            let a held socket go on
//	/release?id=ID&refuse=1   end a held handshake with 503 instead
//	/record?id=ID&wait=5s     the socket's Record as JSON, once its close frame
//	                          has come, its connection has ended, or the wait
//	                          is over
//
// It binds wherever its caller listens; tests listen on 127.0.0.1 only.
package recorder

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// A Frame is the close frame a client sent.
type Frame struct {
	Code      int    `json:"code"`      // 1005 when the frame had no body
	Reason    string `json:"reason"`    // the reason bytes, as they came
	ReasonHex string `json:"reasonHex"` // the same bytes in hex, for exact comparison
}

// A Record is what the server saw of one socket.
type Record struct {
	ID        string `json:"id"`
	Connected bool   `json:"connected"` // the handshake completed
	Frame     *Frame `json:"frame"`     // nil when no close frame came
	Done      bool   `json:"done"`      // the connection has ended
}

// Server records close frames. The zero value is not usable; call New.
type Server struct {
	// HoldTimeout bounds how long a held socket waits for release, and
	// ReadTimeout how long a connection may last; both end the connection.
	HoldTimeout, ReadTimeout time.Duration

	mux     *http.ServeMux
	mu      sync.Mutex
	sockets map[string]*socket
}

type socket struct {
	rec      Record
	framed   chan struct{} // closed once rec.Frame is set
	done     chan struct{}
	released chan struct{}
	release  func()
	refused  bool // set before released closes
}

// New returns a Server with 30-second timeouts.
func New() *Server {
	s := &Server{HoldTimeout: 30 * time.Second, ReadTimeout: 30 * time.Second, sockets: map[string]*socket{}}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("/ws", s.serveWebSocket)
	s.mux.HandleFunc("/release", s.serveRelease)
	s.mux.HandleFunc("/record", s.serveRecord)
	return s
}

// ServeHTTP serves the endpoints listed in the package documentation.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	s.mux.ServeHTTP(w, r)
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
	sock = &socket{rec: Record{ID: id}, framed: make(chan struct{}), done: make(chan struct{}), released: make(chan struct{})}
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
	s.mu.Lock()
	defer s.mu.Unlock()
	return sock.rec
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

func (s *Server) update(sock *socket, change func(*Record)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	change(&sock.rec)
}

func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request) {
	query := r.URL.Query()
	sock := s.socket(query.Get("id"), true)
	defer func() {
		s.update(sock, func(rec *Record) { rec.Done = true })
		close(sock.done)
	}()
	hold := query.Get("hold")
	if hold == "handshake" && !s.wait(r.Context(), sock) {
		return
	}
	s.mu.Lock()
	refused := sock.refused
	s.mu.Unlock()
	if refused {
		http.Error(w, "handshake refused", http.StatusServiceUnavailable)
		return
	}
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true, // pages on other 127.0.0.1 ports connect too
		Subprotocols:       query["protocol"],
	})
	if err != nil {
		return
	}
	defer conn.CloseNow()
	s.update(sock, func(rec *Record) { rec.Connected = true })
	if hold == "closereply" && !s.wait(r.Context(), sock) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.ReadTimeout)
	defer cancel()
	for {
		_, _, err := conn.Read(ctx)
		var closeErr websocket.CloseError
		if errors.As(err, &closeErr) {
			frame := &Frame{Code: int(closeErr.Code), Reason: closeErr.Reason, ReasonHex: hex.EncodeToString([]byte(closeErr.Reason))}
			s.update(sock, func(rec *Record) { rec.Frame = frame })
			close(sock.framed)
		}
		if err != nil {
			return
		}
	}
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
	wait, err := time.ParseDuration(r.URL.Query().Get("wait"))
	if err != nil {
		wait = 5 * time.Second
	}
	ctx, cancel := context.WithTimeout(r.Context(), wait)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(s.Record(ctx, r.URL.Query().Get("id")))
}
