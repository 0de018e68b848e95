package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPageEnv(t *testing.T) {
	environ := []string{"GOOS=js", "GOOGLE_API_KEY=secret", "HOME=/root", "EXTRA=yes", "EMPTY=", "TMPDIR=/elsewhere"}
	t.Setenv("TMPDIR", "/elsewhere/")
	assert.Equal(t, map[string]string{
		"GOOS": "js", "GOOGLE_API_KEY": "secret", "HOME": "/root", "EXTRA": "yes", "EMPTY": "", "TMPDIR": "/elsewhere",
	}, pageEnv(environ), "all of it, as Node has it")

	t.Setenv("WASMBROWSER_ENV", " EXTRA , GOOS")
	assert.Equal(t, map[string]string{"GOOS": "js", "EXTRA": "yes", "TMPDIR": "/elsewhere"}, pageEnv(environ),
		"the names listed, and TMPDIR as Node's os.tmpdir()")
}

func TestCheckArgSize(t *testing.T) {
	argv := []string{"js", "-test.v=true"}
	assert.NoError(t, checkArgSize(argv, map[string]string{"GOOS": "js"}))
	// As wasm_exec.js counts: "js\0" takes 8 bytes, "-test.v=true\0" 16,
	// the pointers and list ends 5*8, and "A=xx...\0" the rest, padded to 8.
	// Everything must stay under 8192: 8184 fits, 8192 does not.
	assert.NoError(t, checkArgSize(argv, map[string]string{"A": strings.Repeat("x", 8184-64-3)}))
	assert.ErrorContains(t, checkArgSize(argv, map[string]string{"A": strings.Repeat("x", 8184-64-3+1)}),
		"take 8192 bytes")
}
