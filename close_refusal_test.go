package browserws

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRefusalErrors checks what a refusal is besides its exception (which
// the tests of close_validate_test.go compare word for word): the sentinel
// it unwraps to and no other, its Error text, errors.As through wrapping,
// a new *Exception for every errors.As, and nothing for other targets.
func TestRefusalErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     CloseArgs
		sentinel error
	}{
		{"code", code(1001), ErrInvalidAccess},
		{"code 65535", code(65535), ErrInvalidAccess},
		{"reason", codeReason(1000, repeatTo("a", 124)), ErrSyntax},
		{"reason past the slots", codeReason(1000, repeatTo("a", 70000)), ErrSyntax},
	}
	for _, tt := range tests {
		for _, engine := range allEngines {
			t.Run(tt.name+"/"+engine.String(), func(t *testing.T) {
				t.Parallel()
				err := ValidateClose(engine, tt.args)
				require.Error(t, err)
				other := ErrSyntax
				if tt.sentinel == ErrSyntax {
					other = ErrInvalidAccess
				}
				assert.ErrorIs(t, err, tt.sentinel)
				assert.NotErrorIs(t, err, other)

				wrapped := fmt.Errorf("closing: %w", err)
				var first, second *Exception
				require.ErrorAs(t, wrapped, &first)
				require.ErrorAs(t, err, &second)
				assert.Equal(t, first.Error(), err.Error(), "Error is the exception's text")
				assert.Equal(t, *first, *second)
				require.NotSame(t, first, second, "each errors.As gets its own *Exception")
				first.Message = "changed"
				var third *Exception
				require.ErrorAs(t, ValidateClose(engine, tt.args), &third)
				assert.Equal(t, *second, *third, "changing one changes no later refusal")

				var closeErr *CloseError
				assert.False(t, errors.As(err, &closeErr))
				assert.Equal(t, -1, CloseStatus(err))
			})
		}
	}
}

// TestRefusalsCarryTheirNumbers refuses every code Chromium refuses and
// undici's reasons at lengths around the edges of the slots that hold them,
// and compares each message with the engine's words (the format strings of
// close_validate_test.go).
func TestRefusalsCarryTheirNumbers(t *testing.T) {
	t.Parallel()
	refused := 0
	for c := range 1 << 16 {
		err := ValidateClose(Chromium, code(float64(c)))
		if isAllowedCode(uint16(c)) {
			require.NoError(t, err)
			continue
		}
		refused++
		var exc *Exception
		require.ErrorAs(t, err, &exc)
		require.Equal(t, fmt.Sprintf(chromiumCodeMessage, c), exc.Message)
	}
	assert.Equal(t, 1<<16-1-2000, refused)

	reason := strings.Repeat("a", 1<<17)
	for _, n := range []int{124, 125, 255, 256, 1000, 65534, 65535, 65536, 65537, 1 << 17} {
		var exc *Exception
		require.ErrorAs(t, ValidateClose(Undici, codeReason(1000, reason[:n])), &exc)
		assert.Equal(t, fmt.Sprintf(undiciReasonMessage, n), exc.Message)
	}
}

// TestRefusalsCompareByContent keeps reflect.DeepEqual, and so testify's
// Equal, able to tell refusals apart as it told their *Exceptions apart.
func TestRefusalsCompareByContent(t *testing.T) {
	t.Parallel()
	assert.Equal(t, ValidateClose(Chromium, code(1001)), ValidateClose(Chromium, code(1001.5)))
	assert.NotEqual(t, ValidateClose(Chromium, code(1001)), ValidateClose(Chromium, code(1002)))
	assert.NotEqual(t, ValidateClose(Undici, codeReason(1000, repeatTo("a", 124))),
		ValidateClose(Undici, codeReason(1000, repeatTo("a", 125))))
	assert.NotEqual(t, ValidateClose(Firefox, code(1001)), ValidateClose(WebKit, code(1001)))
	assert.NotEqual(t, ValidateClose(Firefox, code(1001)), ValidateClose(Firefox, codeReason(1000, repeatTo("a", 124))))
	assert.NotEqual(t, ValidateClose(Chromium, code(0)), ValidateClose(Chromium, codeReason(1000, repeatTo("a", 124))))
	assert.NotEqual(t, ValidateClose(Undici, codeReason(1000, repeatTo("a", 70000))),
		ValidateClose(Undici, codeReason(1000, repeatTo("a", 70001))))
}
