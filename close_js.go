//go:build js && wasm

package browserws

// Close starts the closing handshake with code and reason, as
// ws.close(code, reason) does. The code must be 1000 or 3000-4999 (else
// [ErrInvalidAccess]) and the reason at most 123 bytes of UTF-8 (else
// [ErrSyntax]). The reason is measured as JavaScript will receive it, not by
// len: invalid UTF-8 becomes U+FFFD (three bytes), and that is also what is
// sent; a leading U+FEFF is kept and counts. See [JSStringLength].
//
// Close returns at once; use [WebSocket.Wait] for the close event. Calling
// Close on a socket that is already CLOSING or CLOSED checks the arguments
// and otherwise does nothing, as in JavaScript. Refused arguments are
// refused before JavaScript is reached, without allocating: the error is
// [ValidateClose]'s, and errors.As finds the [*Exception] in it.
func (ws *WebSocket) Close(code int, reason string) error {
	if ws.made() {
		if err := refusedCode(ws.engine, code); err != nil {
			return err
		}
	}
	return ws.CloseWith(CloseArgs{Code: float64(code), HasCode: true, Reason: reason, HasReason: true})
}

// CloseWith calls close with exactly the arguments args has: CloseArgs{}
// is close() and sends a close frame with no body, a code alone is
// close(code). Arguments are checked as in [WebSocket.Close]. The reason is
// always a Go string here; args.ReasonFromJS is ignored.
func (ws *WebSocket) CloseWith(args CloseArgs) error {
	if !ws.made() {
		return ErrNotWebSocket
	}
	args.ReasonFromJS = false
	if err := ValidateClose(ws.engine, args); err != nil {
		return err
	}
	return ws.sock.close(args)
}
