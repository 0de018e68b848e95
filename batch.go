package browserws

// Text messages of a batch cross into Go together: JavaScript joins them
// with a separator and encodes the result once (see reader.readTexts). A text
// message can hold any character, the separator too, so the batch is joined
// twice if need be, with "\x00" and with "\x01": both encode to one byte,
// so the two encodings have the same length, and they differ exactly where
// the separators are.

// separatorEnds returns where each of count messages ends in first, the
// UTF-8 encoding of the messages joined with "\x00", when first has exactly
// count-1 zero bytes: then every one of them is a separator. It returns nil
// otherwise, and the caller needs the second join (see differingEnds).
func separatorEnds(first []byte, count int, ends []int) []int {
	ends = ends[:0]
	for i, b := range first {
		if b == 0 {
			if len(ends) == count-1 {
				return nil
			}
			ends = append(ends, i)
		}
	}
	if len(ends) != count-1 {
		return nil
	}
	return append(ends, len(first))
}

// differingEnds returns where each of count messages ends in first (joined
// with "\x00") given second (joined with "\x01"): at the bytes where they
// differ, and at the end. It returns nil if the two do not describe count
// messages.
func differingEnds(first, second []byte, count int, ends []int) []int {
	if len(first) != len(second) {
		return nil
	}
	ends = ends[:0]
	for i := range first {
		if first[i] != second[i] {
			if first[i] != 0 || second[i] != 1 || len(ends) == count-1 {
				return nil
			}
			ends = append(ends, i)
		}
	}
	if len(ends) != count-1 {
		return nil
	}
	return append(ends, len(first))
}

// parseLengths reads count non-negative decimal numbers separated by
// commas (Array.prototype.join of byte lengths) into lengths, and reports
// whether text was exactly that.
func parseLengths(text string, count int, lengths []int) ([]int, bool) {
	lengths = lengths[:0]
	n, digits := 0, 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == ',' {
			if digits == 0 {
				return nil, false
			}
			lengths = append(lengths, n)
			n, digits = 0, 0
			continue
		}
		c := text[i]
		if c < '0' || c > '9' || digits >= 15 {
			return nil, false
		}
		n = 10*n + int(c-'0')
		digits++
	}
	return lengths, len(lengths) == count
}
