package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A CPUShare is the CPU time, user and system, that one part of the
// setup spent while Chromium's page ran. On two cores the parts compete:
// a client that costs its page more CPU slows the network service and
// the echo server too.
type CPUShare struct {
	Where   string  `json:"where"`
	Seconds float64 `json:"seconds"`
}

// The parts a Chromium run's CPU time is split into. The page's renderer
// is the renderer that spent the most; its threads are told apart by
// name, as Linux keeps it (15 bytes).
const (
	cpuPageMain    = "page's renderer: main thread"
	cpuPageIO      = "page's renderer: IO thread (IPC)"
	cpuPageWorkers = "page's renderer: worker threads (V8's optimizing compiler, GC)"
	cpuPageOther   = "page's renderer: other threads"
	cpuNetwork     = "network service"
	cpuBrowser     = "browser process"
	cpuRenderers   = "other renderers"
	cpuOther       = "other Chromium processes"
	cpuSelf        = "this process (echo and page servers, DevTools client)"
)

// cpuOrder is the order the shares are reported in.
var cpuOrder = []string{cpuPageMain, cpuPageIO, cpuPageWorkers, cpuPageOther, cpuNetwork, cpuBrowser, cpuRenderers, cpuOther, cpuSelf}

// clockTicks is Linux's USER_HZ, the unit of /proc's CPU times: 100 on
// every architecture Go builds for.
const clockTicks = 100

// A threadCPU is one thread's CPU time so far, and what it belongs to.
type threadCPU struct {
	process string // the process's part: cpuBrowser, "renderer", ...
	pid     int
	main    bool   // the process's first thread
	name    string // the thread's name
	ticks   int64
}

// cpuSample reads the CPU time of every thread of root's process tree and
// of this process, keyed by thread ID. It returns nil where there is no
// /proc (not Linux).
func cpuSample(root int) map[int]threadCPU {
	parents := map[int]int{}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if _, ppid, _, ok := readStat(filepath.Join("/proc", e.Name(), "stat")); ok {
			parents[pid] = ppid
		}
	}
	self := os.Getpid()
	out := map[int]threadCPU{}
	for pid := range parents {
		part := ""
		switch {
		case pid == self:
			part = cpuSelf
		case descends(parents, pid, root):
			part = chromiumPart(pid)
		default:
			continue
		}
		dir := filepath.Join("/proc", strconv.Itoa(pid), "task")
		tasks, err := os.ReadDir(dir)
		if err != nil {
			continue // it exited meanwhile
		}
		for _, t := range tasks {
			tid, err := strconv.Atoi(t.Name())
			if err != nil {
				continue
			}
			if name, _, ticks, ok := readStat(filepath.Join(dir, t.Name(), "stat")); ok {
				out[tid] = threadCPU{process: part, pid: pid, main: tid == pid, name: name, ticks: ticks}
			}
		}
	}
	return out
}

// descends reports whether pid is root or one of its descendants.
func descends(parents map[int]int, pid, root int) bool {
	for range len(parents) { // a bound, in case the table has a cycle
		if pid == root {
			return true
		}
		ppid, ok := parents[pid]
		if !ok || ppid == 0 {
			return false
		}
		pid = ppid
	}
	return false
}

// chromiumPart names a Chromium process's part by its command line (see
// partOf), or cpuOther if it is gone.
func chromiumPart(pid int) string {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return cpuOther
	}
	return partOf(string(data))
}

// partOf names a Chromium process's part by its command line's --type
// (none for the browser process). Renderers of Chromium's own pages
// (--top-chrome-webui, --extension-process) are never the benchmark's
// page. Chromium rewrites its children's command lines into one string
// with spaces between the arguments, so both separate them here.
func partOf(cmdline string) string {
	kind, sub, own := "", "", false
	for _, a := range strings.FieldsFunc(cmdline, func(r rune) bool { return r == 0 || r == ' ' }) {
		if v, ok := strings.CutPrefix(a, "--type="); ok {
			kind = v
		}
		if v, ok := strings.CutPrefix(a, "--utility-sub-type="); ok {
			sub = v
		}
		own = own || a == "--top-chrome-webui" || a == "--extension-process"
	}
	switch {
	case kind == "":
		return cpuBrowser
	case kind == "renderer" && own:
		return cpuRenderers
	case kind == "renderer":
		return "renderer"
	case kind == "utility" && strings.Contains(sub, "NetworkService"):
		return cpuNetwork
	}
	return cpuOther
}

// readStat reads a /proc stat file: the name, the parent's ID and the
// user and system CPU time in ticks.
func readStat(path string) (name string, ppid int, ticks int64, ok bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", 0, 0, false
	}
	s := string(data)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return "", 0, 0, false
	}
	// After the name: state, ppid, ... utime is the 12th field, stime the 13th.
	fields := strings.Fields(s[end+1:])
	if len(fields) < 13 {
		return "", 0, 0, false
	}
	ppid, err1 := strconv.Atoi(fields[1])
	user, err2 := strconv.ParseInt(fields[11], 10, 64)
	system, err3 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return "", 0, 0, false
	}
	return s[open+1 : end], ppid, user + system, true
}

// cpuShares splits the CPU time spent between two samples into the parts
// of cpuOrder, leaving out parts that spent none. A thread that ended
// between the samples is not counted.
func cpuShares(before, after map[int]threadCPU) []CPUShare {
	if before == nil || after == nil {
		return nil
	}
	spent := map[int]int64{} // by renderer
	for tid, t := range after {
		if t.process == "renderer" {
			spent[t.pid] += t.ticks - before[tid].ticks
		}
	}
	page, most := 0, int64(-1)
	for pid, ticks := range spent {
		if ticks > most || ticks == most && pid < page {
			page, most = pid, ticks
		}
	}
	ticks := map[string]int64{}
	for tid, t := range after {
		ticks[threadPart(t, page)] += t.ticks - before[tid].ticks
	}
	var shares []CPUShare
	for _, where := range cpuOrder {
		if ticks[where] > 0 {
			shares = append(shares, CPUShare{Where: where, Seconds: float64(ticks[where]) / clockTicks})
		}
	}
	return shares
}

// threadPart is the part of cpuOrder that t's time counts for, page being
// the page's renderer.
func threadPart(t threadCPU, page int) string {
	switch {
	case t.process != "renderer":
		return t.process
	case t.pid != page:
		return cpuRenderers
	case t.main:
		return cpuPageMain
	case strings.HasPrefix(t.name, "Chrome_ChildIO"):
		return cpuPageIO
	case strings.HasPrefix(t.name, "ThreadPool"):
		return cpuPageWorkers
	}
	return cpuPageOther
}

// addShares adds more's seconds to shares', part by part, in cpuOrder.
func addShares(shares, more []CPUShare) []CPUShare {
	out := slices.Clone(shares)
	for _, m := range more {
		i := slices.IndexFunc(out, func(s CPUShare) bool { return s.Where == m.Where })
		if i < 0 {
			out = append(out, m)
			continue
		}
		out[i].Seconds += m.Seconds
	}
	slices.SortStableFunc(out, func(a, b CPUShare) int {
		return slices.Index(cpuOrder, a.Where) - slices.Index(cpuOrder, b.Where)
	})
	return out
}
