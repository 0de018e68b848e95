package vectors

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// pcgStream is the PCG's second seed word. It is fixed so that a seed alone
// replays a run (crosscheck -seed N).
const pcgStream = 0x62726f7773657773 // "browsews"

// Generate returns n vectors drawn from a PCG seeded with seed: the same
// seed gives the same vectors, so a disagreement found at random can be
// replayed. They are named "gen/<seed>/<i>/<kind>", where kind is one of
// number, numstring, object, reason, args, mixed and engines (calls where
// the engines are known to answer differently). States are mostly open
// and closed; connecting is rare (about 4%) because the harness runs those
// one at a time.
func Generate(seed uint64, n int) []Vector {
	if n <= 0 {
		return nil
	}
	g := &generator{r: newPCG(seed), seed: seed}
	out := make([]Vector, n)
	for i := range out {
		g.index = i
		kind, script := g.vector()
		out[i] = Vector{
			Name:   fmt.Sprintf("gen/%d/%d/%s", seed, i, kind),
			State:  g.state(),
			Script: script,
		}
	}
	return out
}

// newPCG is the random source of Generate for seed.
func newPCG(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, pcgStream))
}

// A generator draws every choice from r, and nothing else, so that its
// output depends on the seed alone.
type generator struct {
	r     *rand.Rand
	seed  uint64
	index int
}

// kinds are the generated vector kinds, each with its weight.
var kinds = []struct {
	name   string
	weight int
}{
	{"number", 24},
	{"numstring", 12},
	{"object", 16},
	{"reason", 26},
	{"args", 8},
	{"mixed", 14},
	{"engines", 10},
}

// vector picks a kind by weight and writes a script of that kind.
func (g *generator) vector() (kind, script string) {
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	pick := g.r.IntN(total)
	for _, k := range kinds {
		if pick < k.weight {
			kind = k.name
			break
		}
		pick -= k.weight
	}
	switch kind {
	case "number":
		return kind, g.call(g.numberLiteral(), g.maybe(3, g.shortReason))
	case "numstring":
		return kind, g.call(jsQuote(g.numericString()), g.maybe(4, g.shortReason))
	case "object":
		return kind, g.objectCall()
	case "reason":
		return kind, g.call(g.likelyValidCode(), g.reasonLiteral())
	case "args":
		return kind, g.argsCall()
	case "engines":
		return kind, g.engineCall()
	default:
		return "mixed", g.call(g.anyCode(), g.maybe(2, g.anyReason))
	}
}

// state spreads vectors over the four states: open 54%, closed 28%,
// closing 14%, connecting 4%.
func (g *generator) state() string {
	switch p := g.r.IntN(100); {
	case p < 4:
		return Connecting
	case p < 58:
		return Open
	case p < 72:
		return Closing
	default:
		return Closed
	}
}

// call writes ws.close with code and, unless it is "", reason.
func (g *generator) call(code, reason string) string {
	if reason == "" {
		return "ws.close(" + code + ");"
	}
	return "ws.close(" + code + ", " + reason + ");"
}

// maybe returns "" one time in k and f() otherwise, so that most calls get
// a second argument but not all.
func (g *generator) maybe(k int, f func() string) string {
	if g.r.IntN(k) == 0 {
		return ""
	}
	return f()
}

func (g *generator) oneOf(list ...string) string { return list[g.r.IntN(len(list))] }

// boundaryCodes are the values where validity changes, and where [Clamp]
// and unsigned short wrap-around would part ways.
var boundaryCodes = []int64{0, 1, 999, 1000, 1001, 1004, 1005, 1006, 1015, 2999, 3000, 3001,
	4000, 4999, 5000, 65535, 65536, 1 << 31, 1 << 32, 1<<32 + 1000, 1 << 53}

// numberLiteral returns a JavaScript number literal (or a unary minus
// before one) of any magnitude: integers near the boundaries, fractions
// that [Clamp] rounds half to even, long digit strings, exponent forms up
// to overflow and underflow, other radixes, separators and the specials.
func (g *generator) numberLiteral() string {
	r := g.r
	switch r.IntN(10) {
	case 0, 1: // an integer near a boundary
		v := boundaryCodes[r.IntN(len(boundaryCodes))] + r.Int64N(7) - 3
		if r.IntN(8) == 0 {
			v = -v
		}
		return strconv.FormatInt(v, 10)
	case 2, 3: // a fraction near a boundary
		v := boundaryCodes[r.IntN(len(boundaryCodes))] + r.Int64N(3) - 1
		frac := g.oneOf("5", "49", "5000001", "4999999999999999", "9", "1", "99999999999999999999")
		if r.IntN(2) == 0 {
			frac = g.digits(1+r.IntN(18), false)
		}
		s := strconv.FormatInt(max(v, 0), 10) + "." + frac
		if r.IntN(8) == 0 {
			s = "-" + s
		}
		return s
	case 4: // any magnitude, written out in full
		s := g.digits(1+r.IntN(24), true)
		if r.IntN(3) == 0 {
			s += "." + g.digits(1+r.IntN(6), false)
		}
		if r.IntN(6) == 0 {
			s = "-" + s
		}
		return s
	case 5: // exponent form, up to overflow to Infinity and underflow to 0
		s := g.digits(1, false) + "." + g.digits(1+r.IntN(16), false)
		if r.IntN(3) == 0 {
			s = g.digits(1+r.IntN(4), true)
		}
		exp := r.IntN(660) - 340
		if r.IntN(2) == 0 {
			exp = r.IntN(9) - 2 // near the codes: 1e3, 4.999e3
		}
		s += g.oneOf("e", "E") + strconv.Itoa(exp)
		if r.IntN(6) == 0 {
			s = "-" + s
		}
		return s
	case 6: // a uniformly random double, shortest round-trip form
		f := math.Float64frombits(r.Uint64())
		return jsNumber(f)
	case 7: // a random code-sized value, often in or near the valid range,
		// maybe with a quarter fraction
		f := float64(r.IntN(140000) - 70000)
		if r.IntN(2) == 0 {
			f = float64(2990 + r.IntN(2021))
		}
		return jsNumber(f + float64(r.IntN(4))/4)
	case 8: // radixes and separators
		v := uint64(boundaryCodes[r.IntN(len(boundaryCodes))]) + uint64(r.IntN(3))
		switch r.IntN(4) {
		case 0:
			return "0x" + strconv.FormatUint(v, 16)
		case 1:
			return "0o" + strconv.FormatUint(v, 8)
		case 2:
			return "0b" + strconv.FormatUint(v, 2)
		default:
			return separated(strconv.FormatUint(max(v, 10), 10))
		}
	default:
		return g.oneOf("NaN", "Infinity", "-Infinity", "-0", "0", "0.0", "-0.0", "5e-324",
			"1.7976931348623157e308", "1e309", "-1e309", "2.5e-324", "4.9406564584124654e-324",
			"9007199254740993", "18446744073709552000", "0.5", "-0.5", "1000.5", "2999.5", "4999.5")
	}
}

// digits returns n random decimal digits; with lead, the first is not 0,
// so the result is a decimal integer literal and never a legacy octal one.
func (g *generator) digits(n int, lead bool) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	if lead && b[0] == '0' {
		b[0] = byte('1' + g.r.IntN(9))
	}
	return string(b)
}

// separated puts a numeric separator between the thousands of a decimal
// integer of at least two digits, as JavaScript allows ("1_000").
func separated(s string) string {
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('_')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// jsNumber writes f as a JavaScript expression that evaluates to exactly f.
func jsNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0 && math.Signbit(f):
		return "-0"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// numericString returns the text of a string for ToNumber: whitespace
// JavaScript trims (and some it does not), signs, radix prefixes (which
// take no sign), exponents, separators (which strings do not allow) and
// junk.
func (g *generator) numericString() string {
	r := g.r
	space := func() string {
		if r.IntN(2) == 0 {
			return ""
		}
		return g.oneOf(" ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\u00a0", "\ufeff", "\u2028",
			"\u2029", "\u3000", "\u2000", "\u180e", "\u200b")
	}
	var body string
	switch r.IntN(6) {
	case 0, 1:
		body = strings.ReplaceAll(g.numberLiteral(), "_", "")
	case 2:
		body = g.oneOf("", "+", "-") + strconv.Itoa(r.IntN(70000))
		if r.IntN(2) == 0 {
			body = g.oneOf("", "+", "0") + strconv.Itoa(2990+r.IntN(2021)) + g.oneOf("", ".5", ".25", "e0")
		}
	case 3:
		prefix, radix := "0x", 16
		switch r.IntN(4) {
		case 0:
			prefix = "0X"
		case 1:
			prefix, radix = "0o", 8
		case 2:
			prefix, radix = "0b", 2
		}
		body = g.oneOf("", "", "-", "+") + prefix + strconv.FormatInt(int64(r.IntN(70000)), radix)
	case 4:
		body = g.oneOf("", "abc", "Infinity", "+Infinity", "-Infinity", "infinity", "NaN", "1000n",
			"1_000", ".", "+", "-", "e3", "1e", "1e+", ".5e4", "5.", "+.5e4", "0x", "1,000", "1000.0.0",
			"\u0661\u0660\u0660\u0660", "\uff11\uff10\uff10\uff10")
	default:
		body = strconv.Itoa(int(boundaryCodes[r.IntN(len(boundaryCodes))])) + g.oneOf("", "", ".5", ".0", "e0", "x", " 1")
	}
	return space() + body + space()
}

// likelyValidCode returns a code that is usually valid, so that the reason
// decides the outcome.
func (g *generator) likelyValidCode() string {
	switch g.r.IntN(8) {
	case 0, 1, 2:
		return "1000"
	case 3, 4, 5:
		return strconv.Itoa(3000 + g.r.IntN(2000))
	case 6:
		return g.oneOf("undefined", "4999.5", "2999.5", "1000.4", "3000.0")
	default:
		return g.numberLiteral()
	}
}

// shortReason is a short ASCII reason, quotes and backslashes included so
// that escaping is exercised.
func (g *generator) shortReason() string {
	n := g.r.IntN(24)
	units := make([]uint16, n)
	for i := range units {
		units[i] = uint16(0x20 + g.r.IntN(0x5f))
	}
	return jsQuoteUnits(units)
}

// reasonLiteral returns a quoted reason of 115 to 130 UTF-8 bytes once its
// lone surrogates become U+FFFD, straddling the 123-byte limit.
func (g *generator) reasonLiteral() string {
	return jsQuoteUnits(g.reasonUnits(115 + g.r.IntN(16)))
}

// Character classes of random reasons.
const (
	classASCII = iota
	class2Byte
	class3Byte
	class4Byte
	classLoneHigh
	classLoneLow
	classReversed
	classCount
)

// reasonUnits returns UTF-16 code units whose well-formed UTF-8 length is
// exactly target bytes. Each reason weighs the classes afresh, so some are
// mostly emoji, some mostly lone surrogates, most a mix.
func (g *generator) reasonUnits(target int) []uint16 {
	var weights [classCount]int
	total := 0
	for total == 0 {
		for c := range weights {
			weights[c] = g.r.IntN(4)
			total += weights[c]
		}
	}
	var units []uint16
	size := 0
	for size < target {
		var piece []uint16
		for try := 0; try < 4; try++ {
			p := g.piece(weights[:], total)
			if size+addedBytes(units, p) <= target {
				piece = p
				break
			}
		}
		if piece == nil { // nothing else fits: ASCII always adds one byte
			piece = []uint16{uint16('a' + g.r.IntN(26))}
		}
		size += addedBytes(units, piece)
		units = append(units, piece...)
	}
	return units
}

// piece draws one character (or, for classReversed, a low surrogate then a
// high one) from a class picked by weight.
func (g *generator) piece(weights []int, total int) []uint16 {
	pick := g.r.IntN(total)
	class := 0
	for pick >= weights[class] {
		pick -= weights[class]
		class++
	}
	r := g.r
	switch class {
	case classASCII:
		return []uint16{uint16(0x20 + r.IntN(0x5f))}
	case class2Byte:
		return []uint16{uint16(0x80 + r.IntN(0x800-0x80))}
	case class3Byte:
		if r.IntN(6) == 0 {
			return []uint16{uint16([]int{0xfffd, 0xfeff, 0xffff, 0x2028, 0x0800, 0xe000}[r.IntN(6)])}
		}
		u := 0x800 + r.IntN(0x10000-0x800-0x800) // skip the surrogates
		if u >= 0xd800 {
			u += 0x800
		}
		return []uint16{uint16(u)}
	case class4Byte:
		hi, lo := utf16.EncodeRune(rune(0x10000 + r.IntN(0x100000)))
		return []uint16{uint16(hi), uint16(lo)}
	case classLoneHigh:
		return []uint16{uint16(0xd800 + r.IntN(0x400))}
	case classLoneLow:
		return []uint16{uint16(0xdc00 + r.IntN(0x400))}
	default:
		return []uint16{uint16(0xdc00 + r.IntN(0x400)), uint16(0xd800 + r.IntN(0x400))}
	}
}

// wellFormedLen is the UTF-8 length of units once lone surrogates are
// replaced by U+FFFD, as USVString conversion does: the length close()
// checks against 123.
func wellFormedLen(units []uint16) int {
	n := 0
	for _, r := range utf16.Decode(units) { // Decode makes lone surrogates U+FFFD
		n += utf8.RuneLen(r)
	}
	return n
}

// addedBytes is how much appending p to units grows wellFormedLen. Only
// units' last unit can pair with p's first (a trailing high surrogate with
// a leading low one), so only that unit needs measuring again.
func addedBytes(units, p []uint16) int {
	if len(units) == 0 {
		return wellFormedLen(p)
	}
	last := units[len(units)-1:]
	return wellFormedLen(append(append([]uint16{}, last...), p...)) - wellFormedLen(last)
}

// objectCall is a close call whose code, reason or both are objects that
// log their conversions (the order of the log shows the conversion order),
// some of them throwing an Error of their own or leaving ToPrimitive with
// nothing but objects.
func (g *generator) objectCall() string {
	switch g.r.IntN(4) {
	case 0:
		return g.call(g.codeObject(), "")
	case 1:
		return g.call(g.likelyValidCode(), g.reasonObject())
	default:
		return g.call(g.codeObject(), g.reasonObject())
	}
}

func (g *generator) codeObject() string {
	var value string
	if g.r.IntN(3) == 0 {
		value = jsQuote(g.numericString())
	} else {
		value = g.numberLiteral()
	}
	return g.object("code", value, "number")
}

func (g *generator) reasonObject() string {
	var value string
	switch g.r.IntN(3) {
	case 0:
		value = g.reasonLiteral()
	case 1:
		value = g.numberLiteral()
	default:
		value = g.shortReason()
	}
	return g.object("reason", value, "string")
}

// object returns an object literal that converts to value, logging each
// method call as role.method. hint is the hint ToPrimitive passes, which
// decides whether valueOf or toString is tried first.
func (g *generator) object(role, value, hint string) string {
	logged := func(method string) string {
		return "log.push(" + jsQuote(role+"."+method) + "); "
	}
	throw := func(method string) string {
		ctor := g.oneOf("Error", "TypeError", "RangeError", "SyntaxError")
		msg := fmt.Sprintf("gen %d/%d: %s.%s threw", g.seed, g.index, role, method)
		return "throw new " + ctor + "(" + jsQuote(msg) + ");"
	}
	first, second := "valueOf", "toString"
	if hint == "string" {
		first, second = second, first
	}
	switch g.r.IntN(9) {
	case 0:
		return "{ valueOf() { " + logged("valueOf") + "return " + value + "; } }"
	case 1:
		return "{ toString() { " + logged("toString") + "return " + value + "; } }"
	case 2: // the first method tried yields an object: the second one counts
		return "{ " + first + "() { " + logged(first) + "return {}; }, " +
			second + "() { " + logged(second) + "return " + value + "; } }"
	case 3: // both defined, the first wins
		return "{ valueOf() { " + logged("valueOf") + "return " + value + "; }, " +
			"toString() { " + logged("toString") + "return " + value + "; } }"
	case 4:
		return "{ [Symbol.toPrimitive](hint) { " + logged("toPrimitive") +
			"log.push(String(hint)); return " + value + "; } }"
	case 5:
		return "{ " + first + "() { " + logged(first) + throw(first) + " } }"
	case 6:
		return "{ [Symbol.toPrimitive]() { " + logged("toPrimitive") + throw("toPrimitive") + " } }"
	case 7: // nothing primitive anywhere: ToPrimitive throws a TypeError
		return "{ valueOf() { " + logged("valueOf") + "return {}; }, " +
			"toString() { " + logged("toString") + "return []; } }"
	default: // a getter runs before the method does
		return "{ get " + first + "() { " + logged("get "+first) +
			"return function () { " + logged(first) + "return " + value + "; }; } }"
	}
}

// argsCall covers the argument shapes: none, undefined and null in either
// place, and a real value beside them.
func (g *generator) argsCall() string {
	code := func() string { return g.oneOf("1000", "3000", "4999", "999", g.numberLiteral()) }
	switch g.r.IntN(9) {
	case 0:
		return "ws.close();"
	case 1:
		return "ws.close(undefined);"
	case 2:
		return "ws.close(undefined, undefined);"
	case 3:
		return g.call("undefined", g.shortReason())
	case 4:
		return g.call(code(), "undefined")
	case 5:
		return "ws.close(null);"
	case 6:
		return g.call("null", g.shortReason())
	case 7:
		return g.call(code(), "null")
	default:
		return g.call(code(), "")
	}
}

// engineCall is a call where the engines are known to part ways (see the
// Engine constants of package browserws): fractions that truncating,
// rounding and undici's parity rule send to different codes, an undefined
// code before a reason, trailing undefined arguments, reasons of NUL
// characters or of 41 and 42 lone surrogates, BigInt codes, and close
// called on objects that are not sockets.
func (g *generator) engineCall() string {
	switch g.r.IntN(8) {
	case 0, 1:
		return g.call(g.engineCode(), g.maybe(3, g.engineReason))
	case 2: // an undefined code: is the reason measured, or the code 0?
		if g.r.IntN(2) == 0 {
			return g.call("undefined", jsQuote(strings.Repeat("a", 123+g.r.IntN(2))))
		}
		return g.call("undefined", g.engineReason())
	case 3: // trailing undefined arguments
		switch g.r.IntN(4) {
		case 0:
			return "ws.close(undefined, " + g.engineReason() + ", undefined);"
		case 1:
			return "ws.close(" + g.engineCode() + ", undefined, undefined);"
		case 2:
			return "ws.close(" + g.engineCode() + ", " + g.engineReason() + ", undefined);"
		default:
			return "ws.close(" + g.engineCode() + ", undefined);"
		}
	case 4:
		return g.call(g.oneOf("1000", "3000", "4999", "undefined", g.engineCode()), g.nulReason())
	case 5:
		return g.call(g.oneOf("1000", "3000", "undefined", g.engineCode()), g.loneReason())
	case 6:
		return g.call(g.bigIntCode(), g.maybe(2, g.engineReason))
	default:
		return g.receiverCall()
	}
}

// engineCode is a code where the engines' integer conversions part ways: a
// fraction by a boundary (999.5 is 999 to Chromium and WebKit, 1000 to
// Firefox and undici; 3001.2 is 3002 to undici alone), or now and then a
// plain valid one, so that the reason decides.
func (g *generator) engineCode() string {
	if g.r.IntN(5) == 0 {
		return g.oneOf("1000", "3000", "4999")
	}
	base := g.oneOf("999", "1000", "2999", "3000", "3001", "3002", "3003", "4998", "4999")
	return base + g.oneOf(".5", ".5", ".9", ".9", ".1", ".2", ".5000001", ".4999999")
}

// engineReason is a reason that engines measure, or send, differently: a
// short one, 123 or 124 bytes of ASCII, NUL characters, 41 or 42 lone
// surrogates, or a leading byte order mark.
func (g *generator) engineReason() string {
	switch g.r.IntN(6) {
	case 0:
		return g.shortReason()
	case 1:
		return jsQuote(strings.Repeat("a", 123+g.r.IntN(2)))
	case 2:
		return g.nulReason()
	case 3:
		return g.loneReason()
	case 4:
		return jsQuote("\ufeff" + g.oneOf("", "bye", "r"))
	default:
		return g.oneOf(`"r"`, `""`)
	}
}

// nulReason is a quoted reason of NUL characters, which WebKit accepts but
// sends empty, maybe with a letter among them, or long enough to straddle
// the 123-byte limit.
func (g *generator) nulReason() string {
	n := []int{1, 2, 3, 41, 123, 124}[g.r.IntN(6)]
	units := make([]uint16, n)
	if g.r.IntN(4) == 0 {
		units[g.r.IntN(n)] = 'a'
	}
	return jsQuoteUnits(units)
}

// loneReason is a quoted reason of 41 or 42 lone surrogates: 123 or 126
// bytes once each becomes U+FFFD.
func (g *generator) loneReason() string {
	units := make([]uint16, 41+g.r.IntN(2))
	high := g.r.IntN(2) == 0
	for i := range units {
		if high {
			units[i] = uint16(0xd800 + g.r.IntN(0x400))
		} else {
			units[i] = uint16(0xdc00 + g.r.IntN(0x400))
		}
	}
	return jsQuoteUnits(units)
}

// bigIntCode is a BigInt code: a TypeError to the browsers, a number to
// undici.
func (g *generator) bigIntCode() string {
	return g.oneOf("0n", "10n", "999n", "1000n", "3000n", "4999n", "5000n", "-1n", "65536n", "Object(3000n)")
}

// receiverCall calls WebSocket.prototype.close on something that is not a
// socket: the browsers check the receiver first, undici converts and
// checks the arguments before it fails.
func (g *generator) receiverCall() string {
	receiver := g.oneOf("Object.create(WebSocket.prototype)", "Object.create(WebSocket.prototype)", "{}", "WebSocket.prototype")
	var args string
	switch g.r.IntN(5) {
	case 0:
		args = ""
	case 1:
		args = ", " + g.oneOf("5", "1000", "3000", g.engineCode())
	case 2:
		args = ", " + g.likelyValidCode() + ", " + g.engineReason()
	case 3:
		args = ", " + g.bigIntCode()
	default:
		args = ", " + g.codeObject() + g.oneOf("", ", "+g.reasonObject())
	}
	return "WebSocket.prototype.close.call(" + receiver + args + ");"
}

// anyCode is a code of any JavaScript type.
func (g *generator) anyCode() string {
	switch g.r.IntN(12) {
	case 0, 1, 2:
		return g.numberLiteral()
	case 3, 4:
		return jsQuote(g.numericString())
	case 5, 6:
		return g.codeObject()
	case 7:
		return g.oneOf("undefined", "null", "true", "false")
	case 8:
		return "[" + g.numberLiteral() + "]"
	case 9:
		return g.oneOf("[]", "[1, 2]", "{}", "function () {}", "Symbol()", "10n", "1000n", "Object(3000n)")
	case 10:
		return "new Number(" + g.numberLiteral() + ")"
	default:
		return g.likelyValidCode()
	}
}

// anyReason is a reason of any JavaScript type.
func (g *generator) anyReason() string {
	switch g.r.IntN(8) {
	case 0, 1, 2:
		return g.reasonLiteral()
	case 3:
		return g.shortReason()
	case 4:
		return g.reasonObject()
	case 5:
		return g.numberLiteral()
	case 6:
		return g.oneOf("undefined", "null", "true", `""`, "[]", "{}", "10n", "Symbol()")
	default:
		return "new String(" + g.reasonLiteral() + ")"
	}
}

// jsQuote returns s as a double-quoted string literal that is valid, with
// the same value, in both JSON and JavaScript.
func jsQuote(s string) string {
	return jsQuoteUnits(utf16.Encode([]rune(s)))
}

// jsQuoteUnits quotes UTF-16 code units, which unlike a Go string can hold
// lone surrogates. Everything outside printable ASCII becomes a \uXXXX
// escape, so the script stays ASCII: no raw surrogate can reach a file, and
// U+2028 and U+2029 cannot end a line in older parsers.
func jsQuoteUnits(units []uint16) string {
	var b strings.Builder
	b.Grow(len(units) + 2)
	b.WriteByte('"')
	for _, u := range units {
		switch {
		case u == '"':
			b.WriteString(`\"`)
		case u == '\\':
			b.WriteString(`\\`)
		case u >= 0x20 && u < 0x7f:
			b.WriteByte(byte(u))
		default:
			fmt.Fprintf(&b, `\u%04x`, u)
		}
	}
	b.WriteByte('"')
	return b.String()
}
