package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/briefs"
)

func testSearch(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	inTitle := brief("Greenland Purchase Talks Resume", 1, "", "")
	inSummary := brief("Arctic Shipping Routes", 2, "", "")
	inSummary.Summary = "Denmark rejects any Greenland deal."
	inAnalysis := brief("Nordic Defence Spending", 3, "", "")
	inAnalysis.Analysis = "Budgets rise. Analysts link it to Greenland only in passing, among many other long words."
	accented := brief("Polish Diplomacy", 4, "", "")
	accented.Summary = "Radosław Sikorski met Kaja Kallas in Brussels."
	for _, b := range []*briefs.Briefing{inAnalysis, inSummary, inTitle, accented} {
		save(t, s, b)
	}
	relink(t, s)
	hits, err := s.Search(ctx, "Greenland", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hits {
		got = append(got, h.Briefing.Title)
		if !strings.Contains(strings.ToLower(h.Snippet), "greenland") {
			t.Errorf("snippet %q of %q lacks the word", h.Snippet, h.Briefing.Title)
		}
	}
	want := []string{inTitle.Title, inSummary.Title, inAnalysis.Title}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("ranking %q, want title, then summary, then analysis match: %q", got, want)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i].Rank > hits[i-1].Rank {
			t.Errorf("hit %d ranks %v above hit %d (%v)", i, hits[i].Rank, i-1, hits[i-1].Rank)
		}
	}
	for _, q := range []string{"radoslaw", "RADOSŁAW sikorski", "sikorski brussels"} {
		if hits, err := s.Search(ctx, q, 5); err != nil || len(hits) != 1 || hits[0].Briefing.ID != accented.ID {
			t.Errorf("Search(%q) = %d hits, %v; want the Polish briefing", q, len(hits), err)
		}
	}
	// every word must match when some briefing has them all
	if hits, _ := s.Search(ctx, "Greenland Denmark", 10); len(hits) != 1 || hits[0].Briefing.ID != inSummary.ID {
		t.Errorf("two words: %d hits", len(hits))
	}
	if hits, err := s.Search(ctx, "Greenland", 1); err != nil || len(hits) != 1 {
		t.Errorf("limit 1: %d hits, %v", len(hits), err)
	}
	if hits, err := s.Search(ctx, "xylophone", 10); err != nil || len(hits) != 0 {
		t.Errorf("no match: %d hits, %v", len(hits), err)
	}
}

func testSearchHostile(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	b := brief("Near East Ceasefire", 1, "", "")
	b.Summary = "Talks near Cairo; the OR clause and NOT the AND."
	save(t, s, b)
	relink(t, s)
	invalid := []string{"", "   ", `"`, `*`, `-`, `(((`, `"""`, `:`, `^`, `'`, "\x00", `{}`, `+-*/`}
	for _, q := range invalid {
		_, err := s.Search(ctx, q, 5)
		wantKind(t, err, briefs.ErrInvalid, "Search("+q+")")
		if msg, _ := briefs.UserMessage(err); msg == "" {
			t.Errorf("Search(%q): no message for the user", q)
		}
	}
	inert := []string{`NEAR(`, `near(cairo`, `ceasefire*`, `-ceasefire`, `title:ceasefire`, `"ceasefire`,
		`ceasefire OR`, `AND`, `NOT cairo`, `'; DROP TABLE briefings; --`, `ceasefire" OR "x`, `{title}: near`,
		`ceasefire^`, `NEAR(ceasefire cairo, 1)`, strings.Repeat("ceasefire ", 5000), strings.Repeat("x", 100000)}
	for _, q := range inert {
		if _, err := s.Search(ctx, q, 5); err != nil && !errors.Is(err, briefs.ErrInvalid) {
			t.Errorf("Search(%.40q) failed: %v", q, err)
		}
	}
	// operators are words like any other
	for _, q := range []string{"NEAR(", "OR", "NOT cairo", "ceasefire*", "-ceasefire"} {
		if hits, err := s.Search(ctx, q, 5); err != nil || len(hits) != 1 {
			t.Errorf("Search(%q) = %d hits, %v; want the briefing", q, len(hits), err)
		}
	}
	if n, err := s.CountBriefings(ctx); err != nil || n != 1 {
		t.Errorf("store damaged by hostile queries: count %d, %v", n, err)
	}
}

func testFindByTitle(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	for i, title := range []string{"Trump and Putin Announce Talks", "Putin Responds", "Talks in Riyadh with Putin and Trump", "Trump and Putin"} {
		save(t, s, brief(title, i, "", ""))
	}
	relink(t, s)
	got, err := s.FindByTitle(ctx, "trump putin", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Errorf("FindByTitle(trump putin) = %s, want the 3 titles with both words", fmtTitles(got))
	}
	if got, _ := s.FindByTitle(ctx, "Trump and Putin", 10); len(got) == 0 || got[0].Title != "Trump and Putin" {
		t.Errorf("exact title is not first: %s", fmtTitles(got))
	}
	if got, _ := s.FindByTitle(ctx, "riyadh", 10); len(got) != 1 {
		t.Errorf("FindByTitle(riyadh) = %s", fmtTitles(got))
	}
	if got, _ := s.FindByTitle(ctx, "Second paragraph", 10); len(got) != 0 {
		t.Errorf("FindByTitle matched analysis text: %s", fmtTitles(got))
	}
	_, err = s.FindByTitle(ctx, `"*(`, 10)
	wantKind(t, err, briefs.ErrInvalid, "FindByTitle(punctuation)")
	if _, err := s.FindByTitle(ctx, `NEAR( title: "x`, 10); err != nil {
		t.Errorf("hostile FindByTitle: %v", err)
	}
}

func testCursors(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	a, b := brief("Cursor A", 1, "", ""), brief("Cursor B", 2, "", "")
	save(t, s, a)
	save(t, s, b)
	tg, dc := briefs.ChatRef{Platform: "telegram", ID: "-100"}, briefs.ChatRef{Platform: "discord", ID: "-100"}
	if id, err := s.Cursor(ctx, tg); err != nil || id != 0 {
		t.Errorf("new chat cursor %d, %v; want 0", id, err)
	}
	if err := s.SetCursor(ctx, tg, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCursor(ctx, dc, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCursor(ctx, tg, b.ID); err != nil {
		t.Fatal(err)
	}
	if id, _ := s.Cursor(ctx, tg); id != b.ID {
		t.Errorf("telegram cursor %d, want %d", id, b.ID)
	}
	if id, _ := s.Cursor(ctx, dc); id != b.ID {
		t.Errorf("discord cursor %d, want %d", id, b.ID)
	}
	wantKind(t, s.SetCursor(ctx, tg, 99999), briefs.ErrNotFound, "cursor to an unknown briefing")
	if id, _ := s.Cursor(ctx, tg); id != b.ID {
		t.Errorf("failed SetCursor changed the cursor to %d", id)
	}
	wantKind(t, s.SetCursor(ctx, briefs.ChatRef{}, a.ID), briefs.ErrInvalid, "cursor of no chat")
	if err := s.SetCursor(ctx, tg, 0); err != nil {
		t.Fatal(err)
	}
	if id, _ := s.Cursor(ctx, tg); id != 0 {
		t.Errorf("cursor after reset %d", id)
	}
}
