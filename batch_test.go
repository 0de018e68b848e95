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

func TestParseLengths(t *testing.T) {
	tests := []struct {
		text  string
		count int
		want  []int
		ok    bool
	}{
		{"1024", 1, []int{1024}, true},
		{"0,1,22,333", 4, []int{0, 1, 22, 333}, true},
		{"1,2", 3, nil, false},
		{"1,2,3", 2, nil, false},
		{"", 1, nil, false},
		{"1,,2", 3, nil, false},
		{"1,-2", 2, nil, false},
		{"1.5", 1, nil, false},
		{"1e3", 1, nil, false},
		{"9999999999999999", 1, nil, false},
	}
	for _, tt := range tests {
		got, ok := parseLengths(tt.text, tt.count, nil)
		assert.Equal(t, tt.ok, ok, "%q", tt.text)
		if tt.ok {
			assert.Equal(t, tt.want, got, "%q", tt.text)
		}
	}
}
