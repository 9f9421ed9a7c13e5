package storetest

import (
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

func testSaveAndRead(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	in := briefs.Briefing{
		Title:     "Trump and Putin Announce Surprise Peace Talks",
		URL:       "https://example.org/briefings/peace-talks",
		Published: time.Date(2025, 2, 13, 9, 30, 0, 0, time.FixedZone("CET", 3600)),
		Summary:   "U.S. President Donald Trump and Russian President Vladimir Putin agreed to talks.",
		Analysis:  "First paragraph.\n\nSecond paragraph with “quotes” and Radosław Sikorski.",
		Sources:   []string{"https://a.example/1", "Reuters, 12 Feb"},
		Prev:      briefs.Link{Title: "U.S. and Chinese Warships", URL: "https://example.org/briefings/warships"},
		Next:      briefs.Link{Title: "Hamas and Israel"},
		Origin:    "/data/in/peace.txt",
	}
	b := in
	if out := save(t, s, &b); out != briefs.Added {
		t.Fatalf("outcome %v, want added", out)
	}
	if b.ID == 0 || b.Revision != 1 {
		t.Fatalf("after save ID=%d Revision=%d, want an ID and revision 1", b.ID, b.Revision)
	}
	got, err := s.Briefing(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.ID, want.Revision, want.Seq, want.Published = b.ID, 1, got.Seq, in.Published.UTC()
	got.Published = got.Published.UTC()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, want)
	}
	if n, err := s.CountBriefings(ctx); err != nil || n != 1 {
		t.Errorf("CountBriefings = %d, %v; want 1", n, err)
	}
	relink(t, s)
	if got, _ := s.Briefing(ctx, b.ID); got.Seq != 1 {
		t.Errorf("after Relink seq = %d, want 1", got.Seq)
	}
}

func testSaveInvalid(t *testing.T, s briefs.Store) {
	for _, title := range []string{"", "   \n\t"} {
		_, err := s.SaveBriefing(context.Background(), &briefs.Briefing{Title: title, Summary: "x"}, nil)
		wantKind(t, err, briefs.ErrInvalid, "save without title")
	}
	if n, _ := s.CountBriefings(context.Background()); n != 0 {
		t.Errorf("invalid briefings were stored: count %d", n)
	}
}

func testIdempotentSave(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	a := brief("Alpha", 1, "", "")
	save(t, s, a, person("Pete Hegseth", "Defense Secretary"))
	relink(t, s)
	again := brief("Alpha", 1, "", "")
	again.Origin = "somewhere else" // not content
	if out := save(t, s, again, person("Pete Hegseth", "Defense Secretary")); out != briefs.Unchanged {
		t.Fatalf("same text again: %v, want unchanged", out)
	}
	if again.ID != a.ID || again.Revision != 1 || again.Seq != 1 {
		t.Errorf("unchanged save set ID=%d Revision=%d Seq=%d, want %d, 1, 1", again.ID, again.Revision, again.Seq, a.ID)
	}
	if n, _ := s.CountBriefings(ctx); n != 1 {
		t.Errorf("count %d after idempotent save", n)
	}
	if w := relink(t, s); len(w) != 0 {
		t.Errorf("warnings %q", w)
	}
	ps, err := s.FindPeople(ctx, "Hegseth", 5)
	if err != nil || len(ps) != 1 || ps[0].Briefings != 1 {
		t.Errorf("FindPeople after idempotent save = %+v, %v; want one person in 1 briefing", ps, err)
	}
}

func testUpdateKeepsPlace(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	save(t, s, brief("One", 1, "", "Two"))
	two := brief("Two", 2, "One", "Three")
	save(t, s, two)
	save(t, s, brief("Three", 3, "Two", ""))
	relink(t, s)
	changed := brief("Two", 2, "One", "Three")
	changed.Analysis = "A corrected analysis mentioning zeppelins."
	if out := save(t, s, changed); out != briefs.Updated {
		t.Fatalf("changed text: %v, want updated", out)
	}
	if changed.ID != two.ID || changed.Revision != 2 || changed.Seq != 2 {
		t.Errorf("update gave ID=%d Revision=%d Seq=%d, want %d, 2, 2", changed.ID, changed.Revision, changed.Seq, two.ID)
	}
	relink(t, s)
	if got := chainTitles(t, s); !slices.Equal(got, []string{"One", "Two", "Three"}) {
		t.Errorf("chain after update %q", got)
	}
	got, _ := s.Briefing(ctx, two.ID)
	if got.Analysis != changed.Analysis || got.Revision != 2 {
		t.Errorf("stored %q rev %d", got.Analysis, got.Revision)
	}
	hits, err := s.Search(ctx, "zeppelins", 5)
	if err != nil || len(hits) != 1 || hits[0].Briefing.ID != two.ID {
		t.Errorf("search new text: %v, %v", hits, err)
	}
	if hits, _ := s.Search(ctx, "paragraph second", 5); len(hits) != 2 {
		t.Errorf("old text of an updated briefing is still indexed: %d hits, want 2", len(hits))
	}
	third := brief("Two", 2, "One", "Three")
	third.Summary = "Yet another text."
	save(t, s, third)
	if third.Revision != 3 || third.ID != two.ID {
		t.Errorf("second update: ID=%d Revision=%d", third.ID, third.Revision)
	}
}

func testUpdateMatchesTitleOrURL(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	a := brief("Original Title", 1, "", "")
	a.URL = "https://example.org/a"
	save(t, s, a)
	renamed := brief("Renamed Title", 1, "", "")
	renamed.URL = "https://example.org/a"
	if out := save(t, s, renamed); out != briefs.Updated || renamed.ID != a.ID {
		t.Errorf("same URL, new title: %v ID %d, want updated %d", out, renamed.ID, a.ID)
	}
	b := brief("No URL Here", 2, "", "")
	save(t, s, b)
	b2 := brief("No URL here!", 2, "", "") // same title key
	b2.Summary = "changed"
	if out := save(t, s, b2); out != briefs.Updated || b2.ID != b.ID {
		t.Errorf("same title key: %v ID %d, want updated %d", out, b2.ID, b.ID)
	}
	other := brief("Renamed Title", 1, "", "")
	other.URL = "https://example.org/another"
	if out := save(t, s, other); out != briefs.Added {
		t.Errorf("same title, different URL: %v, want added", out)
	}
	if n, _ := s.CountBriefings(ctx); n != 3 {
		t.Errorf("count %d, want 3", n)
	}
}

func testChainFromShuffledArrival(t *testing.T, s briefs.Store) {
	titles := []string{"First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh"}
	var bs []*briefs.Briefing
	for i, title := range titles {
		prev, next := "", ""
		if i > 0 {
			prev = titles[i-1]
		}
		if i < len(titles)-1 {
			next = titles[i+1]
		}
		bs = append(bs, brief(title, 10-i, prev, next)) // dates run backwards: links must win
	}
	r := rand.New(rand.NewPCG(7, 7))
	r.Shuffle(len(bs), func(i, j int) { bs[i], bs[j] = bs[j], bs[i] })
	for i, b := range bs {
		save(t, s, b)
		if i == 3 {
			relink(t, s) // a partial chain first
		}
	}
	if w := relink(t, s); len(w) != 0 {
		t.Errorf("warnings %q", w)
	}
	if got := chainTitles(t, s); !slices.Equal(got, titles) {
		t.Errorf("chain %q, want %q", got, titles)
	}
	if w := relink(t, s); len(w) != 0 || !slices.Equal(chainTitles(t, s), titles) {
		t.Errorf("second Relink changed things: %q", w)
	}
}

func testPendingLinkResolvesLater(t *testing.T, s briefs.Store) {
	save(t, s, brief("Bravo", 2, "Alpha", "Charlie"))
	save(t, s, brief("Charlie", 3, "Bravo", ""))
	save(t, s, brief("Zulu", 1, "", "")) // unlinked, oldest by date
	if w := relink(t, s); len(w) != 0 {
		t.Errorf("a link to a missing briefing warned: %q", w)
	}
	if got := chainTitles(t, s); !slices.Equal(got, []string{"Zulu", "Bravo", "Charlie"}) {
		t.Errorf("before Alpha: %q", got)
	}
	save(t, s, brief("Alpha", 9, "", "")) // dated late, but Bravo names it as previous
	relink(t, s)
	if got := chainTitles(t, s); !slices.Equal(got, []string{"Zulu", "Alpha", "Bravo", "Charlie"}) {
		t.Errorf("after Alpha: %q", got)
	}
}

func testConflictingLinksWarn(t *testing.T, s briefs.Store) {
	save(t, s, brief("Red", 1, "", "Blue"))
	save(t, s, brief("Green", 2, "", "Blue"))
	save(t, s, brief("Blue", 3, "Green", "Red")) // Red's own Next is ignored, so Red may follow Blue
	w := relink(t, s)
	if len(w) == 0 {
		t.Fatal("no warning for two briefings claiming the same next")
	}
	joined := strings.Join(w, "\n")
	for _, title := range []string{"Red", "Blue"} {
		if !strings.Contains(joined, title) {
			t.Errorf("warnings %q do not name %q", w, title)
		}
	}
	if got := chainTitles(t, s); !slices.Equal(got, []string{"Green", "Blue", "Red"}) {
		t.Errorf("chain %q, want Green, Blue, Red", got)
	}
}

func testNotFound(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	_, err := s.Latest(ctx)
	wantKind(t, err, briefs.ErrNotFound, "Latest on an empty store")
	_, err = s.Briefing(ctx, 12345)
	wantKind(t, err, briefs.ErrNotFound, "Briefing(unknown)")
	_, err = s.Neighbour(ctx, 12345, 1)
	wantKind(t, err, briefs.ErrNotFound, "Neighbour(unknown)")
	_, err = s.Profile(ctx, 12345, 5)
	wantKind(t, err, briefs.ErrNotFound, "Profile(unknown)")
	a, b := brief("Only A", 1, "", "Only B"), brief("Only B", 2, "Only A", "")
	save(t, s, a)
	save(t, s, b)
	relink(t, s)
	_, err = s.Neighbour(ctx, a.ID, -1)
	wantKind(t, err, briefs.ErrNotFound, "before the first")
	_, err = s.Neighbour(ctx, b.ID, 1)
	wantKind(t, err, briefs.ErrNotFound, "after the last")
	if n, err := s.Neighbour(ctx, a.ID, 1); err != nil || n.ID != b.ID {
		t.Errorf("Neighbour(a, +1) = %q, %v", n.Title, err)
	}
	if l, err := s.Latest(ctx); err != nil || l.ID != b.ID {
		t.Errorf("Latest = %q, %v", l.Title, err)
	}
}

func testBriefingsSince(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	save(t, s, brief("Old one", 1, "", "New one"))
	relink(t, s)
	time.Sleep(5 * time.Millisecond)
	mark := time.Now()
	time.Sleep(5 * time.Millisecond)
	save(t, s, brief("New one", 2, "Old one", "Newer one"))
	save(t, s, brief("Newer one", 3, "New one", ""))
	relink(t, s)
	got, err := s.BriefingsSince(ctx, mark, 10)
	if err != nil {
		t.Fatal(err)
	}
	if titles := fmtTitles(got); titles != `["New one", "Newer one"]` {
		t.Errorf("BriefingsSince = %s", titles)
	}
	if got, _ := s.BriefingsSince(ctx, mark, 1); len(got) != 1 || got[0].Title != "New one" {
		t.Errorf("limit 1: %s", fmtTitles(got))
	}
	if got, _ := s.BriefingsSince(ctx, time.Now().Add(time.Hour), 10); len(got) != 0 {
		t.Errorf("future: %s", fmtTitles(got))
	}
}

func testHugeText(t *testing.T, s briefs.Store) {
	ctx := context.Background()
	b := brief("Huge", 1, "", "")
	var sb strings.Builder
	for sb.Len() < 3<<20 {
		sb.WriteString("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ")
	}
	sb.WriteString("Quetzalcoatl.")
	b.Analysis = sb.String()
	b.Sources = []string{strings.Repeat("s", 100000)}
	save(t, s, b)
	got, err := s.Briefing(ctx, b.ID)
	if err != nil || got.Analysis != b.Analysis || got.Sources[0] != b.Sources[0] {
		t.Fatalf("huge briefing not read back intact (err %v)", err)
	}
	hits, err := s.Search(ctx, "quetzalcoatl", 5)
	if err != nil || len(hits) != 1 || len(hits[0].Snippet) > 2000 {
		t.Errorf("search in huge text: %d hits, %v", len(hits), err)
	}
	if out := save(t, s, brief("Huge", 1, "", "")); out != briefs.Updated {
		t.Errorf("shrinking a huge text: %v", out)
	}
	if _, err := s.SaveBriefing(ctx, &briefs.Briefing{Title: strings.Repeat("Long title ", 10000)}, nil); err != nil && !errors.Is(err, briefs.ErrInvalid) {
		t.Errorf("huge title: %v", err)
	}
}
