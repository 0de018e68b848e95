package suites

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// enableVar must be 1 for the suites to run: they take many minutes.
const enableVar = "BROWSERWS_SUITES"

// repoRoot is the repository, seen from this package's directory (go
// test's working directory); its bin/ receives the table and the logs.
const repoRoot = "../.."

var (
	setupOnce sync.Once
	setupDir  string // removed by TestMain
	setupErr  error
	built     paths
)

func TestMain(m *testing.M) {
	code := m.Run()
	if setupDir != "" {
		os.RemoveAll(setupDir)
	}
	os.Exit(code)
}

// setup skips t unless the suites are enabled, and otherwise returns the
// programs the runners need, building our runner and writing the Chromium
// wrapper once for all tests.
func setup(t *testing.T) paths {
	t.Helper()
	if os.Getenv(enableVar) != "1" {
		t.Skipf("the suites take many minutes: run make test-suites, or set %s=1", enableVar)
	}
	setupOnce.Do(func() { built, setupErr = buildPaths() })
	require.NoError(t, setupErr)
	return built
}

// buildPaths builds the runner into a temporary directory, writes the
// Chromium wrapper beside it and finds Go's and wasmbrowsertest.
func buildPaths() (paths, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "suites-")
	if err != nil {
		return paths{}, err
	}
	setupDir = dir
	p := paths{
		wasmbrowser: filepath.Join(dir, "wasmbrowser"),
		chromeDir:   filepath.Join(dir, "chrome"),
	}
	goroot, err := exec.CommandContext(ctx, "go", "env", "GOROOT").Output()
	if err != nil {
		return paths{}, fmt.Errorf("go env GOROOT: %w", err)
	}
	p.goroot = strings.TrimSpace(string(goroot))
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", p.wasmbrowser, "../cmd/wasmbrowser").CombinedOutput(); err != nil {
		return paths{}, fmt.Errorf("building the runner: %w\n%s", err, out)
	}
	if err := os.Mkdir(p.chromeDir, 0o755); err != nil {
		return paths{}, err
	}
	if err := writeChromeWrapper(p.chromeDir); err != nil {
		return paths{}, err
	}
	p.wasmbrowsertest = os.Getenv("BROWSERWS_WASMBROWSERTEST")
	if p.wasmbrowsertest == "" {
		p.wasmbrowsertest = filepath.Join(repoRoot, "bin", "wasmbrowsertest")
	}
	if p.wasmbrowsertest, err = filepath.Abs(p.wasmbrowsertest); err != nil {
		return paths{}, err
	}
	return p, nil
}

// selected returns the runners BROWSERWS_SUITES_RUNNERS names (all when
// unset), Node always among them: the browsers are held to its results.
// wasmbrowsertest must be installed when it is selected.
func selected(t *testing.T, p paths) []runner {
	t.Helper()
	names := listVar("BROWSERWS_SUITES_RUNNERS")
	var rs []runner
	for _, r := range allRunners(p) {
		if r.name == "node" || names == nil || slices.Contains(names, r.name) {
			rs = append(rs, r)
		}
	}
	for _, name := range names {
		require.True(t, slices.ContainsFunc(rs, func(r runner) bool { return r.name == name }),
			"BROWSERWS_SUITES_RUNNERS: no runner %q", name)
	}
	if slices.ContainsFunc(rs, func(r runner) bool { return r.name == "wasmbrowsertest" }) {
		_, err := os.Stat(p.wasmbrowsertest)
		require.NoError(t, err, "wasmbrowsertest is compared with: make test-suites installs it, "+
			"or GOBIN=$PWD/bin go install github.com/agnivade/wasmbrowsertest@v0.11.0")
	}
	return rs
}

// selectedPackages returns the packages BROWSERWS_SUITES_PACKAGES names,
// each of the list, or the whole list.
func selectedPackages(t *testing.T) []string {
	t.Helper()
	names := listVar("BROWSERWS_SUITES_PACKAGES")
	if names == nil {
		return stdlibPackages
	}
	for _, name := range names {
		require.Contains(t, stdlibPackages, name, "BROWSERWS_SUITES_PACKAGES")
	}
	return names
}

// listVar splits the comma-separated variable name; nil when it is unset.
func listVar(name string) []string {
	var list []string
	for _, s := range strings.Split(os.Getenv(name), ",") {
		if s = strings.TrimSpace(s); s != "" {
			list = append(list, s)
		}
	}
	return list
}

// checkEngine runs the probe under r and fails t unless it ran in r's
// engine: a runner that ignored WASMBROWSER_BROWSER would otherwise fill
// a browser's column with another browser's results.
func checkEngine(t *testing.T, r runner) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	before := wrapperStarts(built.chromeDir)
	res := goTest(ctx, ".", "./testdata/probe", r, "-v", "-run=^TestEngine$")
	require.NoError(t, res.err, "the probe under %s:\n%s", r.name, tail(res.output, 40))
	require.True(t, strings.Contains(string(res.output), "host engine: "+r.engine+"\n"),
		"%s did not run the probe in %s:\n%s", r.name, r.engine, tail(res.output, 40))
	if r.name == "wasmbrowsertest" {
		require.Greater(t, wrapperStarts(built.chromeDir), before,
			"wasmbrowsertest did not start Chromium through the wrapper in %s", built.chromeDir)
	}
}
