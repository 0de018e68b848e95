package chromium

import (
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/stretchr/testify/assert"
)

func TestProblemsKeepsExceptionsAndConsoleErrorsOnly(t *testing.T) {
	var p Problems
	assert.Empty(t, p.List())

	events := []any{
		&runtime.EventExceptionThrown{ExceptionDetails: &runtime.ExceptionDetails{
			Text:      "Uncaught",
			Exception: &runtime.RemoteObject{Description: "TypeError: x is not a function"},
		}},
		&runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeLog, Args: []*runtime.RemoteObject{{Value: []byte(`"fine"`)}}},
		&runtime.EventConsoleAPICalled{Type: runtime.ConsoleAPICalledTypeError, Args: []*runtime.RemoteObject{
			{Value: []byte(`"bad"`)},
			{Description: "Error: boom"},
		}},
		"not an event",
	}
	for _, ev := range events {
		p.Watch(ev)
	}

	assert.Equal(t, []string{
		"uncaught: Uncaught TypeError: x is not a function",
		"console.error: bad Error: boom",
	}, p.List())

	list := p.List()
	list[0] = "changed"
	assert.Equal(t, "uncaught: Uncaught TypeError: x is not a function", p.List()[0], "List returns a copy")
}
