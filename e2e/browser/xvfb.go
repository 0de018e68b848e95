package browser

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// xvfb is a virtual X display for a browser that needs one.
type xvfb struct {
	proc    *process
	display string // ":N"
	output  *Tail
}

// startXvfb starts Xvfb on a display it picks itself among the free ones
// (-displayfd makes it choose, take the lock, and write the number once it
// accepts connections), with no TCP listener.
func startXvfb(ctx context.Context, path string) (*xvfb, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	x := &xvfb{output: NewTail(2048)}
	cmd := exec.Command(path, "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w} // fd 3
	cmd.Stdout, cmd.Stderr = x.output, x.output
	x.proc, err = startProcess(cmd)
	w.Close()
	if err != nil {
		return nil, err
	}
	number := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		if line = strings.TrimSpace(line); line != "" {
			number <- line
		}
	}()
	n, err := startWait(ctx, number, x.proc.done)
	if err != nil {
		x.proc.kill()
		return nil, withOutput(fmt.Errorf("Xvfb: %w", err), x.output)
	}
	x.display = ":" + n
	return x, nil
}

// findXvfb returns Xvfb on the PATH.
func findXvfb() (string, error) {
	path, err := exec.LookPath("Xvfb")
	if err != nil {
		return "", fmt.Errorf("no Xvfb found (WebKitGTK needs an X display): install Debian's xvfb package")
	}
	return path, nil
}
