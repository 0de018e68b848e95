package browserws

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCloseError(t *testing.T) {
	tests := []struct {
		event CloseEvent
		text  string
	}{
		{CloseEvent{WasClean: true, Code: 1000, Reason: "done"}, `browserws: WebSocket closed with code 1000 ("done")`},
		{CloseEvent{WasClean: true, Code: 1005}, "browserws: WebSocket closed with code 1005"},
		{CloseEvent{Code: 1006}, "browserws: WebSocket closed with code 1006, not cleanly"},
	}
	for _, tt := range tests {
		err := error(&CloseError{tt.event})
		assert.Equal(t, tt.text, err.Error())
		assert.ErrorIs(t, err, ErrClosed)
		wrapped := fmt.Errorf("reading: %w", err)
		assert.Equal(t, tt.event.Code, CloseStatus(wrapped))
		var closeErr *CloseError
		if assert.ErrorAs(t, wrapped, &closeErr) {
			assert.Equal(t, tt.event, closeErr.CloseEvent)
		}
	}
	assert.Equal(t, -1, CloseStatus(nil))
	assert.Equal(t, -1, CloseStatus(ErrClosed), "ErrClosed carries no event")
}

func TestReadLimitError(t *testing.T) {
	err := fmt.Errorf("read: %w", &ReadLimitError{Size: 2048, Limit: 1024})
	assert.Equal(t, "read: browserws: a 2048-byte message passed the read limit of 1024 bytes", err.Error())
	assert.ErrorIs(t, err, ErrReadLimit)
	assert.False(t, errors.Is(err, ErrClosed))
}

func TestMessageTypeString(t *testing.T) {
	assert.Equal(t, "text", Text.String())
	assert.Equal(t, "binary", Binary.String())
	assert.Equal(t, "MessageType(7)", MessageType(7).String())
}
