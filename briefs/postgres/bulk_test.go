package postgres

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/briefbot/briefbot/briefs"
	"github.com/briefbot/briefbot/briefs/briefgen"
)

// TestSaveBriefingsMatchesSaveBriefing saves the same generated briefings one at a time into one
// store and in batches into another; after Relink both know the same chain and people.
func TestSaveBriefingsMatchesSaveBriefing(t *testing.T) {
	ctx := context.Background()
	const n = 300
	g := briefgen.New(3)
	bs, ms := make([]briefs.Briefing, n), make([][]briefs.Mention, n)
	for i := range bs {
		bs[i] = g.Briefing(n - 1 - i) // newest first: links, not arrival, make the chain
		ms[i] = briefs.ExtractPeople(bs[i])
	}
	one, bulk := openTest(t), openTest(t)
	for i := range bs {
		b := bs[i]
		if _, err := one.SaveBriefing(ctx, &b, ms[i]); err != nil {
			t.Fatal(err)
		}
	}
	for first := 0; first < n; first += 100 {
		var ptrs []*briefs.Briefing
		for i := first; i < first+100; i++ {
			b := bs[i]
			ptrs = append(ptrs, &b)
		}
		out, err := bulk.SaveBriefings(ctx, ptrs, ms[first:first+100])
		if err != nil {
			t.Fatal(err)
		}
		for i, o := range out {
			if o != briefs.Added || ptrs[i].ID == 0 || ptrs[i].Revision != 1 {
				t.Fatalf("item %d: %v ID %d revision %d", i, o, ptrs[i].ID, ptrs[i].Revision)
			}
		}
	}
	for _, s := range []*Store{one, bulk} {
		if _, err := s.Relink(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := snapshot(t, one), snapshot(t, bulk); !reflect.DeepEqual(a, b) {
		for k := range a {
			if !reflect.DeepEqual(a[k], b[k]) {
				t.Errorf("%s differs:\none by one %v\nin batches %v", k, a[k], b[k])
			}
		}
	}

	// saving again: unchanged ones in bulk, a changed one and a duplicate one at a time
	again := []*briefs.Briefing{&bs[0], &bs[1]}
	out, err := bulk.SaveBriefings(ctx, again, ms[:2])
	if err != nil || out[0] != briefs.Unchanged || out[1] != briefs.Unchanged || again[0].Seq == 0 {
		t.Errorf("unchanged batch: %v, %v, seq %d", out, err, again[0].Seq)
	}
	changed, dup := bs[2], bs[2]
	changed.Summary = "A corrected summary."
	dup.Summary = "A second correction in the same batch."
	out, err = bulk.SaveBriefings(ctx, []*briefs.Briefing{&changed, &dup}, [][]briefs.Mention{nil, nil})
	if err != nil || out[0] != briefs.Updated || out[1] != briefs.Updated || dup.Revision != 3 {
		t.Errorf("changed batch: %v, %v, revision %d", out, err, dup.Revision)
	}
	if _, err := bulk.SaveBriefings(ctx, []*briefs.Briefing{{Title: " "}}, [][]briefs.Mention{nil}); err == nil {
		t.Error("a batch with an untitled briefing was saved")
	}
	if _, err := bulk.SaveBriefings(ctx, again, nil); err == nil {
		t.Error("mismatched mention lists accepted")
	}
}

// snapshot is what a store knows, in a form two stores can be compared by.
func snapshot(t *testing.T, s *Store) map[string]any {
	t.Helper()
	ctx := context.Background()
	out := map[string]any{}
	var chain []string
	rows, err := s.pool.Query(ctx, `SELECT title FROM briefings ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var title string
		rows.Scan(&title)
		chain = append(chain, title)
	}
	rows.Close()
	out["chain"] = chain
	names, err := s.PeopleNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(names)
	if len(names) < 50 {
		t.Fatalf("only %d people: the comparison would say little", len(names))
	}
	out["names"] = names
	var people []string
	for _, name := range names {
		ps, err := s.FindPeople(ctx, name, 1)
		if err != nil || len(ps) == 0 {
			t.Fatalf("FindPeople(%q) = %v, %v", name, ps, err)
		}
		p := ps[0]
		pr, err := s.Profile(ctx, p.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		var recent []string
		for _, a := range pr.Recent {
			recent = append(recent, a.Briefing.Title+"/"+a.Role)
		}
		var roles []string
		for _, r := range pr.Roles {
			roles = append(roles, fmt.Sprintf("%s %v-%v", r.Role, r.Since.Unix(), r.Until.Unix()))
		}
		people = append(people, fmt.Sprintf("%s|%s|%s|%d|%v|%q|%q", p.Name, p.Key, p.Role, p.Briefings, p.LastSeen, roles, recent))
	}
	out["people"] = people
	hits, err := s.Search(ctx, "minister talks", 5)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, h := range hits {
		found = append(found, h.Briefing.Title)
	}
	out["search"] = found
	return out
}
