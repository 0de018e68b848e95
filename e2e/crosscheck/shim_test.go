package crosscheck

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/gowasm/browserws/e2e/vectors"
	"github.com/stretchr/testify/require"
)

// TestShimHTMLDDA runs the vectors of e2e/testdata/htmldda.json, where
// document.all (an [[IsHTMLDDA]] object: typeof "undefined", == null, yet an
// object and callable) is a code, a reason, or their valueOf, toString or
// Symbol.toPrimitive, natively and through the shim. In Chromium they show
// whether the shim follows the engine's GetMethod and IsCallable; in Node,
// which has no document, the same scripts pass undefined in its place.
func TestShimHTMLDDA(t *testing.T) {
	list, err := vectors.Load(filepath.Join(testEnv.Root, "e2e", "testdata", "htmldda.json"))
	require.NoError(t, err)
	ctx := testContext(t, 2*time.Minute)
	t.Run("chromium", func(t *testing.T) {
		page, err := testBrowser.OpenPage(ctx, testEnv.URL+"/harness.html")
		require.NoError(t, err)
		defer page.Close()
		dda, err := Evaluate[bool](ctx, page, `typeof document.all === "undefined" && document.all !== undefined && document.all == null`)
		require.NoError(t, err)
		require.True(t, dda, "document.all is an [[IsHTMLDDA]] object in this Chromium")

		results, err := testBrowser.RunChromium(ctx, testEnv, list, Options{})
		require.NoError(t, err)
		requireAllAgree(t, results)
	})
	t.Run("undici", func(t *testing.T) {
		results, err := RunNode(ctx, testEnv, list, Options{Concurrency: 8})
		require.NoError(t, err)
		requireAllAgree(t, results)
	})
}
