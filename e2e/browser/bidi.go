package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/coder/websocket"
)

// bidiConn is a WebDriver BiDi connection: JSON commands with ids, answered
// by "success" or "error" messages carrying the same id, and events.
// See https://w3c.github.io/webdriver-bidi/.
type bidiConn struct {
	ws      *websocket.Conn
	onEvent func(method string, params json.RawMessage)

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan bidiMessage
	err     error         // why the connection ended, once done is closed
	done    chan struct{} // closed when the connection ends
}

// bidiMessage is any message from the remote end.
type bidiMessage struct {
	Type    string          `json:"type"` // "success", "error" or "event"
	ID      *int64          `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

// bidiError is an error the remote end answered a command with.
type bidiError struct {
	Method, Code, Message string
}

func (e *bidiError) Error() string { return e.Method + ": " + e.Code + ": " + e.Message }

// dialBiDi connects to url. onEvent is called, on the connection's reading
// goroutine, for each event of the subscriptions made.
func dialBiDi(ctx context.Context, url string, onEvent func(method string, params json.RawMessage)) (*bidiConn, error) {
	ws, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(1 << 30) // results can be large; the peer is our own browser
	c := &bidiConn{ws: ws, onEvent: onEvent, pending: map[int64]chan bidiMessage{}, done: make(chan struct{})}
	go c.read()
	return c, nil
}

// read dispatches messages until the connection ends.
func (c *bidiConn) read() {
	var err error
	for {
		var data []byte
		_, data, err = c.ws.Read(context.Background())
		if err != nil {
			break
		}
		var msg bidiMessage
		if err = json.Unmarshal(data, &msg); err != nil {
			err = fmt.Errorf("bidi: unreadable message %.200q: %w", data, err)
			break
		}
		if msg.Type == "event" {
			c.onEvent(msg.Method, msg.Params)
			continue
		}
		if msg.ID == nil {
			continue // an error about no command in particular
		}
		c.mu.Lock()
		reply := c.pending[*msg.ID]
		delete(c.pending, *msg.ID)
		c.mu.Unlock()
		if reply != nil {
			reply <- msg
		}
	}
	c.mu.Lock()
	c.err = err
	close(c.done)
	c.mu.Unlock()
	c.ws.CloseNow()
}

// call sends the command method with params and decodes its result into
// result (which may be nil).
func (c *bidiConn) call(ctx context.Context, method string, params, result any) error {
	reply := make(chan bidiMessage, 1)
	c.mu.Lock()
	if c.pending == nil || isClosed(c.done) {
		c.mu.Unlock()
		return fmt.Errorf("%s: the connection is closed: %w", method, c.err)
	}
	c.nextID++
	id := c.nextID
	c.pending[id] = reply
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}()

	if params == nil {
		params = struct{}{}
	}
	data, err := json.Marshal(struct {
		ID     int64  `json:"id"`
		Method string `json:"method"`
		Params any    `json:"params"`
	}{id, method, params})
	if err != nil {
		return err
	}
	if err := c.ws.Write(ctx, websocket.MessageText, data); err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case msg := <-reply:
		if msg.Type == "error" {
			return &bidiError{Method: method, Code: msg.Error, Message: msg.Message}
		}
		if result == nil {
			return nil
		}
		if err := json.Unmarshal(msg.Result, result); err != nil {
			return fmt.Errorf("%s: unreadable result: %w", method, err)
		}
		return nil
	case <-c.done:
		return fmt.Errorf("%s: the connection ended: %w", method, c.err)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close ends the connection.
func (c *bidiConn) close() {
	c.ws.CloseNow()
	<-c.done
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// remoteValue is a value as BiDi serialises it: a type and, for most
// types, a value. See "script.RemoteValue" in the specification.
type remoteValue struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
}

// errNotJSON is returned for a result JSON cannot hold.
var errNotJSON = errors.New("not a JSON value")

// remoteJSON returns the JSON of v, as JSON.stringify would write it in
// the page: NaN and the infinities are null, -0 is 0, a Date is its ISO
// string, undefined, functions and symbols are left out of objects and
// null in arrays. Other values (BigInt, Map, Set, DOM nodes, a cycle ...)
// are refused with errNotJSON rather than guessed at.
func remoteJSON(v remoteValue) ([]byte, error) {
	var buf bytes.Buffer
	if err := appendRemote(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// skipped reports whether JSON.stringify leaves a property of this type out.
func skipped(v remoteValue) bool {
	return v.Type == "undefined" || v.Type == "function" || v.Type == "symbol"
}

func appendRemote(buf *bytes.Buffer, v remoteValue) error {
	switch v.Type {
	case "undefined", "null", "function", "symbol":
		buf.WriteString("null")
	case "string", "boolean":
		buf.Write(v.Value)
	case "number":
		var special string
		if json.Unmarshal(v.Value, &special) == nil {
			if special == "-0" {
				buf.WriteString("0")
			} else {
				buf.WriteString("null") // NaN, Infinity, -Infinity
			}
		} else {
			buf.Write(v.Value)
		}
	case "date":
		buf.Write(v.Value) // already the ISO string
	case "array":
		if v.Value == nil {
			return fmt.Errorf("%w: a cyclic array", errNotJSON)
		}
		var items []remoteValue
		if err := json.Unmarshal(v.Value, &items); err != nil {
			return err
		}
		buf.WriteByte('[')
		for i, item := range items {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := appendRemote(buf, item); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case "object":
		if v.Value == nil {
			return fmt.Errorf("%w: a cyclic object", errNotJSON)
		}
		var pairs [][2]json.RawMessage
		if err := json.Unmarshal(v.Value, &pairs); err != nil {
			return err
		}
		buf.WriteByte('{')
		first := true
		for _, pair := range pairs {
			var key string
			if err := json.Unmarshal(pair[0], &key); err != nil {
				return fmt.Errorf("%w: an object key %s", errNotJSON, pair[0])
			}
			var item remoteValue
			if err := json.Unmarshal(pair[1], &item); err != nil {
				return err
			}
			if skipped(item) {
				continue
			}
			if !first {
				buf.WriteByte(',')
			}
			first = false
			buf.Write(pair[0]) // a JSON string, as just checked
			buf.WriteByte(':')
			if err := appendRemote(buf, item); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	default:
		return fmt.Errorf("%w: a %s", errNotJSON, v.Type)
	}
	return nil
}
