package suites

import (
	"os"
	"path/filepath"
	"strings"
)

// A runner is one way to run a js/wasm test binary: the go test -exec
// program and what it needs in the environment.
type runner struct {
	name   string   // "node", "chromium", ...: its column and file names
	title  string   // its column's heading
	exec   string   // go test's -exec program
	env    []string // NAME=value added to the environment
	ours   bool     // the runner of this repository, held to Node's results
	engine string   // what browserws.HostEngine says under it
}

// paths are the programs the runners need.
type paths struct {
	goroot          string // the Go whose go_js_wasm_exec runs Node
	wasmbrowser     string // our runner, e2e/cmd/wasmbrowser
	wasmbrowsertest string // agnivade/wasmbrowsertest
	chromeDir       string // holds the headless_shell wrapper (see writeChromeWrapper)
}

// ourBrowsers are the browsers our runner runs, by WASMBROWSER_BROWSER.
var ourBrowsers = []string{"chromium", "firefox", "webkit"}

// allRunners returns the runners in the table's order: Node first, the
// reference every browser is held to, then our runner in each browser,
// then wasmbrowsertest.
func allRunners(p paths) []runner {
	// Node 20 has a WebSocket only behind a flag; the probe needs it to
	// tell the engine, and the standard library's tests do not mind it.
	rs := []runner{{
		name: "node", title: "Node", engine: "undici",
		exec: filepath.Join(p.goroot, "lib", "wasm", "go_js_wasm_exec"),
		env:  []string{"NODE_OPTIONS=" + strings.TrimSpace(os.Getenv("NODE_OPTIONS")+" --experimental-websocket --no-warnings")},
	}}
	titles := map[string]string{"chromium": "Chromium", "firefox": "Firefox", "webkit": "WebKit"}
	for _, b := range ourBrowsers {
		rs = append(rs, runner{
			name: b, title: titles[b], engine: b, ours: true,
			exec: p.wasmbrowser,
			env:  []string{"WASMBROWSER_BROWSER=" + b},
		})
	}
	// wasmbrowsertest's chromedp runs the first of headless_shell,
	// chromium, ... it finds on the PATH: the wrapper comes first.
	return append(rs, runner{
		name: "wasmbrowsertest", title: "wasmbrowsertest", engine: "chromium",
		exec: p.wasmbrowsertest,
		env:  []string{"PATH=" + p.chromeDir + string(os.PathListSeparator) + os.Getenv("PATH")},
	})
}
