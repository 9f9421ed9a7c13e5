// Package storetest is the contract suite every briefs.Store implementation must pass. An
// implementation's test calls Run with a function opening a fresh, empty store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// Run runs the whole contract against stores made by open; each sub-test gets a fresh empty store.
func Run(t *testing.T, open func(t *testing.T) briefs.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, briefs.Store)
	}{
		{"SaveAndRead", testSaveAndRead},
		{"SaveInvalid", testSaveInvalid},
		{"IdempotentSave", testIdempotentSave},
		{"UpdateKeepsPlace", testUpdateKeepsPlace},
		{"UpdateMatchesTitleOrURL", testUpdateMatchesTitleOrURL},
		{"ChainFromShuffledArrival", testChainFromShuffledArrival},
		{"PendingLinkResolvesLater", testPendingLinkResolvesLater},
		{"ConflictingLinksWarn", testConflictingLinksWarn},
		{"NotFound", testNotFound},
		{"BriefingsSince", testBriefingsSince},
		{"HugeText", testHugeText},
		{"SurnameResolvesEitherOrder", testSurnameResolvesEitherOrder},
		{"SurnameAmbiguous", testSurnameAmbiguous},
		{"Mononym", testMononym},
		{"RoleHistory", testRoleHistory},
		{"FindPeople", testFindPeople},
		{"FindPeopleHostile", testFindPeopleHostile},
		{"PeopleNamesAndTop", testPeopleNamesAndTop},
		{"UpdateReplacesMentions", testUpdateReplacesMentions},
		{"Search", testSearch},
		{"SearchHostile", testSearchHostile},
		{"FindByTitle", testFindByTitle},
		{"Cursors", testCursors},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { s.Close() })
			tt.fn(t, s)
		})
	}
}

var day0 = time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)

// day returns the date n days after 1 February 2025.
func day(n int) time.Time { return day0.AddDate(0, 0, n) }

// brief returns a briefing dated day d with Previous/Next titles ("" for none).
func brief(title string, d int, prev, next string) *briefs.Briefing {
	return &briefs.Briefing{
		Title:     title,
		Published: day(d),
		Summary:   "Summary of " + title + ".",
		Analysis:  "Analysis of " + title + ".\n\nA second paragraph.",
		Prev:      briefs.Link{Title: prev},
		Next:      briefs.Link{Title: next},
	}
}

// person is a full-name mention.
func person(name, role string) briefs.Mention {
	return briefs.Mention{Name: name, Key: briefs.PersonKey(name), Surname: briefs.SurnameKey(name), Role: role,
		Sentence: name + " said something.", Count: 1}
}

// surnameOnly is a mention that gives only a surname.
func surnameOnly(surname string) briefs.Mention {
	return briefs.Mention{Name: surname, Key: briefs.PersonKey(surname), Surname: briefs.SurnameKey(surname),
		Partial: true, Sentence: surname + " said something.", Count: 1}
}

func save(t *testing.T, s briefs.Store, b *briefs.Briefing, ms ...briefs.Mention) briefs.Outcome {
	t.Helper()
	out, err := s.SaveBriefing(context.Background(), b, ms)
	if err != nil {
		t.Fatalf("SaveBriefing(%q): %v", b.Title, err)
	}
	return out
}

func relink(t *testing.T, s briefs.Store) []string {
	t.Helper()
	w, err := s.Relink(context.Background())
	if err != nil {
		t.Fatalf("Relink: %v", err)
	}
	return w
}

// chainTitles walks the chain from the first briefing with Neighbour and returns the titles.
func chainTitles(t *testing.T, s briefs.Store) []string {
	t.Helper()
	ctx := context.Background()
	b, err := s.Latest(ctx)
	if err != nil {
		t.Fatalf("Latest: %v", err)
	}
	var back []string
	for i := 0; ; i++ {
		back = append(back, b.Title)
		if b.Seq != 0 && i == 0 {
			n, _ := s.CountBriefings(ctx)
			if b.Seq != n {
				t.Errorf("latest %q has seq %d, want %d", b.Title, b.Seq, n)
			}
		}
		p, err := s.Neighbour(ctx, b.ID, -1)
		if errors.Is(err, briefs.ErrNotFound) {
			break
		}
		if err != nil {
			t.Fatalf("Neighbour(%d, -1): %v", b.ID, err)
		}
		if p.Seq != b.Seq-1 {
			t.Errorf("%q (seq %d) precedes %q (seq %d)", p.Title, p.Seq, b.Title, b.Seq)
		}
		if i > 10000 {
			t.Fatal("chain does not end")
		}
		b = p
	}
	out := make([]string, len(back))
	for i, title := range back {
		out[len(back)-1-i] = title
	}
	return out
}

func wantKind(t *testing.T, err, kind error, what string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf("%s: error %v, want %v", what, err, kind)
	}
	if _, ok := briefs.UserMessage(err); err != nil && !ok {
		t.Errorf("%s: error %v has no user message", what, err)
	}
}

func fmtTitles(bs []briefs.Briefing) string {
	out := "["
	for i, b := range bs {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", b.Title)
	}
	return out + "]"
}
