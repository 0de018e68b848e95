package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/chromedp/cdproto/inspector"
	"github.com/chromedp/cdproto/runtime"
)

// bindingName is the page's function for messages to the runner.
const bindingName = "__wasmbrowserSend"

// message is one message of the page (see page/host.js and, for
// "uncaught", page/spawn.js).
type message struct {
	K     string `json:"k"`
	FD    int    `json:"fd"`
	B     []byte `json:"b"` // base64 in JSON
	Path  string `json:"path"`
	From  string `json:"from"`
	To    string `json:"to"`
	First bool   `json:"first"`
	Last  bool   `json:"last"`
	Code  int    `json:"code"`
	Msg   string `json:"msg"`
}

// pump works off the tab's events in the order they happened: the
// program's output to stdout and stderr as it comes, its files to the host,
// and at the end its exit code, or the reason it could not finish.
type pump struct {
	stdout, stderr io.Writer
	host           *hostFiles
	where          runContext // where the program runs, for messages
	hostErr        bool       // a mirrored file could not be written
	done           chan int   // the exit code, once
	finished       bool
}

func newPump(stdout, stderr io.Writer, host *hostFiles, where runContext) *pump {
	return &pump{stdout: stdout, stderr: stderr, host: host, where: where, done: make(chan int, 1)}
}

// run handles the events of q until ctx ends.
func (p *pump) run(ctx context.Context, q *inbox) {
	for {
		events, err := q.take(ctx)
		if err != nil {
			return
		}
		for _, ev := range events {
			if !p.finished {
				p.handle(ev)
			}
		}
	}
}

func (p *pump) finish(code int) {
	p.finished = true
	p.done <- code
}

// problem reports a failure that is the page's or the runner's, not the
// program's, on stderr where go test shows it.
func (p *pump) problem(format string, args ...any) {
	fmt.Fprintf(p.stderr, "wasmbrowser: "+format+"\n", args...)
}

func (p *pump) handle(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventBindingCalled:
		if ev.Name != bindingName {
			return
		}
		var m message
		if err := json.Unmarshal([]byte(ev.Payload), &m); err != nil {
			p.problem("a message from the page is garbled: %v", err)
			p.finish(exitRunnerFailed)
			return
		}
		p.message(&m)
	case *runtime.EventConsoleAPICalled:
		// The program's own output comes through the binding; this is
		// what other JavaScript in the page logs, or in the worker (whose
		// console calls the page makes again).
		w := p.stdout
		if toStderr(ev.Type) {
			w = p.stderr
		}
		fmt.Fprintln(w, consoleText(ev.Args))
	case *runtime.EventExceptionThrown:
		// Like Node, an exception nothing catches ends the program: when it
		// comes out of wasm (a trap, a JavaScript error in a callback), Go
		// cannot go on.
		p.problem("uncaught exception in the page: %s", exceptionText(ev.ExceptionDetails))
		p.finish(exitRunnerFailed)
	case *inspector.EventTargetCrashed:
		p.problem("the page crashed (out of memory?)")
		p.finish(exitRunnerFailed)
	}
}

func (p *pump) message(m *message) {
	var err error
	switch m.K {
	case "out":
		w := p.stdout
		if m.FD == 2 {
			w = p.stderr
		}
		_, err = w.Write(m.B)
	case "file":
		err = p.host.chunk(m.Path, m.B, m.First, m.Last)
	case "rename":
		err = p.host.rename(m.From, m.To)
	case "unlink":
		err = p.host.remove(m.Path)
	case "fatal":
		p.problem("the Go program failed in the %s: %s", p.where, m.Msg)
		p.finish(exitRunnerFailed)
	case "uncaught":
		// The worker's counterpart of EventExceptionThrown: the runner
		// does not watch the worker, the page tells it.
		p.problem("uncaught exception in the worker: %s", m.Msg)
		p.finish(exitRunnerFailed)
	case "exit":
		code := m.Code
		if code == 0 && p.hostErr {
			code = exitRunnerFailed // a missing coverage profile must not pass
		}
		p.finish(code)
	default:
		p.problem("unknown message %q from the page", m.K)
	}
	if err != nil {
		p.problem("%v", err)
		p.hostErr = true
	}
}
