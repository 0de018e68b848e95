package crosscheck

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gowasm/browserws/e2e/browser"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One server and one browser for the whole test binary.
var (
	testEnv     *Env
	testBrowser *Browser
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var err error
	if testEnv, err = Start(ctx, "127.0.0.1:0"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer testEnv.Close()
	if testBrowser, err = StartBrowser(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer testBrowser.Close()
	return m.Run()
}

func testContext(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	return ctx
}

// requireAllAgree fails with the summary when any vector disagrees.
func requireAllAgree(t *testing.T, results []Result) {
	t.Helper()
	var summary strings.Builder
	passed, total := WriteSummary(&summary, results)
	t.Log("\n" + summary.String())
	require.Equal(t, total, passed, "vectors where the shim differs from native in a way no vector declares unmatchable")
}

// progressRecorder keeps what Options.Progress reported.
type progressRecorder struct {
	mu           sync.Mutex
	calls        int
	done, total  int
	doneDecrease bool
}

func (p *progressRecorder) report(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	p.doneDecrease = p.doneDecrease || done < p.done
	p.done, p.total = done, total
}

// check requires that progress was reported, never going back, out of
// two runs a vector.
func (p *progressRecorder) check(t *testing.T, vectors int) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	require.Positive(t, p.calls, "no progress reported")
	assert.Equal(t, 2*vectors, p.total)
	assert.LessOrEqual(t, p.done, p.total)
	assert.False(t, p.doneDecrease, "runs done went back")
}

func TestShippedAndGeneratedVectors(t *testing.T) {
	vectors := testVectors(t)
	// Each engine has its own limit, a guard against a hang: make test runs
	// this beside other browser suites, so one engine's time says nothing of
	// the next one's.
	const limit = 6 * time.Minute
	t.Run("chromium", func(t *testing.T) {
		ctx := testContext(t, limit)
		start := time.Now()
		var progress progressRecorder
		results, err := testBrowser.RunChromium(ctx, testEnv, vectors, Options{Progress: progress.report})
		require.NoError(t, err)
		t.Logf("%d vectors in Chromium, twice each, in %v", len(vectors), time.Since(start).Round(time.Millisecond))
		requireAllAgree(t, results)
		progress.check(t, len(vectors))
	})
	t.Run("undici", func(t *testing.T) {
		ctx := testContext(t, limit)
		start := time.Now()
		var progress progressRecorder
		results, err := RunNode(ctx, testEnv, vectors, Options{Concurrency: 48, Progress: progress.report})
		require.NoError(t, err)
		t.Logf("%d vectors in undici, twice each, in %v", len(vectors), time.Since(start).Round(time.Millisecond))
		requireAllAgree(t, results)
		progress.check(t, len(vectors))
	})
	for _, name := range []string{"firefox", "webkit"} {
		t.Run(name, func(t *testing.T) {
			ctx := testContext(t, limit)
			b := startBrowser(ctx, t, name)
			start := time.Now()
			var progress progressRecorder
			results, err := RunBrowser(ctx, b, testEnv, vectors, Options{Progress: progress.report})
			require.NoError(t, err)
			t.Logf("%d vectors in %s %s, twice each, in %v", len(vectors), name, b.Version(), time.Since(start).Round(time.Millisecond))
			requireAllAgree(t, results)
			progress.check(t, len(vectors))
		})
	}
}

// TestGoAPIMatchesNative closes sockets through the Go API (Wrap, then
// CloseWith) and natively, with the same arguments, in every browser, and
// requires the same outcome: the exception word for word, the close event,
// the frame the server got.
func TestGoAPIMatchesNative(t *testing.T) {
	for _, name := range []string{"chromium", "firefox", "webkit"} {
		t.Run(name, func(t *testing.T) {
			ctx := testContext(t, 3*time.Minute)
			b := startBrowser(ctx, t, name)
			start := time.Now()
			results, err := RunGoAPI(ctx, b, testEnv)
			require.NoError(t, err)
			t.Logf("%d calls in %s %s, natively and through the Go API, in %v", len(results), name, b.Version(), time.Since(start).Round(time.Millisecond))
			requireAllAgree(t, results)
		})
	}
}

// startBrowser starts the browser name for the test, or skips the test
// loudly when it is not installed (under CI=true it fails instead).
func startBrowser(ctx context.Context, t *testing.T, name string) browser.Browser {
	t.Helper()
	if err := browser.Available(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs every engine: %v", err)
		}
		t.Skipf("*** SKIPPED %s: %v (make deps installs it)", name, err)
	}
	b, err := browser.Start(ctx, name)
	require.NoError(t, err)
	t.Cleanup(func() { b.Close() })
	return b
}

func TestShimInstallAndUninstall(t *testing.T) {
	ctx := testContext(t, 30*time.Second)
	page, err := testBrowser.OpenPage(ctx, testEnv.URL+"/harness.html")
	require.NoError(t, err)
	defer page.Close()
	_, err = Evaluate[bool](ctx, page, `browserwsShim.load("shim.wasm").then(() => true)`)
	require.NoError(t, err)

	type shape struct {
		Native, Name string
		Length       int
		Constructs   bool
		Writable     bool
		Enumerable   bool
		Configurable bool
	}
	const probe = `(() => {
		const d = Object.getOwnPropertyDescriptor(WebSocket.prototype, "close");
		let constructs = true;
		try { new d.value(); } catch (e) { constructs = false; }
		return {native: String(d.value === browserwsShim.nativeClose), name: d.value.name, length: d.value.length,
			constructs, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable};
	})()`
	native, err := Evaluate[shape](ctx, page, probe)
	require.NoError(t, err)
	assert.Equal(t, "true", native.Native)

	_, err = Evaluate[bool](ctx, page, `(browserwsShim.install(), true)`)
	require.NoError(t, err)
	installed, err := Evaluate[shape](ctx, page, probe)
	require.NoError(t, err)
	assert.Equal(t, "false", installed.Native, "install replaces close")
	installed.Native = native.Native
	assert.Equal(t, native, installed, "the replacement looks like the native method")

	_, err = Evaluate[bool](ctx, page, `(browserwsShim.uninstall(), true)`)
	require.NoError(t, err)
	restored, err := Evaluate[shape](ctx, page, probe)
	require.NoError(t, err)
	assert.Equal(t, native, restored, "uninstall restores the native close")
	assert.Empty(t, page.Problems())
}

// TestDemoPage clicks the demo once, as a person would, and checks what it
// shows against the native close run directly in the same page.
func TestDemoPage(t *testing.T) {
	ctx := testContext(t, 30*time.Second)
	resp, err := http.Get(testEnv.URL + "/")
	require.NoError(t, err)
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.Equal(t, contentSecurityPolicy, resp.Header.Get("Content-Security-Policy"))

	page, err := testBrowser.OpenPage(ctx, testEnv.URL+"/")
	require.NoError(t, err)
	defer page.Close()
	run := func(a chromedp.Action[chromedp.Void]) {
		t.Helper()
		runCtx, cancel := context.WithTimeout(page.Ctx, 20*time.Second)
		defer cancel()
		_, err := chromedp.Run(runCtx, a)
		require.NoError(t, err)
	}
	text := func(id string) string {
		t.Helper()
		runCtx, cancel := context.WithTimeout(page.Ctx, 5*time.Second)
		defer cancel()
		s, err := chromedp.Run(runCtx, chromedp.Text(chromedp.ID(id)))
		require.NoError(t, err)
		return s
	}
	waitFor := func(condition string) {
		t.Helper()
		runCtx, cancel := context.WithTimeout(page.Ctx, 20*time.Second)
		defer cancel()
		_, err := chromedp.Run(runCtx, chromedp.Poll[bool](condition))
		require.NoError(t, err, "waiting for %s", condition)
	}
	waitFor(`document.getElementById("status").textContent.startsWith("ready")`)
	assert.Equal(t, "ready (engine: chromium)", text("status"))
	// closeWith types a call into the form and runs it, as a person would.
	closeWith := func(code, reason string) {
		t.Helper()
		_, err := Evaluate[bool](ctx, page, `(document.getElementById("code").value = "", document.getElementById("reason").value = "",
			document.getElementById("status").textContent = "", true)`)
		require.NoError(t, err)
		run(chromedp.Steps(
			chromedp.SendKeys(chromedp.ID("code"), code),
			chromedp.SendKeys(chromedp.ID("reason"), reason),
			chromedp.Click(chromedp.ID("run")),
		))
		waitFor(`document.getElementById("status").textContent === "done"`)
	}
	const notTheCall = " — not the call's: it left the socket open, so the page closed it itself"

	// A refused call: the exception is the browser's own, the socket stays
	// OPEN, and what closes it is the page's cleanup close, said so.
	closeWith("1001", "going away")
	direct, err := Evaluate[string](ctx, page, `(() => {
		const ws = new WebSocket("ws://127.0.0.1:1/");
		try { browserwsShim.nativeClose.call(ws, 1001, "going away"); return "none"; }
		catch (e) { return (e instanceof DOMException ? "DOMException " : "") + e.name + ": " + e.message; }
	})()`)
	require.NoError(t, err)
	assert.Equal(t, `ws.close(1001, "going away")`, text("call"))
	for _, side := range []string{"native-", "shim-"} {
		assert.Equal(t, direct, text(side+"exception"))
		assert.Equal(t, "OPEN (1)", text(side+"readyState"))
		assert.Equal(t, `code 4000, reason "harness cleanup", wasClean true`+notTheCall, text(side+"closeEvent"))
		assert.Equal(t, `code 4000, reason "harness cleanup"`+notTheCall, text(side+"serverFrame"))
	}
	assert.Equal(t, "native and shim agree", text("verdict"))

	// An accepted call: CLOSING right after it, and the close is its own.
	closeWith("1000", "bye")
	assert.Equal(t, `ws.close(1000, "bye")`, text("call"))
	for _, side := range []string{"native-", "shim-"} {
		assert.Equal(t, "none", text(side+"exception"))
		assert.Equal(t, "CLOSING (2)", text(side+"readyState"))
		assert.Equal(t, `code 1000, reason "bye", wasClean true`, text(side+"closeEvent"))
		assert.Equal(t, `code 1000, reason "bye"`, text(side+"serverFrame"))
	}
	assert.Equal(t, "native and shim agree", text("verdict"))
	assert.Empty(t, page.Problems())
}

// TestHarnessCatchesABrokenShim replaces the shim's validator with one that
// accepts everything (through load's wrapValidator, the hook for tests) and
// requires the harness to report the difference, so that "all agree" is
// known to mean something.
func TestHarnessCatchesABrokenShim(t *testing.T) {
	ctx := testContext(t, 60*time.Second)
	page, err := testBrowser.OpenPage(ctx, testEnv.URL+"/harness.html")
	require.NoError(t, err)
	defer page.Close()
	_, err = Evaluate[bool](ctx, page, `browserwsShim.load("shim.wasm", {wrapValidator: () => () => null}).then(() => true)`)
	require.NoError(t, err)
	vectors := []Vector{
		{Name: "broken/valid", State: "open", Script: "ws.close(1000)"},
		{Name: "broken/bad-code", State: "open", Script: "ws.close(1001)"},
		{Name: "broken/long-reason", State: "closed", Script: "ws.close(1000, 'x'.repeat(124))"},
	}
	expr, err := harnessCall(testEnv.URL, vectors, Options{}, "broken")
	require.NoError(t, err)
	out, err := Evaluate[harnessOutput](ctx, page, expr)
	require.NoError(t, err)
	results, err := testEnv.finish(ctx, out, vectors, "chromium")
	require.NoError(t, err)

	assert.True(t, results[0].Agree, "a valid close is unaffected: %v", results[0].Diff)
	// The native close behind the shim still refuses these, so every other
	// observable matches; the miss alone must give the validator away.
	for _, r := range results[1:] {
		assert.False(t, r.Agree, r.Name)
		assert.Equal(t, []string{"validator"}, r.Diff, r.Name)
	}
}
