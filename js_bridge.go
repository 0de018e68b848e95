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
//
// The page may be hostile: its scripts can hand Go a Proxy or an
// Object.create(WebSocket.prototype), dispatch events of their own, or
// replace methods and getters on WebSocket.prototype and the event
// prototypes. So the package never reads a property or calls a method of a
// socket or an event by name. It calls the engine's own getters and methods,
// captured once (see natives), through js.Value.Invoke, which turns a thrown
// exception into a panic that recover can stop; js.Value.Get, Call and
// InstanceOf cannot be used on such values, because an exception thrown
// inside them (by a getter, a Proxy trap, a Symbol.hasInstance) unwinds
// through the Go program and ends it.
//
// What is out of reach: a script that changed the JavaScript built-ins
// before the program captured them, or that changes the ones Go's own
// wasm_exec.js relies on (Reflect, TextEncoder, TextDecoder, typed arrays),
// can break any Go program, not only this package.

// liveFuncs counts the js.Funcs this package has made and not yet released.
var liveFuncs atomic.Int64

// Wrap returns a WebSocket for v, an existing JavaScript WebSocket object,
// for instance one made by other JavaScript code on the page. It returns
// [ErrNotWebSocket] unless v passes the engine's own brand check, the one
// its WebSocket getters make on their receiver: a Proxy of a socket and an
// Object.create(WebSocket.prototype) pass instanceof but not this check. A
// socket already CLOSED when wrapped has lost its close event: Wait returns
// [ErrCloseEventMissed].
func Wrap(v js.Value) (*WebSocket, error) {
	n := jsNatives()
	if n == nil {
		return nil, ErrNoWebSocket
	}
	if !n.isWebSocket(v) {
		return nil, ErrNotWebSocket
	}
	return newWebSocket(jsSocket{v}), nil
}

// JSValue returns the JavaScript WebSocket object behind ws (undefined for
// a WebSocket that New, Dial or Wrap did not make).
func (ws *WebSocket) JSValue() js.Value {
	if ws == nil {
		return js.Undefined()
	}
	return ws.sock.v
}

// A native is one of the engine's own getters, setters and methods, which
// the package captures the first time it needs them (see natives).
type native uint8

const (
	readyState native = iota
	bufferedAmount
	urlGetter
	protocolGetter
	extensionsGetter
	binaryTypeGetter
	binaryTypeSetter
	closeMethod
	sendMethod
	addEventListener
	removeEventListener
	eventType
	isTrusted
	messageData
	closeCode
	closeReason
	closeWasClean
	arrayBufferByteLength
	blobSize
	nativeCount
)

// nativeMembers says where each native is: the global class, the property
// of its prototype, and the part of the property's descriptor.
var nativeMembers = [nativeCount]struct{ class, name, part string }{
	readyState:            {"WebSocket", "readyState", "get"},
	bufferedAmount:        {"WebSocket", "bufferedAmount", "get"},
	urlGetter:             {"WebSocket", "url", "get"},
	protocolGetter:        {"WebSocket", "protocol", "get"},
	extensionsGetter:      {"WebSocket", "extensions", "get"},
	binaryTypeGetter:      {"WebSocket", "binaryType", "get"},
	binaryTypeSetter:      {"WebSocket", "binaryType", "set"},
	closeMethod:           {"WebSocket", "close", "value"},
	sendMethod:            {"WebSocket", "send", "value"},
	addEventListener:      {"EventTarget", "addEventListener", "value"},
	removeEventListener:   {"EventTarget", "removeEventListener", "value"},
	eventType:             {"Event", "type", "get"},
	isTrusted:             {"Event", "isTrusted", "get"}, // browsers: an own property of each event, see below
	messageData:           {"MessageEvent", "data", "get"},
	closeCode:             {"CloseEvent", "code", "get"},
	closeReason:           {"CloseEvent", "reason", "get"},
	closeWasClean:         {"CloseEvent", "wasClean", "get"},
	arrayBufferByteLength: {"ArrayBuffer", "byteLength", "get"},
	blobSize:              {"Blob", "size", "get"},
}

// natives are the engine's own members, each bound so that
// fn[m].Invoke(this, args...) calls it with that receiver: changes that
// page code makes to the prototypes afterwards do not reach them.
type natives struct {
	fn [nativeCount]js.Value // undefined where the host has no such member

	webSocket, uint8Array, encode js.Value
	reflectGet, getPrototypeOf    js.Value
	toString, domExceptionProto   js.Value // domExceptionProto undefined if the host has none

	engine Engine
	// boms is how many leading byte order marks wasm_exec.js drops from a
	// Go string on its way into JavaScript: 1 with its TextDecoder("utf-8").
	boms int
}

// try calls native m with receiver this, and reports false if it threw or
// the host has no such member.
func (n *natives) try(m native, this js.Value) (js.Value, bool) {
	return tryInvoke(n.fn[m], this)
}

// property reads the event property that native m gets: through the
// getter, which checks that its receiver is a real event of its class, or,
// where the getter is left out, with Reflect.get (see jsNatives).
func (n *natives) property(m native, ev js.Value) (js.Value, bool) {
	if n.fn[m].Type() == js.TypeFunction {
		return tryInvoke(n.fn[m], ev)
	}
	return tryInvoke(n.reflectGet, ev, nativeMembers[m].name)
}

// jsNatives returns the captured natives, or nil if the host has no usable
// WebSocket (none at all, or one so altered that capturing failed).
var jsNatives = sync.OnceValue(func() (n *natives) {
	defer func() {
		if recover() != nil {
			n = nil
		}
	}()
	global := js.Global()
	reflect := global.Get("Reflect")
	object := global.Get("Object")
	describe := object.Get("getOwnPropertyDescriptor")
	call := global.Get("Function").Get("prototype").Get("call")
	n = &natives{
		webSocket:         global.Get("WebSocket"),
		uint8Array:        global.Get("Uint8Array"),
		reflectGet:        reflect.Get("get"),
		getPrototypeOf:    reflect.Get("getPrototypeOf"),
		toString:          global.Get("String"),
		domExceptionProto: js.Undefined(),
	}
	if n.webSocket.Type() != js.TypeFunction {
		return nil
	}
	// bind(fn) is Function.prototype.call.bind(fn): bound.Invoke(this,
	// ...args) is fn.call(this, ...args).
	bind := func(descriptor js.Value, part string) js.Value {
		if descriptor.Type() == js.TypeObject {
			if fn := descriptor.Get(part); fn.Type() == js.TypeFunction {
				return call.Call("bind", fn)
			}
		}
		return js.Undefined()
	}
	for m, where := range nativeMembers {
		n.fn[m] = js.Undefined()
		if class := global.Get(where.class); class.Type() == js.TypeFunction {
			n.fn[m] = bind(describe.Invoke(class.Get("prototype"), where.name), where.part)
		}
	}
	for _, m := range [...]native{readyState, protocolGetter, closeMethod, sendMethod, addEventListener, removeEventListener, eventType, arrayBufferByteLength} {
		if n.fn[m].Type() != js.TypeFunction {
			return nil
		}
	}
	if class := global.Get("DOMException"); class.Type() == js.TypeFunction {
		n.domExceptionProto = class.Get("prototype")
	}
	encoder := global.Get("TextEncoder")
	n.encode = encoder.Get("prototype").Get("encode").Call("bind", encoder.New())
	n.engine = probeEngine(n, object)
	if n.engine == Undici {
		// undici's events are not of the global MessageEvent and
		// CloseEvent (Node.js 20 has none), and none is trusted.
		for _, m := range [...]native{isTrusted, messageData, closeCode, closeReason, closeWasClean} {
			n.fn[m] = js.Undefined()
		}
	} else if own := bind(describe.Invoke(global.Get("Event").New("probe"), "isTrusted"), "get"); own.Type() == js.TypeFunction {
		// Browsers make isTrusted an own, unforgeable property of each
		// event, with one getter that checks its receiver is an Event.
		n.fn[isTrusted] = own
	}
	if js.ValueOf(utf8BOM).String() == "" {
		n.boms = 1
	}
	return n
})

// probeEngine tells the engines apart by the WebSocket implementation
// itself, not by a user agent or a process global that page code can set
// (an Electron renderer has process.versions.node but Chromium's WebSocket;
// Chrome on iOS is WebKit). The readyState getter, given an object that only
// inherits from WebSocket.prototype, returns undefined in undici (an
// instanceof check, then a missing internal slot) and throws in browsers,
// each in its own words: Chromium "Illegal invocation", Firefox "'get
// readyState' called on an object that does not implement interface
// WebSocket.", WebKit "The WebSocket.readyState getter can only be used on
// instances of WebSocket". The probe has no side effect.
func probeEngine(n *natives, object js.Value) (engine Engine) {
	engine = Chromium
	defer func() {
		if r := recover(); r != nil {
			thrown, ok := r.(js.Error)
			if !ok {
				return
			}
			message, ok := tryInvoke(n.reflectGet, thrown.Value, "message")
			if !ok || message.Type() != js.TypeString {
				return
			}
			for _, p := range engineProbes {
				if contains(message.String(), p.words) {
					engine = p.engine
				}
			}
		}
	}()
	fake := object.Get("create").Invoke(n.webSocket.Get("prototype"))
	if n.fn[readyState].Invoke(fake).IsUndefined() {
		return Undici
	}
	return Chromium
}

// engineProbes are words only one engine's brand-check error has.
var engineProbes = [...]struct {
	words  string
	engine Engine
}{
	{"does not implement interface WebSocket", Firefox},
	{"can only be used on instances of WebSocket", WebKit},
}

// contains is strings.Contains, which this package does not import for one
// call.
func contains(s, substr string) bool {
	for i := 0; i+len(substr) <= len(s); i++ {
		if s[i:i+len(substr)] == substr {
			return true
		}
	}
	return false
}

// isWebSocket reports whether v passes the engine's brand check for
// WebSocket: its protocol getter, which reads an internal slot (a private
// field in undici) that only a real socket has, returns a string.
func (n *natives) isWebSocket(v js.Value) (ok bool) {
	if v.Type() != js.TypeObject {
		return false
	}
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	if n.fn[protocolGetter].Invoke(v).Type() != js.TypeString {
		return false
	}
	state := n.fn[readyState].Invoke(v)
	return state.Type() == js.TypeNumber && state.Int() >= 0 && state.Int() <= 3
}

// utf8BOM is U+FEFF encoded as UTF-8.
const utf8BOM = "\xef\xbb\xbf"

// jsText returns the JavaScript value for a Go string that must reach
// JavaScript unchanged: wasm_exec.js decodes Go strings with a TextDecoder
// that drops one leading byte order mark (U+FEFF), so a string starting
// with one gets one more in front, for the decoder to drop.
func jsText(n *natives, s string) js.Value {
	if n.boms > 0 && len(s) >= len(utf8BOM) && s[:len(utf8BOM)] == utf8BOM {
		return js.ValueOf(utf8BOM + s)
	}
	return js.ValueOf(s)
}

// jsSocket is a JavaScript WebSocket object, one that passed the brand check.
type jsSocket struct{ v js.Value }

// newJSSocket runs new WebSocket(url, protocols).
func newJSSocket(url string, protocols []string) (s jsSocket, err error) {
	n := jsNatives()
	if n == nil {
		return jsSocket{}, ErrNoWebSocket
	}
	defer catchException(&err)
	if len(protocols) == 0 {
		return jsSocket{n.webSocket.New(jsText(n, url))}, nil
	}
	list := make([]any, len(protocols))
	for i, p := range protocols {
		list[i] = jsText(n, p)
	}
	return jsSocket{n.webSocket.New(jsText(n, url), list)}, nil
}

// close calls the native close with the arguments args has, and no others:
// an absent reason is not passed, an absent code before a reason is passed
// as undefined (the only way JavaScript can skip it).
func (s jsSocket) close(args CloseArgs) (err error) {
	n := jsNatives()
	defer catchException(&err)
	switch {
	case args.HasReason:
		code := js.Undefined()
		if args.HasCode {
			code = js.ValueOf(args.Code)
		}
		n.fn[closeMethod].Invoke(s.v, code, jsText(n, args.Reason))
	case args.HasCode:
		n.fn[closeMethod].Invoke(s.v, args.Code)
	default:
		n.fn[closeMethod].Invoke(s.v)
	}
	return nil
}

// readyState reads the socket's readyState; a socket that failed the
// brand check is never made, so the getter does not throw.
func (s jsSocket) readyState() ReadyState {
	return ReadyState(s.number(jsNatives().fn[readyState]))
}

// number calls a bound getter that returns a number on a real socket.
func (s jsSocket) number(getter js.Value) (n int) {
	defer recoverJS()
	v := getter.Invoke(s.v)
	if v.Type() != js.TypeNumber {
		return 0
	}
	return v.Int()
}

// socketEvents handles one socket's events. Each handler runs on the
// JavaScript event loop, inside a js.FuncOf callback, and must not block.
// Only events the engine itself fired reach them (see listen).
type socketEvents struct {
	open func()
	// message gets each data message's type and size; it calls data, at
	// most once and before it returns, for the bytes it keeps.
	message func(t MessageType, size int, data func() []byte)
	// badMessage gets, in its place among the messages, a message whose
	// data this package cannot read.
	badMessage func(err error)
	error      func()
	// close gets the close event, the last event a socket has; it returns
	// false to ignore an event that cannot be the engine's.
	close func(CloseEvent) bool
}

// listen adds one listener for the socket's open, message, error and close
// events, with a single js.Func. After the close event it removes itself and
// releases the js.Func; the returned function does so earlier. Removing is
// idempotent.
//
// The listener is total: whatever it is called with, it returns without a
// panic. Where the engine marks its own events trusted (every browser), an
// event with isTrusted false, dispatched by page JavaScript, is ignored.
// undici marks none of its events trusted, so under Node.js events are
// taken as they come, and the handlers check them against readyState.
func (s jsSocket) listen(h socketEvents) (remove func()) {
	n := jsNatives()
	types := [...]string{"open", "message", "error", "close"}
	var fn js.Func
	var once sync.Once
	remove = func() {
		once.Do(func() {
			defer recoverJS()
			defer liveFuncs.Add(-1)
			defer fn.Release()
			for _, t := range types {
				n.fn[removeEventListener].Invoke(s.v, t, fn)
			}
		})
	}
	fn = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			handleEvent(n, args[0], h, remove)
		}
		return nil
	})
	liveFuncs.Add(1)
	for _, t := range types {
		n.fn[addEventListener].Invoke(s.v, t, fn)
	}
	return remove
}

// handleEvent passes one event to h, if it is one the engine fired. Every
// property is read through the engine's own getters, which throw for
// anything that is not a real event of their kind; such a throw ends the
// handling of that event and nothing else.
func handleEvent(n *natives, ev js.Value, h socketEvents, remove func()) {
	defer recoverJS()
	if n.fn[isTrusted].Type() == js.TypeFunction {
		if trusted := n.fn[isTrusted].Invoke(ev); trusted.Type() != js.TypeBoolean || !trusted.Bool() {
			return
		}
	}
	// Messages come first: a MessageEvent is the only kind with data (the
	// data getter throws for the other kinds; Reflect.get gives undefined).
	if data, ok := n.property(messageData, ev); ok && !data.IsUndefined() {
		deliverMessage(n, data, h)
		return
	}
	typ := n.fn[eventType].Invoke(ev)
	if typ.Type() != js.TypeString {
		return
	}
	switch typ.String() {
	case "open":
		h.open()
	case "error":
		h.error()
	case "close":
		code, _ := n.property(closeCode, ev)
		reason, _ := n.property(closeReason, ev)
		wasClean, _ := n.property(closeWasClean, ev)
		if code.Type() != js.TypeNumber || reason.Type() != js.TypeString || wasClean.Type() != js.TypeBoolean {
			return
		}
		if h.close(CloseEvent{WasClean: wasClean.Bool(), Code: code.Int(), Reason: reason.String()}) {
			remove()
		}
	}
}

// deliverMessage hands a message event's data to h as bytes: a string as
// its UTF-8 encoding, an ArrayBuffer as it is. The bytes are copied into Go
// only if h asks for them, so a message over the read limit costs no Go
// memory. Any other data goes to h.badMessage.
func deliverMessage(n *natives, data js.Value, h socketEvents) {
	var t MessageType
	var bytes js.Value
	var size int
	switch data.Type() {
	case js.TypeString:
		t, bytes = Text, n.encode.Invoke(data)
		// Length rather than a getter: the array is our own.
		size = bytes.Length()
	case js.TypeObject:
		byteLength, ok := n.try(arrayBufferByteLength, data)
		if !ok {
			if _, isBlob := n.try(blobSize, data); isBlob {
				h.badMessage(ErrBinaryType) // JavaScript code changed binaryType
			} else {
				h.badMessage(ErrMessageData)
			}
			return
		}
		t, bytes, size = Binary, n.uint8Array.New(data), byteLength.Int()
	default:
		h.badMessage(ErrMessageData)
		return
	}
	h.message(t, size, func() []byte {
		b := make([]byte, size)
		js.CopyBytesToGo(b, bytes)
		return b
	})
}

// tryInvoke calls fn(args...) and reports whether it returned rather than
// threw (or was not a function).
func tryInvoke(fn js.Value, args ...any) (v js.Value, ok bool) {
	if fn.Type() != js.TypeFunction {
		return js.Undefined(), false
	}
	defer func() {
		if r := recover(); r != nil {
			if _, isJS := r.(js.Error); !isJS {
				panic(r)
			}
			v, ok = js.Undefined(), false
		}
	}()
	return fn.Invoke(args...), true
}

// recoverJS stops a panic that a JavaScript value caused: a thrown
// exception (js.Error), or a value of an unexpected type (*js.ValueError).
// It is deferred where a hostile value must not end the program; any other
// panic is a bug of this package and goes on.
func recoverJS() {
	if r := recover(); r != nil {
		switch r.(type) {
		case js.Error, *js.ValueError:
		default:
			panic(r)
		}
	}
}

// sendText calls send with s, which the caller has checked is valid UTF-8,
// so JavaScript gets it unchanged (a leading U+FEFF included).
func (s jsSocket) sendText(text string) (err error) {
	n := jsNatives()
	defer catchException(&err)
	n.fn[sendMethod].Invoke(s.v, jsText(n, text))
	return nil
}

// sendBinary calls send with a Uint8Array holding a copy of b.
func (s jsSocket) sendBinary(b []byte) (err error) {
	n := jsNatives()
	defer catchException(&err)
	u8 := n.uint8Array.New(len(b))
	js.CopyBytesToJS(u8, b)
	n.fn[sendMethod].Invoke(s.v, u8)
	return nil
}

func (s jsSocket) bufferedAmount() int { return s.number(jsNatives().fn[bufferedAmount]) }

// A stringAttribute names one of a socket's string attributes.
type stringAttribute int

const (
	attrURL stringAttribute = iota
	attrProtocol
	attrExtensions
	attrBinaryType
)

// stringProperty reads the attribute a through the engine's getter.
func (s jsSocket) stringProperty(a stringAttribute) (str string) {
	defer recoverJS()
	n := jsNatives()
	v := n.fn[[...]native{attrURL: urlGetter, attrProtocol: protocolGetter, attrExtensions: extensionsGetter, attrBinaryType: binaryTypeGetter}[a]].Invoke(s.v)
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

func (s jsSocket) setBinaryType(t string) {
	defer recoverJS()
	jsNatives().fn[binaryTypeSetter].Invoke(s.v, t)
}

// hostEngine tells which WebSocket implementation this program runs with,
// by a probe of the implementation itself (see probeEngine): undici under
// Node.js, Chromium's rules in every browser.
func hostEngine() Engine {
	if n := jsNatives(); n != nil {
		return n.engine
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

// exceptionOf describes a thrown JavaScript value. Its name and message
// are read with Reflect.get through Invoke, so a thrown Proxy or an object
// with throwing getters is described as far as it can be, and never panics.
func exceptionOf(v js.Value) *Exception {
	exc := &Exception{Name: "Error"}
	n := jsNatives()
	if n == nil {
		return exc
	}
	if v.Type() != js.TypeObject {
		if s, ok := tryInvoke(n.toString, v); ok && s.Type() == js.TypeString {
			exc.Message = s.String()
		}
		return exc
	}
	if name, ok := tryInvoke(n.reflectGet, v, "name"); ok && name.Type() == js.TypeString {
		exc.Name = name.String()
	}
	if message, ok := tryInvoke(n.reflectGet, v, "message"); ok && message.Type() == js.TypeString {
		exc.Message = message.String()
	}
	exc.DOMException = isDOMException(n, v)
	return exc
}

// isDOMException walks v's prototype chain with Reflect.getPrototypeOf,
// which unlike instanceof runs no Symbol.hasInstance and whose throws are
// caught.
func isDOMException(n *natives, v js.Value) bool {
	want := n.domExceptionProto
	if want.Type() != js.TypeObject {
		return false
	}
	for range 64 {
		proto, ok := tryInvoke(n.getPrototypeOf, v)
		if !ok || proto.Type() != js.TypeObject {
			return false
		}
		if proto.Equal(want) {
			return true
		}
		v = proto
	}
	return false
}
