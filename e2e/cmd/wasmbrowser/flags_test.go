package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTestFlags(t *testing.T) {
	f, err := parseTestFlags(nil)
	require.NoError(t, err)
	assert.Equal(t, testFlags{timeout: 10 * time.Minute}, f, "go test's default timeout")

	f, err = parseTestFlags([]string{
		"-test.paniconexit0", "-test.timeout=3s", "-test.v=true",
		"-test.gocoverdir=/objdir/gocoverdir", "-test.run", "TestX",
		"--test.coverprofile", "c.out", "-test.testlogfile=/objdir/testlog.txt",
		"-test.gocoverdir=/mine", // after -args: the last one wins
		"--", "-test.timeout=1h",
	})
	require.NoError(t, err)
	assert.Equal(t, testFlags{
		timeout:      3 * time.Second,
		coverProfile: "c.out",
		goCoverDir:   "/mine",
		testLogFile:  "/objdir/testlog.txt",
	}, f)

	f, err = parseTestFlags([]string{"-test.timeout=0"})
	require.NoError(t, err)
	assert.Zero(t, f.timeout, "0 means no deadline")

	_, err = parseTestFlags([]string{"-test.timeout=soon"})
	assert.ErrorContains(t, err, "-test.timeout")
	_, err = parseTestFlags([]string{"-test.coverprofile"})
	assert.ErrorContains(t, err, "needs a value")
}
