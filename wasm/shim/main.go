//go:build js && wasm

// Command shim is the Go half of the JavaScript-facing close() shim: it
// publishes the browserws validator to JavaScript as
// globalThis.browserwsShimValidate, which web/shim.js calls from its
// replacement of WebSocket.prototype.close after converting the arguments as
// the engine does. See web/shim.js for the conversions and the install API.
package main

import (
	"errors"
	"syscall/js"

	"github.com/gowasm/browserws"
)

func main() {
	engine := browserws.HostEngine()
	validate := js.FuncOf(func(_ js.Value, args []js.Value) any {
		return validateClose(engine, args)
	})
	// Release the function when JavaScript asks the program to stop.
	done := make(chan struct{})
	stop := js.FuncOf(func(js.Value, []js.Value) any {
		close(done)
		return nil
	})
	global := js.Global()
	global.Set("browserwsShimValidate", validate)
	global.Set("browserwsShimEngine", engine.String())
	global.Set("browserwsShimStop", stop)
	if ready := global.Get("browserwsShimReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	<-done
	global.Delete("browserwsShimValidate")
	global.Delete("browserwsShimStop")
	validate.Release()
	stop.Release()
}

// validateClose takes (hasCode, code, hasReason, reason) already converted
// by the engine's rules and returns null when close may go on, or
// [name, message] of the DOMException to throw. It never panics: a wrong
// call from JavaScript is answered with a TypeError description.
func validateClose(engine browserws.Engine, args []js.Value) any {
	if len(args) != 4 || args[0].Type() != js.TypeBoolean || args[2].Type() != js.TypeBoolean {
		return []any{"TypeError", "browserwsShimValidate(hasCode, code, hasReason, reason): bad arguments"}
	}
	call := browserws.CloseArgs{HasCode: args[0].Bool(), HasReason: args[2].Bool(), ReasonFromJS: true}
	if call.HasCode {
		if args[1].Type() != js.TypeNumber {
			return []any{"TypeError", "browserwsShimValidate: code is not a number"}
		}
		call.Code = args[1].Float()
	}
	if call.HasReason {
		if args[3].Type() != js.TypeString {
			return []any{"TypeError", "browserwsShimValidate: reason is not a string"}
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
