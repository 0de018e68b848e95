package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gowasm/browserws/e2e/browser"
)

// runFirefox opens the benchmark page in headless Firefox (e2e/browser's
// WebDriver BiDi driver) and runs the measurements cfg selects there.
// Firefox gives a page no gc(), so only Go's heap is collected between
// measurements. Uncaught exceptions and console errors count as errors.
func runFirefox(ctx context.Context, url string, cfg pageConfig) (pageResult, error) {
	b, err := browser.Start(ctx, "firefox")
	if err != nil {
		return pageResult{}, err
	}
	defer b.Close()
	page, err := b.NewPage(ctx)
	if err != nil {
		return pageResult{}, err
	}
	defer page.Close()
	if err := page.Navigate(ctx, url); err != nil {
		return pageResult{}, err
	}
	arg, err := json.Marshal(cfg)
	if err != nil {
		return pageResult{}, err
	}
	// A string crosses back, as from Chromium (see runChromium).
	var text string
	if err := page.Evaluate(ctx, "browserwsBench.run("+string(arg)+").then(JSON.stringify)", &text); err != nil {
		return pageResult{}, fmt.Errorf("running the benchmark page: %w", err)
	}
	out := pageResult{Engine: "firefox", Version: b.Version()}
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		return pageResult{}, fmt.Errorf("reading the benchmark page's result: %w", err)
	}
	for _, problem := range page.Problems() {
		out.Errors = append(out.Errors, "page: "+problem)
	}
	return out, nil
}
