package sqlite

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefs"
)

// Limits on what a user's query may make FTS5 do.
const (
	maxQueryWords = 12
	maxWordBytes  = 64
)

// queryWords splits user input into the words FTS5's unicode61 tokenizer would see: runs of
// letters and digits. Everything else, FTS5 syntax included, only separates words.
func queryWords(q string) []string {
	var words []string
	for _, w := range strings.FieldsFunc(q, notWordRune) {
		if len(w) > maxWordBytes {
			w = strings.ToValidUTF8(w[:maxWordBytes], "")
		}
		words = append(words, w)
		if len(words) == maxQueryWords {
			break
		}
	}
	return words
}

// searchExtra lists, once each, the folded spelling of words FTS5's remove_diacritics leaves
// alone ("Radosław" → "radoslaw", "Søren" → "soren"), so that ASCII queries find them. Only
// words holding a non-ASCII byte are looked at: this runs for every briefing an ingest saves.
func searchExtra(b *briefs.Briefing) string {
	var seen map[string]bool
	var out []string
	for _, text := range []string{b.Title, b.Summary, b.Analysis} {
		for i := 0; i < len(text); {
			j := strings.IndexFunc(text[i:], func(r rune) bool { return r >= utf8.RuneSelf })
			if j < 0 {
				break
			}
			// widen the non-ASCII rune at i+j to its whole word
			start := strings.LastIndexFunc(text[:i+j], notWordRune) + 1
			end := i + j + strings.IndexFunc(text[i+j:], notWordRune)
			if end < i+j {
				end = len(text)
			}
			i = max(end, i+j+1)
			w := text[start:end]
			if w == "" || isASCII(w) {
				continue
			}
			if f := briefs.FoldName(w); isASCII(f) && !seen[f] {
				if seen == nil {
					seen = map[string]bool{}
				}
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	return strings.Join(out, " ")
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// matchExpr quotes each word as an FTS5 string, so no word is read as an operator, and joins them
// with op ("AND" or "OR"). prefixLast lets the last word match as a prefix.
func matchExpr(words []string, column, op string, prefixLast bool) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteString(" ")
			if op != "" {
				b.WriteString(op + " ")
			}
		}
		if column != "" {
			b.WriteString(column + " : ")
		}
		star := ""
		if prefixLast && i == len(words)-1 {
			star = "*"
		}
		quoted := `"` + strings.ReplaceAll(w, `"`, `""`) + `"` + star
		if f := briefs.FoldName(w); column == "" && !isASCII(w) && isASCII(f) {
			// the folded spelling is in search_extra
			quoted = `(` + quoted + ` OR "` + f + `"` + star + `)`
		}
		b.WriteString(quoted)
	}
	return b.String()
}

// Search is ranked full-text search: briefings containing every word of query, best first; when
// none contains them all, those containing any. Rank: higher is better; see search for how.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]briefs.SearchHit, error) {
	words := queryWords(query)
	if len(words) == 0 {
		return nil, briefs.Errorf(briefs.ErrInvalid, "search needs at least one word of letters or digits")
	}
	limit = clampLimit(limit, 50)
	hits, err := s.search(ctx, words, "AND", limit)
	if err == nil && len(hits) == 0 && len(words) > 1 {
		hits, err = s.search(ctx, words, "OR", limit)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: search %q: %w", query, err)
	}
	return hits, nil
}

// FindByTitle returns briefings whose titles contain all the words (the last one may be the start
// of a word): an exact title first, then by bm25 over titles, newer first on ties.
func (s *Store) FindByTitle(ctx context.Context, words string, limit int) ([]briefs.Briefing, error) {
	ws := queryWords(words)
	if len(ws) == 0 {
		return nil, briefs.Errorf(briefs.ErrInvalid, "give some words of the title")
	}
	out, err := collectBriefings(s.query(ctx, nil, `SELECT `+briefingCols+` FROM briefings_fts
		JOIN briefings b ON b.id = briefings_fts.rowid
		WHERE briefings_fts MATCH ? ORDER BY b.title_key = ? DESC, bm25(briefings_fts, 1.0, 0.0, 0.0, 0.0), b.seq DESC, b.id DESC
		LIMIT ?`, matchExpr(ws, "title", "AND", true), briefs.TitleKey(words), clampLimit(limit, 50)))
	if err != nil {
		return nil, fmt.Errorf("sqlite: find by title %q: %w", words, err)
	}
	return out, nil
}
