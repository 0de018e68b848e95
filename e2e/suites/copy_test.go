package suites

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCopyTree(t *testing.T) {
	src := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(src, "internal", "x"), 0o755))
	files := map[string]string{"go.mod": "module m\n", "internal/x/x.go": "package x\n"}
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(src, name), []byte(content), 0o444))
	}
	require.NoError(t, os.Chmod(filepath.Join(src, "internal", "x"), 0o555))
	t.Cleanup(func() { os.Chmod(filepath.Join(src, "internal", "x"), 0o755) })

	dst := filepath.Join(t.TempDir(), "copy")
	require.NoError(t, copyTree(src, dst))
	for name, content := range files {
		data, err := os.ReadFile(filepath.Join(dst, name))
		require.NoError(t, err)
		assert.Equal(t, content, string(data))
		fi, err := os.Stat(filepath.Join(dst, name))
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm(), name)
	}
	// go test writes beside the sources: the copy takes new files.
	require.NoError(t, os.WriteFile(filepath.Join(dst, "internal", "x", "new"), nil, 0o644))

	require.NoError(t, os.Symlink("go.mod", filepath.Join(src, "link")))
	assert.ErrorContains(t, copyTree(src, filepath.Join(t.TempDir(), "again")), "not a regular file")
}
