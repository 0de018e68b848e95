package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
)

// pageEnv picks the variables of environ the program in the page gets: Go's
// own (GO followed by capitals and digits only, such as GOOS, GODEBUG,
// GOCOVERDIR; so not GOOGLE_...), BROWSERWS_*, and those named in
// WASMBROWSER_ENV. The whole host environment would not fit (see
// checkArgSize), and has no business in a page.
func pageEnv(environ []string) map[string]string {
	named := map[string]bool{}
	for _, name := range strings.Split(os.Getenv("WASMBROWSER_ENV"), ",") {
		if name = strings.TrimSpace(name); name != "" {
			named[name] = true
		}
	}
	env := map[string]string{}
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if ok && (isGoVar(name) || strings.HasPrefix(name, "BROWSERWS_") || named[name]) {
			env[name] = value
		}
	}
	return env
}

func isGoVar(name string) bool {
	if len(name) <= 2 || !strings.HasPrefix(name, "GO") {
		return false
	}
	for _, c := range name[2:] {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// argSpace is the room wasm_exec.js has for the command line and the
// environment: between 4096 and wasmMinDataAddr (4096+8192) of the linear
// memory. It refuses more with "total length of command line and
// environment variables exceeds limit".
const argSpace = 8192

// checkArgSize computes what wasm_exec.js will use for argv and env (each
// string NUL-terminated and padded to 8 bytes, then 8 bytes per pointer and
// per list end) and fails, naming the biggest variables, when it does not
// fit.
func checkArgSize(argv []string, env map[string]string) error {
	size := 0
	str := func(s string) { size += (len(s) + 1 + 7) &^ 7 }
	for _, a := range argv {
		str(a)
	}
	var vars []string
	for name, value := range env {
		str(name + "=" + value)
		vars = append(vars, name)
	}
	size += 8 * (len(argv) + 1 + len(env) + 1)
	if size < argSpace {
		return nil
	}
	slices.SortFunc(vars, func(a, b string) int { return len(env[b]) - len(env[a]) })
	var biggest []string
	for _, name := range vars[:min(3, len(vars))] {
		biggest = append(biggest, fmt.Sprintf("%s (%d bytes)", name, len(name)+1+len(env[name])))
	}
	return fmt.Errorf("the test's command line and environment take %d bytes, and wasm_exec.js needs them under %d: "+
		"pass fewer GO*/BROWSERWS_* variables or names in WASMBROWSER_ENV (biggest: %s)",
		size, argSpace, strings.Join(biggest, ", "))
}
