//go:build js && wasm

package browserws

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/gowasm/browserws/e2e/recorder"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCloseSendsExactlyTheArguments closes one socket through the Go API and
// another with the native close given the same values, and compares what the
// server received. Rows with a wire frame the WebSocket standard fixes also
// check it: no body for close(), the reason as the JS string it became.
func TestCloseSendsExactlyTheArguments(t *testing.T) {
	tests := []struct {
		name string
		args CloseArgs
		want *recorder.Frame // nil: only compared with native
	}{
		{"close()", CloseArgs{}, &recorder.Frame{Code: 1005}},
		{"code only", code(1000), &recorder.Frame{Code: 1000}},
		{"code and empty reason", codeReason(3000, ""), &recorder.Frame{Code: 3000}},
		{"code and reason", codeReason(4999, "bye"), &recorder.Frame{Code: 4999, Reason: "bye"}},
		{"fraction converted", codeReason(3000.4, "f"), &recorder.Frame{Code: 3000, Reason: "f"}},
		{"123-byte reason", codeReason(4000, repeatTo("😀", 123)), &recorder.Frame{Code: 4000, Reason: repeatTo("😀", 123)}},
		{"invalid UTF-8 sent as U+FFFD", codeReason(4000, "a\xffb"), &recorder.Frame{Code: 4000, Reason: "a\uFFFDb"}},
		{"truncated sequence is one U+FFFD", codeReason(4000, "\xf0\x9f\x98!"), &recorder.Frame{Code: 4000, Reason: "\uFFFD!"}},
		{"leading BOM kept", codeReason(4000, "\uFEFFhi"), &recorder.Frame{Code: 4000, Reason: "\uFEFFhi"}},
		{"only a BOM", codeReason(4000, "\uFEFF"), &recorder.Frame{Code: 4000, Reason: "\uFEFF"}},
		{"two BOMs", codeReason(4000, "\uFEFF\uFEFFx"), &recorder.Frame{Code: 4000, Reason: "\uFEFF\uFEFFx"}},
		{"BOM with 120 bytes is 123", codeReason(4000, "\uFEFF"+repeatTo("a", 120)), &recorder.Frame{Code: 4000, Reason: "\uFEFF" + repeatTo("a", 120)}},
		{"BOM with 121 bytes is refused", codeReason(4000, "\uFEFF"+repeatTo("a", 121)), nil},
		{"reason without code", CloseArgs{Reason: "r", HasReason: true}, nil},
		{"refused code", code(1001), nil},
		{"refused reason", codeReason(1000, repeatTo("a", 121)+"\x80"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			viaGo, goID := openRecorded(ctx, t, "")
			viaNative, nativeID := openRecorded(ctx, t, "")

			goErr := viaGo.CloseWith(tt.args)
			nativeErr := viaNative.sock.close(tt.args)
			assertSameOutcome(t, nativeErr, goErr)
			if goErr != nil {
				assert.Equal(t, Open, viaGo.ReadyState(), "a refused close must leave the socket alone")
				require.NoError(t, viaGo.CloseWith(CloseArgs{}))
				require.NoError(t, viaNative.CloseWith(CloseArgs{}))
			}

			goRecord, nativeRecord := record(ctx, t, goID), record(ctx, t, nativeID)
			require.NotNil(t, nativeRecord.Frame, "native close sent no frame")
			require.NotNil(t, goRecord.Frame, "Go close sent no frame")
			assert.Equal(t, nativeRecord.Frame, goRecord.Frame)
			if tt.want != nil {
				tt.want.ReasonHex = hexOf(tt.want.Reason)
				assert.Equal(t, tt.want, goRecord.Frame)
			}

			ev, err := viaGo.Wait(ctx)
			require.NoError(t, err)
			nativeEv, err := viaNative.Wait(ctx)
			require.NoError(t, err)
			// The event's reason is the engine's decoding of the frame
			// the server echoed: undici drops a leading U+FEFF there.
			assert.Equal(t, nativeEv, ev)
			assert.Equal(t, goRecord.Frame.Code, ev.Code)
			assert.Equal(t, Closed, viaGo.ReadyState())
		})
	}
}

// TestCloseOutcomeMatchesNative gives the validator, the Go API and the
// native close the same Go values, table rows and random ones, and requires
// the native outcome from the other two: the same exception, word for word,
// or none.
func TestCloseOutcomeMatchesNative(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	ws, _ := openRecorded(ctx, t, "")
	engine := HostEngine()
	t.Logf("host engine: %v, in %s", engine, hostContext())

	seed := testSeed(t)
	inputs := tableInputs()
	rng := rand.New(rand.NewPCG(seed, seed))
	for range 2000 {
		inputs = append(inputs, randomCloseArgs(rng))
	}

	counts := map[string]int{}
	for _, args := range inputs {
		native := ws.sock.close(args)
		validated := ValidateClose(engine, args)
		viaGo := ws.CloseWith(args)
		if !sameOutcome(native, validated) || !sameOutcome(native, viaGo) {
			t.Errorf("%+v: native %v, validator %v, Go API %v", args, native, validated, viaGo)
			continue
		}
		var exc *Exception
		if errors.As(native, &exc) {
			counts[exc.Name]++
		} else {
			counts["accepted"]++
		}
	}
	t.Logf("%d inputs agree with native %v close: %v", len(inputs), engine, counts)
	require.Positive(t, counts["accepted"])
	require.Positive(t, counts["InvalidAccessError"])
	require.Positive(t, counts["SyntaxError"])
}

func tableInputs() []CloseArgs {
	inputs := []CloseArgs{{}, {HasReason: true}, {Reason: "r", HasReason: true}}
	for _, c := range []float64{0, 999, 999.5, 1000, 1000.5, 1000.6, 1000.9, 1001, 1001.1, 2999, 2999.2, 2999.5,
		3000, 4998.5, 4999, 4999.4, 4999.5, 5000, 65535, 65536, 66536, -1, -0.5, math.Copysign(0, -1),
		math.NaN(), math.Inf(1), math.Inf(-1), 1 << 53, math.MaxFloat64} {
		inputs = append(inputs, code(c))
	}
	for _, unit := range []string{"a", "é", "€", "😀", "\x80", "\xe2\x82", "\xf0\x9f\x98", "\xed\xa0\x80", "\xc0\x80", "\xf4\x90\x80\x80"} {
		for n := 120; n <= 126; n++ {
			inputs = append(inputs, codeReason(1000, repeatTo(unit, n)), codeReason(3000, "\uFEFF"+repeatTo(unit, n)))
		}
	}
	return inputs
}

// randomCloseArgs draws codes of every magnitude, with and without a
// fraction, and reasons near 123 bytes mixing valid characters of every
// width, invalid bytes and byte order marks.
func randomCloseArgs(rng *rand.Rand) CloseArgs {
	var args CloseArgs
	args.HasCode = rng.IntN(8) != 0
	args.HasReason = rng.IntN(4) != 0
	switch rng.IntN(5) {
	case 0:
		args.Code = float64(rng.IntN(5000))
	case 1:
		args.Code = []float64{1000, 3000, 4999}[rng.IntN(3)] + rng.Float64()*2 - 1
	case 2:
		args.Code = math.Ldexp(rng.Float64(), rng.IntN(80)) * float64(1-2*rng.IntN(2))
	case 3:
		args.Code = float64(rng.IntN(8000)) + float64(rng.IntN(4))/4
	default:
		args.Code = []float64{math.NaN(), math.Inf(1), math.Inf(-1), 65535.5, -0.4}[rng.IntN(5)]
	}
	pieces := []string{"a", "Z", " ", "é", "€", "\uFEFF", "😀", "\uFFFD", "\x80", "\xbf", "\xc3", "\xe2\x82",
		"\xf0\x9f\x98", "\xed\xa0\x80", "\xc0\x80", "\xf4\x90", "\xff", "\xe0\x80"}
	var b strings.Builder
	target := 100 + rng.IntN(40)
	if rng.IntN(6) == 0 {
		b.WriteString("\uFEFF")
	}
	for b.Len() < target {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	args.Reason = b.String()
	return args
}

func sameOutcome(want, got error) bool {
	var w, g *Exception
	if !errors.As(want, &w) || !errors.As(got, &g) {
		return want == nil && got == nil
	}
	return *w == *g
}

func assertSameOutcome(t *testing.T, native, viaGo error) {
	t.Helper()
	assert.True(t, sameOutcome(native, viaGo), "native %v, Go API %v", native, viaGo)
}

func hexOf(s string) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, digits[s[i]>>4], digits[s[i]&15])
	}
	return string(out)
}

// TestNewMatchesNativeConstructor compares New with the native constructor,
// called from a promise callback so that JavaScript itself catches what it
// throws: engines differ (Chromium resolves "not a url" against the page and
// accepts fragments; undici refuses both).
func TestNewMatchesNativeConstructor(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	class := js.Global().Get("WebSocket")
	construct := js.Global().Get("Reflect").Get("construct")
	// The callback is a script function that calls the bound constructor:
	// Firefox ends a dedicated worker without a word when a WebSocket is
	// constructed with no script on the stack, as when the bound native
	// function itself is the promise reaction.
	viaScript := js.Global().Get("Function").New("construct", "return () => construct()")
	for _, tt := range []struct {
		url       string
		protocols []string
	}{
		{"not a url", nil},
		{"ws://127.0.0.1:1/#fragment", nil},
		{"ftp://127.0.0.1:1/", nil},
		{"ws://[::1", nil},
		{"ws://127.0.0.1:1/", []string{"dup", "dup"}},
		{"ws://127.0.0.1:1/", []string{"bad protocol"}},
		{"ws://127.0.0.1:1/", []string{"chat", "superchat"}},
	} {
		args := []any{tt.url}
		if tt.protocols != nil {
			list := make([]any, len(tt.protocols))
			for i, p := range tt.protocols {
				list[i] = p
			}
			args = append(args, list)
		}
		callback := viaScript.Invoke(construct.Call("bind", nil, class, args, class)) // newTarget as new passes it
		native, nativeErr := await(ctx, js.Global().Get("Promise").Call("resolve").Call("then", callback))
		if nativeErr == nil {
			native.Call("close")
		}
		ws, err := New(tt.url, tt.protocols...)
		if ws != nil {
			// Closed without a listener left waiting for its close event,
			// which would otherwise come during the next test's counts.
			ws.abort()
		}
		var exc *Exception
		if nativeErr == nil {
			assert.NoError(t, err, "%q %v: native accepted", tt.url, tt.protocols)
			continue
		}
		require.ErrorAs(t, err, &exc, "%q %v: native threw %v", tt.url, tt.protocols, nativeErr)
		assert.Equal(t, nativeErr.Error(), exc.Name+": "+exc.Message, "%q %v", tt.url, tt.protocols)
		assert.True(t, exc.DOMException)
		assert.ErrorIs(t, err, ErrSyntax)
	}
	_, err := New("ftp://127.0.0.1:1/")
	assert.ErrorIs(t, err, ErrSyntax, "every engine refuses an ftp: URL")
}

func TestWrap(t *testing.T) {
	for _, v := range []js.Value{js.ValueOf(1), js.Null(), js.Global().Get("Object").New()} {
		_, err := Wrap(v)
		assert.ErrorIs(t, err, ErrNotWebSocket)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	opened, id := openRecorded(ctx, t, "")
	wrapped, err := Wrap(opened.JSValue())
	require.NoError(t, err)
	require.NoError(t, wrapped.Close(3333, "wrapped"))
	ev, err := wrapped.Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, CloseEvent{WasClean: true, Code: 3333, Reason: "wrapped"}, ev)
	assert.Equal(t, &recorder.Frame{Code: 3333, Reason: "wrapped", ReasonHex: hexOf("wrapped")}, record(ctx, t, id).Frame)

	late, err := Wrap(opened.JSValue())
	require.NoError(t, err)
	_, err = late.Wait(ctx)
	assert.ErrorIs(t, err, ErrCloseEventMissed)
}

// TestSetEngine checks that a socket set to the other engine's profile
// refuses by that engine's rules, before the native close is reached.
func TestSetEngine(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _ := openRecorded(ctx, t, "")
	require.Equal(t, HostEngine(), ws.Engine())

	other := Chromium
	if HostEngine() == Chromium {
		other = Undici
	}
	ws.SetEngine(other)
	assert.Equal(t, other, ws.Engine())
	args := CloseArgs{Code: 1, HasCode: true}
	assert.Equal(t, ValidateClose(other, args), ws.CloseWith(args), "the error is the other engine's, word for word")
	assert.NotEqual(t, ValidateClose(HostEngine(), args), ws.CloseWith(args))
	assert.Equal(t, Open, ws.ReadyState())
	require.NoError(t, ws.Close(CodeNormalClosure, ""))
}

// TestRefusedCloseAllocatesNothing refuses closes through the Go API on an
// OPEN socket, by each engine's rules: the refusal comes before any call
// into JavaScript and allocates nothing. The socket stays OPEN.
func TestRefusedCloseAllocatesNothing(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _ := openRecorded(ctx, t, "")
	longReason := repeatTo("a", 124)
	calls := []struct {
		name string
		call func() error
	}{
		{"Close(1001, \"\")", func() error { return ws.Close(1001, "") }},
		{"Close(0, \"\")", func() error { return ws.Close(0, "") }},
		{"Close(70000, \"\")", func() error { return ws.Close(70000, "") }},
		{"Close(1000, 124 bytes)", func() error { return ws.Close(CodeNormalClosure, longReason) }},
		{"CloseWith(code 1001)", func() error { return ws.CloseWith(code(1001)) }},
		{"CloseWith(NaN)", func() error { return ws.CloseWith(code(math.NaN())) }},
		{"CloseWith(1000, 124 bytes)", func() error { return ws.CloseWith(codeReason(1000, longReason)) }},
	}
	for _, engine := range allEngines {
		ws.SetEngine(engine)
		for _, c := range calls {
			require.Error(t, c.call(), "%v: %s", engine, c.name)
			allocs := testing.AllocsPerRun(100, func() {
				if c.call() == nil {
					panic("accepted")
				}
			})
			assert.Zero(t, allocs, "%v: %s", engine, c.name)
		}
	}
	assert.Equal(t, Open, ws.ReadyState())
	ws.SetEngine(HostEngine())
	require.NoError(t, ws.Close(CodeNormalClosure, ""))
}

// TestCloseWhileConnecting closes a socket whose handshake the server holds
// back, once through the Go API and once natively, and requires the same
// close event from both. Chromium reports 1006; undici 6 never fires a close
// event at all, so there both waits must time out.
func TestCloseWhileConnecting(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	open := func(side string) *WebSocket {
		ws, err := New("ws://" + recorderAddr(t) + "/ws?hold=handshake&id=" + t.Name() + side)
		require.NoError(t, err)
		require.Equal(t, Connecting, ws.ReadyState())
		return ws
	}
	viaGo, viaNative := open("go"), open("native")

	short, cancelShort := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancelShort()
	_, err := viaGo.Wait(short)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "Wait honours its context")

	require.NoError(t, viaGo.CloseWith(CloseArgs{}))
	require.NoError(t, viaNative.sock.close(CloseArgs{}))
	assert.Equal(t, viaNative.ReadyState(), viaGo.ReadyState())

	wait := func(ws *WebSocket) (CloseEvent, error) {
		waitCtx, cancelWait := context.WithTimeout(ctx, 2*time.Second)
		defer cancelWait()
		return ws.Wait(waitCtx)
	}
	nativeEvent, nativeErr := wait(viaNative)
	goEvent, goErr := wait(viaGo)
	assert.Equal(t, nativeErr, goErr)
	assert.Equal(t, nativeEvent, goEvent)
	assert.Equal(t, viaNative.ReadyState(), viaGo.ReadyState())
	t.Logf("%v: close during CONNECTING gives %+v, %v, then %v", HostEngine(), nativeEvent, nativeErr, viaGo.ReadyState())
	if HostEngine() == Chromium {
		assert.Equal(t, CloseEvent{Code: CodeAbnormalClosure}, goEvent)
	}
}

// TestListenersReleased opens sockets, each with its three js.Funcs (the
// event listener, the message box's wake-up and the setter that drains a
// full box), and requires every one released after the close event.
func TestListenersReleased(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	start := liveFuncs.Load()
	var sockets []*WebSocket
	for range 20 {
		ws, _ := openRecorded(ctx, t, "")
		sockets = append(sockets, ws)
	}
	assert.Equal(t, start+3*20, liveFuncs.Load())
	for _, ws := range sockets {
		require.NoError(t, ws.Close(1000, ""))
		_, err := ws.Wait(ctx)
		require.NoError(t, err)
	}
	assert.Equal(t, start, liveFuncs.Load(), "every close listener released after its event")
}
