package recorder

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// client is the tests' HTTP client. Not http.DefaultClient: closing an
// httptest server closes the idle connections of http.DefaultTransport,
// which breaks a request of a parallel test that was about to reuse one
// ("CloseIdleConnections called").
var client = &http.Client{Transport: &http.Transport{}}

// startServer serves a new Server on 127.0.0.1 and returns it with its
// http:// base URL.
func startServer(t *testing.T) (*Server, string) {
	t.Helper()
	srv := New()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// dial opens /ws?query on the server at base, with no limit on the size of
// the messages it reads.
func dial(ctx context.Context, t *testing.T, base, query string) *websocket.Conn {
	t.Helper()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws?"+query, nil)
	require.NoError(t, err)
	conn.SetReadLimit(-1)
	t.Cleanup(func() { conn.CloseNow() })
	return conn
}

// get asks the server at base for path?query and returns the status and
// body of the answer.
func get(ctx context.Context, t *testing.T, base, path, query string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path+"?"+query, nil)
	require.NoError(t, err)
	resp, err := client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// readErr reads from conn in the background, discarding messages, and
// delivers the error that ends the reading (reading makes the client answer
// a close frame).
func readErr(ctx context.Context, conn *websocket.Conn) <-chan error {
	result := make(chan error, 1)
	go func() {
		for {
			if _, _, err := conn.Read(ctx); err != nil {
				result <- err
				return
			}
		}
	}()
	return result
}

// A sent message is one a test client sends.
type sent struct {
	typ  websocket.MessageType
	data []byte
}

// current returns the record of socket id as it is now.
func current(srv *Server, id string) Record {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return srv.Record(ctx, id)
}

// Short builders for the tables.
func text(s string) sent            { return sent{websocket.MessageText, []byte(s)} }
func binary(b []byte) sent          { return sent{websocket.MessageBinary, b} }
func sha(b []byte) string           { sum := sha256.Sum256(b); return hex.EncodeToString(sum[:]) }
func pattern(n int) []byte          { return bytes.Repeat([]byte{0, 1, 2, 0xfe, 0xff}, n/5+1)[:n] }
func repeat(s string, n int) string { return strings.Repeat(s, n) }

func TestRecordsCloseFrame(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	ctx := testContext(t)
	conn := dial(ctx, t, base, "id=a")
	require.NoError(t, conn.Close(4321, "bye \xff"))

	rec := srv.Record(ctx, "a")
	assert.True(t, rec.Connected)
	assert.Equal(t, &Frame{Code: 4321, Reason: "bye \xff", ReasonHex: "62796520ff"}, rec.Frame)
}

func TestRecordsDropWithoutFrame(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	ctx := testContext(t)
	conn := dial(ctx, t, base, "id=b")
	require.NoError(t, conn.CloseNow())

	rec := srv.Record(ctx, "b")
	assert.True(t, rec.Connected)
	assert.True(t, rec.Done)
	assert.Nil(t, rec.Frame)
}

func TestHoldsHandshakeUntilReleased(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	ctx := testContext(t)
	dialed := make(chan error, 1)
	go func() {
		conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws?id=c&hold=handshake", nil)
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
	ctx := testContext(t)
	conn := dial(ctx, t, base, "id=d&hold=closereply")
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
	ctx := testContext(t)
	dialed := make(chan error, 1)
	go func() {
		_, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws?id=e&hold=handshake", nil)
		dialed <- err
	}()
	srv.Refuse("e")
	assert.ErrorContains(t, <-dialed, "503")
	rec := srv.Record(ctx, "e")
	assert.Equal(t, Record{ID: "e", Requested: true, Done: true}, rec)
}

func TestRecordsMessagesInOrder(t *testing.T) {
	t.Parallel()
	big := pattern(100_000) // over coder/websocket's default read limit of 32 KiB
	tests := []struct {
		name string
		send []sent
		want []Message
	}{
		{"none", nil, nil},
		{"text and binary in order",
			[]sent{text("héllo"), binary([]byte{0, 0xff}), text(""), binary(nil), text("2")},
			[]Message{{Type: "text", Size: 6, Data: "héllo"}, {Type: "binary", Size: 2, Data: "00ff"},
				{Type: "text"}, {Type: "binary"}, {Type: "text", Size: 1, Data: "2"}}},
		{"4 KiB kept, 4 KiB + 1 hashed",
			[]sent{text(repeat("a", MaxKept)), binary(pattern(MaxKept + 1)), text(repeat("é", MaxKept/2+1))},
			[]Message{{Type: "text", Size: MaxKept, Data: repeat("a", MaxKept)},
				{Type: "binary", Size: MaxKept + 1, SHA256: sha(pattern(MaxKept + 1))},
				{Type: "text", Size: MaxKept + 2, SHA256: sha([]byte(repeat("é", MaxKept/2+1)))}}},
		{"bigger than 32 KiB", []sent{binary(big)}, []Message{{Type: "binary", Size: len(big), SHA256: sha(big)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, base := startServer(t)
			ctx := testContext(t)
			conn := dial(ctx, t, base, "id=m")
			for _, m := range tt.send {
				require.NoError(t, conn.Write(ctx, m.typ, m.data))
			}
			require.NoError(t, conn.Close(websocket.StatusNormalClosure, ""))

			rec := srv.Record(ctx, "m")
			require.NotNil(t, rec.Frame)
			assert.Equal(t, tt.want, rec.Messages)
			var texts, binaries int
			var size int64
			for _, m := range tt.send {
				if m.typ == websocket.MessageText {
					texts++
				} else {
					binaries++
				}
				size += int64(len(m.data))
			}
			assert.Equal(t, texts, rec.TextMessages, "text messages")
			assert.Equal(t, binaries, rec.BinaryMessages, "binary messages")
			assert.Equal(t, size, rec.Bytes, "bytes")
		})
	}
}

func TestFrameAfterCountsMessagesBeforeClose(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 2, 50} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			srv, base := startServer(t)
			ctx := testContext(t)
			conn := dial(ctx, t, base, "id=f")
			for i := range n {
				require.NoError(t, conn.Write(ctx, websocket.MessageText, []byte(fmt.Sprint(i))))
			}
			require.NoError(t, conn.Close(4000, "after"))

			rec := srv.RecordDone(ctx, "f")
			require.NotNil(t, rec.Frame)
			assert.Equal(t, 4000, rec.Frame.Code)
			assert.Equal(t, n, rec.FrameAfter)
			assert.Len(t, rec.Messages, n)
		})
	}
}

func TestEchoesEveryMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		send []sent
	}{
		{"one text", []sent{text("hi")}},
		{"types and order kept", []sent{binary([]byte{0xff, 0}), text("é"), text(""), binary(nil), binary(pattern(7))}},
		{"invalid UTF-8 text unchanged", []sent{text("a\xffb")}},
		{"bigger than 32 KiB", []sent{binary(pattern(100_000)), text(repeat("x", 70_000))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, base := startServer(t)
			ctx := testContext(t)
			conn := dial(ctx, t, base, "id=echo&echo=1")
			for _, m := range tt.send {
				require.NoError(t, conn.Write(ctx, m.typ, m.data))
			}
			for i, want := range tt.send {
				typ, data, err := conn.Read(ctx)
				require.NoError(t, err, "message %d", i)
				assert.Equal(t, want.typ, typ, "message %d", i)
				assert.True(t, bytes.Equal(want.data, data), "message %d: %d bytes back, %d sent", i, len(data), len(want.data))
			}
		})
	}
}

func TestNoEchoWithoutEcho(t *testing.T) {
	t.Parallel()
	_, base := startServer(t)
	ctx := testContext(t)
	conn := dial(ctx, t, base, "id=quiet")
	require.NoError(t, conn.Write(ctx, websocket.MessageText, []byte("hi")))
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, data, err := conn.Read(short)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "got %q", data)
}

// An actor runs one action on socket id through HTTP or a Go method.
type actor struct {
	name string
	act  func(ctx context.Context, t *testing.T, srv *Server, base, id, query string, goAction func() error)
}

var actors = []actor{
	{"http", func(ctx context.Context, t *testing.T, _ *Server, base, id, query string, _ func() error) {
		status, body := get(ctx, t, base, "/act", "id="+id+"&"+query)
		require.Equal(t, http.StatusNoContent, status, body)
	}},
	{"go", func(_ context.Context, t *testing.T, _ *Server, _, _, _ string, goAction func() error) {
		require.NoError(t, goAction())
	}},
}

func TestActCloseSendsCloseFrame(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		code   int
		reason string
	}{
		{"4000 with reason", 4000, "bye"},
		{"1001 going away", 1001, ""},
		{"1011 internal error", 1011, "oops"},
		{"1000 with 123-byte reason", 1000, repeat("é", 61) + "!"},
		{"no code: no body", NoStatus, ""},
	}
	for _, tt := range tests {
		for _, via := range actors {
			t.Run(tt.name+"/"+via.name, func(t *testing.T) {
				t.Parallel()
				srv, base := startServer(t)
				ctx := testContext(t)
				conn := dial(ctx, t, base, "id=c")
				clientErr := readErr(ctx, conn)
				query := url.Values{"do": {"close"}, "reason": {tt.reason}}
				if tt.code != NoStatus {
					query.Set("code", fmt.Sprint(tt.code))
				}
				via.act(ctx, t, srv, base, "c", query.Encode(), func() error { return srv.CloseSocket("c", tt.code, tt.reason) })

				err := <-clientErr
				var closeErr websocket.CloseError
				require.ErrorAs(t, err, &closeErr)
				assert.Equal(t, websocket.CloseError{Code: websocket.StatusCode(tt.code), Reason: tt.reason}, closeErr)
				rec := srv.RecordDone(ctx, "c")
				require.NotNil(t, rec.Frame, "the client's answer")
				assert.Equal(t, tt.code, rec.Frame.Code, "the client's answer")
			})
		}
	}
}

func TestActDropSendsNoCloseFrame(t *testing.T) {
	t.Parallel()
	for _, via := range actors {
		t.Run(via.name, func(t *testing.T) {
			t.Parallel()
			srv, base := startServer(t)
			ctx := testContext(t)
			conn := dial(ctx, t, base, "id=d")
			clientErr := readErr(ctx, conn)
			via.act(ctx, t, srv, base, "d", "do=drop", func() error { return srv.Drop("d") })

			err := <-clientErr
			require.Error(t, err)
			assert.Equal(t, websocket.StatusCode(-1), websocket.CloseStatus(err), "a close frame came: %v", err)
			assert.NotErrorIs(t, err, context.DeadlineExceeded)
			rec := srv.RecordDone(ctx, "d")
			assert.True(t, rec.Done)
			assert.Nil(t, rec.Frame)
		})
	}
}

func TestActSendSendsMessages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		query string
		msg   sent
		count int
	}{
		{"text", "type=text&data=hi", text("hi"), 1},
		{"type defaults to text", "data=%C3%A9", text("é"), 1},
		{"empty text", "type=text", text(""), 1},
		{"binary from hex", "type=binary&data=00ff10", binary([]byte{0, 0xff, 0x10}), 1},
		{"count", "type=binary&data=0a&count=3", binary([]byte{0x0a}), 3},
	}
	for _, tt := range tests {
		for _, via := range actors {
			t.Run(tt.name+"/"+via.name, func(t *testing.T) {
				t.Parallel()
				srv, base := startServer(t)
				ctx := testContext(t)
				conn := dial(ctx, t, base, "id=s")
				via.act(ctx, t, srv, base, "s", "do=send&"+tt.query, func() error { return srv.Send("s", tt.msg.typ, tt.msg.data, tt.count) })

				for i := range tt.count {
					typ, data, err := conn.Read(ctx)
					require.NoError(t, err, "message %d", i)
					assert.Equal(t, tt.msg.typ, typ, "message %d", i)
					assert.Equal(t, string(tt.msg.data), string(data), "message %d", i)
				}
				// Nothing more: the next thing to come is the close frame.
				clientErr := readErr(ctx, conn)
				require.NoError(t, srv.CloseSocket("s", 4000, "end"))
				assert.Equal(t, websocket.StatusCode(4000), websocket.CloseStatus(<-clientErr))
			})
		}
	}
}

func TestActAnswers(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	ctx := testContext(t)
	dial(ctx, t, base, "id=live")
	readErr(ctx, dial(ctx, t, base, "id=closing")) // answers the close frame
	ended := dial(ctx, t, base, "id=ended")
	require.NoError(t, ended.Close(websocket.StatusNormalClosure, ""))
	require.True(t, srv.RecordDone(ctx, "ended").Done)

	tests := []struct {
		name  string
		query string
		want  int
	}{
		{"send", "id=live&do=send&data=x", http.StatusNoContent},
		{"close, explicit 1005 is no body", "id=closing&do=close&code=1005", http.StatusNoContent},
		{"closed socket", "id=closing&do=close", http.StatusNotFound},
		{"unknown socket", "id=nobody&do=send", http.StatusNotFound},
		{"ended socket", "id=ended&do=send", http.StatusNotFound},
		{"no action", "id=live", http.StatusBadRequest},
		{"unknown action", "id=live&do=explode", http.StatusBadRequest},
		{"code 999", "id=live&do=close&code=999", http.StatusBadRequest},
		{"code 1006", "id=live&do=close&code=1006", http.StatusBadRequest},
		{"code 1015", "id=live&do=close&code=1015", http.StatusBadRequest},
		{"code 5000", "id=live&do=close&code=5000", http.StatusBadRequest},
		{"code not a number", "id=live&do=close&code=x", http.StatusBadRequest},
		{"reason without code", "id=live&do=close&reason=r", http.StatusBadRequest},
		{"124-byte reason", "id=live&do=close&code=4000&reason=" + repeat("r", 124), http.StatusBadRequest},
		{"unknown type", "id=live&do=send&type=blob", http.StatusBadRequest},
		{"binary not hex", "id=live&do=send&type=binary&data=zz", http.StatusBadRequest},
		{"count 0", "id=live&do=send&count=0", http.StatusBadRequest},
		{"count not a number", "id=live&do=send&count=x", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := get(ctx, t, base, "/act", tt.query)
			assert.Equal(t, tt.want, status, body)
		})
	}
	assert.ErrorIs(t, srv.CloseSocket("live", 1005, "r"), ErrBadParameter)
	assert.ErrorIs(t, srv.Send("live", websocket.MessageText, nil, 0), ErrBadParameter)
	assert.ErrorIs(t, srv.Drop("nobody"), ErrNoSocket)
	require.NoError(t, srv.Drop("live"))
	assert.ErrorIs(t, srv.Drop("live"), ErrNoSocket, "dropped twice")
}

func TestRefusesHandshakeWithStatus(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusOK, http.StatusForbidden, http.StatusNotFound, http.StatusInternalServerError} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			srv, base := startServer(t)
			ctx := testContext(t)
			_, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+fmt.Sprintf("/ws?id=r&status=%d", status), nil)
			require.Error(t, err)
			require.NotNil(t, resp)
			assert.Equal(t, status, resp.StatusCode)
			assert.Equal(t, Record{ID: "r", Requested: true, Done: true}, srv.RecordDone(ctx, "r"))
		})
	}
	for _, bad := range []string{"101", "199", "600", "x", "onopen=close&code=999", "echo=maybe"} {
		t.Run("bad "+bad, func(t *testing.T) {
			t.Parallel()
			_, base := startServer(t)
			ctx := testContext(t)
			query := "id=r&status=" + bad
			if strings.Contains(bad, "=") {
				query = "id=r&" + bad
			}
			status, body := get(ctx, t, base, "/ws", query)
			assert.Equal(t, http.StatusBadRequest, status, body)
		})
	}
}

func TestOnOpenActsAfterHandshake(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		query string
		check func(ctx context.Context, t *testing.T, conn *websocket.Conn)
	}{
		{"close", "onopen=close&code=4001&reason=hi", func(ctx context.Context, t *testing.T, conn *websocket.Conn) {
			var closeErr websocket.CloseError
			require.ErrorAs(t, <-readErr(ctx, conn), &closeErr)
			assert.Equal(t, websocket.CloseError{Code: 4001, Reason: "hi"}, closeErr)
		}},
		{"close without code", "onopen=close", func(ctx context.Context, t *testing.T, conn *websocket.Conn) {
			assert.Equal(t, websocket.StatusNoStatusRcvd, websocket.CloseStatus(<-readErr(ctx, conn)))
		}},
		{"drop", "onopen=drop", func(ctx context.Context, t *testing.T, conn *websocket.Conn) {
			err := <-readErr(ctx, conn)
			assert.Equal(t, websocket.StatusCode(-1), websocket.CloseStatus(err), "a close frame came: %v", err)
			assert.NotErrorIs(t, err, context.DeadlineExceeded)
		}},
		{"send", "onopen=send&type=binary&data=0a0b&count=2", func(ctx context.Context, t *testing.T, conn *websocket.Conn) {
			for range 2 {
				typ, data, err := conn.Read(ctx)
				require.NoError(t, err)
				assert.Equal(t, sent{websocket.MessageBinary, []byte{0x0a, 0x0b}}, sent{typ, data})
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, base := startServer(t)
			ctx := testContext(t)
			tt.check(ctx, t, dial(ctx, t, base, "id=o&"+tt.query))
		})
	}
}

func TestRecordUntilDone(t *testing.T) {
	t.Parallel()
	_, base := startServer(t)
	ctx := testContext(t)
	conn := dial(ctx, t, base, "id=u")
	require.NoError(t, conn.Write(ctx, websocket.MessageText, []byte("one")))

	status, body := get(ctx, t, base, "/record", "id=u&until=done&wait=200ms")
	require.Equal(t, http.StatusOK, status, body)
	var rec Record
	require.NoError(t, json.Unmarshal([]byte(body), &rec))
	assert.False(t, rec.Done, "done while connected")

	require.NoError(t, conn.Close(websocket.StatusNormalClosure, ""))
	status, body = get(ctx, t, base, "/record", "id=u&until=done&wait=5s")
	require.Equal(t, http.StatusOK, status, body)
	require.NoError(t, json.Unmarshal([]byte(body), &rec))
	assert.True(t, rec.Done)
	assert.Equal(t, &Frame{Code: 1000}, rec.Frame)
	assert.Equal(t, []Message{{Type: "text", Size: 3, Data: "one"}}, rec.Messages)

	status, body = get(ctx, t, base, "/record", "id=u&until=later")
	assert.Equal(t, http.StatusBadRequest, status, body)
}

// TestRecordUntilRequested waits for a held handshake's request: the
// record answers once the request has come, not when the wait is over.
func TestRecordUntilRequested(t *testing.T) {
	t.Parallel()
	srv, base := startServer(t)
	ctx := testContext(t)
	query := func(q string) Record {
		t.Helper()
		status, body := get(ctx, t, base, "/record", q)
		require.Equal(t, http.StatusOK, status, body)
		var rec Record
		require.NoError(t, json.Unmarshal([]byte(body), &rec))
		return rec
	}
	assert.Equal(t, Record{ID: "q", Messages: []Message{}}, query("id=q&until=requested&wait=100ms"), "nothing came")

	dialed := make(chan error, 1)
	go func() {
		_, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws?id=q&hold=handshake", nil)
		dialed <- err
	}()
	// A wait longer than the test's context would fail the test, not pass it.
	assert.Equal(t, Record{ID: "q", Requested: true, Messages: []Message{}}, query("id=q&until=requested&wait=1h"))
	srv.Refuse("q")
	assert.ErrorContains(t, <-dialed, "503")
}

func TestRecordJSON(t *testing.T) {
	t.Parallel()
	_, base := startServer(t)
	ctx := testContext(t)
	conn := dial(ctx, t, base, "id=j")
	require.NoError(t, conn.Write(ctx, websocket.MessageBinary, []byte{1}))
	require.NoError(t, conn.Close(4000, "r"))

	_, body := get(ctx, t, base, "/record", "id=j&until=done")
	assert.JSONEq(t, `{"id": "j", "requested": true, "connected": true, "done": true,
		"frame": {"code": 4000, "reason": "r", "reasonHex": "72"},
		"messages": [{"type": "binary", "size": 1, "data": "01"}],
		"textMessages": 0, "binaryMessages": 1, "bytes": 1, "frameAfter": 1}`, body)

	_, body = get(ctx, t, base, "/record", "id=never&wait=1ms")
	assert.JSONEq(t, `{"id": "never", "requested": false, "connected": false, "done": false, "frame": null,
		"messages": [], "textMessages": 0, "binaryMessages": 0, "bytes": 0, "frameAfter": 0}`, body)
}

// TestCloseSocketWhileClientSends closes from the server while the client
// keeps sending, so that coder/websocket's Close may read the client's
// close frame itself: the Record still has it.
func TestCloseSocketWhileClientSends(t *testing.T) {
	t.Parallel()
	for i := range 20 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			srv, base := startServer(t)
			ctx := testContext(t)
			conn := dial(ctx, t, base, "id=w")
			clientErr := readErr(ctx, conn)
			go func() {
				for conn.Write(ctx, websocket.MessageText, []byte("data")) == nil {
				}
			}()
			require.Eventually(t, func() bool { return current(srv, "w").TextMessages > 10 }, 5*time.Second, time.Millisecond)

			require.NoError(t, srv.CloseSocket("w", 4002, "stop"))
			assert.Equal(t, websocket.StatusCode(4002), websocket.CloseStatus(<-clientErr))
			rec := srv.RecordDone(ctx, "w")
			require.NotNil(t, rec.Frame, "the client's close frame")
			assert.Equal(t, 4002, rec.Frame.Code)
			t.Logf("frame after %d messages, reason unknown: %v", rec.FrameAfter, rec.Frame.ReasonUnknown)
		})
	}
}

// TestOnlyLoopbackClients: a page elsewhere must not read /record, whether
// it asks cross-origin (Origin of its own) or through DNS rebinding (a Host
// of its own); a page on another loopback port, as the js tests' page is,
// may, with its origin echoed rather than "*". WebSocket handshakes from a
// foreign page are refused too.
func TestOnlyLoopbackClients(t *testing.T) {
	srv, base := startServer(t)
	ctx := testContext(t)
	conn := dial(ctx, t, base, "id=guarded")
	require.NoError(t, conn.Close(websocket.StatusNormalClosure, "secret"))
	srv.Record(ctx, "guarded")
	u, err := url.Parse(base)
	require.NoError(t, err)

	tests := []struct {
		name, path, host, origin string
		status                   int
		acao                     string
	}{
		{name: "loopback page", path: "/record", host: u.Host, origin: "http://127.0.0.1:9", status: http.StatusOK, acao: "http://127.0.0.1:9"},
		{name: "no origin", path: "/record", host: u.Host, status: http.StatusOK},
		{name: "foreign page", path: "/record", host: u.Host, origin: "https://evil.example", status: http.StatusForbidden},
		{name: "rebound name", path: "/record", host: "evil.example:" + u.Port(), status: http.StatusMisdirectedRequest},
		{name: "rebound release", path: "/release", host: "evil.example:" + u.Port(), status: http.StatusMisdirectedRequest},
		{name: "foreign act", path: "/act", host: u.Host, origin: "https://evil.example", status: http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+tt.path+"?id=guarded&wait=1ms", nil)
			require.NoError(t, err)
			req.Host = tt.host
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			resp, err := client.Do(req)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.NoError(t, err)
			assert.Equal(t, tt.status, resp.StatusCode)
			assert.Equal(t, tt.acao, resp.Header.Get("Access-Control-Allow-Origin"))
			if tt.status != http.StatusOK {
				assert.NotContains(t, string(body), "secret")
			}
		})
	}

	t.Run("foreign WebSocket handshake", func(t *testing.T) {
		_, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/ws?id=foreign", &websocket.DialOptions{
			HTTPHeader: http.Header{"Origin": {"https://evil.example"}},
		})
		require.Error(t, err)
		require.NotNil(t, resp)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode)
		assert.False(t, current(srv, "foreign").Connected)
	})
}
