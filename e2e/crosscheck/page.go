package crosscheck

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// PageURL is the address of the cross-check page (web/crosscheck.html) on
// env's server at base (one of env.URLs), running the vector files named
// (names in e2e/testdata; none means all of them) with socket ids starting
// with prefix. The page runs by itself in any browser; once
// `await browserwsCrosscheckResult` answers, [PageOutput] reads it.
func PageURL(base, prefix string, files ...string) string {
	q := url.Values{}
	q.Set("prefix", prefix)
	if len(files) > 0 {
		q.Set("vectors", strings.Join(files, ","))
	}
	return base + "/crosscheck.html?" + q.Encode()
}

// PageOutput is the JSON value of browserwsCrosscheck (or of the promise
// browserwsCrosscheckResult) on the cross-check page.
type PageOutput struct {
	Done    bool          `json:"done"`
	Error   string        `json:"error"`
	Engine  string        `json:"engine"` // the shim's engine, named by Go's HostEngine
	Files   []string      `json:"files"`
	Vectors []Vector      `json:"vectors"`
	Output  harnessOutput `json:"output"`
}

// Results pairs the page's native and shim runs of each vector and
// compares them. The page read each socket's close frame from the
// recording server itself, so Results needs no server.
func (p *PageOutput) Results() ([]Result, error) {
	if !p.Done {
		return nil, errors.New("crosscheck: the page has not finished")
	}
	if p.Error != "" {
		return nil, fmt.Errorf("crosscheck: the page failed: %s", p.Error)
	}
	out := p.Output
	if out.Engine == "" || len(out.Native) != len(p.Vectors) || len(out.Shim) != len(p.Vectors) {
		return nil, fmt.Errorf("crosscheck: the page answered engine %q with %d/%d results for %d vectors",
			out.Engine, len(out.Native), len(out.Shim), len(p.Vectors))
	}
	observations := func(runs []harnessRun) []Observation {
		obs := make([]Observation, len(runs))
		for i, run := range runs {
			obs[i] = run.Observation
		}
		return obs
	}
	return pair(out.Engine, p.Vectors, observations(out.Native), observations(out.Shim)), nil
}
