// Command wasmsize says where the bytes of a Go js/wasm program go, by
// package: what `go tool nm -size` does for other binaries (it cannot read
// WebAssembly). It builds each package given with GOOS=js GOARCH=wasm and
// -trimpath but not stripped, so that the name section names every
// function, and prints the sizes of the code and data sections, the code
// by package and the largest functions. Given two packages it prints the
// first minus the second: BENCHMARKS.md attributes browserws's own share
// of wasm/minimal that way, against wasm/ctxonly.
//
//	go run ./e2e/cmd/wasmsize ./wasm/minimal ./wasm/ctxonly
//
// The code and data sections are the same with -ldflags="-s -w", which
// drops only the name section and debug information.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
)

func main() {
	top := flag.Int("top", 20, "how many of the largest functions to list")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-top n] package [base-package]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() < 1 || flag.NArg() > 2 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Args(), *top); err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
}

func run(pkgs []string, top int) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tmp, err := os.MkdirTemp("", "wasmsize-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var modules []*module
	var packages []string
	for i, pkg := range pkgs {
		m, deps, err := buildModule(ctx, pkg, filepath.Join(tmp, fmt.Sprint(i)+".wasm"))
		if err != nil {
			return err
		}
		modules = append(modules, m)
		packages = append(packages, deps...)
	}
	packages = byLength(packages)
	a, base := modules[0], (*module)(nil)
	if len(modules) == 2 {
		base = modules[1]
	}

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "section\t%s\t", pkgs[0])
	if base != nil {
		fmt.Fprintf(tw, "%s\tdifference\t", pkgs[1])
	}
	fmt.Fprintln(tw)
	for _, s := range []struct {
		name string
		id   byte
	}{{"code", sectionCode}, {"data", sectionData}, {"names (custom)", sectionCustom}} {
		fmt.Fprintf(tw, "%s\t%d\t", s.name, a.sections[s.id])
		if base != nil {
			fmt.Fprintf(tw, "%d\t%+d\t", base.sections[s.id], a.sections[s.id]-base.sections[s.id])
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()

	what := "code by package"
	if base != nil {
		what += ", " + pkgs[0] + " minus " + pkgs[1]
	}
	fmt.Printf("\n%s:\n", what)
	tw = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, s := range codeByPackage(a, base, packages) {
		fmt.Fprintf(tw, "%+d\t  %s\n", s.bytes, s.name)
	}
	tw.Flush()

	what = "largest functions"
	if base != nil {
		what += " that " + pkgs[1] + " does not have"
	}
	fmt.Printf("\n%s:\n", what)
	tw = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, s := range largestFuncs(a, base, top) {
		fmt.Fprintf(tw, "%d\t  %s\n", s.bytes, s.name)
	}
	return tw.Flush()
}

// buildModule builds pkg for js/wasm into out, reads it, and lists the
// packages it is made of.
func buildModule(ctx context.Context, pkg, out string) (*module, []string, error) {
	env := append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", out, pkg)
	build.Env = env
	if output, err := build.CombinedOutput(); err != nil {
		return nil, nil, fmt.Errorf("building %s: %v\n%s", pkg, err, output)
	}
	list := exec.CommandContext(ctx, "go", "list", "-deps", "-f", "{{.ImportPath}}", pkg)
	list.Env = env
	deps, err := list.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go list -deps %s: %w", pkg, err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return nil, nil, err
	}
	m, err := parseModule(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", pkg, err)
	}
	return m, strings.Fields(string(deps)), nil
}
