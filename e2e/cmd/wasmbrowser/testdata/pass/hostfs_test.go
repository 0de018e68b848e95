//go:build js && wasm

package pass

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHostFiles makes the file calls tests make, on the host's files, and
// prints what each gives, prefixed "hostfs:", with the temporary
// directory's name replaced by TMP. The runner's test compares the lines
// printed in a browser with those printed in Node (go_js_wasm_exec), the
// reference.
func TestHostFiles(t *testing.T) {
	if os.Getenv("BROWSERWS_FIXTURE_HOSTFS") == "" {
		t.Skip("BROWSERWS_FIXTURE_HOSTFS is not set")
	}
	dir := t.TempDir()
	show := func(op string, values ...any) {
		text := strings.ReplaceAll(fmt.Sprintln(values...), dir, "TMP")
		fmt.Printf("hostfs: %s: %s", op, text)
	}
	mode := func(path string) string {
		fi, err := os.Lstat(path)
		if err != nil {
			return err.Error()
		}
		return fi.Mode().String()
	}

	// The package directory, as go test leaves it, and a file of its own.
	data, err := os.ReadFile("testdata/hello.txt")
	show("read testdata", string(data), err)
	_, err = os.ReadFile("testdata/missing.txt")
	show("read missing", err, errors.Is(err, fs.ErrNotExist))
	_, err = os.ReadFile("testdata")
	show("read a directory", err)
	_, err = os.Stat(filepath.Join(os.Getenv("GOROOT"), "lib", "time", "zoneinfo.zip"))
	show("stat GOROOT's zoneinfo.zip", err)
	loc, err := time.LoadLocation("America/Los_Angeles")
	show("time zone", loc, err)

	// A temporary directory's life.
	a := filepath.Join(dir, "a")
	show("write", os.WriteFile(a, []byte("abc"), 0o666), mode(a))
	old := syscall.Umask(0o077)
	b := filepath.Join(dir, "b")
	show("write under umask 077", old, os.WriteFile(b, nil, 0o666), mode(b))
	syscall.Umask(old)
	show("mkdir", os.Mkdir(filepath.Join(dir, "d"), 0o777), mode(filepath.Join(dir, "d")))
	show("mkdir again", os.Mkdir(filepath.Join(dir, "d"), 0o777))
	show("remove a full directory", os.Remove(dir) != nil)
	show("chmod", os.Chmod(a, 0o600), mode(a))
	show("symlink", os.Symlink("a", filepath.Join(dir, "l")), mode(filepath.Join(dir, "l")))
	target, err := os.Readlink(filepath.Join(dir, "l"))
	show("readlink", target, err)
	data, err = os.ReadFile(filepath.Join(dir, "l"))
	show("read through the link", string(data), err)
	show("link", os.Link(a, filepath.Join(dir, "h")))
	fi, err := os.Stat(a)
	show("links", fi.Sys().(*syscall.Stat_t).Nlink, err)
	when := time.Date(2020, 2, 3, 4, 5, 6, 0, time.UTC)
	show("chtimes", os.Chtimes(a, when, when))
	fi, err = os.Stat(a)
	show("mtime", fi.ModTime().UTC(), err)
	show("truncate", os.Truncate(a, 1), mode(a))
	show("rename", os.Rename(b, filepath.Join(dir, "c")))
	show("remove missing", os.Remove(b))
	f, err := os.OpenFile(a, os.O_RDWR, 0)
	show("open", err)
	n, err := f.WriteAt([]byte("xyz"), 4)
	show("write at", n, err)
	buf := make([]byte, 8)
	n, err = f.ReadAt(buf, 0)
	show("read at", n, buf[:n], err)
	end, err := f.Seek(0, 2)
	show("seek to the end", end, err)
	show("sync", f.Sync())
	show("close", f.Close())
	show("close again", f.Close())
	_, err = os.OpenFile(a, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o666)
	show("create existing", err)
	entries, err := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	show("readdir", names, err)

	// The working directory: t.Chdir changes it for the test and restores it.
	wd, err := os.Getwd()
	show("getwd", filepath.Base(wd), err)
	t.Run("chdir", func(t *testing.T) {
		t.Chdir(dir)
		here, err := os.Getwd()
		show("getwd after t.Chdir", here, err)
		data, err := os.ReadFile("a")
		show("relative read", len(data), err)
		show("open dot", func() error { f, err := os.Open("."); f.Close(); return err }())
	})
	back, err := os.Getwd()
	show("getwd restored", back == wd, err)
	show("chdir to a missing directory", os.Chdir(filepath.Join(dir, "missing")))
	show("chdir to a file", os.Chdir(a))
	groups, err := os.Getgroups()
	show("groups", len(groups) > 0, err)
	show("ids", os.Getuid() == os.Geteuid(), os.Getpid() > 0)
}

// BenchmarkStat is one file call and its answer: what a file call costs.
func BenchmarkStat(b *testing.B) {
	for b.Loop() {
		if _, err := os.Stat("testdata/hello.txt"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadFile is open, fstat, read, read, close.
func BenchmarkReadFile(b *testing.B) {
	for b.Loop() {
		if _, err := os.ReadFile("testdata/hello.txt"); err != nil {
			b.Fatal(err)
		}
	}
}
