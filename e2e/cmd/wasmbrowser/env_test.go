package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPageEnv(t *testing.T) {
	t.Setenv("WASMBROWSER_ENV", " EXTRA , ")
	env := pageEnv([]string{
		"GOOS=js", "GOARCH=wasm", "GODEBUG=x=1", "GO=no", "GOOGLE_API_KEY=secret", "GOlang=no",
		"BROWSERWS_RECORDER=127.0.0.1:1", "HOME=/root", "PATH=/bin", "EXTRA=yes", "WASMBROWSER_ENV= EXTRA , ",
	})
	assert.Equal(t, map[string]string{
		"GOOS": "js", "GOARCH": "wasm", "GODEBUG": "x=1",
		"BROWSERWS_RECORDER": "127.0.0.1:1", "EXTRA": "yes",
	}, env)
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
