package browser

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseStat(t *testing.T) {
	for _, tc := range []struct {
		name, stat string
		want       ProcStat
		ok         bool
	}{
		// A name may hold spaces and parentheses: it ends at the last ')'.
		{"short line", "42 (Web Content (x)) S 7 40 40 0 -1 4194560",
			ProcStat{PID: 42, PPID: 7, PGID: 40, State: 'S', Comm: "Web Content (x)"}, true},
		{"with CPU times", "42 (chromium) S 7 42 42 0 -1 4194560 1 0 0 0 120 30 0 0 20 0 1 0",
			ProcStat{PID: 42, PPID: 7, PGID: 42, State: 'S', Comm: "chromium", CPUTicks: 150}, true},
		{"odd name, CPU times", "42 (Chrome_ChildIO) (x)) R 42 42 42 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0",
			ProcStat{PID: 42, PPID: 42, PGID: 42, State: 'R', Comm: "Chrome_ChildIO) (x)", CPUTicks: 11}, true},
		{"unterminated name", "1 (init", ProcStat{}, false},
		{"no name", "44 a S 1 2 3 4 5 6 7 8 9 10 11 12 13", ProcStat{}, false},
		{"too few fields", "44 (a) S 1", ProcStat{}, false},
		{"CPU time not a number", "45 (a) S 1 0 0 0 0 0 0 0 0 0 x 3 0", ProcStat{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, ok := ParseStat(42, []byte(tc.stat+"\n"))
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, st)
		})
	}
}

func TestDescendants(t *testing.T) {
	list := []ProcStat{{PID: 10, PPID: 1}, {PID: 11, PPID: 10}, {PID: 12, PPID: 11}, {PID: 20, PPID: 1}, {PID: 30, PPID: 31}, {PID: 31, PPID: 30}}
	below := Descendants(list, 10)
	for _, tc := range []struct {
		pid  int
		want bool
	}{
		{10, true}, {11, true}, {12, true}, {20, false}, {1, false}, {99, false},
		{30, false}, // a cycle ends
	} {
		assert.Equal(t, tc.want, below[tc.pid], "pid %d", tc.pid)
	}
}

func TestThreads(t *testing.T) {
	if _, err := os.Stat("/proc/self/task"); err != nil {
		t.Skip("reads Linux's /proc")
	}
	ids := map[int]bool{}
	for _, th := range Threads(os.Getpid()) {
		ids[th.PID] = true
	}
	assert.True(t, ids[os.Getpid()], "the main thread's ID is the process's: %v", ids)
	assert.Nil(t, Threads(-1), "no such process")
}
