package crosscheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gowasm/browserws/e2e/loopback"
	"github.com/gowasm/browserws/e2e/recorder"
	"github.com/gowasm/browserws/web"
)

// An Env serves what both engines need on 127.0.0.1: the pages and scripts
// of web/ (embedded: nothing else of the disk is reachable), wasm_exec.js,
// the freshly built shim.wasm, and the recording WebSocket server (/ws,
// /record, /release). It answers loopback requests only (see e2e/loopback).
type Env struct {
	Root     string // the module's root directory
	Web      string // Root/web, where Node loads the scripts from
	WasmExec string // wasm_exec.js of the Go that builds the shim
	ShimWasm string // the shim, built by Start

	URL      string // http://127.0.0.1:port
	Recorder *recorder.Server
	// URLs are the same server on other loopback hosts (127.0.0.2, ...),
	// URLs[0] being URL. Chromium throttles the WebSocket connections of one
	// renderer process steeply once a few are pending (20 opened at once
	// take over 4 s, against 7 ms for one), and pages of different hosts
	// get processes of their own, so runs are sharded across these hosts.
	URLs []string

	servers []*http.Server
	tmp     string
	runs    atomic.Int64 // runs so far, for socket ids unique across runs

	// goAPIWasm is wasm/goapi, built by the first RunGoAPI.
	goAPIOnce sync.Once
	goAPIErr  error
	goAPIWasm atomic.Pointer[string]
}

// runPrefix starts the socket ids of a new run in engine. The recorder
// keeps a socket's id while its connection lasts, so a second run of the
// same Env (the next test) must not reuse the first one's ids.
func (env *Env) runPrefix(engine string) string {
	return engine + strconv.FormatInt(env.runs.Add(1), 10)
}

// hosts is how many loopback hosts Start listens on.
const hosts = 4

// Start builds the shim and starts the server on addr, a 127.0.0.1 address
// ("127.0.0.1:0" picks a free port). Close stops it.
func Start(ctx context.Context, addr string) (*Env, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "browserws-crosscheck-")
	if err != nil {
		return nil, err
	}
	env := &Env{
		Root:     root,
		Web:      filepath.Join(root, "web"),
		WasmExec: filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"),
		ShimWasm: filepath.Join(tmp, "shim.wasm"),
		Recorder: recorder.New(),
		tmp:      tmp,
	}
	if err := env.buildShim(ctx); err != nil {
		env.Close()
		return nil, err
	}
	handler := env.handler()
	for i := range hosts {
		if i > 0 {
			addr = "127.0.0." + strconv.Itoa(i+1) + ":0"
		}
		listener, err := net.Listen("tcp", addr)
		if err != nil {
			env.Close()
			return nil, err
		}
		server := &http.Server{Handler: handler}
		env.servers = append(env.servers, server)
		go server.Serve(listener)
		env.URLs = append(env.URLs, "http://"+listener.Addr().String())
	}
	env.URL = env.URLs[0]
	return env, nil
}

// WSBase is the ws:// address of the recording server at URL.
func (env *Env) WSBase() string { return wsBase(env.URL) }

func wsBase(url string) string { return "ws" + strings.TrimPrefix(url, "http") }

// Close stops the servers and removes the built files.
func (env *Env) Close() {
	for _, server := range env.servers {
		server.Close()
	}
	os.RemoveAll(env.tmp)
}

func (env *Env) buildShim(ctx context.Context) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", env.ShimWasm, "./wasm/shim")
	cmd.Dir = env.Root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the shim: %v\n%s", err, out)
	}
	return nil
}

// contentSecurityPolicy is what every page but the harness is served with:
// the shim must work where only WebAssembly compilation is allowed.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"

func (env *Env) handler() http.Handler {
	mux := http.NewServeMux()
	for _, path := range []string{"/ws", "/record", "/release"} {
		mux.Handle(path, env.Recorder)
	}
	mux.HandleFunc("/wasm_exec.js", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, env.WasmExec)
	})
	mux.HandleFunc("/shim.wasm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/wasm")
		http.ServeFile(w, r, env.ShimWasm)
	})
	mux.HandleFunc("/goapi.wasm", func(w http.ResponseWriter, r *http.Request) {
		path := env.goAPIWasm.Load()
		if path == nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/wasm")
		http.ServeFile(w, r, *path)
	})
	files := http.FileServerFS(web.Files)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// The harness runs vector scripts with new Function, here and in
		// the Go API's page; every other page proves the shim needs no eval.
		if r.URL.Path != "/harness.html" && r.URL.Path != "/goapi.html" {
			w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		}
		w.Header().Set("Cache-Control", "no-store")
		files.ServeHTTP(w, r)
	})
	return loopback.Handler(mux)
}

// moduleRoot finds the directory of this module's go.mod from the working
// directory up, so tests (run in their package directory) and commands (run
// from the root) find web/ and wasm/ alike.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(data), "module github.com/gowasm/browserws\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("crosscheck: not inside the github.com/gowasm/browserws module")
		}
		dir = parent
	}
}

// Heartbeat writes "  [m:ss] what" to w every interval until stop is
// called: for a step, such as Start's build of the shim, that prints
// nothing while it runs.
func Heartbeat(w io.Writer, what string, interval time.Duration) (stop func()) {
	start := time.Now()
	return Every(interval, func() {
		s := int(time.Since(start).Round(time.Second) / time.Second)
		fmt.Fprintf(w, "  [%d:%02d] %s\n", s/60, s%60, what)
	})
}

// Every calls fn every interval until stop is called; stop waits for a
// call under way to end.
func Every(interval time.Duration, fn func()) (stop func()) {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ticker.C:
				fn()
			}
		}
	})
	return func() {
		close(quit)
		wg.Wait()
	}
}
