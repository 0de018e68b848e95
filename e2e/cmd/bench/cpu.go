package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gowasm/browserws/e2e/browser"
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

// clockTicks is Linux's USER_HZ, the unit of browser.ProcStat.CPUTicks:
// 100 on every architecture Go builds for.
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
	list := browser.Processes()
	if list == nil {
		return nil
	}
	below := browser.Descendants(list, root)
	self := os.Getpid()
	out := map[int]threadCPU{}
	for _, p := range list {
		part := ""
		switch {
		case p.PID == self:
			part = cpuSelf
		case below[p.PID]:
			part = chromiumPart(p.PID)
		default:
			continue
		}
		for _, th := range browser.Threads(p.PID) {
			out[th.PID] = threadCPU{process: part, pid: p.PID, main: th.PID == p.PID, name: th.Comm, ticks: th.CPUTicks}
		}
	}
	return out
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
