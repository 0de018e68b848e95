package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// wdClient speaks W3C WebDriver (classic: JSON over HTTP) to a driver on
// 127.0.0.1, for the few commands this package needs.
// See https://w3c.github.io/webdriver/.
type wdClient struct {
	base    string // http://127.0.0.1:PORT
	http    *http.Client
	session string // set by newSession
}

func newWDClient(base string) *wdClient {
	// Nothing here may go through a proxy.
	return &wdClient{base: base, http: &http.Client{Transport: &http.Transport{Proxy: nil}}}
}

// wdError is an error a WebDriver command was answered with.
type wdError struct {
	Command string
	Code    string `json:"error"` // "javascript error", "no such window" ...
	Message string `json:"message"`
}

func (e *wdError) Error() string { return e.Command + ": " + e.Code + ": " + e.Message }

// do sends a command and decodes the "value" of its answer into out (which
// may be nil). path is relative to the session for a session's commands.
func (c *wdClient) do(ctx context.Context, method, path string, body, out any) error {
	if c.session != "" && path != "/status" {
		path = "/session/" + c.session + path
	}
	var reqBody io.Reader
	if method == http.MethodPost {
		if body == nil {
			body = struct{}{}
		}
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reqBody = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, reqBody)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var answer struct {
		Value json.RawMessage `json:"value"`
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	command := method + " " + strings.TrimPrefix(path, "/session/"+c.session)
	if err := json.Unmarshal(data, &answer); err != nil {
		return fmt.Errorf("%s: %s: unreadable answer %.200q", command, resp.Status, data)
	}
	if resp.StatusCode != http.StatusOK {
		e := &wdError{Command: command}
		if json.Unmarshal(answer.Value, e) != nil || e.Code == "" {
			return fmt.Errorf("%s: %s: %.200s", command, resp.Status, data)
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(answer.Value, out); err != nil {
		return fmt.Errorf("%s: unreadable value: %w", command, err)
	}
	return nil
}

// wdCapabilities are the capabilities a new session reports.
type wdCapabilities struct {
	BrowserName    string `json:"browserName"`
	BrowserVersion string `json:"browserVersion"`
}

// newSession starts a session (WebKitWebDriver then starts its browser).
func (c *wdClient) newSession(ctx context.Context, alwaysMatch map[string]any) (wdCapabilities, error) {
	var created struct {
		SessionID    string         `json:"sessionId"`
		Capabilities wdCapabilities `json:"capabilities"`
	}
	body := map[string]any{"capabilities": map[string]any{"alwaysMatch": alwaysMatch}}
	if err := c.do(ctx, http.MethodPost, "/session", body, &created); err != nil {
		return wdCapabilities{}, err
	}
	c.session = created.SessionID
	return created.Capabilities, nil
}

// newWindow opens a top-level browsing context and returns its handle.
func (c *wdClient) newWindow(ctx context.Context) (string, error) {
	var w struct {
		Handle string `json:"handle"`
	}
	err := c.do(ctx, http.MethodPost, "/window/new", map[string]any{"type": "window"}, &w)
	return w.Handle, err
}

// switchTo makes the window handle the current one.
func (c *wdClient) switchTo(ctx context.Context, handle string) error {
	return c.do(ctx, http.MethodPost, "/window", map[string]any{"handle": handle}, nil)
}

// closeWindow closes the current window.
func (c *wdClient) closeWindow(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/window", nil, nil)
}

// navigate loads url in the current window, waiting for it to load.
func (c *wdClient) navigate(ctx context.Context, url string) error {
	return c.do(ctx, http.MethodPost, "/url", map[string]any{"url": url}, nil)
}

// executeSync runs script, the body of a function called with args, in the
// current window, and decodes what it returns into out.
func (c *wdClient) executeSync(ctx context.Context, script string, args []any, out any) error {
	if args == nil {
		args = []any{}
	}
	return c.do(ctx, http.MethodPost, "/execute/sync", map[string]any{"script": script, "args": args}, out)
}
