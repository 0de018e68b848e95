// host.js connects the Go test binary to the wasmbrowser runner, in the
// page (index.html) or in a dedicated worker (worker.js), in every browser.
// It must run before wasm_exec.js, which installs its own fs, process and
// path only where none exist.
//
// It gives the program what Node gives it under go_js_wasm_exec: an fs
// whose calls the runner carries out on the host's files, a process with
// the host's ids, working directory and umask, and path.resolve. Everything
// goes through one channel, a WebSocket to the runner, as JSON messages in
// the order they happen:
//
//	{k: "out", fd: 1|2, b: base64}         bytes the program wrote to stdout/stderr
//	{k: "console", fd: 1|2, msg}           a console call of other JavaScript
//	{k: "fs", id, op, args, b}             a file call; the runner answers {id, code} or {id, r, b}
//	{k: "uncaught", where, msg}            an exception nothing caught: the run ends
//	{k: "fatal", msg}                      the program could not run or went wrong
//	{k: "exit", code}                      the program exited (go.exit)
//
// One ordered channel means output written before exit always arrives
// before the exit code. The only other request is process.chdir's, which
// must answer at once: a synchronous XMLHttpRequest.
//
// The tests the runner runs may replace what the page has (prototypes,
// JSON, console): everything here is captured before they run.
"use strict";

(() => {
	const inWorker = typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope;
	const where = inWorker ? "worker" : "page";
	const base = new URL("__wasmbrowser/", globalThis.location.href);

	const call = Function.prototype.call;
	const bind = (f) => call.bind(f);
	const stringify = JSON.stringify, parse = JSON.parse;
	const NativeWebSocket = WebSocket;
	const wsSend = bind(WebSocket.prototype.send);
	const eventData = bind(Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data").get);
	const XHR = XMLHttpRequest;
	const xhrOpen = bind(XMLHttpRequest.prototype.open);
	const xhrSend = bind(XMLHttpRequest.prototype.send);
	const xhrText = bind(Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, "responseText").get);
	const xhrStatus = bind(Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, "status").get);
	const fromCharCode = String.fromCharCode;

	// toBase64 keeps bytes exact; a console message would be text.
	const toBase64 = (u8) => {
		if (u8.toBase64) {
			return u8.toBase64();
		}
		let s = "";
		for (let i = 0; i < u8.length; i += 0x8000) {
			s += fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
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

	// describe is an error's class, message and stack (Firefox and WebKit
	// leave the first two out of the stack), or the value thrown.
	const describe = (err) => {
		let text;
		try {
			text = String(err);
		} catch {
			text = Object.prototype.toString.call(err);
		}
		const stack = err && typeof err === "object" && typeof err.stack === "string" ? err.stack : "";
		if (stack === "") {
			return text;
		}
		return stack.startsWith(text) ? stack : text + "\n" + stack;
	};

	// The channel. Messages sent before it opens wait in pending.
	const channel = { socket: null, pending: [], replies: new Map(), nextID: 1 };
	const send = (msg) => {
		const text = stringify(msg);
		if (channel.socket) {
			wsSend(channel.socket, text);
		} else {
			channel.pending.push(text);
		}
	};
	const connect = () => new Promise((resolve, reject) => {
		const url = new URL("channel", base);
		url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
		const ws = new NativeWebSocket(url.href);
		ws.onopen = () => {
			channel.socket = ws;
			for (const text of channel.pending) {
				wsSend(ws, text);
			}
			channel.pending = [];
			resolve();
		};
		ws.onerror = () => reject(new Error(`wasmbrowser: the ${where} cannot reach the runner's channel`));
		ws.onmessage = (ev) => {
			const reply = parse(eventData(ev));
			const done = channel.replies.get(reply.id);
			channel.replies.delete(reply.id);
			if (done) {
				done(reply);
			}
		};
	});

	// fsError is what Go's mapJSError understands: an Error with a code.
	const fsError = (code, path) => {
		const err = new Error(path ? `${code}: ${path}` : code);
		err.code = code;
		return err;
	};

	// The program's process: the host's, from the config.
	const host = { cwd: "/", umask: 0o022, cfg: null };

	// abs makes a path absolute against the working directory the way the
	// kernel does for a relative path: by prefixing it, "." and ".." and
	// links left for the host to resolve.
	const abs = (p) => {
		p = String(p);
		return p.startsWith("/") ? p : (host.cwd === "/" ? "/" : host.cwd + "/") + p;
	};

	// normalize is Node's path.normalize for an absolute path.
	const normalize = (p) => {
		const out = [];
		for (const part of p.split("/")) {
			if (part === "" || part === ".") {
				continue;
			}
			if (part === "..") {
				out.pop();
			} else {
				out.push(part);
			}
		}
		return "/" + out.join("/");
	};

	globalThis.path = {
		sep: "/",
		// resolve is Node's: the segments from the right until one is
		// absolute, else against the working directory, then normalized.
		resolve(...segments) {
			let p = "";
			for (let i = segments.length - 1; i >= -1 && !p.startsWith("/"); i--) {
				const s = i >= 0 ? String(segments[i]) : host.cwd;
				if (s !== "") {
					p = p === "" ? s : s + "/" + p;
				}
			}
			return normalize(p);
		},
	};

	// request sends a file call; done gets (err) or (null, result).
	const request = (op, args, done, b, decode) => {
		const id = channel.nextID++;
		channel.replies.set(id, (reply) => {
			if (reply.code) {
				done(fsError(reply.code, typeof args[0] === "string" ? args[0] : undefined));
			} else {
				done(null, decode ? decode(reply) : reply.r);
			}
		});
		send(b === undefined ? { k: "fs", id, op, args } : { k: "fs", id, op, args, b });
	};

	const S_IFMT = 0o170000;
	const withMethods = (st) => {
		const type = st.mode & S_IFMT;
		st.isDirectory = () => type === 0o040000;
		st.isFile = () => type === 0o100000;
		st.isSymbolicLink = () => type === 0o120000;
		return st;
	};

	const writeOut = (fd, buf) => {
		send({ k: "out", fd, b: toBase64(buf) });
		return buf.length;
	};

	const fs = {
		constants: {},
		writeSync(fd, buf) {
			if (fd === 1 || fd === 2) {
				return writeOut(fd, buf);
			}
			throw fsError("ENOSYS");
		},
		write(fd, buf, offset, length, position, done) {
			const part = buf.subarray(offset, offset + length);
			if (fd === 1 || fd === 2) {
				done(null, writeOut(fd, part));
				return;
			}
			request("write", [fd, position], done, toBase64(part));
		},
		read(fd, buf, offset, length, position, done) {
			if (fd === 0) {
				done(null, 0); // stdin is empty, as go test's /dev/null
				return;
			}
			request("read", [fd, length, position], done, undefined, (reply) => {
				const data = fromBase64(reply.b || "");
				buf.set(data, offset);
				return data.length;
			});
		},
		open(path, flags, mode, done) {
			if (flags & host.cfg.constants.O_CREAT) {
				mode &= ~host.umask;
			}
			request("open", [abs(path), flags, mode], done);
		},
		close(fd, done) { request("close", [fd], done); },
		fstat(fd, done) { request("fstat", [fd], done, undefined, (r) => withMethods(r.r)); },
		stat(path, done) { request("stat", [abs(path)], done, undefined, (r) => withMethods(r.r)); },
		lstat(path, done) { request("lstat", [abs(path)], done, undefined, (r) => withMethods(r.r)); },
		readdir(path, done) { request("readdir", [abs(path)], done, undefined, (r) => r.r || []); },
		readlink(path, done) { request("readlink", [abs(path)], done); },
		mkdir(path, mode, done) { request("mkdir", [abs(path), mode & ~host.umask], done); },
		rmdir(path, done) { request("rmdir", [abs(path)], done); },
		unlink(path, done) { request("unlink", [abs(path)], done); },
		rename(from, to, done) { request("rename", [abs(from), abs(to)], done); },
		link(path, link, done) { request("link", [abs(path), abs(link)], done); },
		// A symbolic link's target is kept as written.
		symlink(target, link, done) { request("symlink", [String(target), abs(link)], done); },
		chmod(path, mode, done) { request("chmod", [abs(path), mode], done); },
		fchmod(fd, mode, done) { request("fchmod", [fd, mode], done); },
		chown(path, uid, gid, done) { request("chown", [abs(path), uid, gid], done); },
		lchown(path, uid, gid, done) { request("lchown", [abs(path), uid, gid], done); },
		fchown(fd, uid, gid, done) { request("fchown", [fd, uid, gid], done); },
		utimes(path, atime, mtime, done) { request("utimes", [abs(path), atime, mtime], done); },
		truncate(path, length, done) { request("truncate", [abs(path), length], done); },
		ftruncate(fd, length, done) { request("ftruncate", [fd, length], done); },
		fsync(fd, done) { request("fsync", [fd], done); },
	};
	globalThis.fs = fs;

	globalThis.process = {
		getuid() { return host.cfg.uid; },
		getgid() { return host.cfg.gid; },
		geteuid() { return host.cfg.euid; },
		getegid() { return host.cfg.egid; },
		getgroups() { return host.cfg.groups.slice(); },
		get pid() { return host.cfg.pid; },
		get ppid() { return host.cfg.ppid; },
		umask(mask) {
			const old = host.umask;
			if (mask !== undefined) {
				host.umask = mask & 0o777;
			}
			return old;
		},
		cwd() { return host.cwd; },
		// chdir is synchronous, as Node's: the runner checks the directory
		// and gives its real path, which is what getcwd says afterwards.
		chdir(path) {
			const xhr = new XHR();
			xhrOpen(xhr, "POST", new URL("realpath", base).href, false);
			xhrSend(xhr, stringify(abs(path)));
			if (xhrStatus(xhr) !== 200) {
				throw fsError("EIO", path);
			}
			const reply = parse(xhrText(xhr));
			if (reply.code) {
				throw fsError(reply.code, path);
			}
			host.cwd = reply.r;
		},
	};

	// Console calls of other JavaScript reach the runner's stdout, and
	// warnings and errors its stderr, as in Node.
	const format = (v) => {
		if (typeof v === "string") {
			return v;
		}
		if (v !== null && typeof v === "object") {
			try {
				const json = stringify(v);
				if (json !== undefined) {
					return json;
				}
			} catch {
				// a cycle, a BigInt: the text below
			}
		}
		try {
			return String(v);
		} catch {
			return Object.prototype.toString.call(v);
		}
	};
	const consoleTo = { log: 1, info: 1, debug: 1, dir: 1, table: 1, warn: 2, error: 2, trace: 2 };
	for (const [method, fd] of Object.entries(consoleTo)) {
		const original = console[method];
		console[method] = (...args) => {
			send({ k: "console", fd, msg: args.map(format).join(" ") });
			if (!inWorker && original) {
				original.apply(console, args); // the browser's own console too
			}
		};
	}
	const originalAssert = console.assert;
	console.assert = (ok, ...args) => {
		if (!ok) {
			send({ k: "console", fd: 2, msg: ["Assertion failed:", ...args].map(format).join(" ") });
		}
		if (!inWorker && originalAssert) {
			originalAssert.call(console, ok, ...args);
		}
	};

	// An exception nothing catches ends the run, as in Node. In a worker the
	// error would go on to the page's Worker object: stop it here.
	globalThis.addEventListener("error", (ev) => {
		if (inWorker) {
			ev.preventDefault();
		}
		const msg = ev.error != null ? describe(ev.error) : `${ev.message} (at ${ev.filename}:${ev.lineno}:${ev.colno})`;
		send({ k: "uncaught", where, msg });
	});
	globalThis.addEventListener("unhandledrejection", (ev) => {
		if (inWorker) {
			ev.preventDefault();
		}
		send({ k: "uncaught", where, msg: describe(ev.reason) });
	});

	// loadConfig applies the runner's config and opens the channel.
	const loadConfig = async () => {
		const res = await fetch(new URL("config.json", base));
		if (!res.ok) {
			throw new Error(`loading the runner's config: HTTP ${res.status}`);
		}
		const cfg = await res.json();
		host.cfg = cfg;
		host.cwd = cfg.cwd;
		host.umask = cfg.umask;
		Object.assign(fs.constants, cfg.constants);
		await connect();
		return cfg;
	};

	// start loads the config and the test binary and starts the program. It
	// resolves once the program is instantiated; the program itself runs
	// when the runner says so ("launch"), which it does once this answer
	// has reached it: so a test that never yields cannot hold up the
	// runner's startup, and a test that replaces built-ins cannot break
	// the answer (WebKit's WebDriver calls array methods, JSON.stringify,
	// Promise.prototype.then and Function.prototype's apply, bind and call
	// in the page to bring it back).
	const start = async () => {
		const cfg = await loadConfig();
		const go = new Go();
		go.argv = cfg.argv;
		go.env = cfg.env;
		go.exit = (code) => send({ k: "exit", code });

		const wasm = await fetch(new URL("test.wasm", base));
		if (!wasm.ok) {
			throw new Error(`fetching the test binary: HTTP ${wasm.status}`);
		}
		let result;
		try {
			result = await WebAssembly.instantiateStreaming(wasm, go.importObject);
		} catch (err) {
			throw new Error(`instantiating the test binary (is it a GOOS=js GOARCH=wasm binary of this Go?): ${err}`);
		}
		const id = channel.nextID++;
		channel.replies.set(id, () => {
			go.run(result.instance).catch((err) => send({ k: "fatal", msg: describe(err) }));
		});
		send({ k: "launch", id });
		return true;
	};

	globalThis.__wasmbrowser = { start, loadConfig, send, describe };
})();
