//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/gowasm/browserws"
)

// The close loops take (socket, iterations) and return how many calls
// ended as expected, so that the page can tell a measured loop from one
// that did something else.

// closeInvalidAPI calls ws.Close(1001, "") on an OPEN socket: the Go API
// refuses it before JavaScript is reached.
func closeInvalidAPI(args []js.Value) any {
	ws, err := adopt(args[0])
	if err != nil {
		return err.Error()
	}
	refused := 0
	for range args[1].Int() {
		if ws.Close(1001, "") != nil {
			refused++
		}
	}
	return refused
}

// closeInvalidCall calls the native close(1001) from Go on an OPEN socket
// and recovers the js.Error panic: what a program without browserws does to
// survive the exception.
func closeInvalidCall(args []js.Value) any {
	v := args[0]
	refused := 0
	for range args[1].Int() {
		if callThrows(v, 1001) {
			refused++
		}
	}
	return refused
}

// callThrows calls v.close(code) and reports whether it threw.
func callThrows(v js.Value, code int) (threw bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(js.Error); !ok {
				panic(r)
			}
			threw = true
		}
	}()
	v.Call("close", code)
	return false
}

// closeValidAPI calls ws.Close(1000, "bye") on a CLOSED socket, where the
// native close does nothing: what is left is the Go API's own cost.
func closeValidAPI(args []js.Value) any {
	ws, err := adopt(args[0])
	if err != nil {
		return err.Error()
	}
	accepted := 0
	for range args[1].Int() {
		if ws.Close(browserws.CodeNormalClosure, "bye") == nil {
			accepted++
		}
	}
	return accepted
}

// closeValidCall is the same call made bare, with js.Value.Call.
func closeValidCall(args []js.Value) any {
	v := args[0]
	n := args[1].Int()
	for range n {
		v.Call("close", browserws.CodeNormalClosure, "bye")
	}
	return n
}

// adopted are the sockets wrapped so far: each round passes the same
// socket again, and wrapping it anew would add a listener each time.
var adopted []struct {
	v  js.Value
	ws *browserws.WebSocket
}

// adopt returns the WebSocket wrapping v, made on first use.
func adopt(v js.Value) (*browserws.WebSocket, error) {
	for _, a := range adopted {
		if a.v.Equal(v) {
			return a.ws, nil
		}
	}
	ws, err := browserws.Wrap(v)
	if err != nil {
		return nil, err
	}
	adopted = append(adopted, struct {
		v  js.Value
		ws *browserws.WebSocket
	}{v, ws})
	return ws, nil
}
