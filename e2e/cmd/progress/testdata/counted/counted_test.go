package counted

import (
	"fmt"
	"testing"
)

func TestOne(t *testing.T)    {}
func Test(t *testing.T)       {}
func Test_under(t *testing.T) {}
func Testable()               {} // not a test: a lower-case letter follows
func FuzzOne(f *testing.F)    {}

func BenchmarkOne(b *testing.B) {}

func Example_runs() {
	fmt.Println("x")
	// Output: x
}

func Example_emptyOutput() {
	// Output:
}

func Example_notRun() {
	fmt.Println("compiled, not run")
}
