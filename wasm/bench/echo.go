//go:build js && wasm

package main

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"syscall/js"
	"time"

	"github.com/coder/websocket"
	"github.com/gowasm/browserws"
)

// echoRun is one echo measurement: n messages of size bytes, binary or
// text, to the echo server at url, with window messages in flight.
type echoRun struct {
	url         string
	n, window   int
	size        int
	text        bool
	payload     []byte
	payloadText string
}

// payloadText is the echo payload of size bytes: printable ASCII, so the
// text is the same bytes in every encoding (web/bench.js makes the same).
func payloadText(size int) string {
	return strings.Repeat("browserws-bench!", size/16+1)[:size]
}

// conn is one library's client, reduced to what the echo loop needs.
type conn interface {
	send(ctx context.Context) error
	// receive returns the next message's length.
	receive(ctx context.Context) (int, error)
	close(ctx context.Context) error
}

// echo turns a dial function into a page function
// (url, n, window, size, text) => Promise<milliseconds>.
func echo(dial func(ctx context.Context, r *echoRun) (conn, error)) func(args []js.Value) any {
	return func(args []js.Value) any {
		r := &echoRun{
			url:    args[0].String(),
			n:      args[1].Int(),
			window: args[2].Int(),
			size:   args[3].Int(),
			text:   args[4].Bool(),
		}
		r.payloadText = payloadText(r.size)
		r.payload = []byte(r.payloadText)
		return promise(func() (any, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			c, err := dial(ctx, r)
			if err != nil {
				return nil, err
			}
			elapsed, err := pingWindow(ctx, c, r)
			if closeErr := c.close(ctx); err == nil {
				err = closeErr
			}
			if err != nil {
				return nil, err
			}
			return float64(elapsed) / float64(time.Millisecond), nil
		})
	}
}

// pingWindow is the traffic pattern every client of the benchmark follows:
// send window messages, then send one more for each echo received until n
// are sent, and stop when n echoes are back. It times that, not the dial or
// the close.
func pingWindow(ctx context.Context, c conn, r *echoRun) (time.Duration, error) {
	start := time.Now()
	sent := 0
	for ; sent < min(r.window, r.n); sent++ {
		if err := c.send(ctx); err != nil {
			return 0, err
		}
	}
	for received := 0; received < r.n; received++ {
		size, err := c.receive(ctx)
		if err != nil {
			return 0, err
		}
		if size != r.size {
			return 0, errors.New("echo of " + strconv.Itoa(size) + " bytes, sent " + strconv.Itoa(r.size))
		}
		if sent < r.n {
			if err := c.send(ctx); err != nil {
				return 0, err
			}
			sent++
		}
	}
	return time.Since(start), nil
}

// browserwsConn is the browserws client.
type browserwsConn struct {
	ws *browserws.WebSocket
	r  *echoRun
}

func echoBrowserws(ctx context.Context, r *echoRun) (conn, error) {
	ws, err := browserws.Dial(ctx, r.url)
	if err != nil {
		return nil, err
	}
	return browserwsConn{ws, r}, nil
}

func (c browserwsConn) send(context.Context) error {
	if c.r.text {
		return c.ws.SendText(c.r.payloadText)
	}
	return c.ws.SendBinary(c.r.payload)
}

func (c browserwsConn) receive(ctx context.Context) (int, error) {
	msg, err := c.ws.Read(ctx)
	if err != nil {
		return 0, err
	}
	if (msg.Type == browserws.Text) != c.r.text {
		return 0, errors.New("echo of another message type")
	}
	return len(msg.Data), nil
}

func (c browserwsConn) close(ctx context.Context) error {
	if err := c.ws.Close(browserws.CodeNormalClosure, ""); err != nil {
		return err
	}
	_, err := c.ws.Wait(ctx)
	return err
}

// coderConn is github.com/coder/websocket's js/wasm client.
type coderConn struct {
	c   *websocket.Conn
	r   *echoRun
	typ websocket.MessageType
}

func echoCoder(ctx context.Context, r *echoRun) (conn, error) {
	c, _, err := websocket.Dial(ctx, r.url, nil)
	if err != nil {
		return nil, err
	}
	typ := websocket.MessageBinary
	if r.text {
		typ = websocket.MessageText
	}
	return coderConn{c, r, typ}, nil
}

func (c coderConn) send(ctx context.Context) error {
	return c.c.Write(ctx, c.typ, c.r.payload)
}

func (c coderConn) receive(ctx context.Context) (int, error) {
	typ, data, err := c.c.Read(ctx)
	if err != nil {
		return 0, err
	}
	if typ != c.typ {
		return 0, errors.New("echo of another message type")
	}
	return len(data), nil
}

func (c coderConn) close(context.Context) error {
	// coder's Close waits for the close event itself.
	return c.c.Close(websocket.StatusNormalClosure, "")
}

// promise runs work in a goroutine (it may wait, which a js.FuncOf
// callback must not) and returns a Promise of its result.
func promise(work func() (any, error)) js.Value {
	executor := js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		go func() {
			v, err := work()
			if err != nil {
				reject.Invoke(js.Global().Get("Error").New(err.Error()))
				return
			}
			resolve.Invoke(v)
		}()
		return nil
	})
	defer executor.Release()
	return js.Global().Get("Promise").New(executor)
}
