package main

import (
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPartOf(t *testing.T) {
	for _, tc := range []struct{ cmdline, want string }{
		{"/usr/lib/chromium/chromium\x00--headless\x00--remote-debugging-pipe\x00", cpuBrowser},
		{"/usr/lib/chromium/chromium --type=renderer --lang=en-US --enable-features=NetworkService", "renderer"},
		{"/usr/lib/chromium/chromium --type=renderer --top-chrome-webui --lang=en-US", cpuRenderers},
		{"/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US", cpuNetwork},
		{"/usr/lib/chromium/chromium --type=utility --utility-sub-type=storage.mojom.StorageService", cpuOther},
		{"/usr/lib/chromium/chromium --type=gpu-process --no-sandbox", cpuOther},
		{"/usr/lib/chromium/chromium --type=zygote --no-zygote-sandbox", cpuOther},
	} {
		assert.Equal(t, tc.want, partOf(tc.cmdline), tc.cmdline)
	}
}

func TestCPUShares(t *testing.T) {
	// Renderer 100 is the page's: it spent the most. Renderer 200 spent
	// less; thread 7 ended between the samples and is not counted (after
	// -1); thread 8 started meanwhile and counts whole (before -1).
	threads := []struct {
		tid           int
		thread        threadCPU
		before, after int64
	}{
		{100, threadCPU{process: "renderer", pid: 100, main: true, name: "chromium"}, 50, 350},
		{101, threadCPU{process: "renderer", pid: 100, name: "Chrome_ChildIOT"}, 10, 110},
		{102, threadCPU{process: "renderer", pid: 100, name: "ThreadPoolForeg"}, 0, 40},
		{103, threadCPU{process: "renderer", pid: 100, name: "Compositor"}, 0, 0},
		{200, threadCPU{process: "renderer", pid: 200, main: true, name: "chromium"}, 500, 600},
		{300, threadCPU{process: cpuNetwork, pid: 300, main: true, name: "chromium"}, 0, 250},
		{400, threadCPU{process: cpuSelf, pid: 400, main: true, name: "bench"}, 20, 70},
		{7, threadCPU{process: cpuBrowser, pid: 7, main: true, name: "chromium"}, 5, -1},
		{8, threadCPU{process: cpuOther, pid: 8, main: true, name: "chromium"}, -1, 3},
	}
	before, after := map[int]threadCPU{}, map[int]threadCPU{}
	add := func(sample map[int]threadCPU, tid int, thread threadCPU, ticks int64) {
		if ticks >= 0 {
			thread.ticks = ticks
			sample[tid] = thread
		}
	}
	for _, th := range threads {
		add(before, th.tid, th.thread, th.before)
		add(after, th.tid, th.thread, th.after)
	}
	assert.Equal(t, []CPUShare{
		{cpuPageMain, 3},
		{cpuPageIO, 1},
		{cpuPageWorkers, 0.4},
		{cpuNetwork, 2.5},
		{cpuRenderers, 1},
		{cpuOther, 0.03},
		{cpuSelf, 0.5},
	}, cpuShares(before, after))
	assert.Nil(t, cpuShares(nil, after), "no /proc")

	pooled := addShares([]CPUShare{{cpuNetwork, 1}, {cpuSelf, 1}}, []CPUShare{{cpuSelf, 0.5}, {cpuPageMain, 2}})
	assert.Equal(t, []CPUShare{{cpuPageMain, 2}, {cpuNetwork, 1}, {cpuSelf, 1.5}}, pooled)
}

func TestCPUSampleSeesThisProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads Linux's /proc")
	}
	sample := cpuSample(-1) // no process tree: this process alone
	require.NotEmpty(t, sample)
	for tid, thread := range sample {
		assert.Equal(t, cpuSelf, thread.process, "thread %d", tid)
		assert.Equal(t, os.Getpid(), thread.pid)
	}
	assert.True(t, sample[os.Getpid()].main)
}
