package crosscheck

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/gowasm/browserws/e2e/browser"
)

// A GoAPICase is one close call, made once natively from JavaScript and
// once through the Go API (wasm/goapi: browserws.Wrap, then CloseWith).
type GoAPICase struct {
	Name      string
	HasCode   bool
	Code      float64
	HasReason bool
	// Reason is a JavaScript string literal, so that a case can hold what
	// a Go string cannot, such as lone surrogates.
	Reason string
}

// GoAPICases are the calls where engines differ or a Go string's way into
// JavaScript matters: fractional codes near the rounding edges, an absent
// code before a reason, reasons at the 123-byte limit counted in bytes of
// UTF-8, a leading U+FEFF, NUL characters and lone surrogates.
func GoAPICases() []GoAPICase {
	codes := []float64{1000, 3000, 4999, 999, 1001, 2999, 5000, 0, math.Copysign(0, -1), -1, 65535, 66536,
		math.NaN(), math.Inf(1), math.Inf(-1), 999.5, 1000.5, 1000.9, 2999.9, 3000.5, 3001.5, 4999.5, 4999.9, 1e300}
	reasons := map[string]string{
		"empty":          `""`,
		"bye":            `"bye"`,
		"123 bytes":      jsString(strings.Repeat("a", 123)),
		"124 bytes":      jsString(strings.Repeat("a", 124)),
		"emoji 120+3":    jsString(strings.Repeat("😀", 30) + "abc"),
		"emoji 124":      jsString(strings.Repeat("😀", 31)),
		"BOM and 120":    jsString("\ufeff" + strings.Repeat("a", 120)),
		"BOM and 121":    jsString("\ufeff" + strings.Repeat("a", 121)),
		"BOM only":       jsString("\ufeff"),
		"NULs":           `"\u0000\u0000\u0000"`,
		"41 lone highs":  `"` + strings.Repeat(`\ud800`, 41) + `"`,
		"42 lone highs":  `"` + strings.Repeat(`\ud800`, 42) + `"`,
		"pair and lone":  `"\ud83d\ude00\udc00"`,
		"U+FFFD and 120": jsString("\ufffd" + strings.Repeat("a", 120)),
	}
	var cases []GoAPICase
	cases = append(cases, GoAPICase{Name: "goapi/close()"})
	for _, c := range codes {
		name := "goapi/code " + jsNumber(c)
		cases = append(cases, GoAPICase{Name: name, HasCode: true, Code: c},
			GoAPICase{Name: name + " reason bye", HasCode: true, Code: c, HasReason: true, Reason: reasons["bye"]})
	}
	for _, name := range slices.Sorted(maps.Keys(reasons)) {
		literal := reasons[name]
		cases = append(cases,
			GoAPICase{Name: "goapi/1000 reason " + name, HasCode: true, Code: 1000, HasReason: true, Reason: literal},
			GoAPICase{Name: "goapi/undefined reason " + name, HasReason: true, Reason: literal})
	}
	return cases
}

// vectors returns the case as a vector for the native close and one for the
// Go API.
func (c GoAPICase) vectors() (native, viaGo Vector) {
	code := "undefined"
	if c.HasCode {
		code = jsNumber(c.Code)
	}
	var args string
	switch {
	case c.HasReason:
		args = code + ", " + c.Reason
	case c.HasCode:
		args = code
	}
	reason := c.Reason
	if !c.HasReason {
		reason = `""`
	}
	native = Vector{Name: c.Name, State: "open", Script: "ws.close(" + args + ");"}
	viaGo = Vector{Name: c.Name, State: "open", Script: "browserwsGoAPI.throwingClose(ws, " +
		strconv.FormatBool(c.HasCode) + ", " + code + ", " + strconv.FormatBool(c.HasReason) + ", " + reason + ");"}
	return native, viaGo
}

// jsNumber writes x as a JavaScript number literal.
func jsNumber(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Infinity"
	case math.IsInf(x, -1):
		return "-Infinity"
	case x == 0 && math.Signbit(x):
		return "-0"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// jsString writes s, valid UTF-8, as a JavaScript string literal.
func jsString(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// RunGoAPI runs every case of GoAPICases in b, natively then through the Go
// API, and compares the two as the cross-check compares native and shim.
func RunGoAPI(ctx context.Context, b browser.Browser, env *Env) ([]Result, error) {
	if err := env.buildGoAPI(ctx); err != nil {
		return nil, err
	}
	var native, viaGo []Vector
	for _, c := range GoAPICases() {
		n, g := c.vectors()
		native, viaGo = append(native, n), append(viaGo, g)
	}
	page, err := b.NewPage(ctx)
	if err != nil {
		return nil, err
	}
	defer page.Close()
	if err := page.Navigate(ctx, env.URL+"/goapi.html"); err != nil {
		return nil, fmt.Errorf("crosscheck: opening the Go API page in %s: %w", b.Name(), err)
	}
	if err := page.Evaluate(ctx, `browserwsGoAPILoad("goapi.wasm")`, nil); err != nil {
		return nil, fmt.Errorf("crosscheck: loading goapi.wasm in %s: %w", b.Name(), err)
	}
	nativeJSON, err := json.Marshal(native)
	if err != nil {
		return nil, err
	}
	goJSON, err := json.Marshal(viaGo)
	if err != nil {
		return nil, err
	}
	options := fmt.Sprintf(`{"wsBase": %q, "httpBase": %q, "prefix": %q}`, env.WSBase(), env.URL, env.runPrefix(b.Name()+"-goapi"))
	var out harnessOutput
	expr := "browserwsHarness.goapi(" + string(nativeJSON) + ", " + string(goJSON) + ", " + options + ")"
	if err := page.Evaluate(ctx, expr, &out); err != nil {
		return nil, fmt.Errorf("crosscheck: running the Go API cases in %s: %w", b.Name(), err)
	}
	if problems := page.Problems(); len(problems) > 0 {
		return nil, fmt.Errorf("crosscheck: the Go API page in %s reported problems:\n%s", b.Name(), strings.Join(problems, "\n"))
	}
	return env.finish(ctx, out, native, b.Name())
}

// buildGoAPI builds wasm/goapi into env's directory, once.
func (env *Env) buildGoAPI(ctx context.Context) error {
	env.goAPIOnce.Do(func() {
		path := filepath.Join(env.tmp, "goapi.wasm")
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", path, "./wasm/goapi")
		cmd.Dir = env.Root
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		if out, err := cmd.CombinedOutput(); err != nil {
			env.goAPIErr = fmt.Errorf("building wasm/goapi: %v\n%s", err, out)
			return
		}
		env.goAPIWasm.Store(&path)
	})
	return env.goAPIErr
}
