package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContextFromEnv(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want runContext
		page string
	}{
		{"", contextPage, "page/index.html"},
		{"page", contextPage, "page/index.html"},
		{"worker", contextWorker, "page/worker.html"},
	} {
		t.Setenv("WASMBROWSER_CONTEXT", tc.env)
		got, err := contextFromEnv()
		require.NoError(t, err, tc.env)
		assert.Equal(t, tc.want, got, tc.env)
		assert.Equal(t, tc.page, got.pageFile(), tc.env)
	}
	t.Setenv("WASMBROWSER_CONTEXT", "Worker")
	_, err := contextFromEnv()
	assert.ErrorContains(t, err, `WASMBROWSER_CONTEXT="Worker": want page or worker`)
}
