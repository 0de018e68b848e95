// Package crosscheck runs close() vectors natively and through the browserws
// shim, in headless Chromium and in Node's undici, and compares what the two
// runs observed. The native engine is the only oracle: nothing here holds an
// expected value.
package crosscheck

import (
	"slices"
	"strconv"

	"github.com/gowasm/browserws/e2e/vectors"
)

// An Observation is everything one run of a vector saw.
type Observation struct {
	Exception   *Exception  `json:"exception"`   // what the script threw, or nil
	ReadyState  int         `json:"readyState"`  // right after the script
	Log         []string    `json:"log"`         // what the script pushed to log
	CloseEvent  *CloseEvent `json:"closeEvent"`  // nil if none fired in time
	ServerFrame *Frame      `json:"serverFrame"` // nil if the server got no close frame
	SetupError  string      `json:"setupError,omitempty"`
	// ValidatorMissed reports that the Go validator accepted a call that the
	// native close then refused. Invisible otherwise, since the shim passes
	// the native exception on, it is a disagreement of its own.
	ValidatorMissed bool `json:"validatorMissed,omitempty"`
	// CleanupClose reports that the call left the socket open and the
	// harness closed it itself, with close(4000, "harness cleanup"): the
	// close event and the server's frame are then that close's, not the
	// call's. It is an explanation, not an observable of its own.
	CleanupClose bool `json:"cleanupClose,omitempty"`
	// SocketID names the socket at the recording server; the harness
	// leaves ServerFrame for the Go side to fill in from it.
	SocketID string `json:"-"`
}

// An Exception describes a thrown value.
type Exception struct {
	Name         string `json:"name"`
	Message      string `json:"message"`
	DOMException bool   `json:"domException"`
}

// A CloseEvent is what the socket's close event reported.
type CloseEvent struct {
	WasClean bool   `json:"wasClean"`
	Code     int    `json:"code"`
	Reason   string `json:"reason"`
}

// A Frame is the close frame the server received; Code 1005 means no body.
type Frame struct {
	Code   int    `json:"code"`
	Reason string `json:"reason"`
}

// The close the harness makes on a socket a call left open (see
// web/harness.js).
const (
	CleanupCode   = 4000
	CleanupReason = "harness cleanup"
)

// cleanupEvent reports whether the close event is of the harness's own
// cleanup close.
func (o Observation) cleanupEvent() bool {
	return o.CleanupClose && o.CloseEvent != nil && o.CloseEvent.Code == CleanupCode && o.CloseEvent.Reason == CleanupReason
}

// cleanupFrame reports whether the server's frame is the harness's own
// cleanup close.
func (o Observation) cleanupFrame() bool {
	return o.CleanupClose && o.ServerFrame != nil && o.ServerFrame.Code == CleanupCode && o.ServerFrame.Reason == CleanupReason
}

// ReadyStateNames are the WebSocket readyState values by name.
var ReadyStateNames = [...]string{"CONNECTING", "OPEN", "CLOSING", "CLOSED"}

// ReadyStateName is "OPEN (1)" for 1, and the bare number for a value
// that is no readyState.
func ReadyStateName(state int) string {
	if state >= 0 && state < len(ReadyStateNames) {
		return ReadyStateNames[state] + " (" + strconv.Itoa(state) + ")"
	}
	return strconv.Itoa(state)
}

// A Vector is one case to run: a script run with ws in a state.
type Vector = vectors.Vector

// A Result is one vector run in one engine, natively and through the shim.
type Result struct {
	Engine string      `json:"engine"`
	Name   string      `json:"name"`
	State  string      `json:"state"`
	Script string      `json:"script"`
	Native Observation `json:"native"`
	Shim   Observation `json:"shim"`
	Agree  bool        `json:"agree"`
	Diff   []string    `json:"diff"`
	// Known is set when native and shim differ only where the vector says
	// no shim can match this engine: why (see vectors.Unmatchable).
	Known string `json:"known,omitempty"`
}

// Passes reports whether r does not fail the cross-check: native and shim
// agree, or differ only in a known way.
func (r Result) Passes() bool { return r.Agree || r.Known != "" }

// subset reports whether every element of a is in b.
func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// compare returns the names of the observables that differ. A run that
// could not set its socket up never agrees: there is nothing to compare.
func compare(native, shim Observation) []string {
	diff := []string{}
	if native.SetupError != "" || shim.SetupError != "" {
		diff = append(diff, "setup")
	}
	switch {
	case equalPtr(native.Exception, shim.Exception):
	case native.Exception != nil && shim.Exception != nil &&
		native.Exception.Name == shim.Exception.Name && native.Exception.DOMException == shim.Exception.DOMException:
		diff = append(diff, "exceptionMessage") // the same exception, in other words
	default:
		diff = append(diff, "exception")
	}
	if native.ReadyState != shim.ReadyState {
		diff = append(diff, "readyState")
	}
	if !slices.Equal(native.Log, shim.Log) {
		diff = append(diff, "log")
	}
	if !equalPtr(native.CloseEvent, shim.CloseEvent) {
		diff = append(diff, "closeEvent")
	}
	if !equalPtr(native.ServerFrame, shim.ServerFrame) {
		diff = append(diff, "serverFrame")
	}
	if shim.ValidatorMissed {
		diff = append(diff, "validator")
	}
	return diff
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// pair joins the two runs of each vector into Results.
func pair(engine string, vectors []Vector, native, shim []Observation) []Result {
	results := make([]Result, len(vectors))
	for i, v := range vectors {
		r := Result{Engine: engine, Name: v.Name, State: v.State, Script: v.Script, Native: native[i], Shim: shim[i]}
		r.Diff = compare(r.Native, r.Shim)
		r.Agree = len(r.Diff) == 0
		if u, ok := v.Unmatchable[engine]; ok && !r.Agree && subset(r.Diff, u.Observables) {
			r.Known = u.Why
		}
		results[i] = r
	}
	return results
}
