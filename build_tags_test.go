//go:build !(js && wasm)

package browserws

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBuildTags fails when a file that imports syscall/js lacks the explicit
// js && wasm constraint: only a _js.go suffix restricts by name, and files
// such as js_bridge.go rely on the tag alone.
func TestBuildTags(t *testing.T) {
	t.Parallel()
	var checked int
	for _, dir := range []string{".", "wasm", "e2e"} {
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly|parser.ParseComments)
			require.NoError(t, err)
			for _, imp := range file.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); p == "syscall/js" {
					checked++
					src, err := os.ReadFile(path)
					require.NoError(t, err)
					assert.True(t, strings.HasPrefix(string(src), "//go:build js && wasm\n"),
						"%s imports syscall/js but does not start with //go:build js && wasm", path)
				}
			}
			return nil
		})
		if !os.IsNotExist(err) {
			require.NoError(t, err)
		}
	}
	assert.Positive(t, checked)
}
