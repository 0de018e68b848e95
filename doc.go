// Package browserws makes the JavaScript WebSocket usable from Go compiled to
// WebAssembly, with close(code, reason) validated exactly as the host engine
// validates it, so a bad argument is a typed Go error and never a panic.
//
// # Two halves
//
// The validator ([ValidateClose], [CloseArgs], [Engine], [Exception]) is plain
// Go and builds everywhere; its tests run on any machine.
//
// The WebSocket API ([New], [Wrap], [WebSocket]) exists only when
// GOOS=js and GOARCH=wasm, because it wraps the browser's (or Node's) own
// WebSocket object through syscall/js. Documentation sites that render the
// package for linux do not list it; run
//
//	GOOS=js GOARCH=wasm go doc github.com/gowasm/browserws
//
// to see it.
//
// # Which engine is the oracle
//
// Browsers and Node differ in how they convert and check the arguments of
// close. The package models the engine it runs in, which it recognises by
// the WebSocket implementation itself: Chromium's Blink, Firefox's Gecko or
// WebKit (Safari, and every browser on iOS) in a browser, undici in Node.
// See [Engine] for every known difference.
package browserws
