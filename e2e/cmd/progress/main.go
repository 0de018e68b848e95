// Command progress runs a long command, typically go test -json, and shows
// a person at a terminal what runs and how far it has come, without the
// flood of go test -v. It prints:
//
//   - whatever the command writes that is not a go test -json event, as
//     it comes (compiler errors, go vet's findings, a program's own lines);
//   - of go test -json events: each package's result line (ok, FAIL, ?),
//     the whole output of every top-level test that fails, and the lines of
//     passing tests that match -show;
//   - when nothing has been printed for -every, one line saying how long the
//     command has run, how many packages and top-level tests are done (out
//     of how many, when -tests or -packages can tell), and which tests are
//     running, for how long, with their last line of output.
//
// With -log, everything the command wrote goes to that file too, the
// events turned back into go test -v text. It exits with the command's
// exit code.
//
//	progress -label node -tests . -log bin/test-js-node.log -- go test -json -exec=... .
//	progress -label "go test ./..." -packages ./... -- go test -json ./...
//	progress -label "go vet ./..." -- go vet ./...
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"go/build"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	flags := flag.NewFlagSet("progress", flag.ContinueOnError)
	label := flags.String("label", "", "what runs, at the start of each progress line (default: the command)")
	every := flags.Duration("every", 10*time.Second, "print a progress line after this long without output")
	logPath := flags.String("log", "", "also write the whole output to this file")
	show := flags.String("show", "", "print the output lines of passing tests that match this regular expression")
	tests := flags.String("tests", "", "a package directory whose top-level tests, examples and fuzz targets (for $GOOS/$GOARCH) to count as the total")
	packages := flags.String("packages", "", "a package pattern whose packages with tests to count as the total")
	flags.Usage = func() {
		fmt.Fprintln(flags.Output(), "usage: progress [flags] -- command [argument ...]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	command := flags.Args()
	if len(command) == 0 {
		flags.Usage()
		return 2
	}
	if *label == "" {
		*label = command[0]
	}
	var showRE *regexp.Regexp
	if *show != "" {
		var err error
		if showRE, err = regexp.Compile(*show); err != nil {
			fmt.Fprintln(os.Stderr, "progress: -show:", err)
			return 2
		}
	}
	var log io.Writer = io.Discard
	if *logPath != "" {
		f, err := os.Create(*logPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "progress:", err)
			return 2
		}
		defer f.Close()
		log = f
	}

	t := newTracker(os.Stdout, log, *label, showRE, time.Now)
	if *tests != "" {
		if n, err := countTests(&build.Default, *tests); err == nil {
			t.totalTests = n
		}
	}
	if *packages != "" {
		if n, err := countPackages(*packages); err == nil {
			t.totalPackages = n
		}
	}

	cmd := exec.Command(command[0], command[1:]...)
	cmd.Stdin = os.Stdin
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "progress:", err)
		return 2
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "progress:", err)
		return 2
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "progress:", err)
		return 2
	}
	var readers sync.WaitGroup
	readers.Go(func() { feed(stdout, t.line) })
	readers.Go(func() { feed(stderr, t.plain) })
	stop := make(chan struct{})
	ticks := time.NewTicker(time.Second)
	defer ticks.Stop()
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-ticks.C:
				t.tick(*every)
			}
		}
	}()
	readers.Wait()
	err = cmd.Wait()
	close(stop)
	t.finish()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode()
	case err != nil:
		fmt.Fprintln(os.Stderr, "progress:", err)
		return 1
	}
	return 0
}

// feed calls line with each line of r, newline included, however long.
func feed(r io.Reader, line func(string)) {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		s, err := br.ReadString('\n')
		if s != "" {
			line(s)
		}
		if err != nil {
			return
		}
	}
}
