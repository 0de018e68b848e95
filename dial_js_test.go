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
func TestDialCancelledWhileConnecting(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	startFuncs, startListeners := liveFuncs.Load(), liveListeners()

	goURL, goID := recordedURL(t, "&hold=handshake")
	dialCtx, cancelDial := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelDial()
	ws, err := Dial(dialCtx, goURL)
	assert.Nil(t, ws)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, startFuncs, liveFuncs.Load(), "js.Funcs released")
	assert.Equal(t, startListeners, liveListeners(), "listeners removed")

	nativeURL, nativeID := recordedURL(t, "&hold=handshake")
	n := openNative(t, nativeURL, nativeID)
	time.Sleep(200 * time.Millisecond) // as long as the dial waited
	require.NoError(t, n.call("close", CodeNormalClosure))

	for _, id := range []string{goID, nativeID} {
		_, err := fetchText(ctx, "http://"+recorderAddr(t)+"/release?id="+id)
		require.NoError(t, err)
	}
	goRecord, nativeRecord := recordOf(ctx, t, goID), recordOf(ctx, t, nativeID)
	assertSameRecord(t, nativeRecord, goRecord)
	t.Logf("%v: the server saw %+v", HostEngine(), goRecord)
}
