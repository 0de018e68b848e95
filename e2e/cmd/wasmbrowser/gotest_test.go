package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGoTestExec runs the runner the way it is meant to be used, as go
// test's -exec program, with a coverage profile that go tool cover reads.
func TestGoTestExec(t *testing.T) {
	t.Parallel()
	eachContext(t, func(t *testing.T, at place) {
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
		defer cancel()
		profile := filepath.Join(t.TempDir(), "cover.out")
		cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "-v", "-exec="+runnerBin,
			"-coverprofile="+profile, "./testdata/pass")
		cmd.Env = append(at.opts().environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.Contains(t, string(out), "hello from the browser")
		assert.Regexp(t, `(?m)^ok\s+github.com/gowasm/browserws/e2e/cmd/wasmbrowser/testdata/pass\s.*coverage: 66.7% of statements`, string(out))

		cover := exec.CommandContext(ctx, "go", "tool", "cover", "-func="+profile)
		funcs, err := cover.CombinedOutput()
		require.NoError(t, err, "%s", funcs)
		assert.Regexp(t, `pass\.go:\d+:\s+Greet\s+66\.7%`, string(funcs))
	})
}
