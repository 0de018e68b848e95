package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHostFiles(t *testing.T) {
	dir := t.TempDir()
	cover := filepath.Join(dir, "cover.out")
	covdir := filepath.Join(dir, "covdata")
	require.NoError(t, os.Mkdir(covdir, 0o755))
	h := newHostFiles()
	h.files[cover] = true
	h.dirs = append(h.dirs, covdir)

	assert.True(t, h.allows(cover))
	assert.True(t, h.allows(filepath.Join(covdir, "covmeta.1")))
	assert.False(t, h.allows(covdir), "the directory itself")
	assert.False(t, h.allows(filepath.Join(dir, "other")))
	assert.False(t, h.allows(covdir+"/../other"), "not clean")
	assert.False(t, h.allows("cover.out"), "relative")

	require.NoError(t, h.chunk(cover, []byte("mode: "), true, false))
	require.NoError(t, h.chunk(cover, []byte("set\n"), false, true))
	data, err := os.ReadFile(cover)
	require.NoError(t, err)
	assert.Equal(t, "mode: set\n", string(data))

	tmp, final := filepath.Join(covdir, "tmp.x"), filepath.Join(covdir, "x")
	require.NoError(t, h.chunk(tmp, nil, true, true))
	require.NoError(t, h.rename(tmp, final))
	assert.FileExists(t, final)
	require.NoError(t, h.remove(final))
	require.NoError(t, h.remove(final), "removing what is gone is fine")

	assert.Error(t, h.chunk(filepath.Join(dir, "evil"), []byte("x"), true, true))
	assert.Error(t, h.rename(cover, filepath.Join(dir, "evil")))
	assert.NoFileExists(t, filepath.Join(dir, "evil"))
}
