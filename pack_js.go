//go:build js && wasm

package browserws

// packModule is a WebAssembly module of the package's own, 299 bytes, with
// two functions: pack reads a batch of ArrayBuffers into one buffer (see
// reader.readPacked) and sendText sends a text from the sender's buffer
// (see sender.sendChained). Its imports are the captured built-ins (see
// natives.newModules), so no JavaScript of the package's runs, and any page
// that runs Go's WebAssembly can compile it: no eval. What it saves is the
// chains' generic paths: it calls each built-in directly with its
// arguments, where a chain passes them through array-likes and bound
// functions (see BENCHMARKS.md).
//
// Its imports are named by their index in newModules's list, and the bytes
// below are this source, assembled by wabt's wat2wasm (Debian's wabt
// 1.0.32; npm's 1.0.36 gives the same bytes), which
// TestModulesAreTheirSource checks:
//
//	(module
//	  ;; The imports, by their index in newModules's list.
//	  (import "0" "0" (func $get (param externref i32) (result externref)))      ;; Reflect.get
//	  (import "0" "1" (func $byteLength (param externref) (result i32)))         ;; ArrayBuffer's byteLength getter, call-bound
//	  (import "0" "2" (func $of (param externref) (result externref)))           ;; Array.of
//	  (import "0" "3" (func $construct (param externref externref) (result externref))) ;; Reflect.construct
//	  (import "0" "4" (func $set (param externref externref i32)))               ;; %TypedArray%.prototype.set, call-bound
//	  (import "0" "5" (func $put (param externref i32 i32)))                     ;; Reflect.set
//	  (import "0" "6" (global $uint8Array externref))                            ;; Uint8Array
//	  (import "0" "7" (func $subarray (param externref i32 i32) (result externref))) ;; %TypedArray%.prototype.subarray, call-bound
//	  (import "0" "8" (func $decode (param externref) (result externref)))       ;; TextDecoder's decode, bound to natives.decoder
//	  (import "0" "9" (func $send (param externref externref)))                  ;; WebSocket's send, call-bound
//	  (import "0" "10" (func $at (param externref i32) (result i32)))            ;; Reflect.get, for a number
//	  ;; pack(slot, buf, sizes, count, room): the sizes of the count
//	  ;; ArrayBuffers of slot[0] into sizes, and their bytes into buf after
//	  ;; 4*count bytes, while they fit in room bytes; returns where the bytes
//	  ;; end (past room if they did not fit). It throws if one is not an
//	  ;; ArrayBuffer, or is detached.
//	  (func (export "pack") (param $slot externref) (param $buf externref) (param $sizes externref) (param $count i32) (param $room i32) (result i32)
//	    (local $datas externref) (local $data externref) (local $i i32) (local $at i32) (local $size i32)
//	    (local.set $datas (call $get (local.get $slot) (i32.const 0)))
//	    (local.set $at (i32.shl (local.get $count) (i32.const 2)))
//	    (block $done
//	      (loop $next
//	        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
//	        (local.set $data (call $get (local.get $datas) (local.get $i)))
//	        (local.set $size (call $byteLength (local.get $data)))
//	        (call $put (local.get $sizes) (local.get $i) (local.get $size))
//	        (if (i32.le_u (i32.add (local.get $at) (local.get $size)) (local.get $room))
//	          (then (call $set (local.get $buf) (call $construct (global.get $uint8Array) (call $of (local.get $data))) (local.get $at))))
//	        (local.set $at (i32.add (local.get $at) (local.get $size)))
//	        (local.set $i (i32.add (local.get $i) (i32.const 1)))
//	        (br $next)))
//	    (local.get $at))
//	  ;; sendText(socket, buf, header): send(decode(buf.subarray(4, header[0]))).
//	  (func (export "sendText") (param $socket externref) (param $buf externref) (param $header externref)
//	    (call $send (local.get $socket)
//	      (call $decode (call $subarray (local.get $buf) (i32.const 4) (call $at (local.get $header) (i32.const 0)))))))
const packModule = "" +
	"\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x44\x0b\x60\x02\x6f\x7f\x01" +
	"\x6f\x60\x01\x6f\x01\x7f\x60\x01\x6f\x01\x6f\x60\x02\x6f\x6f\x01" +
	"\x6f\x60\x03\x6f\x6f\x7f\x00\x60\x03\x6f\x7f\x7f\x00\x60\x03\x6f" +
	"\x7f\x7f\x01\x6f\x60\x02\x6f\x6f\x00\x60\x02\x6f\x7f\x01\x7f\x60" +
	"\x05\x6f\x6f\x6f\x7f\x7f\x01\x7f\x60\x03\x6f\x6f\x6f\x00\x02\x45" +
	"\x0b\x01\x30\x01\x30\x00\x00\x01\x30\x01\x31\x00\x01\x01\x30\x01" +
	"\x32\x00\x02\x01\x30\x01\x33\x00\x03\x01\x30\x01\x34\x00\x04\x01" +
	"\x30\x01\x35\x00\x05\x01\x30\x01\x36\x03\x6f\x00\x01\x30\x01\x37" +
	"\x00\x06\x01\x30\x01\x38\x00\x02\x01\x30\x01\x39\x00\x07\x01\x30" +
	"\x02\x31\x30\x00\x08\x03\x03\x02\x09\x0a\x07\x13\x02\x04\x70\x61" +
	"\x63\x6b\x00\x0a\x08\x73\x65\x6e\x64\x54\x65\x78\x74\x00\x0b\x0a" +
	"\x7a\x02\x63\x02\x02\x6f\x03\x7f\x20\x00\x41\x00\x10\x00\x21\x05" +
	"\x20\x03\x41\x02\x74\x21\x08\x02\x40\x03\x40\x20\x07\x20\x03\x4f" +
	"\x0d\x01\x20\x05\x20\x07\x10\x00\x21\x06\x20\x06\x10\x01\x21\x09" +
	"\x20\x02\x20\x07\x20\x09\x10\x05\x20\x08\x20\x09\x6a\x20\x04\x4d" +
	"\x04\x40\x20\x01\x23\x00\x20\x06\x10\x02\x10\x03\x20\x08\x10\x04" +
	"\x0b\x20\x08\x20\x09\x6a\x21\x08\x20\x07\x41\x01\x6a\x21\x07\x0c" +
	"\x00\x0b\x0b\x20\x08\x0b\x14\x00\x20\x00\x20\x01\x41\x04\x20\x02" +
	"\x41\x00\x10\x09\x10\x06\x10\x07\x10\x08\x0b"

// lengthModule is the package's second WebAssembly module, 105 bytes: the
// length of a box (see newBox), kept in the module's globals. Each box has
// an instance of its own, whose get and set are its length's getter and
// setter, so each push calls two small functions, where the chains this
// replaced made three calls of bound built-ins for each read of the length
// (see BENCHMARKS.md). It imports nothing. A host that cannot compile it
// gets no batches (see newModules). Its source, which
// TestModulesAreTheirSource assembles as it does packModule's:
//
//	(module
//	  ;; length is what push or splice set last; wrapped is what a length of
//	  ;; boxLimit+1 (65) reads as, 0 unless Go says otherwise (see keep).
//	  (global $length (mut i32) (i32.const 0))
//	  (global $wrapped (mut i32) (i32.const 0))
//	  ;; get, the getter: up to boxLimit (64) as set, 65 as wrapped, more as 0.
//	  (func (export "get") (result i32)
//	    (if (result i32) (i32.le_u (global.get $length) (i32.const 64))
//	      (then (global.get $length))
//	      (else (select (global.get $wrapped) (i32.const 0) (i32.eq (global.get $length) (i32.const 65))))))
//	  ;; set, the setter; wrapTo sets wrapped.
//	  (func (export "set") (param $n i32) (global.set $length (local.get $n)))
//	  (func (export "wrapTo") (param $k i32) (global.set $wrapped (local.get $k))))
const lengthModule = "" +
	"\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x09\x02\x60\x00\x01\x7f\x60" +
	"\x01\x7f\x00\x03\x04\x03\x00\x01\x01\x06\x0b\x02\x7f\x01\x41\x00" +
	"\x0b\x7f\x01\x41\x00\x0b\x07\x16\x03\x03\x67\x65\x74\x00\x00\x03" +
	"\x73\x65\x74\x00\x01\x06\x77\x72\x61\x70\x54\x6f\x00\x02\x0a\x29" +
	"\x03\x19\x00\x23\x00\x41\xc0\x00\x4d\x04\x7f\x23\x00\x05\x23\x01" +
	"\x41\x00\x23\x00\x41\xc1\x00\x46\x1b\x0b\x0b\x06\x00\x20\x00\x24" +
	"\x00\x0b\x06\x00\x20\x00\x24\x01\x0b"
