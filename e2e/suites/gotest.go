package suites

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"syscall"
	"time"
)

// A result is one package's tests run under one runner.
type result struct {
	pkg, runner string
	passed      bool
	// seconds is the run as go test reports it on its ok or FAIL line:
	// the -exec program's whole run, browser start included, the build
	// not; the wall time when go test printed no such line.
	seconds float64
	wall    time.Duration // the whole go test command
	output  []byte        // stdout and stderr together
	err     error         // go test's exit error, or why it did not run
}

// goTest runs `go test -count=1 -short -exec=r.exec pkg` for js/wasm in
// dir, the way a developer would, and kills go test and everything it
// started (the runner, its browser) if ctx ends first.
func goTest(ctx context.Context, dir, pkg string, r runner, extraArgs ...string) result {
	args := append([]string{"test", "-count=1", "-short", "-exec=" + r.exec}, extraArgs...)
	cmd := exec.CommandContext(ctx, "go", append(args, pkg)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Env = append(cmd.Env, r.env...) // later values win
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	killGroup(cmd)
	start := time.Now()
	err := cmd.Run()
	res := result{pkg: pkg, runner: r.name, wall: time.Since(start), output: out.Bytes(), err: err}
	res.passed = err == nil
	res.seconds = res.wall.Seconds()
	if s, ok := reportedSeconds(res.output, pkg); ok {
		res.seconds = s
	}
	return res
}

// killGroup makes cmd run in a process group of its own, which the end of
// its context kills as a whole: go test, the -exec program and its browser.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
}

// reportedSeconds finds go test's own figure for pkg's run: the last
// "ok  \tpkg\t1.234s" or "FAIL\tpkg\t1.234s" line.
func reportedSeconds(output []byte, pkg string) (float64, bool) {
	re := regexp.MustCompile(`(?m)^(?:ok|FAIL)\s+` + regexp.QuoteMeta(pkg) + `\s+([0-9.]+)s\b`)
	m := re.FindAllSubmatch(output, -1)
	if m == nil {
		return 0, false
	}
	s, err := strconv.ParseFloat(string(m[len(m)-1][1]), 64)
	return s, err == nil
}

// tail returns the last n lines of output.
func tail(output []byte, n int) string {
	lines := bytes.Split(bytes.TrimRight(output, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
