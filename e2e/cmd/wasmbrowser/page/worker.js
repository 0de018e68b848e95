// worker.js is the script of the dedicated worker the test binary runs in
// when WASMBROWSER_CONTEXT=worker; spawn.js, in the page, starts it. It
// loads what index.html loads, in the same order, and starts the program
// when the page says "start". host.js opens the worker's own channel to the
// runner, so the worker's output, file calls, console calls and uncaught
// exceptions go there directly; the page only hears whether the program
// started:
//
//	{__wasmbrowser: "started"}        the program is instantiated and about to run
//	{__wasmbrowser: "failed", stack}  it could not start
"use strict";

importScripts("__wasmbrowser/host.js", "__wasmbrowser/wasm_exec.js");

(() => {
	// The page says "start" once; the program's own messages are not ours.
	self.addEventListener("message", (ev) => {
		if (ev.data !== "start") {
			return;
		}
		globalThis.__wasmbrowser.start().then(
			() => postMessage({ __wasmbrowser: "started" }),
			(err) => postMessage({ __wasmbrowser: "failed", stack: globalThis.__wasmbrowser.describe(err) }),
		);
	});
})();
