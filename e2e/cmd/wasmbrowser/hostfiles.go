package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// hostFiles writes the files the page mirrors to the host. It writes only
// the paths the runner allowed, whatever the page asks: the program in the
// page can call the binding too.
type hostFiles struct {
	files   map[string]bool   // exact paths
	dirs    []string          // any file below these
	partial map[string][]byte // files whose chunks are still arriving
}

func newHostFiles() *hostFiles {
	return &hostFiles{files: map[string]bool{}, partial: map[string][]byte{}}
}

func (h *hostFiles) allows(path string) bool {
	if !filepath.IsAbs(path) || filepath.Clean(path) != path {
		return false
	}
	if h.files[path] {
		return true
	}
	for _, dir := range h.dirs {
		if strings.HasPrefix(path, dir+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (h *hostFiles) check(path string) error {
	if !h.allows(path) {
		return fmt.Errorf("the page asked to write %q, which is not a file the runner mirrors", path)
	}
	return nil
}

// chunk adds a part of a file's content; the last one writes the file.
func (h *hostFiles) chunk(path string, data []byte, first, last bool) error {
	if err := h.check(path); err != nil {
		return err
	}
	if first {
		h.partial[path] = nil
	}
	h.partial[path] = append(h.partial[path], data...)
	if !last {
		return nil
	}
	content := h.partial[path]
	delete(h.partial, path)
	if err := os.WriteFile(path, content, 0o666); err != nil {
		return fmt.Errorf("writing the program's file on the host: %w", err)
	}
	return nil
}

func (h *hostFiles) rename(from, to string) error {
	if err := errors.Join(h.check(from), h.check(to)); err != nil {
		return err
	}
	if err := os.Rename(from, to); err != nil {
		return fmt.Errorf("renaming the program's file on the host: %w", err)
	}
	return nil
}

func (h *hostFiles) remove(path string) error {
	if err := h.check(path); err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing the program's file on the host: %w", err)
	}
	return nil
}
