//go:build js && wasm

// Package hang is a fixture of the wasmbrowser tests: tests that never end.
package hang

import "testing"

// TestBlock waits forever without holding the JavaScript event loop, so
// the test binary's own -test.timeout panics.
func TestBlock(t *testing.T) {
	select {}
}

// spin is a loop without calls: in js/wasm nothing preempts it, so it holds
// the event loop and only the runner's deadline ends it.
var spin = true

// TestSpin never yields.
func TestSpin(t *testing.T) {
	n := 0
	for spin {
		n++
	}
	t.Log(n)
}
