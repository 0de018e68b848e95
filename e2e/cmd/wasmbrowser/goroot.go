package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// goRoot returns the GOROOT of the go command on the PATH, whose
// wasm_exec.js must match the Go that built the test binary. go test puts
// its own GOROOT/bin first on the PATH of the programs it runs.
func goRoot() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("finding GOROOT with `go env GOROOT`: %w", err)
	}
	root := strings.TrimSpace(string(out))
	if _, err := os.Stat(wasmExecJS(root)); err != nil {
		return "", fmt.Errorf("GOROOT %s has no wasm_exec.js: %w", root, err)
	}
	return root, nil
}

// wasmExecJS is the JavaScript support file of js/wasm programs in goroot.
func wasmExecJS(goroot string) string {
	return filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")
}
