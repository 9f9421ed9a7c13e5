package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefs"
)

// TestTextPostgreSQLCannotHold saves what PostgreSQL text cannot store as given: NUL bytes and
// invalid UTF-8 are dropped or replaced, and saving the same input again is Unchanged.
func TestTextPostgreSQLCannotHold(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	in := briefs.Briefing{Title: "Nul\x00 and \xff bytes", Summary: "Before\x00after \xc3\x28 end.", Sources: []string{"a\x00b"}}
	b := in
	ms := []briefs.Mention{{Name: "Kaja\x00 Kallas", Role: "EU\x00 chief\xff", Sentence: "x\x00y", Count: 1}}
	if out, err := s.SaveBriefing(ctx, &b, ms); err != nil || out != briefs.Added {
		t.Fatalf("save: %v, %v", out, err)
	}
	got, err := s.Briefing(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsRune(got.Title+got.Summary+got.Sources[0], 0) || got.Summary != "Beforeafter \uFFFD( end." {
		t.Errorf("stored %q / %q", got.Title, got.Summary)
	}
	again := in
	if out, err := s.SaveBriefing(ctx, &again, ms); err != nil || out != briefs.Unchanged || again.ID != b.ID {
		t.Errorf("same input again: %v, %v", out, err)
	}
	if hits, err := s.Search(ctx, "beforeafter", 5); err != nil || len(hits) != 1 {
		t.Errorf("search: %d hits, %v", len(hits), err)
	}
	if ps, err := s.FindPeople(ctx, "Kallas", 5); err != nil || len(ps) != 1 || strings.ContainsRune(ps[0].Name, 0) {
		t.Errorf("FindPeople = %+v, %v", ps, err)
	}
	chat := briefs.ChatRef{Platform: "console", ID: "me\x00"}
	if err := s.SetCursor(ctx, chat, b.ID); err != nil {
		t.Fatal(err)
	}
	if id, err := s.Cursor(ctx, chat); err != nil || id != b.ID {
		t.Errorf("cursor %d, %v", id, err)
	}
}

// TestTooManyWordsToIndex saves a text whose full-text document would pass PostgreSQL's 1 MB
// limit: it is refused as invalid input and the store carries on.
func TestTooManyWordsToIndex(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var sb strings.Builder
	for i := 0; sb.Len() < 2<<20; i++ {
		fmt.Fprintf(&sb, "w%07dx ", i)
	}
	b := briefs.Briefing{Title: "Word salad", Analysis: sb.String()}
	if _, err := s.SaveBriefing(ctx, &b, nil); !errors.Is(err, briefs.ErrInvalid) {
		t.Errorf("save: %v, want invalid input", err)
	}
	if _, err := s.SaveBriefings(ctx, []*briefs.Briefing{&b}, [][]briefs.Mention{nil}); !errors.Is(err, briefs.ErrInvalid) {
		t.Errorf("bulk save: %v, want invalid input", err)
	}
	long := briefs.Briefing{Title: strings.Repeat("Long title ", 300)}
	if _, err := s.SaveBriefing(ctx, &long, nil); !errors.Is(err, briefs.ErrInvalid) {
		t.Errorf("long title: %v, want invalid input", err)
	}
	ok := briefs.Briefing{Title: "Fine"}
	if _, err := s.SaveBriefing(ctx, &ok, nil); err != nil {
		t.Errorf("a normal save after the refusals: %v", err)
	}
	if n, _ := s.CountBriefings(ctx); n != 1 {
		t.Errorf("count %d, want 1", n)
	}
}
