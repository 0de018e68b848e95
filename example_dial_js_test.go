//go:build js && wasm

package browserws_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/gowasm/browserws"
)

// echoURL is an echo server's address: in these tests, the recording
// server that make test-js starts.
var echoURL = "ws://" + os.Getenv("BROWSERWS_RECORDER") + "/ws?echo=1&id=ExampleDial"

// A socket's whole life: dial, send, receive, close, and the close event.
func ExampleDial() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	ws, err := browserws.Dial(ctx, echoURL)
	if err != nil {
		fmt.Println("dial:", err) // a *CloseError (code 1006) if the handshake failed
		return
	}
	if err := ws.SendText("hello"); err != nil {
		fmt.Println("send:", err)
		return
	}
	msg, err := ws.Read(ctx)
	if err != nil {
		fmt.Println("read:", err)
		return
	}
	fmt.Printf("received %v %q\n", msg.Type, msg.Data)

	if err := ws.Close(browserws.CodeNormalClosure, "done"); err != nil {
		fmt.Println("close:", err) // an *Exception, as the browser would throw
		return
	}
	ev, err := ws.Wait(ctx)
	if err != nil {
		fmt.Println("wait:", err)
		return
	}
	fmt.Println("closed:", ev.Code, ev.Reason, ev.WasClean)

	// Every later call reports the close event.
	var closed *browserws.CloseError
	if err := ws.SendText("late"); errors.As(err, &closed) {
		fmt.Println("send after close:", closed.Code)
	}
	// Output:
	// received text "hello"
	// closed: 1000 done true
	// send after close: 1000
}
