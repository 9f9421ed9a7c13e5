package briefs

// candidate is one written name found in a text, with what its context says about it.
type candidate struct {
	name      string // the name as written, possessive cut
	nameCount int    // name words, not counting particles and initials
	role      string // role given right before or in apposition, "" if none
	roleScore int    // how specific the role is: its informative words
	evidence  bool   // a role, honorific or speech verb shows this is a person
	noCreate  bool   // context says place or thing: may only count toward a known person
	title     bool   // found in a headline, where every word is capitalised
	sentence  string // the sentence it is in, raw: see mentionSentence
	pos       int    // order of appearance across the briefing
}

// Limits that keep hostile input linear and sane.
const (
	maxNameWords     = 5   // longer capitalised runs are headlines or noise, not names
	maxRoleWords     = 10  // a role phrase longer than this is not a role
	maxWordBytes     = 40  // no name word is longer
	maxSentenceBytes = 600 // context sentences are cut to this
)

// scanner finds candidates in one tokenized text.
type scanner struct {
	text  string
	toks  []tok
	sents []sentence
	title bool
}

// word reports whether token k is a word, classifying it on first look.
func (s *scanner) word(k int) bool {
	if k < 0 || k >= len(s.toks) || s.toks[k].kind != tkWord {
		return false
	}
	if s.toks[k].flags&fClassified == 0 {
		classifyTok(s.text, &s.toks[k])
	}
	return true
}

func (s *scanner) same(a, b int) bool {
	return a >= 0 && b >= 0 && a < len(s.toks) && b < len(s.toks) && s.toks[a].sent == s.toks[b].sent
}

func (s *scanner) is(k int, w string) bool {
	if !s.word(k) {
		return false
	}
	t := s.toks[k]
	return int(t.end-t.start) == len(w) && equalFoldASCII(s.text[t.start:t.end], w)
}

func equalFoldASCII(a, b string) bool {
	for i := 0; i < len(a); i++ {
		c := a[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			return false
		}
	}
	return true
}

// isName reports whether token k can be a word of a person's name.
func (s *scanner) isName(k int) bool {
	if !s.word(k) {
		return false
	}
	t := s.toks[k]
	return t.flags&fAdj == 0 && t.flags&(fCap|fParticleName) != 0 &&
		(t.flags&fAllCaps == 0 || t.flags&(fRoman|fInitials) != 0) && t.cls&clsNotName == 0 &&
		t.end-t.start <= maxWordBytes
}

// isParticle reports whether token k is a name particle ("von", "der", "bin", "Le").
func (s *scanner) isParticle(k int) bool { return s.word(k) && s.toks[k].cls&clsParticle != 0 }

// ambiguousStart reports whether token k is a place that here starts a name ("Israel Katz").
func (s *scanner) ambiguousStart(k int) bool {
	return s.word(k) && s.toks[k].cls&clsAmbiguousGiven != 0 && s.toks[k].flags&(fCap|fPoss) == fCap &&
		s.same(k, k+1) && s.isName(k+1) && !s.isParticle(k+1) && !s.followedByHead(k+1)
}

// followedByHead reports whether the capitalised words right after the name at k end in a head
// word: "White House", "Russian Direct Investment Fund", "Taiwan Strait".
func (s *scanner) followedByHead(k int) bool {
	for n := 0; n < maxNameWords && s.toks[k].flags&fPoss == 0 && s.same(k, k+1) && s.isName(k+1); n++ {
		k++
	}
	for n := k + 1; n <= k+4 && s.same(k, n) && s.word(n) && s.toks[n-1].flags&fPoss == 0 &&
		s.toks[n].flags&fCap != 0; n++ {
		if s.toks[n].cls&clsHead != 0 {
			return true
		}
		if s.isName(n) || s.toks[n].cls&clsOffice != 0 {
			return false // another name, or a role: "Mossad Director David Barnea"
		}
	}
	return false
}

// scan calls found for every candidate name in the text, in order.
func (s *scanner) scan(found func(candidate)) {
	for i := 0; i < len(s.toks); {
		if t := s.toks[i]; t.kind != tkWord || t.flags&(fCap|fHyphen) == 0 && t.end-t.start > 5 {
			i++ // cheap test first: names start capitalised, hyphenated ("al-Sharaa") or with a particle
			continue
		}
		if !s.isName(i) && !s.ambiguousStart(i) && !(s.isParticle(i) && s.particleRun(i)) {
			i++
			continue
		}
		j, names, lastName := i, 0, -1
		for j < len(s.toks) && s.same(i, j) {
			s.word(j) // classify before copying
			t := s.toks[j]
			switch {
			case j == i && s.ambiguousStart(j), s.isName(j) && t.flags&fInitial == 0 && t.cls&clsParticle == 0:
				names++
				lastName = j
			case s.isName(j) && t.flags&fInitial != 0:
				if j == i && s.same(j, j+1) && s.isName(j+1) {
					names++ // a leading initial stands for the given name: "S. Jaishankar"
				}
			case s.isParticle(j):
				// inside a name only; trimmed from the end below
			case j > i && lastName == j-1 && t.cls&clsHonorific != 0 && t.flags&fCap != 0 && s.same(j, j+1) && s.isName(j+1):
				names++ // a title word inside a name is part of it: "Hassan Sheikh Mohamud"
			default:
				goto done
			}
			j++
			if t.flags&fPoss != 0 {
				break
			}
		}
	done:
		if j == i {
			j = i + 1
		}
		if names == 0 || names > maxNameWords {
			i = j
			continue
		}
		found(s.evaluate(i, lastName, names))
		i = j
	}
}

// particleRun reports whether lower-case particles at k lead to a capitalised name word
// ("von der Leyen").
func (s *scanner) particleRun(k int) bool {
	for n := 0; s.isParticle(k) && s.toks[k].flags&fCap == 0 && n < 3; n++ {
		k++
	}
	return s.isName(k) && s.toks[k].cls&clsParticle == 0
}

// evaluate turns the name in tokens first..last into a candidate, reading its context.
func (s *scanner) evaluate(first, last, names int) candidate {
	c := candidate{
		name:      collapseSpaces(s.text[s.toks[first].start:s.toks[last].end]),
		nameCount: names,
		title:     s.title,
		sentence:  s.sentenceOf(first),
	}
	prev := first - 1
	if s.same(prev, first) && s.word(prev) {
		p := s.toks[prev]
		if p.flags&(fCap|fAllCaps) != 0 && p.cls&clsPlaceMod != 0 {
			c.noCreate = true // "USS Carl Vinson", "New Delhi", "North Korea"
			return c
		}
		if s.is(prev, "the") || s.is(prev, "a") || s.is(prev, "an") {
			c.noCreate = true // people do not take an article: "the Wagner Group"
		}
	}
	if s.followedByHead(last) {
		c.noCreate = true // "White House", "Taiwan Strait"
	}
	k := prev
	for s.same(k, first) && s.word(k) && s.toks[k].cls&clsHonorific != 0 {
		c.evidence = true
		k--
	}
	// a role before the name ("Kremlin spokesman Dmitry Peskov"), else one in apposition before
	// it ("NATO’s secretary general, Mark Rutte,"); and one in apposition after it ("Mark Rutte,
	// NATO’s secretary general,"). The more specific wins.
	start, end, ok := s.roleBefore(k, first)
	if ok {
		c.role, c.roleScore = s.roleText(start, end)
	}
	comma := prev // the comma an apposition before the name would end with
	if ok {
		comma = start - 1 // "Mali’s transitional president, Colonel Assimi Goïta,"
	}
	if s.same(comma, first) && s.toks[comma].kind == tkComma && s.closesApposition(last) {
		if start, end, ok := s.roleBefore(comma-1, first); ok {
			if role, score := s.roleText(start, end); score > c.roleScore {
				c.role, c.roleScore = role, score
			}
		}
	}
	if start, end, ok := s.roleAfter(last); ok {
		if role, score := s.roleText(start, end); score > c.roleScore {
			c.role, c.roleScore = role, score
		}
	}
	c.evidence = c.evidence || c.role != "" || s.speaks(last) || s.saidBefore(prev, last)
	return c
}

// saidBefore reports a name that closes "…, said Rutte." or "…,” Rutte said": a speech verb
// right before it and the end of the clause right after.
func (s *scanner) saidBefore(prev, last int) bool {
	if !s.word(prev) || !s.same(prev, last) || s.toks[prev].cls&clsSpeech == 0 || s.toks[prev].flags&fCap != 0 {
		return false
	}
	n := last + 1
	return n >= len(s.toks) || !s.same(last, n) || s.toks[n].kind == tkComma
}

// speaks reports whether a speech or action verb follows the name ending at last, directly
// ("Rutte said"), after an adverb ("Rutte also said") or after a short clause between commas
// ("Rubio, for his part, told").
func (s *scanner) speaks(last int) bool {
	if s.toks[last].flags&fPoss != 0 {
		return false
	}
	n := last + 1
	if s.same(last, n) && s.toks[n].kind == tkComma {
		for k := n + 1; k < n+8 && s.same(last, k); k++ {
			if s.toks[k].kind == tkComma {
				n = k + 1
				break
			}
			if !s.word(k) || s.toks[k].flags&fCap != 0 {
				break
			}
		}
	}
	if s.word(n) && s.toks[n].cls&clsAdverb != 0 && s.toks[n].flags&fCap == 0 {
		n++
	}
	return s.same(last, n) && s.word(n) && s.toks[n].cls&clsSpeech != 0 && s.toks[n].flags&fCap == 0
}

// closesApposition reports whether the name ending at last is followed by a comma, a closing
// bracket or the end of its sentence, as a name in apposition is.
func (s *scanner) closesApposition(last int) bool {
	n := last + 1
	return n >= len(s.toks) || !s.same(last, n) || s.toks[n].kind == tkComma || s.toks[n].kind == tkClose
}

// sentenceOf returns the raw text of the sentence holding token k, without copying; a run-on
// "sentence" (hostile or unpunctuated input) is cut to a window around the name.
func (s *scanner) sentenceOf(k int) string {
	se := s.sents[s.toks[k].sent]
	start, end := int(se.start), int(se.end)
	if end-start > 2*maxSentenceBytes {
		start = max(start, int(s.toks[k].start)-maxSentenceBytes/2)
		end = min(end, start+2*maxSentenceBytes)
	}
	return s.text[start:end]
}

// mentionSentence turns a raw sentence into the one a Mention shows: spaces collapsed, bounded.
func mentionSentence(raw string) string {
	return boundText(collapseSpaces(raw), maxSentenceBytes)
}
