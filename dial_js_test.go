//go:build js && wasm

package browserws

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDialCancelledWhileConnecting gives up a dial whose handshake the
// server holds back, and requires everything released at once; a native
// socket closed with close(1000) while CONNECTING, as Dial closes it, must
// leave the same trace at the server.
//
// Each side gives up once the server has its handshake request, not after
// a fixed time: Firefox sends a request only after a delay of its own
// following failed connections to the same server (this test's own
// cancelled dial is one), so a fixed time can end the native socket
// before its request leaves. What the server then sees differs by engine
// (Chromium and WebKit end the connection at once; Firefox keeps it until
// the server answers, then drops it), so the native socket is the oracle.
func TestDialCancelledWhileConnecting(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	addr := recorderAddr(t)
	startFuncs, startListeners := liveFuncs.Load(), liveListeners()

	goURL, goID := recordedURL(t, "&hold=handshake")
	dialCtx, cancelDial := context.WithCancel(ctx)
	defer cancelDial()
	requested := make(chan error, 1)
	go func() {
		requested <- awaitRequest(ctx, addr, goID)
		cancelDial()
	}()
	ws, err := Dial(dialCtx, goURL)
	require.NoError(t, <-requested)
	assert.Nil(t, ws)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, startFuncs, liveFuncs.Load(), "js.Funcs released")
	assert.Equal(t, startListeners, liveListeners(), "listeners removed")

	nativeURL, nativeID := recordedURL(t, "&hold=handshake")
	n := openNative(t, nativeURL, nativeID)
	require.NoError(t, awaitRequest(ctx, addr, nativeID))
	require.NoError(t, n.call("close", CodeNormalClosure))

	for _, id := range []string{goID, nativeID} {
		_, err := fetchText(ctx, "http://"+addr+"/release?id="+id)
		require.NoError(t, err)
	}
	goRecord, nativeRecord := recordOf(ctx, t, goID), recordOf(ctx, t, nativeID)
	assertSameRecord(t, nativeRecord, goRecord)
	t.Logf("%v: the server saw %+v", HostEngine(), goRecord)
}
