package suites

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestReportedSeconds(t *testing.T) {
	tests := []struct {
		name   string
		output string
		want   float64
		found  bool
	}{
		{"ok", "PASS\nok  \tstrings\t4.764s\n", 4.764, true},
		{"fail", "--- FAIL: TestX (0.00s)\nFAIL\nFAIL\tstrings\t12.5s\n", 12.5, true},
		{"cached is not reported", "ok  \tstrings\t(cached)\n", 0, false},
		{"another package", "ok  \tstrings/x\t1.0s\n", 0, false},
		{"a prefix of the name", "ok  \tstringsx\t1.0s\n", 0, false},
		{"build failed", "# strings\n./x.go:1: error\nFAIL\tstrings [build failed]\n", 0, false},
		{"last line wins", "ok  \tstrings\t1s\nok  \tstrings\t2.5s\n", 2.5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found := reportedSeconds([]byte(tt.output), "strings")
			assert.Equal(t, tt.found, found)
			assert.InDelta(t, tt.want, got, 1e-9)
		})
	}
}

func TestTail(t *testing.T) {
	tests := []struct {
		output string
		n      int
		want   string
	}{
		{"a\nb\nc\n", 2, "b\nc"},
		{"a\nb\nc", 5, "a\nb\nc"},
		{"", 3, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tail([]byte(tt.output), tt.n), "%q", tt.output)
	}
}
