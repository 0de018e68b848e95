//go:build js && wasm

package main

import "syscall/js"

// floor is the Go half of web/bench.js's floor echo: the least any Go
// client must do per batch of messages, which is to take their bytes into
// Go memory and hand replies back out of it. It keeps the page's two
// buffers, set by floorSetup, so that a batch's only calls into JavaScript
// are its two copies (and syscall/js's own, to deliver the call), and its
// own buffers, grown only when a batch needs more, so that a batch
// allocates nothing.
var floor struct {
	in, out       js.Value // the page's Uint8Arrays
	inLen, outLen int
	size          int
	payload       []byte
	got, replies  []byte
}

// floorSetup(inBuf, outBuf, size) keeps the page's buffers, which floorBatch
// reads and writes, and the message size; the page calls it again whenever
// it grows one. It returns null, or what is wrong as a string.
func floorSetup(args []js.Value) any {
	if len(args) < 3 || !isBytes(args[0]) || !isBytes(args[1]) || !isCount(args[2], 1<<20) || args[2].Int() == 0 {
		return "floorSetup(inBuf, outBuf, size): two Uint8Arrays and a size of 1 byte to 1 MiB"
	}
	floor.in, floor.out = args[0], args[1]
	floor.inLen, floor.outLen = args[0].Length(), args[1].Length()
	if size := args[2].Int(); size != floor.size {
		floor.size = size
		floor.payload = []byte(payloadText(size))
	}
	return nil
}

// floorBatch(total, count) takes the batch's total bytes, which the page
// has written into inBuf, with one copy into Go memory, writes count
// replies of the echo payload into Go memory and copies them into outBuf
// with one copy. It returns count, or what is wrong as a string.
func floorBatch(args []js.Value) any {
	f := &floor
	if f.size == 0 {
		return "floorBatch before floorSetup"
	}
	if len(args) < 2 || !isCount(args[0], f.inLen) || !isCount(args[1], f.outLen/f.size) {
		return "floorBatch(total, count): the batch does not fit the buffers floorSetup got"
	}
	total, count := args[0].Int(), args[1].Int()
	f.got = grown(f.got, total)
	js.CopyBytesToGo(f.got, f.in)
	n := count * f.size
	f.replies = grown(f.replies, n)
	for i := range count {
		copy(f.replies[i*f.size:], f.payload)
	}
	js.CopyBytesToJS(f.out, f.replies)
	return count
}

// grown returns b resized to n bytes, reallocated only when n passes its
// capacity.
func grown(b []byte, n int) []byte {
	if n > cap(b) {
		return make([]byte, n, 2*n)
	}
	return b[:n]
}

// isCount reports whether v is a whole number from 0 to most; it calls
// into JavaScript for none of that.
func isCount(v js.Value, most int) bool {
	if v.Type() != js.TypeNumber {
		return false
	}
	x := v.Float()
	return x >= 0 && x <= float64(most) && x == float64(int(x))
}

func isBytes(v js.Value) bool {
	return v.InstanceOf(js.Global().Get("Uint8Array"))
}

// apiFloor is the Go half of the API floor echo: the floor echo plus what
// an API shaped as browserws's must do per message, whatever its insides.
// Each message is handed, as a []byte of its own, to another goroutine (as
// Read hands it to the program), which sends each reply itself: readyState
// first (a send on a CLOSING socket must send nothing), then a copy into a
// kept Uint8Array and send, as SendBinary does for a repeated length. A
// text reply is sent by the page's sendText, which decodes that array into
// the string send needs: one call, as SendText makes one after its copy.
var apiFloor struct {
	sock, send, readyState, fixed js.Value
	sendText                      js.Value // a function, or undefined for binary replies
	size                          int
	payload                       []byte
	messages                      chan apiMessage
	last                          []byte // the message the program read last
}

// An apiMessage is one message handed over, and whether it is answered.
type apiMessage struct {
	data  []byte
	reply bool
}

// apiFloorLimit bounds the messages of one batch: the page sends at most
// its window before replies come back.
const apiFloorLimit = 1024

// apiFloorSetup(ws, size, sendText) keeps the socket and captures its send
// and readyState, as browserws does, and starts the reading goroutine once.
// The replies are text, sent through sendText(bytes), if it is a function,
// else binary. It returns null, or what is wrong as a string.
func apiFloorSetup(args []js.Value) any {
	if len(args) < 2 || args[0].Type() != js.TypeObject || !isCount(args[1], 1<<20) || args[1].Int() == 0 ||
		len(args) > 2 && !args[2].IsUndefined() && args[2].Type() != js.TypeFunction {
		return "apiFloorSetup(ws, size, sendText): a WebSocket, a size of 1 byte to 1 MiB, and a function or undefined"
	}
	a := &apiFloor
	a.sendText = js.Undefined()
	if len(args) > 2 {
		a.sendText = args[2]
	}
	call := js.Global().Get("Function").Get("prototype").Get("call")
	proto := js.Global().Get("WebSocket").Get("prototype")
	a.sock = args[0]
	a.send = call.Call("bind", proto.Get("send"))
	a.readyState = call.Call("bind", js.Global().Get("Object").Call("getOwnPropertyDescriptor", proto, "readyState").Get("get"))
	a.size = args[1].Int()
	a.payload = []byte(payloadText(a.size))
	a.fixed = js.Global().Get("Uint8Array").New(a.size)
	if a.messages == nil {
		a.messages = make(chan apiMessage, apiFloorLimit)
		go apiFloorRead()
	}
	return nil
}

// apiFloorRead is the program's goroutine: it takes each message and sends
// the replies due.
func apiFloorRead() {
	a := &apiFloor
	for m := range a.messages {
		a.last = m.data
		if m.reply && a.readyState.Invoke(a.sock).Int() == 1 {
			js.CopyBytesToJS(a.fixed, a.payload)
			if a.sendText.IsUndefined() {
				a.send.Invoke(a.sock, a.fixed)
			} else {
				a.sendText.Invoke(a.fixed)
			}
		}
	}
}

// apiFloorBatch(total, count, replies) takes the batch's total bytes, which
// the page has written into inBuf (see floorSetup), with one copy into Go
// memory, and hands the count messages of apiFloor's size over, the first
// replies of them to be answered. The reading goroutine runs before the
// call returns to JavaScript. It returns count, or what is wrong as a
// string.
func apiFloorBatch(args []js.Value) any {
	f, a := &floor, &apiFloor
	if f.size == 0 || a.size != f.size {
		return "apiFloorBatch before floorSetup and apiFloorSetup"
	}
	if len(args) < 3 || !isCount(args[0], f.inLen) || !isCount(args[1], apiFloorLimit) || !isCount(args[2], args[1].Int()) ||
		args[0].Int() != args[1].Int()*a.size {
		return "apiFloorBatch(total, count, replies): count messages of the size apiFloorSetup got, in inBuf"
	}
	total, count, replies := args[0].Int(), args[1].Int(), args[2].Int()
	f.got = grown(f.got, total)
	js.CopyBytesToGo(f.got, f.in)
	for i := range count {
		data := make([]byte, a.size)
		copy(data, f.got[i*a.size:])
		a.messages <- apiMessage{data: data, reply: i < replies}
	}
	return count
}
