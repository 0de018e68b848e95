package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// module is where the programs are built from and what they are built with.
type module struct {
	root   string // the directory of browserws's go.mod
	goroot string // GOROOT of the go command, whose wasm_exec.js the page loads
}

// findModule asks the go command, so that the command (run from the
// module's root) and its test (run in e2e/cmd/bench) find the same files.
func findModule(ctx context.Context) (module, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD", "GOROOT").Output()
	if err != nil {
		return module{}, fmt.Errorf("go env GOMOD GOROOT: %w", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], "go.mod") {
		return module{}, fmt.Errorf("go env GOMOD GOROOT: not inside a module: %q", out)
	}
	return module{root: filepath.Dir(lines[0]), goroot: lines[1]}, nil
}

// wasmExecJS is the JavaScript half of every js/wasm program.
func (m module) wasmExecJS() string {
	return filepath.Join(m.goroot, "lib", "wasm", "wasm_exec.js")
}

// A build is one js/wasm program: a package of the module and where its
// binary goes.
type build struct {
	pkg, out string
	flags    []string
}

// stripped are the flags of the size measurements, the same as make size.
var stripped = []string{"-trimpath", "-ldflags=-s -w"}

// buildAll builds every program at once; the go command shares its cache
// between them.
func (m module) buildAll(ctx context.Context, builds []build) error {
	errs := make([]error, len(builds))
	var wg sync.WaitGroup
	for i, b := range builds {
		wg.Go(func() {
			args := append(append([]string{"build"}, b.flags...), "-o", b.out, b.pkg)
			cmd := exec.CommandContext(ctx, "go", args...)
			cmd.Dir = m.root
			cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
			if out, err := cmd.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("building %s: %v\n%s", b.pkg, err, out)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
