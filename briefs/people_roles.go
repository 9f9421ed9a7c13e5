package briefs

import (
	"strings"
	"unicode/utf8"
)

// lowerOnlyAsOffice are office words that, written lower-case, are usually something else
// ("a major shift", "the general public") unless another office word comes first
// ("secretary general", "attorney general").
var lowerOnlyAsOffice = map[string]bool{"major": true, "general": true, "field": true, "lead": true, "head": true}

// isOffice reports whether token k heads a role here.
func (s *scanner) isOffice(k int) bool {
	if !s.word(k) || s.toks[k].cls&clsOffice == 0 {
		return false
	}
	t := s.toks[k]
	if w := s.text[t.start:t.end]; t.flags&fCap == 0 && lowerOnlyAsOffice[w] {
		if w == "head" || w == "chief" {
			// "head of the Russian Direct Investment Fund", "IAEA head", "Defence Intelligence head"
			if s.same(k, k+1) && s.is(k+1, "of") || s.word(k-1) && s.same(k-1, k) && s.toks[k-1].flags&fCap != 0 {
				return true
			}
		}
		return s.word(k-1) && s.same(k-1, k) && s.toks[k-1].cls&clsOffice != 0 && s.toks[k-1].flags&fPoss == 0
	}
	return true
}

// isRoleWord reports whether token k may be part of a role phrase: office and qualifier words,
// nations, places, organisations and acronyms ("CIA").
func (s *scanner) isRoleWord(k int) bool {
	if !s.word(k) {
		return false
	}
	t := s.toks[k]
	if t.cls&clsOffice != 0 {
		return s.isOffice(k) || t.cls&(clsRoleWord&^clsOffice) != 0
	}
	return t.cls&clsRoleWord != 0 || t.flags&fAllCaps != 0
}

func (s *scanner) isConnector(k int) bool { return s.is(k, "of") || s.is(k, "for") }

// roleBefore finds a role phrase ending at token end, right before the name starting at first:
// "U.S. Defense Secretary", "Kremlin spokesman", "Secretary of State", "Poland’s Foreign Minister".
func (s *scanner) roleBefore(end, first int) (int, int, bool) {
	if !s.same(end, first) || !s.isRoleWord(end) || s.toks[end].flags&fPoss != 0 && !s.isOffice(end) {
		return 0, 0, false
	}
	k := end
	for n := 0; n < maxRoleWords && s.same(k, end); n++ {
		switch {
		case s.isRoleWord(k):
			k--
			continue
		case s.isConnector(k) && s.isRoleWord(k-1):
			k--
			continue
		case s.is(k, "the") && s.isConnector(k-1):
			k--
			continue
		case !s.title && s.isName(k) && s.toks[k].flags&fPoss == 0 &&
			s.toks[k+1].cls&(clsOffice|clsDomain|clsHead|clsOrg) != 0:
			// one unknown capitalised word naming the body: "Wagner chief", "Rosatom head"
			k--
		case !s.title && s.isName(k) && s.toks[k].flags&fPoss != 0 && s.toks[k+1].cls&clsRoleWord != 0:
			// one unknown place or body owning the role: "Tigray’s interim leader"
			k--
		}
		break
	}
	start := k + 1
	for start <= end && (s.isConnector(start) || s.is(start, "the")) {
		start++
	}
	return start, end, s.hasOffice(start, end)
}

// roleAfter finds a role in apposition after the name ending at last: "Mark Rutte, NATO’s
// secretary general, said" or "Rutte (secretary general of NATO)".
func (s *scanner) roleAfter(last int) (int, int, bool) {
	if s.toks[last].flags&fPoss != 0 {
		return 0, 0, false
	}
	k := last + 1
	if s.same(last, k) && s.toks[k].kind == tkComma && s.isPredicate(k+1) {
		k++ // "Hemedti’s brother, Abdelrahim Dagalo, remains …": the comma closed an apposition
	}
	predicate := false
	switch {
	case !s.same(last, k):
		return 0, 0, false
	case s.toks[k].kind == tkComma || s.toks[k].kind == tkOpen:
	case s.isPredicate(k):
		predicate = true // "Abdelrahim Dagalo remains the RSF’s deputy commander."
		if s.is(k, "serves") {
			k++
		}
	default:
		return 0, 0, false
	}
	k++
	if s.is(k, "the") || s.is(k, "a") || s.is(k, "an") {
		k++
	}
	start, end := k, -1
	connected := false // after "of"/"for", any capitalised name belongs to the role
	for n := 0; n < maxRoleWords && s.same(last, k); n++ {
		switch {
		case s.isRoleWord(k):
			end = k
		case s.isConnector(k), connected && s.is(k, "in"):
			connected = true
		case s.is(k, "the") && s.isConnector(k-1), s.is(k, "and") && s.isRoleWord(k+1) && end == k-1:
		case connected && s.word(k) && (s.toks[k].flags&fCap != 0 || s.toks[k].cls&(clsSpeech|clsCommon) == 0):
			end = k // "secretary general of Rosatom", "envoy for special missions"
		default:
			n = maxRoleWords
			continue
		}
		k++
	}
	if end < start {
		return 0, 0, false
	}
	// the apposition must close: a comma, a bracket, the end of the sentence, a bracketed
	// acronym ("leader of the Republican People’s Party (CHP),") or a relative clause
	// ("the former prime minister who leads"); a predicate may also go on with "and"
	n := end + 1
	if s.same(last, n) && s.toks[n].kind != tkComma && s.toks[n].kind != tkClose && s.toks[n].kind != tkOpen &&
		!s.is(n, "who") && !s.is(n, "whose") && !(predicate && s.is(n, "and")) {
		return 0, 0, false
	}
	return start, end, s.hasOffice(start, end)
}

// isPredicate reports whether token k starts a predicate that names a role: "is", "remains",
// "became", "serves as".
func (s *scanner) isPredicate(k int) bool {
	return s.is(k, "is") || s.is(k, "remains") || s.is(k, "became") || s.is(k, "becomes") ||
		s.is(k, "serves") && s.is(k+1, "as")
}

func (s *scanner) hasOffice(start, end int) bool {
	for k := start; k <= end; k++ {
		if s.isOffice(k) {
			return true
		}
	}
	return false
}

// roleText returns the role as written and its specificity: the count of its words that say
// something (offices, qualifiers, nations, organisations), so "U.S. Defense Secretary" (3)
// beats "Defense Secretary" (2).
func (s *scanner) roleText(start, end int) (string, int) {
	score := 0
	for k := start; k <= end; k++ {
		if s.word(k) && (s.toks[k].cls&(clsRoleWord&^clsModifier) != 0 || s.toks[k].flags&fAllCaps != 0) {
			score++
		}
	}
	return collapseSpaces(s.text[s.toks[start].start:s.toks[end].end]), score
}

// collapseSpaces trims s and turns every run of white space into one space. It returns s itself,
// without allocating, when there is nothing to change.
func collapseSpaces(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xc2 ||
			c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == '\u00a0'
	}), " ")
}

// boundText cuts s to at most n bytes on a rune boundary, marking the cut with an ellipsis, and
// drops a broken rune at its start.
func boundText(s string, n int) string {
	for len(s) > 0 && !utf8.RuneStart(s[0]) {
		s = s[1:]
	}
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
