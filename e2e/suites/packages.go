package suites

// stdlibPackages are the standard-library packages whose tests run under
// every runner: between them they use the file system (os, path/filepath,
// archive/zip, compress/gzip with testdata), the clock and timers (time,
// context, sync), syscall/js itself, and plenty of plain computation.
var stdlibPackages = []string{
	"syscall/js",
	"strings",
	"strconv",
	"unicode/utf8",
	"sort",
	"fmt",
	"io",
	"regexp",
	"context",
	"sync",
	"os",
	"path/filepath",
	"time",
	"archive/zip",
	"compress/gzip",
	"text/template",
	"bufio",
}

// A leftOut entry keeps one package's failure in one browser from failing
// the run. Its reason must name the difference in the browser itself (an
// API the page does not have, a limit of the engine) that no runner can
// make up for; a runner's own shortcoming is a bug to fix, not an entry.
// An entry whose package passes in that browser fails the run, so that it
// goes once the cause is gone.
type leftOut struct {
	pkg     string
	browser string // a runner's name: "chromium", "firefox" or "webkit"
	reason  string
}

// leftOuts are the packages that may fail in a browser, and why.
var leftOuts = []leftOut{}

// leftOutReason returns the reason pkg may fail in browser, or "".
func leftOutReason(entries []leftOut, pkg, browser string) string {
	for _, e := range entries {
		if e.pkg == pkg && e.browser == browser {
			return e.reason
		}
	}
	return ""
}
