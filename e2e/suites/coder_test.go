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
			if err != nil && watchCtxRace(out) {
				t.Logf("coder/websocket's TestMain counted os/exec's context watcher before it returned "+
					"(a race of its native leak check, not of the browser); running it again:\n%s", tail(out, 12))
				out, err = runCoderWasm(ctx, module, link, r.name)
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

// watchCtxRace reports whether TestWasm passed and only coder/websocket's
// native leak check failed, on the goroutine os/exec starts to watch a
// command's context: it hands Wait its result and returns, and a busy
// machine can run the check in between. The extra goroutine is the outer,
// native test's own, whatever runs the browser.
func watchCtxRace(out []byte) bool {
	s := string(out)
	return strings.Contains(s, "\n--- PASS: TestWasm (") &&
		strings.Contains(s, "goroutine leak detected, expected 1 but got 2 goroutines") &&
		len(goroutineHeader.FindAllString(s, -1)) == 2 &&
		strings.Contains(s, "os/exec.(*Cmd).watchCtx(")
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

func TestWatchCtxRace(t *testing.T) {
	const passed = "=== RUN   TestWasm\n--- PASS: TestWasm (36.09s)\nPASS\n"
	const leak = "goroutine leak detected, expected 1 but got 2 goroutines\n" +
		"goroutine 1 [running]:\ngithub.com/coder/websocket_test.TestMain(0x1)\n\n"
	tests := []struct {
		name string
		out  string
		want bool
	}{
		{"the watcher", passed + leak + "goroutine 6 [runnable]:\nos/exec.(*Cmd).watchCtx(0x2, 0x3)\n", true},
		{"another goroutine", passed + leak + "goroutine 6 [chan receive]:\nmain.worker()\n", false},
		{"TestWasm failed", "--- FAIL: TestWasm (1.00s)\n" + leak + "goroutine 6 [runnable]:\nos/exec.(*Cmd).watchCtx(0x2, 0x3)\n", false},
		{"a third goroutine", passed + leak + "goroutine 6 [runnable]:\nos/exec.(*Cmd).watchCtx(0x2, 0x3)\n\ngoroutine 7 [select]:\nmain.x()\n", false},
		{"no leak", passed + "FAIL\tgithub.com/coder/websocket\t3.0s\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, watchCtxRace([]byte(tt.out)))
		})
	}
}
