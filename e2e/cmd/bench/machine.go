package main

import (
	"bufio"
	"os"
	"regexp"
	"runtime"
	"strings"
)

// Machine is what the numbers were measured on.
type Machine struct {
	CPUs     int    `json:"nproc"`
	CPU      string `json:"cpu"` // model name from /proc/cpuinfo
	OS       string `json:"os"`
	Go       string `json:"go"`
	Chromium string `json:"chromium"` // the browser's version
}

func thisMachine(product string) Machine {
	return Machine{
		CPUs:     runtime.NumCPU(),
		CPU:      cpuModel(),
		OS:       runtime.GOOS + "/" + runtime.GOARCH,
		Go:       runtime.Version(),
		Chromium: chromiumVersion(product),
	}
}

// cpuModel returns the first "model name" of /proc/cpuinfo, or "" off Linux.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		key, value, ok := strings.Cut(scanner.Text(), ":")
		if ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return ""
}

var chromeVersion = regexp.MustCompile(`Chrome/([0-9.]+)`)

// chromiumVersion picks the version out of the browser's product name,
// "HeadlessChrome/156.0.8078.108". The page's user agent would say
// 156.0.0.0: Chromium reduces it.
func chromiumVersion(product string) string {
	if m := chromeVersion.FindStringSubmatch(product); m != nil {
		return m[1]
	}
	return product
}
