package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sync"
	"syscall"
)

// hostFS carries out the program's file calls on the host, as Node's fs
// module would for go_js_wasm_exec: the same system calls, so the same
// results and errors (ENOENT, EISDIR, ...). The page (page/host.js) sends
// each call with its paths already made absolute against the program's
// working directory, which the page keeps, as Node's process does.
//
// Only descriptors this hostFS opened can be used or closed: the page must
// not reach the runner's own files. 0, 1 and 2 are the program's standard
// streams, which the channel handles itself.
type hostFS struct {
	mu  sync.Mutex
	fds map[int]bool // descriptors the program opened and has not closed
}

func newHostFS() *hostFS { return &hostFS{fds: map[int]bool{}} }

// fsRequest is one call of the page's fs: {k: "fs", id, op, args, b}.
type fsRequest struct {
	ID   int               `json:"id"`
	Op   string            `json:"op"`
	Args []json.RawMessage `json:"args"`
	B    []byte            `json:"b"` // the bytes of a write, base64 in JSON
}

// fsReply answers one fsRequest: an error code as Node names it, or the
// call's result (R) and, for a read, the bytes (B).
type fsReply struct {
	ID   int    `json:"id"`
	Code string `json:"code,omitempty"`
	R    any    `json:"r,omitempty"`
	B    []byte `json:"b,omitempty"`
}

// fsStat is a Node fs.Stats without its methods, which the page adds.
type fsStat struct {
	Dev     uint64  `json:"dev"`
	Ino     uint64  `json:"ino"`
	Mode    uint32  `json:"mode"`
	Nlink   uint64  `json:"nlink"`
	UID     uint32  `json:"uid"`
	GID     uint32  `json:"gid"`
	Rdev    uint64  `json:"rdev"`
	Size    int64   `json:"size"`
	Blksize int64   `json:"blksize"`
	Blocks  int64   `json:"blocks"`
	AtimeMs float64 `json:"atimeMs"`
	MtimeMs float64 `json:"mtimeMs"`
	CtimeMs float64 `json:"ctimeMs"`
}

// maxRead bounds one read: Go's os package reads in chunks far smaller.
const maxRead = 16 << 20

// call runs one request and returns its reply.
func (h *hostFS) call(req *fsRequest) *fsReply {
	r, b, err := h.do(req)
	reply := &fsReply{ID: req.ID, R: r, B: b}
	if err != nil {
		reply.R, reply.B = nil, nil
		reply.Code = errnoCode(err)
	}
	return reply
}

// args decodes the request's arguments into dst, one pointer each.
func (req *fsRequest) args(dst ...any) error {
	if len(req.Args) != len(dst) {
		return syscall.EINVAL
	}
	for i, d := range dst {
		if err := json.Unmarshal(req.Args[i], d); err != nil {
			return syscall.EINVAL
		}
	}
	return nil
}

func (h *hostFS) do(req *fsRequest) (result any, data []byte, err error) {
	var (
		path, path2  string
		fd, flags    int
		mode         uint32
		uid, gid     int
		length       int64
		atime, mtime float64
		position     *int64
	)
	switch req.Op {
	case "open":
		if err := req.args(&path, &flags, &mode); err != nil {
			return nil, nil, err
		}
		fd, err := syscall.Open(path, flags|syscall.O_CLOEXEC, mode)
		if err != nil {
			return nil, nil, err
		}
		h.mu.Lock()
		h.fds[fd] = true
		h.mu.Unlock()
		return fd, nil, nil
	case "close":
		if err := req.args(&fd); err != nil {
			return nil, nil, err
		}
		if err := h.release(fd); err != nil {
			return nil, nil, err
		}
		return nil, nil, syscall.Close(fd)
	case "read":
		if err := req.args(&fd, &length, &position); err != nil {
			return nil, nil, err
		}
		if err := h.own(fd); err != nil {
			return nil, nil, err
		}
		buf := make([]byte, min(max(length, 0), maxRead))
		var n int
		if position != nil {
			n, err = syscall.Pread(fd, buf, *position)
		} else {
			n, err = syscall.Read(fd, buf)
		}
		if err != nil {
			return nil, nil, err
		}
		return n, buf[:n], nil
	case "write":
		if err := req.args(&fd, &position); err != nil {
			return nil, nil, err
		}
		if err := h.own(fd); err != nil {
			return nil, nil, err
		}
		var n int
		if position != nil {
			n, err = syscall.Pwrite(fd, req.B, *position)
		} else {
			n, err = syscall.Write(fd, req.B)
		}
		if err != nil {
			return nil, nil, err
		}
		return n, nil, nil
	case "fstat":
		if err := req.args(&fd); err != nil {
			return nil, nil, err
		}
		if err := h.own(fd); err != nil {
			return nil, nil, err
		}
		var st syscall.Stat_t
		if err := syscall.Fstat(fd, &st); err != nil {
			return nil, nil, err
		}
		return statOf(&st), nil, nil
	case "stat", "lstat":
		if err := req.args(&path); err != nil {
			return nil, nil, err
		}
		var st syscall.Stat_t
		stat := syscall.Stat
		if req.Op == "lstat" {
			stat = syscall.Lstat
		}
		if err := stat(path, &st); err != nil {
			return nil, nil, err
		}
		return statOf(&st), nil, nil
	case "readdir":
		if err := req.args(&path); err != nil {
			return nil, nil, err
		}
		return readdir(path)
	case "readlink":
		if err := req.args(&path); err != nil {
			return nil, nil, err
		}
		target, err := os.Readlink(path)
		return target, nil, unwrapPathError(err)
	case "mkdir":
		if err := req.args(&path, &mode); err != nil {
			return nil, nil, err
		}
		return nil, nil, syscall.Mkdir(path, mode)
	case "rmdir":
		if err := req.args(&path); err != nil {
			return nil, nil, err
		}
		return nil, nil, syscall.Rmdir(path)
	case "unlink":
		if err := req.args(&path); err != nil {
			return nil, nil, err
		}
		return nil, nil, syscall.Unlink(path)
	case "rename", "link", "symlink":
		if err := req.args(&path, &path2); err != nil {
			return nil, nil, err
		}
		op := map[string]func(string, string) error{"rename": syscall.Rename, "link": syscall.Link, "symlink": syscall.Symlink}[req.Op]
		return nil, nil, op(path, path2)
	case "chmod":
		if err := req.args(&path, &mode); err != nil {
			return nil, nil, err
		}
		return nil, nil, syscall.Chmod(path, mode)
	case "fchmod":
		if err := req.args(&fd, &mode); err != nil {
			return nil, nil, err
		}
		if err := h.own(fd); err != nil {
			return nil, nil, err
		}
		return nil, nil, syscall.Fchmod(fd, mode)
	case "chown", "lchown":
		if err := req.args(&path, &uid, &gid); err != nil {
			return nil, nil, err
		}
		if req.Op == "lchown" {
			return nil, nil, syscall.Lchown(path, uid, gid)
		}
		return nil, nil, syscall.Chown(path, uid, gid)
	case "fchown":
		if err := req.args(&fd, &uid, &gid); err != nil {
			return nil, nil, err
		}
		if err := h.own(fd); err != nil {
			return nil, nil, err
		}
		return nil, nil, syscall.Fchown(fd, uid, gid)
	case "utimes":
		if err := req.args(&path, &atime, &mtime); err != nil {
			return nil, nil, err
		}
		// Node takes seconds, as numbers.
		return nil, nil, syscall.UtimesNano(path, []syscall.Timespec{timespec(atime), timespec(mtime)})
	case "truncate":
		if err := req.args(&path, &length); err != nil {
			return nil, nil, err
		}
		return nil, nil, syscall.Truncate(path, length)
	case "ftruncate":
		if err := req.args(&fd, &length); err != nil {
			return nil, nil, err
		}
		if err := h.own(fd); err != nil {
			return nil, nil, err
		}
		return nil, nil, syscall.Ftruncate(fd, length)
	case "fsync":
		if err := req.args(&fd); err != nil {
			return nil, nil, err
		}
		if err := h.own(fd); err != nil {
			return nil, nil, err
		}
		return nil, nil, syscall.Fsync(fd)
	case "realpath":
		// Not Node's fs call, but what its process.chdir leaves as the
		// working directory: the real path, which must be a directory.
		if err := req.args(&path); err != nil {
			return nil, nil, err
		}
		return realDir(path)
	}
	return nil, nil, syscall.ENOSYS
}

func (h *hostFS) own(fd int) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.fds[fd] {
		return syscall.EBADF
	}
	return nil
}

func (h *hostFS) release(fd int) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.fds[fd] {
		return syscall.EBADF
	}
	delete(h.fds, fd)
	return nil
}

// closeAll closes what the program left open.
func (h *hostFS) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for fd := range h.fds {
		syscall.Close(fd)
	}
	clear(h.fds)
}

// readdir lists a directory as Node does (libuv's scandir): every name but
// "." and "..", sorted bytewise.
func readdir(path string) (any, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, unwrapPathError(err)
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, nil, unwrapPathError(err)
	}
	slices.Sort(names)
	return names, nil, nil
}

// realDir is path with every link resolved, if it is a directory.
func realDir(path string) (any, []byte, error) {
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		return nil, nil, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFDIR {
		return nil, nil, syscall.ENOTDIR
	}
	// The kernel's own answer, as getcwd gives it after chdir.
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	defer syscall.Close(fd)
	real, err := os.Readlink(fmt.Sprintf("/proc/self/fd/%d", fd))
	if err != nil {
		return nil, nil, unwrapPathError(err)
	}
	return real, nil, nil
}

func statOf(st *syscall.Stat_t) fsStat {
	ms := func(ts syscall.Timespec) float64 { return float64(ts.Sec)*1e3 + float64(ts.Nsec)/1e6 }
	return fsStat{
		Dev: st.Dev, Ino: st.Ino, Mode: st.Mode, Nlink: uint64(st.Nlink), UID: st.Uid, GID: st.Gid,
		Rdev: st.Rdev, Size: st.Size, Blksize: int64(st.Blksize), Blocks: st.Blocks,
		AtimeMs: ms(st.Atim), MtimeMs: ms(st.Mtim), CtimeMs: ms(st.Ctim),
	}
}

func timespec(seconds float64) syscall.Timespec {
	sec, frac := math.Modf(seconds)
	return syscall.Timespec{Sec: int64(sec), Nsec: int64(math.Round(frac * 1e9))}
}

func unwrapPathError(err error) error {
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err
	}
	return err
}
