package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefs/samples"
)

// result is one in-process run of the command line.
type result struct {
	stdout, stderr string
	code           int
	err            error
}

func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb strings.Builder
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return result{stdout: out.String(), stderr: errb.String(), code: exitCode(err), err: err}
}

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "test.db") }

// sampleDB returns a database holding the ingested samples.
func sampleDB(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	if r := runCLI(t, "", "ingest", "--db", db, "--sample"); r.code != 0 {
		t.Fatalf("ingest --sample: %v\n%s%s", r.err, r.stdout, r.stderr)
	}
	return db
}

// sampleDir writes the sample briefings as files into a new folder.
func sampleDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := samples.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestIngestSample(t *testing.T) {
	db := tempDB(t)
	r := runCLI(t, "", "ingest", "--db", db, "--sample")
	if r.code != 0 || !strings.Contains(r.stdout, "added 7, updated 0, unchanged 0, rejected 0") {
		t.Fatalf("first ingest: code %d %v\n%s", r.code, r.err, r.stdout)
	}
	r = runCLI(t, "", "ingest", "--sample", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "added 0, updated 0, unchanged 7, rejected 0") {
		t.Fatalf("second ingest: code %d %v\n%s", r.code, r.err, r.stdout)
	}
}

func TestIngestFolderWithOneBadFile(t *testing.T) {
	dir := sampleDir(t)
	if err := os.WriteFile(filepath.Join(dir, "broken.txt"), []byte("\n\n   \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing")
	r := runCLI(t, "", "ingest", dir, "--db", tempDB(t), missing)
	if r.code != 0 {
		t.Fatalf("code %d: %v\n%s", r.code, r.err, r.stdout)
	}
	for _, want := range []string{"added 7, updated 0, unchanged 0, rejected 2", "rejected " + filepath.Join(dir, "broken.txt") + ": ",
		"rejected " + missing + ": "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestIngestFailures(t *testing.T) {
	empty := t.TempDir()
	onlyBad := t.TempDir()
	if err := os.WriteFile(filepath.Join(onlyBad, "x.md"), []byte{0, 1, 2, 3, 0, 0, 0}, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string // in stdout+stderr+error
	}{
		{"no paths", []string{"ingest"}, 2, "give files or folders"},
		{"paths and sample", []string{"ingest", "--sample", empty}, 2, "not both"},
		{"bad flag", []string{"ingest", "--nope", empty}, 2, "flag provided but not defined"},
		{"missing path", []string{"ingest", filepath.Join(empty, "nope")}, 1, "rejected " + filepath.Join(empty, "nope")},
		{"empty folder", []string{"ingest", empty}, 1, "no briefing files"},
		{"only a bad file", []string{"ingest", onlyBad}, 1, "rejected " + filepath.Join(onlyBad, "x.md")},
		{"unreachable postgres", []string{"ingest", "--sample", "--db", "postgres://u@127.0.0.1:1/db"}, 1, "opening PostgreSQL database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{}, tt.args...)
			if !strings.Contains(strings.Join(args, " "), "--db") {
				args = append(args, "--db", tempDB(t))
			}
			r := runCLI(t, "", args...)
			all := r.stdout + r.stderr
			if r.err != nil {
				all += r.err.Error()
			}
			if r.code != tt.code || !strings.Contains(all, tt.want) {
				t.Errorf("code %d (want %d), output lacks %q?\n%s", r.code, tt.code, tt.want, all)
			}
		})
	}
}

func TestAskLatestWhoAndWalk(t *testing.T) {
	db := sampleDB(t)
	r := runCLI(t, "", "ask", "--db", db, "/latest")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "EU Leaders Back Joint Arctic Surveillance") || !strings.Contains(r.stdout, "[Prev: /prev]") {
		t.Fatalf("/latest: code %d\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", "ask", "--db", db, "/who", "Rubio")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Marco Rubio\n") {
		t.Fatalf("/who Rubio: code %d\n%s", r.code, r.stdout)
	}
	files, _ := samples.Files()
	var walked []string
	for i := 0; i < len(files); i++ {
		r = runCLI(t, "", "ask", "--db", db, "--chat", "me", "/next")
		if r.code != 0 {
			t.Fatalf("/next %d: code %d %v\n%s", i, r.code, r.err, r.stdout)
		}
		walked = append(walked, strings.SplitN(r.stdout, "\n", 2)[0])
	}
	if !strings.HasPrefix(walked[0], "NATO Allies") || !strings.HasPrefix(walked[len(walked)-1], "EU Leaders") {
		t.Errorf("walk = %q", walked)
	}
	r = runCLI(t, "", "ask", "--db", db, "--chat", "me", "/next")
	if r.code != 0 || !strings.Contains(r.stdout, "newest briefing") {
		t.Errorf("past the end: code %d\n%s", r.code, r.stdout)
	}
	// Another chat id keeps its own place.
	if r = runCLI(t, "", "ask", "--db", db, "--chat", "other", "/next"); !strings.HasPrefix(r.stdout, "NATO Allies") {
		t.Errorf("other chat: %s", r.stdout)
	}
}

func TestAskBadInput(t *testing.T) {
	db := sampleDB(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", []string{"ask", "--db", db}, "give one command"},
		{"blank command", []string{"ask", "--db", db, "   "}, "give one command"},
		{"who without name", []string{"ask", "--db", db, "/who"}, "Who?"},
		{"unknown command", []string{"ask", "--db", db, "/bogus"}, "I don't know /bogus"},
		{"no slash", []string{"ask", "--db", db, "who", "Rubio"}, "slash"},
		{"too long", []string{"ask", "--db", db, "/search " + strings.Repeat("x", 300)}, "too long"},
		{"bad flag", []string{"ask", "--chatroom", "x", "/latest"}, "flag provided but not defined"},
		{"empty chat", []string{"ask", "--db", db, "--chat", "", "/latest"}, "--chat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, "", tt.args...)
			all := r.stdout + r.stderr
			if r.err != nil {
				all += r.err.Error()
			}
			if r.code != 2 || !strings.Contains(all, tt.want) {
				t.Errorf("code %d, want 2 and %q in:\n%s", r.code, tt.want, all)
			}
		})
	}
}

func TestDBFromEnvironment(t *testing.T) {
	db := sampleDB(t)
	t.Setenv("BRIEFBOT_DB", db)
	r := runCLI(t, "", "ask", "/latest")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "EU Leaders") {
		t.Fatalf("BRIEFBOT_DB not used: code %d %v\n%s", r.code, r.err, r.stdout)
	}
	// The flag wins over the environment.
	r = runCLI(t, "", "ask", "--db", tempDB(t), "/latest")
	if r.code != 2 || !strings.Contains(r.stdout, "any briefings yet") {
		t.Fatalf("--db did not win: code %d\n%s", r.code, r.stdout)
	}
}

func TestChatOffersSamples(t *testing.T) {
	db := tempDB(t)
	r := runCLI(t, "y\n/latest\n/who Rubbio\n/quit\n", "chat", "--db", db)
	if r.code != 0 {
		t.Fatalf("code %d: %v\n%s", r.code, r.err, r.stdout)
	}
	for _, want := range []string{"Ingest the sample briefings? [y/N]", "added 7", "EU Leaders Back Joint Arctic", "Did you mean Marco Rubio?"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("chat output lacks %q:\n%s", want, r.stdout)
		}
	}
	// Declining leaves the store empty; a filled store is not offered samples again.
	r = runCLI(t, "n\n/latest\n", "chat", "--db", tempDB(t))
	if !strings.Contains(r.stdout, "empty store") || !strings.Contains(r.stdout, "any briefings yet") {
		t.Errorf("declined: %s", r.stdout)
	}
	r = runCLI(t, "/latest\n", "chat", "--db", db)
	if strings.Contains(r.stdout, "[y/N]") || !strings.Contains(r.stdout, "EU Leaders") {
		t.Errorf("filled store: %s", r.stdout)
	}
	if r = runCLI(t, "", "chat", "--db", db, "extra"); r.code != 2 {
		t.Errorf("chat with an argument: code %d", r.code)
	}
}

func TestTopLevel(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage: briefbot"},
		{[]string{"help"}, 0, "ingest"},
		{[]string{"--help"}, 0, "ask"},
		{[]string{"version"}, 0, "briefbot dev"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"ingest", "-h"}, 0, "--sample"},
	}
	for _, tt := range tests {
		r := runCLI(t, "", tt.args...)
		all := r.stdout + r.stderr
		if r.err != nil {
			all += r.err.Error()
		}
		if r.code != tt.code || !strings.Contains(all, tt.want) {
			t.Errorf("%q: code %d (want %d), output lacks %q:\n%s", tt.args, r.code, tt.code, tt.want, all)
		}
	}
}
