package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

// Limits on what a user's query may make PostgreSQL do.
const (
	maxQueryWords = 12
	maxWordBytes  = 64
	maxSnippet    = 300 // runes
)

// queryWords splits user input into words: runs of letters, digits and combining marks, each
// holding at least one letter or digit. Everything else, tsquery syntax included, only separates
// words, so no input is read as an operator.
func queryWords(q string) []string {
	var words []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	}) {
		if len(w) > maxWordBytes {
			w = strings.ToValidUTF8(w[:maxWordBytes], "")
		}
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			continue // only combining marks: folding would leave nothing
		}
		words = append(words, w)
		if len(words) == maxQueryWords {
			break
		}
	}
	return words
}

// tsQuery writes words as to_tsquery input: each word a quoted operand (so it is only ever a
// lexeme), joined by op ("&" or "|"). weight restricts every word to that weight ("" for any);
// prefixLast lets the last word match as a prefix. Words are folded as the indexed text is.
func tsQuery(words []string, op, weight string, prefixLast bool) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteString(" " + op + " ")
		}
		b.WriteString("'" + strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(searchText(w)) + "'")
		if prefixLast && i == len(words)-1 {
			b.WriteString(":*" + weight)
		} else if weight != "" {
			b.WriteString(":" + weight)
		}
	}
	return b.String()
}

// rankedCandidates bounds how many matching briefings a search ranks: the newest ones. ts_rank
// reads each candidate's whole document, so ranking every briefing that contains a common word
// took seconds over 100,000 briefings; a word in fewer briefings than this (a name, a place, a
// rare term: most searches) is ranked over all its matches.
const rankedCandidates = 2000

// searchSQL ranks the newest rankedCandidates matches with ts_rank (weights: title A, summary
// B, analysis C) and builds plain-text snippets with ts_headline for the top rows only, from
// their first 100,000 characters (a headline parses all the text it is given: a huge briefing
// must not stall a search). The query is written out, not put in a CTE, so the planner sees how
// common its words are: a common word walks the newest briefings, a rare one its index entries.
var searchSQL = `WITH cand AS (SELECT b.id FROM briefings b WHERE b.search @@ to_tsquery('simple', $1)
		ORDER BY b.id DESC LIMIT ` + strconv.Itoa(rankedCandidates) + `),
	top AS (SELECT b.id, ts_rank(b.search, to_tsquery('simple', $1)) AS r FROM cand JOIN briefings b ON b.id = cand.id
		ORDER BY r DESC, b.id DESC LIMIT $2)
	SELECT ` + briefingCols + `,
		ts_headline('simple', left(b.title || E'\n' || b.summary || E'\n' || b.analysis, 100000), to_tsquery('simple', $1),
			'StartSel="", StopSel="", MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "'),
		top.r
	FROM top JOIN briefings b ON b.id = top.id
	ORDER BY top.r DESC, top.id DESC`

// Search is ranked full-text search: briefings containing every word of query, best first; when
// none contains them all, those containing any. Words match accent- and case-insensitively.
// Rank is ts_rank: higher is better. Only the newest rankedCandidates matches are ranked.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]briefs.SearchHit, error) {
	words := queryWords(query)
	if len(words) == 0 {
		return nil, briefs.Errorf(briefs.ErrInvalid, "search needs at least one word of letters or digits")
	}
	limit = clampLimit(limit, 50)
	hits, err := s.search(ctx, tsQuery(words, "&", "", false), limit)
	if err == nil && len(hits) == 0 && len(words) > 1 {
		hits, err = s.search(ctx, tsQuery(words, "|", "", false), limit)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: search %q: %w", clip(query), err)
	}
	return hits, nil
}

func (s *Store) search(ctx context.Context, tsq string, limit int) ([]briefs.SearchHit, error) {
	// an unnamed statement is planned for its values each time; a cached generic plan cannot
	// tell a common word from a rare one
	rows, err := s.pool.Query(ctx, searchSQL, pgx.QueryExecModeExec, tsq, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []briefs.SearchHit
	for rows.Next() {
		var h briefs.SearchHit
		var rank float32
		if h.Briefing, err = scanBriefing(rows, &h.Snippet, &rank); err != nil {
			return nil, err
		}
		h.Rank, h.Snippet = float64(rank), snippet(h.Snippet)
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// snippet makes a headline one line of at most maxSnippet runes.
func snippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxSnippet {
		return s
	}
	cut := 0
	for i := range s {
		if cut == maxSnippet {
			return s[:i] + "…"
		}
		cut++
	}
	return s
}

// FindByTitle returns briefings whose titles contain all the words (the last one may be the start
// of a word): an exact title first, then by ts_rank over titles, later in the chain first on ties.
func (s *Store) FindByTitle(ctx context.Context, words string, limit int) ([]briefs.Briefing, error) {
	ws := queryWords(words)
	if len(ws) == 0 {
		return nil, briefs.Errorf(briefs.ErrInvalid, "give some words of the title")
	}
	out, err := collectBriefings(s.pool.Query(ctx, `SELECT `+briefingCols+` FROM briefings b
		WHERE b.title_search @@ to_tsquery('simple', $1)
		ORDER BY b.title_key = $2 DESC, ts_rank(b.title_search, to_tsquery('simple', $1)) DESC, b.seq DESC, b.id DESC
		LIMIT $3`, pgx.QueryExecModeExec, tsQuery(ws, "&", "", true), clean(briefs.TitleKey(words)), clampLimit(limit, 50)))
	if err != nil {
		return nil, fmt.Errorf("postgres: find by title %q: %w", clip(words), err)
	}
	return out, nil
}
