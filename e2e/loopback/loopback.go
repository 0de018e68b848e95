// Package loopback keeps the test and demo servers of this repository to
// the machine they run on. They listen on 127.0.0.1 only, but that alone
// does not stop a web page from elsewhere: a page the developer visits can
// send requests to 127.0.0.1 (and read the answers where CORS allows it),
// and a name whose DNS record changes to 127.0.0.1 after the page has loaded
// (DNS rebinding) makes such requests same-origin.
//
// [Handler] closes both doors. It answers 421 to a request whose Host is not
// a loopback name with the server's own port, so a rebound name is refused,
// and 403 to a request whose Origin is a page that is not itself on a
// loopback host. A loopback page (such as the js tests' page, served by the
// test runner on another 127.0.0.1 port) gets its own origin back in
// Access-Control-Allow-Origin, never "*".
package loopback

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// IsName reports whether host, a host name or IP address without a port,
// names this machine: localhost, an address in 127.0.0.0/8, or ::1. An IPv6
// address may come in brackets, as in a Host header.
func IsName(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	if len(host) > 1 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
		ip := net.ParseIP(host)
		return ip != nil && ip.To4() == nil && ip.IsLoopback()
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback() && (ip.To4() != nil) == !strings.Contains(host, ":")
}

// AllowedHost reports whether hostport, a request's Host header, is a
// loopback name with port as its port. An empty port accepts any port; a
// Host without a port means port 80.
func AllowedHost(hostport, port string) bool {
	host, hostPort, err := net.SplitHostPort(hostport)
	if err != nil {
		// No port (or a malformed one): only the default port will do.
		host, hostPort = hostport, "80"
		if strings.Contains(host, ":") && !strings.HasPrefix(host, "[") {
			return false // a bare IPv6 address, or garbage
		}
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]" // SplitHostPort drops the brackets
	}
	return IsName(host) && (port == "" || hostPort == port)
}

// AllowedOrigin reports whether origin, a request's Origin header, is a page
// served over http from a loopback host. "null" (a sandboxed or file: page)
// is not.
func AllowedOrigin(origin string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != "http" || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return false
	}
	return AllowedHost(u.Host, "")
}

// Handler serves h to loopback requests only. It refuses with 421
// Misdirected Request a request whose Host is not a loopback name with the
// port the request came in on, and with 403 Forbidden one whose Origin is
// not a loopback http origin. A loopback Origin is echoed in
// Access-Control-Allow-Origin, with Vary: Origin, so pages on other
// loopback ports may read the answers.
func Handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !AllowedHost(r.Host, localPort(r)) {
			http.Error(w, "refused: the Host header must name this machine (localhost, 127.0.0.0/8 or [::1]) and this server's port", http.StatusMisdirectedRequest)
			return
		}
		header := w.Header()
		if !hasToken(header.Values("Vary"), "Origin") {
			header.Add("Vary", "Origin")
		}
		if origin := r.Header.Get("Origin"); origin != "" {
			if !AllowedOrigin(origin) {
				http.Error(w, "refused: requests from pages that are not on this machine", http.StatusForbidden)
				return
			}
			header.Set("Access-Control-Allow-Origin", origin)
		}
		h.ServeHTTP(w, r)
	})
}

// localPort is the port the request came in on, or "" when the request did
// not come through an http.Server (a handler called directly).
func localPort(r *http.Request) string {
	addr, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return ""
	}
	_, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return ""
	}
	return port
}

func hasToken(values []string, token string) bool {
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}
