package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// findFirefox returns $BROWSERWS_FIREFOX, else firefox-esr or firefox on
// the PATH.
func findFirefox() (string, error) {
	return findBinary("BROWSERWS_FIREFOX", []string{"firefox-esr", "firefox"},
		"no Firefox found: install Debian's firefox-esr package, or set BROWSERWS_FIREFOX")
}

// findBinary returns what the environment variable env names, else the
// first of names on the PATH.
func findBinary(env string, names []string, missing string) (string, error) {
	if path := os.Getenv(env); path != "" {
		found, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("%s=%s: %w", env, path, err)
		}
		return found, nil
	}
	for _, name := range names {
		if found, err := exec.LookPath(name); err == nil {
			return found, nil
		}
	}
	return "", errors.New(missing)
}

// firefoxPrefs go into the fresh profile's user.js. The machine has no
// network: nothing may reach for one (updates, telemetry, Safe Browsing,
// captive portal and connectivity checks, Normandy, remote settings,
// add-on and plug-in updates, DNS over HTTPS, prefetching). Timers of pages
// nobody looks at keep full speed, since Go's scheduler runs on them.
var firefoxPrefs = map[string]any{
	"app.update.disabledForTesting":                              true,
	"app.update.auto":                                            false,
	"app.update.checkInstallTime":                                false,
	"app.normandy.enabled":                                       false,
	"app.normandy.api_url":                                       "",
	"app.shield.optoutstudies.enabled":                           false,
	"browser.safebrowsing.malware.enabled":                       false,
	"browser.safebrowsing.phishing.enabled":                      false,
	"browser.safebrowsing.downloads.enabled":                     false,
	"browser.safebrowsing.downloads.remote.enabled":              false,
	"browser.safebrowsing.blockedURIs.enabled":                   false,
	"browser.safebrowsing.provider.mozilla.updateURL":            "",
	"browser.safebrowsing.provider.mozilla.gethashURL":           "",
	"browser.safebrowsing.provider.google4.updateURL":            "",
	"browser.safebrowsing.provider.google4.gethashURL":           "",
	"browser.safebrowsing.provider.google.updateURL":             "",
	"browser.safebrowsing.provider.google.gethashURL":            "",
	"network.captive-portal-service.enabled":                     false,
	"network.connectivity-service.enabled":                       false,
	"network.trr.mode":                                           5,
	"network.dns.disablePrefetch":                                true,
	"network.prefetch-next":                                      false,
	"network.http.speculative-parallel-limit":                    0,
	"toolkit.telemetry.enabled":                                  false,
	"toolkit.telemetry.unified":                                  false,
	"toolkit.telemetry.archive.enabled":                          false,
	"toolkit.telemetry.server":                                   "",
	"datareporting.healthreport.uploadEnabled":                   false,
	"datareporting.policy.dataSubmissionEnabled":                 false,
	"datareporting.policy.firstRunURL":                           "",
	"services.settings.server":                                   "data:,#remote-settings-dummy/v1",
	"extensions.update.enabled":                                  false,
	"extensions.getAddons.cache.enabled":                         false,
	"extensions.blocklist.enabled":                               false,
	"media.gmp-manager.url":                                      "",
	"media.gmp-gmpopenh264.enabled":                              false,
	"geo.provider.network.url":                                   "",
	"browser.region.network.url":                                 "",
	"browser.region.update.enabled":                              false,
	"browser.shell.checkDefaultBrowser":                          false,
	"browser.startup.homepage_override.mstone":                   "ignore",
	"browser.startup.page":                                       0,
	"browser.newtabpage.enabled":                                 false,
	"browser.topsites.contile.enabled":                           false,
	"browser.aboutwelcome.enabled":                               false,
	"browser.sessionstore.resume_from_crash":                     false,
	"browser.tabs.warnOnClose":                                   false,
	"toolkit.startup.max_resumed_crashes":                        -1,
	"dom.min_background_timeout_value":                           4,
	"dom.timeout.enable_budget_timer_throttling":                 false,
	"dom.suspend_inactive.enabled":                               false,
	"browser.newtabpage.activity-stream.feeds.system.topstories": false,
}

// writeUserJS writes prefs as a user.js in dir.
func writeUserJS(dir string, prefs map[string]any) error {
	var b strings.Builder
	for name, value := range prefs {
		v, err := json.Marshal(value)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "user_pref(%q, %s);\n", name, v)
	}
	return os.WriteFile(filepath.Join(dir, "user.js"), []byte(b.String()), 0o600)
}

// firefoxBrowser is headless Firefox in a fresh profile, driven over
// WebDriver BiDi, which Firefox serves itself.
type firefoxBrowser struct {
	proc    *process
	profile string
	output  *Tail
	conn    *bidiConn
	version string

	mu      sync.Mutex
	pages   map[string]*firefoxPage // by top-level browsing context
	parents map[string]string       // browsing context → its parent

	closed    atomic.Bool
	closeOnce sync.Once
	closeErr  error
	stop      func() bool
}

const bidiListening = "WebDriver BiDi listening on "

func startFirefox(ctx context.Context, path string) (Browser, error) {
	profile, err := os.MkdirTemp("", "browserws-firefox-")
	if err != nil {
		return nil, err
	}
	if err := writeUserJS(profile, firefoxPrefs); err != nil {
		os.RemoveAll(profile)
		return nil, err
	}
	b := &firefoxBrowser{
		profile: profile,
		output:  NewTail(4096),
		pages:   map[string]*firefoxPage{},
		parents: map[string]string{},
	}
	// Port 0: Firefox picks a free port and prints it.
	cmd := exec.Command(path, "--headless", "--no-remote", "--profile", profile, "--remote-debugging-port=0", "about:blank")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(profile)
		return nil, err
	}
	cmd.Stderr = cmd.Stdout
	if b.proc, err = startProcess(cmd); err != nil {
		os.RemoveAll(profile)
		return nil, err
	}
	b.stop = closeOnDone(ctx, b.Close)
	fail := func(err error) (Browser, error) {
		b.Close()
		return nil, withOutput(err, b.output)
	}

	found := make(chan string, 1)
	go scanOutput(stdout, b.output, func(line string) string {
		if url, ok := strings.CutPrefix(line, bidiListening); ok {
			return strings.TrimSpace(url)
		}
		return ""
	}, found)
	url, err := startWait(ctx, found, b.proc.done)
	if err != nil {
		return fail(err)
	}
	if !strings.HasPrefix(url, "ws://127.0.0.1:") {
		return fail(fmt.Errorf("WebDriver BiDi listens on %s, not on 127.0.0.1", url))
	}
	startCtx, cancel := context.WithTimeout(ctx, startLimit)
	defer cancel()
	if b.conn, err = dialBiDi(startCtx, url+"/session", b.event); err != nil {
		return fail(fmt.Errorf("connecting to %s: %w", url, err))
	}
	var session struct {
		Capabilities struct {
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	if err := b.conn.call(startCtx, "session.new", map[string]any{"capabilities": map[string]any{}}, &session); err != nil {
		return fail(err)
	}
	b.version = session.Capabilities.BrowserVersion
	events := []string{"log.entryAdded", "browsingContext.contextCreated", "browsingContext.contextDestroyed"}
	if err := b.conn.call(startCtx, "session.subscribe", map[string]any{"events": events}, nil); err != nil {
		return fail(err)
	}
	return b, nil
}

func (b *firefoxBrowser) Name() string    { return "firefox" }
func (b *firefoxBrowser) Version() string { return b.version }

// Close kills Firefox's process group and removes its profile.
func (b *firefoxBrowser) Close() error {
	b.closeOnce.Do(func() {
		b.closed.Store(true)
		b.stop()
		// Firefox's crash helper leaves the group (setsid, and a double
		// fork): find it while Firefox, whose pid it names, still runs.
		leader := strconv.Itoa(b.proc.cmd.Process.Pid)
		ours := func(args []string) bool { return len(args) > 1 && args[1] == leader }
		helpers := escapees("crashhelper", ours)
		b.closeErr = errors.Join(b.proc.kill(), killEscapees(helpers, ours))
		if b.conn != nil {
			b.conn.close()
		}
		if err := os.RemoveAll(b.profile); b.closeErr == nil {
			b.closeErr = err
		}
	})
	return b.closeErr
}

// logEntry is the part of a log.entryAdded event read here.
type logEntry struct {
	Type   string `json:"type"`   // "console" or "javascript"
	Method string `json:"method"` // of console: "error", "log" ...
	Level  string `json:"level"`
	Text   string `json:"text"`
	Source struct {
		Context string `json:"context"`
	} `json:"source"`
	StackTrace *struct {
		CallFrames []json.RawMessage `json:"callFrames"`
	} `json:"stackTrace"`
}

// event handles the events subscribed to: it keeps track of frames (so an
// iframe's problems count for its page) and hands problems to their page.
func (b *firefoxBrowser) event(method string, params json.RawMessage) {
	switch method {
	case "browsingContext.contextCreated":
		var info struct {
			Context string  `json:"context"`
			Parent  *string `json:"parent"`
		}
		if json.Unmarshal(params, &info) == nil && info.Parent != nil {
			b.mu.Lock()
			b.parents[info.Context] = *info.Parent
			b.mu.Unlock()
		}
	case "browsingContext.contextDestroyed":
		var info struct {
			Context string `json:"context"`
		}
		if json.Unmarshal(params, &info) == nil {
			b.mu.Lock()
			delete(b.parents, info.Context)
			b.mu.Unlock()
		}
	case "log.entryAdded":
		var e logEntry
		if json.Unmarshal(params, &e) != nil {
			return
		}
		var problem string
		switch {
		case e.Type == "javascript" && e.Level == "error" && e.StackTrace != nil:
			// Only script errors have a stack. Firefox logs its own
			// messages as errors of the same type without one (a WebSocket
			// that cannot connect, a CSP report), which Chromium's console
			// shows too but its driver, like this one, does not count.
			problem = "uncaught: " + e.Text
		case e.Type == "console" && e.Method == "error":
			problem = "console.error: " + e.Text
		default:
			return
		}
		b.mu.Lock()
		ctx := e.Source.Context
		for b.pages[ctx] == nil && b.parents[ctx] != "" {
			ctx = b.parents[ctx]
		}
		if page := b.pages[ctx]; page != nil {
			page.problems = append(page.problems, problem)
		}
		b.mu.Unlock()
	}
}

// firefoxPage is a top-level browsing context in a window of its own.
type firefoxPage struct {
	b        *firefoxBrowser
	context  string
	closed   atomic.Bool
	problems []string // guarded by b.mu
}

func (b *firefoxBrowser) NewPage(ctx context.Context) (Page, error) {
	var created struct {
		Context string `json:"context"`
	}
	// A window of its own: a background tab's timers would be throttled.
	if err := b.conn.call(ctx, "browsingContext.create", map[string]any{"type": "window"}, &created); err != nil {
		return nil, fmt.Errorf("firefox: opening a page: %w", err)
	}
	p := &firefoxPage{b: b, context: created.Context}
	b.mu.Lock()
	b.pages[created.Context] = p
	b.mu.Unlock()
	return p, nil
}

func (p *firefoxPage) Navigate(ctx context.Context, url string) error {
	params := map[string]any{"context": p.context, "url": url, "wait": "complete"}
	if err := p.b.conn.call(ctx, "browsingContext.navigate", params, nil); err != nil {
		return fmt.Errorf("firefox: navigating to %s: %w", url, err)
	}
	return nil
}

func (p *firefoxPage) Evaluate(ctx context.Context, expr string, out any) error {
	params := map[string]any{
		"expression":      expr,
		"target":          map[string]any{"context": p.context},
		"awaitPromise":    true,
		"resultOwnership": "none",
	}
	var res struct {
		Type             string      `json:"type"` // "success" or "exception"
		Result           remoteValue `json:"result"`
		ExceptionDetails struct {
			Text      string      `json:"text"`
			Exception remoteValue `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := p.b.conn.call(ctx, "script.evaluate", params, &res); err != nil {
		return fmt.Errorf("firefox: evaluating: %w", err)
	}
	if res.Type == "exception" {
		return &ScriptError{Browser: "firefox", Message: res.ExceptionDetails.Text}
	}
	data, err := remoteJSON(res.Result)
	if err != nil {
		return fmt.Errorf("firefox: the result: %w", err)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("firefox: decoding the result: %w", err)
	}
	return nil
}

func (p *firefoxPage) Problems() []string {
	p.b.mu.Lock()
	defer p.b.mu.Unlock()
	return append([]string(nil), p.problems...)
}

func (p *firefoxPage) Close() error {
	if p.closed.Swap(true) || p.b.closed.Load() {
		return nil
	}
	p.b.mu.Lock()
	delete(p.b.pages, p.context)
	p.b.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), startLimit)
	defer cancel()
	if err := p.b.conn.call(ctx, "browsingContext.close", map[string]any{"context": p.context}, nil); err != nil {
		return fmt.Errorf("firefox: closing a page: %w", err)
	}
	return nil
}
