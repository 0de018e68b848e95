//go:build js && wasm

// Command bare is the smallest useful syscall/js program: the baseline the
// size report measures browserws against.
package main

import "syscall/js"

func main() {
	js.Global().Get("console").Call("log", "bare")
}
