//go:build js && wasm

// Package fail is a fixture of the wasmbrowser tests: a failing test.
package fail

import "testing"

func TestFail(t *testing.T) {
	t.Error("this test fails on purpose")
}
