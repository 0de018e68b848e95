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
	return newWebSocket(socketOf(v)), nil
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

	// What batched delivery is built of (see inbox), bound like fn:
	// Array.prototype's every, map and slice; bind, so that
	// bindTo.Invoke(f, this, args...) is f.bind(this, args...); and
	// MessagePort.prototype's start and close.
	arrayEvery, arrayMap, arraySlice, bindTo js.Value
	portStart, portClose                     js.Value
	// arrayPush (Array.prototype.push) and postMessage
	// (MessagePort.prototype.postMessage) are the functions themselves, for
	// bindTo; newArray is Array, messageChannel MessageChannel (undefined
	// where the host has none or lacks a port method: messages then enter
	// Go one event at a time); defineProperty is Object.defineProperty.
	arrayPush, postMessage, newArray, messageChannel, defineProperty js.Value
	// bulk are what reading and sending without a js.Value per message are
	// built of (see reader and sender).
	bulk bulkNatives
	// portGetters are MessageChannel.prototype's port1 and port2 getters,
	// bound, where the ports are no own properties of a channel.
	portGetters [2]js.Value
	// messageType is the string "message", made once (see bulkNatives).
	messageType js.Value
	// onceOptions is {once: true} and undefinedValue the property
	// descriptor {value: undefined}, both made without a prototype, so that
	// no property a page adds to Object.prototype is read with them.
	onceOptions, undefinedValue js.Value

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
	captureBatching(n, global, call, describe)
	n.bulk = captureBulk(global, call, describe)
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

// captureBatching captures what batched delivery needs (see inbox). Where
// the host lacks MessageChannel, messageChannel stays undefined and each
// message enters Go on its own, as any other event does.
func captureBatching(n *natives, global, call, describe js.Value) {
	array := global.Get("Array")
	arrayProto := array.Get("prototype")
	n.newArray = array
	n.arrayPush = arrayProto.Get("push")
	n.arrayEvery = call.Call("bind", arrayProto.Get("every"))
	n.arrayMap = call.Call("bind", arrayProto.Get("map"))
	n.arraySlice = call.Call("bind", arrayProto.Get("slice"))
	n.bindTo = call.Call("bind", global.Get("Function").Get("prototype").Get("bind"))
	n.defineProperty = global.Get("Object").Get("defineProperty")
	n.messageType = js.ValueOf("message")
	n.onceOptions = global.Get("Object").Call("create", js.Null())
	n.onceOptions.Set("once", true)
	n.undefinedValue = global.Get("Object").Call("create", js.Null())
	n.undefinedValue.Set("value", js.Undefined())
	n.messageChannel, n.postMessage, n.portStart, n.portClose = js.Undefined(), js.Undefined(), js.Undefined(), js.Undefined()
	channel, port := global.Get("MessageChannel"), global.Get("MessagePort")
	if channel.Type() != js.TypeFunction || port.Type() != js.TypeFunction {
		return
	}
	for i, name := range [...]string{"port1", "port2"} {
		n.portGetters[i] = js.Undefined()
		if d := describe.Invoke(channel.Get("prototype"), name); d.Type() == js.TypeObject {
			if get := d.Get("get"); get.Type() == js.TypeFunction {
				n.portGetters[i] = call.Call("bind", get)
			}
		}
	}
	method := func(name string) js.Value {
		if d := describe.Invoke(port.Get("prototype"), name); d.Type() == js.TypeObject {
			if fn := d.Get("value"); fn.Type() == js.TypeFunction {
				return fn
			}
		}
		return js.Undefined()
	}
	post, start, close := method("postMessage"), method("start"), method("close")
	if post.Type() != js.TypeFunction || start.Type() != js.TypeFunction || close.Type() != js.TypeFunction {
		return
	}
	n.postMessage, n.portStart, n.portClose = post, call.Call("bind", start), call.Call("bind", close)
	n.messageChannel = channel
}

// bulkNatives are the built-ins that reader and sender chain, so that a
// message's bytes cross between Go and JavaScript without a js.Value of
// their own (each js.Value that refers to an object costs a finalizer, and
// keeps the object alive in JavaScript until Go's collector runs it).
type bulkNatives struct {
	// Reflect's apply, construct and get, and getOwnPropertyDescriptor.
	apply, construct, get, describe js.Value
	// %TypedArray%.prototype.set and subarray, Array.prototype.shift and
	// WebSocket.prototype.send, as they are (for bindTo and apply).
	set, subarray, shift, send js.Value
	// Array.prototype's join and forEach, bound like natives.fn;
	// Function.prototype.call, to bind getters with; Array.prototype.push
	// as it is; Reflect.set.
	join, forEach, call, push, reflectSet js.Value
	// Object.isFrozen (true of any primitive), Object.is and Object.create.
	isFrozen, is, create js.Value
	// stringValue is String.prototype.valueOf, bound: it throws for
	// anything but a string or a String object.
	stringValue js.Value
	// encodeInto is TextEncoder.prototype.encodeInto bound to an encoder;
	// decode is TextDecoder.prototype.decode, and decoder a UTF-8 decoder
	// that keeps a leading U+FEFF.
	encodeInto, decode, decoder js.Value
	// JavaScript strings made once: a Go string passed to JavaScript is
	// decoded by wasm_exec.js on every call, and gets a finalizer.
	constructor, length, written, nul, one, comma js.Value
	ok                                            bool // every one was found
}

// captureBulk captures bulkNatives; ok is false if any is missing, and the
// package then reads and sends with a js.Value per message.
func captureBulk(global, call, describe js.Value) (b bulkNatives) {
	defer func() {
		if r := recover(); r != nil {
			switch r.(type) {
			case js.Error, *js.ValueError: // a built-in missing or altered
				b = bulkNatives{}
			default:
				panic(r)
			}
		}
	}()
	reflect := global.Get("Reflect")
	array := global.Get("Array").Get("prototype")
	typedArray := global.Get("Object").Call("getPrototypeOf", global.Get("Uint8Array").Get("prototype"))
	method := func(proto js.Value, name string) js.Value {
		if d := describe.Invoke(proto, name); d.Type() == js.TypeObject {
			return d.Get("value")
		}
		return js.Undefined()
	}
	encoderClass, decoderClass := global.Get("TextEncoder"), global.Get("TextDecoder")
	options := global.Get("Object").Call("create", js.Null())
	options.Set("ignoreBOM", true)
	decoder := decoderClass.New("utf-8", options)
	b = bulkNatives{
		apply:       reflect.Get("apply"),
		construct:   reflect.Get("construct"),
		get:         reflect.Get("get"),
		describe:    reflect.Get("getOwnPropertyDescriptor"),
		set:         method(typedArray, "set"),
		subarray:    method(typedArray, "subarray"),
		shift:       method(array, "shift"),
		send:        method(global.Get("WebSocket").Get("prototype"), "send"),
		join:        call.Call("bind", method(array, "join")),
		forEach:     call.Call("bind", method(array, "forEach")),
		call:        call,
		push:        method(array, "push"),
		reflectSet:  reflect.Get("set"),
		isFrozen:    global.Get("Object").Get("isFrozen"),
		is:          global.Get("Object").Get("is"),
		create:      global.Get("Object").Get("create"),
		stringValue: call.Call("bind", method(global.Get("String").Get("prototype"), "valueOf")),
		encodeInto:  method(encoderClass.Get("prototype"), "encodeInto").Call("bind", encoderClass.New()),
		decode:      method(decoderClass.Get("prototype"), "decode"),
		decoder:     decoder,
	}
	b.constructor, b.length, b.written = js.ValueOf("constructor"), js.ValueOf("length"), js.ValueOf("written")
	b.nul, b.one, b.comma = js.ValueOf("\x00"), js.ValueOf("\x01"), js.ValueOf(",")
	for _, fn := range [...]js.Value{b.apply, b.construct, b.get, b.describe, b.set, b.subarray, b.shift, b.send, b.isFrozen, b.is, b.create, b.decode, b.push, b.reflectSet} {
		if fn.Type() != js.TypeFunction {
			return bulkNatives{}
		}
	}
	b.ok = true
	return b
}

// channelPort returns port1 (i 0) or port2 (i 1) of a MessageChannel
// this package made: through the engine's getter, or, where the ports are
// own properties of the channel (Node.js), read from it.
func (n *natives) channelPort(channel js.Value, i int) js.Value {
	if n.portGetters[i].Type() == js.TypeFunction {
		return n.portGetters[i].Invoke(channel)
	}
	return n.reflectGet.Invoke(channel, [...]string{"port1", "port2"}[i])
}

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

// jsSocket is a JavaScript WebSocket object, one that passed the brand
// check, and what its sends reuse.
type jsSocket struct {
	v   js.Value
	out *sender
}

func socketOf(v js.Value) jsSocket { return jsSocket{v: v, out: &sender{}} }

// A sender is what a socket's sends reuse, so that a message crosses from
// Go without a js.Value of its own (see bulkNatives):
//
//   - fixed, a Uint8Array of one length, for a binary message of the same
//     length as the one before it: Go copies the bytes in and calls send;
//   - buf, a Uint8Array of up to copyLimit bytes, and a chain of bound
//     built-ins over it, for texts and other binary messages: Go copies the
//     bytes into buf, sets length[0], and calls send through Reflect.apply
//     with an argument list whose element is buf.subarray(0, length[0])
//     (binArgs) or its text, decoded (textArgs).
//
// Reusing is safe because send copies its argument's bytes before it
// returns, in every engine (TestSendReusesItsArrays checks).
type sender struct {
	mu        sync.Mutex
	fixed     js.Value
	fixedSize int
	lastSize  int // of the binary message before
	buf       js.Value
	size      int
	length    js.Value // [n]: how many bytes of buf the next send sends
	binArgs   js.Value // {length: 1, get 0: buf.subarray(0, length)}
	textArgs  js.Value // {length: 1, get 0: decoder.decode(binArgs[0])}
	end       js.Value // {valueOf: length[0]}
	text      []byte   // a text's bytes, for CopyBytesToJS
}

// reserve makes buf at least size bytes, and reports false if it cannot:
// the size passes copyLimit, or the host lacks a built-in of the chain.
func (s *sender) reserve(n *natives, size int) bool {
	b := &n.bulk
	if !b.ok || size > copyLimit {
		return false
	}
	if size <= s.size && s.size > 0 {
		return true
	}
	if s.length.IsUndefined() {
		s.length = b.create.Invoke(js.Null())
		s.length.SetIndex(0, 0)
		// subarray converts its end with valueOf, which reads length[0].
		end := b.create.Invoke(js.Null())
		end.Set("valueOf", n.bindTo.Invoke(b.get, js.Null(), s.length, 0))
		s.end = end
		s.binArgs = b.create.Invoke(js.Null())
		s.binArgs.Set("length", 1)
		s.textArgs = b.create.Invoke(js.Null())
		s.textArgs.Set("length", 1)
		defineGetter(n, s.textArgs, "0", n.bindTo.Invoke(b.apply, js.Null(), b.decode, b.decoder, s.binArgs))
	}
	s.size = min(max(size, 2*s.size, 4<<10), copyLimit)
	s.buf = n.uint8Array.New(s.size)
	// subarray makes its result with buf's constructor: see setUpBox.
	n.defineProperty.Invoke(s.buf, b.constructor, n.undefinedValue)
	defineGetter(n, s.binArgs, "0", n.bindTo.Invoke(b.subarray, s.buf, 0, s.end))
	return true
}

// sendChained copies data into buf and sends its first len(data) bytes, as
// args (binArgs or textArgs) make them.
func (s *sender) sendChained(n *natives, socket js.Value, data []byte, args js.Value) {
	js.CopyBytesToJS(s.buf, data)
	s.length.SetIndex(0, len(data))
	n.bulk.apply.Invoke(n.bulk.send, socket, args)
}

// newJSSocket runs new WebSocket(url, protocols).
func newJSSocket(url string, protocols []string) (s jsSocket, err error) {
	n := jsNatives()
	if n == nil {
		return jsSocket{}, ErrNoWebSocket
	}
	defer catchException(&err)
	if len(protocols) == 0 {
		return socketOf(n.webSocket.New(jsText(n, url))), nil
	}
	list := make([]any, len(protocols))
	for i, p := range protocols {
		list[i] = jsText(n, p)
	}
	return socketOf(n.webSocket.New(jsText(n, url), list)), nil
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
// JavaScript event loop, inside a js.FuncOf callback or a drain, and must
// not block. Only events the engine itself fired reach them (see listen).
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
	// waiting is told that message events wait in the listener's box: it
	// drains them (see listener.drain).
	waiting func()
}

// A listener is what listens to one socket: a js.Func for its open, error
// and close events, and, for its messages, a box they wait in.
//
// Messages do not enter Go one by one. The message listener is a native
// function, Array.prototype.push bound to the box (no JavaScript of ours
// runs, and no eval: CSP-safe), so a message event costs an append. Go
// takes the box's events in batches (drain): when Read finds nothing
// queued, and when woken. The wake-up is one posted message on a
// MessageChannel of the socket's own, armed with a {once: true} listener
// on the socket's message event (the bound postMessage): the first message
// after arming posts it, the messages that arrive before that task runs
// join the batch, and the wake re-arms. A posted message is an ordinary
// task, so a busy page delays it no more than its own tasks (a
// requestIdleCallback or a background-priority task could starve); a
// microtask or a synchronous listener would enter Go once per message
// again, and a timer adds a millisecond.
//
// The box holds events, not data: page JavaScript can dispatch a
// MessageEvent on the socket, which push takes as it takes the engine's.
// The drain checks isTrusted, where the engine sets it, as the listener
// does for the other events.
type listener struct {
	n      *natives
	sock   js.Value
	h      socketEvents
	events js.Func // open, error and close; also message where not batched

	batched bool
	wake    js.Func  // the port's message: the box has events
	box     js.Value // the message events, oldest first
	push    js.Value // Array.prototype.push bound to box
	empty   js.Value // Reflect.set bound to (box, "length", 0)
	poster  js.Value // port1.postMessage bound to (undefined, undefined)
	port1   js.Value
	port2   js.Value

	largest int // the most events one drain took, for the tests' report
	read    *reader
	// dataProto and dataGetter are, under undici, the prototype of the
	// last batch's events and its data getter, bound.
	dataProto, dataGetter js.Value

	mu      sync.Mutex
	armed   bool // poster is a listener of the socket's message event
	removed bool
	once    sync.Once
}

// socketTypes are the event types the js.Func listens to; message too
// where messages are not batched.
var socketTypes = [...]string{"open", "error", "close", "message"}

// listen adds the socket's listeners: the js.Func for open, error and
// close events, and the batched message listener, armed (see listener). If
// batching cannot be set up (no MessageChannel), the js.Func takes message
// events too, one at a time. After the close event the listener removes
// itself and releases its js.Funcs; remove does so earlier. Removing is
// idempotent.
//
// The listener is total: whatever it is called with, it returns without a
// panic. Where the engine marks its own events trusted (every browser), an
// event with isTrusted false, dispatched by page JavaScript, is ignored.
// undici marks none of its events trusted, so under Node.js events are
// taken as they come, and the handlers check them against readyState.
func (s jsSocket) listen(h socketEvents) *listener {
	l := &listener{n: jsNatives(), sock: s.v, h: h}
	l.events = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			handleEvent(l.n, args[0], h, l.remove)
		}
		return nil
	})
	liveFuncs.Add(1)
	l.batched = l.setUpBox()
	types := socketTypes[:3]
	if !l.batched {
		types = socketTypes[:]
	}
	for _, t := range types {
		l.n.fn[addEventListener].Invoke(s.v, t, l.events)
	}
	l.arm()
	return l
}

// setUpBox makes the box, its push listener and the wake-up's channel,
// and reports whether it could.
func (l *listener) setUpBox() (ok bool) {
	n := l.n
	if n.messageChannel.Type() != js.TypeFunction {
		return false
	}
	defer func() {
		if r := recover(); r != nil {
			if _, isJS := r.(js.Error); !isJS {
				panic(r)
			}
			ok = false
		}
	}()
	l.box = n.newArray.New()
	// map and slice make their result with the constructor of the array
	// they run on, which an own undefined constructor makes plain Array,
	// whatever page code puts on Array.prototype.constructor.
	n.defineProperty.Invoke(l.box, "constructor", n.undefinedValue)
	l.push = n.bindTo.Invoke(n.arrayPush, l.box)
	if n.bulk.ok {
		l.empty = n.bindTo.Invoke(n.bulk.reflectSet, js.Null(), l.box, n.bulk.length, 0)
	}
	channel := n.messageChannel.New()
	l.port1, l.port2 = n.channelPort(channel, 0), n.channelPort(channel, 1)
	// The poster is called with the message event as its third argument,
	// which postMessage ignores; undefined selects the overload without a
	// transfer list.
	l.poster = n.bindTo.Invoke(n.postMessage, l.port1, js.Undefined(), js.Undefined())
	l.wake = js.FuncOf(func(js.Value, []js.Value) any {
		l.mu.Lock()
		l.armed = false
		l.mu.Unlock()
		l.h.waiting()
		l.arm()
		return nil
	})
	liveFuncs.Add(1)
	n.fn[addEventListener].Invoke(l.port2, "message", l.wake)
	n.portStart.Invoke(l.port2)
	n.fn[addEventListener].Invoke(l.sock, "message", l.push)
	return true
}

// remove removes every listener of the socket, closes the channel and
// releases the js.Funcs. The box may still hold events: drain takes them.
func (l *listener) remove() {
	l.once.Do(func() {
		l.mu.Lock()
		l.removed = true
		l.mu.Unlock()
		defer recoverJS()
		defer liveFuncs.Add(-1)
		defer l.events.Release()
		n := l.n
		for _, t := range socketTypes {
			n.fn[removeEventListener].Invoke(l.sock, t, l.events)
		}
		if l.batched {
			defer liveFuncs.Add(-1)
			defer l.wake.Release()
			n.fn[removeEventListener].Invoke(l.sock, "message", l.push)
			n.fn[removeEventListener].Invoke(l.sock, "message", l.poster)
			n.fn[removeEventListener].Invoke(l.port2, "message", l.wake)
			n.portClose.Invoke(l.port1)
			n.portClose.Invoke(l.port2)
		}
	})
}

// arm makes sure that the next message event wakes Go: the poster listens
// to it, once. Adding it while it still listens changes nothing (the
// engine keeps one listener per type and function), so a wrong guess costs
// only the call.
func (l *listener) arm() {
	if l == nil || !l.batched {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.armed || l.removed {
		return
	}
	if _, ok := tryInvoke(l.n.fn[addEventListener], l.sock, l.n.messageType, l.poster, l.n.onceOptions); ok {
		l.armed = true
	}
}

// drain takes the events waiting in the box, oldest first, and hands each
// message among them to the handlers: a batch costs a few calls into
// JavaScript whatever its size, and each message the calls that copy its
// bytes. It returns how many events it took.
//
// Where the engine marks its events trusted and every event of the batch
// is (one call to every), their data is read in one call to map; else
// (undici, or an event page code dispatched) each event is checked and read
// on its own.
func (l *listener) drain() int {
	if l == nil || !l.batched {
		return 0
	}
	n := l.n
	count := l.box.Length()
	if count == 0 {
		return 0
	}
	l.largest = max(l.largest, count)
	if datas, ok := l.batchData(); ok {
		l.emptyBox()
		l.deliverAll(datas, count)
		return count
	}
	events, ok := tryInvoke(n.arraySlice, l.box)
	l.emptyBox()
	if !ok {
		return count
	}
	for i := range count {
		handleMessageEvent(n, events.Index(i), l.h)
	}
	return count
}

// emptyBox empties the box, with one call that passes no string.
func (l *listener) emptyBox() {
	if l.empty.Type() == js.TypeFunction {
		l.empty.Invoke()
		return
	}
	l.box.Set("length", 0)
}

// batchData returns the data of every event in the box, read with one
// call: where the engine marks its events trusted, if every one of them is
// (one call to every), with the captured MessageEvent data getter; under
// undici, which has no global class for its events, if they all have one
// prototype, with that prototype's data getter (see undiciData).
func (l *listener) batchData() (js.Value, bool) {
	n := l.n
	if n.fn[isTrusted].Type() != js.TypeFunction {
		return l.undiciData()
	}
	if n.fn[messageData].Type() != js.TypeFunction {
		return js.Undefined(), false
	}
	all, ok := tryInvoke(n.arrayEvery, l.box, n.fn[isTrusted])
	if !ok || all.Type() != js.TypeBoolean || !all.Bool() {
		return js.Undefined(), false
	}
	return tryInvoke(n.arrayMap, l.box, n.fn[messageData])
}

// undiciData reads the data of the box's events under undici, where any
// event is taken (see listen): if every event has the prototype of the
// first, through that prototype's own data getter, which undici's
// MessageEvent checks its receiver with. A batch that mixes kinds of event
// is read event by event instead, with Reflect.get, as a lone event is:
// so a getter of one kind never reads another's.
func (l *listener) undiciData() (data js.Value, ok bool) {
	n, b := l.n, &l.n.bulk
	if !b.ok {
		return js.Undefined(), false
	}
	defer func() {
		if r := recover(); r != nil {
			switch r.(type) {
			case js.Error, *js.ValueError:
				data, ok = js.Undefined(), false
			default:
				panic(r)
			}
		}
	}()
	protos := n.arrayMap.Invoke(l.box, n.getPrototypeOf)
	first := protos.Index(0)
	if first.Type() != js.TypeObject {
		return js.Undefined(), false
	}
	if same := n.arrayEvery.Invoke(protos, n.bindTo.Invoke(b.is, js.Null(), first)); !same.Truthy() {
		return js.Undefined(), false
	}
	if !first.Equal(l.dataProto) {
		descriptor := b.describe.Invoke(first, "data")
		if descriptor.Type() != js.TypeObject || descriptor.Get("get").Type() != js.TypeFunction {
			return js.Undefined(), false
		}
		l.dataProto, l.dataGetter = first, n.bindTo.Invoke(b.call, descriptor.Get("get"))
	}
	return n.arrayMap.Invoke(l.box, l.dataGetter), true
}

// deliverAll hands the messages whose data datas holds to the handlers, in
// order: a batch of texts or of ArrayBuffers through the listener's reader,
// with no js.Value per message; else (a batch that mixes them, or holds
// Blobs or data page code made up) message by message.
func (l *listener) deliverAll(datas js.Value, count int) {
	if l.n.bulk.ok && l.readInBulk(datas, count) {
		return
	}
	for i := range count {
		func() {
			defer recoverJS()
			deliverMessage(l.n, datas.Index(i), l.h)
		}()
	}
}

// readInBulk delivers the batch through the reader, and reports false if
// it cannot: its data are not all texts or all ArrayBuffers, or a call into
// JavaScript threw before the first message was delivered (after that, no
// call that can throw is made unguarded).
func (l *listener) readInBulk(datas js.Value, count int) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			switch r.(type) {
			case js.Error, *js.ValueError:
				ok = false
			default:
				panic(r)
			}
		}
	}()
	if l.read == nil {
		l.read = newReader(l.n)
	}
	return l.read.texts(datas, count, l.h) || l.read.arrayBuffers(datas, count, l.h)
}

// handleEvent passes one event to h, if it is one the engine fired. Every
// property is read through the engine's own getters, which throw for
// anything that is not a real event of their kind; such a throw ends the
// handling of that event and nothing else.
func handleEvent(n *natives, ev js.Value, h socketEvents, remove func()) {
	defer recoverJS()
	if !trusted(n, ev) {
		return
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

// handleMessageEvent passes a message event taken from the box to h, as
// handleEvent would: nothing if it is untrusted or has no data.
func handleMessageEvent(n *natives, ev js.Value, h socketEvents) {
	defer recoverJS()
	if !trusted(n, ev) {
		return
	}
	if data, ok := n.property(messageData, ev); ok && !data.IsUndefined() {
		deliverMessage(n, data, h)
	}
}

// trusted reports whether ev may be the engine's: isTrusted, where the
// engine sets it on its own events; any event under undici.
func trusted(n *natives, ev js.Value) bool {
	if n.fn[isTrusted].Type() != js.TypeFunction {
		return true
	}
	t, ok := n.try(isTrusted, ev)
	return ok && t.Type() == js.TypeBoolean && t.Bool()
}

// deliverMessage hands a message event's data to h as bytes: a string as
// its UTF-8 encoding, an ArrayBuffer as it is. The bytes are copied into Go
// only if h asks for them, so a message over the read limit costs no Go
// memory. Any other data (or an ArrayBuffer that page code detached) goes
// to h.badMessage.
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
		if bytes, ok = tryNew(n.uint8Array, data); !ok {
			h.badMessage(ErrMessageData)
			return
		}
		t, size = Binary, byteLength.Int()
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

// tryNew runs new class(args...) and reports whether it returned rather
// than threw.
func tryNew(class js.Value, args ...any) (v js.Value, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isJS := r.(js.Error); !isJS {
				panic(r)
			}
			v, ok = js.Undefined(), false
		}
	}()
	return class.New(args...), true
}

// copyLimit bounds the Uint8Arrays a reader or a sender keeps: data that
// needs a larger one crosses with a js.Value of its own.
const copyLimit = 1 << 20

// A reader copies the data of a batch of messages into Go without a
// js.Value per message. Texts cross all at once: joined, encoded into buf
// with one encodeInto and copied (see batch.go for how they are told
// apart). ArrayBuffers cross one at a time through buf, by a chain of bound
// built-ins, next, that Go calls with no argument and that returns
// nothing: buf.set(new Uint8Array(datas.shift())). Each listener has its
// own, made at its first batch; a listener's drains never overlap.
type reader struct {
	n      *natives
	buf    js.Value // a Uint8Array of size bytes
	size   int
	first  []byte // Go's copies of buf
	second []byte
	ends   []int
	// queue holds the batch's ArrayBuffers, oldest first; enqueue pushes a
	// batch onto it and empty empties it; shiftArgs is {length: 1, get 0:
	// queue.shift}, viewArgs {length: 1, get 0: new
	// Uint8Array(shiftArgs[0])}, and next buf.set(...viewArgs).
	queue, enqueue, empty     js.Value
	shiftArgs, viewArgs, next js.Value
}

func newReader(n *natives) *reader {
	b := &n.bulk
	r := &reader{n: n, queue: n.newArray.New(), shiftArgs: b.create.Invoke(js.Null()), viewArgs: b.create.Invoke(js.Null())}
	r.enqueue = n.bindTo.Invoke(b.apply, js.Null(), b.push, r.queue)
	r.empty = n.bindTo.Invoke(b.reflectSet, js.Null(), r.queue, b.length, 0)
	r.shiftArgs.Set("length", 1)
	r.viewArgs.Set("length", 1)
	defineGetter(n, r.shiftArgs, "0", n.bindTo.Invoke(b.shift, r.queue))
	defineGetter(n, r.viewArgs, "0", n.bindTo.Invoke(b.construct, js.Null(), n.uint8Array, r.shiftArgs))
	return r
}

// defineGetter makes getter the getter of property name of object, one of
// this package's objects.
func defineGetter(n *natives, object js.Value, name string, getter js.Value) {
	descriptor := n.bulk.create.Invoke(js.Null())
	descriptor.Set("get", getter)
	descriptor.Set("configurable", true)
	n.defineProperty.Invoke(object, name, descriptor)
}

// reserve makes buf at least size bytes, and reports false if that would
// pass copyLimit.
func (r *reader) reserve(size int) bool {
	if size <= r.size && r.size > 0 {
		return true
	}
	if size > copyLimit {
		return false
	}
	r.size = min(max(size, 2*r.size, 4<<10), copyLimit)
	r.buf = r.n.uint8Array.New(r.size)
	r.next = r.n.bindTo.Invoke(r.n.bulk.apply, js.Null(), r.n.bulk.set, r.buf, r.viewArgs)
	return true
}

// copyOut copies buf's first size bytes into dst, reused, and returns them.
func (r *reader) copyOut(dst *[]byte, size int) []byte {
	if cap(*dst) < size {
		*dst = make([]byte, size)
	}
	*dst = (*dst)[:size]
	js.CopyBytesToGo(*dst, r.buf)
	return *dst
}

// encode encodes text into buf, which reserve made three bytes per UTF-16
// code unit at least, and returns the bytes written.
func (r *reader) encode(text js.Value) int {
	b := &r.n.bulk
	return b.get.Invoke(b.encodeInto.Invoke(text, r.buf), b.written).Int()
}

// texts delivers a batch of count texts, and reports false, having
// delivered nothing, if they are not all strings or too long to cross at
// once.
func (r *reader) texts(datas js.Value, count int, h socketEvents) bool {
	b := &r.n.bulk
	if all, ok := tryInvoke(r.n.arrayEvery, datas, b.isFrozen); !ok || !all.Truthy() {
		return false // an object among them: no string
	}
	if _, ok := tryInvoke(b.forEach, datas, b.stringValue); !ok {
		return false // a primitive other than a string: made up by page code
	}
	joined := b.join.Invoke(datas, b.nul)
	if !r.reserve(3 * joined.Length()) {
		return false
	}
	first := r.copyOut(&r.first, r.encode(joined))
	if r.ends = separatorEnds(first, count, r.ends); r.ends == nil {
		second := r.copyOut(&r.second, r.encode(b.join.Invoke(datas, b.one)))
		if r.ends = differingEnds(first, second, count, r.ends); r.ends == nil {
			return false
		}
	}
	start := 0
	for _, end := range r.ends {
		text := first[start:end]
		h.message(Text, len(text), func() []byte {
			data := make([]byte, len(text))
			copy(data, text)
			return data
		})
		start = end + 1
	}
	return true
}

// arrayBuffers delivers a batch of count ArrayBuffers, and reports false,
// having delivered nothing, if they are not all ArrayBuffers or one is too
// large to cross through buf.
func (r *reader) arrayBuffers(datas js.Value, count int, h socketEvents) bool {
	n, b := r.n, &r.n.bulk
	// map makes its result with datas's constructor: see setUpBox.
	n.defineProperty.Invoke(datas, b.constructor, n.undefinedValue)
	sizes, ok := tryInvoke(n.arrayMap, datas, n.fn[arrayBufferByteLength])
	if !ok {
		return false // not all ArrayBuffers
	}
	lengths, ok := parseLengths(b.join.Invoke(sizes, b.comma).String(), count, r.ends)
	if !ok || !r.reserve(largest(lengths)) {
		return false
	}
	r.ends = lengths
	r.empty.Invoke()
	r.enqueue.Invoke(datas)
	for _, size := range lengths {
		if _, ok := tryInvoke(r.next); !ok {
			h.badMessage(ErrMessageData) // detached by page code
			continue
		}
		h.message(Binary, size, func() []byte {
			data := make([]byte, size)
			js.CopyBytesToGo(data, r.buf)
			return data
		})
	}
	return true
}

// largest is the largest of lengths, or 0.
func largest(lengths []int) int {
	most := 0
	for _, n := range lengths {
		most = max(most, n)
	}
	return most
}

// tryInvoke calls fn(args...) and reports whether it returned rather
// than threw (or was not a function).
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

// sendText calls send with text, which the caller has checked is valid
// UTF-8, so JavaScript gets it unchanged (a leading U+FEFF included: the
// chain's decoder keeps it, and jsText adds one for wasm_exec.js's to drop).
func (s jsSocket) sendText(text string) (err error) {
	n := jsNatives()
	defer catchException(&err)
	s.out.mu.Lock()
	defer s.out.mu.Unlock()
	if s.out.reserve(n, len(text)) {
		s.out.text = append(s.out.text[:0], text...)
		s.out.sendChained(n, s.v, s.out.text, s.out.textArgs)
		return nil
	}
	n.fn[sendMethod].Invoke(s.v, jsText(n, text))
	return nil
}

// sendBinary calls send with a Uint8Array holding a copy of b: fixed, when
// b has the length of the message before it, else buf's first bytes (see
// sender).
func (s jsSocket) sendBinary(b []byte) (err error) {
	n := jsNatives()
	defer catchException(&err)
	out := s.out
	out.mu.Lock()
	defer out.mu.Unlock()
	repeated := len(b) == out.lastSize
	out.lastSize = len(b)
	if repeated && len(b) <= copyLimit && (out.fixedSize != len(b) || out.fixed.IsUndefined()) {
		out.fixed, out.fixedSize = n.uint8Array.New(len(b)), len(b)
	}
	switch {
	case len(b) == out.fixedSize && !out.fixed.IsUndefined():
		js.CopyBytesToJS(out.fixed, b)
		n.fn[sendMethod].Invoke(s.v, out.fixed)
	case out.reserve(n, len(b)):
		out.sendChained(n, s.v, b, out.binArgs)
	default:
		u8 := n.uint8Array.New(len(b))
		js.CopyBytesToJS(u8, b)
		n.fn[sendMethod].Invoke(s.v, u8)
	}
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
