package recorder

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/coder/websocket"
)

// MaxKept is the size up to which a Message keeps its data.
const MaxKept = 4 << 10

// A Message is one data message a client sent.
type Message struct {
	Type string `json:"type"` // "text" or "binary"
	Size int    `json:"size"` // in bytes
	// Data is the message for at most MaxKept bytes: a text message's text
	// (its bytes as they came; JSON replaces invalid UTF-8), a binary
	// message's bytes in hex, as /act?do=send takes them.
	Data string `json:"data,omitempty"`
	// SHA256 is the hex SHA-256 of a message of more than MaxKept bytes.
	SHA256 string `json:"sha256,omitempty"`
}

// newMessage describes a data message of type typ.
func newMessage(typ websocket.MessageType, data []byte) Message {
	m := Message{Type: typeName(typ), Size: len(data)}
	switch {
	case len(data) > MaxKept:
		sum := sha256.Sum256(data)
		m.SHA256 = hex.EncodeToString(sum[:])
	case typ == websocket.MessageBinary:
		m.Data = hex.EncodeToString(data)
	default:
		m.Data = string(data)
	}
	return m
}

// typeName names a message type as Message.Type and the type parameter of
// /act do.
func typeName(typ websocket.MessageType) string {
	if typ == websocket.MessageBinary {
		return "binary"
	}
	return "text"
}

// add appends m to the record's messages and totals.
func (rec *Record) add(m Message) {
	rec.Messages = append(rec.Messages, m)
	if m.Type == "binary" {
		rec.BinaryMessages++
	} else {
		rec.TextMessages++
	}
	rec.Bytes += int64(m.Size)
}

// read records the client's data messages, echoing each back when echo is
// set, until its close frame comes or the connection ends.
func (s *Server) read(ctx context.Context, sock *socket, echo bool) {
	defer close(sock.readDone)
	for {
		typ, data, err := sock.conn.Read(ctx)
		var closeErr websocket.CloseError
		if errors.As(err, &closeErr) {
			s.setFrame(sock, newFrame(closeErr))
		}
		if err != nil {
			return
		}
		s.update(sock, func(rec *Record) { rec.add(newMessage(typ, data)) })
		if echo {
			// A failed write ends the connection: the next Read reports it.
			_ = sock.conn.Write(ctx, typ, data)
		}
	}
}

// newFrame describes the close frame a client sent.
func newFrame(closeErr websocket.CloseError) *Frame {
	return &Frame{Code: int(closeErr.Code), Reason: closeErr.Reason, ReasonHex: hex.EncodeToString([]byte(closeErr.Reason))}
}

// setFrame records the close frame of sock, unless it has one already.
func (s *Server) setFrame(sock *socket, frame *Frame) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sock.rec.Frame != nil {
		return
	}
	sock.rec.Frame = frame
	sock.rec.FrameAfter = len(sock.rec.Messages)
	close(sock.framed)
}
