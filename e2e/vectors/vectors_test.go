package vectors

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testdata = "../testdata"

// shippedFiles are the vector files and the group every name in each must
// start with, so that the summary's per-group counts mean something.
var shippedFiles = map[string]string{
	"wpt.json":         "wpt/",
	"boundaries.json":  "boundary/",
	"exotic.json":      "exotic/",
	"states.json":      "state/",
	"htmldda.json":     "htmldda/",
	"conversions.json": "conv/",
	"engines.json":     "engines/",
	// Arguments that are not literals, whose conversion errors Firefox
	// words after the caller's source text (README, the shim section).
	"sourcetext.json": "srctext/",
}

func TestShippedVectors(t *testing.T) {
	all, err := LoadDir(testdata)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(all), 170)

	names := map[string]bool{}
	byState := map[string]int{}
	for _, v := range all {
		assert.False(t, names[v.Name], "duplicate name %q", v.Name)
		names[v.Name] = true
		byState[v.State]++
	}
	for _, s := range states {
		assert.Positive(t, byState[s], "no vector in state %s", s)
	}

	files, err := filepath.Glob(filepath.Join(testdata, "*.json"))
	require.NoError(t, err)
	require.Len(t, files, len(shippedFiles), "a new file needs its group in shippedFiles")
	total := 0
	for _, path := range files {
		prefix, ok := shippedFiles[filepath.Base(path)]
		require.True(t, ok, "unexpected file %s", path)
		list, err := Load(path)
		require.NoError(t, err)
		require.NotEmpty(t, list, path)
		for _, v := range list {
			assert.True(t, strings.HasPrefix(v.Name, prefix), "%s: %q should start with %q", path, v.Name, prefix)
			assert.Contains(t, v.Script, "close", v.Name)
		}
		total += len(list)
	}
	assert.Equal(t, len(all), total)
}

// engineDifferences match scripts that reach a place where the engines
// answer differently (see the Engine constants of package browserws and
// the README's table); every one must be exercised by the shipped vectors
// and by the generator.
var engineDifferences = []struct {
	name string
	re   *regexp.Regexp
}{
	{"a fraction near .5 or .9 by a boundary", regexp.MustCompile(`ws\.close\((999|1000|2999|3000|3001|4999)\.[59]\b`)},
	{"an undefined code before a short reason", regexp.MustCompile(`ws\.close\(undefined, "[^"]{1,20}"\)`)},
	{"an undefined code before a 124-byte reason", regexp.MustCompile(`ws\.close\(undefined, "([a-z]"\.repeat\(124\)|a{124}")`)},
	{"a trailing undefined argument", regexp.MustCompile(`ws\.close\([^;]*, undefined\);$`)},
	{"a reason of NUL characters", regexp.MustCompile(`ws\.close\([^,]+, "(\\u0000)+"`)},
	{"a BigInt code", regexp.MustCompile(`close(\.call\([^,]+)?\(-?[0-9]+n\b|, -?[0-9]+n[,)]`)},
	{"41 lone surrogates", regexp.MustCompile(`"(\\ud[89ab][0-9a-f]{2}"\.repeat\(41\)|(\\ud[89ab][0-9a-f]{2}){41}")|"(\\ud[c-f][0-9a-f]{2}"\.repeat\(41\)|(\\ud[c-f][0-9a-f]{2}){41}")`)},
	{"42 lone surrogates", regexp.MustCompile(`"(\\ud[89ab][0-9a-f]{2}"\.repeat\(42\)|(\\ud[89ab][0-9a-f]{2}){42}")|"(\\ud[c-f][0-9a-f]{2}"\.repeat\(42\)|(\\ud[c-f][0-9a-f]{2}){42}")`)},
	{"close on a non-socket made from the prototype", regexp.MustCompile(`WebSocket\.prototype\.close\.call\(Object\.create\(WebSocket\.prototype\)`)},
}

// TestShippedEngineDifferences checks that the shipped vectors reach each
// place where the engines differ, and each fraction the README's table
// and the Engine docs name, in the "engines" group or elsewhere.
func TestShippedEngineDifferences(t *testing.T) {
	all, err := LoadDir(testdata)
	require.NoError(t, err)
	for _, d := range engineDifferences {
		assert.True(t, slices.ContainsFunc(all, func(v Vector) bool { return d.re.MatchString(v.Script) }),
			"no shipped vector has %s", d.name)
	}
	for _, code := range []string{"999.5", "1000.5", "1000.9", "2999.9", "3000.5", "3001.5", "4999.5"} {
		assert.True(t, slices.ContainsFunc(all, func(v Vector) bool { return strings.HasPrefix(v.Script, "ws.close("+code) }),
			"no shipped vector calls close(%s)", code)
	}
}

// TestWPTCoverage checks that every WPT close test has a vector named after
// it ("wpt/<file>" or "wpt/<file>/<case>").
func TestWPTCoverage(t *testing.T) {
	list, err := Load(filepath.Join(testdata, "wpt.json"))
	require.NoError(t, err)
	has := func(name string) bool {
		return slices.ContainsFunc(list, func(v Vector) bool {
			return v.Name == name || strings.HasPrefix(v.Name, name+"/")
		})
	}
	for _, file := range []string{
		"Close-1000.any.js",
		"Close-1000-reason.any.js",
		"Close-1000-verify-code.any.js",
		"Close-1005.any.js",
		"Close-1005-verify-code.any.js",
		"Close-2999-reason.any.js",
		"Close-3000-reason.any.js",
		"Close-3000-verify-code.any.js",
		"Close-4999-reason.any.js",
		"Close-Reason-124Bytes.any.js",
		"Close-onlyReason.any.js",
		"Close-readyState-Closed.any.js",
		"Close-readyState-Closing.any.js",
		"Close-reason-unpaired-surrogates.any.js",
		"Close-undefined.any.js",
		"Close-delayed.any.js",
		"Close-server-initiated-close.any.js",
		// close-invalid.any.js, case by case, under WPT's own labels.
		"close-invalid.any.js/0",
		"close-invalid.any.js/500",
		"close-invalid.any.js/NaN",
		"close-invalid.any.js/String",
		"close-invalid.any.js/null",
		"close-invalid.any.js/2**16+1000",
	} {
		assert.True(t, has("wpt/"+file), "no vector for WPT %s", file)
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

func TestLoadRejects(t *testing.T) {
	ok := `{"name": "a", "state": "open", "script": "ws.close();"}`
	for _, tc := range []struct {
		name    string
		content string
		want    []string // substrings of the error, besides the file name
	}{
		{"bad state", `[` + ok + `, {"name": "b", "state": "opened", "script": "ws.close();"}]`,
			[]string{`vector 1 ("b")`, `unknown state "opened"`}},
		{"empty state", `[{"name": "b", "script": "ws.close();"}]`, []string{`("b")`, `unknown state ""`}},
		{"duplicate name", `[` + ok + `, ` + ok + `]`, []string{`vector 1 ("a")`, "duplicate name"}},
		{"empty name", `[{"name": " ", "state": "open", "script": "ws.close();"}]`, []string{"vector 0", "empty name"}},
		{"empty script", `[{"name": "b", "state": "closed", "script": ""}]`, []string{`("b")`, "empty script"}},
		{"syntax error", "[\n" + ok + ",\n  {\"name\": \"b\",}\n]", []string{"line 3, column", "invalid character"}},
		{"truncated", `[` + ok, []string{"unexpected EOF"}},
		{"not an array", ok, []string{"not a JSON array"}},
		{"empty file", "", []string{"not a JSON array"}},
		{"wrong type", `[{"name": 1, "state": "open", "script": "x"}]`, []string{"cannot unmarshal"}},
		{"unknown field", `[{"name": "b", "state": "open", "scirpt": "ws.close();"}]`, []string{`unknown field "scirpt"`}},
		{"data after array", `[` + ok + `] []`, []string{"data after the JSON array"}},
		{"unmatchable in an unknown engine", `[{"name": "b", "state": "open", "script": "ws.close();", "unmatchable": {"gecko": {"observables": ["log"], "why": "w"}}}]`,
			[]string{`("b")`, `unknown engine "gecko"`}},
		{"unmatchable observable unknown", `[{"name": "b", "state": "open", "script": "ws.close();", "unmatchable": {"firefox": {"observables": ["message"], "why": "w"}}}]`,
			[]string{`("b")`, `unknown observable "message"`}},
		{"unmatchable without why", `[{"name": "b", "state": "open", "script": "ws.close();", "unmatchable": {"firefox": {"observables": ["log"]}}}]`,
			[]string{`("b")`, "say why"}},
		{"JSON lone surrogate", `[{"name": "b", "state": "open", "script": "ws.close(1000, \"\ud800\");"}]`,
			[]string{`("b")`, "U+FFFD"}},
		{"invalid UTF-8", "[{\"name\": \"b\", \"state\": \"open\", \"script\": \"ws.close(1000, \\\"\xff\\\");\"}]",
			[]string{`("b")`, "U+FFFD"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "case.json", tc.content)
			list, err := Load(path)
			require.Error(t, err)
			assert.Nil(t, list)
			assert.Contains(t, err.Error(), path)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestLoadAcceptsEscapedSurrogates(t *testing.T) {
	// The JavaScript escape survives JSON as six ASCII characters.
	path := writeFile(t, t.TempDir(), "ok.json",
		`[{"name": "b", "state": "closing", "script": "ws.close(1000, \"\\ud800\");"}]`)
	list, err := Load(path)
	require.NoError(t, err)
	require.Equal(t, []Vector{{Name: "b", State: Closing, Script: `ws.close(1000, "\ud800");`}}, list)
}

func TestLoadDuplicateAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	first := writeFile(t, dir, "a.json", `[{"name": "x", "state": "open", "script": "ws.close();"}]`)
	second := writeFile(t, dir, "b.json", `[{"name": "y", "state": "open", "script": "ws.close();"},
		{"name": "x", "state": "closed", "script": "ws.close(1000);"}]`)
	_, err := Load(first, second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), second)
	assert.Contains(t, err.Error(), `vector 1 ("x"): duplicate name, first in `+first)
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.json")
	_, err := Load(path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path)
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b.json", `[{"name": "b1", "state": "open", "script": "ws.close();"}]`)
	writeFile(t, dir, "a.json", `[{"name": "a1", "state": "closed", "script": "ws.close();"},
		{"name": "a2", "state": "connecting", "script": "ws.close(3000);"}]`)
	writeFile(t, dir, "notes.txt", "not a vector file")
	list, err := LoadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, v := range list {
		names = append(names, v.Name)
	}
	assert.Equal(t, []string{"a1", "a2", "b1"}, names, "files in name order")

	_, err = LoadDir(t.TempDir())
	require.ErrorContains(t, err, "no *.json files")
	_, err = LoadDir(filepath.Join(dir, "missing"))
	require.Error(t, err)
}

func TestGenerateDeterministic(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1<<64 - 1} {
		a, b := Generate(seed, 300), Generate(seed, 300)
		require.Equal(t, a, b, "seed %d", seed)
		// A shorter run is a prefix of a longer one: a seed and an index
		// name one vector whatever n was.
		require.Equal(t, a[:50], Generate(seed, 50), "seed %d", seed)
	}
}

func TestGenerateSeedsDiffer(t *testing.T) {
	a, b := Generate(1, 100), Generate(2, 100)
	same := 0
	for i := range a {
		if a[i].Script == b[i].Script {
			same++
		}
	}
	assert.Less(t, same, 10, "seeds 1 and 2 give nearly the same scripts")
}

func TestGenerateCount(t *testing.T) {
	for _, n := range []int{-1, 0, 1, 7, 1000} {
		assert.Len(t, Generate(5, n), max(n, 0), "n=%d", n)
	}
}

var genName = regexp.MustCompile(`^gen/(\d+)/(\d+)/([a-z]+)$`)

func TestGenerateShape(t *testing.T) {
	const seed, n = 20240611, 4000
	list := Generate(seed, n)
	names := map[string]bool{}
	byState := map[string]int{}
	byKind := map[string]int{}
	for i, v := range list {
		m := genName.FindStringSubmatch(v.Name)
		require.NotNil(t, m, "name %q", v.Name)
		assert.Equal(t, strconv.FormatUint(seed, 10), m[1])
		assert.Equal(t, strconv.Itoa(i), m[2])
		byKind[m[3]]++
		assert.False(t, names[v.Name], "duplicate %q", v.Name)
		names[v.Name] = true
		require.NoError(t, check(v), v.Name)
		byState[v.State]++
		// One call, of the socket's close or, for the engines' receiver
		// checks, of the prototype's on something else.
		assert.True(t, strings.HasPrefix(v.Script, "ws.close(") ||
			m[3] == "engines" && strings.HasPrefix(v.Script, "WebSocket.prototype.close.call("), "%s: %s", v.Name, v.Script)
		assert.True(t, strings.HasSuffix(v.Script, ");"), "%s: %s", v.Name, v.Script)
		for _, c := range v.Script {
			require.Less(t, c, rune(0x7f), "%s: script is not ASCII: %s", v.Name, v.Script)
		}
	}
	for _, k := range kinds {
		assert.Positive(t, byKind[k.name], "no %s vectors", k.name)
	}
	assert.Len(t, byKind, len(kinds))
	for _, s := range states {
		assert.Positive(t, byState[s], "no vectors in state %s", s)
	}
	assert.LessOrEqual(t, byState[Connecting], n*6/100, "connecting is slow: keep it rare")
	assert.Greater(t, byState[Open]+byState[Closed], n*3/4, "mostly open and closed")
}

// TestGenerateEngineDifferences checks that every seed's vectors reach
// each place where the engines differ, within a run's 2,000.
func TestGenerateEngineDifferences(t *testing.T) {
	for _, seed := range []uint64{0, 1, 20240611} {
		list := Generate(seed, 2000)
		engines := 0
		for _, v := range list {
			if strings.HasSuffix(v.Name, "/engines") {
				engines++
			}
		}
		assert.InDelta(t, 2000*10/110, engines, 60, "seed %d: engines vectors", seed)
		for _, d := range engineDifferences {
			n := 0
			for _, v := range list {
				if d.re.MatchString(v.Script) {
					n++
				}
			}
			assert.Positive(t, n, "seed %d: %s", seed, d.name)
		}
	}
}

// TestGeneratedLoadable round-trips generated vectors through a file, as
// a saved failing batch would be.
func TestGeneratedLoadable(t *testing.T) {
	list := Generate(77, 500)
	data, err := json.Marshal(list)
	require.NoError(t, err)
	path := writeFile(t, t.TempDir(), "gen.json", string(data))
	back, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, list, back)
}

func TestWellFormedLen(t *testing.T) {
	for _, tc := range []struct {
		name  string
		units []uint16
		want  int
	}{
		{"empty", nil, 0},
		{"ascii", []uint16{'a'}, 1},
		{"2-byte", []uint16{0xe9}, 2},
		{"3-byte", []uint16{0x20ac}, 3},
		{"pair", []uint16{0xd83d, 0xde00}, 4},
		{"lone high", []uint16{0xd800}, 3},
		{"lone low", []uint16{0xdc00}, 3},
		{"reversed pair", []uint16{0xdc00, 0xd800}, 6},
		{"high high low", []uint16{0xd800, 0xd800, 0xdc00}, 7},
	} {
		assert.Equal(t, tc.want, wellFormedLen(tc.units), tc.name)
	}
}

func TestReasonUnits(t *testing.T) {
	lone := 0
	for seed := range uint64(300) {
		g := &generator{r: newPCG(seed)}
		target := 115 + int(seed%16)
		units := g.reasonUnits(target)
		require.Equal(t, target, wellFormedLen(units), "seed %d", seed)
		if strings.ContainsRune(string(utf16.Decode(units)), 0xfffd) {
			lone++
		}
	}
	assert.Greater(t, lone, 100, "lone surrogates should be common")
}

func TestJSQuote(t *testing.T) {
	for _, tc := range []struct {
		in   []uint16
		want string
	}{
		{nil, `""`},
		{[]uint16{'a', '"', '\\', '\'', '/'}, `"a\"\\'/"`},
		{[]uint16{'\n', 0, 0x7f}, `"\u000a\u0000\u007f"`},
		{[]uint16{0xe9, 0x2028, 0xfffd}, `"\u00e9\u2028\ufffd"`},
		{[]uint16{0xd83d, 0xde00}, `"\ud83d\ude00"`},
		{[]uint16{0xdc00, 0xd800}, `"\udc00\ud800"`},
	} {
		assert.Equal(t, tc.want, jsQuoteUnits(tc.in))
	}
	// Without lone surrogates, the literal is JSON for the same string.
	for _, s := range []string{"", "plain", "quote \" and \\", "é€😀\u2028\x00\t"} {
		var back string
		require.NoError(t, json.Unmarshal([]byte(jsQuote(s)), &back))
		assert.Equal(t, s, back)
	}
}

// nodeCheck is run by node on a JSON file of {vectors, literals}. For each
// vector it compiles the script as the harness does and runs it once on a
// stand-in socket, to catch syntax errors and misspelt names
// (ReferenceError) that a real run would report only as an exception,
// identical natively and through the shim, and so never as a disagreement.
// For each literal it checks that JavaScript reads back the same UTF-16
// code units the Go side quoted.
const nodeCheck = `
const input = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
class FakeWebSocket {
  constructor() { this.readyState = 1; }
  close(code, reason) {
    if (!(this instanceof FakeWebSocket)) throw new TypeError("Illegal invocation");
    if (code !== undefined) Number(code);
    if (reason !== undefined) String(reason);
    this.readyState = 2;
  }
}
Object.assign(FakeWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
Object.assign(FakeWebSocket.prototype, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
globalThis.WebSocket = FakeWebSocket;
const failures = [];
for (const v of input.vectors) {
  let run;
  try {
    run = new Function("ws", "log", v.script);
  } catch (e) {
    failures.push(v.name + ": does not compile: " + e.message);
    continue;
  }
  try {
    run(new FakeWebSocket(), []);
  } catch (e) {
    if (e instanceof ReferenceError) failures.push(v.name + ": " + e.message);
  }
}
for (const l of input.literals) {
  const s = new Function("return " + l.literal)();
  const units = Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
  if (JSON.stringify(units) !== JSON.stringify(l.units)) failures.push("literal " + l.literal + " reads as " + JSON.stringify(units));
}
process.stdout.write(JSON.stringify({ checked: input.vectors.length + input.literals.length, failures }));
`

// TestScriptsInNode compiles and dry-runs every shipped vector and a few
// thousand generated ones in node, the parser the harness itself uses.
func TestScriptsInNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on the PATH")
	}
	list, err := LoadDir(testdata)
	require.NoError(t, err)
	for seed := range uint64(3) {
		list = append(list, Generate(seed, 2000)...)
	}
	type literal struct {
		Literal string   `json:"literal"`
		Units   []uint16 `json:"units"`
	}
	var literals []literal
	for seed := range uint64(200) {
		g := &generator{r: newPCG(seed)}
		units := g.reasonUnits(1 + int(seed))
		literals = append(literals, literal{jsQuoteUnits(units), units})
	}
	data, err := json.Marshal(map[string]any{"vectors": list, "literals": literals})
	require.NoError(t, err)
	path := writeFile(t, t.TempDir(), "input.json", string(data))

	out, err := exec.Command(node, "-e", nodeCheck, path).Output()
	var stderr string
	if exit, ok := err.(*exec.ExitError); ok {
		stderr = string(exit.Stderr)
	}
	require.NoError(t, err, stderr)
	var result struct {
		Checked  int      `json:"checked"`
		Failures []string `json:"failures"`
	}
	require.NoError(t, json.Unmarshal(out, &result), string(out))
	assert.Equal(t, len(list)+len(literals), result.Checked)
	assert.Empty(t, result.Failures)
}

func TestNumberLiteralsAreLiterals(t *testing.T) {
	// A decimal literal never starts with 0 and another digit: in sloppy
	// code (and new Function bodies are sloppy) "0123" is octal 83, and
	// "0_1" does not parse.
	special := map[string]bool{"NaN": true, "Infinity": true}
	g := &generator{r: newPCG(9)}
	for range 5000 {
		lit := g.numberLiteral()
		body := strings.TrimPrefix(lit, "-")
		if special[body] || strings.HasPrefix(body, "0x") || strings.HasPrefix(body, "0o") || strings.HasPrefix(body, "0b") {
			continue
		}
		mantissa, _, _ := strings.Cut(strings.ToLower(body), "e")
		integer, _, _ := strings.Cut(mantissa, ".")
		require.Regexp(t, `^(0|[1-9](_?[0-9])*)$`, integer, "literal %q", lit)
	}
}
