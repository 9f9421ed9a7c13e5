// Package folder reads briefings from text and Markdown files on disk: once, for `briefbot ingest`,
// or repeatedly as a scheduler source that reports only new and changed files.
package folder

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/briefbot/briefbot/briefs"
)

// maxFileBytes is the largest file read; larger files are rejected without reading them.
const maxFileBytes = briefs.MaxBriefingBytes

// Read reads briefings from files and folders (recursively). Folders contribute their .txt, .md
// and .markdown files, skipping hidden files and folders, other files and symlinked folders. Each
// file that cannot be read or parsed is a Rejection naming it; one bad file never stops the rest.
// Read fails only when no path could be read at all.
func Read(paths ...string) (briefs.Batch, error) {
	var batch briefs.Batch
	if len(paths) == 0 {
		return batch, errors.New("folder: no paths to read")
	}
	var errs []error
	read := make(map[string]bool)
	for _, p := range paths {
		files, rejected, err := listFiles(p)
		batch.Rejected = append(batch.Rejected, rejected...)
		if err != nil {
			errs = append(errs, err)
			batch.Rejected = append(batch.Rejected, briefs.Rejection{Origin: p, Reason: reason(err)})
			continue
		}
		for _, f := range files {
			if key := filepath.Clean(f.path); read[key] {
				continue // named twice, or a file inside a folder also named
			} else {
				read[key] = true
			}
			data, err := readFile(f.path, f.info)
			if err != nil {
				batch.Rejected = append(batch.Rejected, briefs.Rejection{Origin: f.path, Reason: reason(err)})
				continue
			}
			b, err := briefs.Parse(f.path, data, f.info.ModTime())
			if err != nil {
				batch.Rejected = append(batch.Rejected, briefs.Rejection{Origin: f.path, Reason: reason(err)})
				continue
			}
			batch.Briefings = append(batch.Briefings, b)
		}
	}
	if len(errs) == len(paths) {
		return batch, fmt.Errorf("folder: unable to read any path: %w", errors.Join(errs...))
	}
	return batch, nil
}

// file is a candidate briefing file found on disk.
type file struct {
	path string
	info fs.FileInfo // of the file itself, symlinks followed
}

// listFiles returns the briefing files at path: path itself when it is a file, else the
// briefing files below it. An error means path could not be read at all; files below it that
// could not be examined are returned as rejections.
func listFiles(path string) ([]file, []briefs.Rejection, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("folder: unable to read %s: %w", path, err)
	}
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			return nil, nil, &fs.PathError{Op: "read", Path: path, Err: errors.New("not a regular file")}
		}
		if !isBriefingName(info.Name()) {
			return nil, nil, &fs.PathError{Op: "read", Path: path, Err: errors.New("not a .txt, .md or .markdown file")}
		}
		return []file{{path: path, info: info}}, nil, nil
	}
	var (
		files    []file
		rejected []briefs.Rejection
	)
	if err := walk(path, &files, &rejected); err != nil {
		return nil, nil, err
	}
	return files, rejected, nil
}

// walk collects the briefing files under dir in name order. Symlinked folders are not followed,
// so a symlink loop cannot make it run forever.
func walk(dir string, files *[]file, rejected *[]briefs.Rejection) error {
	entries, err := os.ReadDir(dir)
	if err != nil && len(entries) == 0 {
		return fmt.Errorf("folder: unable to list %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(dir, name)
		if e.IsDir() {
			if err := walk(p, files, rejected); err != nil {
				*rejected = append(*rejected, briefs.Rejection{Origin: p, Reason: reason(err)})
			}
			continue
		}
		if !isBriefingName(name) {
			continue
		}
		info, err := os.Stat(p) // follows a symlinked file
		if err != nil {
			*rejected = append(*rejected, briefs.Rejection{Origin: p, Reason: reason(err)})
			continue
		}
		if info.IsDir() {
			continue // a symlinked folder: not followed
		}
		if !info.Mode().IsRegular() {
			*rejected = append(*rejected, briefs.Rejection{Origin: p, Reason: "not a regular file"})
			continue
		}
		*files = append(*files, file{path: p, info: info})
	}
	return nil
}

func isBriefingName(name string) bool {
	if strings.HasPrefix(name, ".") {
		return false
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".md", ".markdown":
		return true
	}
	return false
}

// readFile reads a briefing file, refusing one larger than the parser accepts without reading it.
func readFile(path string, info fs.FileInfo) ([]byte, error) {
	if info.Size() > maxFileBytes {
		return nil, errTooLarge
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("folder: unable to open %s: %w", path, err)
	}
	defer f.Close()
	// The file may have grown since it was examined: read one byte more than allowed to notice.
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("folder: unable to read %s: %w", path, err)
	}
	if len(data) > maxFileBytes {
		return nil, errTooLarge
	}
	return data, nil
}

var errTooLarge = briefs.Errorf(briefs.ErrInvalid, "file is larger than 1 MiB")

// reason turns an error into the plain words of a Rejection.
func reason(err error) string {
	if msg, ok := briefs.UserMessage(err); ok {
		return msg
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}
