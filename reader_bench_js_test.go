//go:build js && wasm

package browserws

import (
	"encoding/binary"
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
//
// Both fill the slot with a fresh Array of the batch's ArrayBuffers at each
// batch, as take does. Run it in an engine with
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
	pack := jsEval(`return function (slot, buf) {
		const datas = slot[0], count = datas.length;
		const sizes = new Uint32Array(buf.buffer, buf.byteOffset, count);
		let at = 4 * count;
		for (let i = 0; i < count; i++) {
			const data = new Uint8Array(datas[i]);
			sizes[i] = data.length;
			buf.set(data, at);
			at += data.length;
		}
		return at;
	}`)
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
		b.Run("javascript/"+strconv.Itoa(count), func(b *testing.B) {
			kept = nil
			require.True(b, r.reserve(4*count+count*size))
			for b.Loop() {
				call(fill)
				total := call(pack, r.slot, r.buf).Int()
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
