package main

import (
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"

	"github.com/gowasm/browserws/e2e/loopback"
)

// page holds the page the program runs in and its scripts.
//
//go:embed page
var page embed.FS

// The runner's own files are under runnerDir in the run's directory; every
// other path of that directory is the static directory's. The worker's
// script (page/worker.js) sits beside the page, so that a relative URL
// means the same in the worker as in the page: a worker resolves URLs
// against its script's.
const (
	runnerDir  = "__wasmbrowser/"
	workerFile = "__wasmbrowser-worker.js"
)

// server serves, on 127.0.0.1 only and to loopback requests only (see
// e2e/loopback), the page, its scripts, wasm_exec.js, the test binary, the
// config and the channel (see channel.go), and optionally a static
// directory. Everything lives under one directory named by a secret drawn
// for the run, so that no other process or page on the machine can read
// the config (the program's environment) or reach the host's files through
// the channel. Every response isolates the page (COOP and COEP), so that
// performance.now() has its fine resolution.
type server struct {
	URL     string // http://127.0.0.1:port/secret/, the page
	srv     *http.Server
	session *session
	static  *os.Root
}

// startServer serves wasm as the test binary and cfg as the config, with
// the page of where; static, if not empty, is a directory served in the
// page's directory.
func startServer(cfg *pageConfig, where runContext, wasm, wasmExec, static string, s *session) (*server, error) {
	config, err := json.Marshal(cfg)
	if err != nil {
		return nil, fmt.Errorf("encoding the page config: %w", err)
	}
	secret := make([]byte, 16)
	rand.Read(secret)
	dir := "/" + hex.EncodeToString(secret) + "/"

	mux := http.NewServeMux()
	mux.HandleFunc("GET "+dir+"{$}", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, page, where.pageFile())
	})
	mux.HandleFunc("GET "+dir+workerFile, func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, page, "page/worker.js")
	})
	for _, name := range []string{"host.js", "spawn.js"} {
		mux.HandleFunc("GET "+dir+runnerDir+name, func(w http.ResponseWriter, r *http.Request) {
			http.ServeFileFS(w, r, page, "page/"+name)
		})
	}
	mux.HandleFunc("GET "+dir+runnerDir+"wasm_exec.js", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, wasmExec)
	})
	mux.HandleFunc("GET "+dir+runnerDir+"test.wasm", func(w http.ResponseWriter, r *http.Request) {
		// instantiateStreaming insists on the type; a .test name has none.
		w.Header().Set("Content-Type", "application/wasm")
		http.ServeFile(w, r, wasm)
	})
	mux.HandleFunc("GET "+dir+runnerDir+"config.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(config)
	})
	mux.HandleFunc("GET "+dir+runnerDir+"channel", s.serveChannel)
	mux.HandleFunc("POST "+dir+runnerDir+"realpath", s.serveRealpath)
	srv := &server{session: s}
	if static != "" {
		// os.Root keeps every path, symbolic links included, inside it.
		root, err := os.OpenRoot(static)
		if err != nil {
			return nil, fmt.Errorf("WASMBROWSER_STATIC: %w", err)
		}
		srv.static = root
		mux.Handle("GET "+dir, http.StripPrefix(dir[:len(dir)-1], http.FileServerFS(root.FS())))
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening on 127.0.0.1: %w", err)
	}
	srv.URL = "http://" + listener.Addr().String() + dir
	srv.srv = &http.Server{Handler: loopback.Handler(isolated(mux))}
	go srv.srv.Serve(listener)
	return srv, nil
}

// isolated makes every response cross-origin isolate the page and its
// worker, and keeps the browser from caching: every run has a fresh binary.
func isolated(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Cross-Origin-Opener-Policy", "same-origin")
		w.Header().Set("Cross-Origin-Embedder-Policy", "require-corp")
		w.Header().Set("Cross-Origin-Resource-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// Close stops the server.
func (s *server) Close() error {
	if s.static != nil {
		s.static.Close()
	}
	return s.srv.Close()
}
