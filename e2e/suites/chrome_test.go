package suites

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChromeWrapper runs the wrapper the way wasmbrowsertest's chromedp
// finds it, by its name on the PATH, and asks the Chromium behind it for
// its version.
func TestChromeWrapper(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, writeChromeWrapper(dir))
	assert.Zero(t, wrapperStarts(dir))
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", "headless_shell --version")
	cmd.Env = []string{"PATH=" + dir + ":/usr/bin:/bin", "HOME=" + t.TempDir()}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Regexp(t, `(?i)chrom(e|ium) \d+\.`, string(out))
	assert.Equal(t, 1, wrapperStarts(dir))
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/usr/bin/chromium": `'/usr/bin/chromium'`,
		"it's":              `'it'\''s'`,
		"":                  `''`,
	} {
		assert.Equal(t, want, shellQuote(in))
	}
}
