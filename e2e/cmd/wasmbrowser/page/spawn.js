// spawn.js is the page's side of WASMBROWSER_CONTEXT=worker (worker.html):
// it starts the test binary in a dedicated worker (worker.js), which talks
// to the runner over a channel of its own (see host.js). The page keeps its
// channel for what happens to the worker that the worker cannot report: a
// script that does not load, an error that escapes it.
"use strict";

(() => {
	const { loadConfig, send } = globalThis.__wasmbrowser;

	// workerError is an Error that shows the worker's error, text (its
	// class, message and stack), not this page's stack.
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
	const start = async () => {
		await loadConfig();
		return new Promise((resolve, reject) => {
			let started = false;
			const fail = (text) => {
				if (!started) {
					reject(workerError(text));
					return;
				}
				send({ k: "uncaught", where: "worker", msg: String(text) });
			};
			const worker = new Worker("__wasmbrowser-worker.js");
			running.worker = worker;
			worker.addEventListener("message", (ev) => {
				const m = ev.data;
				switch (m && m.__wasmbrowser) {
				case "started":
					started = true;
					resolve(true);
					break;
				case "failed":
					fail(m.stack);
					break;
				}
			});
			worker.addEventListener("messageerror", () => fail("a message from the worker could not be read"));
			// The worker reports its own exceptions (host.js); what reaches
			// this handler is a worker that could not even run its script.
			worker.addEventListener("error", (ev) => {
				ev.preventDefault();
				fail(ev.message || "the worker's script __wasmbrowser-worker.js did not load");
			});
			worker.postMessage("start");
		});
	};

	globalThis.__wasmbrowser.start = start;
})();
