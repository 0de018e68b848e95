// spawn.js is the page's side of WASMBROWSER_CONTEXT=worker (worker.html):
// it starts the test binary in a dedicated worker (worker.js) and connects
// that worker to the runner, which only sees the page.
//
// The worker's messages are objects whose __wasmbrowser property says what
// they are:
//
//	{__wasmbrowser: "send", text}             a JSON message for the runner (see host.js)
//	{__wasmbrowser: "started"}                the program is instantiated and about to run
//	{__wasmbrowser: "failed", stack}          it could not start
//	{__wasmbrowser: "console", method, args}  a console call in the worker, made again here
//	{__wasmbrowser: "uncaught", text}         an exception nothing in the worker caught
//
// The runner's messages go to the binding unchanged and in order, so output
// still comes before the exit code. A console call made again in the page
// reaches the runner like the page's own; an uncaught exception ends the
// run, as it does in the page. Messages the program itself posts to the
// page are none of these, and are left alone.
"use strict";

(() => {
	const binding = globalThis.__wasmbrowserSend;
	if (typeof binding !== "function") {
		throw new Error("wasmbrowser: the runner's binding __wasmbrowserSend is missing");
	}

	// workerError is an Error that shows the worker's error, text (its
	// stack, "TypeError: message\n    at ..."), not this page's stack. The
	// runner describes an error as its class, its message and what the
	// stack has after that.
	const workerError = (text) => {
		text = String(text);
		const head = /^(\w*Error): (.*)/.exec(text);
		if (!head) {
			return new Error(text);
		}
		const [, name, message] = head;
		const Class = (globalThis[name] && globalThis[name].prototype instanceof Error) ? globalThis[name] : Error;
		const err = new Class(message);
		err.stack = text;
		return err;
	};

	// running holds the worker, so that nothing collects it while the
	// program runs.
	const running = { worker: null };

	// start starts the worker and resolves once the program in it is
	// instantiated, as host.js's start does in the page; it rejects, with
	// the worker's error, when the program cannot start.
	const start = () => new Promise((resolve, reject) => {
		let started = false;
		// fail reports what went wrong in the worker: before the start as
		// the start's failure, after it to the runner, which ends the run.
		const fail = (text) => {
			if (!started) {
				reject(workerError(text));
				return;
			}
			binding(JSON.stringify({ k: "uncaught", msg: String(text) }));
		};
		const worker = new Worker("/__wasmbrowser-worker.js");
		running.worker = worker;
		worker.addEventListener("message", (ev) => {
			const m = ev.data;
			switch (m && m.__wasmbrowser) {
			case "send":
				binding(m.text);
				break;
			case "started":
				started = true;
				resolve(true);
				break;
			case "failed":
				fail(m.stack);
				break;
			case "console":
				(console[m.method] || console.log)(...m.args);
				break;
			case "uncaught":
				fail(m.text);
				break;
			}
		});
		worker.addEventListener("messageerror", () => fail("a message from the worker could not be read"));
		// The worker reports its own exceptions (worker.js); what reaches
		// this handler is a worker that could not even run its script.
		worker.addEventListener("error", (ev) => {
			ev.preventDefault();
			fail(ev.message || "the worker's script /__wasmbrowser-worker.js did not load");
		});
		worker.postMessage("start");
	});

	globalThis.__wasmbrowser = { start };
})();
