//go:build js && wasm

package pass

import (
	"os"
	"syscall/js"
	"testing"
)

// TestContext checks where the program runs against $WASMBROWSER_CONTEXT,
// which the runner passes with the rest of its environment: in a
// dedicated worker, the global object is a DedicatedWorkerGlobalScope and
// there is no document; in the page, the opposite.
func TestContext(t *testing.T) {
	want, ok := os.LookupEnv("WASMBROWSER_CONTEXT")
	if !ok {
		t.Skip("WASMBROWSER_CONTEXT is not set")
	}
	global := js.Global()
	isA := func(class string) bool {
		c := global.Get(class)
		return c.Type() == js.TypeFunction && global.InstanceOf(c)
	}
	inWorker := isA("WorkerGlobalScope") && isA("DedicatedWorkerGlobalScope")
	hasDocument := global.Get("document").Type() != js.TypeUndefined
	t.Logf("WorkerGlobalScope=%v document=%v", inWorker, hasDocument)
	switch want {
	case "worker":
		if !inWorker || hasDocument {
			t.Fatal("WASMBROWSER_CONTEXT=worker, but the program does not run in a dedicated worker")
		}
	case "", "page":
		if inWorker || !hasDocument || !isA("Window") {
			t.Fatal("WASMBROWSER_CONTEXT=page, but the program does not run in the page")
		}
	default:
		t.Fatalf("WASMBROWSER_CONTEXT=%q", want)
	}
}
