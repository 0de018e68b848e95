package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// A Size is one program of the size comparison, built as make size builds
// it (-trimpath -ldflags="-s -w").
type Size struct {
	Program  string `json:"program"` // the package under wasm/
	Label    string `json:"label"`
	Stripped int64  `json:"stripped"` // bytes
	Gzip     int64  `json:"gzip9"`    // bytes after gzip -9
}

// sizePrograms are the four programs of the comparison: what a Go program
// pays for syscall/js alone, for context and time alone, for browserws and
// for coder/websocket, each doing the least that shows its cost.
var sizePrograms = []struct{ pkg, label string }{
	{"bare", "bare syscall/js"},
	{"ctxonly", "context.WithTimeout + time.Sleep"},
	{"minimal", "browserws: dial, send, read, close"},
	{"coderminimal", "coder/websocket: dial, write, read, close"},
}

// A SizeDiff is the difference of two programs of the comparison, held
// against a bound when the issue sets one.
type SizeDiff struct {
	Label    string `json:"label"`
	Stripped int64  `json:"stripped"`
	Gzip     int64  `json:"gzip9"`
	Bound    int64  `json:"bound,omitempty"` // stripped bytes; 0: none
	Met      *bool  `json:"met,omitempty"`
}

// sizeBuilds are the builds of sizePrograms into dir.
func sizeBuilds(dir string) []build {
	var builds []build
	for _, p := range sizePrograms {
		builds = append(builds, build{pkg: "./wasm/" + p.pkg, out: filepath.Join(dir, p.pkg+".wasm"), flags: stripped})
	}
	return builds
}

// measureSizes reads the built programs' sizes and gzips each with gzip -9,
// the same tool as make size, so the numbers agree.
func measureSizes(ctx context.Context, dir string) ([]Size, error) {
	var sizes []Size
	for _, p := range sizePrograms {
		path := filepath.Join(dir, p.pkg+".wasm")
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		var gz bytes.Buffer
		cmd := exec.CommandContext(ctx, "gzip", "-9c", path)
		cmd.Stdout = &gz
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("gzip -9c %s: %w", path, err)
		}
		sizes = append(sizes, Size{Program: p.pkg, Label: p.label, Stripped: info.Size(), Gzip: int64(gz.Len())})
	}
	return sizes, nil
}

// sizeDiffs holds the minimal program against the target (at most
// 100 KB over bare, stripped) and reports what context and time cost alone
// and browserws's own share (minimal over ctxonly), which make size-check
// bounds.
func sizeDiffs(sizes []Size) []SizeDiff {
	by := map[string]Size{}
	for _, s := range sizes {
		by[s.Program] = s
	}
	diff := func(label, a, b string, bound int64) SizeDiff {
		d := SizeDiff{Label: label, Stripped: by[a].Stripped - by[b].Stripped, Gzip: by[a].Gzip - by[b].Gzip, Bound: bound}
		if bound > 0 {
			met := d.Stripped <= bound
			d.Met = &met
		}
		return d
	}
	return []SizeDiff{
		diff("minimal − bare", "minimal", "bare", 100_000),
		diff("ctxonly − bare: context and time alone", "ctxonly", "bare", 0),
		diff("minimal − ctxonly: browserws's own share", "minimal", "ctxonly", 0),
		diff("coderminimal − bare", "coderminimal", "bare", 0),
	}
}

// thousands writes n with commas: 2,465,404.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
