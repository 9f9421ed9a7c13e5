//go:build unix

package folder

import (
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// A named pipe would block a reader forever: it must be refused without being opened.
func TestReadSkipsNamedPipe(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "good.txt", briefingText("Good"))
	pipe := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	batch, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(batch.Briefings); !slices.Equal(got, []string{"Good"}) {
		t.Errorf("titles = %q", got)
	}
	if r := rejectedOrigins(batch.Rejected)[pipe]; r != "not a regular file" {
		t.Errorf("pipe reason = %q", r)
	}
	if _, err := Read(pipe); err == nil {
		t.Error("Read of a named pipe: no error")
	}
}
