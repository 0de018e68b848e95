package crosscheck

import "testing"

func testVectors(t *testing.T) []Vector {
	return []Vector{{"x/a", "open", "ws.close(1000, 'x')"}, {"x/b", "closing", "ws.close(999.5)"}}
}
