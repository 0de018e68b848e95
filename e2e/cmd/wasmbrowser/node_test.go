package main

import (
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNodeEngine(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node on the PATH")
	}
	r := runRunner(t, "pass", runOpts{env: []string{"WASMBROWSER_ENGINE=node"}}, "-test.run=^TestPass$", "-test.v=true")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "hello from the browser")

	r = runRunner(t, "exit", runOpts{env: []string{"WASMBROWSER_ENGINE=node"}})
	assert.Equal(t, 7, r.code, "the exit code passes through")
}
