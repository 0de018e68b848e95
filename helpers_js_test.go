//go:build js && wasm

package browserws

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"sync/atomic"
	"syscall/js"
	"testing"
	"time"

	"github.com/gowasm/browserws/e2e/recorder"
	"github.com/stretchr/testify/require"
)

// These tests need the recording server that e2e/cmd/withrecorder starts;
// make test-js runs them through it.

func recorderAddr(t *testing.T) string {
	t.Helper()
	addr := os.Getenv("BROWSERWS_RECORDER")
	require.NotEmpty(t, addr, "BROWSERWS_RECORDER is unset: run the js tests with make test-js, which starts the recording server")
	return addr
}

var socketSerial atomic.Int64

// openRecorded opens a socket to the recording server and waits until it is
// OPEN. It returns the socket and the id the server records it under.
func openRecorded(ctx context.Context, t *testing.T, query string) (*WebSocket, string) {
	t.Helper()
	id := t.Name() + "-" + strconv.FormatInt(socketSerial.Add(1), 10)
	ws, err := New("ws://" + recorderAddr(t) + "/ws?id=" + id + query)
	require.NoError(t, err)
	for ws.ReadyState() == Connecting {
		select {
		case <-ctx.Done():
			t.Fatalf("socket %s still CONNECTING: %v", id, ctx.Err())
		case <-time.After(2 * time.Millisecond):
		}
	}
	require.Equal(t, Open, ws.ReadyState())
	// Once the test is over, its socket is closed and its close event
	// awaited: the js.Funcs the event releases would otherwise go while a
	// later test runs, and several count them before and after.
	t.Cleanup(func() {
		_ = ws.Close(CodeNormalClosure, "")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, err := ws.Wait(ctx); errors.Is(err, context.DeadlineExceeded) {
			t.Logf("socket %s: no close event in 5s after the test", id)
		}
	})
	return ws, id
}

// record fetches what the server saw of socket id, once it has the close
// frame or the connection has ended.
func record(ctx context.Context, t *testing.T, id string) recorder.Record {
	t.Helper()
	rec := fetchRecord(ctx, t, "wait=5s&id="+id)
	require.True(t, rec.Done || rec.Frame != nil, "connection %s has neither sent a close frame nor ended", id)
	return rec
}

// recordedTexts returns the data of the messages the server recorded from
// socket id, once its connection has ended.
func recordedTexts(ctx context.Context, t *testing.T, id string) []string {
	t.Helper()
	var got []string
	for _, m := range recordOf(ctx, t, id).Messages {
		got = append(got, m.Data)
	}
	return got
}

// awaitRequest waits until the recording server at addr has the handshake
// request of socket id, for as long as ctx lets it. It does not take a
// *testing.T, so that a goroutine can wait with it.
func awaitRequest(ctx context.Context, addr, id string) error {
	wait := 10 * time.Second
	if deadline, ok := ctx.Deadline(); ok {
		wait = time.Until(deadline) // the server answers by then too
	}
	body, err := fetchText(ctx, "http://"+addr+"/record?until=requested&wait="+wait.String()+"&id="+id)
	if err != nil {
		return err
	}
	var rec recorder.Record
	if err := json.Unmarshal([]byte(body), &rec); err != nil {
		return err
	}
	if !rec.Requested {
		return errors.New("the server never got the handshake request of " + id)
	}
	return nil
}

// fetchRecord asks the server's /record endpoint with query and decodes
// the record it answers.
func fetchRecord(ctx context.Context, t *testing.T, query string) recorder.Record {
	t.Helper()
	body, err := fetchText(ctx, "http://"+recorderAddr(t)+"/record?"+query)
	require.NoError(t, err)
	var rec recorder.Record
	require.NoError(t, json.Unmarshal([]byte(body), &rec))
	return rec
}

// fetchText gets url with the host's fetch. (net/http does not use fetch
// under Node.js.)
func fetchText(ctx context.Context, url string) (string, error) {
	resp, err := await(ctx, js.Global().Call("fetch", url))
	if err != nil {
		return "", err
	}
	text, err := await(ctx, resp.Call("text"))
	if err != nil {
		return "", err
	}
	return text.String(), nil
}

// await waits for a promise to settle.
func await(ctx context.Context, promise js.Value) (js.Value, error) {
	type result struct {
		value js.Value
		err   error
	}
	settled := make(chan result, 1)
	onFulfilled := js.FuncOf(func(_ js.Value, args []js.Value) any {
		settled <- result{value: args[0]}
		return nil
	})
	onRejected := js.FuncOf(func(_ js.Value, args []js.Value) any {
		// String(error) is "Name: message", as Exception.Error words it.
		settled <- result{err: errors.New(js.Global().Get("String").Invoke(args[0]).String())}
		return nil
	})
	defer onFulfilled.Release()
	defer onRejected.Release()
	promise.Call("then", onFulfilled, onRejected)
	select {
	case r := <-settled:
		return r.value, r.err
	case <-ctx.Done():
		return js.Undefined(), ctx.Err()
	}
}

// recordedURL is the URL of a fresh socket on the recording server, and
// the id the server records it under.
func recordedURL(t *testing.T, query string) (url, id string) {
	id = t.Name() + "-" + strconv.FormatInt(socketSerial.Add(1), 10)
	return "ws://" + recorderAddr(t) + "/ws?id=" + id + query, id
}

// The listener count must see the package's own calls: the package captures
// EventTarget's methods when it first needs them, so the counting wrapper
// goes in before any test runs.
func init() { liveListeners() }

// liveListeners returns how many WebSocket event listeners the page has,
// counted by a wrapper over EventTarget's addEventListener and
// removeEventListener that the first call installs. It counts what the
// engine holds, not what this package believes it holds.
func liveListeners() int {
	global := js.Global()
	if global.Get("__browserwsListeners").IsUndefined() {
		install := global.Get("Function").New(`
			const target = EventTarget.prototype, add = target.addEventListener, remove = target.removeEventListener;
			const live = new Set(); // "type" + listener, per socket
			const keys = new WeakMap();
			const key = (ws, type, fn) => {
				let perSocket = keys.get(ws);
				if (!perSocket) { perSocket = new Map(); keys.set(ws, perSocket); }
				let perType = perSocket.get(type);
				if (!perType) { perType = new Map(); perSocket.set(type, perType); }
				let k = perType.get(fn);
				if (!k) { k = {}; perType.set(fn, k); }
				return k;
			};
			target.addEventListener = function (type, fn, opts) {
				if (this instanceof WebSocket) live.add(key(this, type, fn));
				return add.call(this, type, fn, opts);
			};
			target.removeEventListener = function (type, fn, opts) {
				if (this instanceof WebSocket) live.delete(key(this, type, fn));
				return remove.call(this, type, fn, opts);
			};
			globalThis.__browserwsListeners = () => live.size;`)
		install.Invoke()
	}
	return global.Call("__browserwsListeners").Int()
}

// testSeed is the seed of a test's random inputs: BROWSERWS_SEED if set,
// else the time; it is logged so that a failure can be replayed.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("BROWSERWS_SEED"); s != "" {
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
	}
	t.Logf("random inputs from seed %d (set BROWSERWS_SEED=%d to replay)", seed, seed)
	return seed
}

// hostContext names where the test runs: a page, a dedicated worker or
// Node.js.
func hostContext() string {
	global := js.Global()
	switch {
	case !global.Get("document").IsUndefined():
		return "a page"
	case !global.Get("DedicatedWorkerGlobalScope").IsUndefined() && global.InstanceOf(global.Get("DedicatedWorkerGlobalScope")):
		return "a dedicated worker"
	case !global.Get("process").IsUndefined():
		return "Node.js"
	}
	return "an unknown context"
}
