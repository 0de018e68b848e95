//go:build js && wasm

package browserws

import (
	"context"
	"encoding/binary"
	"strconv"
	"syscall/js"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkReadArrayBuffers reads batches of 1 KiB ArrayBuffers, already
// taken from the box into the reader's slot as a drain leaves them, into
// Go: each message's bytes handed out as a []byte of its own, as Read hands
// them. It reports ns per message.
//
//   - pack: the reader as drains use it (readArrayBuffers), through
//     packModule.
//   - chains: the same without packModule, as on a host that cannot
//     compile it: through chains of captured built-ins.
//   - javascript: one JavaScript function packs the batch's sizes and bytes
//     into the read buffer, as packModule does, and one copy brings them
//     into Go. No page may be asked to run such a function (it is eval'd,
//     which CSP forbids), so this is not a design: it measures what the
//     same work costs at JavaScript's speed.
//
// Each fills the slot with a fresh Array of the batch's ArrayBuffers at
// each batch, as take does, and reads 2,000 batches before it is timed. Run it in an engine with
//
//	GOOS=js GOARCH=wasm go test -run '^$' -bench ReadArrayBuffers -exec=...
//
// (see BENCHMARKS.md).
func BenchmarkReadArrayBuffers(b *testing.B) {
	n := jsNatives()
	require.NotNil(b, n)
	if !n.bulk {
		b.Skip("this engine lacks a built-in of the reader's chains")
	}
	const size = 1024
	javascript := jsEval(`return function (slot, buf, sizes, count) {
		const datas = slot[0];
		let at = 4 * count;
		for (let i = 0; i < count; i++) {
			const data = new Uint8Array(datas[i]);
			sizes[i] = data.length;
			buf.set(data, at);
			at += data.length;
		}
		return at;
	}`)
	pack := n.pack
	require.Equal(b, js.TypeFunction, pack.Type(), "packModule's pack")
	defer func() { n.pack = pack }()
	for _, count := range []int{1, 5, 16, 64} {
		buffers := make([]js.Value, count)
		for i := range buffers {
			buffers[i] = n.arrayBuffer.New(size)
		}
		arrayOf := n.bound(js.Global().Get("Array").Get("of"), js.Null(), buffers...)
		var kept []byte
		h := socketEvents{
			message:    func(_ MessageType, _ int, data func() []byte) { kept = data() },
			badMessage: func(err error) { b.Fatal(err) },
		}
		for _, path := range []string{"pack", "chains", "javascript"} {
			n.pack = pack
			if path == "chains" {
				n.pack = js.Undefined()
			}
			r := newReader(n)
			// fill puts a fresh Array of the buffers in the slot, returning
			// a number: no js.Value of an object is made per batch.
			fill := n.applied(n.fn[reflectSet], 2, r.slot, js.ValueOf(0), arrayOf)
			read := func() {
				call(fill)
				if path != "javascript" {
					if !r.readArrayBuffers(count, h) {
						b.Fatal("the reader refused a batch of ArrayBuffers")
					}
					return
				}
				total := javascript.Invoke(r.slot, r.buf, r.packArgs[2], count).Int()
				all := r.copyOut(&r.first, total)
				at := 4 * count
				for i := range count {
					end := at + int(binary.LittleEndian.Uint32(all[4*i:]))
					r.text = all[at:end]
					h.message(Binary, end-at, r.textData)
					at = end
				}
			}
			require.True(b, r.reserve(4*count+count*size))
			benchPerMessage(b, path+"/"+strconv.Itoa(count), count, size, &kept, read)
		}
	}
}

// benchPerMessage runs op 2,000 times, for the engine's compilers to
// settle first, then as the sub-benchmark name, and reports ns per message
// for batches of count. Each op leaves in *kept the last message's bytes,
// which must be size bytes.
func benchPerMessage(b *testing.B, name string, count, size int, kept *[]byte, op func()) {
	for range 2000 {
		op()
	}
	b.Run(name, func(b *testing.B) {
		*kept = nil
		for b.Loop() {
			op()
		}
		perMessage(b, count)
		require.Len(b, *kept, size)
	})
}

// perMessage reports the benchmark's time per message, for batches of
// count messages.
func perMessage(b *testing.B, count int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*count), "ns/msg")
}

// BenchmarkDrain drains a box of trusted message events, each with 1 KiB
// of data (binary: an ArrayBuffer; text: a string), as the wake-up does,
// and hands each message's bytes out as a []byte of its own, as Read
// does. The events are a MessageChannel's, which every browser marks
// trusted as it does a WebSocket's; the box is refilled with them before
// each drain, with one call. It reports ns per message.
func BenchmarkDrain(b *testing.B) {
	n := jsNatives()
	require.NotNil(b, n)
	if !isBrowser() {
		b.Skip("undici marks no event trusted, and has no MessageChannel events of its own")
	}
	const size = 1024
	for _, kind := range []string{"binary", "text"} {
		for _, count := range []int{1, 5, 16, 64} {
			events := trustedMessageEvents(b, count, size, kind == "text")
			var kept []byte
			h := socketEvents{
				message:    func(_ MessageType, _ int, data func() []byte) { kept = data() },
				badMessage: func(err error) { b.Fatal(err) },
			}
			l := jsSocket{v: js.Global().Get("EventTarget").New()}.listen(h)
			fill := n.bound(n.fn[reflectApply], js.Null(), l.push, js.Null(), events)
			drain := func() {
				call(fill)
				if l.drain() != count {
					b.Fatal("the drain took another count")
				}
			}
			benchPerMessage(b, kind+"/"+strconv.Itoa(count), count, size, &kept, drain)
			l.remove()
			require.Equal(b, l.drains, l.batches, "drains that read their events' data in one call")
		}
	}
}

// trustedMessageEvents returns an Array of count message events of a
// MessageChannel, each with size bytes of data: a string of as many
// ASCII letters if text, else an ArrayBuffer.
func trustedMessageEvents(b *testing.B, count, size int, text bool) js.Value {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	events, err := await(ctx, jsEval(`const [count, size, text] = arguments;
		return new Promise((resolve) => {
			const channel = new MessageChannel(), events = [];
			channel.port2.onmessage = (ev) => {
				events.push(ev);
				if (events.length === count) { channel.port1.close(); channel.port2.close(); resolve(events); }
			};
			for (let i = 0; i < count; i++) channel.port1.postMessage(text ? "z".repeat(size) : new ArrayBuffer(size));
		})`, count, size, text))
	require.NoError(b, err)
	require.True(b, events.Index(0).Get("isTrusted").Bool(), "a MessageChannel's events are trusted")
	return events
}

// BenchmarkBoxDispatch dispatches events on an EventTarget whose
// listener is a box's push, as the engine dispatches a socket's message
// events, five at a time, and empties the box after each five, as a drain
// does. It reports ns per event, dispatch included:
//
//   - box: a box as setUpBox makes it, its length lengthModule's;
//   - array: push bound to a plain Array, which has no limit: what a box
//     without one would cost.
func BenchmarkBoxDispatch(b *testing.B) {
	n := jsNatives()
	require.NotNil(b, n)
	require.True(b, n.batches, "batches in %v", HostEngine())
	const batch, batches = 5, 1000
	// dispatcher returns a function that runs the batches; page code's,
	// eval'd (the test pages allow it; the package never evals).
	dispatcher := jsEval(`return (push, empty, batch, batches) => {
		const target = new EventTarget(), ev = new Event("message");
		target.addEventListener("message", push);
		return () => {
			for (let i = 0; i < batches; i++) {
				for (let j = 0; j < batch; j++) target.dispatchEvent(ev);
				if (empty() !== batch) throw new Error("the box did not hold the batch");
			}
		};
	}`)
	for _, kind := range []string{"box", "array"} {
		var push, empty js.Value
		switch kind {
		case "array":
			array := n.array.New()
			push = n.bound(n.fn[arrayPush], array)
			empty = n.applied(n.fn[reflectGet], 0, n.bound(n.fn[arraySplice], array, js.ValueOf(0)), n.lengthKey)
		default:
			// A prototype with a setter at boxLimit, as setUpBox makes.
			proto, descriptor := n.plainObject(), n.plainObject()
			descriptor.Set(setter, n.fn[objectIs])
			call(n.fn[reflectDefineProperty], proto, js.ValueOf(boxLimit), descriptor)
			_, push, empty, _ = n.newBox(proto)
		}
		run := dispatcher.Invoke(push, empty, batch, batches)
		for range 20 {
			run.Invoke()
		}
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				run.Invoke()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch*batches), "ns/event")
		})
	}
}
