//go:build js && wasm

package browserws

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// usage is what a program holds that a socket's life could leak.
type usage struct {
	funcs, listeners, goroutines int
	heap                         uint64 // bytes live after a full collection
}

func measureUsage() usage {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return usage{
		funcs:      int(liveFuncs.Load()),
		listeners:  liveListeners(),
		goroutines: runtime.NumGoroutine(),
		heap:       m.HeapAlloc,
	}
}

// openSendClose dials, sends a message, closes and waits for the close
// event: a socket's whole life.
// It returns an error rather than failing t so that it can run on any
// goroutine.
func openSendClose(ctx context.Context, url string) error {
	ws, err := Dial(ctx, url)
	if err != nil {
		return err
	}
	return sendClose(ctx, ws)
}

// sendClose sends a message on ws, closes it and waits for the close event.
func sendClose(ctx context.Context, ws *WebSocket) error {
	if err := ws.SendText("hello"); err != nil {
		return err
	}
	if err := ws.Close(CodeNormalClosure, "done"); err != nil {
		return err
	}
	ev, err := ws.Wait(ctx)
	if err != nil {
		return err
	}
	if !ev.WasClean {
		return &CloseError{CloseEvent: ev}
	}
	return nil
}

// TestNoLeaks opens and closes 5,000 sockets, half of them one after
// another and half with 100 open at once, and requires the js.Funcs, the
// engine's listeners and the goroutines back at their starting counts and
// the Go heap within 5 %.
func TestNoLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 5,000 sockets")
	}
	const sockets, live = 5000, 100
	// Chromium delays a handshake by up to seconds when many are pending in
	// one page (measured: 20 dials at once took 4.2 s, 10 took 0.12 s), so
	// the sockets that are open together are dialled a few at a time.
	const dialing = 8
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	url := func() string { u, _ := recordedURL(t, ""); return u }
	oneAtATime := func(n int) {
		for i := range n {
			require.NoError(t, openSendClose(ctx, url()), "socket %d", i)
		}
	}
	manyAtOnce := func(n int) {
		for range n / live {
			require.NoError(t, openTogether(ctx, live, dialing, url))
		}
	}
	// Warm up both ways first: one-time allocations, and the runtime's
	// records of the most goroutines ever alive at once, are no leak.
	oneAtATime(live)
	manyAtOnce(2 * live)
	before := measureUsage()

	start := time.Now()
	oneAtATime(sockets / 2)
	sequential := time.Since(start)
	start = time.Now()
	manyAtOnce(sockets / 2)
	together := time.Since(start)

	after := measureUsage()
	t.Logf("%v: %d sockets one at a time in %v, %d with %d open at once in %v; before %+v, after %+v",
		HostEngine(), sockets/2, sequential.Round(time.Millisecond), sockets/2, live, together.Round(time.Millisecond), before, after)
	assert.Equal(t, before.funcs, after.funcs, "live js.Funcs")
	assert.Equal(t, before.listeners, after.listeners, "listeners the engine holds")
	assert.Equal(t, before.goroutines, after.goroutines, "goroutines")
	assert.InDelta(t, float64(before.heap), float64(after.heap), 0.05*float64(before.heap), "Go heap, bytes")
}

// openTogether dials n sockets, at most dialing at a time, and once all n
// are open sends on each, closes each and waits for every close event.
func openTogether(ctx context.Context, n, dialing int, url func() string) error {
	var (
		sockets   sync.WaitGroup
		allOpen   sync.WaitGroup
		dialSlots = make(chan struct{}, dialing)
		errs      = make([]error, n)
	)
	allOpen.Add(n)
	for i := range n {
		u := url()
		sockets.Go(func() {
			dialSlots <- struct{}{}
			ws, err := Dial(ctx, u)
			<-dialSlots
			allOpen.Done()
			if err != nil {
				errs[i] = err
				return
			}
			allOpen.Wait()
			errs[i] = sendClose(ctx, ws)
		})
	}
	sockets.Wait()
	return errors.Join(errs...)
}
