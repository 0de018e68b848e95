//go:build js && wasm

package browserws

import (
	"context"
	"errors"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests play a hostile page: its JavaScript hands Go values that only
// look like sockets, dispatches events of its own on a socket, changes
// binaryType, and the program must neither die nor lose track of the socket.

// jsEval runs a JavaScript function body with the arguments given, as page
// code would. (The test pages allow eval; the package never uses it.)
func jsEval(body string, args ...any) js.Value {
	return js.Global().Get("Function").New("a", "b", body).Invoke(args...)
}

// isBrowser reports whether the engine marks its own events trusted, so
// that page-dispatched events can be told apart: every browser, not undici.
func isBrowser() bool { return HostEngine() != Undici }

func TestSendTextKeepsLeadingBOM(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, id := openRecorded(ctx, t, "")
	texts := []string{"\ufeffhello", "\ufeff", "\ufeff\ufeff", "a\ufeff", "\ufeff\ufeffx", "plain"}
	for _, text := range texts {
		require.NoError(t, ws.SendText(text))
	}
	require.NoError(t, ws.Close(CodeNormalClosure, ""))
	assert.Equal(t, texts, recordedTexts(ctx, t, id), "the server got every text byte for byte")
}

// TestReceivedBOMMatchesNative echoes texts and a close reason with a
// leading U+FEFF, to a native socket (the strings made in JavaScript) and
// through the package, and requires what Go reads to be what the native
// events carry: the engine decides whether its decoder keeps the mark
// (undici drops it; see Undici).
func TestReceivedBOMMatchesNative(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	texts := []string{"\ufeffhello", "\ufeff", "\ufeff\ufeffx"}
	nativeURL, nativeID := recordedURL(t, "&echo=1")
	n := openNative(t, nativeURL, nativeID)
	n.waitFor(ctx, t, "open", func(events []event) bool { return countType(events, "open") > 0 })
	fromCodes := js.Global().Get("String").Get("fromCodePoint")
	asJS := func(s string) js.Value {
		var codes []any
		for _, r := range s {
			codes = append(codes, int(r))
		}
		return fromCodes.Invoke(codes...)
	}
	for _, text := range texts {
		require.NoError(t, n.call("send", asJS(text)))
	}
	n.waitFor(ctx, t, "echoes", func(events []event) bool { return countType(events, "message") == len(texts) })
	require.NoError(t, n.call("close", 4000, asJS("\ufeffbye")))
	native := n.waitFor(ctx, t, "close", func(events []event) bool { return countType(events, "close") > 0 })
	t.Logf("%v: the native events %v", HostEngine(), native)

	g := dialGo(ctx, recordedURLOnly(t, "&echo=1"), "")
	require.NoError(t, g.dialErr)
	for _, text := range texts {
		require.NoError(t, g.ws.SendText(text))
	}
	for range texts {
		require.True(t, g.read(ctx, t))
	}
	require.NoError(t, g.ws.Close(4000, "\ufeffbye"))
	g.readToClose(ctx, t)
	assert.Equal(t, withoutErrors(native), g.events, "events: native, Go API")
}

// recordedURLOnly is recordedURL without the id.
func recordedURLOnly(t *testing.T, query string) string {
	url, _ := recordedURL(t, query)
	return url
}

func TestNewKeepsLeadingBOMInProtocols(t *testing.T) {
	// A protocol token cannot contain U+FEFF: the engine must see it and
	// refuse, as it refuses the same string from JavaScript.
	url, _ := recordedURL(t, "")
	_, err := New(url, "\ufeffchat")
	assert.ErrorIs(t, err, ErrSyntax)
}

// TestWrapRefusesLookAlikes gives Wrap values that pass instanceof
// WebSocket, or whose every property access throws, and requires
// ErrNotWebSocket and a live program.
func TestWrapRefusesLookAlikes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	real, _ := openRecorded(ctx, t, "")
	defer real.Close(CodeNormalClosure, "")
	tests := []struct {
		name string
		make string // a function body; a is a real open socket
	}{
		{"Object.create(WebSocket.prototype)", `return Object.create(WebSocket.prototype)`},
		{"Proxy of a socket", `return new Proxy(a, {})`},
		{"Proxy whose every trap throws", `const boom = () => { throw new Error("trap") };
			return new Proxy(a, {get: boom, getPrototypeOf: boom, has: boom, getOwnPropertyDescriptor: boom})`},
		{"WebSocket.prototype", `return WebSocket.prototype`},
		{"an object that claims to be a WebSocket", `return {readyState: 1, protocol: "", url: "ws://x/", [Symbol.toStringTag]: "WebSocket"}`},
		{"a function", `return function WebSocket() {}`},
		{"an object with throwing getters", `return Object.defineProperties(Object.create(WebSocket.prototype),
			{readyState: {get() { throw new Error("getter") }}, protocol: {get() { throw new Error("getter") }}})`},
		{"a number", `return 1`},
		{"null", `return null`},
		{"undefined", `return undefined`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := jsEval(tt.make, real.JSValue())
			ws, err := Wrap(v)
			assert.ErrorIs(t, err, ErrNotWebSocket)
			assert.Nil(t, ws)
		})
	}
	wrapped, err := Wrap(real.JSValue())
	require.NoError(t, err, "a real socket still wraps")
	assert.Equal(t, Open, wrapped.ReadyState())
}

// TestWrapSurvivesReplacedPrototype replaces WebSocket.prototype's getters
// and methods after the package has captured them, as later page code may:
// the package goes on using the engine's own.
func TestWrapSurvivesReplacedPrototype(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, id := openRecorded(ctx, t, "")
	restore := jsEval(`
		const names = ["readyState", "protocol", "url", "bufferedAmount", "binaryType", "close", "send"];
		const saved = names.map((n) => [n, Object.getOwnPropertyDescriptor(WebSocket.prototype, n)]);
		const boom = () => { throw new Error("replaced by the page") };
		for (const n of names) Object.defineProperty(WebSocket.prototype, n, {get: boom, set: boom, configurable: true});
		saved.push(["removeEventListener", Object.getOwnPropertyDescriptor(EventTarget.prototype, "removeEventListener")]);
		Object.defineProperty(EventTarget.prototype, "removeEventListener", {value: boom, configurable: true, writable: true});
		return () => {
			for (const [n, d] of saved) Object.defineProperty(n == "removeEventListener" ? EventTarget.prototype : WebSocket.prototype, n, d);
		}`)
	defer restore.Invoke()

	assert.Equal(t, Open, ws.ReadyState())
	assert.Equal(t, "arraybuffer", ws.BinaryType())
	require.NoError(t, ws.SendText("still works"))
	require.NoError(t, ws.Close(4000, "bye"))
	ev, err := ws.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4000, ev.Code)
	assert.Equal(t, "still works", recordOf(ctx, t, id).Messages[0].Data)
}

// syntheticEvents are events page JavaScript can dispatch on a socket.
// Under Node.js, where undici marks none of its own events trusted, the
// messages among them arrive: as the text nodeText, or as the error nodeErr.
var syntheticEvents = []struct {
	name     string
	make     string // a function body returning the event
	nodeText string
	nodeErr  error
}{
	{name: "open", make: `return new Event("open")`},
	{name: "close", make: `return new Event("close")`},
	{name: "error", make: `return new Event("error")`},
	{name: "close with a code", make: `return typeof CloseEvent == "function"
		? new CloseEvent("close", {code: 4321, reason: "fake", wasClean: true})
		: Object.assign(new Event("close"), {code: 4321, reason: "fake", wasClean: true})`},
	{name: "close whose getters throw", make: `const e = new Event("close");
		for (const p of ["code", "reason", "wasClean"]) Object.defineProperty(e, p, {get() { throw new Error("getter") }});
		return e`},
	{name: "message without data", make: `return new Event("message")`},
	{name: "message with text", make: `return new MessageEvent("message", {data: "synthetic"})`, nodeText: "synthetic"},
	{name: "message with a number", make: `return new MessageEvent("message", {data: 5})`, nodeErr: ErrMessageData},
	{name: "message with a plain object", make: `return new MessageEvent("message", {data: {byteLength: 3}})`, nodeErr: ErrMessageData},
	{name: "custom event named open", make: `return new CustomEvent("open", {detail: 1})`},
}

func dispatch(ws *WebSocket, body string) {
	ws.JSValue().Call("dispatchEvent", jsEval(body))
}

// TestSyntheticEventsAreIgnored dispatches every synthetic event on an open
// socket and requires it untouched: still OPEN for Go, no message or close
// made up (except the messages Node.js cannot tell apart), and the real
// traffic and close event after them delivered.
func TestSyntheticEventsAreIgnored(t *testing.T) {
	for _, tt := range syntheticEvents {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			startFuncs, startListeners := liveFuncs.Load(), liveListeners()
			ws, id := openRecorded(ctx, t, "")
			// open, error and close; the message box's push; its wake-up, armed.
			require.Equal(t, startListeners+5, liveListeners(), "the engine holds the package's five listeners")
			dispatch(ws, tt.make)

			assert.Equal(t, Open, ws.ReadyState())
			require.NoError(t, ws.SendText("after"), "send works after the event")
			if !isBrowser() && (tt.nodeText != "" || tt.nodeErr != nil) {
				msg, err := ws.Read(ctx)
				if tt.nodeErr != nil {
					assert.ErrorIs(t, err, tt.nodeErr)
				} else {
					require.NoError(t, err)
					assert.Equal(t, tt.nodeText, string(msg.Data))
				}
			}
			act(ctx, t, id, "do=send&type=text&data=real")
			msg, err := ws.Read(ctx)
			require.NoError(t, err, "the real message comes next")
			assert.Equal(t, Message{Type: Text, Data: []byte("real")}, msg)

			act(ctx, t, id, "do=close&code=4002&reason=server")
			ev, err := ws.Wait(ctx)
			require.NoError(t, err)
			assert.Equal(t, CloseEvent{WasClean: true, Code: 4002, Reason: "server"}, ev, "the real close event")
			assert.Equal(t, startFuncs, liveFuncs.Load(), "js.Funcs released")
			assert.Equal(t, startListeners, liveListeners(), "listeners removed")
			dispatch(ws, tt.make) // after the close: nobody listens
			_, err = ws.Read(ctx)
			assert.Equal(t, 4002, CloseStatus(err))
		})
	}
}

// TestSyntheticCloseInsideTheRealOne dispatches a fake close event from a
// page listener of the real close event, which runs before the package's:
// the package must report the real one.
func TestSyntheticCloseInsideTheRealOne(t *testing.T) {
	if !isBrowser() {
		t.Skip("undici marks no event trusted: a close event dispatched while CLOSED cannot be told from its own (see Undici)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	url, id := recordedURL(t, "")
	native := js.Global().Get("WebSocket").New(url)
	jsEval(`a.addEventListener("close", () => a.dispatchEvent(new CloseEvent("close", {code: 4321, wasClean: true})), {once: true})`, native)
	ws, err := Wrap(native)
	require.NoError(t, err)
	for ws.ReadyState() == Connecting {
		time.Sleep(2 * time.Millisecond)
	}
	act(ctx, t, id, "do=close&code=4003")
	ev, err := ws.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4003, ev.Code)
}

// TestSyntheticOpenWhileConnecting dispatches open on a socket the server
// holds in its handshake: Dial must go on waiting, and then succeed.
func TestSyntheticOpenWhileConnecting(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	url, id := recordedURL(t, "&hold=handshake")
	ws, err := New(url)
	require.NoError(t, err)
	dispatch(ws, `return new Event("open")`)
	select {
	case <-ws.opened:
		t.Fatal("a synthetic open event opened the socket for Go")
	case <-time.After(20 * time.Millisecond):
	}
	assert.Equal(t, Connecting, ws.ReadyState())
	_, err = fetchText(ctx, "http://"+recorderAddr(t)+"/release?id="+id)
	require.NoError(t, err)
	select {
	case <-ws.opened:
	case <-ctx.Done():
		t.Fatal("the real open event did not come")
	}
	require.NoError(t, ws.Close(CodeNormalClosure, ""))
}

// TestListenerIsTotal calls the package's event handler the way page code
// that got hold of it could: with no event, with values that are not
// events, with objects whose every access throws. Nothing may panic or
// reach the handlers.
func TestListenerIsTotal(t *testing.T) {
	n := jsNatives()
	require.NotNil(t, n)
	calls := 0
	h := socketEvents{
		open:       func() { calls++ },
		message:    func(MessageType, int, func() []byte) { calls++ },
		badMessage: func(error) { calls++ },
		error:      func() { calls++ },
		close:      func(CloseEvent) bool { calls++; return true },
	}
	values := []string{
		`return undefined`, `return null`, `return 5`, `return "open"`, `return Symbol("x")`,
		`return {type: "open", isTrusted: true, data: "x"}`,
		`const boom = () => { throw new Error("trap") }; return new Proxy(new Event("open"), {get: boom, getPrototypeOf: boom})`,
		`return new Proxy(new MessageEvent("message", {data: "x"}), {})`,
		`return Object.create(Event.prototype)`,
	}
	removed := 0
	for _, body := range values {
		assert.NotPanics(t, func() { handleEvent(n, jsEval(body), h, func() { removed++ }) }, body)
	}
	if isBrowser() {
		assert.Zero(t, calls, "handlers called for values that are no engine events")
	}
	assert.Zero(t, removed)
}

// TestUnreadableMessagesAreReportedInPlace changes binaryType behind the
// package's back: each Blob message is reported in its place with
// ErrBinaryType, and every other message is still delivered, in order.
func TestUnreadableMessagesAreReportedInPlace(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, id := openRecorded(ctx, t, "")
	if js.Global().Get("Blob").IsUndefined() {
		t.Skip("this engine has no Blob")
	}
	ws.JSValue().Set("binaryType", "blob")
	act(ctx, t, id, "do=send&type=text&data=before")
	act(ctx, t, id, "do=send&type=binary&data=0102")
	act(ctx, t, id, "do=send&type=text&data=after")
	act(ctx, t, id, "do=send&type=binary&data=0304")

	want := []struct {
		msg Message
		err error
	}{
		{Message{Type: Text, Data: []byte("before")}, nil},
		{Message{}, ErrBinaryType},
		{Message{Type: Text, Data: []byte("after")}, nil},
		{Message{}, ErrBinaryType},
	}
	for i, w := range want {
		msg, err := ws.Read(ctx)
		if w.err != nil {
			assert.ErrorIs(t, err, w.err, "message %d", i)
			continue
		}
		require.NoError(t, err, "message %d", i)
		assert.Equal(t, w.msg, msg, "message %d", i)
	}

	ws.JSValue().Set("binaryType", "arraybuffer")
	act(ctx, t, id, "do=send&type=binary&data=0506")
	msg, err := ws.Read(ctx)
	require.NoError(t, err, "binary messages are read again once binaryType is back")
	assert.Equal(t, Message{Type: Binary, Data: []byte{5, 6}}, msg)
	assert.Equal(t, Open, ws.ReadyState())

	require.NoError(t, ws.Close(CodeNormalClosure, ""))
	_, err = ws.Read(ctx)
	assert.Equal(t, CodeNormalClosure, CloseStatus(err))
}

// TestZeroWebSocket calls every method on WebSocket{} and on a nil
// *WebSocket: errors and zero values, no panic.
func TestZeroWebSocket(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	for name, ws := range map[string]*WebSocket{"zero": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			require.NotPanics(t, func() {
				assert.ErrorIs(t, ws.Close(CodeNormalClosure, ""), ErrNotWebSocket)
				assert.ErrorIs(t, ws.CloseWith(CloseArgs{}), ErrNotWebSocket)
				assert.ErrorIs(t, ws.SendText("x"), ErrNotWebSocket)
				assert.ErrorIs(t, ws.SendBinary([]byte{1}), ErrNotWebSocket)
				_, err := ws.Read(ctx)
				assert.ErrorIs(t, err, ErrNotWebSocket)
				_, err = ws.Wait(ctx)
				assert.ErrorIs(t, err, ErrNotWebSocket)
				assert.ErrorIs(t, ws.WaitBuffered(ctx, 0), ErrNotWebSocket)
				assert.Equal(t, Closed, ws.ReadyState())
				assert.Equal(t, 0, ws.BufferedAmount())
				assert.Empty(t, ws.URL()+ws.Protocol()+ws.Extensions()+ws.BinaryType())
				assert.True(t, ws.JSValue().IsUndefined())
				ws.SetReadLimit(10)
				ws.SetEngine(Undici)
				assert.Equal(t, HostEngine(), ws.Engine())
			})
		})
	}
	assert.NoError(t, ctx.Err(), "no call waited for the context")
	assert.False(t, errors.Is(ErrNotWebSocket, ErrClosed))
}

// TestHostEngineProbe requires the engine probe to name the engine the
// test runs in (told here, where the page is not hostile, by the user
// agent and Node.js's own globals), and not to be fooled by the globals a
// page can set.
func TestHostEngineProbe(t *testing.T) {
	want := Undici
	if nav := js.Global().Get("navigator"); nav.Type() == js.TypeObject && !strings.HasPrefix(nav.Get("userAgent").String(), "Node.js") {
		switch s := nav.Get("userAgent").String(); {
		case strings.Contains(s, "Firefox/"):
			want = Firefox
		case strings.Contains(s, "Chrome/"):
			want = Chromium
		case strings.Contains(s, "AppleWebKit/"):
			want = WebKit
		}
	}
	assert.Equal(t, want, HostEngine(), "in %s", hostContext())

	restore := jsEval(`
		const had = Object.getOwnPropertyDescriptor(globalThis, "process");
		globalThis.process = a ? undefined : {versions: {node: "20.0.0"}, release: {name: "node"}};
		return () => had ? Object.defineProperty(globalThis, "process", had) : delete globalThis.process`, want == Undici)
	defer restore.Invoke()
	n := jsNatives()
	assert.Equal(t, want, probeEngine(n), "with process changed")
}

// TestExceptionOfHostileValues throws what page code can throw through a
// call the package catches: primitives, errors whose name or message
// getters throw, Proxies whose traps throw. The error must describe what
// can be read and nothing may panic.
func TestExceptionOfHostileValues(t *testing.T) {
	tests := []struct {
		name  string
		throw string // a function body run by the call
		want  Exception
	}{
		{"a number", `throw 5`, Exception{Name: "Error", Message: "5"}},
		{"a string", `throw "plain"`, Exception{Name: "Error", Message: "plain"}},
		{"null", `throw null`, Exception{Name: "Error", Message: "null"}},
		{"a TypeError", `throw new TypeError("t")`, Exception{Name: "TypeError", Message: "t"}},
		{"a DOMException", `throw new DOMException("m", "SyntaxError")`, Exception{Name: "SyntaxError", Message: "m", DOMException: true}},
		{"throwing name getter", `throw {get name() { throw new Error("no") }, message: "kept"}`, Exception{Name: "Error", Message: "kept"}},
		{"Proxy whose traps throw", `const boom = () => { throw new Error("trap") };
			throw new Proxy(new DOMException("m", "SyntaxError"), {get: boom, getPrototypeOf: boom})`, Exception{Name: "Error"}},
		{"a non-string name", `throw {name: 7, message: {}}`, Exception{Name: "Error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			thrower := js.Global().Get("Function").New(tt.throw)
			var err error
			require.NotPanics(t, func() {
				func() {
					defer catchException(&err)
					thrower.Invoke()
				}()
			})
			var exc *Exception
			require.ErrorAs(t, err, &exc)
			assert.Equal(t, tt.want, *exc)
		})
	}
}

// TestSyntheticFloodOverflowsTheBox dispatches 200 made-up message events
// at once, three times a full box: each overflow drains the box into Go
// from inside the page's own dispatchEvent, which must drop every one of
// them and still deliver the real message after them, then the close.
func TestSyntheticFloodOverflowsTheBox(t *testing.T) {
	if !isBrowser() {
		t.Skip("undici marks no event trusted: its made-up messages are delivered (see TestSyntheticEventsAreIgnored)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	startFuncs := liveFuncs.Load()
	ws, id := openRecorded(ctx, t, "")
	jsEval(`return (ws) => { for (let i = 0; i < 200; i++) ws.dispatchEvent(new MessageEvent("message", {data: "fake"})); }`).Invoke(ws.JSValue())
	act(ctx, t, id, "do=send&type=text&data=real")
	msg, err := ws.Read(ctx)
	require.NoError(t, err)
	assert.Equal(t, Message{Type: Text, Data: []byte("real")}, msg, "the made-up messages dropped")
	assert.LessOrEqual(t, ws.inbox.largest, 64, "events in one batch")
	act(ctx, t, id, "do=close&code=4002&reason=server")
	_, err = ws.Read(ctx)
	assert.Equal(t, 4002, CloseStatus(err))
	assert.Equal(t, startFuncs, liveFuncs.Load(), "js.Funcs released")
}

// TestMadeUpEventsInsideAFlood has page code answer each real message
// event, from its own listener, with a made-up MessageEvent of 7 bytes
// dispatched on the socket at once, inside the real one's dispatch, while
// 300 real messages of 5 bytes are echoed back to back and read: the box
// overflows in the middle of such nested dispatches. Every tenth real
// message is answered with 70 made-up ones, which overflow the box by
// themselves: in Chromium, in a full run of the suite, the one-for-one
// answers alone once left it under its limit. Every real message must come
// once, in order; the made-up ones are dropped in browsers and delivered
// under undici, which marks no event trusted. (With a second box swapped
// in during the dispatch, Node.js delivered a real message twice and lost
// another here.)
func TestMadeUpEventsInsideAFlood(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws, _ := openRecorded(ctx, t, "&echo=1")
	stop := jsEval(`
		const mine = new WeakSet();
		let real = 0;
		const answer = (ev) => {
			if (mine.has(ev)) return;
			for (let i = ++real % 10 === 0 ? 70 : 1; i > 0; i--) {
				const made = new MessageEvent("message", {data: new ArrayBuffer(7)});
				mine.add(made);
				a.dispatchEvent(made);
			}
		};
		a.addEventListener("message", answer);
		return () => a.removeEventListener("message", answer);`, ws.JSValue())
	defer stop.Invoke()
	const count = 300
	madeUp := echoInOrder(ctx, t, ws, count)
	if isBrowser() {
		assert.Zero(t, madeUp, "made-up messages delivered")
	}
	t.Logf("%v in %s: %d real messages in order, %d made-up ones delivered, %d overflows", HostEngine(), hostContext(), count, madeUp, ws.inbox.overflows)
	assert.Positive(t, ws.inbox.overflows, "the box overflowed")
	require.NoError(t, ws.Close(CodeNormalClosure, ""))
	_, err := ws.Wait(ctx)
	require.NoError(t, err)
}

// echoInOrder sends count binary messages of 5 bytes to ws's echo server
// and reads until all count are back: each once, in order. It returns how
// many other messages (of another length: made up by page code) came
// meanwhile.
func echoInOrder(ctx context.Context, t *testing.T, ws *WebSocket, count int) (others int) {
	t.Helper()
	for i := range count {
		require.NoError(t, ws.SendBinary([]byte{byte(i), byte(i >> 8), 1, 2, 3}))
	}
	for real := 0; real < count; {
		msg, err := ws.Read(ctx)
		require.NoError(t, err, "after %d real messages", real)
		if len(msg.Data) != 5 {
			others++
			continue
		}
		require.Equal(t, []byte{byte(real), byte(real >> 8), 1, 2, 3}, msg.Data, "real message %d", real)
		real++
	}
	return others
}

// TestProxyEventsInsideAFlood has page code answer every tenth real
// message event with Proxies passed off as message events, dispatched on
// the socket inside the real one's dispatch: one of the real event, whose
// traps forward everything, and one of a made-up event whose get trap
// dispatches yet another event when the package reads it. Only undici
// dispatches a Proxy (browsers throw, which the page code catches); there
// the box then mixes kinds of event, so the batch is read event by event.
// Every real message must come once, in order.
func TestProxyEventsInsideAFlood(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ws, _ := openRecorded(ctx, t, "&echo=1")
	stop := jsEval(`
		const mine = new WeakSet();
		let real = 0;
		const dispatch = (ev) => { mine.add(ev); try { a.dispatchEvent(ev) } catch {} };
		const answer = (ev) => {
			if (mine.has(ev) || ++real % 10 !== 0) return;
			dispatch(new Proxy(ev, {}));
			const made = new MessageEvent("message", {data: new ArrayBuffer(7)});
			dispatch(new Proxy(made, {get(target, key, receiver) {
				dispatch(new MessageEvent("message", {data: new ArrayBuffer(7)}));
				return Reflect.get(target, key);
			}}));
		};
		a.addEventListener("message", answer);
		return () => a.removeEventListener("message", answer);`, ws.JSValue())
	defer stop.Invoke()
	const count = 300
	others := echoInOrder(ctx, t, ws, count)
	if isBrowser() {
		assert.Zero(t, others, "made-up messages delivered")
	}
	t.Logf("%v in %s: %d real messages in order, once each; %d others delivered", HostEngine(), hostContext(), count, others)
	require.NoError(t, ws.Close(CodeNormalClosure, ""))
	_, err := ws.Wait(ctx)
	require.NoError(t, err)
}

// TestCaptureSurvivesThrowingGetters has page code put getters that throw
// in the way of what the package captures first: the capture must end
// with no natives, never with the program, and succeed again once the
// page is restored.
func TestCaptureSurvivesThrowingGetters(t *testing.T) {
	const throwing = `{configurable: true, get() { throw new Error("a getter of the page") }}`
	tests := []struct {
		name   string
		target string // an expression, evaluated before the change
		key    string
		change string // run with target as t and key as k
	}{
		{"the global WebSocket", "globalThis", "WebSocket", "Object.defineProperty(t, k, " + throwing + ")"},
		{"the global Object", "globalThis", "Object", "Object.defineProperty(t, k, " + throwing + ")"},
		{"a global the package can do without", "globalThis", "MessageChannel", "Object.defineProperty(t, k, " + throwing + ")"},
		{"a Proxy as WebSocket", "globalThis", "WebSocket", "t[k] = new Proxy(t[k], {get() { throw new Error(\"a trap of the page\") }})"},
		{"TextEncoder's encode", "TextEncoder.prototype", "encode", "Object.defineProperty(t, k, " + throwing + ")"},
		{"Function.prototype.bind", "Function.prototype", "bind", "Object.defineProperty(t, k, " + throwing + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			restore := jsEval(`const t = `+tt.target+`, k = a;
				const had = Object.getOwnPropertyDescriptor(t, k), define = Object.defineProperty;
				`+tt.change+`;
				return () => define(t, k, had)`, tt.key)
			n := captureNatives()
			restore.Invoke()
			assert.Nil(t, n)
		})
	}
	assert.NotNil(t, captureNatives(), "once restored")
}
