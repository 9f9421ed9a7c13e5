// Package briefgen generates realistic briefings for benchmarks and load tests, deterministically:
// the same seed and index always give the same briefing. Briefing i links back to i-1 and on to
// i+1 by title, so any run of indexes from 0 forms a chain. The people mentioned come from a pool
// of a few thousand names, chosen with a skewed distribution (a few hundred people appear often,
// the rest rarely), introduced with a role and repeated by surname; about one in ten changes role
// every ChangeEvery briefings.
package briefgen

import (
	"sort"
	"strconv"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// Start returns the publication date of briefing 0, 2015-01-01 06:00 UTC; briefing i is
// published i*Interval later.
func Start() time.Time { return time.Date(2015, 1, 1, 6, 0, 0, 0, time.UTC) }

// Interval is the time between consecutive briefings.
const Interval = 2 * time.Hour

// ChangeEvery is how many briefings a role-changing person keeps one role.
const ChangeEvery = 10_000

// person is one name of the pool with where and what they serve.
type person struct {
	given, surname string
	surnameFirst   bool
	country        *country
	office         int  // index into offices
	changes        bool // takes the next office every ChangeEvery briefings
}

// Generator makes briefings. It holds only read-only tables after New, so one Generator may be
// used from several goroutines.
type Generator struct {
	seed       uint64
	people     []person
	cumulative []float64 // cumulative pick weights of people, for skewed choice
	countries  []*country
	titleSpace uint64 // number of distinct titles before a numeric suffix is needed
	titleStep  uint64 // coprime with titleSpace: spreads consecutive indexes over titles
}

// New returns a generator whose output depends only on seed.
func New(seed int64) *Generator {
	g := &Generator{seed: uint64(seed)}
	r := rng{s: mix(g.seed ^ 0x5EED)}
	for ri := range regions {
		reg := &regions[ri]
		for ci := range reg.countries {
			g.countries = append(g.countries, &reg.countries[ci])
		}
		for _, given := range reg.first {
			for _, surname := range reg.last {
				g.people = append(g.people, person{given: given, surname: surname, surnameFirst: reg.surnameFirst,
					country: &reg.countries[r.intn(len(reg.countries))], office: r.intn(len(offices)), changes: r.intn(10) == 0})
			}
		}
	}
	for i := len(g.people) - 1; i > 0; i-- { // the seed decides who is prominent
		j := r.intn(i + 1)
		g.people[i], g.people[j] = g.people[j], g.people[i]
	}
	// Weight 1/(rank+20): the first few hundred share about half of all mentions.
	g.cumulative = make([]float64, len(g.people))
	total := 0.0
	for i := range g.cumulative {
		total += 1 / float64(i+20)
		g.cumulative[i] = total
	}
	g.titleSpace = uint64(len(g.countries) * len(titleActors) * len(titleActions) * len(titleQualifiers))
	g.titleStep = 1_000_003 // prime
	for gcd(g.titleStep, g.titleSpace) != 1 {
		g.titleStep += 2
	}
	return g
}

// People returns how many distinct names the generator draws from.
func (g *Generator) People() int { return len(g.people) }

// Title returns the title of briefing i; titles are unique for i >= 0.
func (g *Generator) Title(i int) string {
	if i < 0 {
		return ""
	}
	return string(g.appendTitle(make([]byte, 0, 112), uint64(i)))
}

func (g *Generator) appendTitle(buf []byte, i uint64) []byte {
	j := (i%g.titleSpace*g.titleStep + mix(g.seed)%g.titleSpace) % g.titleSpace
	c := g.countries[j%uint64(len(g.countries))]
	j /= uint64(len(g.countries))
	actor := titleActors[j%uint64(len(titleActors))]
	j /= uint64(len(titleActors))
	action := titleActions[j%uint64(len(titleActions))]
	j /= uint64(len(titleActions))
	buf = append(append(append(append(append(append(buf, c.adjective...), ' '), actor...), ' '), action...), ' ')
	buf = append(buf, titleQualifiers[j%uint64(len(titleQualifiers))]...)
	if round := i / g.titleSpace; round > 0 {
		buf = append(buf, ", Part "...)
		buf = strconv.AppendUint(buf, round+1, 10)
	}
	return buf
}

// country returns the country briefing i's title is about.
func (g *Generator) country(i uint64) *country {
	j := (i%g.titleSpace*g.titleStep + mix(g.seed)%g.titleSpace) % g.titleSpace
	return g.countries[j%uint64(len(g.countries))]
}

// Briefing returns briefing i: Published is Start() + i*Interval, Origin "briefgen:<seed>/<i>",
// Prev names briefing i-1 (none for 0) and Next briefing i+1, by title. A negative i is taken as 0.
func (g *Generator) Briefing(i int) briefs.Briefing {
	i = max(i, 0)
	w := newWriter(g, uint64(i))
	w.buf = make([]byte, 0, 3200)
	summaryEnd, analysisStart := w.body("")
	text := string(w.buf)
	b := briefs.Briefing{
		Title:     g.Title(i),
		Published: Start().Add(time.Duration(i) * Interval),
		Summary:   text[:summaryEnd],
		Analysis:  text[analysisStart:],
		Origin:    "briefgen:" + strconv.FormatInt(int64(g.seed), 10) + "/" + strconv.Itoa(i),
		Next:      briefs.Link{Title: g.Title(i + 1)},
	}
	if i > 0 {
		b.Prev = briefs.Link{Title: g.Title(i - 1)}
	}
	if n := w.sources(); n > 0 {
		b.Sources = make([]string, n)
		for k := range b.Sources {
			b.Sources[k] = string(appendSource(nil, i, k))
		}
	}
	return b
}

// Text returns briefing i in the scraped-page text format: the bytes of
// briefs.FormatText(g.Briefing(i)), written directly, which is about twice as fast.
func (g *Generator) Text(i int) []byte {
	i = max(i, 0)
	w := newWriter(g, uint64(i))
	w.buf = g.appendTitle(make([]byte, 0, 4096), uint64(i))
	w.buf = append(w.buf, "\n\nExecutive Summary\n\n"...)
	w.body("\n\nAnalysis\n\n")
	buf := append(w.buf, "\n\nSources"...)
	if n := w.sources(); n > 0 {
		buf = append(buf, '\n')
		for k := range n {
			buf = appendSource(append(buf, '\n'), i, k)
		}
	}
	if i > 0 {
		buf = g.appendTitle(append(buf, "\n\nPrevious\nPrevious\n\n"...), uint64(i-1))
	}
	return g.appendTitle(append(buf, "\n\nNext\nNext\n\n"...), uint64(i+1))
}

// appendSource appends the URL of source k of briefing i.
func appendSource(buf []byte, i, k int) []byte {
	buf = strconv.AppendInt(append(buf, "https://example.org/briefings/"...), int64(i), 10)
	return strconv.AppendInt(append(buf, "/source-"...), int64(k+1), 10)
}

// pick returns a person index drawn with the skewed weights.
func (g *Generator) pick(r *rng) int {
	u := r.float() * g.cumulative[len(g.cumulative)-1]
	return min(sort.SearchFloat64s(g.cumulative, u), len(g.cumulative)-1)
}

// rng is splitmix64: tiny, fast and good enough for text.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	return mix(r.s)
}

func (r *rng) intn(n int) int    { return int(r.next() % uint64(n)) }
func (r *rng) float() float64    { return float64(r.next()>>11) / (1 << 53) }
func (r *rng) chance(p int) bool { return r.intn(100) < p }

func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
