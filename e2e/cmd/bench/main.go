// Command bench measures browserws beside what a program would do without
// it, and prints ratios: a refused close against the native exception, a
// valid close against a bare syscall/js call, the JavaScript-facing shim
// against the native close, message echo against plain JavaScript and
// against github.com/coder/websocket's js/wasm client, and the size of a
// minimal program against its baselines. It counts the entries into Go
// per message too. It writes the whole report as JSON. make bench runs it.
//
// It builds wasm/bench and wasm/shim, serves them with web/bench.html,
// web/bench.js and an echo WebSocket on 127.0.0.1, and runs every
// measurement in one page of headless Chromium and in Node.js (undici,
// through e2e/node/bench.js), and the echo measurements in a page of
// headless Firefox, each engine side by side in each round. Each ratio is
// the median of the rounds' ratios. The benchmark never fails on a number:
// it exits 1 only when something did not run.
//
//	go run ./e2e/cmd/bench                 # bin/bench.json
//	go run ./e2e/cmd/bench -rounds 9 -messages 20000 -engines chromium
//	go run ./e2e/cmd/bench -pool a.json,b.json,c.json -json pooled.json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	os.Exit(run())
}

func run() int {
	cfg := defaultConfig
	flag.IntVar(&cfg.Rounds, "rounds", cfg.Rounds, "rounds kept, after one warm-up round")
	flag.IntVar(&cfg.CloseIterations, "close-iterations", cfg.CloseIterations, "calls per round of the close loops")
	flag.IntVar(&cfg.ThrowIterations, "throw-iterations", cfg.ThrowIterations, "calls per round of the loops where the native close throws")
	flag.IntVar(&cfg.Messages, "messages", cfg.Messages, "messages per echo run")
	flag.IntVar(&cfg.Window, "window", cfg.Window, "echo messages in flight")
	flag.IntVar(&cfg.Size, "size", cfg.Size, "bytes per echo message")
	flag.BoolVar(&cfg.Sizes, "sizes", cfg.Sizes, "build and compare the size programs")
	flag.StringVar(&cfg.Only, "only", "", "run only the measurements whose names match this regular expression")
	engineList := flag.String("engines", strings.Join(cfg.Engines, ","), "where to run, in order: chromium, node, firefox (echo only)")
	jsonPath := flag.String("json", "bin/bench.json", "where to write the report")
	flag.StringVar(&cfg.CPUProfiles, "cpuprofiles", "", "a directory (made if missing) where Chromium and Node.js write CPU profiles of their run (it slows them)")
	pool := flag.String("pool", "", "run nothing: join the rounds of these reports (JSON, comma-separated, from runs with the same settings) and report them together")
	flag.Parse()
	cfg.Engines = strings.Split(*engineList, ",")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	var report *Report
	var err error
	if *pool != "" {
		report, err = poolReports(strings.Split(*pool, ","))
	} else {
		report, err = bench(ctx, cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	writeTable(os.Stdout, report)
	if err := writeJSON(*jsonPath, report); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	fmt.Printf("\nwrote %s in %.0fs\n", *jsonPath, time.Since(start).Seconds())
	if len(report.allErrors()) > 0 {
		return 1
	}
	return 0
}

func writeJSON(path string, report *Report) error {
	data, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}
