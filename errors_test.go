package browserws

import (
	"errors"
	"fmt"
	"strconv"
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
		// Quoted as strconv.Quote does, except for non-printable Unicode.
		{CloseEvent{WasClean: true, Code: 4000, Reason: "say \"hi\"\\\n\t\x00\x7f\xff é😀"},
			`browserws: WebSocket closed with code 4000 ("say \"hi\"\\\n\t\x00\x7f\xff é😀")`},
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
	for _, reason := range []string{"", "done", "a\"b\\c", "\a\b\f\n\r\t\v\x01\x1f\x7f", "\xff\xc3", "é, 😀, 中文"} {
		assert.Equal(t, strconv.Quote(reason), quote(reason), "printable text and ASCII are quoted as strconv.Quote does")
	}
	assert.Equal(t, "\"\u200b\"", quote("\u200b"), "non-printable Unicode is kept as it is")
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
