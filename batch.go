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
	for i := nextZero(first, 0); i < len(first); i = nextZero(first, i+1) {
		if len(ends) == count-1 {
			return nil
		}
		ends = append(ends, i)
	}
	if len(ends) != count-1 {
		return nil
	}
	return append(ends, len(first))
}

// nextZero returns the index of the first zero byte of b from i on, or
// len(b). It tests eight bytes at a time, which in WebAssembly is about
// three times as fast as a loop over bytes (bytes.IndexByte would be
// faster still, but brings the unicode package's tables).
func nextZero(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		w := b[i : i+8 : i+8]
		v := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		if (v-0x0101010101010101)&^v&0x8080808080808080 != 0 {
			break // a zero among these eight
		}
	}
	for ; i < len(b) && b[i] != 0; i++ {
	}
	return i
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

// littleEndian32 appends to numbers the unsigned 32-bit little-endian
// numbers of b (the bytes of a Uint32Array: WebAssembly, and every engine
// Go runs in, is little-endian).
func littleEndian32(b []byte, numbers []int) []int {
	for i := 0; i+4 <= len(b); i += 4 {
		w := b[i : i+4 : i+4]
		numbers = append(numbers, int(uint32(w[0])|uint32(w[1])<<8|uint32(w[2])<<16|uint32(w[3])<<24))
	}
	return numbers
}
