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

// onceClose calls handle with the socket's close event, once, from the
// JavaScript event loop; handle must not block. The listener then removes
// itself and its js.Func is released. The returned function removes it
// earlier; calling it more than once, or after the event, does nothing.
func (s jsSocket) onceClose(handle func(CloseEvent)) (remove func()) {
	var fn js.Func
	var once sync.Once
	remove = func() {
		once.Do(func() {
			s.v.Call("removeEventListener", "close", fn)
			fn.Release()
			liveFuncs.Add(-1)
		})
	}
	fn = js.FuncOf(func(_ js.Value, args []js.Value) any {
		ev := args[0]
		handle(CloseEvent{
			WasClean: ev.Get("wasClean").Bool(),
			Code:     ev.Get("code").Int(),
			Reason:   ev.Get("reason").String(),
		})
		remove()
		return nil
	})
	liveFuncs.Add(1)
	s.v.Call("addEventListener", "close", fn)
	return remove
}

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
