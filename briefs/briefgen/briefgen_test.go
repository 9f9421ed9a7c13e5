package briefgen

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/briefbot/briefbot/briefs"
)

func TestDeterministic(t *testing.T) {
	a, b := New(42), New(42)
	for _, i := range []int{0, 1, 2, 999, 123_456} {
		if !bytes.Equal(a.Text(i), b.Text(i)) {
			t.Errorf("Text(%d) differs between generators with one seed", i)
		}
	}
	// Order of calls does not matter: each index stands alone.
	first := a.Text(7)
	a.Text(3)
	a.Briefing(8)
	if !bytes.Equal(first, a.Text(7)) {
		t.Error("Text(7) changed after other calls")
	}
	if bytes.Equal(New(1).Text(5), New(2).Text(5)) {
		t.Error("different seeds give the same text")
	}
}

func TestTextIsFormatText(t *testing.T) {
	g := New(4)
	for _, i := range []int{0, 1, 2, 3, 500, 77_777, int(g.titleSpace) + 1} {
		if got, want := g.Text(i), briefs.FormatText(g.Briefing(i)); !bytes.Equal(got, want) {
			t.Errorf("Text(%d) differs from FormatText(Briefing(%d)):\n%s\n---\n%s", i, i, got, want)
		}
	}
}

func TestChainLinks(t *testing.T) {
	g := New(3)
	const n = 2000
	titles := make(map[string]int, n)
	var prev briefs.Briefing
	for i := 0; i < n; i++ {
		b := g.Briefing(i)
		if j, dup := titles[b.Title]; dup {
			t.Fatalf("briefings %d and %d share the title %q", j, i, b.Title)
		}
		titles[b.Title] = i
		if i == 0 {
			if !b.Prev.IsZero() {
				t.Errorf("briefing 0 has Prev %+v", b.Prev)
			}
		} else {
			if b.Prev.Title != prev.Title || prev.Next.Title != b.Title {
				t.Fatalf("%d ↔ %d not linked: %q / %+v, %+v / %q", i-1, i, prev.Title, prev.Next, b.Prev, b.Title)
			}
			if !b.Published.After(prev.Published) {
				t.Fatalf("briefing %d published %v, not after %v", i, b.Published, prev.Published)
			}
		}
		prev = b
	}
}

func TestTitlesUniqueAcrossTheSpace(t *testing.T) {
	g := New(9)
	seen := make(map[string]bool, 100_000)
	for i := 0; i < 100_000; i++ {
		title := g.Title(i)
		if seen[title] {
			t.Fatalf("title %d repeats: %q", i, title)
		}
		seen[title] = true
	}
	// Indexes a whole title space apart must still differ (they get a part number).
	i := int(g.titleSpace) + 17
	if g.Title(17) == g.Title(i) {
		t.Errorf("Title(17) == Title(%d) == %q", i, g.Title(i))
	}
	if g.Title(-1) != "" {
		t.Errorf("Title(-1) = %q", g.Title(-1))
	}
}

func TestTextRoundTrips(t *testing.T) {
	g := New(11)
	for _, i := range []int{0, 1, 57, 10_001, 99_999} {
		want := g.Briefing(i)
		got, err := briefs.ParseText(g.Text(i))
		if err != nil {
			t.Fatalf("ParseText(Text(%d)): %v", i, err)
		}
		got.Published, got.Origin = want.Published, want.Origin
		if got.ContentHash() != want.ContentHash() || len(got.Sources) != len(want.Sources) {
			t.Errorf("briefing %d does not round-trip:\n got %+v\nwant %+v", i, got, want)
		}
	}
}

func TestBodiesLookLikeBriefings(t *testing.T) {
	g := New(5)
	b := g.Briefing(10)
	paras := strings.Split(b.Analysis, "\n\n")
	if len(paras) != 5 {
		t.Errorf("%d analysis paragraphs, want 5", len(paras))
	}
	if strings.Count(b.Summary, ". ") < 1 || strings.Contains(b.Summary, "{") || strings.Contains(b.Analysis, "{") {
		t.Errorf("summary or analysis malformed:\n%s\n%s", b.Summary, b.Analysis)
	}
	// Every cast member is introduced with an office; some are repeated by surname alone.
	w := newWriter(g, 10)
	text := b.Summary + " " + b.Analysis
	surnameOnly := 0
	for _, c := range w.cast[:w.n] {
		p := g.people[c]
		if !strings.Contains(text, p.surname) {
			t.Errorf("%s %s is cast but not mentioned", p.given, p.surname)
		}
		if strings.Count(text, p.surname) > strings.Count(text, p.given) {
			surnameOnly++
		}
	}
	if surnameOnly == 0 {
		t.Error("no one is repeated by surname")
	}
	roles := 0
	for _, o := range offices {
		roles += strings.Count(text, o.title+" ") + strings.Count(text, " "+o.lower+",")
	}
	if roles < w.n/2 {
		t.Errorf("%d role mentions for %d people:\n%s", roles, w.n, text)
	}
}

func TestPeopleSkewAndPool(t *testing.T) {
	g := New(1)
	if g.People() < 2000 {
		t.Fatalf("pool of %d names, want a few thousand", g.People())
	}
	names := map[string]bool{}
	for _, p := range g.people {
		names[p.given+" "+p.surname] = true
	}
	if len(names) != g.People() {
		t.Errorf("%d distinct names in a pool of %d", len(names), g.People())
	}
	counts := make([]int, g.People())
	const n = 5000
	for i := 0; i < n; i++ {
		w := newWriter(g, uint64(i))
		for _, c := range w.cast[:w.n] {
			counts[c]++
		}
	}
	top, seen := 0, 0
	for r, c := range counts {
		if r < 300 {
			top += c
		}
		if c > 0 {
			seen++
		}
	}
	total := 0
	for _, c := range counts {
		total += c
	}
	if share := float64(top) / float64(total); share < 0.35 || share > 0.75 {
		t.Errorf("top 300 people have %.0f%% of appearances, want a few hundred frequent people", share*100)
	}
	if seen < g.People()/2 {
		t.Errorf("only %d of %d people ever appear: no long tail", seen, g.People())
	}
}

func TestSomeoneChangesRole(t *testing.T) {
	g := New(1)
	for k := range g.people {
		p := &g.people[k]
		if !p.changes {
			continue
		}
		w0, w1 := newWriter(g, 0), newWriter(g, ChangeEvery)
		before, after := w0.office(p), w1.office(p)
		if before == after {
			t.Fatalf("%s %s keeps office %q across eras", p.given, p.surname, before.title)
		}
		return
	}
	t.Fatal("no person changes role")
}

func BenchmarkText(b *testing.B) {
	g := New(1)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.Text(i)
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "briefings/s")
}

func BenchmarkBriefing(b *testing.B) {
	g := New(1)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		g.Briefing(i)
		i++
	}
}

func TestConcurrentUse(t *testing.T) {
	g := New(8)
	want := make([][]byte, 64)
	for i := range want {
		want[i] = g.Text(i)
	}
	errs := make(chan string, 4*len(want))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Go(func() {
			for i := range want {
				if !bytes.Equal(g.Text(i), want[i]) {
					errs <- strconv.Itoa(i)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for i := range errs {
		t.Errorf("Text(%s) differs under concurrent use", i)
	}
}
