// Command wasmbrowser runs a Go test binary built for js/wasm in a headless
// browser (Chromium, Firefox or WebKit), as go test's -exec program:
//
//	GOOS=js GOARCH=wasm go test -exec=wasmbrowser ./pkg
//
// go test runs it as `wasmbrowser /tmp/.../pkg.test -test.v=true ...` in the
// package directory. The test flags become the Go program's arguments; its
// stdout and stderr stream to the runner's, byte for byte, as they are
// written; its exit code is the runner's. Installed or linked under the
// name wasmbrowsertest, it takes that runner's place.
//
// The program gets what Node gives it under go_js_wasm_exec: the host's
// files, through the runner (every file call is carried out on the host,
// with the host's errors), the working directory go test gave the runner
// (os.Chdir and t.Chdir change it for the program only), the host's user
// and group ids and umask, and the runner's whole environment, with TMPDIR
// set. The page talks to the runner over one WebSocket on 127.0.0.1, and
// every URL of the run carries a secret drawn for it, so no other process
// or page can read the program's environment or reach the host's files.
// The page is cross-origin isolated, so performance.now() is as fine as
// the browser allows (benchmarks).
//
// Environment:
//
//	WASMBROWSER_BROWSER  chromium (the default), firefox or webkit, run through
//	                     e2e/browser (found on the PATH, or BROWSERWS_CHROME,
//	                     BROWSERWS_FIREFOX, BROWSERWS_WEBKITDRIVER)
//	WASMBROWSER_CHROME   the Chromium to run
//	WASMBROWSER_CONTEXT  page (the default): run the program on the page's
//	                     main thread; or worker: in a dedicated Web Worker the
//	                     page starts
//	WASMBROWSER_ENGINE   node: run the binary with Go's go_js_wasm_exec instead
//	WASMBROWSER_ENV      NAME1,NAME2: pass only these variables (and TMPDIR), for
//	                     an environment bigger than wasm_exec.js's 8 KiB, which
//	                     the runner reports, naming the biggest variables
//	WASMBROWSER_STATIC   a directory whose files the page's server also serves,
//	                     beside the page (links out of it are refused)
//	WASMBROWSER_PROGRESS how long the run may be silent before the runner says,
//	                     on stderr, what runs (the tests of -test.v); 10s
//	                     without it, 0 for never
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
	case "", "browser":
		name, err := browserFromEnv()
		if err != nil {
			return fail(err)
		}
		return runBrowser(name, goroot, wasm, testArgs)
	case "node":
		return fail(execNode(goroot, wasm, testArgs)) // returns only on failure
	default:
		return fail(fmt.Errorf("WASMBROWSER_ENGINE=%q: want browser or node", engine))
	}
}

// fail prints err as the runner's and returns exitRunnerFailed.
func fail(err error) int {
	fmt.Fprintln(os.Stderr, "wasmbrowser:", err)
	return exitRunnerFailed
}
