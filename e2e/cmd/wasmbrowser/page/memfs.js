// memfs.js: an in-memory file system with the callback API of Node's fs,
// which is what Go's syscall package calls under js/wasm. The browser has no
// file system, and wasm_exec.js's stub refuses everything, so testing's own
// files (-test.coverprofile, -test.gocoverdir, -test.testlogfile) and a
// test's t.TempDir would fail. Files live in the page; the few the runner
// names are mirrored to the host through onFlush, onRename and onUnlink.
"use strict";

(() => {
	// Linux's values, as Node reports them: Go reads them from fs.constants
	// when the program starts.
	const O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_EXCL = 0o200, O_TRUNC = 0o1000,
		O_APPEND = 0o2000, O_DIRECTORY = 0o200000;
	const S_IFDIR = 0o040000, S_IFREG = 0o100000, S_IFCHR = 0o020000;

	// fsError is what Go's mapJSError understands: an Error with a code.
	const fsError = (code, path) => {
		const err = new Error(path ? `${code}: ${path}` : code);
		err.code = code;
		return err;
	};

	const dirname = (p) => p === "/" ? "/" : (p.slice(0, p.lastIndexOf("/")) || "/");
	const basename = (p) => p.slice(p.lastIndexOf("/") + 1);

	let nextIno = 1;

	class MemFS {
		constructor() {
			this.nodes = new Map(); // absolute clean path -> node
			this.fds = new Map();   // fd -> {node, flags, pos}
			this.nextFD = 3;        // 0, 1 and 2 are the standard streams
			this.cwd = "/";
			this.mirrorFiles = new Set();
			this.mirrorDirs = [];
			this.onFlush = () => {};  // (path, bytes): a mirrored file changed
			this.onRename = () => {}; // (from, to): a mirrored file moved
			this.onUnlink = () => {}; // (path): a mirrored file was removed
			this.nodes.set("/", this.newNode(true, 0o755, "/"));
			this.mkdirAll("/tmp");
			this.mkdirAll("/dev");
			const devNull = this.create("/dev/null", 0o666);
			devNull.devNull = true;
		}

		// configure applies the runner's config: working directory, the
		// directories that exist on the host, the mirrored paths, and
		// files to preload (base64).
		configure(cfg, decode) {
			for (const dir of cfg.dirs || []) {
				this.mkdirAll(dir);
			}
			this.cwd = this.resolve(cfg.cwd || "/");
			this.mkdirAll(this.cwd);
			this.mirrorFiles = new Set(cfg.mirrorFiles || []);
			this.mirrorDirs = cfg.mirrorDirs || [];
			for (const file of cfg.preload || []) {
				this.mkdirAll(dirname(file.path));
				const node = this.create(file.path, 0o644);
				const data = decode(file.data);
				node.data = data;
				node.size = data.length;
			}
		}

		newNode(dir, mode, path) {
			const now = Date.now();
			return dir
				? { dir: true, mode, path, children: new Set(), ino: nextIno++, mtimeMs: now }
				: { dir: false, mode, path, data: new Uint8Array(0), size: 0, ino: nextIno++, mtimeMs: now, dirty: false };
		}

		// resolve makes p absolute against the working directory and
		// removes ".", ".." and repeated slashes.
		resolve(p) {
			if (!p.startsWith("/")) {
				p = this.cwd + "/" + p;
			}
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
		}

		mirrored(p) {
			return this.mirrorFiles.has(p) || this.mirrorDirs.some((d) => p.startsWith(d + "/"));
		}

		lookup(path) {
			const p = this.resolve(path);
			const node = this.nodes.get(p);
			if (!node) {
				throw fsError("ENOENT", path);
			}
			return node;
		}

		parentOf(p, path) {
			const parent = this.nodes.get(dirname(p));
			if (!parent) {
				throw fsError("ENOENT", path);
			}
			if (!parent.dir) {
				throw fsError("ENOTDIR", path);
			}
			return parent;
		}

		mkdirAll(path) {
			const p = this.resolve(path);
			if (this.nodes.has(p)) {
				return;
			}
			this.mkdirAll(dirname(p));
			const node = this.newNode(true, 0o755, p);
			this.nodes.set(p, node);
			this.nodes.get(dirname(p)).children.add(basename(p));
		}

		create(p, mode) {
			const parent = this.parentOf(p, p);
			const node = this.newNode(false, mode & 0o777, p);
			this.nodes.set(p, node);
			parent.children.add(basename(p));
			return node;
		}

		file(fd) {
			const f = this.fds.get(fd);
			if (!f) {
				throw fsError("EBADF");
			}
			return f;
		}

		open(path, flags, mode) {
			const p = this.resolve(path);
			let node = this.nodes.get(p);
			const writing = (flags & (O_WRONLY | O_RDWR)) !== 0;
			if (node) {
				if ((flags & O_CREAT) && (flags & O_EXCL)) {
					throw fsError("EEXIST", path);
				}
				if (node.dir && writing) {
					throw fsError("EISDIR", path);
				}
				if (!node.dir && (flags & O_DIRECTORY)) {
					throw fsError("ENOTDIR", path);
				}
				if (!node.dir && writing && (flags & O_TRUNC)) {
					this.resize(node, 0);
				}
			} else {
				if (!(flags & O_CREAT)) {
					throw fsError("ENOENT", path);
				}
				node = this.create(p, mode);
				node.dirty = true; // an empty file is still a file for the host
			}
			const fd = this.nextFD++;
			this.fds.set(fd, { node, flags, pos: 0 });
			return fd;
		}

		close(fd) {
			const f = this.file(fd);
			this.fds.delete(fd);
			this.flush(f.node);
		}

		// flush sends a mirrored file that changed to the host.
		flush(node) {
			if (!node.dir && node.dirty && this.mirrored(node.path)) {
				node.dirty = false;
				this.onFlush(node.path, node.data.subarray(0, node.size));
			}
		}

		flushAll() {
			for (const node of this.nodes.values()) {
				this.flush(node);
			}
		}

		resize(node, size) {
			if (size > node.data.length) {
				const data = new Uint8Array(Math.max(size, node.data.length * 2, 4096));
				data.set(node.data.subarray(0, node.size));
				node.data = data;
			} else if (size < node.size) {
				node.data.fill(0, size, node.size); // a later growth reads zeros
			}
			node.size = size;
			node.dirty = true;
			node.mtimeMs = Date.now();
		}

		read(fd, buffer, offset, length, position) {
			const f = this.file(fd);
			if (f.node.dir) {
				throw fsError("EISDIR");
			}
			if ((f.flags & 3) === O_WRONLY) {
				throw fsError("EBADF");
			}
			const node = f.node;
			const pos = position == null ? f.pos : position;
			const n = node.devNull ? 0 : Math.max(0, Math.min(length, node.size - pos));
			buffer.set(node.data.subarray(pos, pos + n), offset);
			if (position == null) {
				f.pos += n;
			}
			return n;
		}

		write(fd, buffer, offset, length, position) {
			const f = this.file(fd);
			if ((f.flags & (O_WRONLY | O_RDWR)) === 0) {
				throw fsError("EBADF");
			}
			const node = f.node;
			if (node.devNull) {
				return length;
			}
			let pos = position == null ? f.pos : position;
			if (position == null && (f.flags & O_APPEND)) {
				pos = node.size;
			}
			const end = pos + length;
			if (end > node.size) {
				this.resize(node, end);
			}
			node.data.set(buffer.subarray(offset, offset + length), pos);
			node.dirty = true;
			node.mtimeMs = Date.now();
			if (position == null) {
				f.pos = end;
			}
			return length;
		}

		stat(node) {
			const size = node.dir ? 4096 : node.size;
			const type = node.dir ? S_IFDIR : (node.devNull ? S_IFCHR : S_IFREG);
			const t = Math.floor(node.mtimeMs);
			return {
				dev: 1, ino: node.ino, mode: type | node.mode, nlink: 1, uid: 0, gid: 0, rdev: 0,
				size, blksize: 4096, blocks: Math.ceil(size / 512),
				atimeMs: t, mtimeMs: t, ctimeMs: t,
				isDirectory: () => node.dir,
			};
		}

		// statFD also answers for the standard streams, which are no files.
		statFD(fd) {
			if (fd >= 0 && fd <= 2) {
				return this.stat({ dir: false, devNull: true, mode: 0o620, size: 0, ino: 0, mtimeMs: 0 });
			}
			return this.stat(this.file(fd).node);
		}

		readdir(path) {
			const node = this.lookup(path);
			if (!node.dir) {
				throw fsError("ENOTDIR", path);
			}
			return [...node.children].sort();
		}

		mkdir(path, perm) {
			const p = this.resolve(path);
			if (this.nodes.has(p)) {
				throw fsError("EEXIST", path);
			}
			const parent = this.parentOf(p, path);
			this.nodes.set(p, this.newNode(true, perm & 0o777, p));
			parent.children.add(basename(p));
		}

		rmdir(path) {
			const p = this.resolve(path);
			const node = this.lookup(path);
			if (!node.dir) {
				throw fsError("ENOTDIR", path);
			}
			if (node.children.size > 0) {
				throw fsError("ENOTEMPTY", path);
			}
			if (p === "/") {
				throw fsError("EBUSY", path);
			}
			this.nodes.delete(p);
			this.nodes.get(dirname(p)).children.delete(basename(p));
		}

		unlink(path) {
			const p = this.resolve(path);
			const node = this.lookup(path);
			if (node.dir) {
				throw fsError("EISDIR", path);
			}
			this.nodes.delete(p);
			this.nodes.get(dirname(p)).children.delete(basename(p));
			if (this.mirrored(p)) {
				this.onUnlink(p);
			}
		}

		rename(fromPath, toPath) {
			const from = this.resolve(fromPath), to = this.resolve(toPath);
			const node = this.lookup(fromPath);
			const parent = this.parentOf(to, toPath);
			if (from === to) {
				return;
			}
			const existing = this.nodes.get(to);
			if (existing && existing.dir !== node.dir) {
				throw fsError(existing.dir ? "EISDIR" : "ENOTDIR", toPath);
			}
			if (existing && existing.dir && existing.children.size > 0) {
				throw fsError("ENOTEMPTY", toPath);
			}
			if (node.dir && (to + "/").startsWith(from + "/")) {
				throw fsError("EINVAL", toPath);
			}
			// Move the node and, for a directory, everything under it.
			const moved = [...this.nodes].filter(([p]) => p === from || p.startsWith(from + "/"));
			for (const [p] of moved) {
				this.nodes.delete(p);
			}
			for (const [p, n] of moved) {
				n.path = to + p.slice(from.length);
				this.nodes.set(n.path, n);
			}
			this.nodes.get(dirname(from)).children.delete(basename(from));
			parent.children.add(basename(to));
			if (node.dir) {
				return; // mirrored directories are not moved on the host
			}
			// The host has the old name's content when it was mirrored and
			// nothing changed since: move it there too. Otherwise send it.
			if (this.mirrored(from) && this.mirrored(to) && !node.dirty) {
				this.onRename(from, to);
				return;
			}
			if (this.mirrored(from)) {
				this.onUnlink(from);
			}
			node.dirty = true;
			this.flush(node);
		}

		truncate(node, length) {
			if (node.dir) {
				throw fsError("EISDIR");
			}
			this.resize(node, length);
		}
	}

	// nodeAPI wraps m in the callback API of Node's fs. Callbacks run at once,
	// as in wasm_exec.js's own stub; write is the caller's, for stdout and
	// stderr.
	const nodeAPI = (m, writeStd) => {
		const call = (fn) => {
			return (...args) => {
				const callback = args.pop();
				let result;
				try {
					result = fn(...args);
				} catch (err) {
					if (!err.code) {
						err.code = "EIO"; // a bug here must not panic inside Go's mapJSError
					}
					callback(err);
					return;
				}
				callback(null, result);
			};
		};
		const exists = (path) => { m.lookup(path); };
		return {
			constants: { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_EXCL, O_DIRECTORY },
			writeSync(fd, buf) {
				if (fd === 1 || fd === 2) {
					return writeStd(fd, buf);
				}
				return m.write(fd, buf, 0, buf.length, null);
			},
			write: call((fd, buf, offset, length, position) => {
				if (fd === 1 || fd === 2) {
					return writeStd(fd, buf.subarray(offset, offset + length));
				}
				return m.write(fd, buf, offset, length, position);
			}),
			read: call((fd, buf, offset, length, position) => fd === 0 ? 0 : m.read(fd, buf, offset, length, position)),
			open: call((path, flags, mode) => m.open(path, flags, mode)),
			close: call((fd) => { if (fd > 2) m.close(fd); }),
			fsync: call((fd) => { if (fd > 2) m.flush(m.file(fd).node); }),
			fstat: call((fd) => m.statFD(fd)),
			stat: call((path) => m.stat(m.lookup(path))),
			lstat: call((path) => m.stat(m.lookup(path))),
			readdir: call((path) => m.readdir(path)),
			mkdir: call((path, perm) => m.mkdir(path, perm)),
			rmdir: call((path) => m.rmdir(path)),
			unlink: call((path) => m.unlink(path)),
			rename: call((from, to) => m.rename(from, to)),
			ftruncate: call((fd, length) => m.truncate(m.file(fd).node, length)),
			truncate: call((path, length) => m.truncate(m.lookup(path), length)),
			chmod: call((path, mode) => { m.lookup(path).mode = mode & 0o777; }),
			fchmod: call((fd, mode) => { m.file(fd).node.mode = mode & 0o777; }),
			chown: call(exists),
			fchown: call((fd) => { m.file(fd); }),
			lchown: call(exists),
			utimes: call((path, atime, mtime) => { m.lookup(path).mtimeMs = mtime * 1000; }),
			readlink: call((path) => { exists(path); throw fsError("EINVAL", path); }),
			link: call(() => { throw fsError("ENOSYS"); }),
			symlink: call(() => { throw fsError("ENOSYS"); }),
		};
	};

	globalThis.__wasmbrowserMemFS = { MemFS, nodeAPI, fsError };
})();
