package main

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain lets the test binary be the command withrecorder runs: with
// WITHRECORDER_TEST_CHILD set it asks the server what a test says and
// prints the statuses instead of running tests.
func TestMain(m *testing.M) {
	if os.Getenv("WITHRECORDER_TEST_CHILD") != "" {
		os.Exit(child())
	}
	os.Exit(m.Run())
}

// child requests /record of $BROWSERWS_RECORDER as a loopback client, a
// DNS-rebound page and a foreign page would, and prints each status and
// Access-Control-Allow-Origin.
func child() int {
	addr := os.Getenv("BROWSERWS_RECORDER")
	_, port, _ := strings.Cut(addr, ":")
	for _, c := range []struct{ host, origin string }{
		{addr, ""},
		{"localhost:" + port, "http://127.0.0.1:9"},
		{"evil.example:" + port, ""},
		{addr, "https://evil.example"},
	} {
		req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/record?id=x&wait=1ms", nil)
		if err != nil {
			fmt.Println(err)
			return 1
		}
		req.Host = c.host
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return 1
		}
		resp.Body.Close()
		fmt.Printf("%s %d %q\n", strings.Replace(c.host, port, "PORT", 1), resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	return 3 // passed through as the exit code
}

// TestRecorderAnswersLoopbackOnly runs this test binary under withrecorder
// and checks what its recorder answered.
func TestRecorderAnswersLoopbackOnly(t *testing.T) {
	out, err := os.CreateTemp(t.TempDir(), "child")
	require.NoError(t, err)
	stdout := os.Stdout
	os.Stdout = out
	t.Setenv("WITHRECORDER_TEST_CHILD", "1")
	code := run([]string{os.Args[0]})
	os.Stdout = stdout
	require.NoError(t, out.Close())
	data, err := os.ReadFile(out.Name())
	require.NoError(t, err)

	assert.Equal(t, 3, code, "the command's exit code")
	addr := strings.Fields(string(data))
	require.NotEmpty(t, addr, "output:\n%s", data)
	assert.Equal(t, strings.Join([]string{
		addr[0] + ` 200 ""`,
		`localhost:PORT 200 "http://127.0.0.1:9"`,
		`evil.example:PORT 421 ""`,
		addr[0] + ` 403 ""`,
	}, "\n")+"\n", string(data))
}
