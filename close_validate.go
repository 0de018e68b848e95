package browserws

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// An Engine is a JavaScript WebSocket implementation whose close() argument
// rules the validator reproduces. Engines disagree with each other and with
// the WHATWG text; each difference is listed on its constant.
type Engine uint8

const (
	// Chromium is Blink's WebSocket (Chrome, Edge, headless Chromium), and
	// the profile used in every browser. It differs from the WHATWG and
	// WebIDL texts in these ways, each seen in Chromium 156:
	//
	//   - [Clamp] drops the fraction instead of rounding to the nearest
	//     integer (ties to even): 999.5 becomes 999 and is refused, 4999.5
	//     becomes 4999 and is accepted.
	//   - Trailing undefined arguments are dropped before conversion, but an
	//     undefined code followed by a reason is converted: close(undefined,
	//     "r") turns undefined into NaN, [Clamp] makes that 0, and 0 is
	//     refused. WebIDL treats that undefined as a missing argument.
	//   - A reason is only measured when a code is present, which after the
	//     rule above is every call that has a reason.
	//   - Messages carry the prefix "Failed to execute 'close' on
	//     'WebSocket': " and quote the converted code.
	//   - A TypeError raised by the argument conversion itself (a Symbol or
	//     BigInt code, an object with no usable primitive value) carries the
	//     same prefix; one thrown by the caller's own valueOf, toString or
	//     Symbol.toPrimitive passes through unchanged. A non-callable
	//     Symbol.toPrimitive is reported as "'1' returned for property
	//     'Symbol(Symbol.toPrimitive)' of object '#<Object>' is not a
	//     function", V8's wording for conversions made from C++.
	//   - close() while CONNECTING fires the close event (1006) at once, but
	//     if the server then completes the handshake, Chromium sends it a
	//     close frame with code 1001 on that connection.
	Chromium Engine = iota

	// Undici is the WebSocket of Node.js (undici 6, global in Node 22 and in
	// Node 20 with --experimental-websocket). It differs from the WHATWG
	// and WebIDL texts in these ways, read from undici 6.24.1:
	//
	//   - undefined means absent in either position, so close(undefined,
	//     "r") is accepted; it then sends a close frame with no body.
	//   - The code goes through Number(), not ToNumber(): a BigInt converts
	//     instead of throwing a TypeError.
	//   - [Clamp] rounds a fraction down when its floor is even and up when
	//     it is odd, instead of to the nearest integer: 1000.9 becomes 1000
	//     and is accepted, 3001.2 becomes 3002.
	//   - Messages are undici's own: "invalid code" and "Reason must be less
	//     than 123 bytes; received N".
	//   - close() while CONNECTING fires error events but never a close
	//     event: the socket stays CLOSING (seen with Node 20.20, undici 6.24.1).
	//   - A failed handshake (refused, unreachable, an HTTP error status)
	//     fires an error event and nothing more: no close event, and the
	//     socket stays CONNECTING. The Go API reports the close event the
	//     standard prescribes instead (code 1006, wasClean false), so that
	//     Dial and Wait return.
	//   - The receiver check is instanceof: close called on
	//     Object.create(WebSocket.prototype) converts and checks its
	//     arguments, then fails with a TypeError from undici's internals.
	//     Conversion errors carry no prefix. (Its getters of private
	//     fields, such as protocol, do refuse such an object and a Proxy.)
	//   - Received text and close reasons lose a leading U+FEFF: undici
	//     decodes them with a TextDecoder that drops it, where Chromium
	//     keeps it.
	//   - None of its events is trusted (isTrusted is false, as for an
	//     event that JavaScript code dispatches), so a WebSocket under
	//     Node.js checks events against readyState instead (see the
	//     README's section on hostile pages).
	Undici
)

// String returns "chromium" or "undici".
func (e Engine) String() string {
	switch e {
	case Chromium:
		return "chromium"
	case Undici:
		return "undici"
	}
	return "Engine(" + strconv.Itoa(int(e)) + ")"
}

// MaxReasonBytes is the longest close reason, in UTF-8 bytes, that close
// accepts.
const MaxReasonBytes = 123

// CloseArgs are the arguments of one call of WebSocket.close, as JavaScript
// receives them. A missing argument is not the same as a zero one:
// CloseArgs{} is close(), which sends a close frame with no body, while
// CloseArgs{HasCode: true} is close(0), which throws.
//
// A reason without a code stands for close(undefined, reason), the only way
// JavaScript can pass one; engines disagree about that call (see [Engine]).
type CloseArgs struct {
	// Code is the close code as a JavaScript number, before the engine's
	// integer conversion: NaN, infinities, fractions and values outside
	// 0-65535 are all valid input. It is ignored unless HasCode is set.
	Code    float64
	HasCode bool

	// Reason is the close reason. A Go string is measured as the string
	// JavaScript gets from this package: invalid UTF-8 becomes U+FFFD as
	// TextDecoder("utf-8") replaces it (one U+FFFD per maximal invalid
	// subsequence, not one per byte as Go's range loop does), and a leading
	// byte order mark is kept. It is ignored unless HasReason is set.
	Reason    string
	HasReason bool

	// ReasonFromJS says that Reason was read out of a JavaScript string.
	//
	// Deprecated: it no longer changes anything. It told the validator to
	// count a leading byte order mark, which the package once let
	// wasm_exec.js drop from Go strings; every reason is now measured the
	// same way, with its byte order mark.
	ReasonFromJS bool
}

// ValidateClose runs the argument checks of WebSocket.close as engine does
// them and returns nil if engine would go on to close the socket. Otherwise
// it returns the [*Exception] engine throws, with its exact name and message;
// it unwraps to [ErrInvalidAccess] or [ErrSyntax].
//
// The checks do not depend on the socket's state: a call that throws on an
// open socket throws on a closed one too. The code is checked before the
// reason. ValidateClose does not allocate unless it returns an error.
func ValidateClose(engine Engine, args CloseArgs) error {
	if engine == Undici {
		return validateUndici(args)
	}
	return validateChromium(args)
}

func validateChromium(args CloseArgs) error {
	if !args.HasCode && !args.HasReason {
		return nil // close(): nothing to check.
	}
	// Blink converts an undefined code that precedes a reason: ToNumber
	// gives NaN. WebIDL would treat it as missing instead.
	number := math.NaN()
	if args.HasCode {
		number = args.Code
	}
	// WHATWG close() step 1: the code must be 1000 or 3000-4999.
	code := clampUnsignedShort(number)
	if !isAllowedCode(code) {
		// The digits go through a stack buffer: the concatenation then
		// allocates the message and nothing else.
		var digits [5]byte
		return domException("InvalidAccessError",
			"Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. "+
				string(strconv.AppendUint(digits[:0], uint64(code), 10))+" is neither.")
	}
	// WHATWG close() step 2: the reason's UTF-8 must fit in 123 bytes.
	if args.HasReason && reasonLength(args) > MaxReasonBytes {
		return domException("SyntaxError",
			"Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.")
	}
	return nil
}

func validateUndici(args CloseArgs) error {
	// WHATWG close() step 1, with undici's own rounding.
	if args.HasCode && !isAllowedCode(undiciClampUnsignedShort(args.Code)) {
		return domException("InvalidAccessError", "invalid code")
	}
	// WHATWG close() step 2.
	if args.HasReason {
		if n := reasonLength(args); n > MaxReasonBytes {
			var digits [20]byte
			return domException("SyntaxError",
				"Reason must be less than 123 bytes; received "+string(strconv.AppendInt(digits[:0], int64(n), 10)))
		}
	}
	return nil
}

// isAllowedCode reports whether close may send code: 1000 or 3000-4999.
func isAllowedCode(code uint16) bool {
	return code == 1000 || (code >= 3000 && code <= 4999)
}

// clampUnsignedShort is Blink's conversion of a number to a [Clamp]
// unsigned short (WebIDL ConvertToInt with [Clamp]): NaN becomes 0 and the
// value is clamped to 0-65535, then, unlike WebIDL, truncated rather than
// rounded.
func clampUnsignedShort(x float64) uint16 {
	return uint16(clamp(x))
}

// clamp returns x limited to 0-65535, and 0 for NaN. It compares rather
// than calling math.Max and math.Min, which are not intrinsics on wasm.
func clamp(x float64) float64 {
	switch {
	case x >= math.MaxUint16:
		return math.MaxUint16
	case x > 0:
		return x
	}
	return 0 // NaN, -0 and anything below
}

// undiciClampUnsignedShort is undici's version of the same conversion: a
// fraction goes to its floor when the floor is even, otherwise to its ceiling.
func undiciClampUnsignedShort(x float64) uint16 {
	if math.IsNaN(x) {
		return 0
	}
	x = clamp(x)
	// floor is an integer in 0-65535, so its parity is its uint16's;
	// math.Mod would cost more than the rest of the validator.
	floor := uint16(math.Floor(x))
	if floor%2 == 0 {
		return floor
	}
	return uint16(math.Ceil(x))
}

// reasonLength is the UTF-8 length of the reason as the engine measures it.
func reasonLength(args CloseArgs) int {
	return JSStringLength(args.Reason)
}

// JSStringLength returns the UTF-8 length of the JavaScript string that s
// becomes when this package passes it to JavaScript: every character as it
// is, a leading byte order mark (U+FEFF) included, and invalid UTF-8
// replaced as the WHATWG Encoding standard's decoder replaces it. That
// length, not len(s), is what close measures against [MaxReasonBytes]; for
// valid UTF-8 it is len(s).
//
// (wasm_exec.js decodes Go strings with a TextDecoder that drops one
// leading byte order mark; the package gives such a string one more, for
// the decoder to drop, so that JavaScript gets the text unchanged.)
func JSStringLength(s string) int {
	return wellFormedLength(s)
}

// wellFormedLength returns the UTF-8 length of s after the WHATWG UTF-8
// decoder's error handling: each maximal subpart of an invalid sequence
// becomes one U+FFFD, three bytes long.
func wellFormedLength(s string) int {
	// Valid UTF-8, by far the most common reason, is left unchanged;
	// utf8.ValidString checks it eight ASCII bytes at a time.
	if utf8.ValidString(s) {
		return len(s)
	}
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			size = maximalSubpart(s[i:])
			n += utf8.RuneLen(utf8.RuneError)
		} else {
			n += size
		}
		i += size
	}
	return n
}

// maximalSubpart returns how many bytes at the start of s, which does not
// start with a valid sequence, the WHATWG UTF-8 decoder consumes before it
// emits one U+FFFD: the lead byte and every continuation byte that could
// still have completed a valid sequence.
func maximalSubpart(s string) int {
	lead := s[0]
	var need int
	lower, upper := byte(0x80), byte(0xbf)
	switch {
	case lead >= 0xc2 && lead <= 0xdf:
		need = 1
	case lead == 0xe0:
		need, lower = 2, 0xa0
	case lead == 0xed:
		need, upper = 2, 0x9f
	case lead >= 0xe1 && lead <= 0xef:
		need = 2
	case lead == 0xf0:
		need, lower = 3, 0x90
	case lead == 0xf4:
		need, upper = 3, 0x8f
	case lead >= 0xf1 && lead <= 0xf3:
		need = 3
	default:
		return 1 // not a lead byte at all
	}
	i := 1
	for ; i <= need && i < len(s); i++ {
		if s[i] < lower || s[i] > upper {
			break
		}
		lower, upper = 0x80, 0xbf
	}
	return i
}
