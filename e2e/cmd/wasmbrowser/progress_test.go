package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTestTracker(t *testing.T) {
	tests := []struct {
		name    string
		output  []string // written in these pieces
		running []string
		midLine bool
	}{
		{"nothing", nil, nil, false},
		{"one running", []string{"=== RUN   TestA\n"}, []string{"TestA"}, false},
		{"ended", []string{"=== RUN   TestA\n", "--- PASS: TestA (0.00s)\n"}, nil, false},
		{"subtest", []string{"=== RUN   TestA\n=== RUN   TestA/b\n", "    --- FAIL: TestA/b (1.00s)\n"}, []string{"TestA"}, false},
		{"paused and continued", []string{"=== RUN   TestA\n=== PAUSE TestA\n=== RUN   TestB\n--- PASS: TestB (0.00s)\n=== CONT  TestA\n"},
			[]string{"TestA"}, false},
		{"go test -json marks", []string{"\x16=== RUN   TestA\n\x16=== RUN   TestB\n\x16--- SKIP: TestA (0.00s)\n"}, []string{"TestB"}, false},
		{"a line in pieces", []string{"=== RU", "N   TestA", "\n"}, []string{"TestA"}, false},
		{"a benchmark running", []string{"BenchmarkX   \t"}, nil, true},
		{"a test's own line", []string{"=== RUN   TestA\nsome output --- PASS: TestZ\n"}, []string{"TestA"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tracker := newTestTracker()
			for _, piece := range tt.output {
				tracker.write([]byte(piece))
			}
			_, running, midLine := tracker.silence()
			if len(tt.running) == 0 {
				assert.Empty(t, running)
			} else {
				assert.Equal(t, tt.running, running)
			}
			assert.Equal(t, tt.midLine, midLine)
		})
	}
}
