package crosscheck

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// RunNode runs vectors in Node.js against undici's WebSocket, natively then
// with the shim installed over its prototype, through e2e/node/crosscheck.js.
func RunNode(ctx context.Context, env *Env, vectors []Vector, opts Options) ([]Result, error) {
	dir, err := os.MkdirTemp(env.tmp, "node-")
	if err != nil {
		return nil, err
	}
	vectorsPath := filepath.Join(dir, "vectors.json")
	data, err := json.Marshal(vectors)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(vectorsPath, data, 0o644); err != nil {
		return nil, err
	}
	options := map[string]any{"wsBase": env.WSBase(), "httpBase": env.URL, "prefix": env.runPrefix("undici"),
		// undici has no one-CONNECTING-per-host rule, and never fires a close
		// event for a socket closed while CONNECTING: run those side by side.
		"serialConnecting": false}
	if opts.Concurrency > 0 {
		options["concurrency"] = opts.Concurrency
	}
	if opts.CloseWaitMS > 0 {
		options["closeWait"] = opts.CloseWaitMS
	}
	config := map[string]any{
		"wasmExec": env.WasmExec, "shimWasm": env.ShimWasm, "web": env.Web,
		"vectors": vectorsPath, "output": filepath.Join(dir, "result.json"), "options": options,
	}
	configPath := filepath.Join(dir, "config.json")
	data, err = json.Marshal(config)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(configPath, data, 0o644); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, "node", "--experimental-websocket", "--no-warnings",
		filepath.Join(env.Root, "e2e", "node", "crosscheck.js"), configPath)
	var output, errOutput bytes.Buffer // all but the progress lines
	cmd.Stderr = &errOutput
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("crosscheck: node: %w", err)
	}
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		var done, total int
		if _, err := fmt.Sscanf(lines.Text(), "progress %d %d", &done, &total); err == nil {
			if opts.Progress != nil {
				opts.Progress(done, total)
			}
			continue
		}
		output.WriteString(lines.Text() + "\n")
	}
	io.Copy(&output, stdout) // the rest, should a line be too long to scan
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("crosscheck: node: %v\n%s%s", err, output.Bytes(), errOutput.Bytes())
	}
	data, err = os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		return nil, err
	}
	var out harnessOutput
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("crosscheck: node output: %w", err)
	}
	return env.finish(ctx, out, vectors, "undici")
}

// EvaluateNode evaluates a JavaScript expression in Node.js, with
// wasm_exec.js and web/shim.js loaded as a page of env loads them, awaits
// its value and decodes it into T (through e2e/node/eval.js). It is the
// Node counterpart of [Evaluate].
func EvaluateNode[T any](ctx context.Context, env *Env, expression string) (T, error) {
	var zero T
	dir, err := os.MkdirTemp(env.tmp, "eval-")
	if err != nil {
		return zero, err
	}
	defer os.RemoveAll(dir)
	output := filepath.Join(dir, "value.json")
	data, err := json.Marshal(map[string]string{
		"wasmExec": env.WasmExec, "web": env.Web, "expression": expression, "output": output,
	})
	if err != nil {
		return zero, err
	}
	configPath := filepath.Join(dir, "config.json")
	if err := os.WriteFile(configPath, data, 0o644); err != nil {
		return zero, err
	}
	cmd := exec.CommandContext(ctx, "node", "--experimental-websocket", "--no-warnings",
		filepath.Join(env.Root, "e2e", "node", "eval.js"), configPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		return zero, fmt.Errorf("crosscheck: node: %v\n%s", err, out)
	}
	if data, err = os.ReadFile(output); err != nil {
		return zero, err
	}
	var value T
	if err := json.Unmarshal(data, &value); err != nil {
		return zero, fmt.Errorf("crosscheck: node output: %w", err)
	}
	return value, nil
}
