package sqlite

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefs"
)

// FTS5's bm25 reads the whole posting list of every word to weigh it, and one row per match: on
// 100,000 briefings a word found in most of them costs a second. So a word is "common" when more
// than rareWords briefings contain it, and:
//   - with some rare words, bm25 ranks the matches of the rare words (at most rareCandidates of
//     them are read), and the common words filter those in Go;
//   - with only common words, the newest recentCandidates matches (looked for no further back
//     than the sparsest word's rareWords-th newest match) are ranked by where the words are (all
//     in the title, all in the summary, elsewhere), newest first.
var (
	rareWords        = 500
	rareCandidates   = 100
	recentCandidates = 100
)

// rankedSQL ranks matches of an expression by bm25; title weighs most.
const rankedSQL = `SELECT rowid, -bm25(briefings_fts, 10.0, 4.0, 1.0, 1.0) AS r FROM briefings_fts
	WHERE briefings_fts MATCH ? ORDER BY r DESC, rowid DESC LIMIT ?`

type scored struct {
	id   int64
	rank float64
}

func (s *Store) search(ctx context.Context, words []string, op string, limit int) ([]briefs.SearchHit, error) {
	var rare, common []string
	var windows []int64 // the rowid of each common word's rareWords-th newest match
	for _, w := range words {
		lo, err := s.nthNewest(ctx, matchExpr([]string{w}, "", "AND", false), rareWords)
		if err != nil {
			return nil, err
		}
		if lo == 0 {
			rare = append(rare, w)
		} else {
			common, windows = append(common, w), append(windows, lo)
		}
	}
	var ranked []scored
	var err error
	switch {
	case len(rare) > 0 && (op == "OR" || len(common) == 0):
		ranked, err = s.rankRare(ctx, matchExpr(rare, "", op, false), limit)
	case len(rare) > 0:
		if ranked, err = s.rankRare(ctx, matchExpr(rare, "", op, false), rareCandidates); err == nil {
			ranked, err = s.keepContaining(ctx, ranked, common, limit)
		}
	default:
		// AND: the sparsest word's window holds at most rareWords matches; OR: the densest
		// word's window holds at least that many.
		lo := slices.Min(windows)
		if op == "OR" {
			lo = slices.Max(windows)
		}
		var near int64
		if near, err = s.nthNewestSince(ctx, matchExpr(words, "", op, false), recentCandidates, lo); err == nil {
			ranked, err = s.rankRecent(ctx, words, op, max(lo, near), limit)
		}
	}
	if err != nil {
		return nil, err
	}
	return s.hits(ctx, ranked, words)
}

// hits reads the ranked briefings, in order, with snippets.
func (s *Store) hits(ctx context.Context, ranked []scored, words []string) ([]briefs.SearchHit, error) {
	if len(ranked) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.id
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	found, err := collectBriefings(s.query(ctx, nil, `SELECT `+briefingCols+` FROM briefings b
		WHERE b.id IN (SELECT value FROM json_each(?))`, string(list)))
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]briefs.Briefing, len(found))
	for _, b := range found {
		byID[b.ID] = b
	}
	hits := make([]briefs.SearchHit, 0, len(ranked))
	for _, r := range ranked {
		if b, ok := byID[r.id]; ok {
			hits = append(hits, briefs.SearchHit{Briefing: b, Snippet: makeSnippet(b, words), Rank: r.rank})
		}
	}
	return hits, nil
}

// rankRare ranks the matches of expr, made of rare words only, by bm25.
func (s *Store) rankRare(ctx context.Context, expr string, limit int) ([]scored, error) {
	rows, err := s.query(ctx, nil, rankedSQL, expr, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []scored
	for rows.Next() {
		var r scored
		if err := rows.Scan(&r.id, &r.rank); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// keepContaining keeps, in order, up to limit candidates whose text has every one of words.
func (s *Store) keepContaining(ctx context.Context, cands []scored, words []string, limit int) ([]scored, error) {
	var out []scored
	for _, c := range cands {
		var title, summary, analysis, extra string
		err := s.queryRow(ctx, nil, `SELECT title, summary, analysis, search_extra FROM briefings WHERE id = ?`, c.id).
			Scan(&title, &summary, &analysis, &extra)
		if isNoRows(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		text := strings.ToLower(title + "\n" + summary + "\n" + analysis + "\n" + extra)
		all := true
		for _, w := range words {
			if !containsWord(text, strings.ToLower(w)) && !containsWord(text, briefs.FoldName(w)) {
				all = false
				break
			}
		}
		if all {
			out = append(out, c)
			if len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

// containsWord reports whether w occurs in text as a whole word.
func containsWord(text, w string) bool {
	for i := 0; w != ""; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (start == 0 || notWordRune(before)) && (end == len(text) || notWordRune(after)) {
			return true
		}
		i = start + 1
	}
	return false
}

// recentSQL scores the matches with rowid >= ?4: 10 when the words are all in the title (?3),
// 4 when all in the summary (?2), else 1; newest first on ties. SQLite builds each IN set once.
const recentSQL = `WITH
	summ AS (SELECT rowid AS id FROM briefings_fts WHERE briefings_fts MATCH ?2 AND rowid >= ?4),
	tit AS (SELECT rowid AS id FROM briefings_fts WHERE briefings_fts MATCH ?3 AND rowid >= ?4)
	SELECT rowid, CASE WHEN rowid IN tit THEN 10.0 WHEN rowid IN summ THEN 4.0 ELSE 1.0 END AS score
	FROM briefings_fts WHERE briefings_fts MATCH ?1 AND rowid >= ?4 ORDER BY score DESC, rowid DESC LIMIT ?5`

// rankRecent ranks the matches with rowid >= lo by where the words are, newest first on ties.
func (s *Store) rankRecent(ctx context.Context, words []string, op string, lo int64, limit int) ([]scored, error) {
	rows, err := s.query(ctx, nil, recentSQL, matchExpr(words, "", op, false), matchExpr(words, "summary", op, false),
		matchExpr(words, "title", op, false), lo, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []scored
	for rows.Next() {
		var r scored
		if err := rows.Scan(&r.id, &r.rank); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// nthNewest returns the rowid of the n-th newest briefing matching expr, 0 when fewer match:
// reading n postings, where counting them all could read the whole index.
func (s *Store) nthNewest(ctx context.Context, expr string, n int) (int64, error) {
	return s.nthNewestSince(ctx, expr, n, 0)
}

// nthNewestSince is nthNewest looking no further back than rowid lo.
func (s *Store) nthNewestSince(ctx context.Context, expr string, n int, lo int64) (int64, error) {
	var id int64
	err := s.queryRow(ctx, nil, `SELECT rowid FROM briefings_fts WHERE briefings_fts MATCH ? AND rowid >= ?
		ORDER BY rowid DESC LIMIT 1 OFFSET ?`, expr, lo, n-1).Scan(&id)
	if isNoRows(err) {
		return 0, nil
	}
	return id, err
}
