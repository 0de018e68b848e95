package suites

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

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
			cmd := exec.CommandContext(ctx, "go", "test", "-run", "^TestWasm$", "-count=1", "-v", ".")
			cmd.Dir = module
			cmd.Env = append(nativeEnv(os.Environ()),
				"PATH="+link+string(os.PathListSeparator)+os.Getenv("PATH"),
				"CI=true",
				"WASMBROWSER_BROWSER="+r.name)
			killGroup(cmd)
			start := time.Now()
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "coder/websocket's TestWasm in %s:\n%s", r.title, tail(out, 60))
			// TestWasm skips without CI: a pass must be a run.
			require.Regexp(t, `(?m)^--- PASS: TestWasm \(`, string(out))
			t.Logf("coder/websocket TestWasm passes in %s (%.1f s)", r.title, time.Since(start).Seconds())
		})
	}
}

// nativeEnv drops GOOS and GOARCH from environ: the outer go test builds
// for the host; TestWasm sets them for the js/wasm run it starts.
func nativeEnv(environ []string) []string {
	return slices.DeleteFunc(slices.Clone(environ), func(kv string) bool {
		return strings.HasPrefix(kv, "GOOS=") || strings.HasPrefix(kv, "GOARCH=")
	})
}
