package briefs

import (
	"html"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// How ExtractPeople reads a briefing, in short:
//
//  1. Title, Executive Summary and Analysis are tokenized (Sources and the Previous/Next footer are
//     never read: names there are not mentions). Body sections come first, so a person's
//     context sentence is from the body when the body names them; the title is read last and,
//     being in title case, may only add mentions of people the body names or titles ("President X").
//  2. Runs of capitalised words that are not offices, nations, places, organisations, calendar or
//     sentence-opening words are candidate names; particles ("von der", "bin") and initials may sit
//     inside. Context decides the rest: a ship prefix or "New"/"North" before, or a head word
//     ("House", "Strait", "Conference") after, marks a place or thing; a role before
//     ("Kremlin spokesman"), in apposition ("Rutte, NATO’s secretary general," or "NATO’s
//     secretary general, Mark Rutte,") or as a predicate ("Dagalo remains the RSF’s deputy
//     commander"), an honorific, or a speech verb ("Rutte said", "said Rutte") is evidence of a
//     person. A role needs an office word ("minister", "spokesman", "chief"): "his predecessor"
//     and "his Russian counterpart" are relations, not roles.
//  3. Two-word-or-longer names are people. One-word names resolve to the full name in the same
//     briefing with that surname; otherwise they are kept as Partial only with evidence.
//  4. Each person gets the most specific role the briefing gives (most informative words).

// extractBuffers are reused token and sentence slices, so extraction allocates little.
type extractBuffers struct {
	toks  []tok
	sents []sentence
}

var bufferPool = sync.Pool{New: func() any { return &extractBuffers{} }}

// maxPooledTokens bounds the buffers kept for reuse: a briefing has a few thousand tokens.
const maxPooledTokens = 1 << 15

// ExtractPeople returns one Mention per distinct person named in b's title, summary and analysis,
// in order of first mention. It never reads b.Sources, b.Prev or b.Next.
func ExtractPeople(b Briefing) []Mention {
	var cands []candidate
	buf := bufferPool.Get().(*extractBuffers)
	defer func() {
		if cap(buf.toks) <= maxPooledTokens { // do not keep a huge input's buffers alive
			bufferPool.Put(buf)
		}
	}()
	for _, part := range [...]struct {
		text  string
		title bool
	}{{b.Summary, false}, {b.Analysis, false}, {b.Title, true}} {
		if part.text == "" {
			continue
		}
		if strings.IndexByte(part.text, '&') >= 0 {
			// text that slipped through with entities ("Poland&#8217;s") reads as what it shows
			part.text = html.UnescapeString(part.text)
		}
		buf.toks, buf.sents = tokenize(part.text, buf.toks[:0], buf.sents[:0])
		sc := scanner{text: part.text, toks: buf.toks, sents: buf.sents, title: part.title}
		sc.scan(func(c candidate) {
			c.pos = len(cands)
			cands = append(cands, c)
		})
	}
	if len(cands) == 0 {
		return nil
	}
	var r resolver
	return r.resolve(cands)
}

// person gathers the mentions of one person in a briefing.
type person struct {
	m         Mention
	nameWords int
	roleScore int
	evidence  bool
	full      bool // written with a given name at least once
	first     int  // pos of the first mention
	last      int  // pos of the latest mention so far
}

// resolver merges candidates into people.
type resolver struct {
	people    []*person
	byKey     map[string]*person   // PersonKey of full names
	bySurname map[string][]*person // SurnameKey (and its bare last part) of full names
	partial   map[string]*person   // surname-only people, by SurnameKey
	keys      map[string]nameKeys  // memo: names repeat ("Trump" nine times), keying is not free
}

// nameKeys are the keys of one written name.
type nameKeys struct{ person, surname string }

func (r *resolver) keysOf(name string) nameKeys {
	if k, ok := r.keys[name]; ok {
		return k
	}
	toks := nameTokens(name)
	sk := surnameKeyOf(toks) // first: personKeyOf rewrites the tokens
	k := nameKeys{personKeyOf(toks), sk}
	r.keys[name] = k
	return k
}

func (r *resolver) resolve(cands []candidate) []Mention {
	r.byKey = make(map[string]*person)
	r.bySurname = make(map[string][]*person)
	r.partial = make(map[string]*person)
	r.keys = make(map[string]nameKeys, len(cands))
	for i := range cands {
		c := &cands[i]
		if c.nameCount < 2 || c.noCreate || c.title && !c.evidence {
			continue
		}
		if k := r.keysOf(c.name); r.byKey[k.person] == nil {
			p := &person{first: c.pos, full: true, m: Mention{Key: k.person, Surname: k.surname}}
			r.byKey[k.person] = p
			r.people = append(r.people, p)
			r.bySurname[p.m.Surname] = append(r.bySurname[p.m.Surname], p)
			if bare := bareSurname(p.m.Surname); bare != p.m.Surname {
				r.bySurname[bare] = append(r.bySurname[bare], p)
			}
		}
	}
	for i := range cands {
		c := &cands[i]
		switch p := r.find(c); {
		case p != nil:
			r.attach(p, c)
		case c.title && c.nameCount > 1:
			r.headlineWords(c)
		case c.nameCount == 1 && strings.Contains(c.name, "-"):
			r.hyphenParts(c)
		}
	}
	out := make([]Mention, 0, len(r.people))
	for _, p := range r.people {
		if !p.full && !p.evidence {
			continue // a lone capitalised word nothing marks as a person
		}
		p.m.Partial = !p.full
		k := r.keysOf(p.m.Name)
		p.m.Key, p.m.Surname = k.person, k.surname
		out = append(out, p.m)
	}
	return out
}

// find returns the person candidate c names, creating a surname-only person when c may.
func (r *resolver) find(c *candidate) *person {
	k := r.keysOf(c.name)
	if c.nameCount >= 2 {
		if p := r.byKey[k.person]; p != nil {
			return p
		}
		return r.nearest(r.bySurname[k.surname], c)
	}
	sk := k.surname
	if sk == "" {
		return nil
	}
	if p := r.nearest(r.bySurname[sk], c); p != nil {
		return p
	}
	if p := r.partial[sk]; p != nil {
		return p
	}
	if c.noCreate || c.title && !c.evidence {
		return nil
	}
	p := &person{first: c.pos, m: Mention{Key: k.person, Surname: sk}}
	r.partial[sk] = p
	r.people = append(r.people, p)
	return p
}

// headlineWords tries each word of a headline run ("Netanyahu Issues Ultimatum") as a surname of
// someone the body names.
func (r *resolver) headlineWords(c *candidate) {
	for _, w := range strings.Fields(c.name) {
		if p := r.nearest(r.bySurname[SurnameKey(w)], c); p != nil {
			one := *c
			one.name, one.nameCount = w, 1
			r.attach(p, &one)
		} else if p := r.partial[SurnameKey(w)]; p != nil {
			one := *c
			one.name, one.nameCount = w, 1
			r.attach(p, &one)
		}
	}
}

// hyphenParts counts "Trump-Putin" (as in "the Trump-Putin call") for each part that is the
// surname of someone the briefing names.
func (r *resolver) hyphenParts(c *candidate) {
	parts := strings.Split(c.name, "-")
	if len(parts) != 2 || !isUpperStart(parts[0]) || !isUpperStart(parts[1]) {
		return
	}
	for _, w := range parts {
		if p := r.nearest(r.bySurname[r.keysOf(w).surname], c); p != nil {
			one := *c
			one.name, one.nameCount, one.role = w, 1, ""
			r.attach(p, &one)
		}
	}
}

func isUpperStart(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// nearest picks, among people sharing a surname, the one mentioned most recently before c in
// the body, else the first. A headline surname goes to the one the body mentions most.
func (r *resolver) nearest(ps []*person, c *candidate) *person {
	var best *person
	for _, p := range ps {
		switch {
		case c.title:
			if best == nil || p.m.Count > best.m.Count {
				best = p
			}
		case p.first <= c.pos && (best == nil || p.last > best.last):
			best = p
		}
	}
	if best == nil && len(ps) > 0 {
		best = ps[0]
	}
	return best
}

// attach counts mention c for p, keeping the fullest name, the first sentence and the most
// specific role.
func (r *resolver) attach(p *person, c *candidate) {
	p.m.Count++
	p.last = c.pos
	if p.m.Sentence == "" {
		p.m.Sentence = mentionSentence(c.sentence)
	}
	if c.nameCount > p.nameWords && !(c.title && c.nameCount > 1 && !c.evidence) {
		p.nameWords = c.nameCount
		p.m.Name = c.name
	}
	if c.role != "" && c.roleScore > p.roleScore {
		p.roleScore = c.roleScore
		p.m.Role = tidyRole(c.role)
	}
	p.evidence = p.evidence || c.evidence
	if c.pos < p.first {
		p.first = c.pos
	}
}

// bareSurname is the last part of a surname key without particles or Arabic article:
// "von der leyen" → "leyen", "al-sharaa" → "sharaa", so "Sharaa" alone still resolves.
func bareSurname(sk string) string {
	if i := strings.LastIndexByte(sk, ' '); i >= 0 {
		sk = sk[i+1:]
	}
	if i := strings.IndexByte(sk, '-'); i >= 0 && arabicPrefixSet[sk[:i]] {
		sk = sk[i+1:]
	}
	return sk
}
