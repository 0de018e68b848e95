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

// A native is one of the engine's own getters, setters, methods and
// functions, which the package captures the first time it needs them (see
// natives).
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

	// What batched delivery is built of (see listener): bound as above.
	arrayEvery
	arrayMap
	arraySlice
	arrayJoin
	arrayForEach
	bindTo // bindTo.Invoke(f, this, args...) is f.bind(this, args...)
	portStart
	portClose
	port1Getter
	port2Getter
	stringValueOf // throws for anything but a string or a String object
	isPrototypeOf
	// ... and as they are, for bindTo and Reflect.apply.
	arrayPush
	arrayShift
	arraySplice
	callMethod
	typedArraySet
	typedArraySubarray
	sendFunction
	postMessage
	encodeInto
	decode
	reflectApply
	reflectConstruct
	reflectGet
	reflectSet
	reflectDescribe
	reflectGetPrototypeOf
	reflectSetPrototypeOf
	objectCreate
	reflectDefineProperty // returns a boolean, not the object: no js.Value to finalize
	objectIsFrozen        // true of any primitive
	objectIs
	nativeCount
)

// How a native is taken from its property descriptor: its getter, setter
// or method bound so that fn.Invoke(this, args...) calls it with that
// receiver, or the method or static function as it is.
const (
	getter = "get"
	setter = "set"
	method = "value"
	asIs   = "as is"  // a method of the prototype, unbound
	static = "static" // a property of the class (or namespace) itself
	typed  = "%TypedArray%"
)

// nativeMembers says where each native is: the global class (typed is the
// prototype all typed arrays share), the property of its prototype (or of
// itself, for static), and how to take it.
var nativeMembers = [nativeCount]struct{ class, name, part string }{
	readyState:            {"WebSocket", "readyState", getter},
	bufferedAmount:        {"WebSocket", "bufferedAmount", getter},
	urlGetter:             {"WebSocket", "url", getter},
	protocolGetter:        {"WebSocket", "protocol", getter},
	extensionsGetter:      {"WebSocket", "extensions", getter},
	binaryTypeGetter:      {"WebSocket", "binaryType", getter},
	binaryTypeSetter:      {"WebSocket", "binaryType", setter},
	closeMethod:           {"WebSocket", "close", method},
	sendMethod:            {"WebSocket", "send", method},
	addEventListener:      {"EventTarget", "addEventListener", method},
	removeEventListener:   {"EventTarget", "removeEventListener", method},
	eventType:             {"Event", "type", getter},
	isTrusted:             {"Event", "isTrusted", getter}, // browsers: an own property of each event, see below
	messageData:           {"MessageEvent", "data", getter},
	closeCode:             {"CloseEvent", "code", getter},
	closeReason:           {"CloseEvent", "reason", getter},
	closeWasClean:         {"CloseEvent", "wasClean", getter},
	arrayBufferByteLength: {"ArrayBuffer", "byteLength", getter},
	blobSize:              {"Blob", "size", getter},

	arrayEvery:    {"Array", "every", method},
	arrayMap:      {"Array", "map", method},
	arraySlice:    {"Array", "slice", method},
	arrayJoin:     {"Array", "join", method},
	arrayForEach:  {"Array", "forEach", method},
	bindTo:        {"Function", "bind", method},
	portStart:     {"MessagePort", "start", method},
	portClose:     {"MessagePort", "close", method},
	port1Getter:   {"MessageChannel", "port1", getter}, // absent in Node.js: see channelPort
	port2Getter:   {"MessageChannel", "port2", getter},
	stringValueOf: {"String", "valueOf", method},
	isPrototypeOf: {"Object", "isPrototypeOf", method},

	arrayPush:             {"Array", "push", asIs},
	arrayShift:            {"Array", "shift", asIs},
	arraySplice:           {"Array", "splice", asIs},
	callMethod:            {"Function", "call", asIs},
	typedArraySet:         {typed, "set", asIs},
	typedArraySubarray:    {typed, "subarray", asIs},
	sendFunction:          {"WebSocket", "send", asIs},
	postMessage:           {"MessagePort", "postMessage", asIs},
	encodeInto:            {"TextEncoder", "encodeInto", asIs},
	decode:                {"TextDecoder", "decode", asIs},
	reflectApply:          {"Reflect", "apply", static},
	reflectConstruct:      {"Reflect", "construct", static},
	reflectGet:            {"Reflect", "get", static},
	reflectSet:            {"Reflect", "set", static},
	reflectDescribe:       {"Reflect", "getOwnPropertyDescriptor", static},
	reflectGetPrototypeOf: {"Reflect", "getPrototypeOf", static},
	reflectSetPrototypeOf: {"Reflect", "setPrototypeOf", static},
	objectCreate:          {"Object", "create", static},
	reflectDefineProperty: {"Reflect", "defineProperty", static},
	objectIsFrozen:        {"Object", "isFrozen", static},
	objectIs:              {"Object", "is", static},
}

// required are the natives without which the package cannot work;
// forBatches those batched delivery needs (without them each message
// enters Go as an event of its own); forBulk those reading and sending
// without a js.Value per message need (see reader and sender).
var (
	required   = [...]native{readyState, protocolGetter, closeMethod, sendMethod, addEventListener, removeEventListener, eventType, arrayBufferByteLength, reflectGet, reflectGetPrototypeOf}
	forBatches = [...]native{arrayEvery, arrayMap, arraySlice, arraySplice, bindTo, portStart, portClose, arrayPush, postMessage, objectCreate, reflectDefineProperty, reflectSet, reflectSetPrototypeOf}
	forBulk    = [...]native{arrayJoin, arrayForEach, stringValueOf, isPrototypeOf, arrayShift, callMethod, typedArraySet, typedArraySubarray, sendFunction, encodeInto, decode, reflectApply, reflectConstruct, reflectDescribe, objectIsFrozen, objectIs}
)

// natives are the engine's own members, captured once: changes that page
// code makes to the prototypes afterwards do not reach them.
type natives struct {
	fn [nativeCount]js.Value // undefined where the host has no such member
	// getFn is Reflect.get as captureNatives found it, which get reads
	// every other property with.
	getFn js.Value

	// The constructors.
	webSocket, uint8Array, uint32Array, arrayBuffer, messageChannel, array js.Value
	encode, encoder, decoder                                               js.Value // encode bound to encoder; decoder keeps a leading U+FEFF
	toString, domExceptionProto                                            js.Value // domExceptionProto undefined if the host has none

	// batches and bulk say whether fn has forBatches and forBulk (and the
	// host MessageChannel and lengthModule, batches).
	batches, bulk bool
	// pack and sendText are packModule's functions, and lengthModule is
	// compiled and instance the captured WebAssembly.Instance, which makes
	// each box's (see newBox): undefined where the host cannot run them
	// (see newModules).
	pack, sendText, lengthModule, instance js.Value

	// JavaScript values made once. Strings: a Go string passed to
	// JavaScript is decoded by wasm_exec.js at every call, and gets a
	// finalizer. onceOptions is {once: true} and undefinedValue the
	// property descriptor {value: undefined}, both made without a
	// prototype, so that no property page code adds to Object.prototype is
	// read with them.
	messageType, constructorKey, lengthKey, writtenKey js.Value
	nul, one                                           js.Value
	onceOptions, undefinedValue                        js.Value

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
	return tryInvoke(n.fn[reflectGet], ev, nativeMembers[m].name)
}

// has reports whether the host has every native of list.
func (n *natives) has(list []native) bool {
	for _, m := range list {
		if n.fn[m].Type() != js.TypeFunction {
			return false
		}
	}
	return true
}

// jsNatives returns the captured natives, or nil if the host has no usable
// WebSocket (none at all, or one so altered that capturing failed).
var jsNatives = sync.OnceValue(captureNatives)

// captureNatives captures the natives (see jsNatives).
func captureNatives() (n *natives) {
	defer func() {
		if recover() != nil {
			n = nil
		}
	}()
	global := js.Global()
	// Every property is read with n.get, through Reflect.get: a getter
	// page code put in the way that throws then ends the capture (n is
	// nil), where js.Value.Get would end the program. Reflect.get itself
	// is read with Get: wasm_exec.js calls the global Reflect.get for
	// every Get, so a page that broke it has broken syscall/js already.
	n = &natives{getFn: global.Get("Reflect").Get("get")}
	// The globals, read in a loop: each call site of get adds about 160
	// bytes to the program.
	var globals [13]js.Value
	for i, name := range [...]string{"Object", "Function", "Event", "DOMException", "TextEncoder", "TextDecoder",
		"WebSocket", "Uint8Array", "Uint32Array", "ArrayBuffer", "MessageChannel", "Array", "String"} {
		globals[i] = n.get(global, name)
	}
	object, function, event, domException, textEncoder, textDecoder := globals[0], globals[1], globals[2], globals[3], globals[4], globals[5]
	n.webSocket, n.uint8Array, n.uint32Array, n.arrayBuffer, n.messageChannel, n.array, n.toString = globals[6], globals[7], globals[8], globals[9], globals[10], globals[11], globals[12]
	describe := n.get(object, "getOwnPropertyDescriptor")
	functions := n.get(function, "prototype")
	callFn := n.get(functions, "call")
	// bindTo.Invoke(f, this, args...) is f.bind(this, args...). It is the
	// capture's one Call, whose method, bind, its argument has read with
	// get first: a failed Call reads the method again with Get, which a
	// getter could throw from.
	bindTo := callFn.Call("bind", n.get(functions, "bind"))
	n.domExceptionProto = js.Undefined()
	if n.webSocket.Type() != js.TypeFunction {
		return nil
	}
	// bind(fn) is Function.prototype.call.bind(fn): bound.Invoke(this,
	// ...args) is fn.call(this, ...args).
	bind := func(descriptor js.Value, part string) js.Value {
		if descriptor.Type() == js.TypeObject {
			if fn := n.get(descriptor, part); fn.Type() == js.TypeFunction {
				return call(bindTo, callFn, fn)
			}
		}
		return js.Undefined()
	}
	typedArray := call(n.get(object, "getPrototypeOf"), n.get(n.uint8Array, "prototype"))
	for m, where := range nativeMembers {
		n.fn[m] = js.Undefined()
		class, proto := n.get(global, where.class), js.Undefined()
		switch {
		case where.class == typed:
			proto = typedArray
		case class.Type() == js.TypeFunction:
			proto = n.get(class, "prototype")
		case where.part != static || class.Type() != js.TypeObject:
			continue // no such class
		}
		switch where.part {
		case static:
			if fn := n.get(class, where.name); fn.Type() == js.TypeFunction {
				n.fn[m] = fn
			}
		case asIs:
			if d := describe.Invoke(proto, where.name); d.Type() == js.TypeObject {
				if fn := n.get(d, method); fn.Type() == js.TypeFunction {
					n.fn[m] = fn
				}
			}
		default:
			n.fn[m] = bind(describe.Invoke(proto, where.name), where.part)
		}
	}
	if !n.has(required[:]) {
		return nil
	}
	if domException.Type() == js.TypeFunction {
		n.domExceptionProto = n.get(domException, "prototype")
	}
	n.makeValues(textEncoder.New(), textDecoder, bindTo)
	n.engine = probeEngine(n)
	if n.engine == Undici {
		// undici's events are not of the global MessageEvent and
		// CloseEvent (Node.js 20 has none), and none is trusted.
		for _, m := range [...]native{isTrusted, messageData, closeCode, closeReason, closeWasClean} {
			n.fn[m] = js.Undefined()
		}
	} else if own := bind(describe.Invoke(event.New("probe"), "isTrusted"), "get"); own.Type() == js.TypeFunction {
		// Browsers make isTrusted an own, unforgeable property of each
		// event, with one getter that checks its receiver is an Event.
		n.fn[isTrusted] = own
	}
	if n.messageChannel.Type() == js.TypeFunction && n.has(forBatches[:]) {
		// Each box's length is an instance of lengthModule: without it,
		// no batches.
		n.pack, n.sendText, n.lengthModule, n.instance = n.newModules(global)
		n.batches = n.lengthModule.Type() == js.TypeObject
	}
	n.bulk = n.batches && n.has(forBulk[:])
	if js.ValueOf(utf8BOM).String() == "" {
		n.boms = 1
	}
	return n
}

// makeValues makes the JavaScript values natives hold besides fn.
func (n *natives) makeValues(encoder, textDecoder, bindTo js.Value) {
	n.encode = call(bindTo, n.get(encoder, "encode"), encoder)
	if n.fn[encodeInto].Type() == js.TypeFunction {
		n.fn[encodeInto] = call(bindTo, n.fn[encodeInto], encoder)
	}
	n.decoder = textDecoder.New("utf-8", map[string]any{"ignoreBOM": true})
	n.messageType, n.constructorKey, n.lengthKey, n.writtenKey = js.ValueOf("message"), js.ValueOf("constructor"), js.ValueOf("length"), js.ValueOf("written")
	n.nul, n.one = js.ValueOf("\x00"), js.ValueOf("\x01")
	n.onceOptions = n.plainObject()
	n.onceOptions.Set("once", true)
	n.undefinedValue = n.plainObject()
	n.undefinedValue.Set("value", js.Undefined())
}

// newModules compiles lengthModule, which newBox instantiates with instance,
// then compiles and instantiates packModule, its imports the captured
// built-ins, and returns its functions. What the host cannot run is
// undefined (no WebAssembly left, a module it cannot compile, or a getter
// page code put in the way that throws): without packModule the chains are
// used, without lengthModule no batches. It runs once, with the natives,
// so that page code that replaces built-ins later changes nothing; the
// modules are far under the 4 KB that Chromium compiles synchronously on a
// page's main thread.
func (n *natives) newModules(global js.Value) (pack, sendText, length, instance js.Value) {
	defer func() {
		if recover() != nil {
			pack, sendText = js.Undefined(), js.Undefined()
		}
	}()
	// Every property is read with get: a getter page code put there may
	// throw.
	wasm := n.get(global, "WebAssembly")
	newModule, newInstance := n.get(wasm, "Module"), n.get(wasm, "Instance")
	module := n.uint8Array.New(len(lengthModule))
	js.CopyBytesToJS(module, []byte(lengthModule))
	length, instance = newModule.New(module), newInstance
	module = n.uint8Array.New(len(packModule))
	js.CopyBytesToJS(module, []byte(packModule))
	// Module "0", imports "0" to "10": Arrays, whose elements are own
	// properties, which is all the instantiation reads. Array.of, called
	// without a receiver, makes a plain Array.
	of := n.get(n.array, "of")
	imports := call(of, call(of,
		n.fn[reflectGet],
		n.fn[arrayBufferByteLength],
		of,
		n.fn[reflectConstruct],
		n.bound(n.fn[callMethod], n.fn[typedArraySet]),
		n.fn[reflectSet],
		n.uint8Array,
		n.bound(n.fn[callMethod], n.fn[typedArraySubarray]),
		n.bound(n.fn[decode], n.decoder),
		n.fn[sendMethod],
		n.fn[reflectGet]))
	exports := n.get(instance.New(newModule.New(module), imports), "exports")
	return n.get(exports, "pack"), n.get(exports, "sendText"), length, instance
}

// get reads v's property name with the captured Reflect.get, where page
// code may have put a getter: its throw becomes a js.Error panic, where
// js.Value.Get would let it end the program. Not inlined: each call would
// copy Invoke's boxing of its arguments.
//
//go:noinline
func (n *natives) get(v js.Value, name string) js.Value {
	return n.getFn.Invoke(v, name)
}

// call calls fn with args, one js.Value each: a helper, so that each call
// site does not box its arguments into interfaces itself (which makes the
// package's code larger, not faster).
func call(fn js.Value, args ...js.Value) js.Value {
	return fn.Invoke(boxed(args)...)
}

// boxed returns args as the []any js.Value.Invoke takes.
func boxed(args []js.Value) []any {
	list := make([]any, len(args))
	for i, a := range args {
		list[i] = a
	}
	return list
}

// tryCall is call that reports false, with undefined, if fn threw or is
// no function.
func tryCall(fn js.Value, args ...js.Value) (v js.Value, ok bool) {
	return tryInvoke(fn, boxed(args)...)
}

// bound returns fn.bind(this, args...).
func (n *natives) bound(fn, this js.Value, args ...js.Value) js.Value {
	return call(n.fn[bindTo], append([]js.Value{fn, this}, args...)...)
}

// plainObject makes an object of this package's own without a prototype.
func (n *natives) plainObject() js.Value { return call(n.fn[objectCreate], js.Null()) }

// list makes an argument list of items for Reflect.apply and
// Reflect.construct, an object of this package's own: element i is
// items[i], except element at, which is what the getter items[at] returns
// each time the list is read.
func (n *natives) list(at int, items ...js.Value) js.Value {
	list := n.plainObject()
	list.Set("length", len(items))
	for i, item := range items {
		if i == at {
			n.defineGetter(list, i, item)
		} else {
			list.SetIndex(i, item)
		}
	}
	return list
}

// applied returns a function of no arguments that calls fn with the list
// of items (see list) and returns what it returns.
func (n *natives) applied(fn js.Value, at int, items ...js.Value) js.Value {
	return n.bound(n.fn[reflectApply], js.Null(), fn, js.Null(), n.list(at, items...))
}

// defineGetter makes getter the getter of element i of list, one of this
// package's objects.
func (n *natives) defineGetter(list js.Value, i int, getter js.Value) {
	descriptor := n.plainObject()
	descriptor.Set("get", getter)
	descriptor.Set("configurable", true)
	call(n.fn[reflectDefineProperty], list, js.ValueOf(i), descriptor)
}

// plainConstructor gives an array of this package's own an own undefined
// constructor: map, slice and subarray make their result with the
// constructor of what they run on, which is then the plain one, whatever
// page code puts on Array.prototype.constructor.
func (n *natives) plainConstructor(array js.Value) {
	call(n.fn[reflectDefineProperty], array, n.constructorKey, n.undefinedValue)
}

// channelPort returns port1 (i 0) or port2 (i 1) of a MessageChannel
// this package made: through the engine's getter, or, where the ports are
// own properties of the channel (Node.js), read from it.
func (n *natives) channelPort(channel js.Value, i int) js.Value {
	if get := n.fn[port1Getter+native(i)]; get.Type() == js.TypeFunction {
		return call(get, channel)
	}
	return n.fn[reflectGet].Invoke(channel, [...]string{"port1", "port2"}[i])
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
func probeEngine(n *natives) (engine Engine) {
	engine = Chromium
	defer func() {
		if r := recover(); r != nil {
			thrown, ok := r.(js.Error)
			if !ok {
				return
			}
			message, ok := tryInvoke(n.fn[reflectGet], thrown.Value, "message")
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
	fake := call(n.fn[objectCreate], n.get(n.webSocket, "prototype"))
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

func socketOf(v js.Value) jsSocket {
	return jsSocket{v: v, out: &sender{socket: v, this: boxed([]js.Value{v})}}
}

// A sender is what a socket's sends reuse, so that a message crosses from
// Go without a js.Value of its own (see reader for why that matters):
//
//   - fixed, a Uint8Array of one length, for a binary message of the same
//     length as the one before it: Go copies the bytes in and calls send;
//   - buf, a Uint8Array of up to copyLimit bytes after a four-byte header,
//     and a chain of bound built-ins over it, for texts and other binary
//     messages: Go copies the header, where the message ends in buf, and
//     the bytes in with one call, and calls send through Reflect.apply with
//     an argument list whose element is buf.subarray(4, header[0])
//     (binArgs) or its text, decoded (textArgs).
//
// Reusing is safe because send copies its argument's bytes before it
// returns, in every engine (TestSendReusesItsArrays checks).
type sender struct {
	// socket is the socket, and this the socket boxed once for the
	// getters' Invoke: boxing it at each call would allocate.
	socket    js.Value
	this      []any
	mu        sync.Mutex
	fixed     js.Value
	fixedArgs []any // the socket and fixed, boxed once for send
	fixedSize int
	lastSize  int // of the binary message before
	buf       js.Value
	size      int
	end       js.Value // {valueOf: header[0]}, subarray's end
	binArgs   js.Value // {length: 1, get 0: buf.subarray(4, end)}
	textArgs  js.Value // {length: 1, get 0: decoder.decode(binArgs[0])}
	staged    []byte   // the header and a message's bytes, for CopyBytesToJS
	// chainedArgs are Reflect.apply's arguments for a chained send, boxed
	// once: send, the socket, and binArgs or textArgs.
	chainedArgs [2][]any
	// moduleArgs are natives.sendText's arguments, where packModule runs:
	// the socket, buf and its header.
	moduleArgs []any
}

// reserve makes buf at least size bytes, and reports false if it cannot:
// the size passes copyLimit, or the host lacks a built-in of the chain.
func (s *sender) reserve(n *natives, size int) bool {
	if !n.bulk || size > copyLimit {
		return false
	}
	if size <= s.size && s.size > 0 {
		return true
	}
	if s.end.IsUndefined() {
		s.end = n.plainObject()
		s.binArgs = n.list(0, js.Undefined())
		s.textArgs = n.list(0, n.bound(n.fn[reflectApply], js.Null(), n.fn[decode], n.decoder, s.binArgs))
	}
	s.size = min(max(size, 2*s.size, 4<<10), copyLimit)
	bytes := n.arrayBuffer.New(4 + s.size)
	s.buf = n.uint8Array.New(bytes)
	n.plainConstructor(s.buf)
	// subarray converts its end with valueOf, which reads the header (a
	// Uint32Array: little-endian in every engine Go runs in, as Go writes it).
	header := n.uint32Array.New(bytes, 0, 1)
	s.end.Set("valueOf", n.bound(n.fn[reflectGet], js.Null(), header, js.ValueOf(0)))
	if n.sendText.Type() == js.TypeFunction {
		s.moduleArgs = boxed([]js.Value{s.socket, s.buf, header})
	}
	for i, args := range [2]js.Value{s.binArgs, s.textArgs} {
		s.chainedArgs[i] = boxed([]js.Value{n.fn[sendFunction], s.socket, args})
	}
	n.defineGetter(s.binArgs, 0, n.bound(n.fn[typedArraySubarray], s.buf, js.ValueOf(4), s.end))
	return true
}

// sendChained sends the size bytes staged after the header as binary (or
// as text): one copy into buf, one call to send.
func (s *sender) sendChained(n *natives, size int, text bool) {
	end := uint32(4 + size)
	s.staged[0], s.staged[1], s.staged[2], s.staged[3] = byte(end), byte(end>>8), byte(end>>16), byte(end>>24)
	js.CopyBytesToJS(s.buf, s.staged)
	switch {
	case text && s.moduleArgs != nil:
		n.sendText.Invoke(s.moduleArgs...)
	case text:
		n.fn[reflectApply].Invoke(s.chainedArgs[1]...)
	default:
		n.fn[reflectApply].Invoke(s.chainedArgs[0]...)
	}
}

// header is the room staged keeps for the header.
var header = []byte{0, 0, 0, 0}

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
	if s.out == nil {
		return 0
	}
	v := getter.Invoke(s.out.this...)
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
//
// A box holds at most boxLimit events. Firefox and, far more, WebKit run
// queued WebSocket message tasks before a posted message, so without a
// limit a flood would wait in the box whole, out of the read limit's reach,
// until it paused. The box's prototype (its own, unreachable by page code)
// has a setter at index boxLimit, which push calls instead of storing the
// event there: Go is entered at once, drains the full box and takes the
// event after its events; the length push then sets reads as 0 (see newBox
// and overflow). The listeners stay as they are: one added during a
// dispatch is called for it in Node.js, not in browsers.
type listener struct {
	n      *natives
	sock   js.Value
	h      socketEvents
	events js.Func // open, error and close; also message where not batched

	batched bool
	wake    js.Func  // the port's message: the box has events
	waker   js.Value // wake, called through Reflect.apply without this or arguments
	box     js.Value // the message events, oldest first
	push    js.Value // Array.prototype.push bound to box
	empty   js.Value // box.splice(0), returning how many it took (see newBox)
	wrapTo  js.Value // sets what the box's length reads after an overflow (see newBox)
	// drains counts the drains that took events; held is how many events
	// of the box a running drain has yet to empty; rewrapped says overflow
	// made the length an overflowing push sets read more than 0 (see
	// overflow).
	drains, held int
	rewrapped    bool
	full         js.Func  // the box's setter at index boxLimit
	poster       js.Value // port1.postMessage bound to (undefined, undefined)
	port1        js.Value
	port2        js.Value

	// largest is the most events one drain took, batches how many drains
	// read their events' data in one call, and overflows how many events
	// overflow took, for the tests.
	largest, batches, overflows int
	read                        *reader
	// instanceOf is, under undici, proto.isPrototypeOf, bound, for the
	// prototype of the events of the last batch read at once (the
	// reader's take reads their data with proto's data getter).
	instanceOf js.Value

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
// batching cannot be set up (no MessageChannel or lengthModule), the
// js.Func takes message events too, one at a time. After the close event
// the listener removes itself and releases its js.Funcs; remove does so
// earlier. Removing is idempotent.
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
	l.batched = l.n.batches && l.setUpBox()
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
	made := int64(0) // js.Funcs
	defer func() {
		if r := recover(); r != nil {
			if _, isJS := r.(js.Error); !isJS {
				panic(r)
			}
			// Release what was made (a zero js.Func releases nothing).
			l.full.Release()
			l.wake.Release()
			liveFuncs.Add(-made)
			ok = false
		}
	}()
	l.full = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 {
			l.overflow(args[0])
		}
		return nil
	})
	liveFuncs.Add(1)
	made++
	proto, descriptor := n.plainObject(), n.plainObject()
	descriptor.Set(setter, l.full.Value)
	call(n.fn[reflectDefineProperty], proto, js.ValueOf(boxLimit), descriptor)
	l.box, l.push, l.empty, l.wrapTo = n.newBox(proto)
	channel := n.messageChannel.New()
	l.port1, l.port2 = n.channelPort(channel, 0), n.channelPort(channel, 1)
	// The poster is called with the message event as its third argument,
	// which postMessage ignores; undefined selects the overload without a
	// transfer list.
	l.poster = n.bound(n.fn[postMessage], l.port1, js.Undefined(), js.Undefined())
	l.wake = js.FuncOf(func(js.Value, []js.Value) any {
		l.mu.Lock()
		l.armed = false
		l.mu.Unlock()
		l.h.waiting()
		l.arm()
		return nil
	})
	liveFuncs.Add(1)
	made++
	// Called with no receiver and no arguments, wake gets no js.Value that
	// needs a finalizer but syscall/js's own.
	l.waker = n.bound(n.fn[reflectApply], js.Null(), l.wake.Value, js.Null(), n.plainObject())
	call(n.fn[addEventListener], l.port2, n.messageType, l.waker)
	call(n.fn[portStart], l.port2)
	call(n.fn[addEventListener], l.sock, n.messageType, l.push)
	return true
}

// boxLimit is the most message events a box holds (see listener): with
// the read limit, it bounds what a peer can make the page hold.
const boxLimit = 64

// newBox makes an empty box that inherits from proto, and push, empty
// and wrapTo for it. The box is an object of the package's own, not an
// Array (push, splice and the rest work on any object with a length), so
// that its length can be an accessor: an instance of lengthModule of the
// box's own, which reads the number set up to boxLimit, boxLimit+1 as 0
// (or as wrapTo last said), and more as 0. The push that overflows the box
// ends by setting its length to boxLimit+1, which then reads as 0: the box
// is empty again, with nothing left at any index, and no other box is
// needed.
func (n *natives) newBox(proto js.Value) (box, push, empty, wrapTo js.Value) {
	box = call(n.fn[objectCreate], proto)
	exports := n.get(n.instance.New(n.lengthModule), "exports")
	length := n.plainObject()
	length.Set(getter, n.get(exports, getter))
	length.Set(setter, n.get(exports, setter))
	call(n.fn[reflectDefineProperty], box, n.lengthKey, length)
	push = n.bound(n.fn[arrayPush], box)
	// splice deletes the events, as the length of an Array would. empty
	// returns the length of the Array splice returns, a number, so that no
	// js.Value of the Array is made.
	empty = n.applied(n.fn[reflectGet], 0, n.bound(n.fn[arraySplice], box, js.ValueOf(0)), n.lengthKey)
	return box, push, empty, n.get(exports, "wrapTo")
}

// overflow takes ev, the event push was about to store at index boxLimit
// of the box, which is full. It drains the box, so that the read limit
// applies to its events now, and hands ev to the handlers after them. The
// rest of this push sets the box's length to boxLimit+1, which reads as 0
// (see newBox): the next event goes to index 0. No listener changes during
// the dispatch (Node.js's EventTarget would call one added now for ev).
//
// Page code can dispatch events on the socket inside a drain's calls (a
// Proxy passed off as an event under undici, whose traps run then). The
// box then holds them after the drain, and they come after ev, which came
// first: the length this push sets reads their count, not 0. And if a
// drain is running already (page code filled the box inside its calls),
// ev, made up by that page code, is dropped, and so are the events pushed
// since that drain began; the drain's own events, the first held of the
// box, stay: the length reads held until the drain empties the box.
func (l *listener) overflow(ev js.Value) {
	defer recoverJS()
	l.mu.Lock()
	removed := l.removed
	l.mu.Unlock()
	if removed {
		return
	}
	drains := l.drains
	l.h.waiting()
	switch {
	case l.drains != drains:
		handleMessageEvent(l.n, ev, l.h)
		l.overflows++
		l.keep(l.box.Length())
	case l.held > 0:
		l.keep(l.held)
	}
}

// keep makes the length that an overflowing push sets read k rather than
// 0, until the box is next emptied.
func (l *listener) keep(k int) {
	if k > 0 {
		call(l.wrapTo, js.ValueOf(k))
		l.rewrapped = true
	}
}

// remove removes every listener of the socket, closes the channel and
// releases the js.Funcs. The box may still hold events: drain takes them.
func (l *listener) remove() {
	l.once.Do(func() {
		l.mu.Lock()
		l.removed = true
		l.mu.Unlock()
		defer l.release()
		defer recoverJS()
		n := l.n
		for _, t := range socketTypes {
			n.fn[removeEventListener].Invoke(l.sock, t, l.events)
		}
		if l.batched {
			remove := n.fn[removeEventListener]
			call(remove, l.sock, n.messageType, l.push)
			call(remove, l.sock, n.messageType, l.poster)
			call(remove, l.port2, n.messageType, l.waker)
			call(n.fn[portClose], l.port1)
			call(n.fn[portClose], l.port2)
		}
	})
}

// release releases the listener's js.Funcs, once remove has taken them
// off every target (or a call of it threw).
func (l *listener) release() {
	l.events.Release()
	live := int64(1)
	if l.batched {
		l.wake.Release()
		l.full.Release()
		live += 2
	}
	liveFuncs.Add(-live)
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
	if _, ok := tryCall(l.n.fn[addEventListener], l.sock, l.n.messageType, l.poster, l.n.onceOptions); ok {
		l.armed = true
	}
}

// isArmed reports whether the poster listens: then the next message, or
// one that came already, posts the wake-up.
func (l *listener) isArmed() bool {
	if l == nil || !l.batched {
		return false
	}
	l.mu.Lock()
	armed := l.armed && !l.removed
	l.mu.Unlock()
	return armed
}

// drain takes the events waiting in the box, oldest first, and hands each
// message among them to the handlers: a batch costs a few calls into
// JavaScript whatever its size, and each message none (or two, for an
// ArrayBuffer where packModule cannot run: see reader). It returns how
// many events it took.
//
// Where the engine marks its events trusted and every event of the batch
// is (one call to every), their data is read in one call to map; likewise
// under undici when all have one prototype (see undiciData); else (an
// event page code dispatched) each event is checked and read on its own.
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
	l.drains++
	l.held = count
	if datas, ok := l.batchData(); ok {
		l.emptyBox()
		l.batches++
		l.deliverAll(datas, count)
		return count
	}
	events, ok := tryCall(n.fn[arraySlice], l.box)
	l.emptyBox()
	if !ok {
		return count
	}
	for i := range count {
		handleMessageEvent(n, events.Index(i), l.h)
	}
	return count
}

// emptyBox empties the box, and undoes what overflow did meanwhile.
func (l *listener) emptyBox() {
	call(l.empty)
	l.held = 0
	if l.rewrapped {
		call(l.wrapTo, js.ValueOf(0))
		l.rewrapped = false
	}
}

// batchData takes the data of every event in the box, read with one call:
// where the engine marks its events trusted, if every one of them is (one
// call to every), with the captured MessageEvent data getter; under
// undici, which has no global class for its events, see undiciData. Where
// the host has what the reader needs, the data stay in JavaScript, in the
// reader's slot, and datas is undefined (see batchValue).
func (l *listener) batchData() (datas js.Value, ok bool) {
	n := l.n
	if n.fn[isTrusted].Type() != js.TypeFunction {
		return l.undiciData()
	}
	all, ok := tryCall(n.fn[arrayEvery], l.box, n.fn[isTrusted])
	if !ok || !all.Truthy() {
		return js.Undefined(), false
	}
	if !n.bulk {
		return tryCall(n.fn[arrayMap], l.box, n.fn[messageData])
	}
	if l.read == nil {
		l.read = newReader(n)
		l.read.take = l.read.taking(l.box, n.fn[messageData])
	}
	_, ok = tryCall(l.read.take)
	return js.Undefined(), ok
}

// batchValue returns the data of the batch being delivered as a js.Value:
// datas, or what the reader's slot holds.
func (l *listener) batchValue(datas js.Value) js.Value {
	if datas.IsUndefined() && l.read != nil {
		return call(l.read.current)
	}
	return datas
}

// undiciData reads the data of the box's events under undici, where any
// event is taken (see listen): if every event inherits from the prototype
// the first one has (one call to every, with isPrototypeOf), through that
// prototype's own data getter, which undici's MessageEvent checks its
// receiver with. A batch that mixes kinds of event is read event by event
// instead, with Reflect.get, as a lone event is: so a getter of one kind
// never reads another's. The prototype and getter are kept for the next
// batch, which is then checked against them alone.
func (l *listener) undiciData() (data js.Value, ok bool) {
	n := l.n
	if !n.bulk {
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
	if l.instanceOf.IsUndefined() || !call(n.fn[arrayEvery], l.box, l.instanceOf).Truthy() {
		proto := call(n.fn[reflectGetPrototypeOf], l.box.Index(0))
		if proto.Type() != js.TypeObject {
			return js.Undefined(), false
		}
		descriptor := n.fn[reflectDescribe].Invoke(proto, "data")
		dataGetter := js.Undefined()
		if descriptor.Type() == js.TypeObject {
			dataGetter = n.get(descriptor, getter)
		}
		if dataGetter.Type() != js.TypeFunction {
			return js.Undefined(), false
		}
		l.instanceOf = n.bound(n.fn[isPrototypeOf], js.Null(), proto)
		if l.read == nil {
			l.read = newReader(n)
		}
		l.read.take = l.read.taking(l.box, n.bound(n.fn[callMethod], dataGetter))
		if !call(n.fn[arrayEvery], l.box, l.instanceOf).Truthy() {
			return js.Undefined(), false
		}
	}
	call(l.read.take)
	return js.Undefined(), true
}

// deliverAll hands the messages whose data datas holds to the handlers, in
// order: a batch of texts or of ArrayBuffers through the listener's reader,
// with no js.Value per message; else (a batch that mixes them, or holds
// Blobs or data page code made up) message by message.
func (l *listener) deliverAll(datas js.Value, count int) {
	if l.n.bulk && l.readInBulk(count) {
		return
	}
	datas = l.batchValue(datas)
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
func (l *listener) readInBulk(count int) (ok bool) {
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
	r, binary := l.read, l.read.binaryFirst
	if binary && r.readArrayBuffers(count, l.h) {
		return true
	}
	return r.readTexts(count, l.h) || !binary && r.readArrayBuffers(count, l.h)
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
// js.Value per message. (A js.Value that refers to an object costs a
// finalizer, and the object stays alive in JavaScript until Go's collector
// has run it: per message, that is most of what reading cost.) Texts cross
// all at once: joined, encoded into buf with one encodeInto and copied
// (see batch.go for how they are told apart). ArrayBuffers cross all at
// once too, where packModule runs: packed into buf, sizes first, by its
// pack, and copied (see readPacked). Elsewhere they cross one at a time
// through buf, by a chain of bound built-ins, next, that Go calls with no
// argument and that returns nothing: buf.set(new Uint8Array(queue.shift())).
// Each listener has its own, made at its first batch; a listener's drains
// never overlap.
type reader struct {
	n      *natives
	buf    js.Value // a Uint8Array of size bytes, over an ArrayBuffer of its own
	size   int
	first  []byte // Go's copies of buf
	second []byte
	ends   []int
	// inBulk counts the messages read without a js.Value of their own,
	// for the tests.
	inBulk int
	// binaryFirst says the last batch read was of ArrayBuffers, so the
	// next is tried as one first (each wrong guess costs calls).
	binaryFirst bool
	// queue holds a batch's ArrayBuffers, oldest first: enqueue(datas)
	// pushes them all, empty empties it; views is {length: 1, get 0: new
	// Uint8Array(queue.shift())}, and next buf.set(...views).
	queue, enqueue, empty, views, next js.Value
	// slot holds, at 0, the data of the batch being read: setSlot(datas)
	// puts them there, and current reads them, for the chains below, which
	// return numbers or nothing: each object or string a call returns to
	// Go is a js.Value with a finalizer, which costs more than a call.
	slot, setSlot, current js.Value
	// take puts the data of the box's events in the slot (see taking);
	// plain gives them an own undefined constructor (see
	// plainConstructor), and allFrozen and allStrings run every and
	// forEach over them (see readTexts).
	take, plain, allFrozen, allStrings js.Value
	// sizes is a Uint32Array of sizeCount numbers, fillSizes
	// sizes.set(current.map(byteLength)), and sizeBytes a Uint8Array over
	// sizes's bytes: the batch's sizes cross into Go with two calls.
	sizes, fillSizes, sizeBytes js.Value
	sizeCount                   int
	sizeBuf                     []byte
	// written[k] is the bytes encodeInto(current.join(separator k), buf)
	// wrote, for separators "\x00" and "\x01"; made for each buf.
	written [2]js.Value
	// binaryData and textData are the data functions handed with each
	// message, made once (a closure per message would allocate): they copy
	// the message of binarySize bytes in buf, or text.
	binaryData, textData func() []byte
	binarySize           int
	text                 []byte
	// packArgs are the arguments of natives.pack, boxed once for each
	// buf: the slot, buf, a Uint32Array over buf's first bytes, the count
	// (set at each batch) and buf's size. packed counts the messages read
	// through it, for the tests.
	packArgs []any
	packed   int
}

func newReader(n *natives) *reader {
	r := &reader{n: n, queue: n.array.New()}
	r.binaryData = func() []byte {
		data := make([]byte, r.binarySize)
		js.CopyBytesToGo(data, r.buf)
		return data
	}
	r.textData = func() []byte {
		data := make([]byte, len(r.text))
		copy(data, r.text)
		return data
	}
	r.slot = n.plainObject()
	r.setSlot = n.bound(n.fn[reflectSet], js.Null(), r.slot, js.ValueOf(0))
	r.current = n.bound(n.fn[reflectGet], js.Null(), r.slot, js.ValueOf(0))
	r.plain = n.applied(n.fn[reflectDefineProperty], 0, r.current, n.constructorKey, n.undefinedValue)
	r.allFrozen = n.applied(n.fn[arrayEvery], 0, r.current, n.fn[objectIsFrozen])
	r.allStrings = n.applied(n.fn[arrayForEach], 0, r.current, n.fn[stringValueOf])
	r.enqueue = n.applied(n.fn[reflectApply], 2, n.fn[arrayPush], r.queue, r.current)
	r.empty = n.bound(n.fn[reflectSet], js.Null(), r.queue, n.lengthKey, js.ValueOf(0))
	shift := n.list(0, n.bound(n.fn[arrayShift], r.queue))
	r.views = n.list(0, n.bound(n.fn[reflectConstruct], js.Null(), n.uint8Array, shift))
	return r
}

// taking returns a function of no arguments that puts in the slot what
// map, with dataGetter (bound so that it takes the event as its receiver),
// makes of box's events, and returns true.
func (r *reader) taking(box, dataGetter js.Value) js.Value {
	n := r.n
	return n.applied(n.fn[reflectSet], 2, r.slot, js.ValueOf(0), n.bound(n.fn[arrayMap], js.Null(), box, dataGetter))
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
	bytes := r.n.arrayBuffer.New(r.size)
	r.buf = r.n.uint8Array.New(bytes)
	if r.n.pack.Type() == js.TypeFunction {
		r.packArgs = boxed([]js.Value{r.slot, r.buf, r.n.uint32Array.New(bytes, 0, r.size/4), js.Null(), js.ValueOf(r.size)})
	}
	r.next = r.n.bound(r.n.fn[reflectApply], js.Null(), r.n.fn[typedArraySet], r.buf, r.views)
	r.written = [2]js.Value{}
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

// encode encodes the texts in the slot, joined with separator k, into
// buf, growing buf until it holds all of them, and returns the bytes
// written, or false if buf would pass copyLimit or the joined text would
// be too long for a string. encodeInto stops before a character that does
// not fit, and a character takes four bytes at most: if four were left
// free, nothing was left out.
func (r *reader) encode(k int) (int, bool) {
	n := r.n
	for size := 4 << 10; r.reserve(size); size = 2 * r.size {
		if r.written[k].IsUndefined() {
			join := n.applied(n.fn[arrayJoin], 0, r.current, [2]js.Value{n.nul, n.one}[k])
			encoded := n.applied(n.fn[encodeInto], 0, join, r.buf)
			r.written[k] = n.applied(n.fn[reflectGet], 0, encoded, n.writtenKey)
		}
		written, ok := tryCall(r.written[k])
		if !ok {
			return 0, false
		}
		if written := written.Int(); written <= r.size-4 {
			return written, true
		}
	}
	return 0, false
}

// readTexts delivers a batch of count texts, and reports false, having
// delivered nothing, if they are not all strings.
func (r *reader) readTexts(count int, h socketEvents) bool {
	if all, ok := tryCall(r.allFrozen); !ok || !all.Truthy() {
		return false // an object among them: no string
	}
	if _, ok := tryCall(r.allStrings); !ok {
		return false // a primitive other than a string: made up by page code
	}
	r.deliverTexts(count, h)
	r.binaryFirst = false
	return true
}

// deliverTexts delivers count texts: joined, encoded into buf and copied,
// or, if they do not fit in buf together, half by half, and a lone text
// that does not fit by itself with a js.Value of its own. No call it makes
// can throw past it.
func (r *reader) deliverTexts(count int, h socketEvents) {
	n := r.n
	first, ok := r.joined(0, &r.first)
	if ok {
		if r.ends = separatorEnds(first, count, r.ends); r.ends == nil {
			second, _ := r.joined(1, &r.second) // as long: it fits
			r.ends = differingEnds(first, second, count, r.ends)
		}
		ok = r.ends != nil
	}
	switch {
	case !ok && count == 1:
		func() {
			defer recoverJS()
			deliverMessage(n, call(r.current).Index(0), h)
		}()
		return
	case !ok:
		half := count / 2
		call(r.plain) // for slice
		datas := call(r.current)
		second := call(n.fn[arraySlice], datas, js.ValueOf(half))
		call(r.setSlot, call(n.fn[arraySlice], datas, js.ValueOf(0), js.ValueOf(half)))
		r.deliverTexts(half, h)
		call(r.setSlot, second)
		r.deliverTexts(count-half, h)
		return
	}
	r.inBulk += count
	start := 0
	for _, end := range r.ends {
		r.text = first[start:end]
		h.message(Text, len(r.text), r.textData)
		start = end + 1
	}
	r.text = nil
}

// joined copies into dst, reused, the UTF-8 encoding of the slot's texts
// joined with separator k ("\x00" or "\x01"), and reports false if they do
// not fit in buf.
func (r *reader) joined(k int, dst *[]byte) ([]byte, bool) {
	written, ok := r.encode(k)
	if !ok {
		return nil, false
	}
	return r.copyOut(dst, written), true
}

// readArrayBuffers delivers a batch of count ArrayBuffers, and reports false,
// having delivered nothing, if they are not all ArrayBuffers or one is too
// large to cross through buf. It packs them (see readPacked), or, where it
// cannot, reads them through the chains: their sizes with two calls, then
// each with a call and a copy.
func (r *reader) readArrayBuffers(count int, h socketEvents) bool {
	if r.readPacked(count, h) {
		r.inBulk += count
		r.packed += count
		r.binaryFirst = true
		return true
	}
	call(r.plain) // for map
	lengths, ok := r.readSizes(count)
	if !ok {
		return false // not all ArrayBuffers
	}
	if !r.reserve(largest(lengths)) {
		return false
	}
	// The batch's data may hold more than count (events page code
	// dispatched inside a drain's calls, under undici), and a batch that
	// threw half way leaves some: the queue starts empty.
	call(r.empty)
	call(r.enqueue)
	for _, size := range lengths {
		if _, ok := tryCall(r.next); !ok {
			h.badMessage(ErrMessageData) // detached by page code
			continue
		}
		r.binarySize = size
		h.message(Binary, size, r.binaryData)
	}
	r.inBulk += count
	r.binaryFirst = true
	return true
}

// readPacked delivers a batch of count ArrayBuffers with one call into
// JavaScript and one copy: pack writes their sizes and bytes into buf. It
// reports false, having delivered nothing, if the host has no pack (buf
// then has no packArgs), one is not an ArrayBuffer or is detached (pack
// threw: the chains then report just that one), or together they pass
// copyLimit.
func (r *reader) readPacked(count int, h socketEvents) bool {
	if !r.reserve(4*count) || r.packArgs == nil {
		return false
	}
	end := r.packInto(count)
	if end > r.size && r.reserve(end) {
		end = r.packInto(count)
	}
	if end < 4*count || end > r.size {
		return false
	}
	all := r.copyOut(&r.first, end)
	r.ends = littleEndian32(all[:4*count], r.ends[:0])
	at := 4 * count
	for _, size := range r.ends {
		at += size
	}
	if at != end {
		return false // a size past what an i32 holds
	}
	at = 4 * count
	for _, size := range r.ends {
		r.text = all[at : at+size]
		h.message(Binary, size, r.textData)
		at += size
	}
	r.text = nil
	return true
}

// packInto calls pack for the batch, and returns where its bytes end in
// buf, or -1 if it threw.
func (r *reader) packInto(count int) int {
	r.packArgs[3] = count
	if end, ok := tryInvoke(r.n.pack, r.packArgs...); ok {
		return end.Int()
	}
	return -1
}

// readSizes copies into Go the byteLength of each of the count
// ArrayBuffers in the slot, and reports false if one is not an ArrayBuffer.
func (r *reader) readSizes(count int) ([]int, bool) {
	n := r.n
	if count > r.sizeCount {
		r.sizeCount = max(count, 2*r.sizeCount, 64)
		bytes := n.arrayBuffer.New(4 * r.sizeCount)
		r.sizes, r.sizeBytes = n.uint32Array.New(bytes), n.uint8Array.New(bytes)
		lengths := n.applied(n.fn[arrayMap], 0, r.current, n.fn[arrayBufferByteLength])
		r.fillSizes = n.bound(n.fn[reflectApply], js.Null(), n.fn[typedArraySet], r.sizes, n.list(0, lengths))
	}
	if _, ok := tryCall(r.fillSizes); !ok {
		return nil, false
	}
	if cap(r.sizeBuf) < 4*count {
		r.sizeBuf = make([]byte, 4*r.sizeCount)
	}
	r.sizeBuf = r.sizeBuf[:4*count]
	js.CopyBytesToGo(r.sizeBuf, r.sizeBytes)
	r.ends = littleEndian32(r.sizeBuf, r.ends[:0])
	return r.ends, true
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
		s.out.staged = append(append(s.out.staged[:0], header...), text...)
		s.out.sendChained(n, len(text), true)
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
		out.fixedArgs = boxed([]js.Value{s.v, out.fixed})
	}
	switch {
	case len(b) == out.fixedSize && !out.fixed.IsUndefined():
		js.CopyBytesToJS(out.fixed, b)
		n.fn[sendMethod].Invoke(out.fixedArgs...)
	case out.reserve(n, len(b)):
		out.staged = append(append(out.staged[:0], header...), b...)
		out.sendChained(n, len(b), false)
	default:
		u8 := n.uint8Array.New(len(b))
		js.CopyBytesToJS(u8, b)
		call(n.fn[sendMethod], s.v, u8)
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
	if name, ok := tryInvoke(n.fn[reflectGet], v, "name"); ok && name.Type() == js.TypeString {
		exc.Name = name.String()
	}
	if message, ok := tryInvoke(n.fn[reflectGet], v, "message"); ok && message.Type() == js.TypeString {
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
		proto, ok := tryInvoke(n.fn[reflectGetPrototypeOf], v)
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
