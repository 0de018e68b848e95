;; readpack.wat: BenchmarkReadArrayBuffers's "wasm" read path, a prototype of
;; a module of the package's own (not used by the library). Its imports are
;; built-ins, bound as reader_bench_js_test.go says; it calls them with
;; externref arguments, in a loop, instead of through argument lists.
;;
;; readPackModule there is this file, assembled by wabt 1.0.36 (npm):
;;   require("wabt")().then((w) => w.parseWat("readpack.wat", text,
;;     {reference_types: true}).toBinary({}).buffer)
(module
  (import "b" "get" (func $get (param externref i32) (result externref)))
  (import "b" "byteLength" (func $byteLength (param externref) (result i32)))
  (import "b" "of" (func $of (param externref) (result externref)))
  (import "b" "construct" (func $construct (param externref) (result externref)))
  (import "b" "set" (func $set (param externref externref i32)))
  (import "b" "put" (func $put (param externref i32 i32)))
  ;; pack(slot, buf, sizes, count): the count ArrayBuffers of slot[0] into
  ;; buf after 4*count bytes, their sizes into sizes; returns the bytes used.
  (func (export "pack") (param $slot externref) (param $buf externref) (param $sizes externref) (param $n i32) (result i32)
    (local $datas externref) (local $data externref) (local $i i32) (local $at i32) (local $size i32)
    local.get $slot
    i32.const 0
    call $get
    local.set $datas
    local.get $n
    i32.const 4
    i32.mul
    local.set $at
    block $done
      loop $next
        local.get $i
        local.get $n
        i32.ge_u
        br_if $done
        local.get $datas
        local.get $i
        call $get
        local.tee $data
        call $byteLength
        local.set $size
        local.get $sizes
        local.get $i
        local.get $size
        call $put
        local.get $buf
        local.get $data
        call $of
        call $construct
        local.get $at
        call $set
        local.get $at
        local.get $size
        i32.add
        local.set $at
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $next
      end
    end
    local.get $at))
