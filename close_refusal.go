package browserws

import "strconv"

// The errors of a refused close. ValidateClose returns a pointer to a slot
// of refusalSlots rather than a new *Exception, so that refusing allocates
// nothing: an interface holds a pointer as it is, where it would allocate
// for an integer (but for a few small ones). The pointer's type says whose
// exception it is and the number in the slot says which. The exception,
// message and all, is built only when errors.As or Error asks for it, a
// new one each time, so a caller that changes it changes no other error.
// Two types and no more, because each type with methods costs about a
// kilobyte of the wasm binary (see BENCHMARKS.md).

// refusalSlots hold their own index once a refusal has used them: slot n
// holds n. So the slots refusals point at differ, and reflect.DeepEqual
// (and so testify's Equal) tells refusals apart as it told their
// *Exceptions apart. Each slot is set when first used, not all at program
// start or on the first refusal, which would cost milliseconds in
// WebAssembly; atomically where refusals may race to set one (loadSlot,
// storeSlot). 256 KiB of zeroed memory, which the binary does not contain.
var refusalSlots [1 << 16]uint32

// slot returns the slot holding n, 0 <= n < len(refusalSlots).
func slot(n int) *uint32 {
	s := &refusalSlots[n]
	if loadSlot(s) != uint32(n) {
		storeSlot(s, uint32(n))
	}
	return s
}

// chromiumPrefix starts every message of Chromium's close.
const chromiumPrefix = "Failed to execute 'close' on 'WebSocket': "

// A chromiumCodeRefusal is Chromium's InvalidAccessError, whose message
// quotes the converted code: the number in its slot.
type chromiumCodeRefusal uint32

func refuseChromiumCode(code uint16) error {
	return (*chromiumCodeRefusal)(slot(int(code)))
}

func (r *chromiumCodeRefusal) exception() Exception {
	var digits [5]byte
	code := strconv.AppendUint(digits[:0], uint64(loadSlot((*uint32)(r))), 10)
	return Exception{"InvalidAccessError",
		chromiumPrefix + "The close code must be either 1000, or between 3000 and 4999. " + string(code) + " is neither.", true}
}

func (r *chromiumCodeRefusal) Error() string { e := r.exception(); return e.Error() }
func (r *chromiumCodeRefusal) Unwrap() error { return ErrInvalidAccess }

// As gives errors.As a new *Exception, and builds none for other targets.
func (r *chromiumCodeRefusal) As(target any) bool {
	p, ok := target.(**Exception)
	if ok {
		e := r.exception()
		*p = &e
	}
	return ok
}

// A refusal is every other exception of a refused close. The number in its
// slot is either the index of a fixed exception (below undiciReasonMin) or
// the length of the reason undici refused, which its message gives.
type refusal uint32

// undiciReasonMin is the shortest reason undici refuses.
const undiciReasonMin = MaxReasonBytes + 1

// Indexes of fixedExceptions.
const (
	chromiumReason = iota
	undiciCode
	firefoxCode
	firefoxReason
	webkitCode
	webkitReason
)

// fixedExceptions are the exceptions whose message never changes, in each
// engine's words.
var fixedExceptions = [...]Exception{
	chromiumReason: {"SyntaxError", chromiumPrefix + "The close reason must not be greater than 123 UTF-8 bytes.", true},
	undiciCode:     {"InvalidAccessError", "invalid code", true},
	firefoxCode:    {"InvalidAccessError", "A parameter or an operation is not supported by the underlying object", true},
	firefoxReason:  {"SyntaxError", "An invalid or illegal string was specified", true},
	webkitCode:     {"InvalidAccessError", "The object does not support the operation or argument.", true},
	webkitReason:   {"SyntaxError", "The string did not match the expected pattern.", true},
}

// refuse returns the refusal of fixedExceptions[i].
func refuse(i int) error { return (*refusal)(slot(i)) }

// refuseUndiciReason returns undici's SyntaxError for a reason of length
// bytes. A length past the slots, 64 KiB or more, gets a refusal of its
// own, allocated: measuring such a reason costs far more than that.
func refuseUndiciReason(length int) error {
	if length < len(refusalSlots) {
		return (*refusal)(slot(length))
	}
	if uint64(length) <= 1<<32-1 {
		r := refusal(length)
		return &r
	}
	e := undiciReasonException(length) // 4 GiB or more: past a refusal's number
	return &e
}

func undiciReasonException(length int) Exception {
	var digits [20]byte
	return Exception{"SyntaxError",
		"Reason must be less than 123 bytes; received " + string(strconv.AppendInt(digits[:0], int64(length), 10)), true}
}

func (r *refusal) exception() Exception {
	n := loadSlot((*uint32)(r))
	if n < undiciReasonMin {
		return fixedExceptions[n]
	}
	return undiciReasonException(int(n))
}

func (r *refusal) Error() string { e := r.exception(); return e.Error() }

func (r *refusal) Unwrap() error {
	if n := loadSlot((*uint32)(r)); n < undiciReasonMin {
		return fixedExceptions[n].Unwrap()
	}
	return ErrSyntax
}

// As gives errors.As a new *Exception, and builds none for other targets.
func (r *refusal) As(target any) bool {
	p, ok := target.(**Exception)
	if ok {
		e := r.exception()
		*p = &e
	}
	return ok
}
