// Package sqlmigrate lists a store's numbered migration files (migrations/NNN_name.sql) in the
// order they apply. Each store applies them with its own driver and records them itself.
package sqlmigrate

import (
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// File is one migration: its number and its file name under migrations/.
type File struct {
	Version int
	Name    string
}

// List returns the NNN_name.sql files of fsys's migrations folder by number; other files are
// ignored, and two files with one number, or a .sql file without a number, are errors.
func List(fsys fs.FS) ([]File, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []File
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		if e.IsDir() || !ok || !strings.HasSuffix(name, ".sql") {
			continue
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", name)
		}
		out = append(out, File{v, name})
	}
	slices.SortFunc(out, func(a, b File) int { return a.Version - b.Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations %s and %s share a number", out[i-1].Name, out[i].Name)
		}
	}
	return out, nil
}
