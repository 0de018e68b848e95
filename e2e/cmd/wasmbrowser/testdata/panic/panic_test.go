//go:build js && wasm

// Package panic is a fixture of the wasmbrowser tests: a test that panics.
package panic

import "testing"

func TestPanic(t *testing.T) {
	panic("boom from the wasm test")
}
