//go:build !(js && wasm)

package browserws

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLibraryClosesOnlyWithValidCodes reads the library's own source (every
// non-test file, whatever its build tags) and checks the close calls it
// makes on its own behalf, such as when a dial is cancelled or a message
// passes the read limit. Browsers refuse codes such as 1001, 1008 and 1011
// and leave the socket open, so each such call must pass a constant code
// that ValidateClose accepts in both engines, and the native close must be
// reached only from CloseWith, after ValidateClose.
func TestLibraryClosesOnlyWithValidCodes(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	consts := map[string]constant.Value{}
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		parsed = append(parsed, f)
		collectIntConsts(f, consts)
	}

	var internal, native int
	for _, f := range parsed {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				where := fset.Position(call.Pos()).String()
				switch sel.Sel.Name {
				case "close": // the native close, through the bridge
					if receiverName(sel) == "sock" {
						native++
						assert.Equal(t, "CloseWith", fn.Name.Name, "%s: native close outside CloseWith", where)
					}
				case "Close", "CloseWith":
					if fn.Name.Name == "Close" && sel.Sel.Name == "CloseWith" {
						return true // the exported Close passes its caller's arguments on
					}
					if len(call.Args) != 1 {
						return true // some other Close, such as a listener's
					}
					internal++
					code, ok := closeCode(call.Args[0], consts)
					if assert.True(t, ok, "%s: %s with a code that is not a constant", where, sel.Sel.Name) {
						for _, engine := range []Engine{Chromium, Undici} {
							assert.NoError(t, ValidateClose(engine, CloseArgs{Code: code, HasCode: true}),
								"%s: code %v refused by %v", where, code, engine)
						}
					}
				}
				return true
			})
		}
	}
	assert.Equal(t, 1, native, "calls of the native close")
	assert.Positive(t, internal, "the library's own closes were found")
	t.Logf("%d internal close calls checked", internal)
}

// collectIntConsts records the integer constants f declares with literal
// values.
func collectIntConsts(f *ast.File, consts map[string]constant.Value) {
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.INT {
						consts[name.Name] = constant.MakeFromLiteral(lit.Value, lit.Kind, 0)
					}
				}
			}
		}
	}
}

// closeCode finds the code in CloseArgs{Code: ...} and returns its value if
// it is an integer literal or a constant collectIntConsts found.
func closeCode(arg ast.Expr, consts map[string]constant.Value) (float64, bool) {
	lit, ok := arg.(*ast.CompositeLit)
	if !ok {
		return 0, false
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok || kv.Key.(*ast.Ident).Name != "Code" {
			continue
		}
		var v constant.Value
		switch e := kv.Value.(type) {
		case *ast.BasicLit:
			v = constant.MakeFromLiteral(e.Value, e.Kind, 0)
		case *ast.Ident:
			v = consts[e.Name]
		}
		if v == nil {
			return 0, false
		}
		f, _ := constant.Float64Val(v)
		return f, true
	}
	return 0, false
}

// receiverName is the last name before the selector: "sock" in ws.sock.close.
func receiverName(sel *ast.SelectorExpr) string {
	switch x := sel.X.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}
