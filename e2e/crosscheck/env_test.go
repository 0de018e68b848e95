package crosscheck

import (
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServesOnlyItsOwnFilesToLoopback requests the server of make serve
// and of the cross-check as a page elsewhere would (a foreign Origin, or a
// DNS-rebound Host) and as a curious path would: it answers loopback pages
// only, and only with web/'s embedded files and what it builds.
func TestServesOnlyItsOwnFilesToLoopback(t *testing.T) {
	base, err := url.Parse(testEnv.URL)
	require.NoError(t, err)
	client := &http.Client{Transport: &http.Transport{}} // follows redirects
	tests := []struct {
		name, path, host, origin string
		status                   int
		acao                     string
	}{
		{name: "the demo", path: "/", status: http.StatusOK},
		{name: "its script", path: "/demo.js", status: http.StatusOK},
		{name: "the shim", path: "/shim.wasm", status: http.StatusOK},
		{name: "wasm_exec.js", path: "/wasm_exec.js", status: http.StatusOK},
		{name: "the record, from a loopback page", path: "/record?id=x&wait=1ms", origin: "http://127.0.0.1:9",
			status: http.StatusOK, acao: "http://127.0.0.1:9"},
		{name: "Go source beside the pages", path: "/web.go", status: http.StatusNotFound},
		{name: "the module's files", path: "/../go.mod", status: http.StatusNotFound},
		{name: "escaped dots", path: "/%2e%2e/go.mod", status: http.StatusNotFound},
		{name: "a file not embedded", path: "/shim.js.map", status: http.StatusNotFound},
		{name: "rebound name", path: "/", host: "evil.example:" + base.Port(), status: http.StatusMisdirectedRequest},
		{name: "rebound record", path: "/record?id=x&wait=1ms", host: "evil.example:" + base.Port(), status: http.StatusMisdirectedRequest},
		{name: "foreign page", path: "/record?id=x&wait=1ms", origin: "https://evil.example", status: http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, testEnv.URL+tt.path, nil)
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
			assert.Equal(t, tt.acao, resp.Header.Get("Access-Control-Allow-Origin"))
			if tt.status == http.StatusOK && tt.path == "/" {
				assert.Equal(t, contentSecurityPolicy, resp.Header.Get("Content-Security-Policy"))
			}
		})
	}
}
