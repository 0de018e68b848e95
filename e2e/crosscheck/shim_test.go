package crosscheck

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gowasm/browserws/e2e/vectors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShimHTMLDDA runs the vectors of e2e/testdata/htmldda.json, where
// document.all (an [[IsHTMLDDA]] object: typeof "undefined", == null, yet an
// object and callable) is a code, a reason, or their valueOf, toString or
// Symbol.toPrimitive, natively and through the shim. In Chromium they show
// whether the shim follows the engine's GetMethod and IsCallable; in Node,
// which has no document, the same scripts pass undefined in its place.
func TestShimHTMLDDA(t *testing.T) {
	list, err := vectors.Load(filepath.Join(testEnv.Root, "e2e", "testdata", "htmldda.json"))
	require.NoError(t, err)
	ctx := testContext(t, 2*time.Minute)
	t.Run("chromium", func(t *testing.T) {
		page, err := testBrowser.OpenPage(ctx, testEnv.URL+"/harness.html")
		require.NoError(t, err)
		defer page.Close()
		dda, err := Evaluate[bool](ctx, page, `typeof document.all === "undefined" && document.all !== undefined && document.all == null`)
		require.NoError(t, err)
		require.True(t, dda, "document.all is an [[IsHTMLDDA]] object in this Chromium")

		results, err := testBrowser.RunChromium(ctx, testEnv, list, Options{})
		require.NoError(t, err)
		requireAllAgree(t, results)
	})
	t.Run("undici", func(t *testing.T) {
		results, err := RunNode(ctx, testEnv, list, Options{Concurrency: 8})
		require.NoError(t, err)
		requireAllAgree(t, results)
	})
}

// probe makes body, the body of an async JavaScript function, an expression
// for [inBothEngines], with these in scope, all taken before body runs (so
// before it can replace any global):
//
//   - shimURL: the absolute URL of shim.wasm, missingURL one that is not found
//   - shim: browserwsShim; nativeClose: WebSocket.prototype.close as the engine has it
//   - describe(e): "[DOMException ]name: message" of a thrown value
//   - attempt(source, options): "loaded" or "rejected: <message>" for shim.load
//   - compare(around): each call of a list of refused and accepted ones,
//     made with nativeClose and then with the close now on
//     WebSocket.prototype, on fresh sockets: [{call, native, now}], each
//     side "returned" or describe(exception). The second round runs inside
//     around(run), which returns run(); the native round never does.
func probe(body string) string {
	return `(async () => {
	const shimURL = ` + strconv.Quote(testEnv.URL+"/shim.wasm") + `;
	const missingURL = ` + strconv.Quote(testEnv.URL+"/missing.wasm") + `;
	const shim = globalThis.browserwsShim;
	const WebSocketRef = WebSocket, DOMExceptionRef = DOMException, applyRef = Reflect.apply;
	const nativeClose = WebSocketRef.prototype.close;
	const describe = (e) => (e instanceof DOMExceptionRef ? "DOMException " : "") + e.name + ": " + e.message;
	async function attempt(source, options) {
		try { await shim.load(source, options); return "loaded"; } catch (e) { return "rejected: " + e.message; }
	}
	const probeCalls = [
		["close(1001)", [1001]],
		["close('1001')", ["1001"]],
		["close(1000, 124 bytes)", [1000, "x".repeat(124)]],
		["close(3000, object of 124 bytes)", [3000, {toString() { return "é".repeat(62); }}]],
		["close(Symbol())", [Symbol()]],
		["close(10n)", [10n]],
		["close({[Symbol.toPrimitive]: 1})", [{[Symbol.toPrimitive]: 1}]],
		["close({valueOf() { return {}; }, toString() { return {}; }})", [{valueOf() { return {}; }, toString() { return {}; }}]],
		["close(3000, 'fine')", [3000, "fine"]],
		["close(4000, 43 code units)", [4000, "y".repeat(43)]],
	];
	function compare(around = (run) => run()) {
		const once = (close, ws, args) => {
			try { applyRef(close, ws, args); return "returned"; } catch (e) { return describe(e); }
		};
		const fresh = () => probeCalls.map(() => new WebSocketRef("ws://127.0.0.1:1/"));
		const round = (close, sockets) => probeCalls.map(([, args], i) => once(close, sockets[i], args)).concat([once(close, {}, [])]);
		const native = round(nativeClose, fresh());
		const now = WebSocketRef.prototype.close;
		const sockets = fresh();
		const shimmed = around(() => round(now, sockets));
		return native.map((n, i) => ({call: i < probeCalls.length ? probeCalls[i][0] : "close.call({})", native: n, now: shimmed[i]}));
	}
	` + body + `
})()`
}

// A closeCall is one call of compare() in [probe].
type closeCall struct {
	Call   string `json:"call"`
	Native string `json:"native"`
	Now    string `json:"now"`
}

// assertSameAsNative checks each call of compare() against the native close.
func assertSameAsNative(t *testing.T, calls []closeCall, msgAndArgs ...any) {
	t.Helper()
	require.NotEmpty(t, calls, msgAndArgs...)
	for _, c := range calls {
		assert.Equal(t, c.Native, c.Now, "%s %v", c.Call, msgAndArgs)
	}
}

// inBothEngines evaluates expression in a Chromium page (harness.html) and
// in Node.js, each with wasm_exec.js and web/shim.js loaded and shim.wasm not
// started, and checks each engine's value with check.
func inBothEngines[T any](t *testing.T, expression string, check func(t *testing.T, got T)) {
	t.Helper()
	t.Run("chromium", func(t *testing.T) {
		ctx := testContext(t, 30*time.Second)
		page, err := testBrowser.OpenPage(ctx, testEnv.URL+"/harness.html")
		require.NoError(t, err)
		defer page.Close()
		got, err := Evaluate[T](ctx, page, expression)
		require.NoError(t, err)
		check(t, got)
	})
	t.Run("node", func(t *testing.T) {
		ctx := testContext(t, 30*time.Second)
		got, err := EvaluateNode[T](ctx, testEnv, expression)
		require.NoError(t, err)
		check(t, got)
	})
}

// TestShimLoadRetries: a load that fails leaves nothing cached, so the next
// load with the right source starts the shim.
func TestShimLoadRetries(t *testing.T) {
	type outcome struct {
		Bad, Good string
		Installed bool
		Calls     []closeCall
	}
	for _, tc := range []struct{ name, source string }{
		{"a URL that is not found", "missingURL"},
		{"bytes that are not WebAssembly", "new Uint8Array([1, 2, 3, 4])"},
		{"a WebAssembly module that is not a Go program", "new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inBothEngines(t, probe(`
				const bad = await attempt(`+tc.source+`);
				const good = await attempt(shimURL);
				shim.install();
				const out = {bad, good, installed: shim.installed, calls: compare()};
				shim.uninstall();
				return out;`),
				func(t *testing.T, got outcome) {
					assert.Contains(t, got.Bad, "rejected")
					assert.Equal(t, "loaded", got.Good, "the right source after a failed one")
					assert.True(t, got.Installed)
					assertSameAsNative(t, got.Calls)
				})
		})
	}
}

// TestShimGlobalsCannotBreakIt does to an installed shim what any script of
// the page can do by a plain name, and requires close to behave as the
// native close of an untouched page, and installed to tell the truth.
func TestShimGlobalsCannotBreakIt(t *testing.T) {
	// undici's own close and readyState read these by name on every call
	// (Number.isNaN, Object.hasOwn, Math.pow, Buffer.byteLength, new
	// TypeError("Illegal invocation")), so in Node a page that replaces them
	// breaks the native close itself: not the shim's to fix.
	const undiciReads = `["Number", "Object", "Math", "Buffer", "TypeError"]`
	type outcome struct {
		Published  []string
		Calls      []closeCall
		Installed  bool
		IsShim     bool
		IsNative   bool
		Misses     int
		CallsAfter []closeCall
	}
	for _, tc := range []struct {
		name string
		// action is run by compare's around(run), with the shim installed,
		// and returns run().
		action string
		stays  bool // the shim must still be installed after it
	}{
		{
			name: "calls then overwrites each global the shim's Go program published",
			action: `for (const n of published) {
				try { if (typeof globalThis[n] === "function") globalThis[n](); } catch (e) {}
				globalThis[n] = () => null;
			}
			return run();`,
			stays: true,
		},
		{
			name:   "replaces the globals shim.js uses",
			action: `return replacing(["DOMException", "TypeError", "Error", "Number", "String", "Object", "Array", "Map", "Symbol", "Proxy", "Function", "WebSocket", "Go", "browserwsShim"], run);`,
			stays:  true,
		},
		{
			name: "replaces the globals wasm_exec.js reads on each call into Go",
			action: `return replacing(["Reflect", "String", "Math", "isNaN", "Array", "Uint8Array", "Uint8ClampedArray",
				"DataView", "Date", "performance", "crypto", "setTimeout", "clearTimeout"], run);`,
			stays: true,
		},
		{
			// In Node, undici's own close calls it by name: the page
			// would break the native close itself (see above).
			name: "replaces a built-in method shim.js calls",
			action: `if (typeof document === "undefined") return run();
			const saved = describeProperty(String.prototype, "toWellFormed");
			String.prototype.toWellFormed = () => "replaced by the page ".repeat(10);
			try { return run(); } finally { define(String.prototype, "toWellFormed", saved); }`,
			stays: true,
		},
		{
			// wasm_exec.js calls them too, so the shim may have to step
			// aside, but it must not take the page's answers for Go's.
			name: "replaces the Map and Array methods wasm_exec.js calls",
			action: `const methods = [[Map.prototype, "get"], [Map.prototype, "set"], [Array.prototype, "push"]];
			const saved = methods.map(([o, n]) => describeProperty(o, n));
			const bad = {get: () => null, set: function () { return this; }, push: function () { return this.length; }};
			for (const [o, n] of methods) o[n] = bad[n];
			try { return run(); } finally { methods.forEach(([o, n], i) => define(o, n, saved[i])); }`,
		},
		{
			name: "replaces them with values that are there to stay",
			action: `for (const n of ["Reflect", "String"]) define(globalThis, n, {value: () => null, writable: false, configurable: false});
			return run();`,
		},
		{
			name: "puts descriptor fields on Object.prototype around uninstall and install",
			action: `Object.prototype.get = function () { return null; };
			Object.prototype.set = function () {};
			try {
				shim.uninstall();
				if (WebSocketRef.prototype.close !== nativeClose) throw new Error("uninstall did not restore the native close");
				shim.install();
				return run();
			} finally {
				delete Object.prototype.get;
				delete Object.prototype.set;
			}`,
			stays: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inBothEngines(t, probe(`
				await shim.load(shimURL);
				shim.install();
				const shimClose = WebSocketRef.prototype.close;
				const misses = shim.validatorMisses;
				const published = Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith("browserwsShim") && n !== "browserwsShim");
				const skip = typeof document === "undefined" ? `+undiciReads+` : [];
				const define = Object.defineProperty, describeProperty = Object.getOwnPropertyDescriptor;
				function replacing(names, run) {
					names = names.filter((n) => !skip.includes(n));
					const saved = names.map((n) => describeProperty(globalThis, n));
					for (const n of names) globalThis[n] = function () { return null; };
					try { return run(); } finally { names.forEach((n, i) => define(globalThis, n, saved[i])); }
				}
				const calls = compare((run) => { `+tc.action+` });
				const out = {published, calls, installed: shim.installed, isShim: WebSocketRef.prototype.close === shimClose,
					isNative: WebSocketRef.prototype.close === nativeClose, misses: shim.validatorMisses - misses};
				out.callsAfter = compare();
				shim.uninstall();
				return out;`),
				func(t *testing.T, got outcome) {
					assert.Empty(t, got.Published, "globals the page can reach")
					assertSameAsNative(t, got.Calls, "meanwhile")
					assertSameAsNative(t, got.CallsAfter, "afterwards")
					assert.Zero(t, got.Misses, "calls the validator accepted and the native close refused")
					assert.Equal(t, got.IsShim, got.Installed, "installed tells the truth")
					assert.True(t, got.IsShim || got.IsNative, "close is the shim's or the native one")
					if tc.stays {
						assert.True(t, got.Installed, "the shim is still installed")
					}
				})
		})
	}
}

// TestShimStop: stop uninstalls the shim before it ends the Go program, so
// close is native again and installed says false; the shim then loads and
// installs again. installed also tells the truth when page code replaces
// close itself.
func TestShimStop(t *testing.T) {
	type outcome struct {
		StopBeforeLoad string
		Installed      bool
		Native         bool
		Calls          []closeCall
		Reload         string
		Reinstalled    bool
		ShimAgain      bool
		CallsAgain     []closeCall
		StopTwice      string
		Replaced       bool
		AfterUninstall bool
	}
	inBothEngines(t, probe(`
		const out = {};
		try { shim.stop(); out.stopBeforeLoad = "returned"; } catch (e) { out.stopBeforeLoad = describe(e); }
		await shim.load(shimURL);
		shim.install();
		shim.stop();
		out.installed = shim.installed;
		out.native = WebSocketRef.prototype.close === nativeClose;
		out.calls = compare();
		out.reload = await attempt(shimURL);
		shim.install();
		out.reinstalled = shim.installed;
		out.shimAgain = WebSocketRef.prototype.close !== nativeClose;
		out.callsAgain = compare();
		WebSocketRef.prototype.close = function close() {};
		out.replaced = shim.installed;
		shim.uninstall();
		out.afterUninstall = WebSocketRef.prototype.close === nativeClose;
		shim.stop();
		try { shim.stop(); out.stopTwice = "returned"; } catch (e) { out.stopTwice = describe(e); }
		return out;`),
		func(t *testing.T, got outcome) {
			assert.Equal(t, "returned", got.StopBeforeLoad)
			assert.False(t, got.Installed, "installed after stop")
			assert.True(t, got.Native, "close is native after stop")
			assertSameAsNative(t, got.Calls, "after stop")
			assert.Equal(t, "loaded", got.Reload)
			assert.True(t, got.Reinstalled)
			assert.True(t, got.ShimAgain)
			assertSameAsNative(t, got.CallsAgain, "loaded again")
			assert.False(t, got.Replaced, "installed once page code has replaced close")
			assert.True(t, got.AfterUninstall)
			assert.Equal(t, "returned", got.StopTwice)
		})
}

// TestShimUndetectable compares what page code can learn about close
// without calling it successfully, natively and with the shim installed:
// the messages that render the function (Reflect.construct, new, extends),
// its own properties, and a refused call's exception and stack. Only
// Function.prototype.toString cannot give the native text without patching
// a global (see web/shim.js): there the shim must render as the engine
// renders a callable that is not a plain function (a Proxy of the native
// close), never its own source.
func TestShimUndetectable(t *testing.T) {
	type facts struct {
		ToString                             string
		Construct, NewTarget, Extends, NewOp string
		Name                                 string
		Length                               int
		Keys, Typeof                         string
		HasPrototype, FunctionProto          bool
		ErrorKeys, Stack                     string
	}
	type outcome struct {
		Native, Shim, Proxy facts
	}
	inBothEngines(t, probe(`
		await shim.load(shimURL);
		const render = (f) => { try { return "returned " + String(f()); } catch (e) { return describe(e); } };
		function stackOf(close) {
			const ws = new WebSocketRef("ws://127.0.0.1:1/");
			try { close.call(ws, 1001); return {errorKeys: "none thrown", stack: ""}; }
			catch (e) { return {errorKeys: Reflect.ownKeys(e).map(String).join(","), stack: String(e.stack)}; }
		}
		function facts(close) {
			return Object.assign({
				toString: Function.prototype.toString.call(close),
				construct: render(() => Reflect.construct(close, [])),
				newTarget: render(() => Reflect.construct(Object, [], close)),
				extends: render(() => { class Sub extends close {} return Sub; }),
				newOp: render(() => new close()),
				name: close.name, length: close.length,
				keys: Reflect.ownKeys(close).map(String).join(","), typeof: typeof close,
				hasPrototype: "prototype" in close, functionProto: Object.getPrototypeOf(close) === Function.prototype,
			}, stackOf(close));
		}
		const out = {};
		for (const which of ["native", "proxy", "shim"]) { // one call site, so stacks can match
			if (which === "shim") shim.install();
			out[which] = facts(which === "native" ? nativeClose : which === "proxy" ? new Proxy(nativeClose, {}) : WebSocketRef.prototype.close);
		}
		shim.uninstall();
		return out;`),
		func(t *testing.T, got outcome) {
			t.Logf("native toString: %q", got.Native.ToString)
			t.Logf("shim toString:   %q", got.Shim.ToString)
			t.Logf("native construct: %q; native stack: %q; shim stack: %q", got.Native.Construct, got.Native.Stack, got.Shim.Stack)
			assert.Equal(t, got.Proxy.ToString, got.Shim.ToString, "toString renders as the engine renders a Proxy of the native close")
			assert.NotContains(t, got.Shim.ToString, "checkReceiver")
			assert.NotContains(t, got.Shim.Construct+got.Shim.NewTarget+got.Shim.Extends+got.Shim.Stack, "shim.js")
			want, have := got.Native, got.Shim
			want.ToString, have.ToString = "", ""
			if strings.Contains(want.Stack, "node:internal/") {
				// undici's DOMException names its own frames
				// (node:internal/...), which no script can reproduce.
				want.Stack, have.Stack = "", ""
			}
			assert.Equal(t, want, have, "what native reveals besides toString")
		})
}
