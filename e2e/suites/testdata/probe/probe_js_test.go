//go:build js && wasm

// Package probe tells which engine a js/wasm test binary runs in, so that
// the suites can check that a runner ran the browser it was asked for.
package probe

import (
	"fmt"
	"syscall/js"
	"testing"

	"github.com/gowasm/browserws"
)

// TestEngine prints the engine as browserws's probe tells it: the
// WebSocket implementation answers in its own words. Without a WebSocket
// (Node 20 without --experimental-websocket) there is nothing to ask.
func TestEngine(t *testing.T) {
	if js.Global().Get("WebSocket").Type() != js.TypeFunction {
		fmt.Println("host engine: none (no WebSocket)")
		return
	}
	fmt.Println("host engine:", browserws.HostEngine())
}
