package suites

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// coderModule is coder/websocket, whose TestWasm runs its js/wasm tests
// with `go test -exec=wasmbrowsertest` against an echo server whose URL it
// passes in WS_ECHO_SERVER_URL, when CI is set.
const coderModule = "github.com/coder/websocket"

// TestCoderWebsocketWasm runs coder/websocket's own TestWasm, natively,
// with our runner dropped in as the wasmbrowsertest it runs: a symlink of
// that name first on the PATH. Nothing else is set for it but CI=true, which
// makes TestWasm run, and the browser.
func TestCoderWebsocketWasm(t *testing.T) {
	p := setup(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", coderModule).CombinedOutput()
	require.NoError(t, err, "finding %s in the module cache: %s", coderModule, out)
	src, version, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	module := filepath.Join(t.TempDir(), "websocket")
	require.NoError(t, copyTree(src, module))
	link := t.TempDir()
	require.NoError(t, os.Symlink(p.wasmbrowser, filepath.Join(link, "wasmbrowsertest")))
	t.Logf("%s %s copied from the module cache to %s", coderModule, version, module)

	for _, r := range selected(t, p) {
		if !r.ours {
			continue
		}
		t.Run(r.name, func(t *testing.T) {
			checkEngine(t, r)
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
			defer cancel()
			start := time.Now()
			out, err := runCoderWasm(ctx, module, link, r.name)
			if err != nil && leakCheckRace(out) {
				// The run through our runner passed; what failed is the
				// outer, native process's count of its own goroutines.
				t.Logf("TestWasm passed; then coder/websocket's TestMain counted os/exec's watcher of the go test "+
					"TestWasm ran while it was returning (a race of its native leak check):\n%s", tail(out, 4))
				err = nil
			}
			require.NoError(t, err, "coder/websocket's TestWasm in %s:\n%s", r.title, tail(out, 60))
			// TestWasm skips without CI: a pass must be a run.
			require.Regexp(t, `(?m)^--- PASS: TestWasm \(`, string(out))
			t.Logf("coder/websocket TestWasm passes in %s (%.1f s)", r.title, time.Since(start).Seconds())
		})
	}
}

// runCoderWasm runs TestWasm in the module's copy, with link first on the
// PATH and browser in WASMBROWSER_BROWSER.
func runCoderWasm(ctx context.Context, module, link, browser string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^TestWasm$", "-count=1", "-v", ".")
	cmd.Dir = module
	cmd.Env = append(nativeEnv(os.Environ()),
		"PATH="+link+string(os.PathListSeparator)+os.Getenv("PATH"),
		"CI=true",
		"WASMBROWSER_BROWSER="+browser)
	killGroup(cmd)
	return cmd.CombinedOutput()
}

// leakCheckRace reports whether TestWasm passed and only coder/websocket's
// TestMain failed, counting one goroutine too many where its stack dump
// shows only itself and os/exec's watcher of the go test TestWasm ran.
// That watcher hands Wait its result and then returns; TestMain can count
// it in between, and it may be gone by the dump. It lives in the outer,
// native process, whatever runs the browser.
func leakCheckRace(out []byte) bool {
	s := string(out)
	if !strings.Contains(s, "\n--- PASS: TestWasm (") ||
		!strings.Contains(s, "goroutine leak detected, expected 1 but got 2 goroutines") {
		return false
	}
	starts := goroutineHeader.FindAllStringIndex(s, -1)
	if len(starts) == 0 || len(starts) > 2 {
		return false
	}
	for i, start := range starts {
		end := len(s)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		dump := s[start[0]:end]
		if !strings.Contains(dump, "\ngithub.com/coder/websocket_test.TestMain(") &&
			!strings.HasPrefix(dump[strings.Index(dump, "\n")+1:], "os/exec.(*Cmd).watchCtx(") {
			return false
		}
	}
	return true
}

// goroutineHeader starts each goroutine of a stack dump.
var goroutineHeader = regexp.MustCompile(`(?m)^goroutine \d+ \[`)

// nativeEnv drops GOOS and GOARCH from environ: the outer go test builds
// for the host; TestWasm sets them for the js/wasm run it starts.
func nativeEnv(environ []string) []string {
	return slices.DeleteFunc(slices.Clone(environ), func(kv string) bool {
		return strings.HasPrefix(kv, "GOOS=") || strings.HasPrefix(kv, "GOARCH=")
	})
}

func TestLeakCheckRace(t *testing.T) {
	const passed = "=== RUN   TestWasm\n--- PASS: TestWasm (36.09s)\nPASS\n"
	const leak = "goroutine leak detected, expected 1 but got 2 goroutines\n" +
		"goroutine 1 [running]:\ngithub.com/coder/websocket_test.goroutineStacks()\n" +
		"\t/tmp/x/main_test.go:13 +0x65\ngithub.com/coder/websocket_test.TestMain(0x1)\n\n"
	const watcher = "goroutine 6 [runnable]:\nos/exec.(*Cmd).watchCtx(0x2, 0x3)\n\t/usr/local/go/src/os/exec/exec.go:797 +0xb1\n"
	const end = "\nFAIL\tgithub.com/coder/websocket\t14.197s\nFAIL\n"
	tests := []struct {
		name string
		out  string
		want bool
	}{
		{"the watcher in the dump", passed + leak + watcher + end, true},
		{"the watcher gone by the dump", passed + leak + end, true},
		{"another goroutine", passed + leak + "goroutine 6 [chan receive]:\nmain.worker()\n" + end, false},
		{"the watcher further down a stack", passed + leak + "goroutine 6 [select]:\nmain.f()\nos/exec.(*Cmd).watchCtx(0x2)\n" + end, false},
		{"TestWasm failed", "--- FAIL: TestWasm (1.00s)\n" + leak + watcher + end, false},
		{"a third goroutine", passed + leak + watcher + "\ngoroutine 7 [select]:\nmain.x()\n" + end, false},
		{"three counted", passed + strings.Replace(leak, "got 2", "got 3", 1) + watcher + end, false},
		{"no leak", passed + end, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, leakCheckRace([]byte(tt.out)))
		})
	}
}
