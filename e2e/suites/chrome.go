package suites

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gowasm/browserws/e2e/chromium"
)

// wrapperLog is the file in the wrapper's directory to which it adds a line
// each time it starts Chromium, so that a run can tell it was used.
const wrapperLog = "started"

// writeChromeWrapper writes dir/headless_shell, which runs the
// repository's Chromium (chromium.Path) with the repository's flags
// (chromium.Flags) before the arguments it is given. wasmbrowsertest
// starts Chrome through chromedp v0.10's exec allocator with chromedp's
// default flags, adding --no-sandbox itself when it runs as root; the
// allocator runs the first of headless_shell, headless-shell, chromium,
// ... it finds on the PATH. With dir first on the PATH its Chromium is the
// one our runner starts, with the same flags (the closed network's, full
// speed timers), so the two are compared on equal terms.
func writeChromeWrapper(dir string) error {
	chrome, err := chromium.Path()
	if err != nil {
		return err
	}
	args := []string{shellQuote(chrome)}
	for _, f := range chromium.Flags() {
		args = append(args, shellQuote(f))
	}
	script := "#!/bin/sh\n" +
		"# Written by e2e/suites for wasmbrowsertest: this repository's Chromium and flags.\n" +
		"echo \"$$\" >> " + shellQuote(filepath.Join(dir, wrapperLog)) + "\n" +
		"exec " + strings.Join(args, " ") + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "headless_shell"), []byte(script), 0o755); err != nil {
		return fmt.Errorf("writing the Chromium wrapper: %w", err)
	}
	return nil
}

// wrapperStarts returns how many times the wrapper in dir started Chromium.
func wrapperStarts(dir string) int {
	data, err := os.ReadFile(filepath.Join(dir, wrapperLog))
	if err != nil {
		return 0
	}
	return strings.Count(string(data), "\n")
}

// shellQuote quotes s for sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
