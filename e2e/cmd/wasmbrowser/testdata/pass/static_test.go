//go:build js && wasm

package pass

import (
	"os"
	"syscall/js"
	"testing"
)

// TestStatic fetches hello.txt, a relative URL, from the page's server,
// which serves WASMBROWSER_STATIC, and expects $BROWSERWS_FIXTURE_STATIC.
func TestStatic(t *testing.T) {
	want, ok := os.LookupEnv("BROWSERWS_FIXTURE_STATIC")
	if !ok {
		t.Skip("BROWSERWS_FIXTURE_STATIC is not set")
	}
	type result struct {
		text string
		err  string
	}
	done := make(chan result, 1)
	var onText, onError js.Func
	onText = js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{text: args[0].String()}
		return nil
	})
	defer onText.Release()
	onError = js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{err: args[0].Call("toString").String()}
		return nil
	})
	defer onError.Release()
	toText := js.FuncOf(func(_ js.Value, args []js.Value) any { return args[0].Call("text") })
	defer toText.Release()
	js.Global().Call("fetch", "hello.txt").Call("then", toText).Call("then", onText, onError)
	if got := <-done; got.err != "" || got.text != want {
		t.Fatalf("fetching hello.txt: %q, %s; want %q", got.text, got.err, want)
	}
}
