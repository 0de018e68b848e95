package chromium

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Unobserve turns off the DevTools Network domain, which chromedp enables on
// every target it attaches to: with it on, every WebSocket frame and
// request of the page becomes a DevTools event that Chromium builds and
// chromedp decodes, which slows a message-heavy page between two- and
// threefold; a user's page has no such observer. The other domains chromedp
// enables stay on: Page and Runtime for navigation and evaluation, Log for
// the page's problems, DOM (and CSS) for chromedp's queries by selector;
// they see the document, not the traffic. Call it once the page has loaded.
func Unobserve(ctx context.Context) error {
	if _, err := chromedp.Call(ctx, network.Disable, struct{}{}); err != nil {
		return fmt.Errorf("disabling the DevTools Network domain: %w", err)
	}
	return nil
}

// TrafficEvents counts the DevTools events of the Network domain that reach
// a page's context: pass its Watch method to chromedp.Listen. After
// Unobserve it must stay at zero, which is how a benchmark proves the page
// ran unobserved.
type TrafficEvents struct{ n atomic.Int64 }

// Watch counts ev if it is a Network event.
func (c *TrafficEvents) Watch(ev any) {
	if strings.HasPrefix(fmt.Sprintf("%T", ev), "*network.Event") {
		c.n.Add(1)
	}
}

// Count returns the Network events seen so far.
func (c *TrafficEvents) Count() int64 { return c.n.Load() }
