//go:build js && wasm

package pass

import (
	"fmt"
	"os"
	"testing"
	"time"
)

func TestPass(t *testing.T) {
	if got := Greet("wasm"); got != "hello, wasm" {
		t.Fatalf("Greet = %q", got)
	}
	t.Log("hello from the browser")
}

// TestStream writes a line, waits, and writes another: a runner that
// buffers shows both at once.
func TestStream(t *testing.T) {
	fmt.Println("stream-first")
	time.Sleep(1500 * time.Millisecond)
	fmt.Println("stream-second")
}

// TestEnv shows the variables the runner is expected to pass, and those it
// is expected to hold back.
func TestEnv(t *testing.T) {
	for _, name := range []string{"BROWSERWS_X", "WASMBROWSER_FIXTURE_NAMED", "WASMBROWSER_FIXTURE_HIDDEN", "WASMBROWSER_CONTEXT"} {
		value, ok := os.LookupEnv(name)
		fmt.Printf("env %s=%q set=%v\n", name, value, ok)
	}
}

// TestFiles uses the host's files the way tests do.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	path := dir + "/data.txt"
	if err := os.WriteFile(path, []byte("some bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || string(data) != "some bytes" {
		t.Fatalf("ReadFile = %q, %v", data, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 || entries[0].Name() != "data.txt" {
		t.Fatalf("ReadDir = %v, %v", entries, err)
	}
}
