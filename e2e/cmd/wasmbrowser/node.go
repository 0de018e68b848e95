package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// execNode replaces the runner with Go's own Node runner, go_js_wasm_exec,
// so that stdio, signals and the exit code pass through untouched. It
// returns only when that cannot start. Node gets the whole environment, as
// it does without the runner.
func execNode(goroot, wasm string, testArgs []string) error {
	if _, err := exec.LookPath("node"); err != nil {
		return fmt.Errorf("WASMBROWSER_ENGINE=node needs node on the PATH: %w", err)
	}
	script := filepath.Join(goroot, "lib", "wasm", "go_js_wasm_exec")
	argv := append([]string{script, wasm}, testArgs...)
	if err := syscall.Exec(script, argv, os.Environ()); err != nil {
		return fmt.Errorf("running %s: %w", script, err)
	}
	return nil
}
