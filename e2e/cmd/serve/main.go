// Command serve serves the demo page, where a person types a close code and
// reason and sees the native close and the browserws shim side by side, with
// the recording WebSocket server it talks to. It binds 127.0.0.1 only and
// answers loopback requests only; the pages are web/'s, embedded.
//
//	go run ./e2e/cmd/serve -addr 127.0.0.1:8080
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gowasm/browserws/e2e/crosscheck"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to serve on (keep it on 127.0.0.1)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Println("building the shim (GOOS=js GOARCH=wasm go build ./wasm/shim) and starting the server…")
	stopHeartbeat := crosscheck.Heartbeat(os.Stdout, "building the shim", 5*time.Second)
	env, err := crosscheck.Start(ctx, *addr)
	stopHeartbeat()
	if err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
	defer env.Close()
	fmt.Printf("demo: %s/ (type a close code and reason, see the native close and the shim side by side)\nCtrl-C stops.\n", env.URL)
	<-ctx.Done()
}
