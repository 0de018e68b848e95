//go:build !(js && wasm)

package browserws

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestModulesAreTheirSource assembles the WebAssembly text in the doc
// comment of each module of pack_js.go with wabt's wat2wasm (Debian's wabt
// package; make deps installs it) and requires the module's bytes: the
// comment is the module's only source, so it must say what the bytes do.
func TestModulesAreTheirSource(t *testing.T) {
	t.Parallel()
	wat2wasm, err := exec.LookPath("wat2wasm")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true and no wat2wasm: make deps installs Debian's wabt")
		}
		t.Skip("SKIPPING: no wat2wasm (Debian's wabt; as root, make deps installs it)")
	}
	for _, tt := range []struct{ name, export string }{
		{"packModule", "pack"},
		{"lengthModule", "wrapTo"},
	} {
		source, module := moduleSource(t, tt.name)
		dir := t.TempDir()
		wat, wasm := filepath.Join(dir, "module.wat"), filepath.Join(dir, "module.wasm")
		require.NoError(t, os.WriteFile(wat, []byte(source), 0o600))
		// Reference types, which packModule uses, are on by default
		// (Debian's wabt 1.0.32, and npm's 1.0.36).
		out, err := exec.Command(wat2wasm, wat, "-o", wasm).CombinedOutput()
		require.NoError(t, err, "wat2wasm, %s: %s", tt.name, out)
		assembled, err := os.ReadFile(wasm)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(assembled, module), "%s (%d bytes) is not its doc comment's text assembled (%d bytes)", tt.name, len(module), len(assembled))
		assert.Contains(t, source, "(export \""+tt.export+"\")", "the text holds %s", tt.name)
	}
}

// moduleSource returns the WebAssembly text of the doc comment of the
// constant name in pack_js.go, and the constant's bytes.
func moduleSource(t *testing.T, name string) (string, []byte) {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "pack_js.go", nil, parser.ParseComments)
	require.NoError(t, err)
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST || len(gen.Specs) != 1 {
			continue
		}
		spec := gen.Specs[0].(*ast.ValueSpec)
		if spec.Names[0].Name != name {
			continue
		}
		// The text is the comment's indented block, from "(module" on.
		doc := gen.Doc.Text()
		start := strings.Index(doc, "\t(module")
		require.GreaterOrEqual(t, start, 0, "%s's doc comment has no (module block", name)
		var text strings.Builder
		for _, line := range strings.SplitAfter(doc[start:], "\n") {
			if !strings.HasPrefix(line, "\t") {
				break
			}
			text.WriteString(line[1:])
		}
		return text.String(), concatenated(t, spec.Values[0])
	}
	t.Fatalf("pack_js.go declares no const %s", name)
	return "", nil
}

// concatenated returns the value of a constant expression of string
// literals joined with +.
func concatenated(t *testing.T, expr ast.Expr) []byte {
	t.Helper()
	switch e := expr.(type) {
	case *ast.BinaryExpr:
		require.Equal(t, token.ADD, e.Op)
		return append(concatenated(t, e.X), concatenated(t, e.Y)...)
	case *ast.BasicLit:
		s, err := strconv.Unquote(e.Value)
		require.NoError(t, err)
		return []byte(s)
	}
	t.Fatalf("a module holds a %T, not string literals", expr)
	return nil
}
