// Package suites runs real packages' test suites through the repository's
// in-browser test runner, e2e/cmd/wasmbrowser, in Chromium, Firefox and
// WebKit (issue 14): a fixed list of standard-library packages, side by side
// with Node (Go's own go_js_wasm_exec) and agnivade/wasmbrowsertest, and
// coder/websocket's own TestWasm with the runner dropped in where it
// expects wasmbrowsertest.
//
// Its tests are slow (a browser per package and runner) and run only when
// BROWSERWS_SUITES=1 is set; make test-suites sets it, installs
// wasmbrowsertest into bin/ and writes the table to bin/suites.md.
//
//	BROWSERWS_SUITES=1                   run the suites (otherwise they skip)
//	BROWSERWS_SUITES_PACKAGES=fmt,os     only these packages of the list
//	BROWSERWS_SUITES_RUNNERS=webkit,...  only these runners (Node always runs)
//	BROWSERWS_WASMBROWSERTEST=path       wasmbrowsertest (default bin/wasmbrowsertest)
package suites
