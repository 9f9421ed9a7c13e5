package folder

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

func briefingText(title string) string {
	return title + "\n\nExecutive Summary\n\nLeaders met in Riyadh.\n\nAnalysis\n\nThe talks matter.\n\nSources\n\nhttps://example.org/a\n"
}

// write creates path under dir with content, making parent folders.
func write(t *testing.T, dir, path, content string) string {
	t.Helper()
	p := filepath.Join(dir, path)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func titles(bs []briefs.Briefing) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Title)
	}
	slices.Sort(out)
	return out
}

func rejectedOrigins(rs []briefs.Rejection) map[string]string {
	out := make(map[string]string)
	for _, r := range rs {
		out[r.Origin] = r.Reason
	}
	return out
}

func TestReadMixedFolder(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "one.txt", briefingText("First Briefing"))
	write(t, dir, "sub/deeper/two.md", "# Second Briefing\n\n## Executive Summary\n\nSummit held.\n\n## Analysis\n\nIt matters.\n")
	write(t, dir, "sub/three.markdown", "# Third Briefing\n\n## Executive Summary\n\nMore.\n")
	write(t, dir, ".hidden.txt", briefingText("Hidden"))
	write(t, dir, ".git/four.txt", briefingText("In Hidden Folder"))
	write(t, dir, "notes.pdf", briefingText("Not A Briefing File"))
	empty := write(t, dir, "empty.txt", "")
	binary := write(t, dir, "binary.txt", "\x00\x01\x02\x03binary\x00")
	big := write(t, dir, "big.txt", "Big\n\n"+strings.Repeat("x", 2<<20))
	loop := filepath.Join(dir, "loop.txt")
	if err := os.Symlink(loop, loop); err != nil { // a symlink to itself
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "sub", "back")); err != nil { // a folder loop
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.md"), 0o755); err != nil {
		t.Fatal(err)
	}

	batch, err := Read(dir)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	want := []string{"First Briefing", "Second Briefing", "Third Briefing"}
	if got := titles(batch.Briefings); !slices.Equal(got, want) {
		t.Errorf("titles = %q, want %q", got, want)
	}
	rej := rejectedOrigins(batch.Rejected)
	for _, p := range []string{empty, binary, big, loop} {
		if rej[p] == "" {
			t.Errorf("%s not rejected; rejections: %v", p, rej)
		}
	}
	if len(rej) != 4 {
		t.Errorf("rejections = %v, want 4", rej)
	}
	if got := rej[big]; got != "file is larger than 1 MiB" {
		t.Errorf("big file reason = %q", got)
	}
	if got := rej[binary]; got != "binary data" {
		t.Errorf("binary file reason = %q", got)
	}
	for _, b := range batch.Briefings {
		if !strings.HasPrefix(b.Origin, dir) {
			t.Errorf("%q: origin %q is not the file path", b.Title, b.Origin)
		}
	}
}

func TestReadPaths(t *testing.T) {
	dir := t.TempDir()
	good := write(t, dir, "a/good.txt", briefingText("Good One"))
	other := write(t, dir, "b/other.md", "# Other One\n\n## Analysis\n\nText.\n")
	missing := filepath.Join(dir, "missing")
	emptyDir := filepath.Join(dir, "empty")
	if err := os.Mkdir(emptyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	pdf := write(t, dir, "c/x.pdf", "pdf")

	tests := []struct {
		name     string
		paths    []string
		titles   []string
		rejected []string
		wantErr  bool
	}{
		{name: "single file", paths: []string{good}, titles: []string{"Good One"}},
		{name: "file and folder", paths: []string{good, filepath.Dir(other)}, titles: []string{"Good One", "Other One"}},
		{name: "empty folder", paths: []string{emptyDir}},
		{name: "file named twice and inside a named folder", paths: []string{good, filepath.Dir(good), filepath.Dir(good) + "/./good.txt"}, titles: []string{"Good One"}},
		{name: "missing folder", paths: []string{missing}, rejected: []string{missing}, wantErr: true},
		{name: "missing and good", paths: []string{missing, good}, titles: []string{"Good One"}, rejected: []string{missing}},
		{name: "named file of another kind", paths: []string{pdf}, rejected: []string{pdf}, wantErr: true},
		{name: "no paths", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			batch, err := Read(tt.paths...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if got := titles(batch.Briefings); !slices.Equal(got, tt.titles) {
				t.Errorf("titles = %q, want %q", got, tt.titles)
			}
			var got []string
			for _, r := range batch.Rejected {
				got = append(got, r.Origin)
				if r.Reason == "" {
					t.Errorf("rejection of %s has no reason", r.Origin)
				}
			}
			if !slices.Equal(got, tt.rejected) {
				t.Errorf("rejected = %q, want %q", got, tt.rejected)
			}
		})
	}
}

func TestReadUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their permissions")
	}
	dir := t.TempDir()
	p := write(t, dir, "locked.txt", briefingText("Locked"))
	write(t, dir, "open.txt", briefingText("Open"))
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	batch, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(batch.Briefings); !slices.Equal(got, []string{"Open"}) {
		t.Errorf("titles = %q", got)
	}
	if r := rejectedOrigins(batch.Rejected)[p]; !strings.Contains(r, "permission denied") {
		t.Errorf("reason = %q, want permission denied", r)
	}
}

func TestSourcePollsNewAndChangedFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := write(t, dir, "a.txt", briefingText("Alpha"))
	write(t, dir, "b.txt", briefingText("Beta"))
	write(t, dir, "bad.txt", "")
	src := New(dir, Options{})
	if got := src.Name(); got != "dir:"+dir {
		t.Errorf("Name = %q", got)
	}

	poll := func(step string, wantTitles []string, wantRejected int) {
		t.Helper()
		batch, err := src.Poll(ctx)
		if err != nil {
			t.Fatalf("%s: Poll: %v", step, err)
		}
		if got := titles(batch.Briefings); !slices.Equal(got, wantTitles) {
			t.Errorf("%s: titles = %q, want %q", step, got, wantTitles)
		}
		if len(batch.Rejected) != wantRejected {
			t.Errorf("%s: rejected = %v, want %d", step, batch.Rejected, wantRejected)
		}
	}
	poll("first poll", []string{"Alpha", "Beta"}, 1)
	poll("nothing changed", nil, 0)

	// Touched with identical content: the hash says unchanged.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(a, later, later); err != nil {
		t.Fatal(err)
	}
	poll("touched", nil, 0)

	// Same size, new content and a new mtime.
	write(t, dir, "a.txt", briefingText("Alphb"))
	if err := os.Chtimes(a, later.Add(time.Hour), later.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "c.md", "# Gamma\n\n## Analysis\n\nNew.\n")
	poll("changed and new", []string{"Alphb", "Gamma"}, 0)

	// A deleted file that comes back is new again; the fixed bad file is read.
	if err := os.Remove(filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	poll("deleted", nil, 0)
	write(t, dir, "b.txt", briefingText("Beta"))
	write(t, dir, "bad.txt", briefingText("Fixed"))
	poll("restored", []string{"Beta", "Fixed"}, 0)
}

func TestSourceLargeFileRejectedOnce(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "big.md", strings.Repeat("y", 2<<20))
	src := New(dir, Options{})
	for i, want := range []int{1, 0} {
		batch, err := src.Poll(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(batch.Rejected) != want {
			t.Errorf("poll %d: rejected %v, want %d", i+1, batch.Rejected, want)
		}
	}
}

func TestSourceMissingFolder(t *testing.T) {
	src := New(filepath.Join(t.TempDir(), "gone"), Options{})
	if _, err := src.Poll(context.Background()); err == nil {
		t.Fatal("Poll of a missing folder: no error")
	}
}

func TestSourceCancelled(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", briefingText("Alpha"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := New(dir, Options{}).Poll(ctx); err == nil {
		t.Fatal("Poll with a cancelled context: no error")
	}
}
