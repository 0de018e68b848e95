//go:build js && wasm

// Command bench is the Go half of the in-browser benchmark that `make bench`
// runs (e2e/cmd/bench serves it with web/bench.html and web/bench.js). It
// publishes globalThis.browserwsBenchGo, an object of functions that each
// run one measured loop in Go, so that web/bench.js can time them side by
// side with the same work done in plain JavaScript.
//
// The close loops are synchronous: JavaScript times the call, whose single
// crossing from JavaScript into Go is noise next to the many iterations
// inside. The echo loops wait for the network, so they run in a goroutine,
// time themselves and return a Promise.
//
// It imports github.com/coder/websocket to compare with that library's own
// js/wasm client; the browserws package itself does not.
package main

import (
	"runtime"
	"syscall/js"
)

func main() {
	api := js.Global().Get("Object").New()
	for name, fn := range map[string]func(args []js.Value) any{
		"closeInvalidAPI":  closeInvalidAPI,
		"closeInvalidCall": closeInvalidCall,
		"closeValidAPI":    closeValidAPI,
		"closeValidCall":   closeValidCall,
		"echoBrowserws":    echo(echoBrowserws),
		"echoCoder":        echo(echoCoder),
		"floorSetup":       floorSetup,
		"floorBatch":       floorBatch,
		"apiFloorSetup":    apiFloorSetup,
		"apiFloorBatch":    apiFloorBatch,
		"settle":           settle,
		"noop":             noop,
	} {
		api.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) any { return fn(args) }))
	}
	js.Global().Set("browserwsBenchGo", api)
	if ready := js.Global().Get("browserwsBenchReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // the functions live as long as the page
}

// settle collects the Go heap before a measurement. The finalizers it
// queues, which release the js.Values of the loop before, run before the
// call returns to JavaScript: the runtime runs every goroutine that is
// ready before it does.
func settle([]js.Value) any {
	runtime.GC()
	return nil
}

// noop does nothing: plain JavaScript calls it once per echoed message to
// measure what a single call into Go costs, the floor under any Go client
// built on js.FuncOf.
func noop([]js.Value) any { return nil }
