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
	buf        []byte
}

func newWriter(g *Generator, i uint64) writer {
	w := writer{g: g, i: i, r: rng{s: mix(g.seed*0x9E3779B97F4A7C15 ^ i)}, country: g.country(i)}
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

// body appends the summary (two sentences), then sep, then the analysis (five paragraphs of
// three or four sentences, separated by a blank line). It returns where the summary ends and
// where the analysis starts in buf.
func (w *writer) body(sep string) (summaryEnd, analysisStart int) {
	w.sentence(personSentences[w.r.intn(len(personSentences))])
	w.buf = append(w.buf, ' ')
	w.sentence(personSentences[w.r.intn(len(personSentences))])
	summaryEnd = len(w.buf)
	w.buf = append(w.buf, sep...)
	analysisStart = len(w.buf)
	for p := 0; p < 5; p++ {
		if p > 0 {
			w.buf = append(w.buf, "\n\n"...)
		}
		n := 3 + w.r.intn(2)
		for s := 0; s < n; s++ {
			if s > 0 {
				w.buf = append(w.buf, ' ')
			}
			if w.r.chance(15) {
				w.sentence(plainSentences[w.r.intn(len(plainSentences))])
			} else {
				w.sentence(personSentences[w.r.intn(len(personSentences))])
			}
		}
	}
	return summaryEnd, analysisStart
}

// sources returns how many sources the briefing lists; call it after body.
func (w *writer) sources() int { return w.r.intn(4) }

// sentence expands one template into the text.
func (w *writer) sentence(tmpl string) {
	subject := w.next
	w.next = (w.next + 1) % w.n
	object := (subject + 1 + w.r.intn(w.n-1)) % w.n
	for {
		k := strings.IndexByte(tmpl, '{')
		if k < 0 || k+2 >= len(tmpl) {
			w.write(tmpl)
			return
		}
		w.write(tmpl[:k])
		rest := tmpl[k+3:]
		switch tmpl[k+1] {
		case 'S':
			w.mention(subject, len(rest) > 0 && rest[0] == ' ')
		case 'O':
			w.mention(object, false)
		case 'C':
			w.write(w.country.name)
		case 'D':
			w.write(w.other.name)
		case 'A':
			w.write(w.country.adjective)
		case 'K':
			w.write(w.country.capital)
		case 'T':
			w.write(topics[w.r.intn(len(topics))])
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
			w.write(p.surname)
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
			w.write(", ")
			w.write(p.country.name)
			w.write("’s ")
		} else {
			w.write(", the ")
			w.write(p.country.adjective)
			w.writeByte(' ')
		}
		w.write(o.lower)
		w.writeByte(',')
		return
	}
	w.write(p.country.adjective)
	w.writeByte(' ')
	w.write(o.title)
	w.writeByte(' ')
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
	w.write(first)
	w.writeByte(' ')
	w.write(second)
}

func (w *writer) write(s string)   { w.buf = append(w.buf, s...) }
func (w *writer) writeByte(c byte) { w.buf = append(w.buf, c) }
