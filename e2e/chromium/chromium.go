// Package chromium finds headless Chromium, names the flags every browser
// of this repository starts with, and collects what goes wrong in its
// pages, for the cross-check harness, the benchmark and the wasmbrowser
// test runner alike.
package chromium

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"github.com/chromedp/chromedp"
)

// Path returns the browser to run: $BROWSERWS_CHROME, else Debian's
// /usr/bin/chromium, else chromium or chromium-browser on the PATH.
func Path() (string, error) {
	if path := os.Getenv("BROWSERWS_CHROME"); path != "" {
		found, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("BROWSERWS_CHROME=%s: no such browser: %w", path, err)
		}
		return found, nil
	}
	for _, path := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if found, err := exec.LookPath(path); err == nil {
			return found, nil
		}
	}
	return "", errors.New("no Chromium found: install Debian's chromium package (make deps does it), or set BROWSERWS_CHROME to a Chromium or Chrome binary")
}

// switches are the flags this machine needs besides chromedp's defaults:
// root needs no sandbox, there is no GPU (software WebGL instead), and the
// network is closed, so nothing may reach for it (component updates, QUIC,
// pings). Timers of a page nobody looks at keep full speed, since Go's
// scheduler runs on them.
var switches = []string{
	"no-sandbox",
	"disable-gpu",
	"enable-unsafe-swiftshader", // with disable-gpu, what chromedp.DisableGPU sets
	"disable-component-update",
	"disable-domain-reliability",
	"disable-quic",
	"no-pings",
	"disable-background-timer-throttling",
	"disable-renderer-backgrounding",
}

// Options are chromedp's defaults (headless, no first run, no background
// networking, no sync) and the flags this machine needs besides (see
// [Flags]), and the browser's temporary files in its profile (see
// [TempInProfile]).
func Options(path string) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path))
	for _, name := range switches {
		opts = append(opts, chromedp.Flag(name, true))
	}
	return append(opts, chromedp.ModifyCmdFunc(func(cmd *exec.Cmd) {
		// What chromedp does without a ModifyCmdFunc: the browser dies
		// with the Go program.
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		TempInProfile(cmd)
	}))
}

// TempInProfile sets the TMPDIR of cmd, a Chromium that chromedp starts, to
// its profile directory, which chromedp removes when the browser ends.
// Chromium makes a directory in TMPDIR for its process-singleton socket
// (org.chromium.Chromium.*) and removes it only when it exits by itself:
// chromedp kills it, so each run left one in /tmp. A ModifyCmdFunc of
// the caller's own must call it.
func TempInProfile(cmd *exec.Cmd) {
	for _, arg := range cmd.Args {
		if dir, ok := strings.CutPrefix(arg, "--user-data-dir="); ok {
			cmd.Env = append(cmd.Env, "TMPDIR="+dir)
		}
	}
}

// Flags returns the flags [Options] adds to chromedp's defaults as
// command-line arguments ("--no-sandbox", ...), for a Chromium that other
// code starts with chromedp's defaults (wasmbrowsertest, in e2e/suites).
func Flags() []string {
	flags := make([]string, len(switches))
	for i, name := range switches {
		flags[i] = "--" + name
	}
	return flags
}
