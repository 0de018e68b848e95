package suites

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// copyTree copies the directories and regular files below src to dst,
// writable by their owner: a module in the module cache is read-only, and
// go test writes beside the sources it tests. Anything else (a symlink, a
// device) is an error; module zips hold none.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return os.WriteFile(target, data, 0o644)
		default:
			return fmt.Errorf("copying %s: not a regular file or directory (%v)", path, d.Type())
		}
	})
}
