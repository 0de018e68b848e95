//go:build js && wasm

// Command ctxonly is wasm/bare plus a context.WithTimeout and a time.Sleep,
// and nothing of browserws: what context and time cost alone. Any program
// that waits with a deadline pays this, so make size subtracts it from
// wasm/minimal to find browserws's own share.
package main

import (
	"context"
	"syscall/js"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	time.Sleep(time.Millisecond)
	js.Global().Get("console").Call("log", "ctxonly", ctx.Err() == nil)
}
