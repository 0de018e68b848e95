package main

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServerAnswersLoopbackOnly: the page's server, test binary, config,
// channel and static directory included, answers no DNS-rebound Host, no
// foreign page and no request without the run's secret, sends no wildcard
// CORS, isolates the page, and keeps the static directory's links inside it.
func TestServerAnswersLoopbackOnly(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	for _, name := range []string{"test.wasm", "wasm_exec.js", "fixture.txt"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644))
	require.NoError(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "escape.txt")))
	s, err := startServer(&pageConfig{}, contextPage, filepath.Join(dir, "test.wasm"), filepath.Join(dir, "wasm_exec.js"), dir,
		newSession(io.Discard, io.Discard, contextPage))
	require.NoError(t, err)
	defer s.Close()
	base, err := url.Parse(s.URL)
	require.NoError(t, err)
	secret := strings.TrimSuffix(base.Path, "/")
	require.Len(t, secret, 33, "a slash and 128 bits in hex")
	client := &http.Client{Transport: &http.Transport{}}
	prefix := secret + "/" + runnerDir

	tests := []struct {
		name, path, host, origin string
		status                   int
	}{
		{name: "the page", path: secret + "/", status: http.StatusOK},
		{name: "the test binary", path: prefix + "test.wasm", status: http.StatusOK},
		{name: "the config", path: prefix + "config.json", status: http.StatusOK},
		{name: "a static file", path: secret + "/fixture.txt", status: http.StatusOK},
		{name: "a link out of the static directory", path: secret + "/escape.txt", status: http.StatusInternalServerError},
		{name: "no secret: the page", path: "/", status: http.StatusNotFound},
		{name: "no secret: the config", path: "/" + runnerDir + "config.json", status: http.StatusNotFound},
		{name: "no secret: the channel", path: "/" + runnerDir + "channel", status: http.StatusNotFound},
		{name: "no secret: a static file", path: "/fixture.txt", status: http.StatusNotFound},
		{name: "another secret", path: "/0123456789abcdef0123456789abcdef/" + runnerDir + "config.json", status: http.StatusNotFound},
		{name: "rebound page", path: secret + "/", host: "evil.example:" + base.Port(), status: http.StatusMisdirectedRequest},
		{name: "rebound config", path: prefix + "config.json", host: "evil.example:" + base.Port(), status: http.StatusMisdirectedRequest},
		{name: "rebound static file", path: secret + "/fixture.txt", host: "evil.example:" + base.Port(), status: http.StatusMisdirectedRequest},
		{name: "foreign page", path: prefix + "config.json", origin: "https://evil.example", status: http.StatusForbidden},
		{name: "localhost", path: secret + "/", host: "localhost:" + base.Port(), status: http.StatusOK},
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
			if resp.StatusCode == http.StatusOK {
				assert.Equal(t, "same-origin", resp.Header.Get("Cross-Origin-Opener-Policy"))
				assert.Equal(t, "require-corp", resp.Header.Get("Cross-Origin-Embedder-Policy"))
			}
		})
	}
}
