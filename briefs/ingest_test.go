package briefs_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// saveFake records saves; it fails titles listed in fail. Only the methods Ingest uses exist:
// calling any other panics through the nil embedded interface, which would fail the test.
type saveFake struct {
	briefs.Store
	seen      map[string]string // title -> content hash
	fail      map[string]error
	relinks   int
	relinkErr error
	mentions  map[string][]briefs.Mention
}

func (f *saveFake) SaveBriefing(_ context.Context, b *briefs.Briefing, m []briefs.Mention) (briefs.Outcome, error) {
	if err := f.fail[b.Title]; err != nil {
		return 0, err
	}
	if f.mentions == nil {
		f.mentions = map[string][]briefs.Mention{}
	}
	f.mentions[b.Title] = m
	old, ok := f.seen[b.Title]
	f.seen[b.Title] = b.ContentHash()
	switch {
	case !ok:
		return briefs.Added, nil
	case old == b.ContentHash():
		return briefs.Unchanged, nil
	}
	return briefs.Updated, nil
}

func (f *saveFake) Relink(context.Context) ([]string, error) {
	f.relinks++
	return []string{"chain warning"}, f.relinkErr
}

func brief(title, summary string) briefs.Briefing {
	return briefs.Briefing{
		Title: title, Origin: strings.ToLower(title) + ".txt", Summary: summary,
		Published: time.Date(2025, 2, 13, 0, 0, 0, 0, time.UTC),
	}
}

func TestIngestCountsAndRejections(t *testing.T) {
	ctx := context.Background()
	st := &saveFake{seen: map[string]string{}, fail: map[string]error{
		"Broken":  errors.New("disk I/O error"),
		"Invalid": briefs.Errorf(briefs.ErrInvalid, "the title is empty"),
	}}
	first := briefs.Batch{
		Briefings: []briefs.Briefing{
			brief("One", "U.S. Secretary of State Marco Rubio met Saudi officials."),
			brief("Broken", "x"),
			brief("Two", "Nothing."),
			brief("Invalid", "y"),
		},
		Rejected: []briefs.Rejection{{Origin: "bad.txt", Reason: "no title"}},
	}
	rep, err := briefs.Ingest(ctx, st, first)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 2 || rep.Updated != 0 || rep.Unchanged != 0 || rep.Stored() != 2 {
		t.Errorf("first report = %+v", rep)
	}
	wantRejected := []string{"bad.txt: no title", "broken.txt: not saved: disk I/O error",
		"invalid.txt: not saved: the title is empty"}
	if len(rep.Rejected) != len(wantRejected) {
		t.Fatalf("rejected = %+v", rep.Rejected)
	}
	for i, r := range rep.Rejected {
		if got := r.Origin + ": " + r.Reason; got != wantRejected[i] {
			t.Errorf("rejection %d = %q, want %q", i, got, wantRejected[i])
		}
	}
	if st.relinks != 1 || len(rep.Warnings) != 1 {
		t.Errorf("relinks = %d, warnings %q; want one relink and its warning", st.relinks, rep.Warnings)
	}
	if len(st.mentions["One"]) == 0 {
		t.Errorf("no mentions extracted for a briefing naming Marco Rubio")
	}

	second := briefs.Batch{Briefings: []briefs.Briefing{brief("One", "U.S. Secretary of State Marco Rubio met Saudi officials."),
		brief("Two", "Changed text.")}}
	rep, err = briefs.Ingest(ctx, st, second)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 0 || rep.Updated != 1 || rep.Unchanged != 1 || len(rep.Rejected) != 0 {
		t.Errorf("second report = %+v", rep)
	}
}

func TestIngestNothingStoredSkipsRelink(t *testing.T) {
	st := &saveFake{seen: map[string]string{}, fail: map[string]error{"Bad": errors.New("boom")}}
	rep, err := briefs.Ingest(context.Background(), st, briefs.Batch{Briefings: []briefs.Briefing{{Title: "Bad"}}})
	if err != nil {
		t.Fatal(err)
	}
	if st.relinks != 0 || rep.Stored() != 0 || len(rep.Rejected) != 1 || rep.Rejected[0].Origin != `"Bad"` {
		t.Errorf("report %+v, relinks %d", rep, st.relinks)
	}
}

func TestIngestRelinkError(t *testing.T) {
	st := &saveFake{seen: map[string]string{}, relinkErr: errors.New("locked")}
	rep, err := briefs.Ingest(context.Background(), st, briefs.Batch{Briefings: []briefs.Briefing{brief("A", "a")}})
	if err == nil || !strings.Contains(err.Error(), "locked") {
		t.Fatalf("err = %v, want the relink failure", err)
	}
	if rep.Added != 1 {
		t.Errorf("report lost the save: %+v", rep)
	}
}

func TestIngestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	st := &saveFake{seen: map[string]string{}}
	rep, err := briefs.Ingest(ctx, st, briefs.Batch{Briefings: []briefs.Briefing{brief("A", "a")}})
	if !errors.Is(err, context.Canceled) || rep.Added != 0 {
		t.Fatalf("err = %v, report %+v", err, rep)
	}
}

// bulkFake adds SaveBriefings to saveFake; with failAll every bulk call fails as a whole.
type bulkFake struct {
	*saveFake
	calls   []int // the size of each bulk call
	failAll bool
}

// SaveBriefings is all or nothing, like the real stores: one bad item fails the whole call.
func (f *bulkFake) SaveBriefings(ctx context.Context, bs []*briefs.Briefing, ms [][]briefs.Mention) ([]briefs.Outcome, error) {
	f.calls = append(f.calls, len(bs))
	if f.failAll {
		return nil, errors.New("database is locked")
	}
	for _, b := range bs {
		if err := f.saveFake.fail[b.Title]; err != nil {
			return nil, err
		}
	}
	outcomes := make([]briefs.Outcome, len(bs))
	for i, b := range bs {
		o, err := f.saveFake.SaveBriefing(ctx, b, ms[i])
		if err != nil {
			return nil, err
		}
		outcomes[i] = o
	}
	return outcomes, nil
}

var _ briefs.BulkSaver = (*bulkFake)(nil)

func manyBriefings(n int) []briefs.Briefing {
	list := make([]briefs.Briefing, n)
	for i := range list {
		list[i] = brief(fmt.Sprintf("Briefing %d", i), "Text.")
	}
	return list
}

func TestIngestUsesBulkSaver(t *testing.T) {
	list := manyBriefings(600)
	list[300].Title = "Broken"
	st := &bulkFake{saveFake: &saveFake{seen: map[string]string{}, fail: map[string]error{"Broken": errors.New("too big")}}}
	rep, err := briefs.Ingest(context.Background(), st, briefs.Batch{Briefings: list})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 599 || len(rep.Rejected) != 1 || rep.Rejected[0].Reason != "not saved: too big" {
		t.Errorf("report = added %d, rejected %+v", rep.Added, rep.Rejected)
	}
	if fmt.Sprint(st.calls) != "[256 256 88]" {
		t.Errorf("bulk calls = %v, want chunks of 256", st.calls)
	}
}

func TestIngestFallsBackWhenABatchFails(t *testing.T) {
	st := &bulkFake{saveFake: &saveFake{seen: map[string]string{}}, failAll: true}
	rep, err := briefs.Ingest(context.Background(), st, briefs.Batch{Briefings: manyBriefings(10)})
	if err != nil || rep.Added != 10 || len(st.calls) != 1 {
		t.Errorf("report %+v, err %v, calls %v: want all 10 saved one by one after one failed batch", rep, err, st.calls)
	}
}
