//go:build js && wasm

// Command shim is the Go half of the JavaScript-facing close() shim: it
// hands the browserws validator to web/shim.js, which calls it from its
// replacement of WebSocket.prototype.close after converting the arguments as
// the engine does. See web/shim.js for the conversions and the install API.
//
// The hand-over leaves nothing on globalThis that page code could replace,
// delete or call. shim.js puts a one-shot function at
// globalThis.browserwsShimReady just before it starts this program and
// removes it as soon as go.run returns, which is when main first blocks.
// main calls it, before anything that could block, with
//
//	validate(hasCode, code, hasReason, reason) // null, or [name, message]
//	engine                                     // "chromium", "firefox", "webkit" or "undici"
//	stop()                                     // ends the program
//
// and shim.js keeps them to itself. A program started any other way finds
// no such function and exits at once.
package main

import (
	"errors"
	"syscall/js"

	"github.com/gowasm/browserws"
)

func main() {
	ready := js.Global().Get("browserwsShimReady")
	if ready.Type() != js.TypeFunction {
		return
	}
	engine := browserws.HostEngine()
	validate := js.FuncOf(func(_ js.Value, args []js.Value) any {
		return validateClose(engine, args)
	})
	done := make(chan struct{})
	stopped := false // JavaScript calls in one at a time
	stop := js.FuncOf(func(js.Value, []js.Value) any {
		if !stopped {
			stopped = true
			close(done)
		}
		return nil
	})
	if handOver(ready, validate, engine.String(), stop) {
		<-done
	}
	validate.Release()
	stop.Release()
}

// handOver calls ready with the program's functions and reports whether it
// returned; an exception it throws ends the program instead of panicking.
func handOver(ready js.Value, validate js.Func, engine string, stop js.Func) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isJS := r.(js.Error); !isJS {
				panic(r)
			}
			ok = false
		}
	}()
	ready.Invoke(validate, engine, stop)
	return true
}

// validateClose takes (hasCode, code, hasReason, reason) already converted
// by the engine's rules and returns null when close may go on, or
// [name, message] of the DOMException to throw. It never panics: a wrong
// call from JavaScript is answered with a TypeError description.
func validateClose(engine browserws.Engine, args []js.Value) any {
	if len(args) != 4 || args[0].Type() != js.TypeBoolean || args[2].Type() != js.TypeBoolean {
		return []any{"TypeError", "validate(hasCode, code, hasReason, reason): bad arguments"}
	}
	call := browserws.CloseArgs{HasCode: args[0].Bool(), HasReason: args[2].Bool(), ReasonFromJS: true}
	if call.HasCode {
		if args[1].Type() != js.TypeNumber {
			return []any{"TypeError", "validate: code is not a number"}
		}
		call.Code = args[1].Float()
	}
	if call.HasReason {
		if args[3].Type() != js.TypeString {
			return []any{"TypeError", "validate: reason is not a string"}
		}
		// js.Value.String encodes with TextEncoder: lone surrogates become
		// U+FFFD, as the USVString conversion makes them.
		call.Reason = args[3].String()
	}
	err := browserws.ValidateClose(engine, call)
	if err == nil {
		return nil
	}
	var exc *browserws.Exception
	if !errors.As(err, &exc) {
		return []any{"TypeError", err.Error()}
	}
	return []any{exc.Name, exc.Message}
}
