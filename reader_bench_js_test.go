//go:build js && wasm

package browserws

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"syscall/js"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkReadArrayBuffers reads batches of 1 KiB ArrayBuffers, already
// taken from the box into the reader's slot as a drain leaves them, into
// Go: each message's bytes handed out as a []byte of its own, as Read hands
// them. It reports ns per message.
//
//   - chains: the reader as drains use it, through chains of captured
//     built-ins (readArrayBuffers).
//   - javascript: one JavaScript function packs the batch's sizes and bytes
//     into the read buffer, and one copy brings them into Go. No page may
//     be asked to run such a function (it is eval'd, which CSP forbids),
//     so this is not a design: it measures what the same work costs at
//     JavaScript's speed, the most a faster read path could save.
//   - wasm: the same packing by a WebAssembly module of 212 bytes
//     (testdata/readpack.wat), whose imports are built-ins; a page that runs
//     Go's WebAssembly can compile it. A prototype: the library does not
//     use it.
//
// Each fills the slot with a fresh Array of the batch's ArrayBuffers at
// each batch, as take does. Run it in an engine with
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
	packs := map[string]js.Value{
		"javascript": jsEval(`return function (slot, buf, sizes, count) {
			const datas = slot[0];
			let at = 4 * count;
			for (let i = 0; i < count; i++) {
				const data = new Uint8Array(datas[i]);
				sizes[i] = data.length;
				buf.set(data, at);
				at += data.length;
			}
			return at;
		}`),
		"wasm": readPack(b),
	}
	for _, count := range []int{1, 5, 16, 64} {
		r := newReader(n)
		buffers := make([]js.Value, count)
		for i := range buffers {
			buffers[i] = n.arrayBuffer.New(size)
		}
		// fill puts a fresh Array of the buffers in the slot, returning a
		// number: no js.Value of an object is made per batch.
		arrayOf := n.bound(js.Global().Get("Array").Get("of"), js.Null(), buffers...)
		fill := n.applied(n.fn[reflectSet], 2, r.slot, js.ValueOf(0), arrayOf)
		var kept []byte
		h := socketEvents{
			message:    func(_ MessageType, _ int, data func() []byte) { kept = data() },
			badMessage: func(err error) { b.Fatal(err) },
		}
		b.Run("chains/"+strconv.Itoa(count), func(b *testing.B) {
			kept = nil
			for b.Loop() {
				call(fill)
				if !r.readArrayBuffers(count, h) {
					b.Fatal("the reader refused a batch of ArrayBuffers")
				}
			}
			perMessage(b, count)
			require.Len(b, kept, size)
		})
		var all []byte
		for _, name := range []string{"javascript", "wasm"} {
			b.Run(name+"/"+strconv.Itoa(count), func(b *testing.B) {
				kept = nil
				require.True(b, r.reserve(4*count+count*size))
				sizes := n.uint32Array.New(r.buf.Get("buffer"), 0, count)
				for b.Loop() {
					call(fill)
					total := packs[name].Invoke(r.slot, r.buf, sizes, count).Int()
					all = grownTo(all, total)
					js.CopyBytesToGo(all, r.buf)
					at := 4 * count
					for i := range count {
						end := at + int(binary.LittleEndian.Uint32(all[4*i:]))
						r.text = all[at:end]
						h.message(Binary, end-at, r.textData)
						at = end
					}
				}
				perMessage(b, count)
				require.Len(b, kept, size)
			})
		}
	}
}

// readPackModule is testdata/readpack.wat, assembled.
const readPackModule = "0061736d0100000001250660026f7f016f60016f017f60016f016f60036f6f7f" +
	"0060036f7f7f0060046f6f6f7f017f023d06016203676574000001620a627974" +
	"654c656e67746800010162026f660002016209636f6e73747275637400020162" +
	"037365740003016203707574000403020105070801047061636b00060a560154" +
	"02026f037f2000410010002104200341046c210702400340200620034f0d0120" +
	"0420061000220510012108200220062008100520012005100210032007100420" +
	"0720086a2107200641016a21060c000b0b20070b"

// readPack compiles readPackModule and returns its pack(slot, buf, sizes,
// count), with its imports bound as the module expects.
func readPack(b *testing.B) js.Value {
	g := js.Global()
	bytes, err := hex.DecodeString(readPackModule)
	require.NoError(b, err)
	module := g.Get("Uint8Array").New(len(bytes))
	js.CopyBytesToJS(module, bytes)
	wasm := g.Get("WebAssembly")
	callOf := g.Get("Function").Get("prototype").Get("call")
	typedArray := g.Get("Object").Call("getPrototypeOf", g.Get("Uint8Array").Get("prototype"))
	byteLength := g.Get("Object").Call("getOwnPropertyDescriptor", g.Get("ArrayBuffer").Get("prototype"), "byteLength")
	imports := map[string]any{
		"get":        g.Get("Reflect").Get("get"),
		"byteLength": callOf.Call("bind", byteLength.Get("get")),
		"of":         g.Get("Array").Get("of").Call("bind", nil),
		"construct":  g.Get("Reflect").Get("construct").Call("bind", nil, g.Get("Uint8Array")),
		"set":        callOf.Call("bind", typedArray.Get("set")),
		"put":        g.Get("Reflect").Get("set"),
	}
	instance := wasm.Get("Instance").New(wasm.Get("Module").New(module), map[string]any{"b": imports})
	return instance.Get("exports").Get("pack")
}

// perMessage reports the benchmark's time per message, for batches of
// count messages.
func perMessage(b *testing.B, count int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*count), "ns/msg")
}

// grownTo returns buf resized to size bytes, reallocated only when size
// passes its capacity.
func grownTo(buf []byte, size int) []byte {
	if size > cap(buf) {
		return make([]byte, size)
	}
	return buf[:size]
}
