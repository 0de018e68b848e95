// Command crosscheck runs close() vectors in headless Chromium, Firefox and
// WebKit and in Node's undici, each natively and through the browserws
// shim, compares every observable, and writes crosscheck.json (JSON Lines)
// and crosscheck.html, which also sets the engines' native answers side by
// side. It prints a line per engine with the vectors where its native
// answer differs from another engine's, then a summary per group ending in
// "N/M agree", and exits 1 when any vector disagrees with the shim: the
// engines differing from each other is what they do, not a failure.
//
//	go run ./e2e/cmd/crosscheck                          # e2e/testdata + 2000 generated
//	go run ./e2e/cmd/crosscheck -vectors my.json -generate 0
//	go run ./e2e/cmd/crosscheck -seed 42                 # replay generated vectors
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/gowasm/browserws/e2e/browser"
	"github.com/gowasm/browserws/e2e/crosscheck"
	"github.com/gowasm/browserws/e2e/vectors"
)

func main() {
	os.Exit(run())
}

func run() int {
	vectorPath := flag.String("vectors", "e2e/testdata", "a vector file, or a directory of them")
	generate := flag.Int("generate", 2000, "how many vectors to generate besides")
	seed := flag.Uint64("seed", uint64(time.Now().UnixNano()), "seed of the generated vectors")
	engines := flag.String("engines", "chromium,firefox,webkit,undici", "engines to run, comma-separated; a browser that is not installed is skipped, or fails the run under CI=true")
	jsonPath := flag.String("json", "crosscheck.json", "JSON Lines output")
	htmlPath := flag.String("html", "crosscheck.html", "HTML report")
	flag.Parse()

	start := time.Now()
	list, err := load(*vectorPath)
	if err != nil {
		return fail(err)
	}
	shipped := len(list)
	if *generate > 0 {
		list = append(list, vectors.Generate(*seed, *generate)...)
		fmt.Printf("generated %d vectors from seed %d (replay: -seed %d)\n", *generate, *seed, *seed)
	}
	fmt.Printf("%d vectors from %s, %d in all\n", shipped, *vectorPath, len(list))

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	fmt.Println("building the shim (GOOS=js GOARCH=wasm go build ./wasm/shim) and starting the server…")
	buildStart := time.Now()
	stopHeartbeat := crosscheck.Heartbeat(os.Stdout, "building the shim", 5*time.Second)
	env, err := crosscheck.Start(ctx, "127.0.0.1:0")
	stopHeartbeat()
	if err != nil {
		return fail(err)
	}
	defer env.Close()
	fmt.Printf("built and serving on %s in %.1fs; running the engines, each vector natively then through the shim\n",
		env.URL, time.Since(buildStart).Seconds())

	// The engines run side by side: Node mostly waits on timers while
	// Chromium is busy.
	names, err := available(strings.Split(*engines, ","))
	if err != nil {
		return fail(err)
	}
	runs := make([][]crosscheck.Result, len(names))
	errs := make([]error, len(names))
	progress := newProgress(os.Stdout, names)
	stopProgress := progress.printEvery(5 * time.Second)
	var wg sync.WaitGroup
	for i, engine := range names {
		wg.Go(func() {
			engineStart := time.Now()
			runs[i], errs[i] = runEngine(ctx, env, engine, list, func(done, total int) { progress.set(engine, done, total) })
			if errs[i] == nil {
				progress.set(engine, 2*len(list), 2*len(list))
				progress.printf("%s: %d vectors, native and shim, in %.1fs\n", engine, len(list), time.Since(engineStart).Seconds())
			}
		})
	}
	wg.Wait()
	stopProgress()
	var results []crosscheck.Result
	for i := range names {
		if errs[i] != nil {
			return fail(errs[i])
		}
		results = append(results, runs[i]...)
	}

	if err := writeFile(*jsonPath, func(f *os.File) error { return crosscheck.WriteJSONL(f, results) }); err != nil {
		return fail(err)
	}
	title := fmt.Sprintf("browserws cross-check: %d vectors, seed %d", len(list), *seed)
	if err := writeFile(*htmlPath, func(f *os.File) error { return crosscheck.WriteHTML(f, results, title) }); err != nil {
		return fail(err)
	}
	fmt.Printf("wrote %s and %s; total %.1fs\n", *jsonPath, *htmlPath, time.Since(start).Seconds())
	crosscheck.WriteMatrixSummary(os.Stdout, crosscheck.NewMatrix(results))
	agree, total := crosscheck.WriteSummary(os.Stdout, results)
	if agree != total {
		return 1
	}
	return 0
}

func runEngine(ctx context.Context, env *crosscheck.Env, engine string, list []crosscheck.Vector, progress func(done, total int)) ([]crosscheck.Result, error) {
	switch engine {
	case "chromium":
		browser, err := crosscheck.StartBrowser()
		if err != nil {
			return nil, err
		}
		defer browser.Close()
		return browser.RunChromium(ctx, env, list, crosscheck.Options{Progress: progress})
	case "undici":
		return crosscheck.RunNode(ctx, env, list, crosscheck.Options{Concurrency: 48, Progress: progress})
	case "firefox", "webkit":
		b, err := browser.Start(ctx, engine)
		if err != nil {
			return nil, err
		}
		defer b.Close()
		return crosscheck.RunBrowser(ctx, b, env, list, crosscheck.Options{Progress: progress})
	}
	return nil, fmt.Errorf("unknown engine %q", engine)
}

// available returns the engines of names that can run here. A browser that
// is not installed is skipped with a loud line, except under CI=true, where
// every engine asked for must run.
func available(names []string) ([]string, error) {
	var ok []string
	for _, name := range names {
		var err error
		switch name {
		case "undici":
			_, err = exec.LookPath("node")
		case "chromium", "firefox", "webkit":
			err = browser.Available(name)
		default:
			err = fmt.Errorf("unknown engine %q (chromium, firefox, webkit, undici)", name)
		}
		switch {
		case err == nil:
			ok = append(ok, name)
		case os.Getenv("CI") == "true":
			return nil, fmt.Errorf("%s cannot run here, and CI needs every engine: %w", name, err)
		default:
			fmt.Printf("*** SKIPPED %s: %v (make deps installs it)\n", name, err)
		}
	}
	if len(ok) == 0 {
		return nil, fmt.Errorf("none of the engines %v can run here", names)
	}
	return ok, nil
}

func load(path string) ([]crosscheck.Vector, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return vectors.LoadDir(path)
	}
	return vectors.Load(path)
}

func writeFile(path string, write func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "crosscheck:", err)
	return 2
}
