package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	// Orphans of the browsers (helpers whose parent died) are adopted by
	// this process rather than by init, so that descendants finds every
	// process the tests started, wherever it ends up.
	const prSetChildSubreaper = 36
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		fmt.Fprintln(os.Stderr, "PR_SET_CHILD_SUBREAPER:", errno)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// descendants lists the live processes below this one, as "pid comm".
func descendants() []string {
	list := Processes()
	below := Descendants(list, os.Getpid())
	var out []string
	for _, st := range list {
		if st.PID != os.Getpid() && below[st.PID] && st.State != 'Z' {
			out = append(out, fmt.Sprintf("%d %s", st.PID, st.Comm))
		}
	}
	return out
}

// requireNoDescendants waits up to limit for every process below this one
// to be gone.
func requireNoDescendants(t *testing.T, limit time.Duration) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		left := descendants()
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			require.Empty(t, left, "processes left behind")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// requireAvailable skips, loudly, the test of a browser that is missing,
// unless CI=true, where a missing browser fails.
func requireAvailable(t *testing.T, name string) {
	t.Helper()
	if err := Available(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s cannot run: %v", name, err)
		}
		t.Skipf("SKIPPING every %s test: %v", name, err)
	}
}

func testContext(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	return ctx
}

// The pages are served with the Content-Security-Policy of the project's
// demo page: no eval.
const testCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"

func testServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	page := func(title string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", testCSP)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<!doctype html><title>%s</title><p>%s</p>", title, title)
		}
	}
	mux.HandleFunc("/one", page("one"))
	mux.HandleFunc("/two", page("two"))
	srv := httptest.NewServer(mux) // on 127.0.0.1
	t.Cleanup(srv.Close)
	return srv
}

func TestNamesAndUnknownBrowsers(t *testing.T) {
	assert.Equal(t, []string{"chromium", "firefox", "webkit"}, Names())
	assert.ErrorContains(t, Available("netscape"), `no browser named "netscape"`)
	_, err := Start(context.Background(), "netscape")
	assert.ErrorContains(t, err, `no browser named "netscape"`)
}

func TestBrowsers(t *testing.T) {
	srv := testServer(t)
	for _, name := range Names() {
		// One browser at a time: the process checks count every process
		// below the test binary.
		t.Run(name, func(t *testing.T) {
			requireAvailable(t, name)
			ctx := testContext(t, 5*time.Minute)
			start := time.Now()
			b, err := Start(ctx, name)
			require.NoError(t, err)
			t.Logf("%s %s started in %v", name, b.Version(), time.Since(start).Round(time.Millisecond))
			defer b.Close()
			assert.Equal(t, name, b.Name())
			assert.Regexp(t, `^\d+\.\d+`, b.Version())

			page, err := b.NewPage(ctx)
			require.NoError(t, err)
			require.NoError(t, page.Navigate(ctx, srv.URL+"/one"))

			t.Run("evaluate", func(t *testing.T) { testEvaluate(t, ctx, page) })
			t.Run("errors", func(t *testing.T) { testErrors(t, ctx, page) })
			t.Run("problems", func(t *testing.T) { testProblems(t, ctx, b, srv) })
			t.Run("two pages", func(t *testing.T) { testTwoPages(t, ctx, b, srv) })
			t.Run("round trip", func(t *testing.T) { testRoundTrip(t, ctx, page) })
			t.Run("context ends during evaluate", func(t *testing.T) { testEvaluateCancel(t, ctx, page) })
			t.Run("page replaces built-ins", func(t *testing.T) { testReplacedBuiltins(t, ctx, b, srv) })

			assert.Empty(t, page.Problems())
			require.NoError(t, page.Close())
			require.NotEmpty(t, descendants(), "the browser runs below the test")
			require.NoError(t, b.Close())
			requireNoDescendants(t, 0) // Close waits for every process
			require.NoError(t, b.Close(), "a second Close")
		})
	}
}

func testEvaluate(t *testing.T, ctx context.Context, page Page) {
	var n int
	require.NoError(t, page.Evaluate(ctx, `1 + 2`, &n))
	assert.Equal(t, 3, n)

	var s string
	require.NoError(t, page.Evaluate(ctx, `document.title + " " + location.pathname`, &s))
	assert.Equal(t, "one /one", s)

	require.NoError(t, page.Evaluate(ctx, `"\u00e9\u{1F600}" + String.fromCharCode(0)`, &s))
	assert.Equal(t, "é😀\x00", s)

	type object struct {
		N      float64
		S      string
		List   []any
		Nested map[string]bool
		Gone   *int
	}
	var o object
	require.NoError(t, page.Evaluate(ctx, `({n: 1.5, s: "x", list: [1, "two", null], nested: {ok: true}, gone: undefined})`, &o))
	assert.Equal(t, object{N: 1.5, S: "x", List: []any{1.0, "two", nil}, Nested: map[string]bool{"ok": true}}, o)

	require.NoError(t, page.Evaluate(ctx, `new Promise((resolve) => setTimeout(() => resolve(42), 50))`, &n))
	assert.Equal(t, 42, n)

	n = 7
	require.NoError(t, page.Evaluate(ctx, `undefined`, &n))
	assert.Equal(t, 7, n, "undefined leaves out alone")
	require.NoError(t, page.Evaluate(ctx, `Promise.resolve()`, nil))

	var special []any
	require.NoError(t, page.Evaluate(ctx, `[NaN, -0, Infinity, new Date(0)]`, &special))
	t.Logf("[NaN, -0, Infinity, new Date(0)] decodes as %v", special)
}

// testReplacedBuiltins: page code that replaces built-ins, as a test of
// hostile pages does, while an Evaluate waits for its promise, must not
// break that Evaluate, the next ones or the problems' collection. It
// replaces the built-ins that WebKit's driver scripts called before they
// captured theirs. WebKitWebDriver's own code in the page breaks with
// others replaced (array methods, JSON.stringify, Promise.prototype.then,
// Function.prototype's apply, bind and call: every command fails until
// they are restored), which no script of ours can avoid; wasmbrowser
// starts a program after its last command for that reason.
func testReplacedBuiltins(t *testing.T, ctx context.Context, b Browser, srv *httptest.Server) {
	page, err := b.NewPage(ctx)
	require.NoError(t, err)
	defer page.Close()
	require.NoError(t, page.Navigate(ctx, srv.URL+"/one"))
	var n int
	require.NoError(t, page.Evaluate(ctx, `new Promise((resolve) => setTimeout(() => {
		const saved = [], define = Object.defineProperty, describe = Object.getOwnPropertyDescriptor;
		const boom = () => { throw new Error("replaced by the page") };
		const replace = (object, name) => {
			saved[saved.length] = [object, name, describe(object, name)];
			define(object, name, {value: boom, configurable: true, writable: true});
		};
		for (const name of ["get", "set", "delete", "has"]) replace(Map.prototype, name);
		replace(Object.prototype, "hasOwnProperty");
		replace(Object, "defineProperty");
		replace(Reflect, "apply");
		replace(Reflect, "defineProperty");
		replace(window, "String");
		replace(window, "Error");
		window.restoreBuiltins = () => { for (let i = saved.length - 1; i >= 0; i--) define(saved[i][0], saved[i][1], saved[i][2]) };
		resolve(42);
	}, 20))`, &n))
	assert.Equal(t, 42, n)

	require.NoError(t, page.Evaluate(ctx, `1 + 2`, &n))
	assert.Equal(t, 3, n)
	require.NoError(t, page.Evaluate(ctx, `new Promise((resolve) => setTimeout(() => resolve(5), 20))`, &n))
	assert.Equal(t, 5, n)
	err = page.Evaluate(ctx, `Promise.reject(new TypeError("nope"))`, nil)
	var se *ScriptError
	require.ErrorAs(t, err, &se)
	assert.Contains(t, se.Message, "nope")
	require.NoError(t, page.Evaluate(ctx, `(console.error("bad", 7), true)`, nil))
	got := waitProblems(t, page, "bad 7")
	require.NoError(t, page.Evaluate(ctx, `(restoreBuiltins(), true)`, nil))
	assert.Len(t, got, 1, "%q", got)
}

func testErrors(t *testing.T, ctx context.Context, page Page) {
	for _, tc := range []struct{ name, expr, message string }{
		{"rejected promise", `Promise.reject(new Error("nope"))`, "Error: nope"},
		{"rejected later", `new Promise((_, reject) => setTimeout(() => reject(new RangeError("late")), 50))`, "RangeError: late"},
		{"rejected with a string", `Promise.reject("plain")`, "plain"},
		{"thrown", `(() => { throw new TypeError("thrown") })()`, "TypeError: thrown"},
		{"syntax error", `1 +`, "SyntaxError"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out any
			err := page.Evaluate(ctx, tc.expr, &out)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrScript)
			var se *ScriptError
			require.ErrorAs(t, err, &se)
			assert.Contains(t, se.Message, tc.message)
			t.Logf("%s: %v", tc.name, err)
		})
	}
	var ok bool
	require.NoError(t, page.Evaluate(ctx, `true`, &ok), "the page still works")
	assert.True(t, ok)
}

// waitProblems waits for the page's problems to hold every one of want.
func waitProblems(t *testing.T, page Page, want ...string) []string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := page.Problems()
		missing := slices.ContainsFunc(want, func(w string) bool {
			return !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) })
		})
		if !missing {
			return got
		}
		if time.Now().After(deadline) {
			require.Failf(t, "problems missing", "want %q in %q", want, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func testProblems(t *testing.T, ctx context.Context, b Browser, srv *httptest.Server) {
	page, err := b.NewPage(ctx)
	require.NoError(t, err)
	defer page.Close()
	other, err := b.NewPage(ctx)
	require.NoError(t, err)
	defer other.Close()
	require.NoError(t, page.Navigate(ctx, srv.URL+"/one"))
	require.NoError(t, other.Navigate(ctx, srv.URL+"/two"))
	assert.Empty(t, page.Problems())

	require.NoError(t, page.Evaluate(ctx, `(console.log("fine"), console.warn("meh"), console.error("bad", 7), true)`, nil))
	require.NoError(t, page.Evaluate(ctx, `(setTimeout(() => { throw new Error("later") }), true)`, nil))
	require.NoError(t, page.Evaluate(ctx, `(Promise.reject(new Error("unhandled")), true)`, nil))
	got := waitProblems(t, page, "bad 7", "later", "unhandled")
	t.Logf("problems: %q", got)
	for _, p := range got {
		assert.True(t, strings.HasPrefix(p, "console.error: ") || strings.HasPrefix(p, "uncaught: ") || strings.HasPrefix(p, "uncaught (in promise): "), p)
		assert.NotContains(t, p, "fine")
		assert.NotContains(t, p, "meh")
	}
	assert.Len(t, got, 3)
	assert.Empty(t, other.Problems(), "problems stay with their page")
}

func testTwoPages(t *testing.T, ctx context.Context, b Browser, srv *httptest.Server) {
	pages := make([]Page, 2)
	for i, path := range []string{"/one", "/two"} {
		page, err := b.NewPage(ctx)
		require.NoError(t, err)
		defer page.Close()
		require.NoError(t, page.Navigate(ctx, srv.URL+path))
		pages[i] = page
	}
	require.NoError(t, pages[0].Evaluate(ctx, `(window.mark = "one's", true)`, nil))
	var kind string
	require.NoError(t, pages[1].Evaluate(ctx, `typeof window.mark`, &kind))
	assert.Equal(t, "undefined", kind, "pages share no globals")

	// Both wait at once: each resolves only when the other has started.
	const wait = `new Promise((resolve) => setTimeout(() => resolve(document.title), 500))`
	start := time.Now()
	titles := make([]string, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range pages {
		wg.Go(func() { errs[i] = pages[i].Evaluate(ctx, wait, &titles[i]) })
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	assert.Equal(t, []string{"one", "two"}, titles)
	t.Logf("two 500 ms promises side by side took %v", time.Since(start).Round(time.Millisecond))

	require.NoError(t, pages[0].Close())
	require.NoError(t, pages[1].Evaluate(ctx, `document.title`, &kind), "a page outlives its sibling")
	assert.Equal(t, "two", kind)
}

func testRoundTrip(t *testing.T, ctx context.Context, page Page) {
	const n = 20
	var v int
	start := time.Now()
	for i := range n {
		require.NoError(t, page.Evaluate(ctx, fmt.Sprint(i), &v))
		require.Equal(t, i, v)
	}
	sync := time.Since(start) / n
	start = time.Now()
	for range n {
		require.NoError(t, page.Evaluate(ctx, `Promise.resolve(1)`, &v))
	}
	promise := time.Since(start) / n
	t.Logf("evaluate round trip: %v for a value, %v for a resolved promise (mean of %d)", sync.Round(10*time.Microsecond), promise.Round(10*time.Microsecond), n)
}

func testEvaluateCancel(t *testing.T, ctx context.Context, page Page) {
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	err := page.Evaluate(short, `new Promise(() => {})`, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var n int
	require.NoError(t, page.Evaluate(ctx, `5`, &n), "the page still works")
	assert.Equal(t, 5, n)
}

func TestContextEndStopsBrowser(t *testing.T) {
	srv := testServer(t)
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			requireAvailable(t, name)
			ctx, cancel := context.WithCancel(testContext(t, 5*time.Minute))
			defer cancel()
			b, err := Start(ctx, name)
			require.NoError(t, err)
			defer b.Close()
			page, err := b.NewPage(ctx)
			require.NoError(t, err)
			require.NoError(t, page.Navigate(ctx, srv.URL+"/one"))
			require.NotEmpty(t, descendants())
			cancel()
			requireNoDescendants(t, 30*time.Second)
		})
	}
}

// TestChromiumLeavesNoTempDir checks that Chromium makes the directory of
// its process-singleton socket inside the profile chromedp removes, not in
// /tmp, where each browser chromedp killed left one.
func TestChromiumLeavesNoTempDir(t *testing.T) {
	requireAvailable(t, "chromium")
	b, err := Start(testContext(t, 2*time.Minute), "chromium")
	require.NoError(t, err)
	defer b.Close()
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", b.(*chromiumBrowser).pgid))
	require.NoError(t, err)
	var profile string
	for _, arg := range strings.Split(string(cmdline), "\x00") {
		if dir, ok := strings.CutPrefix(arg, "--user-data-dir="); ok {
			profile = dir
		}
	}
	require.NotEmpty(t, profile, "the browser's --user-data-dir")
	socket, err := os.Readlink(filepath.Join(profile, "SingletonSocket"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(socket, profile+string(filepath.Separator)), "the singleton socket %s is in the profile %s", socket, profile)
	require.NoError(t, b.Close())
	_, err = os.Stat(filepath.Dir(socket))
	assert.ErrorIs(t, err, os.ErrNotExist, "the socket's directory once the browser closed")
}
