package web

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFiles: the pages and what they load are there, and nothing else (no
// Go source, no directory).
func TestFiles(t *testing.T) {
	entries, err := fs.ReadDir(Files, ".")
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		assert.False(t, e.IsDir(), e.Name())
		assert.Regexp(t, `\.(html|js|css)$`, e.Name())
		names = append(names, e.Name())
	}
	for _, want := range []string{"index.html", "demo.js", "demo.css", "harness.html", "harness.js", "shim.js", "bench.html", "bench.js"} {
		assert.Contains(t, names, want)
	}
}
