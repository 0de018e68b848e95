package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/gowasm/browserws/e2e/crosscheck"
)

// progress prints, while the engines run, one line now and then with each
// engine's runs done out of its runs in all.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	start   time.Time
	engines []string
	done    map[string][2]int // engine -> done, total
}

func newProgress(w io.Writer, engines []string) *progress {
	return &progress{w: w, start: time.Now(), engines: engines, done: map[string][2]int{}}
}

// set records that engine has done done runs out of total.
func (p *progress) set(engine string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done[engine] = [2]int{done, total}
}

// printf prints a line of its own between the progress lines.
func (p *progress) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, format, args...)
}

// line is the progress line: "  [0:15] chromium 1234/5004 runs, undici
// starting".
func (p *progress) line() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var parts []string
	for _, engine := range p.engines {
		d, ok := p.done[engine]
		switch {
		case !ok || d[1] == 0:
			parts = append(parts, engine+" starting")
		case d[0] >= d[1]:
			parts = append(parts, fmt.Sprintf("%s %d/%d runs, done", engine, d[0], d[1]))
		default:
			parts = append(parts, fmt.Sprintf("%s %d/%d runs", engine, d[0], d[1]))
		}
	}
	s := int(time.Since(p.start).Round(time.Second) / time.Second)
	return fmt.Sprintf("  [%d:%02d] %s\n", s/60, s%60, strings.Join(parts, ", "))
}

// printEvery prints the progress line every interval until stop is called.
func (p *progress) printEvery(interval time.Duration) (stop func()) {
	return crosscheck.Every(interval, func() { p.printf("%s", p.line()) })
}
