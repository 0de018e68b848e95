package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		name string
		set  map[string][2]int
		want string
	}{
		{"nothing yet", nil, "chromium starting, undici starting"},
		{"under way", map[string][2]int{"chromium": {10, 100}, "undici": {0, 100}}, "chromium 10/100 runs, undici 0/100 runs"},
		{"one done", map[string][2]int{"chromium": {100, 100}, "undici": {42, 100}}, "chromium 100/100 runs, done, undici 42/100 runs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newProgress(&strings.Builder{}, []string{"chromium", "undici"})
			for engine, d := range tt.set {
				p.set(engine, d[0], d[1])
			}
			assert.Equal(t, "  [0:00] "+tt.want+"\n", p.line())
		})
	}
}
