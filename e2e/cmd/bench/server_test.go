package main

import (
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServerServesOnlyItsFilesToLoopback: the benchmark's server answers
// loopback pages only (no DNS-rebound Host, no foreign Origin, no wildcard
// CORS) and serves web/'s embedded files, not whatever lies in web/.
func TestServerServesOnlyItsFilesToLoopback(t *testing.T) {
	dir := t.TempDir()
	s, err := startServer(files{
		wasmExec: filepath.Join(dir, "wasm_exec.js"), benchWasm: filepath.Join(dir, "bench.wasm"), shimWasm: filepath.Join(dir, "shim.wasm"),
	})
	require.NoError(t, err)
	defer s.Close()
	base, err := url.Parse(s.URL)
	require.NoError(t, err)
	client := &http.Client{Transport: &http.Transport{}}

	tests := []struct {
		name, path, host, origin string
		status                   int
	}{
		{name: "the page", path: "/bench.html", status: http.StatusOK},
		{name: "its script", path: "/bench.js", status: http.StatusOK},
		{name: "Go source beside the pages", path: "/web.go", status: http.StatusNotFound},
		{name: "the module's files", path: "/../go.mod", status: http.StatusNotFound},
		{name: "rebound name", path: "/bench.html", host: "evil.example:" + base.Port(), status: http.StatusMisdirectedRequest},
		{name: "foreign page", path: "/bench.html", origin: "https://evil.example", status: http.StatusForbidden},
		{name: "loopback page", path: "/bench.html", origin: "http://localhost:" + base.Port(), status: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, s.URL+tt.path, nil)
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
