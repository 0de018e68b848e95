//go:build js && wasm

// Package exit is a fixture of the wasmbrowser tests: a test binary that
// exits with its own code.
package exit

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	m.Run()
	fmt.Println("exiting with 7")
	os.Exit(7)
}

func TestNothing(t *testing.T) {}
