package briefs

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTitleKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Trump and Putin Announce Surprise Peace Talks", "trump and putin announce surprise peace talks"},
		{"  Trump’s “Deal” — Europe Reacts!  ", "trumps deal europe reacts"},
		{"Trump's \"Deal\" - Europe reacts", "trumps deal europe reacts"},
		{"U.S. and Chinese Warships in Tense Taiwan Strait Standoff", "us and chinese warships in tense taiwan strait standoff"},
		{"Mulino: José Raúl’s plan", "mulino jose rauls plan"},
		{"Radosław Sikorski", "radoslaw sikorski"},
		{"", ""},
		{"—…!?", ""},
		{"Путин и Трамп", "путин и трамп"},
	}
	for _, tt := range tests {
		if got := TitleKey(tt.in); got != tt.want {
			t.Errorf("TitleKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLinkURLKey(t *testing.T) {
	same := []string{"https://www.Example.com/a/b/", "http://example.com/a/b", "example.com/a/b#top"}
	for _, u := range same {
		if got := LinkURLKey(u); got != "example.com/a/b" {
			t.Errorf("LinkURLKey(%q) = %q", u, got)
		}
	}
	if LinkURLKey("https://example.com/A") == LinkURLKey("https://example.com/a") {
		t.Error("path case must matter")
	}
}

var day0 = time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)

func day(n int) time.Time { return day0.AddDate(0, 0, n) }

// node builds a ChainNode titled "T<id>" with prev/next titles ("" for none).
func node(id int64, published int, prev, next string) ChainNode {
	n := ChainNode{ID: id, Title: fmt.Sprintf("T%d", id), Published: day(published)}
	n.Prev.Title, n.Next.Title = prev, next
	return n
}

func TestOrderChain(t *testing.T) {
	tests := []struct {
		name     string
		nodes    []ChainNode
		want     []int64
		warnings []string // substrings, one per expected warning
	}{
		{name: "empty", nodes: nil, want: []int64{}},
		{name: "linked by title, shuffled arrival, dates disagree", nodes: []ChainNode{
			node(3, 1, "T2", ""), node(1, 3, "", "T2"), node(2, 2, "T1", "T3"),
		}, want: []int64{1, 2, 3}},
		{name: "only next links", nodes: []ChainNode{
			node(30, 0, "", ""), node(10, 0, "", "T20"), node(20, 0, "", "T30"),
		}, want: []int64{10, 20, 30}},
		{name: "only prev links, curly title variants", nodes: []ChainNode{
			{ID: 2, Title: "Trump’s Deal", Published: day(5), Prev: Link{Title: "EU’s “Answer”"}},
			{ID: 1, Title: "EU's \"Answer\"", Published: day(9)},
		}, want: []int64{1, 2}},
		{name: "no links: date then ID", nodes: []ChainNode{
			node(5, 2, "", ""), node(4, 1, "", ""), node(3, 2, "", ""), node(9, 0, "", ""),
		}, want: []int64{9, 4, 3, 5}},
		{name: "pending link waits, date order meanwhile", nodes: []ChainNode{
			node(1, 1, "", "T7"), node(2, 2, "T7", ""),
		}, want: []int64{1, 2}},
		{name: "runs ordered by first date", nodes: []ChainNode{
			node(1, 10, "", "T2"), node(2, 11, "T1", ""), node(3, 1, "", "T4"), node(4, 20, "T3", ""),
		}, want: []int64{3, 4, 1, 2}},
		{name: "URL beats title", nodes: []ChainNode{
			{ID: 1, Title: "Old title", URL: "https://x.org/a", Published: day(1), Next: Link{Title: "T2", URL: "https://x.org/b"}},
			{ID: 2, Title: "Renamed", URL: "https://x.org/b", Published: day(0), Prev: Link{Title: "Old title", URL: "http://x.org/a/"}},
		}, want: []int64{1, 2}},
		{name: "title does not match a briefing with another URL", nodes: []ChainNode{
			{ID: 1, Title: "Same", URL: "https://x.org/1", Published: day(5)},
			{ID: 2, Title: "B", Published: day(1), Next: Link{Title: "Same", URL: "https://x.org/2"}},
			{ID: 3, Title: "C", Published: day(3)},
		}, want: []int64{2, 3, 1}},
		{name: "duplicate titles: nearest on the link's side", nodes: []ChainNode{
			{ID: 1, Title: "Daily", Published: day(1)},
			{ID: 2, Title: "X", Published: day(2), Next: Link{Title: "Daily"}, Prev: Link{Title: "Daily"}},
			{ID: 3, Title: "Daily", Published: day(3)},
			{ID: 4, Title: "Daily", Published: day(9)},
		}, want: []int64{1, 2, 3, 4}},
		{name: "fork: two claim the same next", nodes: []ChainNode{
			node(1, 1, "", "T3"), node(2, 2, "", "T3"), node(3, 3, "", ""),
		}, want: []int64{1, 2, 3}, warnings: []string{`"T1" names "T3" as next, but "T2" already precedes "T3"`}},
		{name: "prev disagrees with next: mutual link wins", nodes: []ChainNode{
			node(1, 1, "", "T3"), node(2, 2, "", "T3"), node(3, 3, "T2", ""),
		}, want: []int64{1, 2, 3}, warnings: []string{`"T1" names "T3" as next, but "T2" already precedes "T3"`}},
		{name: "one briefing names two successors", nodes: []ChainNode{
			node(1, 1, "", "T2"), node(2, 2, "", ""), node(3, 3, "T1", ""),
		}, want: []int64{1, 2, 3}, warnings: []string{`"T3" names "T1" as previous, but "T2" already follows "T1"`}},
		{name: "cycle", nodes: []ChainNode{
			node(1, 1, "", "T2"), node(2, 2, "", "T3"), node(3, 3, "", "T1"),
		}, want: []int64{1, 2, 3}, warnings: []string{`"T3" names "T1" as next, which would close a loop`}},
		{name: "self link ignored", nodes: []ChainNode{
			node(1, 2, "T1", "T1"), node(2, 1, "", ""),
		}, want: []int64{2, 1}},
		{name: "duplicate IDs", nodes: []ChainNode{
			node(1, 1, "", ""), node(1, 1, "", ""), node(2, 0, "", ""),
		}, want: []int64{2, 1}, warnings: []string{"appears twice"}},
		{name: "duplicate URLs", nodes: []ChainNode{
			{ID: 1, Title: "A", URL: "https://x.org/a", Published: day(1)},
			{ID: 2, Title: "B", URL: "https://x.org/a/", Published: day(2)},
			{ID: 3, Title: "C", Published: day(3), Prev: Link{URL: "https://x.org/a"}},
		}, want: []int64{1, 3, 2}, warnings: []string{"same URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warns := OrderChain(tt.nodes)
			if !slices.Equal(got, tt.want) {
				t.Errorf("order = %v, want %v (warnings %q)", got, tt.want, warns)
			}
			if len(warns) != len(tt.warnings) {
				t.Fatalf("warnings = %q, want %d", warns, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if !strings.Contains(warns[i], w) {
					t.Errorf("warning %d = %q, want it to contain %q", i, warns[i], w)
				}
			}
		})
	}
}

// linkedChain returns n briefings linked both ways, in chain order, with dates that disagree with
// the chain when scramble is set.
func linkedChain(n int, r *rand.Rand, scramble bool) []ChainNode {
	nodes := make([]ChainNode, n)
	for i := range nodes {
		nodes[i] = ChainNode{ID: int64(1000 + r.IntN(1<<20)*n + i), Title: fmt.Sprintf("Briefing %d", i),
			URL: fmt.Sprintf("https://ex.org/b/%d", i), Published: day(i / 3)}
		if scramble {
			nodes[i].Published = day(r.IntN(n))
		}
	}
	for i := range nodes {
		if i > 0 {
			nodes[i].Prev = Link{Title: nodes[i-1].Title, URL: nodes[i-1].URL}
		}
		if i < n-1 {
			nodes[i].Next = Link{Title: nodes[i+1].Title}
		}
	}
	return nodes
}

func ids(nodes []ChainNode) []int64 {
	out := make([]int64, len(nodes))
	for i, n := range nodes {
		out[i] = n.ID
	}
	return out
}

func TestChainRuns(t *testing.T) {
	runs, warns := ChainRuns([]ChainNode{
		node(1, 10, "", "T2"), node(2, 11, "T1", ""), node(3, 1, "", "T4"), node(4, 20, "T3", ""), node(5, 15, "", ""),
	})
	if fmt.Sprint(runs) != "[[3 4] [1 2] [5]]" || len(warns) != 0 {
		t.Errorf("runs %v, warnings %q", runs, warns)
	}
	if runs, _ := ChainRuns(nil); len(runs) != 0 {
		t.Errorf("no nodes: %v", runs)
	}
}

func TestOrderChainRandomPermutations(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		n := 1 + r.IntN(60)
		chain := linkedChain(n, r, round%2 == 1)
		want := ids(chain)
		in := slices.Clone(chain)
		// drop one side of some links: the other side still holds the chain together
		for i := range in {
			switch r.IntN(4) {
			case 0:
				in[i].Prev = Link{}
			case 1:
				in[i].Next = Link{}
			}
		}
		for i := range in {
			if i > 0 && in[i].Prev.IsZero() && in[i-1].Next.IsZero() {
				in[i].Prev = chain[i].Prev
			}
		}
		r.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
		got, warns := OrderChain(in)
		if !slices.Equal(got, want) || len(warns) > 0 {
			t.Fatalf("round %d (n=%d): order %v, want %v; warnings %q", round, n, got, want, warns)
		}
	}
}

// Whatever the links say, the result is a permutation of the IDs and does not depend on arrival order.
func TestOrderChainArbitraryLinksDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 100 {
		n := 1 + r.IntN(40)
		nodes := make([]ChainNode, n)
		for i := range nodes {
			nodes[i] = node(int64(i+1), r.IntN(5), "", "")
		}
		for i := range nodes {
			if r.IntN(3) > 0 {
				nodes[i].Next.Title = fmt.Sprintf("T%d", 1+r.IntN(n+2)) // may be missing
			}
			if r.IntN(3) > 0 {
				nodes[i].Prev.Title = fmt.Sprintf("T%d", 1+r.IntN(n+2))
			}
		}
		want, wantWarn := OrderChain(nodes)
		sorted := slices.Clone(want)
		slices.Sort(sorted)
		if !slices.Equal(sorted, ids(nodes)) {
			t.Fatalf("round %d: order %v is not a permutation of the IDs", round, want)
		}
		for range 5 {
			r.Shuffle(n, func(i, j int) { nodes[i], nodes[j] = nodes[j], nodes[i] })
			got, gotWarn := OrderChain(nodes)
			if !slices.Equal(got, want) || !slices.Equal(gotWarn, wantWarn) {
				t.Fatalf("round %d: order depends on arrival: %v vs %v", round, got, want)
			}
		}
	}
}

func TestOrderChain100k(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	chain := linkedChain(100_000, r, false)
	want := ids(chain)
	r.Shuffle(len(chain), func(i, j int) { chain[i], chain[j] = chain[j], chain[i] })
	start := time.Now()
	got, warns := OrderChain(chain)
	took := time.Since(start)
	if !slices.Equal(got, want) || len(warns) > 0 {
		t.Fatalf("100k chain out of order (%d warnings)", len(warns))
	}
	t.Logf("OrderChain(100k) took %v", took)
	// well under a second on an idle machine; the margin is for busy shared CI machines, while a
	// quadratic step would take minutes
	if took > 5*time.Second {
		t.Errorf("OrderChain(100k) took %v, want well under a second", took)
	}
}

func BenchmarkOrderChain100k(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	chain := linkedChain(100_000, r, true)
	r.Shuffle(len(chain), func(i, j int) { chain[i], chain[j] = chain[j], chain[i] })
	for b.Loop() {
		OrderChain(chain)
	}
}
