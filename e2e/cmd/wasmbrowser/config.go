package main

import (
	"os"
	"slices"
	"syscall"
)

// pageConfig is what the page fetches as config.json before it starts the
// program (see page/host.js): what Node's process and fs would tell the
// program about the host.
type pageConfig struct {
	Argv      []string          `json:"argv"`
	Env       map[string]string `json:"env"`
	Cwd       string            `json:"cwd"` // the working directory, as getcwd gives it
	PID       int               `json:"pid"`
	PPID      int               `json:"ppid"`
	UID       int               `json:"uid"`
	GID       int               `json:"gid"`
	EUID      int               `json:"euid"`
	EGID      int               `json:"egid"`
	Groups    []int             `json:"groups"`
	Umask     int               `json:"umask"`
	Constants map[string]int    `json:"constants"` // fs.constants: the host's open flags and mode bits
}

// newPageConfig makes the page's config for a program started with
// testArgs and env in the runner's working directory.
func newPageConfig(testArgs []string, env map[string]string) (*pageConfig, error) {
	argv := append([]string{"js"}, testArgs...)
	if err := checkArgSize(argv, env); err != nil {
		return nil, err
	}
	// Node's process.cwd() is getcwd(3): the real path, whatever $PWD says.
	cwd, err := syscall.Getwd()
	if err != nil {
		return nil, err
	}
	// Node's process.getgroups() has the effective group too, last if
	// the supplementary groups lack it.
	groups, _ := os.Getgroups()
	if !slices.Contains(groups, os.Getegid()) {
		groups = append(groups, os.Getegid())
	}
	return &pageConfig{
		Argv: argv, Env: env, Cwd: cwd,
		PID: os.Getpid(), PPID: os.Getppid(),
		UID: os.Getuid(), GID: os.Getgid(), EUID: os.Geteuid(), EGID: os.Getegid(),
		Groups: groups,
		Umask:  hostUmask(),
		Constants: map[string]int{
			"O_WRONLY": syscall.O_WRONLY, "O_RDWR": syscall.O_RDWR, "O_CREAT": syscall.O_CREAT,
			"O_TRUNC": syscall.O_TRUNC, "O_APPEND": syscall.O_APPEND, "O_EXCL": syscall.O_EXCL,
			"O_DIRECTORY": syscall.O_DIRECTORY, "O_SYNC": syscall.O_SYNC,
		},
	}, nil
}

// hostUmask reads the runner's umask, which the program starts with. The
// page applies the program's umask itself (see page/host.js); the runner's
// own is cleared once the browser runs (see serveChannel), so that files
// the program creates get exactly the mode it asks for, as under Node.
func hostUmask() int {
	mask := syscall.Umask(0)
	syscall.Umask(mask)
	return mask
}
