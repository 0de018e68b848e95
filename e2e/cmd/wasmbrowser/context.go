package main

import (
	"fmt"
	"os"
)

// runContext is where in the browser the program runs, from
// $WASMBROWSER_CONTEXT: on the page's main thread, or in a dedicated Web
// Worker the page starts.
type runContext string

const (
	contextPage   runContext = "page"
	contextWorker runContext = "worker"
)

// contextFromEnv reads $WASMBROWSER_CONTEXT; empty means the page. The
// program gets the variable too, with the rest of the environment.
func contextFromEnv() (runContext, error) {
	switch c := runContext(os.Getenv("WASMBROWSER_CONTEXT")); c {
	case "", contextPage:
		return contextPage, nil
	case contextWorker:
		return contextWorker, nil
	default:
		return "", fmt.Errorf("WASMBROWSER_CONTEXT=%q: want page or worker", string(c))
	}
}

// pageFile is the file of page/ served as the page: the one that runs the
// program itself, or the one that starts the worker.
func (c runContext) pageFile() string {
	if c == contextWorker {
		return "page/worker.html"
	}
	return "page/index.html"
}
