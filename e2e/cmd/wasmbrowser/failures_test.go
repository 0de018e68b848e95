package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestChromiumMissing(t *testing.T) {
	t.Parallel()
	r := runRunner(t, "pass", runOpts{env: []string{"WASMBROWSER_CHROME=/nonexistent/chromium"}})
	assert.Equal(t, exitRunnerFailed, r.code)
	assert.Contains(t, r.stderr, "wasmbrowser: WASMBROWSER_CHROME=/nonexistent/chromium: no such browser")
}

func TestChromiumCannotStart(t *testing.T) {
	t.Parallel()
	r := runRunner(t, "pass", runOpts{env: []string{"WASMBROWSER_CHROME=/bin/false"}})
	assert.Equal(t, exitRunnerFailed, r.code)
	assert.Contains(t, r.stderr, "wasmbrowser: browser: starting chromium (/bin/false)")
	assert.Less(t, r.elapsed, 60*time.Second)
}

func TestNotWasm(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.test")
	assert.NoError(t, os.WriteFile(bad, []byte("not wasm"), 0o755))
	eachContext(t, func(t *testing.T, at place) {
		r := runRunner(t, bad, runOpts{dir: t.TempDir(), browser: at.browser, where: at.where})
		assert.Equal(t, exitRunnerFailed, r.code)
		assert.Contains(t, r.stderr, "wasmbrowser: starting the test binary in the "+string(at.where)+
			": Error: instantiating the test binary")
		assert.Contains(t, r.stderr, "CompileError")
		assert.Less(t, r.elapsed, 60*time.Second)
	})
}

func TestMissingBinary(t *testing.T) {
	t.Parallel()
	r := runRunner(t, filepath.Join(t.TempDir(), "none.test"), runOpts{dir: t.TempDir()})
	assert.Equal(t, exitRunnerFailed, r.code)
	assert.Contains(t, r.stderr, "wasmbrowser: the test binary:")
}

func TestEnvironmentTooLarge(t *testing.T) {
	t.Parallel()
	r := runRunner(t, "pass", runOpts{env: []string{"BROWSERWS_BIG=" + strings.Repeat("x", 9000)}})
	assert.Equal(t, exitRunnerFailed, r.code)
	assert.Contains(t, r.stderr, "wasm_exec.js needs them under 8192")
	assert.Contains(t, r.stderr, "BROWSERWS_BIG (9014 bytes)")
}

func TestUnknownContext(t *testing.T) {
	t.Parallel()
	r := runRunner(t, "pass", runOpts{where: "iframe"})
	assert.Equal(t, exitRunnerFailed, r.code)
	assert.Contains(t, r.stderr, `wasmbrowser: WASMBROWSER_CONTEXT="iframe": want page or worker`)
}

func TestUnknownEngine(t *testing.T) {
	t.Parallel()
	r := runRunner(t, "pass", runOpts{env: []string{"WASMBROWSER_ENGINE=deno"}})
	assert.Equal(t, exitRunnerFailed, r.code)
	assert.Contains(t, r.stderr, `WASMBROWSER_ENGINE="deno": want browser or node`)
}

func TestUnknownBrowser(t *testing.T) {
	t.Parallel()
	r := runRunner(t, "pass", runOpts{browser: "lynx"})
	assert.Equal(t, exitRunnerFailed, r.code)
	assert.Contains(t, r.stderr, `wasmbrowser: WASMBROWSER_BROWSER="lynx": want chromium, firefox or webkit`)
}

// TestUncaughtException: as in Node, an exception nothing in the page (or
// the worker) catches ends the run, with the exception shown.
func TestUncaughtException(t *testing.T) {
	t.Parallel()
	everywhere(t, func(t *testing.T, at place) {
		r := runRunner(t, "fail", runOpts{browser: at.browser, where: at.where, env: []string{"BROWSERWS_FIXTURE_THROW=1"}}, "-test.run=^TestThrow$")
		assert.Equal(t, exitRunnerFailed, r.code)
		assert.Contains(t, r.stderr, "wasmbrowser: uncaught exception in the "+string(at.where)+": Error: thrown by the page")
		assert.Regexp(t, `\n(    at |.*@)`, r.stderr, "with its stack, as the browser writes it")
	})
}
