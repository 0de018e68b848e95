// Package pass is a fixture of the wasmbrowser tests: a package whose tests
// pass, with one function for the coverage profile to count.
package pass

// Greet returns a greeting for name.
func Greet(name string) string {
	if name == "" {
		return "hello, nobody"
	}
	return "hello, " + name
}
