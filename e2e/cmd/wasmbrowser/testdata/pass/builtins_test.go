//go:build js && wasm

package pass

import (
	"os"
	"syscall/js"
	"testing"
	"time"
)

// TestReplacedBuiltins replaces, as soon as it runs and for half a
// second, built-ins that WebKit's WebDriver calls in the page, when
// $BROWSERWS_FIXTURE_BUILTINS is set: a runner still waiting for an
// answer from the page then could not get one. (push stays: wasm_exec.js
// calls it.)
func TestReplacedBuiltins(t *testing.T) {
	if os.Getenv("BROWSERWS_FIXTURE_BUILTINS") == "" {
		t.Skip("BROWSERWS_FIXTURE_BUILTINS is not set")
	}
	global := js.Global()
	object := global.Get("Object")
	boom := js.FuncOf(func(js.Value, []js.Value) any {
		return global.Get("Error").New("replaced by the page")
	})
	defer boom.Release()
	type saved struct {
		object     js.Value
		name       string
		descriptor js.Value
	}
	var replaced []saved
	replace := func(o js.Value, name string) {
		replaced = append(replaced, saved{o, name, object.Call("getOwnPropertyDescriptor", o, name)})
		object.Call("defineProperty", o, name, map[string]any{"value": boom, "configurable": true, "writable": true})
	}
	for _, name := range []string{"map", "join", "slice", "splice", "forEach", "every"} {
		replace(global.Get("Array").Get("prototype"), name)
	}
	replace(global.Get("JSON"), "stringify")
	replace(global.Get("Promise").Get("prototype"), "then")
	time.Sleep(500 * time.Millisecond)
	for i := len(replaced) - 1; i >= 0; i-- {
		object.Call("defineProperty", replaced[i].object, replaced[i].name, replaced[i].descriptor)
	}
	t.Log("built-ins restored")
}
