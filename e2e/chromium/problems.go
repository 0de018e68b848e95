package chromium

import (
	"strings"
	"sync"

	"github.com/chromedp/cdproto/runtime"
)

// Problems collects what went wrong in a page: its uncaught exceptions and
// console.error calls, described as text. Pass its Watch method to
// chromedp.Listen on the page's context. The zero value is ready to use.
type Problems struct {
	mu   sync.Mutex
	list []string
}

// Watch records ev if it describes a problem; it ignores other events.
func (p *Problems) Watch(ev any) {
	problem, ok := describe(ev)
	if !ok {
		return
	}
	p.mu.Lock()
	p.list = append(p.list, problem)
	p.mu.Unlock()
}

// List returns the problems recorded so far, oldest first.
func (p *Problems) List() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.list...)
}

// describe gives the text of a page event that is a problem: an uncaught
// exception or a console.error call. It reports false for any other event.
func describe(ev any) (string, bool) {
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
