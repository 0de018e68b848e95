package main

import (
	"context"
	"net"
	"net/http"

	"github.com/coder/websocket"
	"github.com/gowasm/browserws/e2e/loopback"
	"github.com/gowasm/browserws/web"
)

// A server serves the benchmark page and its echo WebSocket on 127.0.0.1,
// to loopback pages only (see e2e/loopback).
type server struct {
	URL  string // http://127.0.0.1:port
	http *http.Server
}

// files are what the page loads besides web/'s embedded files.
type files struct {
	wasmExec, benchWasm, shimWasm string
}

func startServer(f files) (*server, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{URL: "http://" + listener.Addr().String(), http: &http.Server{Handler: handler(f)}}
	go s.http.Serve(listener)
	return s, nil
}

// WSURL is the address of the echo WebSocket.
func (s *server) WSURL() string { return "ws" + s.URL[len("http"):] + "/echo" }

func (s *server) Close() { s.http.Close() }

// contentSecurityPolicy is the demo page's: the benchmark needs no eval.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"

func handler(f files) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", echo)
	serveFile := func(path, file, contentType string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			http.ServeFile(w, r, file)
		})
	}
	serveFile("/wasm_exec.js", f.wasmExec, "text/javascript")
	serveFile("/bench.wasm", f.benchWasm, "application/wasm")
	serveFile("/shim.wasm", f.shimWasm, "application/wasm")
	pages := http.FileServerFS(web.Files)
	return loopback.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Cache-Control", "no-store")
		// Cross-origin isolation: performance.now() then has 5 µs
		// resolution instead of 100 µs.
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Embedder-Policy", "require-corp")
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		pages.ServeHTTP(w, r)
	}))
}

// echo sends every message back as it came, type and bytes. Compression is
// off so that the clients, not deflate, are measured.
func echo(w http.ResponseWriter, r *http.Request) {
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		return
	}
	defer c.CloseNow()
	c.SetReadLimit(1 << 20)
	ctx := context.Background()
	for {
		typ, data, err := c.Read(ctx)
		if err != nil {
			return // a close frame is answered by the library itself
		}
		if err := c.Write(ctx, typ, data); err != nil {
			return
		}
	}
}
