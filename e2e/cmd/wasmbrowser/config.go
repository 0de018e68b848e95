package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// pageConfig is what the page fetches as /__wasmbrowser/config.json before
// it starts the program (see page/host.js and page/memfs.js).
type pageConfig struct {
	Argv        []string          `json:"argv"`
	Env         map[string]string `json:"env"`
	Cwd         string            `json:"cwd"`         // the program's working directory
	PID         int               `json:"pid"`         // coverage files are named with a pid >= 0
	Dirs        []string          `json:"dirs"`        // host directories the page's file system starts with
	MirrorFiles []string          `json:"mirrorFiles"` // files written back to the host
	MirrorDirs  []string          `json:"mirrorDirs"`  // directories whose files are written back
	Preload     []preloadFile     `json:"preload"`     // host files the program reads
}

// preloadFile is a host file copied into the page.
type preloadFile struct {
	Path string `json:"path"`
	Data []byte `json:"data"` // base64 in JSON
}

// newPageConfig makes the page's config for a program started with
// testArgs in cwd, and the host files it may write.
func newPageConfig(testArgs []string, flags testFlags, env map[string]string, cwd string) (*pageConfig, *hostFiles, error) {
	argv := append([]string{"js"}, testArgs...)
	if err := checkArgSize(argv, env); err != nil {
		return nil, nil, err
	}
	cfg := &pageConfig{Argv: argv, Env: env, Cwd: cwd, PID: os.Getpid()}
	abs := func(p string) string {
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		return filepath.Clean(p)
	}
	host := newHostFiles()
	for _, file := range []string{flags.coverProfile, flags.testLogFile} {
		if file == "" {
			continue
		}
		file = abs(file)
		host.files[file] = true
		cfg.MirrorFiles = append(cfg.MirrorFiles, file)
		if isDir(filepath.Dir(file)) {
			cfg.Dirs = append(cfg.Dirs, filepath.Dir(file))
		}
	}
	// GOCOVERDIR is where a program built with -cover writes its data; it
	// reaches the page as a Go variable.
	for _, dir := range []string{flags.goCoverDir, env["GOCOVERDIR"]} {
		if dir == "" {
			continue
		}
		dir = abs(dir)
		host.dirs = append(host.dirs, dir)
		cfg.MirrorDirs = append(cfg.MirrorDirs, dir)
		if isDir(dir) {
			cfg.Dirs = append(cfg.Dirs, dir)
		}
	}
	if flags.goCoverDir != "" {
		preload, err := coverPreload(abs(flags.goCoverDir))
		if err != nil {
			return nil, nil, err
		}
		cfg.Preload = preload
	}
	return cfg, host, nil
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// maxPreload bounds the host files copied into the page.
const maxPreload = 64 << 20

// coverPreload returns the files of dir the coverage support reads besides
// those it writes: go test's metafiles.txt (with -coverpkg) and the
// meta-data files it lists, which live in other build directories.
func coverPreload(dir string) ([]preloadFile, error) {
	list := filepath.Join(dir, "metafiles.txt")
	data, err := os.ReadFile(list)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading go test's coverage file list: %w", err)
	}
	var collection struct{ MetaFileFragments []string }
	if err := json.Unmarshal(data, &collection); err != nil {
		return nil, fmt.Errorf("reading %s: %w", list, err)
	}
	files := []preloadFile{{Path: list, Data: data}}
	total := len(data)
	for _, path := range collection.MetaFileFragments {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading a coverage meta-data file go test listed: %w", err)
		}
		if total += len(data); total > maxPreload {
			return nil, fmt.Errorf("the coverage meta-data files in %s exceed %d bytes", list, maxPreload)
		}
		files = append(files, preloadFile{Path: path, Data: data})
	}
	return files, nil
}
