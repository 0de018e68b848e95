package main

import (
	"fmt"
	"strings"
	"time"
)

// testFlags are the test binary's flags the runner acts on itself.
type testFlags struct {
	timeout      time.Duration // 0: no deadline
	coverProfile string        // -test.coverprofile
	goCoverDir   string        // -test.gocoverdir
	testLogFile  string        // -test.testlogfile
}

// defaultTimeout is go test's -timeout when the flag is missing.
const defaultTimeout = 10 * time.Minute

// parseTestFlags reads the flags the runner needs from the test binary's
// arguments, in the forms the flag package accepts (-name=value,
// --name=value, -name value). As there, the last of a repeated flag wins:
// go test passes its own -test.gocoverdir before those after -args.
// Arguments after "--" are not flags.
func parseTestFlags(args []string) (testFlags, error) {
	f := testFlags{timeout: defaultTimeout}
	values := map[string]*string{
		"test.coverprofile": &f.coverProfile,
		"test.gocoverdir":   &f.goCoverDir,
		"test.testlogfile":  &f.testLogFile,
	}
	var timeout string
	values["test.timeout"] = &timeout
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			break
		}
		if !strings.HasPrefix(arg, "-") {
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		dst, ok := values[name]
		if !ok {
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return f, fmt.Errorf("flag -%s needs a value", name)
			}
			i++
			value = args[i]
		}
		*dst = value
	}
	if timeout != "" {
		d, err := time.ParseDuration(timeout)
		if err != nil {
			return f, fmt.Errorf("flag -test.timeout: %w", err)
		}
		f.timeout = d
	}
	return f, nil
}
