//go:build js && wasm

// Command coderminimal does what wasm/minimal does (dial, send a message,
// read its echo, close) with github.com/coder/websocket's js/wasm client
// instead of browserws: the size comparison of make size.
//
// The server address comes from BROWSERWS_RECORDER, as for wasm/minimal.
package main

import (
	"context"
	"syscall"
	"time"

	"github.com/coder/websocket"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	addr, _ := syscall.Getenv("BROWSERWS_RECORDER")
	c, _, err := websocket.Dial(ctx, "ws://"+addr+"/ws?echo=1&id=coderminimal", nil)
	if err != nil {
		panic("error: " + err.Error())
	}
	if err := c.Write(ctx, websocket.MessageText, []byte("hello")); err != nil {
		panic("error: " + err.Error())
	}
	typ, data, err := c.Read(ctx)
	if err != nil {
		panic("error: " + err.Error())
	}
	println("echo:", typ.String(), string(data))
	if err := c.Close(websocket.StatusNormalClosure, "bye"); err != nil {
		panic("error: " + err.Error())
	}
}
