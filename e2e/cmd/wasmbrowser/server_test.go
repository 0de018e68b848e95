package main

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServerAnswersLoopbackOnly: the page's server, test binary and
// static directory included, answers no DNS-rebound Host and no foreign
// page, and sends no wildcard CORS.
func TestServerAnswersLoopbackOnly(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"test.wasm", "wasm_exec.js", "fixture.txt"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644))
	}
	s, err := startServer(&pageConfig{}, contextPage, filepath.Join(dir, "test.wasm"), filepath.Join(dir, "wasm_exec.js"), dir)
	require.NoError(t, err)
	defer s.Close()
	base, err := url.Parse(s.URL)
	require.NoError(t, err)
	client := &http.Client{Transport: &http.Transport{}}

	tests := []struct {
		name, path, host, origin string
		status                   int
	}{
		{name: "the page", path: "/", status: http.StatusOK},
		{name: "the test binary", path: prefix + "test.wasm", status: http.StatusOK},
		{name: "a static file", path: "/fixture.txt", status: http.StatusOK},
		{name: "rebound page", path: "/", host: "evil.example:" + base.Port(), status: http.StatusMisdirectedRequest},
		{name: "rebound test binary", path: prefix + "test.wasm", host: "evil.example:" + base.Port(), status: http.StatusMisdirectedRequest},
		{name: "rebound static file", path: "/fixture.txt", host: "evil.example:" + base.Port(), status: http.StatusMisdirectedRequest},
		{name: "foreign page", path: "/fixture.txt", origin: "https://evil.example", status: http.StatusForbidden},
		{name: "localhost", path: "/", host: "localhost:" + base.Port(), status: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, "http://"+base.Host+tt.path, nil)
			require.NoError(t, err)
			if tt.host != "" {
				req.Host = tt.host
			}
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			resp, err := client.Do(req)
			require.NoError(t, err)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.NotEqual(t, "*", resp.Header.Get("Access-Control-Allow-Origin"))
		})
	}
}
