package browser

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// A process is a child started in a process group of its own, so that
// killing the group ends it and everything it starts (the browsers' helper
// processes stay in the group they are born in).
type process struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when cmd.Wait returns
	err  error         // of cmd.Wait, once done is closed
}

// startProcess starts cmd in a new process group. The kernel kills the
// process if the thread that started it ends, so it is started from a
// goroutine that stays on its thread until the process is reaped (see
// https://go.dev/issue/27505).
func startProcess(cmd *exec.Cmd) (*process, error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	p := &process{cmd: cmd, done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		p.err = cmd.Wait()
		close(p.done)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return p, nil
}

// kill ends the process's group and waits for the process and every other
// member of the group to be gone.
func (p *process) kill() error {
	pgid := p.cmd.Process.Pid
	// The leader is not reaped before the signal is sent, so its group id
	// cannot belong to anyone else yet.
	syscall.Kill(-pgid, syscall.SIGKILL)
	<-p.done
	return killGroup(pgid)
}

// killGroup kills the process group pgid until none of its members is left
// running (a member may fork while it dies), for at most 10 s. Zombies do
// not count: they are dead, and only their parent can remove them.
func killGroup(pgid int) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		left := groupMembers(pgid)
		if len(left) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("processes %v of group %d survive SIGKILL", left, pgid)
		}
		syscall.Kill(-pgid, syscall.SIGKILL)
		time.Sleep(20 * time.Millisecond)
	}
}

// groupMembers lists the live processes of group pgid.
func groupMembers(pgid int) []int {
	var pids []int
	for _, st := range processes() {
		if st.pgid == pgid && st.state != 'Z' {
			pids = append(pids, st.pid)
		}
	}
	return pids
}

// procStat is what /proc/PID/stat says of a process.
type procStat struct {
	pid, ppid, pgid int
	state           byte
	comm            string
}

// processes reads the status of every process in /proc.
func processes() []procStat {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var list []procStat
	for _, entry := range entries {
		pid, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + entry.Name() + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		if st, ok := parseStat(pid, data); ok {
			list = append(list, st)
		}
	}
	return list
}

// parseStat reads "pid (comm) state ppid pgrp ...". The command name may
// hold spaces and parentheses, so the fields start after the last ')'.
func parseStat(pid int, data []byte) (procStat, bool) {
	open, end := bytes.IndexByte(data, '('), bytes.LastIndexByte(data, ')')
	if open < 0 || end < open {
		return procStat{}, false
	}
	fields := bytes.Fields(data[end+1:])
	if len(fields) < 3 || len(fields[0]) != 1 {
		return procStat{}, false
	}
	ppid, err1 := strconv.Atoi(string(fields[1]))
	pgid, err2 := strconv.Atoi(string(fields[2]))
	if err1 != nil || err2 != nil {
		return procStat{}, false
	}
	return procStat{pid: pid, ppid: ppid, pgid: pgid, state: fields[0][0], comm: string(data[open+1 : end])}, true
}

// A Tail keeps the last bytes written to it: a browser's output is noise
// unless it fails to start, and then its end says why.
type Tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

// NewTail returns a Tail that keeps the last max bytes.
func NewTail(max int) *Tail { return &Tail{max: max} }

// Write keeps the end of p.
func (t *Tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if extra := len(t.buf) - t.max; extra > 0 {
		t.buf = append(t.buf[:0], t.buf[extra:]...)
	}
	return len(p), nil
}

// String returns what is kept.
func (t *Tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.buf))
}

// scanOutput reads r line by line into t until it ends, and sends the
// first line for which match returns a non-empty string on found.
func scanOutput(r io.Reader, t *Tail, match func(line string) string, found chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	sent := false
	for sc.Scan() {
		line := sc.Text()
		t.Write([]byte(line + "\n"))
		if !sent {
			if m := match(line); m != "" {
				found <- m
				sent = true
			}
		}
	}
	io.Copy(io.Discard, r)
}

// withOutput adds the end of a process's output to an error message.
func withOutput(err error, out *Tail) error {
	if s := out.String(); s != "" {
		return fmt.Errorf("%w\nits output ends with:\n%s", err, s)
	}
	return err
}

// escapees returns the processes named comm whose arguments match: helpers
// that left their browser's process group to run on their own (in a
// session of their own, under init), such as Firefox's crashhelper and
// Chromium's crashpad handler.
func escapees(comm string, match func(args []string) bool) []int {
	var pids []int
	for _, st := range processes() {
		if st.comm == comm && matches(st.pid, match) {
			pids = append(pids, st.pid)
		}
	}
	return pids
}

// matches reports whether process pid runs, alive, with arguments that
// match.
func matches(pid int, match func(args []string) bool) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	if st, ok := parseStat(pid, data); !ok || st.state == 'Z' {
		return false
	}
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return false
	}
	var args []string
	for arg := range bytes.SplitSeq(bytes.TrimSuffix(cmdline, []byte{0}), []byte{0}) {
		args = append(args, string(arg))
	}
	return match(args)
}

// killEscapees kills the processes pids, found by escapees with match,
// and waits for them to be gone, for at most 10 s. A pid that no longer
// names a matching process is left alone.
func killEscapees(pids []int, match func(args []string) bool) error {
	deadline := time.Now().Add(10 * time.Second)
	for _, pid := range pids {
		for matches(pid, match) {
			if time.Now().After(deadline) {
				return fmt.Errorf("process %d survives SIGKILL", pid)
			}
			syscall.Kill(pid, syscall.SIGKILL)
			time.Sleep(20 * time.Millisecond)
		}
	}
	return nil
}
