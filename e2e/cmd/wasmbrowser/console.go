package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/runtime"
)

// consoleText is what console.log(args...) shows, roughly: strings as they
// are, other values as JSON or their description.
func consoleText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, arg := range args {
		parts = append(parts, remoteText(arg))
	}
	return strings.Join(parts, " ")
}

func remoteText(o *runtime.RemoteObject) string {
	switch {
	case o.Type == runtime.RemoteObjectTypeString:
		var s string
		if json.Unmarshal(o.Value, &s) == nil {
			return s
		}
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	case o.Description != "":
		return o.Description
	case len(o.Value) > 0:
		return string(o.Value)
	}
	return string(o.Type)
}

// toStderr reports whether a console call goes to stderr, as in Node.
func toStderr(t runtime.ConsoleAPICalledType) bool {
	switch t {
	case runtime.ConsoleAPICalledTypeWarning, runtime.ConsoleAPICalledTypeError,
		runtime.ConsoleAPICalledTypeAssert, runtime.ConsoleAPICalledTypeTrace:
		return true
	}
	return false
}

// exceptionText describes an exception: an Error's description, which has
// its message and stack, or the value thrown, and where it was thrown when
// there is no stack.
func exceptionText(d *runtime.ExceptionDetails) string {
	text := d.Text
	if d.Exception != nil {
		text = remoteText(d.Exception)
	}
	if d.URL != "" && !strings.Contains(text, "\n    at ") {
		text += fmt.Sprintf(" (at %s:%d:%d)", d.URL, d.LineNumber+1, d.ColumnNumber+1)
	}
	return text
}
