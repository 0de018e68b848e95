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
	for _, st := range Processes() {
		if st.PGID == pgid && st.State != 'Z' {
			pids = append(pids, st.PID)
		}
	}
	return pids
}

// A ProcStat is what Linux's /proc/PID/stat says of a process, or
// /proc/PID/task/TID/stat of a thread (then PID is the thread's ID).
type ProcStat struct {
	PID, PPID, PGID int
	State           byte
	Comm            string // the name, as the kernel keeps it (15 bytes)
	// CPUTicks is the user and system CPU time so far, in USER_HZ ticks
	// (100 a second); 0 when the line is too short to say.
	CPUTicks int64
}

// Processes reads the status of every process in /proc; nil off Linux.
func Processes() []ProcStat {
	return readStats("/proc")
}

// Threads reads the status of every thread of process pid; nil if it is
// gone.
func Threads(pid int) []ProcStat {
	return readStats("/proc/" + strconv.Itoa(pid) + "/task")
}

// readStats reads the stat file of every numbered entry of dir.
func readStats(dir string) []ProcStat {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var list []ProcStat
	for _, entry := range entries {
		id, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile(dir + "/" + entry.Name() + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		if st, ok := ParseStat(id, data); ok {
			list = append(list, st)
		}
	}
	return list
}

// ParseStat reads "pid (comm) state ppid pgrp ... utime stime ...". The
// command name may hold spaces and parentheses, so the fields start after
// the last ')'.
func ParseStat(pid int, data []byte) (ProcStat, bool) {
	open, end := bytes.IndexByte(data, '('), bytes.LastIndexByte(data, ')')
	if open < 0 || end < open {
		return ProcStat{}, false
	}
	fields := bytes.Fields(data[end+1:])
	if len(fields) < 3 || len(fields[0]) != 1 {
		return ProcStat{}, false
	}
	ppid, err1 := strconv.Atoi(string(fields[1]))
	pgid, err2 := strconv.Atoi(string(fields[2]))
	if err1 != nil || err2 != nil {
		return ProcStat{}, false
	}
	st := ProcStat{PID: pid, PPID: ppid, PGID: pgid, State: fields[0][0], Comm: string(data[open+1 : end])}
	// utime and stime are the 12th and 13th fields after the name.
	if len(fields) >= 13 {
		user, err1 := strconv.ParseInt(string(fields[11]), 10, 64)
		system, err2 := strconv.ParseInt(string(fields[12]), 10, 64)
		if err1 != nil || err2 != nil {
			return ProcStat{}, false
		}
		st.CPUTicks = user + system
	}
	return st, true
}

// Descendants returns the IDs of root and of every process of list below
// it.
func Descendants(list []ProcStat, root int) map[int]bool {
	below := map[int]bool{root: true}
	for changed := true; changed; {
		changed = false
		for _, st := range list {
			if !below[st.PID] && below[st.PPID] {
				below[st.PID], changed = true, true
			}
		}
	}
	return below
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
	for _, st := range Processes() {
		if st.Comm == comm && matches(st.PID, match) {
			pids = append(pids, st.PID)
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
	if st, ok := ParseStat(pid, data); !ok || st.State == 'Z' {
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
