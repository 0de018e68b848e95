//go:build js && wasm

// Command minimal dials a WebSocket, sends a message and reads its echo,
// shows that a refused close is an error rather than an exception, closes
// the socket and prints the close event. Its size is what the README
// reports for a program that uses browserws.
//
// The server address comes from BROWSERWS_RECORDER (make example starts one).
package main

import (
	"context"
	"syscall"
	"time"

	"github.com/gowasm/browserws"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ws, err := browserws.Dial(ctx, "ws://"+recorderAddr()+"/ws?echo=1&id=minimal")
	if err != nil {
		fail(err)
	}
	println("engine:", browserws.HostEngine().String(), "state:", ws.ReadyState().String())
	if err := ws.SendText("hello"); err != nil {
		fail(err)
	}
	msg, err := ws.Read(ctx)
	if err != nil {
		fail(err)
	}
	println("echo:", msg.Type.String(), string(msg.Data))

	// 1001 is a valid close code on the wire, but close() refuses it.
	println("close(1001):", ws.Close(1001, "going away").Error())
	if err := ws.Close(browserws.CodeNormalClosure, "bye"); err != nil {
		fail(err)
	}
	ev, err := ws.Wait(ctx)
	if err != nil {
		fail(err)
	}
	println("close event: wasClean", ev.WasClean, "code", ev.Code, "reason", ev.Reason)
}

// recorderAddr reads the environment through syscall, which syscall/js
// links in anyway; package os would add a few hundred kilobytes.
func recorderAddr() string {
	addr, _ := syscall.Getenv("BROWSERWS_RECORDER")
	return addr
}

func fail(err error) {
	panic("error: " + err.Error())
}
