package main

import (
	"cmp"
	"slices"
	"strings"
)

// Go's linker writes function names into the name section with "/" as
// "_" (and "(*T)" as "__T_"): "syscall_js.Value.Get". A name belongs to
// the longest package path whose mangled form, followed by a dot, begins it.

// packageOf returns the import path of the package that a function name
// of the name section belongs to, given the program's packages sorted
// longest first (see byLength): "main" for the program's own, and a
// bracketed kind for code the compiler generates: "(type algorithms)",
// "(other)".
func packageOf(name string, packages []string) string {
	for _, p := range packages {
		if strings.HasPrefix(name, mangle(p)+".") {
			return p
		}
	}
	switch {
	case strings.HasPrefix(name, "main."):
		return "main" // the program's own package, whatever its path
	case strings.HasPrefix(name, "type_."):
		return "(type algorithms)"
	}
	return "(other)"
}

func mangle(path string) string { return strings.ReplaceAll(path, "/", "_") }

// byLength sorts import paths longest first, so that a package is tried
// before any package whose path is a prefix of its own.
func byLength(packages []string) []string {
	sorted := slices.Clone(packages)
	slices.SortFunc(sorted, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b))
	})
	return sorted
}

// A share is some bytes of code attributed to a package or a function.
type share struct {
	name  string
	bytes int
}

// codeByPackage sums the code of m's functions by package, minus base's
// (which may be nil), largest difference first; packages whose code did not
// change are left out.
func codeByPackage(m, base *module, packages []string) []share {
	sums := map[string]int{}
	for name, n := range m.funcs {
		sums[packageOf(name, packages)] += n
	}
	if base != nil {
		for name, n := range base.funcs {
			sums[packageOf(name, packages)] -= n
		}
	}
	var out []share
	for p, n := range sums {
		if n != 0 {
			out = append(out, share{p, n})
		}
	}
	slices.SortFunc(out, func(a, b share) int {
		return cmp.Or(cmp.Compare(abs(b.bytes), abs(a.bytes)), strings.Compare(a.name, b.name))
	})
	return out
}

// largestFuncs returns m's largest functions that base (which may be nil)
// does not have, at most n of them.
func largestFuncs(m, base *module, n int) []share {
	var out []share
	for name, size := range m.funcs {
		if base != nil {
			if _, ok := base.funcs[name]; ok {
				continue
			}
		}
		out = append(out, share{name, size})
	}
	slices.SortFunc(out, func(a, b share) int {
		return cmp.Or(cmp.Compare(b.bytes, a.bytes), strings.Compare(a.name, b.name))
	})
	return out[:min(n, len(out))]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
