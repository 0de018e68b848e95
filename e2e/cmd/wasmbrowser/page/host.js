// host.js connects the Go test binary to the wasmbrowser runner, in the
// page (index.html) or in a dedicated worker (worker.js). It must run
// before wasm_exec.js, which installs its own fs and process only where
// none exist.
//
// Everything the runner needs to know goes through one binding (Chromium's
// Runtime.addBinding), as JSON messages, in the order they happen. A worker
// has no binding: it posts the same JSON text to the page, as
// {__wasmbrowser: "send", text}, and the page's spawn.js hands it to the
// binding unchanged, in the same order.
//
//	{k: "out", fd: 1|2, b: base64}      bytes the program wrote to stdout/stderr
//	{k: "file", path, b, first, last}   a mirrored file's whole content, in chunks
//	{k: "rename", from, to}             a mirrored file moved
//	{k: "unlink", path}                 a mirrored file was removed
//	{k: "fatal", msg}                   the program could not run or went wrong
//	{k: "exit", code}                   the program exited (go.exit)
//
// One ordered channel means output written before exit always arrives
// before the exit code, and a file closed before exit is on the host first.
"use strict";

(() => {
	const inWorker = typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope;
	const binding = inWorker
		? (text) => globalThis.postMessage({ __wasmbrowser: "send", text })
		: globalThis.__wasmbrowserSend;
	if (typeof binding !== "function") {
		throw new Error("wasmbrowser: the runner's binding __wasmbrowserSend is missing");
	}
	const send = (msg) => binding(JSON.stringify(msg));

	// toBase64 keeps bytes exact; a console message would be text.
	const toBase64 = (u8) => {
		if (u8.toBase64) {
			return u8.toBase64();
		}
		let s = "";
		for (let i = 0; i < u8.length; i += 0x8000) {
			s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
		}
		return btoa(s);
	};
	const fromBase64 = (s) => {
		if (Uint8Array.fromBase64) {
			return Uint8Array.fromBase64(s);
		}
		const bin = atob(s);
		const u8 = new Uint8Array(bin.length);
		for (let i = 0; i < bin.length; i++) {
			u8[i] = bin.charCodeAt(i);
		}
		return u8;
	};

	const writeStd = (fd, buf) => {
		send({ k: "out", fd, b: toBase64(buf) });
		return buf.length;
	};

	// Large files go in chunks, to keep each protocol message small.
	const chunk = 1 << 20;
	const { MemFS, nodeAPI, fsError } = globalThis.__wasmbrowserMemFS;
	const memfs = new MemFS();
	memfs.onFlush = (path, data) => {
		let i = 0;
		do {
			const part = data.subarray(i, i + chunk);
			send({ k: "file", path, b: toBase64(part), first: i === 0, last: i + chunk >= data.length });
			i += chunk;
		} while (i < data.length);
	};
	memfs.onRename = (from, to) => send({ k: "rename", from, to });
	memfs.onUnlink = (path) => send({ k: "unlink", path });

	globalThis.fs = nodeAPI(memfs, writeStd);

	const pid = { value: 1 }; // set from the config: coverage file names need a pid >= 0
	globalThis.process = {
		getuid() { return -1; },
		getgid() { return -1; },
		geteuid() { return -1; },
		getegid() { return -1; },
		getgroups() { throw fsError("ENOSYS"); },
		get pid() { return pid.value; },
		get ppid() { return pid.value; },
		umask() { return 0o022; },
		cwd() { return memfs.cwd; },
		chdir(path) {
			const p = memfs.resolve(path);
			if (!memfs.lookup(path).dir) {
				throw fsError("ENOTDIR", path);
			}
			memfs.cwd = p;
		},
	};

	const describe = (err) => (err && err.stack) ? String(err.stack) : String(err);

	// start loads the config and the test binary and starts the program. It
	// resolves once the program is instantiated; the program itself runs on
	// the next turn of the event loop, so a test that never yields cannot
	// hold up the runner's startup phase.
	const start = async () => {
		const res = await fetch("/__wasmbrowser/config.json");
		if (!res.ok) {
			throw new Error(`loading the runner's config: HTTP ${res.status}`);
		}
		const cfg = await res.json();
		memfs.configure(cfg, fromBase64);
		pid.value = cfg.pid;

		const go = new Go();
		go.argv = cfg.argv;
		go.env = cfg.env;
		go.exit = (code) => {
			memfs.flushAll(); // files the program did not close still reach the host
			send({ k: "exit", code });
		};

		const wasm = await fetch("/__wasmbrowser/test.wasm");
		if (!wasm.ok) {
			throw new Error(`fetching the test binary: HTTP ${wasm.status}`);
		}
		let result;
		try {
			result = await WebAssembly.instantiateStreaming(wasm, go.importObject);
		} catch (err) {
			throw new Error(`instantiating the test binary (is it a GOOS=js GOARCH=wasm binary of this Go?): ${err}`);
		}
		setTimeout(() => {
			go.run(result.instance).catch((err) => send({ k: "fatal", msg: describe(err) }));
		}, 0);
		return true;
	};

	globalThis.__wasmbrowser = { start };
})();
