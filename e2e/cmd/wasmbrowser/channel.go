package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/coder/websocket"
)

// message is one message of the page to the runner, on the channel (see
// page/host.js); fs calls carry an fsRequest.
type message struct {
	K    string `json:"k"`
	FD   int    `json:"fd"`
	Code int    `json:"code"`
	Msg  string `json:"msg"`
	// Where an uncaught exception was thrown: "page" or "worker".
	Where string `json:"where"`
	fsRequest
}

// session is one run of the program: what its channels bring, in the order
// each brings it, and how it ended. The page has one channel, and so does
// the worker when the program runs in one; output comes only from the
// program's.
type session struct {
	stdout, stderr io.Writer
	where          runContext
	fs             *hostFS
	tests          *testTracker
	done           chan int // the exit code, once
	once           sync.Once
	over           atomic.Bool // the run has ended: channels closing now are no news
	connected      atomic.Bool // a channel is open: the program is about to run
	umask          sync.Once
	// launched is closed once the runner's startup command has its
	// answer; the program waits for it to run (see "launch").
	launched   chan struct{}
	launchOnce sync.Once
}

func newSession(stdout, stderr io.Writer, where runContext) *session {
	return &session{
		stdout: stdout, stderr: stderr, where: where,
		fs: newHostFS(), tests: newTestTracker(), done: make(chan int, 1),
		launched: make(chan struct{}),
	}
}

// launch lets the program run: the page or worker that asked with
// "launch" gets its answer.
func (s *session) launch() { s.launchOnce.Do(func() { close(s.launched) }) }

// finish ends the run with code; only the first call counts.
func (s *session) finish(code int) {
	s.once.Do(func() {
		s.over.Store(true)
		s.done <- code
	})
}

// problem reports a failure that is the page's or the runner's, not the
// program's, on stderr where go test shows it.
func (s *session) problem(format string, args ...any) {
	fmt.Fprintf(s.stderr, "wasmbrowser: "+format+"\n", args...)
}

// serveChannel is one channel: a WebSocket whose messages the runner
// handles in order. File calls run side by side, as in Node's thread pool,
// and are answered by id; everything else is handled before the next
// message is read, so the program's output reaches stdout in the order it
// was written, and all of it before the exit code.
func (s *session) serveChannel(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return
	}
	defer conn.CloseNow()
	conn.SetReadLimit(-1)
	s.connected.Store(true)
	// From here on the program's files get the mode it asks for: the page
	// applies the program's umask (see hostUmask).
	s.umask.Do(func() { syscall.Umask(0) })
	ctx := context.Background()
	var writing sync.Mutex
	reply := func(rep *fsReply) {
		data, err := json.Marshal(rep)
		if err != nil {
			data, _ = json.Marshal(&fsReply{ID: rep.ID, Code: "EIO"})
		}
		writing.Lock()
		defer writing.Unlock()
		conn.Write(ctx, websocket.MessageText, data)
	}
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			if s.over.Load() {
				return
			}
			s.problem("the %s went away before the program exited", s.where)
			s.finish(exitRunnerFailed)
			return
		}
		var m message
		if err := json.Unmarshal(data, &m); err != nil {
			s.problem("a message from the %s is garbled: %v", s.where, err)
			s.finish(exitRunnerFailed)
			return
		}
		if s.handle(&m, reply) {
			return
		}
	}
}

// handle handles one message and reports whether the run is over.
func (s *session) handle(m *message, reply func(*fsReply)) (over bool) {
	switch m.K {
	case "fs":
		go reply(s.fs.call(&m.fsRequest))
	case "launch":
		// The program is instantiated; it runs when the runner is done
		// starting it.
		go func(id int) {
			<-s.launched
			reply(&fsReply{ID: id})
		}(m.ID)
	case "out":
		w := s.stdout
		if m.FD == 2 {
			w = s.stderr
		} else {
			s.tests.write(m.B)
		}
		w.Write(m.B)
		s.tests.heard()
	case "console":
		// What other JavaScript logs, with console; warnings and errors go
		// to stderr, as in Node.
		w := s.stdout
		if m.FD == 2 {
			w = s.stderr
		}
		fmt.Fprintln(w, m.Msg)
		s.tests.heard()
	case "fatal":
		s.problem("the Go program failed in the %s: %s", s.where, m.Msg)
		s.finish(exitRunnerFailed)
		return true
	case "uncaught":
		// Like Node, an exception nothing catches ends the program: when it
		// comes out of wasm (a trap, a JavaScript error in a callback), Go
		// cannot go on.
		s.problem("uncaught exception in the %s: %s", m.Where, m.Msg)
		s.finish(exitRunnerFailed)
		return true
	case "exit":
		s.fs.closeAll()
		s.finish(m.Code)
		return true
	default:
		s.problem("unknown message %q from the %s", m.K, s.where)
	}
	return false
}

// serveRealpath answers the page's process.chdir, which must answer at
// once (a synchronous XMLHttpRequest): the directory's real path, or the
// error code.
func (s *session) serveRealpath(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req := &fsRequest{Op: "realpath", Args: []json.RawMessage{body}}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(s.fs.call(req))
}
