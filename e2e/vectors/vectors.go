// Package vectors holds the close() cases the cross-check runs: it loads the
// curated files of e2e/testdata and generates seeded random ones. A vector
// carries no expected outcome; the native engine is the oracle, so a vector
// only has to be deterministic.
package vectors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The states a vector's socket can be put in before its script runs. They
// are the WebSocket readyState names, lower-cased as the harness spells them.
const (
	Connecting = "connecting"
	Open       = "open"
	Closing    = "closing"
	Closed     = "closed"
)

// states lists every valid state, in readyState order.
var states = []string{Connecting, Open, Closing, Closed}

// A Vector is one case: Script runs synchronously, as
// new Function("ws", "log", Script)(ws, log), on a fresh socket already in
// State. The harness records what it throws, readyState, log, the close
// event and the close frame the server got, natively and through the shim.
type Vector struct {
	// Name identifies the vector in reports; its part before the first
	// "/" is the group the summary counts by ("wpt", "gen", ...).
	Name string `json:"name"`
	// State is Connecting, Open, Closing or Closed.
	State string `json:"state"`
	// Script is a JavaScript function body. It may call ws.close and push
	// strings to log, and must not depend on time or randomness.
	Script string `json:"script"`
	// Unmatchable says, by engine, what no shim can reproduce there and
	// why. A run that differs from native in those observables alone is a
	// known difference, counted apart and not failing the cross-check; one
	// that differs in anything else still disagrees.
	Unmatchable map[string]Unmatchable `json:"unmatchable,omitempty"`
}

// An Unmatchable is a difference between native and shim that is the
// engine's doing: the observables (as the cross-check names them, such as
// "exceptionMessage" or "log") and the reason.
type Unmatchable struct {
	Observables []string `json:"observables"`
	Why         string   `json:"why"`
}

// Load reads files each holding a JSON array of vectors and checks them all
// together, so that a name repeated in two files is caught too. Errors name
// the file and, where there is one, the vector.
func Load(paths ...string) ([]Vector, error) {
	var out []Vector
	seen := map[string]string{} // name -> file it first appeared in
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("vectors: %w", err)
		}
		list, err := decode(data)
		if err != nil {
			return nil, fmt.Errorf("vectors: %s: %w", path, err)
		}
		for i, v := range list {
			if err := check(v); err != nil {
				return nil, fmt.Errorf("vectors: %s: vector %d (%q): %w", path, i, v.Name, err)
			}
			if first, ok := seen[v.Name]; ok {
				return nil, fmt.Errorf("vectors: %s: vector %d (%q): duplicate name, first in %s", path, i, v.Name, first)
			}
			seen[v.Name] = path
		}
		out = append(out, list...)
	}
	return out, nil
}

// LoadDir loads every *.json file directly in dir, in file name order so
// that runs and reports list vectors the same way each time. A directory
// without any is an error: a mistyped path must not pass as zero vectors.
func LoadDir(dir string) ([]Vector, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("vectors: %w", err)
	}
	if len(paths) == 0 {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("vectors: %w", err)
		}
		return nil, fmt.Errorf("vectors: no *.json files in %s", dir)
	}
	slices.Sort(paths)
	return Load(paths...)
}

// decode parses one file strictly: a single JSON array of vectors with no
// unknown fields (a misspelt "scirpt" would otherwise load as empty), and
// syntax errors located by line and column rather than byte offset.
func decode(data []byte) ([]Vector, error) {
	if trimmed := bytes.TrimSpace(data); len(trimmed) == 0 || trimmed[0] != '[' {
		return nil, errors.New("not a JSON array of vectors")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var list []Vector
	if err := dec.Decode(&list); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line, col := position(data, syntax.Offset)
			return nil, fmt.Errorf("line %d, column %d: %w", line, col, err)
		}
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON array")
	}
	return list, nil
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = 1 + len(before) - (bytes.LastIndexByte(before, '\n') + 1)
	return line, col
}

// check validates one vector on its own.
func check(v Vector) error {
	switch {
	case strings.TrimSpace(v.Name) == "":
		return errors.New("empty name")
	case !slices.Contains(states, v.State):
		return fmt.Errorf("unknown state %q (want one of %s)", v.State, strings.Join(states, ", "))
	case strings.TrimSpace(v.Script) == "":
		return errors.New("empty script")
	case strings.ContainsRune(v.Script, '\uFFFD'):
		// encoding/json turns a JSON "\ud800" (and invalid UTF-8) into
		// U+FFFD without a word, so a lone surrogate meant for JavaScript
		// would silently become a different vector.
		return errors.New(`script holds U+FFFD: write lone surrogates as JavaScript escapes ("\\ud800" in JSON), and U+FFFD itself as "\\ufffd"`)
	}
	for engine, u := range v.Unmatchable {
		switch {
		case !slices.Contains(Engines, engine):
			return fmt.Errorf("unmatchable: unknown engine %q (want one of %s)", engine, strings.Join(Engines, ", "))
		case len(u.Observables) == 0 || strings.TrimSpace(u.Why) == "":
			return fmt.Errorf("unmatchable in %s: name the observables and say why", engine)
		}
		for _, o := range u.Observables {
			if !slices.Contains(Observables, o) {
				return fmt.Errorf("unmatchable in %s: unknown observable %q (want one of %s)", engine, o, strings.Join(Observables, ", "))
			}
		}
	}
	return nil
}

// Engines are the engines the cross-check runs, by name.
var Engines = []string{"chromium", "firefox", "webkit", "undici"}

// Observables are the names the cross-check gives what it compares.
var Observables = []string{"setup", "exception", "exceptionMessage", "readyState", "log", "closeEvent", "serverFrame", "validator"}
