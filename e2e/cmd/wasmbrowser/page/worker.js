// worker.js is the script of the dedicated worker the test binary runs in
// when WASMBROWSER_CONTEXT=worker; spawn.js, in the page, starts it. It
// loads what index.html loads, in the same order, and starts the program
// when the page says "start". host.js finds itself in a worker and posts
// its messages for the runner to the page instead of calling the binding.
//
// Besides those, the worker tells the page, in messages listed in spawn.js,
// whether the program started, its console calls, and the exceptions
// nothing caught: only the page is visible to the runner, so the worker's
// console and uncaught exceptions are passed on to it.
"use strict";

(() => {
	// describe is an error's stack, which has its message, or the value thrown.
	const describe = (err) => (err && err.stack) ? String(err.stack) : String(err);

	// The handlers of uncaught exceptions come first, so that a script that
	// fails to load below is reported too. preventDefault keeps the error from
	// being reported twice, here and on the page's Worker object.
	self.addEventListener("error", (ev) => {
		ev.preventDefault();
		const text = ev.error != null ? describe(ev.error) : `${ev.message} (at ${ev.filename}:${ev.lineno}:${ev.colno})`;
		postMessage({ __wasmbrowser: "uncaught", text });
	});
	self.addEventListener("unhandledrejection", (ev) => {
		ev.preventDefault();
		postMessage({ __wasmbrowser: "uncaught", text: describe(ev.reason) });
	});

	// Console calls go to the page, which makes them again: the runner shows
	// the page's console. A value that cannot be copied to the page (a
	// function, say) goes as its text.
	const copyable = (v) => {
		try {
			return structuredClone(v);
		} catch {
			try {
				return String(v);
			} catch {
				return Object.prototype.toString.call(v);
			}
		}
	};
	for (const method of ["log", "info", "debug", "warn", "error", "trace", "dir", "table", "assert"]) {
		console[method] = (...args) => postMessage({ __wasmbrowser: "console", method, args: args.map(copyable) });
	}

	// The scripts of index.html, in its order.
	importScripts("/__wasmbrowser/memfs.js", "/__wasmbrowser/host.js", "/__wasmbrowser/wasm_exec.js");

	// The page says "start" once; the program's own messages are not ours.
	self.addEventListener("message", (ev) => {
		if (ev.data !== "start") {
			return;
		}
		globalThis.__wasmbrowser.start().then(
			() => postMessage({ __wasmbrowser: "started" }),
			(err) => postMessage({ __wasmbrowser: "failed", stack: describe(err) }),
		);
	});
})();
