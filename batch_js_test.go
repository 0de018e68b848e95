//go:build js && wasm

package browserws

import (
	"context"
	"encoding/hex"
	"strconv"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests cover batched delivery (see listener): the box of message
// events, its wake-up, and the Uint8Array sendBinary reuses.

// TestSendReusesItsArrays sends, back to back and without waiting,
// binary messages of one length (the sender's fixed array), of alternating
// lengths and texts (its chained buffer, growing), and messages over
// copyLimit (arrays of their own). Reuse is safe only because send copies
// its argument before it returns: the server must get every message's own
// bytes. Texts are sent through packModule, and again through the chains,
// as where it cannot run.
func TestSendReusesItsArrays(t *testing.T) {
	t.Run("packModule", testSendReusesItsArrays)
	t.Run("chains", func(t *testing.T) {
		withoutPack(t)
		testSendReusesItsArrays(t)
	})
}

func testSendReusesItsArrays(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws, id := openRecorded(ctx, t, "")
	type sent struct {
		typ  string
		data string // as the recorder keeps it: text, or binary in hex; "" over 4 KiB
	}
	var want []sent
	sendBinary := func(size int, fill byte) {
		data := make([]byte, size)
		for i := range data {
			data[i] = fill + byte(i)
		}
		require.NoError(t, ws.SendBinary(data))
		want = append(want, sent{"binary", hex.EncodeToString(data)})
	}
	sendText := func(text string) {
		require.NoError(t, ws.SendText(text))
		want = append(want, sent{"text", text})
	}
	for i := range 100 {
		sendBinary(32, byte(i))
	}
	assert.Equal(t, 32, ws.sock.out.fixedSize, "a repeated length is sent from the fixed array")
	for i := range 20 {
		sendBinary(32+i%2, byte(i))
		sendText(strings.Repeat(string(rune('a'+i)), 1+i%3))
	}
	sendBinary(0, 0)
	sendBinary(0, 0)
	sendText("")
	sendText("\ufeffkept")
	sendText("é" + strings.Repeat("x", 5000)) // the buffer grows
	sendBinary(6000, 3)
	sendText(strings.Repeat("z", copyLimit+1))
	sendBinary(copyLimit+1, 1)
	sendBinary(copyLimit+1, 2)
	sendBinary(32, 7)
	require.NoError(t, ws.Close(CodeNormalClosure, ""))
	got := recordOf(ctx, t, id).Messages
	require.Len(t, got, len(want))
	for i, m := range got {
		assert.Equal(t, want[i].typ, m.Type, "message %d", i)
		if m.SHA256 == "" {
			assert.Equal(t, want[i].data, m.Data, "message %d", i)
		}
	}
	n := len(got)
	assert.Equal(t, copyLimit+1, got[n-4].Size)
	assert.GreaterOrEqual(t, ws.sock.out.size, 6000, "the chained buffer grew for the longest message under copyLimit")
	assert.Equal(t, jsNatives().sendText.Type() == js.TypeFunction, ws.sock.out.moduleArgs != nil, "texts sent through packModule where it runs")
	assert.NotEqual(t, got[n-2].SHA256, got[n-3].SHA256, "the two large binary messages differ")
}

// TestBatchedArrayBuffersKeepTheirBytes has 300 binary messages of
// different lengths and bytes echoed back to back, so that they arrive in
// batches, and fill a box: each message must get its own bytes, in order,
// and once (under Node.js, the event that overflows a box came twice, see
// listener.overflow). Page code detaches the data of one of them as it
// arrives: only that message is reported, with ErrMessageData.
//
// The page's listener captures, so that browsers call it before the
// package's push: a push that overflows a box hands its event to Go at
// once, which would read the data first. Node.js's EventTarget calls
// listeners in the order they were added, capturing or not: there the
// message may come whole, read before page code detached it.
func TestBatchedArrayBuffersKeepTheirBytes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws, _ := openRecorded(ctx, t, "&echo=1")
	const count, detached = 300, 150
	stop := jsEval(`
		let n = 0;
		const detach = (ev) => { if (n++ === b) structuredClone(ev.data, {transfer: [ev.data]}); };
		a.addEventListener("message", detach, {capture: true});
		return () => a.removeEventListener("message", detach, {capture: true});`, ws.JSValue(), detached)
	defer stop.Invoke()
	want := make([][]byte, count)
	for i := range want {
		want[i] = make([]byte, i*37%700)
		for j := range want[i] {
			want[i][j] = byte(i + j)
		}
		require.NoError(t, ws.SendBinary(want[i]))
	}
	for i := range want {
		msg, err := ws.Read(ctx)
		if i == detached && (err != nil || isBrowser()) {
			assert.ErrorIs(t, err, ErrMessageData, "message %d, detached", i)
			continue
		}
		if i == detached {
			t.Logf("%v: message %d was read before page code detached it", HostEngine(), i)
		}
		require.NoError(t, err, "message %d", i)
		assert.Equal(t, Message{Type: Binary, Data: want[i]}, msg, "message %d", i)
	}
	require.NotNil(t, ws.inbox.read, "no batch was read in bulk")
	assert.Positive(t, ws.inbox.read.packed, "messages read through packModule")
	t.Logf("%v in %s: %d messages in batches of at most %d, %d of them packed", HostEngine(), hostContext(), count, ws.inbox.largest, ws.inbox.read.packed)
	require.NoError(t, ws.Close(CodeNormalClosure, ""))
	_, err := ws.Wait(ctx)
	require.NoError(t, err)
}

// TestReadOnABusyPage keeps the page's event loop full of tasks of its own,
// each busy for a millisecond (a timer chain and, in a browser, a
// MessageChannel ping-pong), while messages are echoed. The listener's
// wake-up is an ordinary task, so it must get its turn among them: a
// wake-up of lower priority (an idle callback, a background task) would
// starve here and the test would run into its deadline. (Node.js handles
// up to a thousand messages of one port in a turn of its event loop, so a
// ping-pong there starves every timer and socket alike: no page would.)
func TestReadOnABusyPage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws, _ := openRecorded(ctx, t, "&echo=1")
	stop := jsEval(`
		let running = true;
		const spin = () => { const end = performance.now() + 1; while (performance.now() < end) {} };
		const tick = () => { spin(); if (running) setTimeout(tick, 0); };
		setTimeout(tick, 0);
		const {port1, port2} = new MessageChannel();
		if (a) {
			port2.onmessage = () => { spin(); if (running) port1.postMessage(0); };
			port1.postMessage(0);
		}
		return () => { running = false; port1.close(); };`, isBrowser())
	defer stop.Invoke()

	const messages, window = 200, 8
	sent := 0
	for ; sent < window; sent++ {
		require.NoError(t, ws.SendText("m"+strconv.Itoa(sent)))
	}
	for i := range messages {
		msg, err := ws.Read(ctx)
		require.NoError(t, err, "echo %d", i)
		assert.Equal(t, "m"+strconv.Itoa(i), string(msg.Data))
		if sent < messages {
			require.NoError(t, ws.SendText("m"+strconv.Itoa(sent)))
			sent++
		}
	}
	require.NoError(t, ws.Close(CodeNormalClosure, ""))
	_, err := ws.Wait(ctx)
	require.NoError(t, err)
}

// TestBatchingSurvivesReplacedBuiltins replaces, after the package has
// captured them, the built-ins that batched delivery and the chained sends
// are made of (Array.prototype's every, map, slice, shift, splice, join
// and forEach, the constructor map and slice would make their result with,
// Function.prototype.bind, Object's create, defineProperty, isFrozen and
// is, Reflect.defineProperty, String.prototype.valueOf, TextEncoder.prototype.encodeInto,
// MessagePort.prototype's methods, MessageChannel's port getters), each
// with one that throws or lies: messages must still arrive, whole and in
// order, and none be made up. (Reflect, but for defineProperty,
// TextDecoder.prototype.decode and the typed arrays' methods are what
// wasm_exec.js itself runs on: out of any Go program's reach, see the
// README.)
func TestBatchingSurvivesReplacedBuiltins(t *testing.T) {
	if !isBrowser() {
		t.Skip("undici is JavaScript that calls these built-ins itself: replacing them breaks its own WebSocket")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ws, _ := openRecorded(ctx, t, "&echo=1")
	restore := jsEval(`
		const saved = [];
		const define = Object.defineProperty, describe = Object.getOwnPropertyDescriptor;
		const replace = (object, name, descriptor) => {
			if (!object) return;
			saved.push([object, name, describe(object, name)]);
			define(object, name, {configurable: true, writable: true, ...descriptor});
		};
		const boom = () => { throw new Error("replaced by the page") };
		for (const name of ["every", "map", "slice", "shift", "splice", "join", "forEach"]) replace(Array.prototype, name, {value: boom});
		// A constructor whose species makes arrays that lie about their elements.
		class Liar extends Array { static get [Symbol.species]() { return function () { return new Proxy([], {get: () => "made up"}) } } }
		replace(Array.prototype, "constructor", {value: Liar});
		replace(Function.prototype, "bind", {value: boom});
		for (const name of ["create", "isFrozen", "is"]) replace(Object, name, {value: boom});
		replace(String.prototype, "valueOf", {value: () => "made up"});
		replace(TextEncoder.prototype, "encodeInto", {value: () => ({read: 0, written: 7})});
		if (typeof MessagePort == "function") {
			for (const name of ["postMessage", "start", "close"]) replace(MessagePort.prototype, name, {value: () => {}});
		}
		if (typeof MessageChannel == "function") {
			for (const name of ["port1", "port2"]) {
				if (describe(MessageChannel.prototype, name)) {
					saved.push([MessageChannel.prototype, name, describe(MessageChannel.prototype, name)]);
					define(MessageChannel.prototype, name, {configurable: true, get: boom});
				}
			}
		}
		replace(Object, "defineProperty", {value: boom});
		// The one member of Reflect that wasm_exec.js does not run on.
		replace(Reflect, "defineProperty", {value: boom});
		return () => { for (const [object, name, d] of saved.reverse()) d ? define(object, name, d) : delete object[name] }`)
	defer restore.Invoke()

	// A second socket, opened after the replacement, sets up its box with
	// the captured built-ins too.
	second, _ := openRecorded(ctx, t, "&echo=1")
	for _, s := range []*WebSocket{ws, second} {
		// Texts, then binary messages, then both mixed: batches of each
		// kind and of both.
		var want []Message
		for i := range 90 {
			text := Message{Type: Text, Data: []byte("t\x00" + strconv.Itoa(i))}
			binary := Message{Type: Binary, Data: []byte{byte(i), 1, byte(i % 3)}}
			switch {
			case i < 30 || (i >= 60 && i%2 == 0):
				require.NoError(t, s.SendText(string(text.Data)))
				want = append(want, text)
			default:
				require.NoError(t, s.SendBinary(binary.Data))
				want = append(want, binary)
			}
		}
		for i, w := range want {
			msg, err := s.Read(ctx)
			require.NoError(t, err)
			assert.Equal(t, w, msg, "message %d", i)
		}
		require.NoError(t, s.Close(CodeNormalClosure, ""))
		_, err := s.Read(ctx)
		assert.Equal(t, CodeNormalClosure, CloseStatus(err), "then the close event, and nothing made up")
	}
}

// TestLargestBatch floods a socket that nobody reads: the server sends
// 20,000 messages of 1 KiB, as fast as loopback carries them, then closes.
// Go waits for the close event meanwhile, so the wake-up drains the box
// into the queue as the messages come. Where the engine runs its
// WebSocket tasks before the wake-up's (Firefox, WebKit), the box fills
// instead, and its limit must drain it: no batch may pass boxLimit events.
// Every message must be read in bulk, with no js.Value of its own, except
// the one each overflow takes (a fallback to reading message by message
// would be correct, only slower, and so would go unnoticed otherwise).
func TestLargestBatch(t *testing.T) {
	const count = 20000
	binary := Message{Type: Binary, Data: []byte(strings.Repeat("\x5a", 1024))}
	tests := []struct {
		name string
		send string // an /act query
		want Message
		// packed says the ArrayBuffers go through packModule; chains
		// takes it away, as a host that cannot compile it does.
		packed, chains bool
	}{
		{"binary", "do=send&type=binary&data=" + repeatedHex(1024, 0x5a), binary, true, false},
		{"binary through the chains", "do=send&type=binary&data=" + repeatedHex(1024, 0x5a), binary, false, true},
		{"text", "do=send&type=text&data=" + strings.Repeat("é", 512), Message{Type: Text, Data: []byte(strings.Repeat("é", 512))}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.chains {
				withoutPack(t)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			ws, id := openRecorded(ctx, t, "")
			act(ctx, t, id, tt.send+"&count="+strconv.Itoa(count))
			act(ctx, t, id, "do=close&code=4000")
			_, err := ws.Wait(ctx)
			require.NoError(t, err)
			for i := range count {
				msg, err := ws.Read(ctx)
				require.NoError(t, err, "message %d", i)
				require.Equal(t, tt.want, msg, "message %d", i)
			}
			_, err = ws.Read(ctx)
			assert.Equal(t, 4000, CloseStatus(err))
			l := ws.inbox
			require.NotNil(t, l.read, "no batch was read in bulk")
			assert.Equal(t, count, l.read.inBulk+l.overflows, "messages read in bulk, or taken by an overflow")
			if tt.packed {
				assert.Equal(t, l.read.inBulk, l.read.packed, "messages read in bulk through packModule")
			} else {
				assert.Zero(t, l.read.packed, "messages read through packModule")
			}
			// 64, not boxLimit: the bound README.md and BENCHMARKS.md give.
			assert.LessOrEqual(t, l.largest, 64, "events in one batch")
			t.Logf("%v in %s: %d messages of 1 KiB in %d batches of at most %d (%d KiB)",
				HostEngine(), hostContext(), count, l.batches, l.largest, l.largest)
		})
	}
}

// withoutPack takes packModule away until the test ends, as from a host
// that cannot compile it: readers and senders made meanwhile use the
// chains.
func withoutPack(t *testing.T) {
	n := jsNatives()
	pack, sendText := n.pack, n.sendText
	n.pack, n.sendText = js.Undefined(), js.Undefined()
	t.Cleanup(func() { n.pack, n.sendText = pack, sendText })
}

// TestPackModuleRuns checks that packModule compiles and runs in every
// engine the tests run in: where it did not, ArrayBuffers would still be
// read and texts sent, through the chains, only slower, and nothing else
// would notice. Then it checks that a host that cannot make it gets the
// chains, not a panic.
func TestPackModuleRuns(t *testing.T) {
	n := jsNatives()
	require.NotNil(t, n)
	assert.Equal(t, js.TypeFunction, n.pack.Type(), "packModule's pack in %v", HostEngine())
	assert.Equal(t, js.TypeFunction, n.sendText.Type(), "packModule's sendText in %v", HostEngine())
	assert.Equal(t, js.TypeObject, n.lengthModule.Type(), "lengthModule in %v", HostEngine())
	assert.True(t, n.batches, "batches in %v", HostEngine())

	// Where it cannot be made, newModules says so without a panic: here no
	// WebAssembly is left, its compiler refuses (as a CSP would), or page
	// code put getters that throw in the way.
	for _, change := range []string{
		`globalThis.WebAssembly = undefined`,
		`WebAssembly.Module = function () { throw new WebAssembly.CompileError("refused") }`,
		`Object.defineProperty(WebAssembly, "Module", {configurable: true, get() { throw new Error("a getter of the page") }})`,
		`Object.defineProperty(globalThis, "WebAssembly", {configurable: true, get() { throw new Error("a getter of the page") }})`,
	} {
		restore := jsEval(`const saved = globalThis.WebAssembly, describe = Object.getOwnPropertyDescriptor;
			const global = describe(globalThis, "WebAssembly"), module = describe(saved, "Module");
			` + change + `;
			return () => { Object.defineProperty(globalThis, "WebAssembly", global); Object.defineProperty(saved, "Module", module); }`)
		pack, sendText, length, instance := n.newModules(js.Global())
		// Without lengthModule, no batches: every message enters Go on
		// its own, as where the host has no MessageChannel.
		captured := captureNatives()
		restore.Invoke()
		assert.True(t, pack.IsUndefined() && sendText.IsUndefined() && length.IsUndefined() && instance.IsUndefined(), "after %s", change)
		require.NotNil(t, captured, "natives after %s", change)
		assert.False(t, captured.batches || captured.bulk, "batches after %s", change)
	}
	pack, _, length, _ := n.newModules(js.Global())
	assert.Equal(t, js.TypeFunction, pack.Type(), "made again once restored")
	assert.Equal(t, js.TypeObject, length.Type(), "lengthModule compiled again once restored")
}

// TestBoxLength sets a box's length to each number push and splice can
// set, and more, and checks what lengthModule reads: as set up to
// boxLimit, boxLimit+1 as 0 or as wrapTo last said, more as 0 (see
// newBox).
func TestBoxLength(t *testing.T) {
	n := jsNatives()
	require.NotNil(t, n)
	require.True(t, n.batches, "batches in %v", HostEngine())
	box, _, _, wrapTo := n.newBox(n.plainObject())
	for _, wrapped := range []int{0, 3, boxLimit} {
		call(wrapTo, js.ValueOf(wrapped))
		for set := 0; set <= boxLimit+70; set++ {
			want := set
			switch {
			case set == boxLimit+1:
				want = wrapped
			case set > boxLimit:
				want = 0
			}
			call(n.fn[reflectSet], box, n.lengthKey, js.ValueOf(set))
			require.Equal(t, want, box.Length(), "length set to %d, wrapped %d", set, wrapped)
		}
	}
}

// repeatedHex is size bytes of b, in hex.
func repeatedHex(size int, b byte) string {
	data := make([]byte, size)
	for i := range data {
		data[i] = b
	}
	return hex.EncodeToString(data)
}
