package suites

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProblems(t *testing.T) {
	runners := []runner{
		{name: "node", title: "Node"},
		{name: "webkit", title: "WebKit", ours: true},
		{name: "wasmbrowsertest", title: "wasmbrowsertest"},
	}
	entries := []leftOut{{pkg: "os", browser: "webkit", reason: "why"}}
	pass, fail := result{passed: true}, result{}
	tests := []struct {
		name    string
		results map[key]result
		want    []string
	}{
		{"all pass", map[key]result{{"fmt", "node"}: pass, {"fmt", "webkit"}: pass, {"os", "node"}: pass, {"os", "webkit"}: fail}, nil},
		{"ours fails", map[key]result{{"fmt", "node"}: pass, {"fmt", "webkit"}: fail},
			[]string{"fmt passes in Node but fails in WebKit"}},
		{"only wasmbrowsertest fails", map[key]result{{"fmt", "node"}: pass, {"fmt", "webkit"}: pass, {"fmt", "wasmbrowsertest"}: fail}, nil},
		{"Node fails", map[key]result{{"fmt", "node"}: fail, {"fmt", "webkit"}: fail},
			[]string{"fmt fails in Node, the reference the browsers are held to"}},
		{"left out passes now", map[key]result{{"os", "node"}: pass, {"os", "webkit"}: pass},
			[]string{"os passes in WebKit now: remove its leftOuts entry (why)"}},
		{"not run", map[key]result{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, problems([]string{"fmt", "os"}, runners, tt.results, entries))
		})
	}
}

// TestLeftOuts checks the entries themselves: a package of the list, one
// of our browsers, a reason, and no package twice for one browser.
func TestLeftOuts(t *testing.T) {
	seen := map[key]bool{}
	for _, e := range leftOuts {
		assert.Contains(t, stdlibPackages, e.pkg)
		assert.Contains(t, ourBrowsers, e.browser, "%s", e.pkg)
		assert.NotEmpty(t, e.reason, "%s in %s", e.pkg, e.browser)
		assert.False(t, seen[key{e.pkg, e.browser}], "%s in %s twice", e.pkg, e.browser)
		seen[key{e.pkg, e.browser}] = true
	}
}
