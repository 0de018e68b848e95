//go:build js && wasm

package fail

import (
	"os"
	"syscall/js"
	"testing"
	"time"
)

// TestThrow has the page throw an exception nothing catches while the
// test waits, when $BROWSERWS_FIXTURE_THROW is set.
func TestThrow(t *testing.T) {
	if os.Getenv("BROWSERWS_FIXTURE_THROW") == "" {
		t.Skip("BROWSERWS_FIXTURE_THROW is not set")
	}
	throw := js.Global().Get("Function").New(`throw new Error("thrown by the page")`)
	js.Global().Call("setTimeout", throw, 0)
	time.Sleep(2 * time.Second)
}
