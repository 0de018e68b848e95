package crosscheck

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gowasm/browserws/e2e/vectors"
	"github.com/stretchr/testify/require"
)

// generatedInTests is how many generated vectors make test runs beside the
// shipped ones; make crosscheck runs 2,000.
const generatedInTests = 500

// testVectors returns the shipped vectors and generated ones, from
// $BROWSERWS_SEED or a fresh seed that is logged for replay.
func testVectors(t *testing.T) []Vector {
	t.Helper()
	shipped, err := vectors.LoadDir(filepath.Join(testEnv.Root, "e2e", "testdata"))
	require.NoError(t, err)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("BROWSERWS_SEED"); s != "" {
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
	}
	t.Logf("%d shipped vectors and %d generated from seed %d (BROWSERWS_SEED=%d replays them)", len(shipped), generatedInTests, seed, seed)
	return append(shipped, vectors.Generate(seed, generatedInTests)...)
}
