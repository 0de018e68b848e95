// Command withrecorder runs a command beside a recording WebSocket server on
// 127.0.0.1, whose address it passes in the environment variable
// BROWSERWS_RECORDER. It exits with the command's exit code. It also passes
// BROWSERWS_CLOSED_ADDR, a 127.0.0.1 address it listened on and closed
// again, so that tests have a port where nothing listens.
//
// It is made to be used as go test's -exec wrapper, in front of the program
// that really runs the wasm test binary:
//
//	GOOS=js GOARCH=wasm go test -exec="withrecorder $(go env GOROOT)/lib/wasm/go_js_wasm_exec" .
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/gowasm/browserws/e2e/recorder"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run runs args[0] with the arguments args[1:] beside the server and
// returns the exit code.
func run(args []string) int {
	if len(args) < 1 {
		fmt.Fprintln(os.Stderr, "usage: withrecorder command [argument ...]")
		return 2
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "withrecorder:", err)
		return 1
	}
	// The recorder answers loopback requests only (see e2e/loopback).
	server := &http.Server{Handler: recorder.New()}
	go server.Serve(listener)
	defer server.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	closedAddr, err := closedAddress()
	if err != nil {
		fmt.Fprintln(os.Stderr, "withrecorder:", err)
		return 1
	}
	cmd.Env = append(os.Environ(), "BROWSERWS_RECORDER="+listener.Addr().String(), "BROWSERWS_CLOSED_ADDR="+closedAddr)
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode()
	case err != nil:
		fmt.Fprintln(os.Stderr, "withrecorder:", err)
		return 1
	}
	return 0
}

// closedAddress returns an address on 127.0.0.1 that nothing listens on
// (unless another program takes the port in the meantime).
func closedAddress() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}
