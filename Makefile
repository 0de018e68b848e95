SHELL := /bin/bash

# Run `make help` for the targets. Everything the tests need is installed or
# started from here; nothing is expected to be set up by hand.

GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
BIN       := $(CURDIR)/bin
JSENV     := GOOS=js GOARCH=wasm
# Node 20 has a WHATWG WebSocket only behind this flag.
NODE_ENV  := NODE_OPTIONS="--experimental-websocket --no-warnings"

.PHONY: help deps test check test-native test-js test-js-node test-js-chromium test-js-worker test-js-firefox test-js-firefox-worker test-js-webkit test-js-webkit-worker test-suites cover crosscheck serve example size size-check bench fuzz clean

# help lists every target above; make check fails when one is missing.
help:
	@echo "make test        everything below marked *, in this order (the CI's command)"
	@echo "  make deps        * check for Node 20+ and the browsers; as root, install Debian's chromium, firefox-esr, webkit2gtk-driver, xvfb, wabt"
	@echo "  make check       * gofmt, go mod tidy, go vet (native and js/wasm), the build-tag test, this help"
	@echo "  make test-native * go test ./...: validator, recorder, runner, progress and the browser end-to-end suite"
	@echo "  make test-js     * the js/wasm tests in every engine and context: all the test-js-* below"
	@echo "  make test-js-node      the js/wasm tests in Node (undici); whole output in bin/test-js-node.log"
	@echo "  make test-js-chromium  the same in a headless Chromium page (bin/test-js-chromium.log)"
	@echo "  make test-js-worker    the same in a Web Worker of headless Chromium (bin/test-js-chromium-worker.log)"
	@echo "  make test-js-firefox   the same in a headless Firefox page (bin/test-js-firefox.log)"
	@echo "  make test-js-firefox-worker  in a Web Worker of headless Firefox (bin/test-js-firefox-worker.log)"
	@echo "  make test-js-webkit    the same in a WebKitGTK page under Xvfb (bin/test-js-webkit.log)"
	@echo "  make test-js-webkit-worker   in a Web Worker of WebKitGTK (bin/test-js-webkit-worker.log)"
	@echo "                  (without Firefox or WebKit these skip with a loud line; under CI=true they fail)"
	@echo "  make size-check  * fail when browserws's own share of the minimal program passes SIZE_BUDGET bytes"
	@echo "make test-suites standard-library packages' tests in Node, our runner in Chromium, Firefox and WebKit, and"
	@echo "                 wasmbrowsertest; coder/websocket's TestWasm through our runner (table: bin/suites.md)"
	@echo "make crosscheck  run every vector natively and through the shim in Chromium, Firefox, WebKit and undici; report"
	@echo "                 (ENGINES=chromium,firefox selects; VECTORS=file.json runs only those; SEED=n replays generated ones)"
	@echo "make serve       the demo page on http://127.0.0.1:8080/"
	@echo "make example     build the minimal wasm program and run it in Node against a local server"
	@echo "make size        stripped and gzipped sizes: bare syscall/js, context+time alone, minimal browserws, minimal coder/websocket"
	@echo "make bench       the validator's Go benchmarks, then browserws vs native JS and coder/websocket in headless Chromium,"
	@echo "                 Node.js (undici) and headless Firefox (echo only): ratios, entries into Go, time in Go; bin/bench.json; BENCHMARKS.md"
	@echo "make fuzz        fuzz the validator (FUZZTIME=60s)"
	@echo "make cover       the root package's coverage: native, js in Node, js in Chromium, merged (bin/cover.html)"
	@echo "make clean       remove bin/ and the cross-check reports"
	@echo "make help        this list"

test: deps check test-native test-js size-check

# progress runs a long command and prints a line saying what runs and how
# far it has come whenever it has printed nothing for 10 s (see
# e2e/cmd/progress); for go test -json it prints results and failures only.
PROGRESS := $(BIN)/progress
$(PROGRESS): $(wildcard e2e/cmd/progress/*.go) go.mod
	@mkdir -p $(BIN)
	@$(GO) build -o $@ ./e2e/cmd/progress

# deps checks for what the tests run on and installs what Debian can give (as
# root, with apt-get): Chromium, which most browser tests need, Firefox
# ESR, WebKitGTK's WebKitWebDriver and Xvfb, the other engines' oracles, and
# wabt, whose wat2wasm checks the package's WebAssembly modules against
# their source. Without root a missing Firefox or WebKit is skipped with a
# loud line; under CI=true every engine must be there.
CHROMIUM ?= chromium
# Shell conditions: each browser is there, found as e2e/browser finds it.
HAVE_FIREFOX      = { [ -n "$$BROWSERWS_FIREFOX" ] || command -v firefox-esr || command -v firefox; } >/dev/null
HAVE_WEBKITDRIVER = { [ -n "$$BROWSERWS_WEBKITDRIVER" ] || command -v WebKitWebDriver; } >/dev/null
HAVE_XVFB         = command -v Xvfb >/dev/null
HAVE_WEBKIT       = $(HAVE_WEBKITDRIVER) && $(HAVE_XVFB)
deps:
	@missing=""; \
	  if [ -z "$$BROWSERWS_CHROME" ] && ! command -v $(CHROMIUM) >/dev/null; then missing="$$missing chromium"; fi; \
	  if ! $(HAVE_FIREFOX); then missing="$$missing firefox-esr"; fi; \
	  if ! $(HAVE_WEBKITDRIVER); then missing="$$missing webkit2gtk-driver"; fi; \
	  if ! $(HAVE_XVFB); then missing="$$missing xvfb"; fi; \
	  if ! command -v wat2wasm >/dev/null; then missing="$$missing wabt"; fi; \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	      echo "installing Debian's$$missing"; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	    elif [ "$$CI" = true ]; then echo "CI needs every browser, and wabt; missing:$$missing"; exit 1; \
	    else case "$$missing" in *chromium*) echo "Chromium is needed: install Debian's chromium package, or set BROWSERWS_CHROME"; exit 1;; esac; \
	      echo "*** missing Debian packages:$$missing (as root, make deps installs them); the tests that need them are skipped"; fi; \
	  fi
	@command -v node >/dev/null || { echo "node (20 or later) is needed for the js tests"; exit 1; }
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' || { echo "node 20 or later is needed, found $$(node --version)"; exit 1; }

check: $(PROGRESS)
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	@$(GO) mod tidy -diff >/dev/null || { echo "go.mod or go.sum is not tidy: run go mod tidy"; exit 1; }
	@help=$$($(MAKE) -s help); for target in $$(sed -n 's/^\.PHONY: //p' Makefile); do \
	  grep -q "make $$target " <<< "$$help" || { echo "make help does not list $$target"; exit 1; }; done
	@echo "== go vet ./..."
	@$(PROGRESS) -label "go vet ./..." -- $(GO) vet ./...
	@echo "== GOOS=js GOARCH=wasm go vet . ./wasm/..."
	@$(JSENV) $(PROGRESS) -label "go vet js/wasm" -- $(GO) vet . ./wasm/...
	@echo "== go test -run TestBuildTags ."
	@$(PROGRESS) -label TestBuildTags -- $(GO) test -count=1 -run TestBuildTags .

test-native: $(PROGRESS)
	@echo "== native tests: go test ./... (whole output in bin/test-native.log)"
	@$(PROGRESS) -label "go test ./..." -packages ./... -log $(BIN)/test-native.log -- $(GO) test -count=1 -timeout 30m -json ./...

$(BIN)/withrecorder: $(shell find e2e -name '*.go') go.mod | $(PROGRESS)
	@echo "building $@"
	@$(PROGRESS) -label "building withrecorder" -- $(GO) build -o $@ ./e2e/cmd/withrecorder

$(BIN)/wasmbrowser: $(shell find e2e -name '*.go' -o -name '*.js' -o -name '*.html') go.mod | $(PROGRESS)
	@echo "building $@"
	@$(PROGRESS) -label "building wasmbrowser" -- $(GO) build -o $@ ./e2e/cmd/wasmbrowser

# The library's js tests, against a real WebSocket server, in both engines:
# Node (undici) through go_js_wasm_exec, and headless Chromium through
# e2e/cmd/wasmbrowser. The terminal gets the results, the tests' log lines,
# failures in full, and a progress line (tests done of all, the one
# running) after 10 s without output; each engine's full -v output is kept
# in bin/.
JSTEST = $(JSENV) $(PROGRESS) -label $(2) -tests . -show '_test\.go:[0-9]+:|host engine|agree' \
	-log $(BIN)/test-js-$(2).log -- $(GO) test -count=1 -json -exec="$(BIN)/withrecorder $(1)" .

test-js: test-js-node test-js-chromium test-js-worker test-js-firefox test-js-firefox-worker test-js-webkit test-js-webkit-worker

test-js-node: $(BIN)/withrecorder $(PROGRESS)
	@echo "== js tests in Node (undici)"
	@$(NODE_ENV) $(call JSTEST,$(WASM_EXEC),node)

test-js-chromium: deps $(BIN)/withrecorder $(BIN)/wasmbrowser $(PROGRESS)
	@echo "== js tests in headless Chromium"
	@$(call JSTEST,$(BIN)/wasmbrowser,chromium)

# The same tests in a dedicated Web Worker of the page, which has WebSocket
# but no DOM.
test-js-worker: deps $(BIN)/withrecorder $(BIN)/wasmbrowser $(PROGRESS)
	@echo "== js tests in a Web Worker of headless Chromium"
	@WASMBROWSER_CONTEXT=worker $(call JSTEST,$(BIN)/wasmbrowser,chromium-worker)

# The same tests in Firefox (WebDriver BiDi) and WebKitGTK (WebKitWebDriver
# under an Xvfb display of its own), on the page and in a Web Worker, through
# e2e/browser. BROWSERJS runs them in browser $(1) (firefox or webkit) and
# context $(2) (page or worker), logged to bin/test-js-$(1)[-worker].log. A
# browser that is not there is skipped with a loud line (make deps, as root,
# installs it); under CI=true its absence fails the run.
BROWSERJS = name=test-js-$(1)$(if $(filter worker,$(2)),-worker); \
	if ! { $(HAVE_$(1)); }; then \
	  if [ "$$CI" = true ]; then echo "CI needs every browser: $$name cannot run, $(MISSING_$(1))"; exit 1; fi; \
	  echo "*** SKIPPED $$name: $(MISSING_$(1))"; exit 0; \
	fi; \
	echo "== js tests in $(if $(filter worker,$(2)),a Web Worker of )$(NAME_$(1))"; \
	WASMBROWSER_BROWSER=$(1) WASMBROWSER_CONTEXT=$(2) $(call JSTEST,$(BIN)/wasmbrowser,$(1)$(if $(filter worker,$(2)),-worker))
HAVE_firefox    = $(HAVE_FIREFOX)
HAVE_webkit     = $(HAVE_WEBKIT)
NAME_firefox    = headless Firefox
NAME_webkit     = WebKitGTK under Xvfb
MISSING_firefox = no Firefox found: install Debian's firefox-esr (as root, make deps does) or set BROWSERWS_FIREFOX
MISSING_webkit  = no WebKitWebDriver or Xvfb found: install Debian's webkit2gtk-driver and xvfb (as root, make deps does) or set BROWSERWS_WEBKITDRIVER

test-js-firefox: deps $(BIN)/withrecorder $(BIN)/wasmbrowser $(PROGRESS)
	@$(call BROWSERJS,firefox,page)

test-js-firefox-worker: deps $(BIN)/withrecorder $(BIN)/wasmbrowser $(PROGRESS)
	@$(call BROWSERJS,firefox,worker)

test-js-webkit: deps $(BIN)/withrecorder $(BIN)/wasmbrowser $(PROGRESS)
	@$(call BROWSERJS,webkit,page)

test-js-webkit-worker: deps $(BIN)/withrecorder $(BIN)/wasmbrowser $(PROGRESS)
	@$(call BROWSERJS,webkit,worker)

# test-suites runs real packages' tests through the runner (e2e/suites):
# standard-library packages under Node, our runner in Chromium, Firefox and
# WebKit, and wasmbrowsertest for comparison, one run at a time; then
# coder/websocket's own TestWasm with our runner as its wasmbrowsertest. It
# fails when a package passes in Node but not in one of our browsers. A line
# per run, the table (also in bin/suites.md), each run's output in
# bin/suites/, everything in bin/test-suites.log.
WASMBROWSERTEST := $(BIN)/wasmbrowsertest
$(WASMBROWSERTEST): | $(PROGRESS)
	@echo "installing wasmbrowsertest v0.11.0 into bin/ (compared with; a tool, not a dependency)"
	@GOBIN=$(BIN) $(PROGRESS) -label "installing wasmbrowsertest" -- $(GO) install github.com/agnivade/wasmbrowsertest@v0.11.0

test-suites: deps $(PROGRESS) $(WASMBROWSERTEST)
	@echo "== real packages' tests in Node, Chromium, Firefox, WebKit and wasmbrowsertest (whole output in bin/test-suites.log)"
	@BROWSERWS_SUITES=1 BROWSERWS_WASMBROWSERTEST=$(WASMBROWSERTEST) $(PROGRESS) -label test-suites \
	  -show '_test\.go:[0-9]+:|^\|' -log $(BIN)/test-suites.log -- \
	  $(GO) test -count=1 -json -timeout 3h -run '^(TestStdlibSuites|TestCoderWebsocketWasm)$$' ./e2e/suites

# cover measures the root package three ways and merges the profiles: the
# native tests (the validator), and the js tests in Node and in Chromium
# (the bridge and the Go API, which exist only under js/wasm). A block counts
# as covered when any run covered it. Each run's own figure is of the
# statements its build has; the table also measures each against all
# statements of both builds, the set the merged figure is of.
COVERRUN = $(PROGRESS) -label "cover: $(2)" -tests . -log $(BIN)/cover-$(2).log -- \
	$(GO) test -count=1 -json -coverprofile=$(BIN)/cover-$(2).out $(if $(1),-exec="$(BIN)/withrecorder $(1)") .
cover: deps $(BIN)/withrecorder $(BIN)/wasmbrowser $(PROGRESS)
	@$(call COVERRUN,,native)
	@$(NODE_ENV) $(JSENV) $(call COVERRUN,$(WASM_EXEC),node)
	@$(JSENV) $(call COVERRUN,$(BIN)/wasmbrowser,chromium)
	@awk 'FNR == 1 { next } { key = $$1 " " $$2; if (!(key in n) || $$3 > n[key]) n[key] = $$3 } \
	  END { print "mode: set"; for (key in n) print key, n[key] }' \
	  $(BIN)/cover-native.out $(BIN)/cover-node.out $(BIN)/cover-chromium.out > $(BIN)/cover.out
	@awk -f e2e/cover-table.awk $(BIN)/cover-native.out $(BIN)/cover-node.out $(BIN)/cover-chromium.out
	@$(GO) tool cover -html=$(BIN)/cover.out -o $(BIN)/cover.html && echo "per line: $(BIN)/cover.html"

# example builds only the minimal program (make size builds and compares it
# with its baselines).
example: deps $(BIN)/withrecorder
	$(JSENV) $(GO) build -trimpath -ldflags="-s -w" -o $(BIN)/minimal.wasm ./wasm/minimal
	$(NODE_ENV) $(BIN)/withrecorder $(WASM_EXEC) $(BIN)/minimal.wasm

# The size comparison: what syscall/js costs alone (bare), what context and
# time cost alone (ctxonly), browserws's minimal program, and the same with
# coder/websocket. Each line also gives the difference to bare.
SIZE_PROGRAMS := bare ctxonly minimal coderminimal
size: $(PROGRESS)
	@$(PROGRESS) -label "size: building $(SIZE_PROGRAMS)" -- sh -c \
	  'for p in $(SIZE_PROGRAMS); do $(JSENV) $(GO) build -trimpath -ldflags="-s -w" -o $(BIN)/$$p.wasm ./wasm/$$p || exit 1; done'
	@bare=$$(stat -c %s $(BIN)/bare.wasm); baregz=$$(gzip -9c $(BIN)/bare.wasm | wc -c); \
	  printf '%-13s %10s %10s   %s\n' '-s -w build' stripped 'gzip -9' 'over bare: stripped, gzip -9'; \
	  for p in $(SIZE_PROGRAMS); do s=$$(stat -c %s $(BIN)/$$p.wasm); g=$$(gzip -9c $(BIN)/$$p.wasm | wc -c); \
	    printf '%-13s %10d %10d   %+d, %+d\n' $$p $$s $$g $$((s - bare)) $$((g - baregz)); done; \
	  echo "browserws's own share (minimal - ctxonly): $$(( $$(stat -c %s $(BIN)/minimal.wasm) - $$(stat -c %s $(BIN)/ctxonly.wasm) )) bytes stripped, $$(( $$(gzip -9c $(BIN)/minimal.wasm | wc -c) - $$(gzip -9c $(BIN)/ctxonly.wasm | wc -c) )) gzipped"

# size-check bounds browserws's own share of the minimal program, stripped:
# minimal minus ctxonly, so that context and time, which any program with a
# deadline links, do not count. The budget is a little above the measured
# share (266,253 bytes with Go 1.26.8: 108,496 before issue 12's hostile-page
# hardening, which calls every JavaScript member through captured natives,
# +30,933, issue 13's Firefox and WebKit rules and engine probe, +6,096,
# issue 15's allocation-free refusals, +1,643, issue 15's batched message
# delivery, +94,047: the box, its wake-up, and reading and sending through
# chains of captured built-ins, so that a message costs no call into Go and
# no js.Value of its own, and the box's 64-event limit, Close's early
# refusal and three calls fewer per batch, +8,058, and one box whose
# length wraps after an overflow (Node.js's duplicate fixed) and the send
# header, +2,582, and chains that return numbers, so that a batch makes
# two js.Values instead of eight, +14,331, and the overflow inside a drain
# fixed, +67, and packModule, a WebAssembly module of the package's own
# that reads ArrayBuffers and sends texts at about the speed of
# JavaScript, +15,355, and its properties read so that a getter of page
# code that throws cannot end the program, +959, and the same for every
# property the first capture of the built-ins reads, +682; see
# BENCHMARKS.md); raise it on purpose, not by accident.
SIZE_BUDGET ?= 284000
size-check: size
	@own=$$(( $$(stat -c %s $(BIN)/minimal.wasm) - $$(stat -c %s $(BIN)/ctxonly.wasm) )); \
	  if [ $$own -gt $(SIZE_BUDGET) ]; then echo "size-check: browserws's own share is $$own bytes, over the budget of $(SIZE_BUDGET)"; exit 1; fi; \
	  echo "size-check: browserws's own share is $$own bytes, within the budget of $(SIZE_BUDGET)"

# bench runs the validator's Go benchmarks, then e2e/cmd/bench: every
# measurement side by side in one page of headless Chromium and in Node.js
# (undici), and the echo ones in a page of headless Firefox, printed as
# ratios and written to bin/bench.json. It never fails on a number.
bench: deps
	$(GO) test -run '^$$' -bench . -benchmem .
	$(GO) run ./e2e/cmd/bench -json $(BIN)/bench.json

ENGINES ?=
VECTORS ?=
SEED ?=
crosscheck: deps $(PROGRESS)
	@echo "building e2e/cmd/crosscheck"
	@$(PROGRESS) -label "building e2e/cmd/crosscheck" -- $(GO) build -o $(BIN)/crosscheck ./e2e/cmd/crosscheck
	$(BIN)/crosscheck $(if $(ENGINES),-engines $(ENGINES)) $(if $(VECTORS),-vectors $(VECTORS) -generate 0) $(if $(SEED),-seed $(SEED))

serve: deps $(PROGRESS)
	@echo "building e2e/cmd/serve"
	@$(PROGRESS) -label "building e2e/cmd/serve" -- $(GO) build -o $(BIN)/serve ./e2e/cmd/serve
	$(BIN)/serve -addr 127.0.0.1:8080

FUZZTIME ?= 60s
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzValidateClose -fuzztime=$(FUZZTIME) .

clean:
	rm -rf $(BIN) crosscheck.json crosscheck.html
