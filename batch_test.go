package browserws

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// joined is what JavaScript's join(separator) then TextEncoder give for
// messages: their UTF-8 bytes with the separator between them.
func joined(messages []string, separator string) []byte {
	return []byte(strings.Join(messages, separator))
}

// split cuts data at ends, each message ending where the next separator
// starts.
func split(data []byte, ends []int) []string {
	var out []string
	start := 0
	for _, end := range ends {
		out = append(out, string(data[start:end]))
		start = end + 1
	}
	return out
}

func TestSplittingJoinedTexts(t *testing.T) {
	tests := []struct {
		name     string
		messages []string
		// separatorsAlone: the zero bytes of the first join are the
		// separators, so the second join is not needed.
		separatorsAlone bool
	}{
		{"one", []string{"hello"}, true},
		{"several", []string{"a", "bc", "déf", "😀"}, true},
		{"empty messages", []string{"", "", "x", ""}, true},
		{"one empty", []string{""}, true},
		{"a zero byte inside", []string{"a\x00b", "c"}, false},
		{"zero bytes only", []string{"\x00", "\x00\x00", ""}, false},
		{"a zero byte alone", []string{"\x00"}, false},
		{"separator bytes of both joins inside", []string{"\x01\x00", "\x00\x01", "\x01"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, second := joined(tt.messages, "\x00"), joined(tt.messages, "\x01")
			ends := separatorEnds(first, len(tt.messages), nil)
			if tt.separatorsAlone {
				assert.Equal(t, tt.messages, split(first, ends))
			} else {
				assert.Nil(t, ends, "zero bytes inside a message must not pass for separators")
			}
			ends = differingEnds(first, second, len(tt.messages), nil)
			assert.Equal(t, tt.messages, split(first, ends))
		})
	}
}

func TestNextZero(t *testing.T) {
	for size := range 40 {
		for zero := -1; zero < size; zero++ {
			b := make([]byte, size)
			for i := range b {
				b[i] = byte(0x80 + i) // high bytes, which the eight-at-a-time test must not take for zero
			}
			want := size
			if zero >= 0 {
				b[zero], want = 0, zero
			}
			for from := 0; from <= size; from++ {
				expected := want
				if from > want {
					expected = size
				}
				assert.Equal(t, expected, nextZero(b, from), "size %d, zero at %d, from %d", size, zero, from)
			}
		}
	}
}

func TestDifferingEndsRefusesWhatIsNoPairOfJoins(t *testing.T) {
	tests := []struct {
		name          string
		first, second string
		count         int
	}{
		{"lengths differ", "a\x00b", "a\x01bc", 2},
		{"too few separators", "ab", "ab", 2},
		{"too many separators", "a\x00b\x00c", "a\x01b\x01c", 2},
		{"a difference that is no separator", "a\x00b", "c\x01b", 2},
		{"separators swapped", "a\x01b", "a\x00b", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Nil(t, differingEnds([]byte(tt.first), []byte(tt.second), tt.count, nil))
		})
	}
}

func TestLittleEndian32(t *testing.T) {
	b := []byte{0, 4, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0}
	assert.Equal(t, []int{1024, 1<<32 - 1, 1}, littleEndian32(b, nil))
	assert.Equal(t, []int{7, 1024}, littleEndian32(b[:4], []int{7}))
	assert.Empty(t, littleEndian32(b[:3], nil))
}
