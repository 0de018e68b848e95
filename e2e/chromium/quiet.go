package chromium

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Unobserve turns off the DevTools domains that chromedp enables on every
// target it attaches to and that watch a page's traffic and document:
// Network, DOM and CSS. With Network on, every WebSocket frame and request
// becomes a DevTools event that Chromium builds and chromedp decodes, which
// slows a message-heavy page about threefold; a user's page has no such
// observer. Page, Runtime and Log stay on: navigation, evaluation and the
// page's problems need them. Call it once the page has loaded.
func Unobserve(ctx context.Context) error {
	for _, disable := range []struct {
		name string
		call func(context.Context) error
	}{
		{"Network", func(ctx context.Context) error { _, err := chromedp.Call(ctx, network.Disable, struct{}{}); return err }},
		{"CSS", func(ctx context.Context) error { _, err := chromedp.Call(ctx, css.Disable, struct{}{}); return err }},
		{"DOM", func(ctx context.Context) error { _, err := chromedp.Call(ctx, dom.Disable, struct{}{}); return err }},
	} {
		if err := disable.call(ctx); err != nil {
			return fmt.Errorf("disabling the DevTools %s domain: %w", disable.name, err)
		}
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
