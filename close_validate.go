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
	// Chromium is Blink's WebSocket (Chrome, Edge, Opera, Electron,
	// headless Chromium; not Chrome on iOS, which is WebKit). It differs from the WHATWG and
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

	// Firefox is Gecko's WebSocket (Firefox, and every browser built on
	// Gecko). It follows the WebIDL text where Chromium does not, and
	// differs from the others in these ways, each seen in Firefox ESR 153:
	//
	//   - [Clamp] rounds to the nearest integer, ties to even, as WebIDL
	//     says: 999.5 and 2999.9 are accepted as 1000 and 3000, 1000.9
	//     becomes 1001 and 4999.5 becomes 5000, both refused; 3001.5
	//     becomes 3002.
	//   - undefined means absent in either position: close(undefined, "r")
	//     is accepted and sends a close frame with no body (event code
	//     1005), but the reason is still measured, so close(undefined,
	//     124 bytes) throws the SyntaxError.
	//   - Messages are Gecko's and name no code: "A parameter or an
	//     operation is not supported by the underlying object" and "An
	//     invalid or illegal string was specified". Conversion TypeErrors
	//     read "can't convert BigInt to number", "can't convert symbol to
	//     number", and for an object with no primitive value "can't convert
	//     X to number", X being the caller's expression when Gecko can read
	//     it (ws.close(x): "x"), else the object's source as Gecko renders
	//     it; a reason reads "can't convert X to string", X then being the
	//     expression or else "Object".
	//   - The receiver check comes first: close called on anything but a
	//     socket throws "'close' called on an object that does not
	//     implement interface WebSocket." before converting its arguments.
	Firefox

	// WebKit is WebCore's WebSocket: Safari, and every browser on iOS and
	// iPadOS (Chrome and Firefox there included), and WebKitGTK. It
	// differs from the WHATWG and WebIDL texts in these ways, each seen in
	// WebKitGTK 2.50.6, which shares WebCore with Safari:
	//
	//   - [Clamp] drops the fraction, as Chromium does: 999.5 is refused,
	//     4999.5 and 1000.9 are accepted as 4999 and 1000.
	//   - undefined means absent in either position, and a reason is only
	//     measured when a code is present: close(undefined, "r") and even
	//     close(undefined, 124 bytes) are accepted and send a close frame
	//     with no body (event code 1005).
	//   - A reason is accepted whole but sent cut at its first NUL character:
	//     close(1000, "a\x00b") sends "a", a reason of NULs is sent empty.
	//   - Messages are WebCore's: "The object does not support the
	//     operation or argument." and "The string did not match the
	//     expected pattern."; conversion TypeErrors read "Conversion from
	//     'BigInt' to 'number' is not allowed.", "Cannot convert a symbol
	//     to a number" and "No default value".
	//   - The receiver check comes first: "Can only call WebSocket.close on
	//     instances of WebSocket".
	WebKit
)

// String returns "chromium", "undici", "firefox" or "webkit".
func (e Engine) String() string {
	switch e {
	case Chromium:
		return "chromium"
	case Undici:
		return "undici"
	case Firefox:
		return "firefox"
	case WebKit:
		return "webkit"
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
// it returns an error that stands for the exception engine throws: it
// unwraps to [ErrInvalidAccess] or [ErrSyntax], errors.As finds in it an
// [*Exception] with that exception's exact name and message, and its Error
// text is that Exception's. An Engine value this package does not know is
// checked by Chromium's rules.
//
// The error is of an unexported type, not the *Exception ValidateClose
// returned before refusals stopped allocating: use errors.As, not a type
// assertion. Each errors.As builds a new *Exception, which the caller may
// change freely.
//
// The checks do not depend on the socket's state: a call that throws on an
// open socket throws on a closed one too. The code is checked before the
// reason. ValidateClose does not allocate, whether it accepts or refuses:
// the message is formatted only when errors.As or Error asks for it. Only
// undici's refusal of a reason of 64 KiB or more allocates, once, which
// costs far less than measuring such a reason (from 4 GiB on, it is an
// *Exception built at once).
func ValidateClose(engine Engine, args CloseArgs) error {
	r := &engineRules[Chromium]
	if int(engine) < len(engineRules) {
		r = &engineRules[engine]
	}
	hasCode, number := args.HasCode, args.Code
	if !hasCode && args.HasReason && r.undefinedCodeIsNaN {
		// Blink converts an undefined code that precedes a reason: ToNumber
		// gives NaN. WebIDL treats it as missing instead.
		hasCode, number = true, math.NaN()
	}
	// WHATWG close() step 1: the code must be 1000 or 3000-4999.
	if hasCode {
		if code := r.clamp(number); !isAllowedCode(code) {
			return r.refuseCode(code)
		}
	}
	// WHATWG close() step 2: the reason's UTF-8 must fit in 123 bytes.
	if args.HasReason && (hasCode || !r.reasonNeedsCode) {
		if n := reasonLength(args); n > MaxReasonBytes {
			if r.reasonRefusal == numbered {
				return refuseUndiciReason(n)
			}
			return refuse(int(r.reasonRefusal))
		}
	}
	return nil
}

// refuseCode returns the engine's InvalidAccessError for a code that is
// not 1000 or 3000-4999 (WHATWG close() step 1).
func (r *rules) refuseCode(code uint16) error {
	if r.codeRefusal == numbered {
		return refuseChromiumCode(code)
	}
	return refuse(int(r.codeRefusal))
}

// refusedCode returns ValidateClose's error for close(code, reason) when
// code is 0-65535, a number every engine's conversion leaves as it is, and
// refused; nil otherwise. The reason does not matter: step 1 comes first.
// It is the branch WebSocket.Close takes before anything else.
func refusedCode(engine Engine, code int) error {
	if uint(code) > 65535 || isAllowedCode(uint16(code)) || int(engine) >= len(engineRules) {
		return nil
	}
	return engineRules[engine].refuseCode(uint16(code))
}

// rules are one engine's close() checks, as data: where engines differ,
// and nothing else.
type rules struct {
	clamp func(float64) uint16 // the engine's [Clamp] unsigned short
	// undefinedCodeIsNaN: close(undefined, reason) converts the undefined
	// code (Chromium); otherwise it counts as absent.
	undefinedCodeIsNaN bool
	// reasonNeedsCode: a reason is measured only when a code is present.
	reasonNeedsCode bool
	// codeRefusal and reasonRefusal are the InvalidAccessError for a
	// refused code and the SyntaxError for a long reason: an index of
	// fixedExceptions, or numbered where the message gives the number
	// (Chromium's code, undici's length). Data rather than functions: see
	// close_refusal.go.
	codeRefusal, reasonRefusal uint8
}

// numbered marks an exception whose message gives the refused number.
const numbered = 0xff

// engineRules are the rules of each Engine, indexed by it.
var engineRules = [...]rules{
	Chromium: {
		clamp:              clampUnsignedShort,
		undefinedCodeIsNaN: true,
		codeRefusal:        numbered,
		reasonRefusal:      chromiumReason,
	},
	Undici: {
		clamp:         undiciClampUnsignedShort,
		codeRefusal:   undiciCode,
		reasonRefusal: numbered,
	},
	Firefox: {
		clamp:         webIDLClampUnsignedShort,
		codeRefusal:   firefoxCode,
		reasonRefusal: firefoxReason,
	},
	WebKit: {
		clamp:           clampUnsignedShort,
		reasonNeedsCode: true,
		codeRefusal:     webkitCode,
		reasonRefusal:   webkitReason,
	},
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

// webIDLClampUnsignedShort is the conversion as WebIDL writes it, and as
// Gecko does it: clamped to 0-65535, then rounded to the nearest integer,
// ties to even; NaN becomes 0.
func webIDLClampUnsignedShort(x float64) uint16 {
	return uint16(math.RoundToEven(clamp(x)))
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
