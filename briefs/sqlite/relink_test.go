package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// chainOrder returns briefing IDs by seq, and what a full OrderChain over the table gives.
func chainOrder(t *testing.T, s *Store) (got, want []int64) {
	t.Helper()
	ctx := context.Background()
	nodes, seqs, err := s.chainNodes(ctx, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	got = make([]int64, 0, len(nodes))
	for _, n := range nodes {
		got = append(got, n.ID)
	}
	slices.SortFunc(got, func(a, b int64) int { return seqs[a] - seqs[b] })
	want, _ = briefs.OrderChain(nodes)
	return got, want
}

// Relink's append-only path must give exactly the order a full rebuild gives, whatever arrives.
func TestRelinkAppendMatchesFull(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(11, 12))
	appends, relinks := 0, 0
	for round := range 40 {
		s := openTemp(t)
		title := func(i int) string { return fmt.Sprintf("Round %d briefing %d", round, i) }
		next := 0
		for batch := range 15 {
			n := 1 + r.IntN(6)
			for k := range n {
				i := next + k
				b := &briefs.Briefing{Title: title(i), Published: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)}
				if i > 0 && r.IntN(10) > 0 {
					b.Prev.Title = title(i - 1)
				}
				if r.IntN(10) > 2 {
					b.Next.Title = title(i + 1)
				}
				switch r.IntN(14) { // now and then something the append path must not take
				case 0:
					b.Prev.Title = title(max(0, i-2-r.IntN(3))) // a link back into the chain
				case 4:
					b.Next.Title = title(i + 2 + r.IntN(3)) // a link forward past the next
				case 1:
					b.Title = title(r.IntN(i + 1)) // an update of an earlier briefing
					b.Summary = fmt.Sprint("changed ", batch)
				case 2:
					b.Published = b.Published.AddDate(-1, 0, 0) // out of date order, unlinked
					b.Prev, b.Next = briefs.Link{}, briefs.Link{}
				case 3:
					b.URL = "https://example.org/dup" // a URL another briefing may have
				}
				if _, err := s.SaveBriefing(ctx, b, nil); err != nil {
					t.Fatal(err)
				}
			}
			next += n
			if r.IntN(4) == 0 { // an arrival out of order: a gap filled later
				next++
			}
			if _, err := s.Relink(ctx); err != nil {
				t.Fatal(err)
			}
			relinks++
			if got, want := chainOrder(t, s); !slices.Equal(got, want) {
				t.Fatalf("round %d batch %d: chain %v, full rebuild %v", round, batch, got, want)
			}
		}
		appends += s.appends
		s.Close()
	}
	t.Logf("%d of %d Relinks only appended", appends, relinks)
	if appends < relinks/6 {
		t.Errorf("the append path was taken %d times in %d Relinks", appends, relinks)
	}
}
