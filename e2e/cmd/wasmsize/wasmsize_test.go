package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tinyModule is a hand-assembled WebAssembly binary: one imported
// function (index 0), two defined ones (1 and 2, bodies of 4 and 2
// bytes), a data section and a name section that names 1 and 2.
var tinyModule = []byte{
	0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00,
	// type section: one type, () -> ()
	0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
	// import section: "m" "f", a function of type 0
	0x02, 0x07, 0x01, 0x01, 'm', 0x01, 'f', 0x00, 0x00,
	// function section: two functions of type 0
	0x03, 0x03, 0x02, 0x00, 0x00,
	// code section: bodies of 4 and 2 bytes
	0x0a, 0x09, 0x02, 0x04, 0x00, 0x01, 0x01, 0x0b, 0x02, 0x00, 0x0b,
	// data section: 5 bytes of content
	0x0b, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
	// custom "name" section, function names subsection
	0x00, 0x10, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x09, 0x02, 0x01, 0x02, 'a', '.', 0x02, 0x02, 'b', '.',
}

func TestParseModule(t *testing.T) {
	m, err := parseModule(tinyModule)
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"a.": 4, "b.": 2}, m.funcs)
	assert.Equal(t, 9, m.sections[sectionCode])
	assert.Equal(t, 5, m.sections[sectionData])

	for _, bad := range [][]byte{nil, []byte("\x7fELF\x02\x01\x01\x00"), tinyModule[:20]} {
		_, err := parseModule(bad)
		assert.Error(t, err, "%q", bad)
	}
}

func TestPackageOf(t *testing.T) {
	packages := byLength([]string{"runtime", "syscall", "syscall/js", "internal/runtime/atomic", "github.com/gowasm/browserws"})
	tests := []struct{ name, want string }{
		{"syscall_js.Value.Get", "syscall/js"},
		{"syscall.Getenv", "syscall"},
		{"runtime.addspecial", "runtime"},
		{"internal_runtime_atomic.Load", "internal/runtime/atomic"},
		{"github.com_gowasm_browserws.__WebSocket_.Close", "github.com/gowasm/browserws"},
		{"main.main", "main"},
		{"type_.eq.github.com_gowasm_browserws.Exception", "(type algorithms)"},
		{"wasm_pc_f_loop", "(other)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, packageOf(tt.name, packages), tt.name)
	}
}

func TestCodeByPackage(t *testing.T) {
	packages := byLength([]string{"a", "b", "c"})
	m := &module{funcs: map[string]int{"a.x": 10, "a.y": 5, "b.x": 7, "c.x": 1}}
	base := &module{funcs: map[string]int{"a.x": 10, "b.x": 2, "c.x": 1}}
	assert.Equal(t, []share{{"a", 5}, {"b", 5}}, codeByPackage(m, base, packages), "ties by name")
	assert.Equal(t, []share{{"a", 15}, {"b", 7}, {"c", 1}}, codeByPackage(m, nil, packages))
	assert.Equal(t, []share{{"a.y", 5}}, largestFuncs(m, base, 10))
	assert.Equal(t, []share{{"a.x", 10}, {"b.x", 7}}, largestFuncs(m, nil, 2))
}
