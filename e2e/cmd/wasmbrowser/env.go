package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
)

// pageEnv is the program's environment: as Node gives it under
// go_js_wasm_exec, the runner's whole environment with TMPDIR set to the
// temporary directory; or, when WASMBROWSER_ENV lists names, only those
// (and TMPDIR), for an environment too big for wasm_exec.js (see
// checkArgSize).
func pageEnv(environ []string) map[string]string {
	var named map[string]bool
	if list := os.Getenv("WASMBROWSER_ENV"); list != "" {
		named = map[string]bool{}
		for _, name := range strings.Split(list, ",") {
			named[strings.TrimSpace(name)] = true
		}
	}
	env := map[string]string{"TMPDIR": strings.TrimSuffix(os.TempDir(), "/")}
	for _, kv := range environ {
		name, value, ok := strings.Cut(kv, "=")
		if ok && (named == nil || named[name]) {
			env[name] = value
		}
	}
	return env
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
		"unset the biggest variables, or list the ones the tests need in WASMBROWSER_ENV=NAME1,NAME2 (biggest: %s)",
		size, argSpace, strings.Join(biggest, ", "))
}
