package crosscheck

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCrosscheckPage runs the cross-check page (web/crosscheck.html) as any
// browser would: it loads its vector files by itself, and all a driver
// does is navigate and await browserwsCrosscheckResult. Here the browser is
// Chromium; Firefox and WebKit run the same page.
func TestCrosscheckPage(t *testing.T) {
	ctx := testContext(t, 2*time.Minute)
	url := PageURL(testEnv.URL, testEnv.runPrefix("page"), "conversions.json", "sourcetext.json")
	page, err := testBrowser.OpenPage(ctx, url)
	require.NoError(t, err)
	defer page.Close()
	out, err := Evaluate[PageOutput](ctx, page, `browserwsCrosscheckResult`)
	require.NoError(t, err)
	assert.Equal(t, []string{"conversions.json", "sourcetext.json"}, out.Files)
	assert.Equal(t, "chromium", out.Engine)
	results, err := out.Results()
	require.NoError(t, err)
	require.NotEmpty(t, results)
	requireAllAgree(t, results)
	assert.Empty(t, page.Problems())
}
