package browserws

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	chromiumCodeMessage   = "Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. %d is neither."
	chromiumReasonMessage = "Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes."
	undiciCodeMessage     = "invalid code"
	undiciReasonMessage   = "Reason must be less than 123 bytes; received %d"
	firefoxCodeMessage    = "A parameter or an operation is not supported by the underlying object"
	firefoxReasonMessage  = "An invalid or illegal string was specified"
	webkitCodeMessage     = "The object does not support the operation or argument."
	webkitReasonMessage   = "The string did not match the expected pattern."
)

var allEngines = []Engine{Chromium, Undici, Firefox, WebKit}

func code(c float64) CloseArgs { return CloseArgs{Code: c, HasCode: true} }

func codeReason(c float64, reason string) CloseArgs {
	return CloseArgs{Code: c, HasCode: true, Reason: reason, HasReason: true}
}

// repeatTo repeats unit, then pads with ASCII, to make exactly n UTF-8 bytes.
func repeatTo(unit string, n int) string {
	s := strings.Repeat(unit, n/len(unit))
	return s + strings.Repeat("a", n-len(s))
}

func TestValidateCloseCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		args         CloseArgs
		chromiumCode int // the converted code in Chromium's message; -1: accepted
		undiciOK     bool
	}{
		{"no arguments", CloseArgs{}, -1, true},
		{"1000", code(1000), -1, true},
		{"3000", code(3000), -1, true},
		{"4999", code(4999), -1, true},
		{"999", code(999), 999, false},
		{"1001", code(1001), 1001, false},
		{"1005 no status", code(1005), 1005, false},
		{"1006 abnormal", code(1006), 1006, false},
		{"2999", code(2999), 2999, false},
		{"5000", code(5000), 5000, false},
		{"0", code(0), 0, false},
		{"negative zero", code(math.Copysign(0, -1)), 0, false},
		{"-1 clamps to 0", code(-1), 0, false},
		{"65535", code(65535), 65535, false},
		{"66536 clamps, does not wrap to 1000", code(66536), 65535, false},
		{"1e300", code(1e300), 65535, false},
		{"NaN", code(math.NaN()), 0, false},
		{"+Inf", code(math.Inf(1)), 65535, false},
		{"-Inf", code(math.Inf(-1)), 0, false},
		{"999.5: Chromium truncates, undici ceils odd floor", code(999.5), 999, true},
		{"1000.5", code(1000.5), -1, true},
		{"1000.6", code(1000.6), -1, true},
		{"1000.9: undici floors even floor", code(1000.9), -1, true},
		{"1001.1: undici ceils to 1002", code(1001.1), 1001, false},
		{"2999.5", code(2999.5), 2999, true},
		{"2999.2", code(2999.2), 2999, true},
		{"4998.5", code(4998.5), -1, true},
		{"4999.5: Chromium truncates to 4999", code(4999.5), -1, false},
		{"4999.9", code(4999.9), -1, false},
		{"5000.5", code(5000.5), 5000, false},
		{"reason without code", CloseArgs{Reason: "r", HasReason: true}, 0, true},
		{"empty reason without code", CloseArgs{HasReason: true}, 0, true},
		{"bad code is reported before a bad reason", codeReason(1, strings.Repeat("a", 200)), 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateClose(Chromium, tt.args)
			if tt.chromiumCode < 0 {
				assert.NoError(t, err, "chromium")
			} else {
				assertException(t, err, ErrInvalidAccess, "InvalidAccessError", fmt.Sprintf(chromiumCodeMessage, tt.chromiumCode))
			}
			err = ValidateClose(Undici, tt.args)
			if tt.undiciOK {
				assert.NoError(t, err, "undici")
			} else {
				assertException(t, err, ErrInvalidAccess, "InvalidAccessError", undiciCodeMessage)
			}
		})
	}
}

// TestValidateCloseFirefoxAndWebKit holds the verdicts seen in Firefox ESR
// 153 and WebKitGTK 2.50.6 for the calls where they differ from each other
// or from Chromium; the cross-check compares every vector with them.
func TestValidateCloseFirefoxAndWebKit(t *testing.T) {
	t.Parallel()
	long := repeatTo("a", 124)
	tests := []struct {
		name            string
		args            CloseArgs
		firefox, webkit string // "" accepted, else the exception's name
	}{
		{"999.5 (firefox: rounds to 1000; webkit: truncates to 999)", code(999.5), "", "InvalidAccessError"},
		{"2999.9 (firefox: rounds to 3000; webkit: truncates)", code(2999.9), "", "InvalidAccessError"},
		{"1000.9 (firefox: rounds to 1001; webkit: truncates to 1000)", code(1000.9), "InvalidAccessError", ""},
		{"4999.5 (firefox: ties to even: 5000; webkit: 4999)", code(4999.5), "InvalidAccessError", ""},
		{"1000.5 (firefox: ties to even: 1000)", code(1000.5), "", ""},
		{"3001.5 (firefox: ties to even: 3002)", code(3001.5), "", ""},
		{"999.4", code(999.4), "InvalidAccessError", "InvalidAccessError"},
		{"NaN", code(math.NaN()), "InvalidAccessError", "InvalidAccessError"},
		{"-0", code(math.Copysign(0, -1)), "InvalidAccessError", "InvalidAccessError"},
		{"66536 clamps", code(66536), "InvalidAccessError", "InvalidAccessError"},
		{"undefined code, short reason (firefox: code absent; webkit: code absent)", CloseArgs{Reason: "r", HasReason: true}, "", ""},
		{"undefined code, 124-byte reason (firefox: reason still measured; webkit: reason not measured)", CloseArgs{Reason: long, HasReason: true}, "SyntaxError", ""},
		{"123-byte reason", codeReason(1000, repeatTo("a", 123)), "", ""},
		{"124-byte reason", codeReason(1000, long), "SyntaxError", "SyntaxError"},
		{"41 U+FFFD (lone surrogates)", codeReason(1000, strings.Repeat("\uFFFD", 41)), "", ""},
		{"42 U+FFFD", codeReason(1000, strings.Repeat("\uFFFD", 42)), "SyntaxError", "SyntaxError"},
		{"bad code before bad reason", codeReason(1001, long), "InvalidAccessError", "InvalidAccessError"},
	}
	messages := map[string][2]string{
		"InvalidAccessError": {firefoxCodeMessage, webkitCodeMessage},
		"SyntaxError":        {firefoxReasonMessage, webkitReasonMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for i, c := range []struct {
				engine Engine
				want   string
			}{{Firefox, tt.firefox}, {WebKit, tt.webkit}} {
				err := ValidateClose(c.engine, tt.args)
				if c.want == "" {
					assert.NoError(t, err, c.engine.String())
					continue
				}
				sentinel := ErrInvalidAccess
				if c.want == "SyntaxError" {
					sentinel = ErrSyntax
				}
				assertException(t, err, sentinel, c.want, messages[c.want][i])
			}
		})
	}
}

func TestValidateCloseReasons(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		reason   string
		fromJS   bool
		measured int // UTF-8 bytes as the engine sees the reason
	}{
		{"empty", "", false, 0},
		{"122 one-byte", repeatTo("a", 122), false, 122},
		{"123 one-byte", repeatTo("a", 123), false, 123},
		{"124 one-byte", repeatTo("a", 124), false, 124},
		{"122 two-byte", repeatTo("é", 122), false, 122},
		{"123 two-byte", repeatTo("é", 123), false, 123},
		{"124 two-byte", repeatTo("é", 124), false, 124},
		{"122 three-byte", repeatTo("€", 122), false, 122},
		{"123 three-byte", repeatTo("€", 123), false, 123},
		{"124 three-byte", repeatTo("€", 124), false, 124},
		{"122 four-byte", repeatTo("😀", 122), false, 122},
		{"123 four-byte", repeatTo("😀", 123), false, 123},
		{"124 four-byte", repeatTo("😀", 124), false, 124},
		{"41 U+FFFD is 123", strings.Repeat("\uFFFD", 41), false, 123},
		{"42 U+FFFD is 126", strings.Repeat("\uFFFD", 42), false, 126},

		// Invalid UTF-8 grows: each maximal invalid subpart becomes U+FFFD.
		{"lone continuation byte", repeatTo("a", 120) + "\x80", false, 123},
		{"lone continuation byte past the limit", repeatTo("a", 121) + "\x80", false, 124},
		{"two continuation bytes", "\x80\xbf", false, 6},
		{"truncated two-byte", "\xc3", false, 3},
		{"truncated three-byte is one U+FFFD", "\xe2\x82", false, 3},
		{"truncated four-byte is one U+FFFD", "\xf0\x9f\x98", false, 3},
		{"truncated four-byte then ASCII", "\xf0\x9f\x98A", false, 4},
		{"truncated three-byte at 123", repeatTo("a", 120) + "\xe2\x82", false, 123},
		{"overlong two-byte C0 80", "\xc0\x80", false, 6},
		{"overlong two-byte C1 BF", "\xc1\xbf", false, 6},
		{"overlong three-byte E0 80 80", "\xe0\x80\x80", false, 9},
		{"overlong four-byte F0 80 80 80", "\xf0\x80\x80\x80", false, 12},
		{"encoded surrogate ED A0 80", "\xed\xa0\x80", false, 9},
		{"encoded surrogate pair", "\xed\xa0\xbd\xed\xb8\x80", false, 18},
		{"above U+10FFFF F4 90 80 80", "\xf4\x90\x80\x80", false, 12},
		{"F5 lead byte", "\xf5\x80\x80\x80", false, 12},
		{"FE and FF", "\xfe\xff", false, 6},
		{"lead byte then ASCII", "\xe2A", false, 4},
		{"valid U+10FFFF", "\xf4\x8f\xbf\xbf", false, 4},
		{"valid U+D7FF", "\xed\x9f\xbf", false, 3},

		// A leading byte order mark reaches JavaScript and counts, from Go
		// as from JavaScript (ReasonFromJS no longer changes anything).
		{"leading BOM from Go counts", "\uFEFF" + repeatTo("a", 123), false, 126},
		{"leading BOM at 123", "\uFEFF" + repeatTo("a", 120), false, 123},
		{"only a BOM", "\uFEFF", false, 3},
		{"two BOMs", "\uFEFF\uFEFF", false, 6},
		{"BOM not at the start", "a\uFEFF", false, 4},
		{"leading BOM from JS counts", "\uFEFF" + repeatTo("a", 123), true, 126},

		// A JS string with lone surrogates reaches Go as U+FFFD
		// (js.Value.String); each counts three bytes.
		{"lone surrogates from JS at 123", strings.Repeat("\uFFFD", 41), true, 123},
		{"lone surrogates from JS at 126", strings.Repeat("\uFFFD", 42), true, 126},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.measured, referenceLength(tt.reason), "the table disagrees with the reference decoder")
			args := codeReason(1000, tt.reason)
			args.ReasonFromJS = tt.fromJS
			assert.Equal(t, tt.measured, JSStringLength(tt.reason))
			chromium, undici := ValidateClose(Chromium, args), ValidateClose(Undici, args)
			if tt.measured <= MaxReasonBytes {
				assert.NoError(t, chromium)
				assert.NoError(t, undici)
				return
			}
			assertException(t, chromium, ErrSyntax, "SyntaxError", chromiumReasonMessage)
			assertException(t, undici, ErrSyntax, "SyntaxError", fmt.Sprintf(undiciReasonMessage, tt.measured))
		})
	}
}

func TestValidateCloseAcceptsWithoutAllocating(t *testing.T) {
	args := codeReason(4000, repeatTo("😀", 123))
	for _, engine := range allEngines {
		allocs := testing.AllocsPerRun(100, func() {
			if ValidateClose(engine, args) != nil {
				panic("refused")
			}
		})
		assert.Zero(t, allocs, engine.String())
	}
}

// TestValidateCloseRefusesWithoutAllocating refuses every way each engine
// refuses, at the edges of the numbers the messages carry.
func TestValidateCloseRefusesWithoutAllocating(t *testing.T) {
	tests := []struct {
		name string
		args CloseArgs
	}{
		{"code 1001", code(1001)},
		{"code 0", code(0)},
		{"code 255", code(255)},
		{"code 256", code(256)},
		{"code 65535", code(65535)},
		{"NaN", code(math.NaN())},
		{"+Inf", code(math.Inf(1))},
		{"reason 124", codeReason(1000, repeatTo("a", 124))},
		{"reason 126, invalid UTF-8", codeReason(1000, repeatTo("a", 123)+"\xff")},
		{"reason 65535, the last slot", codeReason(1000, repeatTo("a", 65535))},
	}
	for _, tt := range tests {
		for _, engine := range allEngines {
			allocs := testing.AllocsPerRun(100, func() {
				if ValidateClose(engine, tt.args) == nil {
					panic("accepted")
				}
			})
			assert.Zero(t, allocs, "%s: %v", tt.name, engine)
		}
	}
	// Undici's length past the slots is the one refusal that allocates.
	long := codeReason(1000, repeatTo("a", 65536))
	allocs := testing.AllocsPerRun(100, func() {
		if ValidateClose(Undici, long) == nil {
			panic("accepted")
		}
	})
	assert.Equal(t, 1.0, allocs, "undici, reason of 65536 bytes")
}

func TestExceptionErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		exc      Exception
		sentinel error
		text     string
	}{
		{Exception{"InvalidAccessError", "m", true}, ErrInvalidAccess, "InvalidAccessError: m"},
		{Exception{"SyntaxError", "m", true}, ErrSyntax, "SyntaxError: m"},
		{Exception{"InvalidStateError", "", true}, ErrInvalidState, "InvalidStateError"},
		{Exception{"TypeError", "Illegal invocation", false}, ErrType, "TypeError: Illegal invocation"},
		{Exception{"SyntaxError", "m", false}, nil, "SyntaxError: m"}, // a JS SyntaxError, not the DOMException
		{Exception{"RangeError", "m", false}, nil, "RangeError: m"},
	}
	for _, tt := range tests {
		err := fmt.Errorf("wrapped: %w", &tt.exc)
		assert.Equal(t, "wrapped: "+tt.text, err.Error())
		if tt.sentinel != nil {
			assert.ErrorIs(t, err, tt.sentinel)
		}
		assert.Equal(t, tt.sentinel == ErrSyntax, errors.Is(err, ErrSyntax), "only a DOMException SyntaxError is ErrSyntax")
		var exc *Exception
		require.ErrorAs(t, err, &exc)
		assert.Equal(t, tt.exc, *exc)
	}
}

func TestEngineString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "chromium", Chromium.String())
	assert.Equal(t, "undici", Undici.String())
	assert.Equal(t, "firefox", Firefox.String())
	assert.Equal(t, "webkit", WebKit.String())
	assert.Equal(t, "Engine(7)", Engine(7).String())
	assert.Equal(t, "CLOSING", Closing.String())
	assert.Equal(t, "ReadyState(9)", ReadyState(9).String())
}

func assertException(t *testing.T, err error, sentinel error, name, message string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, sentinel)
	var exc *Exception
	require.ErrorAs(t, err, &exc)
	assert.Equal(t, Exception{Name: name, Message: message, DOMException: true}, *exc)
}

// BenchmarkValidateClose measures each engine accepting and refusing. The
// reject/*+as cases also ask for the exception (errors.As), which is when
// a refusal builds it; reject/reason-65536 is past the slots of
// close_refusal.go, where undici's refusal allocates.
func BenchmarkValidateClose(b *testing.B) {
	benchmarks := []struct {
		name string
		args CloseArgs
		as   bool
	}{
		{"accept/no-args", CloseArgs{}, false},
		{"accept/ascii-123", codeReason(1000, repeatTo("a", 123)), false},
		{"accept/emoji-123", codeReason(4000, repeatTo("😀", 123)), false},
		{"reject/code", code(1001), false},
		{"reject/code-65535", code(65535), false},
		{"reject/reason-124", codeReason(1000, repeatTo("a", 124)), false},
		{"reject/reason-65536", codeReason(1000, repeatTo("a", 65536)), false},
		{"reject/code+as", code(1001), true},
		{"reject/reason-124+as", codeReason(1000, repeatTo("a", 124)), true},
	}
	for _, engine := range allEngines {
		for _, bm := range benchmarks {
			b.Run(engine.String()+"/"+bm.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					err := ValidateClose(engine, bm.args)
					if bm.as {
						var exc *Exception
						if !errors.As(err, &exc) {
							b.Fatal("no *Exception")
						}
					}
				}
			})
		}
	}
}

// The reference below is written from the specifications, independently of
// the code under test: a literal transcription of the WHATWG UTF-8 decoder
// that builds the decoded runes, and each engine's [Clamp] as observed.

// referenceDecode is the WHATWG Encoding standard's UTF-8 decoder, run over
// the whole input with replacement error mode.
func referenceDecode(input []byte) []rune {
	var out []rune
	var codePoint rune
	bytesSeen, bytesNeeded := 0, 0
	lower, upper := byte(0x80), byte(0xbf)
	for i := 0; i <= len(input); i++ {
		if i == len(input) { // end of queue
			if bytesNeeded != 0 {
				out = append(out, utf8.RuneError)
			}
			break
		}
		b := input[i]
		if bytesNeeded == 0 {
			switch {
			case b <= 0x7f:
				out = append(out, rune(b))
			case b >= 0xc2 && b <= 0xdf:
				bytesNeeded, codePoint = 1, rune(b&0x1f)
			case b >= 0xe0 && b <= 0xef:
				if b == 0xe0 {
					lower = 0xa0
				}
				if b == 0xed {
					upper = 0x9f
				}
				bytesNeeded, codePoint = 2, rune(b&0xf)
			case b >= 0xf0 && b <= 0xf4:
				if b == 0xf0 {
					lower = 0x90
				}
				if b == 0xf4 {
					upper = 0x8f
				}
				bytesNeeded, codePoint = 3, rune(b&0x7)
			default:
				out = append(out, utf8.RuneError)
			}
			continue
		}
		if b < lower || b > upper {
			codePoint, bytesNeeded, bytesSeen = 0, 0, 0
			lower, upper = 0x80, 0xbf
			out = append(out, utf8.RuneError)
			i-- // restore b to the queue
			continue
		}
		lower, upper = 0x80, 0xbf
		codePoint = codePoint<<6 | rune(b&0x3f)
		bytesSeen++
		if bytesSeen == bytesNeeded {
			out = append(out, codePoint)
			codePoint, bytesNeeded, bytesSeen = 0, 0, 0
		}
	}
	return out
}

// referenceLength is the UTF-8 length of the JS string a reason becomes:
// decoded with every byte order mark kept.
func referenceLength(reason string) int {
	return len(string(referenceDecode([]byte(reason))))
}

// referenceClamp is WebIDL ConvertToInt for a [Clamp] unsigned short, as
// each engine was seen to do it.
func referenceClamp(x float64, engine Engine) int {
	if math.IsNaN(x) {
		return 0
	}
	x = math.Min(math.Max(x, 0), 65535)
	floor := math.Floor(x)
	switch engine {
	case Undici:
		if int(floor)%2 == 0 {
			return int(floor)
		}
		return int(math.Ceil(x))
	case Firefox: // WebIDL: nearest, ties to even
		if diff := x - floor; diff > 0.5 || (diff == 0.5 && int(floor)%2 == 1) {
			return int(floor) + 1
		}
		return int(floor)
	}
	return int(floor) // Blink and WebKit truncate
}

// referenceMessages are each engine's messages, as seen in it: for a
// refused code (%d the converted code) and for a long reason (%d its
// length).
var referenceMessages = map[Engine][2]string{
	Chromium: {chromiumCodeMessage, chromiumReasonMessage},
	Undici:   {undiciCodeMessage, undiciReasonMessage},
	Firefox:  {firefoxCodeMessage, firefoxReasonMessage},
	WebKit:   {webkitCodeMessage, webkitReasonMessage},
}

// referenceValidate returns the exception name and message, or "" and "".
func referenceValidate(engine Engine, args CloseArgs) (name, message string) {
	checkCode, checkReason := args.HasCode, args.HasReason
	number := args.Code
	if engine == Chromium && !args.HasCode && args.HasReason {
		checkCode, number = true, math.NaN() // Blink converts undefined
	}
	if engine == WebKit && !args.HasCode {
		checkReason = false // WebKit measures a reason only with a code
	}
	messages := referenceMessages[engine]
	if checkCode {
		c := referenceClamp(number, engine)
		if c != 1000 && (c < 3000 || c > 4999) {
			if strings.Contains(messages[0], "%d") {
				return "InvalidAccessError", fmt.Sprintf(messages[0], c)
			}
			return "InvalidAccessError", messages[0]
		}
	}
	if checkReason {
		if n := referenceLength(args.Reason); n > 123 {
			if strings.Contains(messages[1], "%d") {
				return "SyntaxError", fmt.Sprintf(messages[1], n)
			}
			return "SyntaxError", messages[1]
		}
	}
	return "", ""
}

func FuzzValidateClose(f *testing.F) {
	seeds := []struct {
		code   float64
		reason string
	}{
		{1000, ""}, {999.5, "bye"}, {4999.5, "x"}, {1000.9, "\xf0\x9f\x98"},
		{math.NaN(), "\uFEFF"}, {math.Inf(1), "\xed\xa0\x80"}, {-1, repeatTo("€", 124)},
		{3000, repeatTo("a", 120) + "\xe2\x82"}, {4000, "\uFEFF" + repeatTo("a", 123)},
		{2999.2, "\xc0\x80\xf4\x90\x80\x80"}, {65536 + 1000, repeatTo("😀", 123)},
	}
	for i, s := range seeds {
		f.Add(uint8(i%4), s.code, i%3 != 0, i%4 != 0, i%5 == 0, s.reason)
	}
	f.Fuzz(func(t *testing.T, engine uint8, c float64, hasCode, hasReason, fromJS bool, reason string) {
		e := Engine(engine % 4)
		if fromJS {
			reason = strings.ToValidUTF8(reason, "\uFFFD") // as js.Value.String gives it
		}
		args := CloseArgs{Code: c, HasCode: hasCode, Reason: reason, HasReason: hasReason, ReasonFromJS: fromJS}
		wantName, wantMessage := referenceValidate(e, args)
		err := ValidateClose(e, args)
		if wantName == "" {
			if err != nil {
				t.Fatalf("%v %+v: got %v, want acceptance", e, args, err)
			}
			return
		}
		var exc *Exception
		if !errors.As(err, &exc) || exc.Name != wantName || exc.Message != wantMessage || !exc.DOMException {
			t.Fatalf("%v %+v: got %v, want %s: %s", e, args, err, wantName, wantMessage)
		}
		if JSStringLength(reason) != referenceLength(reason) {
			t.Fatalf("JSStringLength(%q) = %d, want %d", reason, JSStringLength(reason), referenceLength(reason))
		}
	})
}

// TestRefusedCodeIsValidateClosesRefusal checks the branch Close takes
// first against ValidateClose: for every code 0-65535 and every engine,
// refusedCode gives ValidateClose's own error for close(code, reason), a
// reason too long included (step 1 comes first), or nil where
// ValidateClose accepts the code; past 0-65535 it leaves the call to
// ValidateClose.
func TestRefusedCodeIsValidateClosesRefusal(t *testing.T) {
	long := repeatTo("a", 200)
	for _, engine := range allEngines {
		for c := range 65536 {
			got := refusedCode(engine, c)
			want := ValidateClose(engine, codeReason(float64(c), long))
			if got == nil {
				require.NoError(t, ValidateClose(engine, code(float64(c))), "%v close(%d): refusedCode let a refused code through", engine, c)
				continue
			}
			require.Equal(t, want, got, "%v close(%d)", engine, c)
		}
		for _, c := range []int{-1, 65536, -1 << 40, 1 << 40} {
			assert.NoError(t, refusedCode(engine, c), "%v close(%d)", engine, c)
		}
	}
}
