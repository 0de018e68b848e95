// Command wasmbrowser runs a Go test binary built for js/wasm in headless
// Chromium, driven through the DevTools protocol, as go test's -exec program:
//
//	GOOS=js GOARCH=wasm go test -exec=wasmbrowser ./pkg
//
// go test runs it as `wasmbrowser /tmp/.../pkg.test -test.v=true ...` in the
// package directory. The test flags become the Go program's arguments; its
// stdout and stderr stream to the runner's, byte for byte, as they are
// written; its exit code is the runner's. Files the testing package writes
// for go test (-test.coverprofile, -test.gocoverdir, -test.testlogfile)
// are written on the host; every other file lives in the page's memory.
//
// Environment:
//
//	WASMBROWSER_ENGINE  chromium (the default), or node: run the binary with
//	                    $(go env GOROOT)/lib/wasm/go_js_wasm_exec instead
//	WASMBROWSER_CHROME  the browser to run (default /usr/bin/chromium, or
//	                    $BROWSERWS_CHROME, or chromium on the PATH)
//	WASMBROWSER_CONTEXT page (the default): run the program on the page's
//	                    main thread; or worker: in a dedicated Web Worker the
//	                    page starts. The program gets this variable only when
//	                    WASMBROWSER_ENV names it.
//	WASMBROWSER_ENV     NAME1,NAME2: more variables to pass to the program,
//	                    besides GO* (GOOS, GODEBUG, ...) and BROWSERWS_*
//	WASMBROWSER_STATIC  a directory whose files the page's server also serves
//
// The runner ends the program, with a message, when it outlives its
// -test.timeout (default 10m; 0 means none) by more than a few seconds; that
// happens when a test holds the JavaScript event loop so that the program's
// own timeout cannot fire. A failure of the runner itself exits 1.
package main

import (
	"fmt"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// exitRunnerFailed is the exit code when the runner, not the program, fails.
const exitRunnerFailed = 1

// run runs the test binary args[0] with the flags args[1:] and returns the
// exit code.
func run(args []string) int {
	if len(args) < 1 {
		fmt.Fprintln(os.Stderr, "usage: wasmbrowser test-binary.wasm [-test.flag ...]")
		return 2
	}
	wasm, testArgs := args[0], args[1:]
	if _, err := os.Stat(wasm); err != nil {
		return fail(fmt.Errorf("the test binary: %w", err))
	}
	goroot, err := goRoot()
	if err != nil {
		return fail(err)
	}
	switch engine := os.Getenv("WASMBROWSER_ENGINE"); engine {
	case "", "chromium":
		return runChromium(goroot, wasm, testArgs)
	case "node":
		return fail(execNode(goroot, wasm, testArgs)) // returns only on failure
	default:
		return fail(fmt.Errorf("WASMBROWSER_ENGINE=%q: want chromium or node", engine))
	}
}

// fail prints err as the runner's and returns exitRunnerFailed.
func fail(err error) int {
	fmt.Fprintln(os.Stderr, "wasmbrowser:", err)
	return exitRunnerFailed
}
