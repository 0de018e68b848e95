//go:build js && wasm

package pass

import (
	"os"
	"syscall/js"
	"testing"
)

// TestConsole logs through JavaScript's console, when
// $BROWSERWS_FIXTURE_CONSOLE is set: a few values, a function (which a
// worker cannot copy to the page) and an error.
func TestConsole(t *testing.T) {
	if os.Getenv("BROWSERWS_FIXTURE_CONSOLE") == "" {
		t.Skip("BROWSERWS_FIXTURE_CONSOLE is not set")
	}
	console := js.Global().Get("console")
	console.Call("log", "console", "log", 42, true)
	console.Call("log", js.Global().Get("setTimeout"))
	console.Call("error", "console", "error")
}
