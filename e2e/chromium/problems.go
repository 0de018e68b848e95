package chromium

import (
	"strings"

	"github.com/chromedp/cdproto/runtime"
)

// Problem describes a page event that means something went wrong in the
// page: an uncaught exception or a console.error call. It reports false for
// any other event.
func Problem(ev any) (string, bool) {
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		problem := "uncaught: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			problem += " " + ev.ExceptionDetails.Exception.Description
		}
		return problem, true
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return "", false
		}
		var parts []string
		for _, arg := range ev.Args {
			parts = append(parts, strings.Trim(string(arg.Value), `"`)+arg.Description)
		}
		return "console.error: " + strings.Join(parts, " "), true
	}
	return "", false
}
