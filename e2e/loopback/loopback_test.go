package loopback

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAllowedHost(t *testing.T) {
	tests := []struct {
		name, host, port string
		want             bool
	}{
		{"IPv4 loopback with the port", "127.0.0.1:8080", "8080", true},
		{"another 127/8 address", "127.0.0.5:8080", "8080", true},
		{"localhost", "localhost:8080", "8080", true},
		{"localhost in capitals", "LocalHost:8080", "8080", true},
		{"IPv6 loopback", "[::1]:8080", "8080", true},
		{"any port when none is known", "127.0.0.1:1234", "", true},
		{"no port means 80", "localhost", "80", true},
		{"no port is not 8080", "localhost", "8080", false},
		{"another port", "127.0.0.1:8081", "8080", false},
		{"DNS rebinding", "evil.example:8080", "8080", false},
		{"a name ending in localhost", "evil.localhost.example:8080", "8080", false},
		{"a subdomain of localhost", "a.localhost:8080", "8080", false},
		{"localhost with a trailing dot", "localhost.:8080", "8080", false},
		{"the LAN address", "192.168.1.2:8080", "8080", false},
		{"all interfaces", "0.0.0.0:8080", "8080", false},
		{"IPv4-mapped IPv6", "[::ffff:127.0.0.1]:8080", "8080", false},
		{"IPv6 without brackets", "::1", "", false},
		{"shorthand IPv4", "127.1:8080", "8080", false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, AllowedHost(tt.host, tt.port), "AllowedHost(%q, %q)", tt.host, tt.port)
		})
	}
}

func TestAllowedOrigin(t *testing.T) {
	tests := []struct {
		origin string
		want   bool
	}{
		{"http://127.0.0.1:41234", true},
		{"http://localhost:3000", true},
		{"http://[::1]:3000", true},
		{"http://127.0.0.1", true},
		{"https://evil.example", false},
		{"http://evil.example:8080", false},
		{"https://127.0.0.1:8080", false}, // we serve no https
		{"null", false},
		{"file://", false},
		{"http://user@127.0.0.1:80", false},
		{"http://127.0.0.1:80/path", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.origin, func(t *testing.T) {
			assert.Equal(t, tt.want, AllowedOrigin(tt.origin))
		})
	}
}

// TestHandler requests a real server on 127.0.0.1 with forged Host and
// Origin headers, as a rebinding or cross-site page would send them.
func TestHandler(t *testing.T) {
	reached := 0
	srv := httptest.NewServer(Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		io.WriteString(w, "secret")
	})))
	defer srv.Close()
	_, port, err := net.SplitHostPort(srv.Listener.Addr().String())
	require.NoError(t, err)

	tests := []struct {
		name, host, origin string
		status             int
		acao               string // Access-Control-Allow-Origin
	}{
		{name: "same origin", host: "127.0.0.1:" + port, status: http.StatusOK},
		{name: "localhost", host: "localhost:" + port, status: http.StatusOK},
		{name: "IPv6 name", host: "[::1]:" + port, status: http.StatusOK},
		{name: "rebound name", host: "evil.example:" + port, status: http.StatusMisdirectedRequest},
		{name: "rebound name, port 80", host: "evil.example", status: http.StatusMisdirectedRequest},
		{name: "loopback, wrong port", host: "127.0.0.1:1", status: http.StatusMisdirectedRequest},
		{name: "loopback page on another port", host: "127.0.0.1:" + port, origin: "http://127.0.0.1:1234",
			status: http.StatusOK, acao: "http://127.0.0.1:1234"},
		{name: "localhost page", host: "127.0.0.1:" + port, origin: "http://localhost:1234",
			status: http.StatusOK, acao: "http://localhost:1234"},
		{name: "foreign page", host: "127.0.0.1:" + port, origin: "https://evil.example", status: http.StatusForbidden},
		{name: "sandboxed page", host: "127.0.0.1:" + port, origin: "null", status: http.StatusForbidden},
		{name: "rebound name and its own origin", host: "evil.example:" + port, origin: "http://evil.example:" + port,
			status: http.StatusMisdirectedRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := reached
			req, err := http.NewRequest("GET", srv.URL+"/record", nil)
			require.NoError(t, err)
			req.Host = tt.host
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)

			assert.Equal(t, tt.status, resp.StatusCode)
			assert.Equal(t, tt.acao, resp.Header.Get("Access-Control-Allow-Origin"))
			if tt.status == http.StatusOK {
				assert.Equal(t, "secret", string(body))
				assert.Equal(t, before+1, reached)
				assert.Equal(t, []string{"Origin"}, resp.Header.Values("Vary"))
			} else {
				assert.NotContains(t, string(body), "secret")
				assert.Equal(t, before, reached, "a refused request never reaches the handler")
			}
		})
	}
}

// TestHandlerTwice: a handler wrapped twice (a recorder inside a server
// that is guarded too) still says Vary: Origin once.
func TestHandlerTwice(t *testing.T) {
	h := Handler(Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	req := httptest.NewRequest("GET", "http://127.0.0.1:1/", nil)
	req.Header.Set("Origin", "http://127.0.0.1:2")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Equal(t, []string{"Origin"}, w.Header().Values("Vary"))
	assert.Equal(t, "http://127.0.0.1:2", w.Header().Get("Access-Control-Allow-Origin"))
}
