//go:build js && wasm

package browserws_test

import (
	"context"
	"errors"
	"time"

	"github.com/gowasm/browserws"
)

func ExampleWebSocket_Close() {
	ws, err := browserws.New("wss://echo.example/chat")
	if err != nil {
		println("refused:", err.Error())
		return
	}
	// A code the browser refuses is an error, not a JavaScript exception.
	if err := ws.Close(1001, "going away"); errors.Is(err, browserws.ErrInvalidAccess) {
		println(err.Error())
	}
	if err := ws.Close(browserws.CodeNormalClosure, "bye"); err != nil {
		println(err.Error())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if ev, err := ws.Wait(ctx); err == nil {
		println("closed with", ev.Code, ev.Reason)
	}
}

func ExampleWebSocket_CloseWith() {
	ws, err := browserws.New("wss://echo.example/chat")
	if err != nil {
		return
	}
	// close() with no arguments: the close frame has no body, and the peer
	// reports 1005.
	_ = ws.CloseWith(browserws.CloseArgs{})
}
