//go:build js && wasm

// Command minimal opens a WebSocket, shows that a refused close is an error
// rather than an exception, closes it and prints the close event. Its size is
// what the README reports for a program that uses browserws.
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
	ws, err := browserws.New("ws://" + recorderAddr() + "/ws?id=minimal")
	if err != nil {
		fail(err)
	}
	for ws.ReadyState() == browserws.Connecting {
		time.Sleep(5 * time.Millisecond)
	}
	println("engine:", browserws.HostEngine().String(), "state:", ws.ReadyState().String())

	// 1001 is a valid close code on the wire, but close() refuses it.
	println("close(1001):", ws.Close(1001, "going away").Error())
	if err := ws.Close(1000, "bye"); err != nil {
		fail(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
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
