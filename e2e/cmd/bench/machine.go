package main

import (
	"bufio"
	"os"
	"regexp"
	"runtime"
	"strings"
)

// Machine is what the numbers were measured on. The engines' versions are
// in the report's runs.
type Machine struct {
	CPUs int    `json:"nproc"`
	CPU  string `json:"cpu"` // model name from /proc/cpuinfo
	OS   string `json:"os"`
	Go   string `json:"go"`
	// LoadBefore and LoadAfter are /proc/loadavg's 1, 5 and 15 minute load
	// averages when the measurements started and ended: the machine may
	// be shared, which ratios taken side by side withstand and absolute
	// times do not.
	LoadBefore string `json:"loadBefore"`
	LoadAfter  string `json:"loadAfter"`
}

func thisMachine() Machine {
	return Machine{
		CPUs:       runtime.NumCPU(),
		CPU:        cpuModel(),
		OS:         runtime.GOOS + "/" + runtime.GOARCH,
		Go:         runtime.Version(),
		LoadBefore: loadAverage(),
	}
}

// loadAverage returns the first three fields of /proc/loadavg, or "" off
// Linux.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	fields := strings.Fields(string(data))
	return strings.Join(fields[:min(3, len(fields))], " ")
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
