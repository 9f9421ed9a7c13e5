package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefs"
)

// looksLikeName accepts a short phrase with letters in it: what a person's name could be.
func looksLikeName(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0 && len(strings.Fields(s)) <= 6
}

// nameCovers reports whether every word of query is a word of name or starts one, so that
// "Kim" covers "Kim Jong Un" but "White House" covers no one named White.
func nameCovers(name, query string) bool {
	have := strings.Fields(briefs.FoldName(name))
	for _, q := range strings.Fields(briefs.FoldName(query)) {
		if !slices.ContainsFunc(have, func(h string) bool { return strings.HasPrefix(h, q) }) {
			return false
		}
	}
	return true
}

// institutionWords mark a phrase as an organisation or place rather than a person.
var institutionWords = map[string]bool{
	"house": true, "ministry": true, "department": true, "council": true, "government": true,
	"parliament": true, "congress": true, "senate": true, "kremlin": true, "pentagon": true,
	"nato": true, "union": true, "party": true, "agency": true, "commission": true, "court": true,
	"army": true, "forces": true, "bank": true, "office": true, "committee": true, "nations": true,
	"organization": true, "organisation": true, "assembly": true, "cabinet": true, "embassy": true,
	"administration": true, "state": true, "states": true, "republic": true, "kingdom": true,
}

func looksLikeInstitution(s string) bool {
	for _, w := range strings.Fields(briefs.FoldName(s)) {
		if institutionWords[w] {
			return true
		}
	}
	return false
}

// suggestNames returns up to n known names close to query by edit distance, comparing it with
// the whole name and with each run of words as long as the query.
func suggestNames(names []cachedName, query string, n int) []string {
	q := briefs.FoldName(query)
	qWords := len(strings.Fields(q))
	allowed := maxDistance(utf8.RuneCountInString(q))
	if allowed == 0 {
		return nil
	}
	type scored struct {
		name string
		d    int
	}
	var hits []scored
	for _, c := range names {
		d := levenshtein(q, c.folded, allowed)
		// Also compare with every run of as many words as the query has: "Rubbio" ~ "rubio",
		// "von der Leyn" ~ "von der leyen".
		for i := 0; i+qWords <= len(c.tokens); i++ {
			d = min(d, levenshtein(q, strings.Join(c.tokens[i:i+qWords], " "), allowed))
		}
		if d <= allowed {
			hits = append(hits, scored{c.display, d})
		}
	}
	slices.SortFunc(hits, func(a, b scored) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.name, b.name)
	})
	var out []string
	for _, h := range hits {
		if len(out) == n {
			break
		}
		if !slices.Contains(out, h.name) {
			out = append(out, h.name)
		}
	}
	return out
}

// maxDistance is how many edits a query of n runes may be away from a name and still be suggested.
func maxDistance(n int) int {
	switch {
	case n < 3:
		return 0
	case n <= 4:
		return 1
	case n <= 8:
		return 2
	}
	return 3
}

// levenshtein is the edit distance between a and b in runes; it stops early, returning
// limit+1, once the distance must exceed limit.
func levenshtein(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// sameRole reports whether two role texts name the same office (briefs.RoleKey): one may carry
// a qualifier in front ("U.S. Secretary of State", "NATO's secretary general"); a rank in front
// ("Major General") makes a different role.
func sameRole(a, b string) bool {
	return a != "" && b != "" && briefs.RoleKey(a) == briefs.RoleKey(b)
}
