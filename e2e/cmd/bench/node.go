package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// runNode runs the measurements cfg selects in Node.js, against undici's
// WebSocket, through e2e/node/bench.js: the page's own web/bench.js, with
// bench.wasm and shim.wasm read from disk. Node.js runs with --expose-gc,
// as Chromium with its flag, so that the heaps are collected between
// measurements.
func runNode(ctx context.Context, mod module, f files, cfg pageConfig) (pageResult, error) {
	dir, err := os.MkdirTemp("", "browserws-bench-node-")
	if err != nil {
		return pageResult{}, err
	}
	defer os.RemoveAll(dir)
	output := filepath.Join(dir, "result.json")
	config, err := json.Marshal(map[string]any{
		"wasmExec": f.wasmExec, "web": filepath.Join(mod.root, "web"),
		"benchWasm": f.benchWasm, "shimWasm": f.shimWasm, "page": cfg, "output": output,
	})
	if err != nil {
		return pageResult{}, err
	}
	configPath := filepath.Join(dir, "config.json")
	if err := os.WriteFile(configPath, config, 0o644); err != nil {
		return pageResult{}, err
	}
	version, err := exec.CommandContext(ctx, "node", "--version").Output()
	if err != nil {
		return pageResult{}, fmt.Errorf("node --version: %w", err)
	}
	args := []string{"--experimental-websocket", "--no-warnings", "--expose-gc"}
	if cfg.cpuProfiles != "" {
		args = append(args, "--cpu-prof", "--cpu-prof-dir", cfg.cpuProfiles, "--cpu-prof-name", "node.cpuprofile")
	}
	cmd := exec.CommandContext(ctx, "node", append(args, filepath.Join(mod.root, "e2e", "node", "bench.js"), configPath)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return pageResult{}, fmt.Errorf("node e2e/node/bench.js: %v\n%s", err, out)
	}
	data, err := os.ReadFile(output)
	if err != nil {
		return pageResult{}, err
	}
	out := pageResult{Engine: "node", Version: strings.TrimSpace(string(version))}
	if err := json.Unmarshal(data, &out); err != nil {
		return pageResult{}, fmt.Errorf("reading Node.js's result: %w", err)
	}
	return out, nil
}
