package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/sqlmigrate"
	"github.com/briefbot/briefbot/briefs/storetest"
)

func openTemp(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "briefbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) briefs.Store { return openTemp(t) })
}

func TestOpenMemory(t *testing.T) {
	s, err := Open(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := briefs.Briefing{Title: "In memory"}
	if _, err := s.SaveBriefing(context.Background(), &b, nil); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountBriefings(context.Background()); err != nil || n != 1 {
		t.Errorf("count %d, %v", n, err)
	}
}

func TestOpenPragmasAndFTS5(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	defer s.Close()
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "1", "busy_timeout": "10000"} {
		var got string
		if err := s.db.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q, %v; want %q", pragma, got, err, want)
		}
	}
	var fts int
	if err := s.db.QueryRowContext(ctx, `SELECT sqlite_compileoption_used('ENABLE_FTS5')`).Scan(&fts); err != nil || fts != 1 {
		t.Errorf("FTS5 compiled in: %d, %v", fts, err)
	}
}

func TestMigrationsAppliedOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	for i := range 3 {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open #%d: %v", i, err)
		}
		var n, v int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &v); err != nil {
			t.Fatal(err)
		}
		files, _ := sqlmigrate.List(migrations)
		if n != len(files) || v != files[len(files)-1].Version {
			t.Errorf("open #%d: %d migrations recorded up to %d, want %d", i, n, v, len(files))
		}
		s.Close()
	}
}

func TestQueryWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`NEAR(ukraine, 3)`, []string{"NEAR", "ukraine", "3"}},
		{`"*-:^{}()`, nil},
		{`Radosław's "plan"`, []string{"Radosław", "s", "plan"}},
		{strings.Repeat("a ", 100), slices.Repeat([]string{"a"}, maxQueryWords)},
	}
	for _, tt := range tests {
		if got := queryWords(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("queryWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := matchExpr([]string{"a", "b"}, "title", "AND", true); got != `title : "a" AND title : "b"*` {
		t.Errorf("matchExpr = %s", got)
	}
	if w := queryWords(strings.Repeat("é", 200)); len(w) != 1 || len(w[0]) > maxWordBytes {
		t.Errorf("long word not cut: %d bytes", len(w[0]))
	}
}

func TestSaveBriefings(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	defer s.Close()
	first := &briefs.Briefing{Title: "Batch One", Next: briefs.Link{Title: "Batch Two"}}
	if _, err := s.SaveBriefing(ctx, first, nil); err != nil {
		t.Fatal(err)
	}
	again := *first
	bs := []*briefs.Briefing{
		{Title: "Batch Three", Prev: briefs.Link{Title: "Batch Two"}},
		&again,
		{Title: "Batch Two", Prev: briefs.Link{Title: "Batch One"}},
	}
	ms := [][]briefs.Mention{{{Name: "Kaja Kallas", Key: "kaja kallas", Surname: "kallas", Count: 1}}, nil, nil}
	out, err := s.SaveBriefings(ctx, bs, ms)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out, []briefs.Outcome{briefs.Added, briefs.Unchanged, briefs.Added}) || again.ID != first.ID {
		t.Errorf("outcomes %v, unchanged ID %d want %d", out, again.ID, first.ID)
	}
	if _, err := s.Relink(ctx); err != nil {
		t.Fatal(err)
	}
	if b, err := s.Latest(ctx); err != nil || b.Title != "Batch Three" || b.Seq != 3 {
		t.Errorf("latest %q seq %d, %v", b.Title, b.Seq, err)
	}
	if ps, err := s.FindPeople(ctx, "Kallas", 5); err != nil || len(ps) != 1 || ps[0].Briefings != 1 {
		t.Errorf("mentions of a batch: %+v, %v", ps, err)
	}
	// all or nothing
	_, err = s.SaveBriefings(ctx, []*briefs.Briefing{{Title: "Batch Four"}, {Title: " "}}, make([][]briefs.Mention, 2))
	if !errors.Is(err, briefs.ErrInvalid) {
		t.Errorf("invalid batch: %v", err)
	}
	if _, err := s.SaveBriefings(ctx, []*briefs.Briefing{{Title: "Batch Five"}}, nil); err == nil {
		t.Error("mention lists of the wrong length were accepted")
	}
	if n, _ := s.CountBriefings(ctx); n != 3 {
		t.Errorf("count %d after failed batches, want 3", n)
	}
	// one briefing twice in a batch: added, then updated before its text was indexed
	v1 := &briefs.Briefing{Title: "Batch Six", Summary: "Walruses gather."}
	v2 := &briefs.Briefing{Title: "Batch Six", Summary: "Narwhals gather."}
	out, err = s.SaveBriefings(ctx, []*briefs.Briefing{v1, v2}, make([][]briefs.Mention, 2))
	if err != nil || !slices.Equal(out, []briefs.Outcome{briefs.Added, briefs.Updated}) || v1.ID != v2.ID {
		t.Fatalf("same briefing twice: %v, %v", out, err)
	}
	if hits, _ := s.Search(ctx, "walruses", 5); len(hits) != 0 {
		t.Errorf("replaced text still found: %d hits", len(hits))
	}
	if hits, _ := s.Search(ctx, "narwhals", 5); len(hits) != 1 {
		t.Errorf("new text found %d times", len(hits))
	}
	checkFTS(t, s)
}

// checkFTS fails the test when the full-text index disagrees with the briefings table.
func checkFTS(t *testing.T, s *Store) {
	t.Helper()
	if _, err := s.db.Exec(`INSERT INTO briefings_fts (briefings_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("FTS integrity check: %v", err)
	}
}

// Updates keep the full-text index consistent with the table.
func TestFTSConsistentAfterUpdates(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	defer s.Close()
	for i := range 30 {
		b := &briefs.Briefing{Title: fmt.Sprintf("Item %d", i%7), Summary: fmt.Sprintf("Text version %d about Radosław", i)}
		if _, err := s.SaveBriefing(ctx, b, nil); err != nil {
			t.Fatal(err)
		}
	}
	checkFTS(t, s)
	if hits, _ := s.Search(ctx, "version 29", 10); len(hits) != 1 || hits[0].Briefing.Title != "Item 1" {
		t.Errorf("latest text: %d hits", len(hits))
	}
	if hits, _ := s.Search(ctx, "radoslaw", 10); len(hits) != 7 {
		t.Errorf("folded spelling: %d hits, want 7", len(hits))
	}
}

// With common words Search ranks only the newest matches, by where the words are.
func TestSearchCommonWords(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	defer s.Close()
	defer func(r, c, n int) { rareWords, rareCandidates, recentCandidates = r, c, n }(rareWords, rareCandidates, recentCandidates)
	rareWords, rareCandidates, recentCandidates = 4, 3, 4
	texts := []struct{ title, summary string }{
		{"Tariffs in the title, but old", "nothing"},       // 1: outside the newest 4
		{"Quiet day", "Tariffs rise again."},               // 2
		{"Another day", "Nothing here about it."},          // 3: no match
		{"Markets", "Steel and tariffs and more tariffs."}, // 4
		{"New tariffs announced", "Details follow."},       // 5
		{"Late news", "Analysts discuss tariffs."},         // 6
		{"Final", "One more about tariffs."},               // 7
	}
	for i, x := range texts {
		b := briefs.Briefing{Title: x.title, Summary: x.summary, Published: time.Date(2025, 1, i+1, 0, 0, 0, 0, time.UTC)}
		if _, err := s.SaveBriefing(ctx, &b, nil); err != nil {
			t.Fatal(err)
		}
	}
	hits, err := s.Search(ctx, "tariffs", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hits {
		got = append(got, h.Briefing.Title)
		if !strings.Contains(strings.ToLower(h.Snippet), "tariffs") {
			t.Errorf("snippet %q", h.Snippet)
		}
	}
	want := []string{"New tariffs announced", "Final", "Late news", "Markets"}
	if !slices.Equal(got, want) {
		t.Errorf("hits %q, want %q", got, want)
	}
	if hits[0].Rank <= hits[1].Rank {
		t.Errorf("title match ranks %v, summary match %v", hits[0].Rank, hits[1].Rank)
	}
	if hits, _ := s.Search(ctx, "tariffs", 2); len(hits) != 2 {
		t.Errorf("limit 2: %d hits", len(hits))
	}
	// a rare word is ranked by bm25 and the common word filters its matches
	for q, want := range map[string]string{"steel tariffs": "Markets", "TARIFFS Steel": "Markets", "steel quiet": "OR"} {
		hits, err := s.Search(ctx, q, 10)
		if err != nil {
			t.Fatal(err)
		}
		if want == "OR" && len(hits) != 2 || want != "OR" && (len(hits) != 1 || hits[0].Briefing.Title != want) {
			t.Errorf("Search(%q) = %d hits, want %q", q, len(hits), want)
		}
	}
}

func TestContainsWord(t *testing.T) {
	for _, c := range []struct {
		text, w string
		want    bool
	}{
		{"steel and tariffs", "tariffs", true},
		{"steel and tariffs", "tariff", false},
		{"tariffs, steel", "tariffs", true},
		{"protariffs tariffs", "tariffs", true},
		{"yılmaz said", "yılmaz", true},
		{"", "x", false},
		{"abc", "", false},
	} {
		if got := containsWord(c.text, c.w); got != c.want {
			t.Errorf("containsWord(%q, %q) = %v", c.text, c.w, got)
		}
	}
}

func TestMakeSnippet(t *testing.T) {
	long := strings.Repeat("filler words here ", 20) + "Radosław Sikorski spoke. " + strings.Repeat("more text follows ", 20)
	tests := []struct {
		name  string
		b     briefs.Briefing
		words []string
		want  string // substring
		parts int    // "…" count
	}{
		{"in summary", briefs.Briefing{Summary: "Trump met Putin.", Analysis: "Putin again."}, []string{"PUTIN"}, "Trump met Putin", 0},
		{"folded match mid-text", briefs.Briefing{Analysis: long}, []string{"radoslaw"}, "Radosław Sikorski spoke", 2},
		{"title only", briefs.Briefing{Title: "Greenland Talks", Summary: "Other things."}, []string{"greenland"}, "Greenland Talks", 0},
		{"no match: summary start", briefs.Briefing{Summary: "Nothing relevant here."}, []string{"zebra"}, "Nothing relevant here", 0},
		{"empty", briefs.Briefing{}, []string{"x"}, "", 0},
	}
	for _, tt := range tests {
		got := makeSnippet(tt.b, tt.words)
		if !strings.Contains(got, tt.want) || strings.Count(got, "…") != tt.parts {
			t.Errorf("%s: snippet %q, want %q with %d ellipses", tt.name, got, tt.want, tt.parts)
		}
		if n := len(strings.Fields(got)); n > snippetWords+1 {
			t.Errorf("%s: %d words", tt.name, n)
		}
	}
}

// Writers queue on the database lock instead of failing, while readers keep reading.
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	defer s.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				b := &briefs.Briefing{Title: fmt.Sprintf("Writer %d item %d", w, i), Summary: "Concurrent text."}
				ms := []briefs.Mention{{Name: "Kaja Kallas", Key: "kaja kallas", Surname: "kallas", Count: 1}}
				if _, err := s.SaveBriefing(ctx, b, ms); err != nil {
					errs <- err
					return
				}
				if i%10 == 9 {
					if _, err := s.Relink(ctx); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if _, err := s.Search(ctx, "concurrent", 5); err != nil {
					errs <- err
					return
				}
				if _, err := s.FindPeople(ctx, "Kallas", 5); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if _, err := s.Relink(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountBriefings(ctx); n != 100 {
		t.Errorf("count %d, want 100", n)
	}
	if ps, _ := s.FindPeople(ctx, "Kallas", 5); len(ps) != 1 || ps[0].Briefings != 100 {
		t.Errorf("Kallas: %+v", ps)
	}
	if b, err := s.Latest(ctx); err != nil || b.Seq != 100 {
		t.Errorf("latest seq %d, %v", b.Seq, err)
	}
}

// TestOutboxContract runs the outbox suite PostgreSQL runs too.
func TestOutboxContract(t *testing.T) {
	storetest.RunOutbox(t, func(t *testing.T) storetest.OutboxStore { return openTemp(t) })
}
