package recorder

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func startServer(t *testing.T) (*Server, string) {
	t.Helper()
	srv := New()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, "ws" + strings.TrimPrefix(ts.URL, "http")
}

func TestRecordsCloseFrame(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, base+"/ws?id=a", nil)
	require.NoError(t, err)
	require.NoError(t, conn.Close(4321, "bye \xff"))

	rec := srv.Record(ctx, "a")
	assert.True(t, rec.Connected)
	assert.Equal(t, &Frame{Code: 4321, Reason: "bye \xff", ReasonHex: "62796520ff"}, rec.Frame)
}

func TestRecordsDropWithoutFrame(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, base+"/ws?id=b", nil)
	require.NoError(t, err)
	require.NoError(t, conn.CloseNow())

	rec := srv.Record(ctx, "b")
	assert.True(t, rec.Connected)
	assert.True(t, rec.Done)
	assert.Nil(t, rec.Frame)
}

func TestHoldsHandshakeUntilReleased(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dialed := make(chan error, 1)
	go func() {
		conn, _, err := websocket.Dial(ctx, base+"/ws?id=c&hold=handshake", nil)
		if err == nil {
			err = conn.Close(websocket.StatusNormalClosure, "")
		}
		dialed <- err
	}()
	short, cancelShort := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancelShort()
	assert.False(t, srv.Record(short, "c").Connected, "connected before release")

	srv.Release("c")
	require.NoError(t, <-dialed)
	rec := srv.Record(ctx, "c")
	assert.Equal(t, &Frame{Code: 1000}, rec.Frame)
}

func TestHoldsCloseReplyUntilReleased(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, base+"/ws?id=d&hold=closereply", nil)
	require.NoError(t, err)
	closed := make(chan error, 1)
	go func() { closed <- conn.Close(3001, "later") }()

	short, cancelShort := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancelShort()
	assert.False(t, srv.Record(short, "d").Done, "read the close frame before release")

	srv.Release("d")
	require.NoError(t, <-closed)
	assert.Equal(t, &Frame{Code: 3001, Reason: "later", ReasonHex: "6c61746572"}, srv.Record(ctx, "d").Frame)
}

func TestRefusesHeldHandshake(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dialed := make(chan error, 1)
	go func() {
		_, _, err := websocket.Dial(ctx, base+"/ws?id=e&hold=handshake", nil)
		dialed <- err
	}()
	srv.Refuse("e")
	assert.ErrorContains(t, <-dialed, "503")
	rec := srv.Record(ctx, "e")
	assert.Equal(t, Record{ID: "e", Done: true}, rec)
}
