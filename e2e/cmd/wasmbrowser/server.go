package main

import (
	"embed"
	"encoding/json"
	"fmt"
	"net"
	"net/http"

	"github.com/gowasm/browserws/e2e/loopback"
)

// page holds the page the program runs in and its scripts.
//
//go:embed page
var page embed.FS

// prefix is where the runner's own files are served; every other path but
// "/" and workerPath is the static directory's.
const prefix = "/__wasmbrowser/"

// workerPath is the worker's script (page/worker.js). It is served beside
// the page, not under prefix, so that a relative URL means the same in the
// worker as in the page: a worker resolves URLs against its script's.
const workerPath = "/__wasmbrowser-worker.js"

// server serves the page, its scripts, wasm_exec.js, the test binary and
// the config on 127.0.0.1 only, and optionally a static directory, to
// loopback requests only (see e2e/loopback). In
// worker mode the page is page/worker.html, which starts page/worker.js.
type server struct {
	URL string // http://127.0.0.1:port/, the page
	srv *http.Server
}

// startServer serves wasm as the test binary and cfg as the config, with
// the page of where; static, if not empty, is a directory served at the
// root.
func startServer(cfg *pageConfig, where runContext, wasm, wasmExec, static string) (*server, error) {
	config, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("encoding the page config: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, page, where.pageFile())
	})
	mux.HandleFunc("GET "+workerPath, func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, page, "page/worker.js")
	})
	for _, name := range []string{"host.js", "memfs.js", "spawn.js"} {
		mux.HandleFunc("GET "+prefix+name, func(w http.ResponseWriter, r *http.Request) {
			http.ServeFileFS(w, r, page, "page/"+name)
		})
	}
	mux.HandleFunc("GET "+prefix+"wasm_exec.js", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, wasmExec)
	})
	mux.HandleFunc("GET "+prefix+"test.wasm", func(w http.ResponseWriter, r *http.Request) {
		// instantiateStreaming insists on the type; a .test name has none.
		w.Header().Set("Content-Type", "application/wasm")
		http.ServeFile(w, r, wasm)
	})
	mux.HandleFunc("GET "+prefix+"config.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(config)
	})
	if static != "" {
		mux.Handle("GET /", http.FileServer(http.Dir(static)))
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening on 127.0.0.1: %w", err)
	}
	s := &server{
		URL: "http://" + listener.Addr().String() + "/",
		srv: &http.Server{Handler: loopback.Handler(noStore(mux))},
	}
	go s.srv.Serve(listener)
	return s, nil
}

// noStore keeps the browser from caching: every run has a fresh binary.
func noStore(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// Close stops the server.
func (s *server) Close() error { return s.srv.Close() }
