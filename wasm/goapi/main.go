//go:build js && wasm

// Command goapi puts the browserws Go API in front of a page's JavaScript,
// for the cross-check of the Go API against the native close in every
// browser (web/goapi.js, e2e/crosscheck): globalThis.browserwsGoAPI.close(ws,
// hasCode, code, hasReason, reason) wraps the socket ws with browserws.Wrap
// and calls CloseWith with those arguments, as a Go program would. It
// answers null when the close went on, or [name, message, isDOMException]
// of the error the Go API returned.
package main

import (
	"errors"
	"syscall/js"

	"github.com/gowasm/browserws"
)

func main() {
	closeFn := js.FuncOf(func(_ js.Value, args []js.Value) any {
		return closeThroughGo(args)
	})
	api := js.Global().Get("Object").New()
	api.Set("close", closeFn)
	api.Set("engine", browserws.HostEngine().String())
	js.Global().Set("browserwsGoAPI", api)
	if ready := js.Global().Get("browserwsGoAPIReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // serve calls until the page goes away
}

// closeThroughGo runs one close through the Go API. A JavaScript string
// reaches Go as js.Value.String makes it (lone surrogates become U+FFFD, as
// the engine's USVString conversion makes them), and goes back to
// JavaScript through the package, as a Go program's reason would.
func closeThroughGo(args []js.Value) any {
	if len(args) != 5 {
		return []any{"TypeError", "browserwsGoAPI.close(ws, hasCode, code, hasReason, reason)", false}
	}
	ws, err := browserws.Wrap(args[0])
	if err != nil {
		return []any{"Error", err.Error(), false}
	}
	call := browserws.CloseArgs{HasCode: args[1].Truthy(), HasReason: args[3].Truthy()}
	if call.HasCode {
		call.Code = args[2].Float()
	}
	if call.HasReason {
		call.Reason = args[4].String()
	}
	err = ws.CloseWith(call)
	if err == nil {
		return nil
	}
	var exc *browserws.Exception
	if errors.As(err, &exc) {
		return []any{exc.Name, exc.Message, exc.DOMException}
	}
	return []any{"Error", err.Error(), false}
}
