//go:build js && wasm

package pass

import (
	"fmt"
	"syscall/js"
	"testing"
)

// TestClock shows whether the program runs cross-origin isolated, and the
// finest step of performance.now() it sees: Go's clock under js/wasm.
func TestClock(t *testing.T) {
	isolated := js.Global().Get("crossOriginIsolated")
	perf := js.Global().Get("performance")
	step := 1e9
	for i := 0; i < 200000 && step > 0.001; i++ {
		a := perf.Call("now").Float()
		b := perf.Call("now").Float()
		for b == a {
			b = perf.Call("now").Float()
		}
		step = min(step, b-a)
	}
	fmt.Printf("clock: crossOriginIsolated=%v finest step %.0f ns\n", isolated, step*1e6)
}
