package sqlmigrate

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestList(t *testing.T) {
	fsys := fstest.MapFS{
		"migrations/010_later.sql":  {Data: []byte("SELECT 1;")},
		"migrations/002_subs.sql":   {Data: []byte("SELECT 1;")},
		"migrations/001_core.sql":   {Data: []byte("SELECT 1;")},
		"migrations/README.md":      {Data: []byte("not a migration")},
		"migrations/003_outbox.sql": {Data: []byte("SELECT 1;")},
	}
	got, err := List(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range got {
		names = append(names, m.Name)
	}
	want := []string{"001_core.sql", "002_subs.sql", "003_outbox.sql", "010_later.sql"}
	if !slices.Equal(names, want) || got[3].Version != 10 {
		t.Errorf("order %q, want %q", names, want)
	}
	fsys["migrations/002_other.sql"] = &fstest.MapFile{Data: []byte("SELECT 1;")}
	if _, err := List(fsys); err == nil || !strings.Contains(err.Error(), "share a number") {
		t.Errorf("duplicate number: %v", err)
	}
	if _, err := List(fstest.MapFS{"migrations/abc_x.sql": {Data: []byte("")}}); err == nil {
		t.Error("a migration without a number was accepted")
	}
	if _, err := List(fstest.MapFS{}); err == nil {
		t.Error("a missing migrations folder was accepted")
	}
}
