//go:build js && wasm

package browserws

import (
	"sync"
	"sync/atomic"
	"syscall/js"
)

// This file is the only one that touches js.Value. Everything that crosses
// into JavaScript goes through the helpers below, which turn thrown
// exceptions into *Exception and release every js.Func they make.

// liveFuncs counts the js.Funcs this package has made and not yet released.
var liveFuncs atomic.Int64

// Wrap returns a WebSocket for v, an existing JavaScript WebSocket object,
// for instance one made by other JavaScript code on the page. It returns
// [ErrNotWebSocket] if v is not one. A socket already CLOSED when wrapped
// has lost its close event: Wait returns [ErrCloseEventMissed].
func Wrap(v js.Value) (*WebSocket, error) {
	class := js.Global().Get("WebSocket")
	if class.Type() != js.TypeFunction {
		return nil, ErrNoWebSocket
	}
	if v.Type() != js.TypeObject || !v.InstanceOf(class) {
		return nil, ErrNotWebSocket
	}
	return newWebSocket(jsSocket{v}), nil
}

// JSValue returns the JavaScript WebSocket object behind ws.
func (ws *WebSocket) JSValue() js.Value { return ws.sock.v }

// jsSocket is a JavaScript WebSocket object.
type jsSocket struct{ v js.Value }

// newJSSocket runs new WebSocket(url, protocols).
func newJSSocket(url string, protocols []string) (s jsSocket, err error) {
	class := js.Global().Get("WebSocket")
	if class.Type() != js.TypeFunction {
		return jsSocket{}, ErrNoWebSocket
	}
	defer catchException(&err)
	if len(protocols) == 0 {
		return jsSocket{class.New(url)}, nil
	}
	list := make([]any, len(protocols))
	for i, p := range protocols {
		list[i] = p
	}
	return jsSocket{class.New(url, list)}, nil
}

// close calls the native close with the arguments args has, and no others:
// an absent reason is not passed, an absent code before a reason is passed
// as undefined (the only way JavaScript can skip it).
func (s jsSocket) close(args CloseArgs) (err error) {
	defer catchException(&err)
	switch {
	case args.HasReason:
		code := js.Undefined()
		if args.HasCode {
			code = js.ValueOf(args.Code)
		}
		s.v.Call("close", code, args.Reason)
	case args.HasCode:
		s.v.Call("close", args.Code)
	default:
		s.v.Call("close")
	}
	return nil
}

func (s jsSocket) readyState() ReadyState {
	return ReadyState(s.v.Get("readyState").Int())
}

// socketEvents handles one socket's events. Each handler runs on the
// JavaScript event loop, inside a js.FuncOf callback, and must not block.
type socketEvents struct {
	open func()
	// message gets each data message's type and size; it calls data, at
	// most once and before it returns, for the bytes it keeps.
	message func(t MessageType, size int, data func() []byte)
	// badMessage gets a message whose data this package cannot read.
	badMessage func(err error)
	error      func()
	// close gets the close event, the last event a socket has.
	close func(CloseEvent)
}

// listen adds one listener for the socket's open, message, error and close
// events, with a single js.Func. After the close event it removes itself and
// releases the js.Func; the returned function does so earlier. Removing is
// idempotent.
//
// Every JavaScript object or string that reaches Go costs a js.Value with a
// finalizer, and on a busy socket those dominate the cost of a message: so
// a message is told apart from the other events by its data, which is read
// anyway, rather than by the event's type, which would be one string more.
func (s jsSocket) listen(h socketEvents) (remove func()) {
	types := [...]string{"open", "message", "error", "close"}
	var fn js.Func
	var once sync.Once
	remove = func() {
		once.Do(func() {
			for _, t := range types {
				s.v.Call("removeEventListener", t, fn)
			}
			fn.Release()
			liveFuncs.Add(-1)
		})
	}
	fn = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ev := args[0]
		// Only a message event has data (a string or an ArrayBuffer).
		if data := ev.Get("data"); !data.IsUndefined() {
			deliverMessage(data, h)
			return nil
		}
		switch ev.Get("type").String() {
		case "open":
			h.open()
		case "message": // made by JavaScript code, without data
			deliverMessage(js.Undefined(), h)
		case "error":
			h.error()
		case "close":
			remove()
			h.close(CloseEvent{
				WasClean: ev.Get("wasClean").Bool(),
				Code:     ev.Get("code").Int(),
				Reason:   ev.Get("reason").String(),
			})
		}
		return nil
	})
	liveFuncs.Add(1)
	for _, t := range types {
		s.v.Call("addEventListener", t, fn)
	}
	return remove
}

// deliverMessage hands a message event's data to h as bytes: a string as
// its UTF-8 encoding, an ArrayBuffer as it is. The bytes are copied into Go
// only if h asks for them, so a message over the read limit costs no Go
// memory.
func deliverMessage(data js.Value, h socketEvents) {
	var t MessageType
	var bytes js.Value
	switch {
	case data.Type() == js.TypeString:
		t, bytes = Text, jsClasses().encoder.Call("encode", data)
	case data.InstanceOf(jsClasses().arrayBuffer):
		t, bytes = Binary, jsClasses().uint8Array.New(data)
	default: // a Blob, after JavaScript code changed binaryType
		h.badMessage(ErrBinaryType)
		return
	}
	// Length rather than Get("byteLength"): no property name for
	// wasm_exec.js to decode.
	size := bytes.Length()
	h.message(t, size, func() []byte {
		b := make([]byte, size)
		js.CopyBytesToGo(b, bytes)
		return b
	})
}

// classes are JavaScript constructors and objects used on every message,
// looked up once.
type classes struct {
	uint8Array, arrayBuffer, encoder js.Value
}

var jsClasses = sync.OnceValue(func() classes {
	global := js.Global()
	return classes{
		uint8Array:  global.Get("Uint8Array"),
		arrayBuffer: global.Get("ArrayBuffer"),
		encoder:     global.Get("TextEncoder").New(), // wasm_exec.js needs one too
	}
})

// sendText calls send with s, which the caller has checked is valid UTF-8,
// so JavaScript gets it unchanged.
func (s jsSocket) sendText(text string) (err error) {
	defer catchException(&err)
	s.v.Call("send", text)
	return nil
}

// sendBinary calls send with a Uint8Array holding a copy of b.
func (s jsSocket) sendBinary(b []byte) (err error) {
	defer catchException(&err)
	u8 := jsClasses().uint8Array.New(len(b))
	js.CopyBytesToJS(u8, b)
	s.v.Call("send", u8)
	return nil
}

func (s jsSocket) bufferedAmount() int { return s.v.Get("bufferedAmount").Int() }

// stringProperty reads one of the socket's string attributes (url,
// protocol, extensions, binaryType).
func (s jsSocket) stringProperty(name string) string { return s.v.Get(name).String() }

func (s jsSocket) setBinaryType(t string) { s.v.Set("binaryType", t) }

// hostEngine tells which WebSocket implementation this program runs with:
// undici when the host is Node.js, Chromium's rules otherwise.
func hostEngine() Engine {
	process := js.Global().Get("process")
	if process.Type() == js.TypeObject {
		versions := process.Get("versions")
		if versions.Type() == js.TypeObject && versions.Get("node").Type() == js.TypeString {
			return Undici
		}
	}
	return Chromium
}

// catchException recovers a JavaScript exception thrown by the call that
// panicked and stores it in *err as an *Exception. Other panics, such as
// *js.ValueError from a programming mistake, go on unwinding.
func catchException(err *error) {
	r := recover()
	if r == nil {
		return
	}
	thrown, ok := r.(js.Error)
	if !ok {
		panic(r)
	}
	*err = exceptionOf(thrown.Value)
}

// exceptionOf describes a thrown JavaScript value. Reading an error object's
// name and message runs no user code for the errors engines throw; for any
// other thrown value a failure to read is itself caught.
func exceptionOf(v js.Value) (exc *Exception) {
	exc = &Exception{}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(js.Error); !ok {
				panic(r)
			}
			if exc.Name == "" {
				exc.Name = "Error"
			}
		}
	}()
	if v.Type() != js.TypeObject {
		exc.Message = js.Global().Get("String").Invoke(v).String()
		return exc
	}
	if class := js.Global().Get("DOMException"); class.Type() == js.TypeFunction {
		exc.DOMException = v.InstanceOf(class)
	}
	if name := v.Get("name"); name.Type() == js.TypeString {
		exc.Name = name.String()
	}
	if message := v.Get("message"); message.Type() == js.TypeString {
		exc.Message = message.String()
	}
	return exc
}
