package suites

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMarkdownTable(t *testing.T) {
	runners := []runner{{name: "node", title: "Node"}, {name: "firefox", title: "Firefox", ours: true}}
	entries := []leftOut{{pkg: "os", browser: "firefox", reason: "no symlinks in a page"}}
	tests := []struct {
		name    string
		pkgs    []string
		results map[key]result
		want    string
	}{{
		name: "pass, fail, left out and not run",
		pkgs: []string{"fmt", "os", "time"},
		results: map[key]result{
			{"fmt", "node"}: {passed: true, seconds: 1.25}, {"fmt", "firefox"}: {passed: false, seconds: 10},
			{"os", "node"}: {passed: true, seconds: 2}, {"os", "firefox"}: {passed: false, seconds: 3.04},
			{"time", "node"}: {passed: true, seconds: 0.5},
		},
		want: "| package | Node | Firefox |\n" +
			"| --- | --- | --- |\n" +
			"| `fmt` | pass 1.2 s | FAIL 10.0 s |\n" +
			"| `os` | pass 2.0 s | FAIL 3.0 s (left out) |\n" +
			"| `time` | pass 0.5 s | — |\n" +
			"| total | 3.8 s | 13.0 s |\n",
	}, {
		name: "no packages",
		want: "| package | Node | Firefox |\n| --- | --- | --- |\n| total | 0.0 s | 0.0 s |\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, markdownTable(tt.pkgs, runners, tt.results, entries))
		})
	}
}
