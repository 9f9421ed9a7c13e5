package briefgen

import (
	"slices"
	"strings"
)

// maxCast is the most people one briefing mentions.
const maxCast = 9

// writer composes the body of one briefing.
type writer struct {
	g          *Generator
	i          uint64
	r          rng
	country    *country
	other      *country
	cast       [maxCast]int // person indexes
	introduced [maxCast]bool
	n          int // people in the cast
	next       int // cast member to give the next subject role
	sb         strings.Builder
}

func newWriter(g *Generator, i uint64) *writer {
	w := &writer{g: g, i: i, r: rng{s: mix(g.seed*0x9E3779B97F4A7C15 ^ i)}, country: g.country(i)}
	w.other = g.countries[w.r.intn(len(g.countries))]
	if w.other == w.country {
		w.other = g.countries[(w.r.intn(len(g.countries)-1)+1)%len(g.countries)]
	}
	w.n = 5 + w.r.intn(maxCast-4)
	for k := 0; k < w.n; {
		// Distinct people with distinct surnames, so a surname names one cast member.
		if p := g.pick(&w.r); !slices.ContainsFunc(w.cast[:k], func(q int) bool { return g.people[q].surname == g.people[p].surname }) {
			w.cast[k] = p
			k++
		}
	}
	return w
}

// body returns the summary (two sentences) and the analysis (five paragraphs of three or four).
func (w *writer) body() (summary, analysis string) {
	w.sb.Grow(3200)
	w.sentence(personSentences[w.r.intn(len(personSentences))])
	w.sb.WriteByte(' ')
	w.sentence(personSentences[w.r.intn(len(personSentences))])
	summaryLen := w.sb.Len()
	for p := 0; p < 5; p++ {
		w.sb.WriteString("\n\n")
		n := 3 + w.r.intn(2)
		for s := 0; s < n; s++ {
			if s > 0 {
				w.sb.WriteByte(' ')
			}
			if w.r.chance(15) {
				w.sentence(plainSentences[w.r.intn(len(plainSentences))])
			} else {
				w.sentence(personSentences[w.r.intn(len(personSentences))])
			}
		}
	}
	all := w.sb.String()
	return all[:summaryLen], all[summaryLen+2:]
}

// sentence expands one template into the text.
func (w *writer) sentence(tmpl string) {
	subject := w.next
	w.next = (w.next + 1) % w.n
	object := (subject + 1 + w.r.intn(w.n-1)) % w.n
	for {
		k := strings.IndexByte(tmpl, '{')
		if k < 0 || k+2 >= len(tmpl) {
			w.sb.WriteString(tmpl)
			return
		}
		w.sb.WriteString(tmpl[:k])
		rest := tmpl[k+3:]
		switch tmpl[k+1] {
		case 'S':
			w.mention(subject, len(rest) > 0 && rest[0] == ' ')
		case 'O':
			w.mention(object, false)
		case 'C':
			w.sb.WriteString(w.country.name)
		case 'D':
			w.sb.WriteString(w.other.name)
		case 'A':
			w.sb.WriteString(w.country.adjective)
		case 'K':
			w.sb.WriteString(w.country.capital)
		case 'T':
			w.sb.WriteString(topics[w.r.intn(len(topics))])
		}
		tmpl = rest
	}
}

// mention names cast member c: with a role the first time (an appositive when allowed), later
// mostly by surname.
func (w *writer) mention(c int, appositive bool) {
	p := &w.g.people[w.cast[c]]
	if w.introduced[c] {
		if w.r.chance(75) {
			w.sb.WriteString(p.surname)
		} else {
			w.name(p)
		}
		return
	}
	w.introduced[c] = true
	o := w.office(p)
	if appositive && w.r.chance(40) {
		w.name(p)
		if p.country.name[0] >= 'A' && p.country.name[0] <= 'Z' && w.r.chance(50) {
			w.sb.WriteString(", ")
			w.sb.WriteString(p.country.name)
			w.sb.WriteString("’s ")
		} else {
			w.sb.WriteString(", the ")
			w.sb.WriteString(p.country.adjective)
			w.sb.WriteByte(' ')
		}
		w.sb.WriteString(o.lower)
		w.sb.WriteByte(',')
		return
	}
	w.sb.WriteString(p.country.adjective)
	w.sb.WriteByte(' ')
	w.sb.WriteString(o.title)
	w.sb.WriteByte(' ')
	w.name(p)
}

// office is p's office at the time of this briefing.
func (w *writer) office(p *person) *office {
	k := p.office
	if p.changes {
		k += int(w.i / ChangeEvery)
	}
	return &offices[k%len(offices)]
}

func (w *writer) name(p *person) {
	first, second := p.given, p.surname
	if p.surnameFirst {
		first, second = p.surname, p.given
	}
	w.sb.WriteString(first)
	w.sb.WriteByte(' ')
	w.sb.WriteString(second)
}
