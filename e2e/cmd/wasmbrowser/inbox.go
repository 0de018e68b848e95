package main

import (
	"context"
	"sync"
)

// inbox queues the tab's events, in order, without limit. chromedp calls
// its Listen funcs on the goroutine that reads the browser's messages, which
// must not block; the pump works off the queue on its own goroutine.
type inbox struct {
	mu     sync.Mutex
	events []any
	wake   chan struct{}
}

func newInbox() *inbox { return &inbox{wake: make(chan struct{}, 1)} }

// push adds an event; it is the func given to chromedp.Listen.
func (q *inbox) push(ev any) {
	q.mu.Lock()
	q.events = append(q.events, ev)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// take waits for events and returns all that are queued.
func (q *inbox) take(ctx context.Context) ([]any, error) {
	for {
		q.mu.Lock()
		events := q.events
		q.events = nil
		q.mu.Unlock()
		if len(events) > 0 {
			return events, nil
		}
		select {
		case <-q.wake:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}
