package suites

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// packageLimit bounds one package's go test under one runner: go test's
// own -timeout (10m) plus the runner's grace and a browser's start.
const packageLimit = 12 * time.Minute

// failureTail is how many lines of a failing run's output the log shows;
// bin/suites/<runner>/<package>.log has all of it.
const failureTail = 25

// TestStdlibSuites runs each package of stdlibPackages with go test -short
// under every runner, one run at a time, prints a line per run and the
// table (also written to bin/suites.md), and fails when a package that
// passes in Node fails in one of our browsers without a leftOuts entry.
func TestStdlibSuites(t *testing.T) {
	p := setup(t)
	runners := selected(t, p)
	pkgs := selectedPackages(t)
	logDir, err := filepath.Abs(filepath.Join(repoRoot, "bin", "suites"))
	require.NoError(t, err)

	warm(t, pkgs)
	for _, r := range runners {
		checkEngine(t, r)
		t.Logf("%s runs in %s", r.name, r.engine)
	}

	results := map[key]result{}
	start := time.Now()
	for _, pkg := range pkgs {
		for _, r := range runners {
			ctx, cancel := context.WithTimeout(t.Context(), packageLimit)
			res := goTest(ctx, repoRoot, pkg, r)
			cancel()
			results[key{pkg, r.name}] = res
			log := filepath.Join(logDir, r.name, strings.ReplaceAll(pkg, "/", "_")+".log")
			require.NoError(t, os.MkdirAll(filepath.Dir(log), 0o755))
			require.NoError(t, os.WriteFile(log, res.output, 0o644))
			if res.passed {
				t.Logf("%-14s %-16s pass %6.1f s", pkg, r.name, res.seconds)
				continue
			}
			t.Logf("%-14s %-16s FAIL %6.1f s (%v); whole output in %s; it ends with:\n%s",
				pkg, r.name, res.seconds, res.err, log, tail(res.output, failureTail))
		}
	}
	table := markdownTable(pkgs, runners, results, leftOuts)
	fmt.Print("\n" + table + "\n")
	mdPath := filepath.Join(repoRoot, "bin", "suites.md")
	require.NoError(t, os.WriteFile(mdPath, []byte(table), 0o644))
	t.Logf("%d packages under %d runners in %v; the table is in bin/suites.md, the logs in bin/suites/",
		len(pkgs), len(runners), time.Since(start).Round(time.Second))
	for _, problem := range problems(pkgs, runners, results, leftOuts) {
		t.Error(problem)
	}
}

// warm builds every package's test binary once (and runs go vet, as go
// test does), so that the first runner's wall time does not include the
// build: go test's seconds never do, and the later runs find the binaries
// in the build cache.
func warm(t *testing.T, pkgs []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Minute)
	defer cancel()
	t.Logf("building the test binaries of %d packages", len(pkgs))
	args := append([]string{"test", "-count=1", "-short", "-run=^$", "-exec=true"}, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	killGroup(cmd)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "building the test binaries:\n%s", tail(out, failureTail))
}
