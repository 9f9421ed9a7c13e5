package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

// briefingCols are the columns scanBriefing reads, in order.
const briefingCols = `b.id, b.title, b.url, b.published, b.summary, b.analysis, b.sources,
	b.prev_title, b.prev_url, b.next_title, b.next_url, b.origin, b.seq, b.revision`

func scanBriefing(sc interface{ Scan(...any) error }, extra ...any) (briefs.Briefing, error) {
	var b briefs.Briefing
	var pub int64
	var sources string
	dest := append([]any{&b.ID, &b.Title, &b.URL, &pub, &b.Summary, &b.Analysis, &sources,
		&b.Prev.Title, &b.Prev.URL, &b.Next.Title, &b.Next.URL, &b.Origin, &b.Seq, &b.Revision}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return b, err
	}
	b.Published = dateFromUnix(pub)
	if sources != "" {
		b.Sources = strings.Split(sources, "\n")
	}
	return b, nil
}

// collectBriefings scans every row of rows; extra receives the columns after briefingCols.
func collectBriefings(rows *sql.Rows, err error) ([]briefs.Briefing, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []briefs.Briefing
	for rows.Next() {
		b, err := scanBriefing(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// existing is what SaveBriefing needs to know about a stored briefing.
type existing struct {
	id       int64
	hash     string
	revision int
	seq      int
}

// findExisting returns the briefing b updates: the same URL, else the same title key where at most
// one side knows a URL (two different URLs are two briefings). id is 0 when there is none.
func (s *Store) findExisting(ctx context.Context, tx *sql.Tx, b *briefs.Briefing, titleKey string) (existing, error) {
	var e existing
	if b.URL != "" {
		err := s.queryRow(ctx, tx, `SELECT id, content_hash, revision, seq FROM briefings WHERE url = ? AND url <> ''`, b.URL).
			Scan(&e.id, &e.hash, &e.revision, &e.seq)
		if err == nil || !isNoRows(err) {
			return e, err
		}
	}
	err := s.queryRow(ctx, tx, `SELECT id, content_hash, revision, seq FROM briefings
		WHERE title_key = ?1 AND (url = '' OR ?2 = '') ORDER BY id LIMIT 1`, titleKey, b.URL).
		Scan(&e.id, &e.hash, &e.revision, &e.seq)
	if isNoRows(err) {
		return existing{}, nil
	}
	return e, err
}

// SaveBriefing adds b or updates the briefing it is a new text of; see briefs.Store.
func (s *Store) SaveBriefing(ctx context.Context, b *briefs.Briefing, mentions []briefs.Mention) (briefs.Outcome, error) {
	if strings.TrimSpace(b.Title) == "" {
		return 0, briefs.Errorf(briefs.ErrInvalid, "a briefing needs a title")
	}
	// Re-reading a source mostly finds unchanged briefings: answer those without a write transaction.
	if e, err := s.findExisting(ctx, nil, b, briefs.TitleKey(b.Title)); err != nil {
		return 0, fmt.Errorf("sqlite: save briefing %q: %w", b.Title, err)
	} else if e.id != 0 && e.hash == b.ContentHash() {
		b.ID, b.Revision, b.Seq = e.id, e.revision, e.seq
		return briefs.Unchanged, nil
	}
	var outcome briefs.Outcome
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		if outcome, err = s.saveTx(ctx, tx, b, mentions, nil); err != nil || outcome == briefs.Unchanged {
			return err
		}
		return s.indexTexts(ctx, tx, []int64{b.ID})
	})
	if err != nil {
		return 0, fmt.Errorf("sqlite: save briefing %q: %w", b.Title, err)
	}
	return outcome, nil
}

// SaveBriefings saves many briefings in one transaction, with the same semantics as SaveBriefing
// for each (mentions[i] belongs to bs[i]); much faster for bulk loads. An invalid briefing fails
// the whole batch and nothing is saved.
func (s *Store) SaveBriefings(ctx context.Context, bs []*briefs.Briefing, mentions [][]briefs.Mention) ([]briefs.Outcome, error) {
	if len(mentions) != len(bs) {
		return nil, fmt.Errorf("sqlite: save briefings: %d briefings but %d mention lists", len(bs), len(mentions))
	}
	for _, b := range bs {
		if strings.TrimSpace(b.Title) == "" {
			return nil, briefs.Errorf(briefs.ErrInvalid, "a briefing needs a title")
		}
	}
	out := make([]briefs.Outcome, len(bs))
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		var changed []int64
		unindexed := map[int64]bool{}
		for i, b := range bs {
			o, err := s.saveTx(ctx, tx, b, mentions[i], unindexed)
			if err != nil {
				return fmt.Errorf("%q: %w", b.Title, err)
			}
			out[i] = o
			if o != briefs.Unchanged {
				changed = append(changed, b.ID)
				unindexed[b.ID] = true
			}
		}
		return s.indexTexts(ctx, tx, changed)
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: save briefings: %w", err)
	}
	return out, nil
}

// indexTexts adds the current texts of briefings to the full-text index in one statement, so FTS5
// writes one index segment for them all. Old texts were taken out by saveTx.
func (s *Store) indexTexts(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	list, err := json.Marshal(slices.Compact(ids))
	if err != nil {
		return err
	}
	_, err = s.exec(ctx, tx, `INSERT INTO briefings_fts (rowid, title, summary, analysis, search_extra)
		SELECT id, title, summary, analysis, search_extra FROM briefings WHERE id IN (SELECT value FROM json_each(?))`,
		string(list))
	return err
}

// saveTx stores b in tx: added, or updated with a revision and its old text taken out of the
// full-text index (unless unindexed says this transaction has not indexed it yet), or unchanged.
// The caller indexes the new text with indexTexts.
func (s *Store) saveTx(ctx context.Context, tx *sql.Tx, b *briefs.Briefing, mentions []briefs.Mention, unindexed map[int64]bool) (briefs.Outcome, error) {
	hash, key := b.ContentHash(), briefs.TitleKey(b.Title)
	var outcome briefs.Outcome
	e, err := s.findExisting(ctx, tx, b, key)
	if err != nil {
		return 0, err
	}
	now := s.now().UnixNano()
	pub := unixDate(b.Published)
	text := []any{b.Title, key, b.URL, pub, b.Summary, b.Analysis, strings.Join(b.Sources, "\n"),
		b.Prev.Title, b.Prev.URL, b.Next.Title, b.Next.URL, b.Origin, searchExtra(b), hash, now}
	switch {
	case e.id != 0 && e.hash == hash:
		outcome = briefs.Unchanged
		b.ID, b.Revision, b.Seq = e.id, e.revision, e.seq
		return outcome, nil
	case e.id == 0:
		outcome = briefs.Added
		err := s.queryRow(ctx, tx, `INSERT INTO briefings (title, title_key, url, published, summary, analysis, sources,
			prev_title, prev_url, next_title, next_url, origin, search_extra, content_hash, created_at, updated_at, revision)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?15, 1) RETURNING id`, text...).Scan(&b.ID)
		if err != nil {
			return 0, err
		}
		b.Revision, b.Seq = 1, 0
		if err := s.addNewMentions(ctx, tx, b.ID, pub, mentions); err != nil {
			return 0, err
		}
	default:
		outcome = briefs.Updated
		if !unindexed[e.id] {
			if _, err := s.exec(ctx, tx, `INSERT INTO briefings_fts (briefings_fts, rowid, title, summary, analysis, search_extra)
				SELECT 'delete', id, title, summary, analysis, search_extra FROM briefings WHERE id = ?`, e.id); err != nil {
				return 0, err
			}
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO briefing_revisions (briefing_id, revision, title, url, published,
			summary, analysis, sources, prev_title, prev_url, next_title, next_url, content_hash, replaced_at)
			SELECT id, revision, title, url, published, summary, analysis, sources, prev_title, prev_url,
			next_title, next_url, content_hash, ? FROM briefings WHERE id = ?`, now, e.id); err != nil {
			return 0, err
		}
		err := s.queryRow(ctx, tx, `UPDATE briefings SET title = ?, title_key = ?, url = ?, published = ?,
			summary = ?, analysis = ?, sources = ?, prev_title = ?, prev_url = ?, next_title = ?, next_url = ?,
			origin = ?, search_extra = ?, content_hash = ?, updated_at = ?, revision = revision + 1
			WHERE id = ? RETURNING revision, seq`, append(text, e.id)...).Scan(&b.Revision, &b.Seq)
		if err != nil {
			return 0, err
		}
		b.ID = e.id
		if err := s.replaceMentions(ctx, tx, b.ID, pub, mentions); err != nil {
			return 0, err
		}
		// a changed briefing may change links anywhere in the chain: the next Relink is a full one
		if _, err := s.exec(ctx, tx, `INSERT OR IGNORE INTO relink_pending (kind, key) VALUES ('update', '')`); err != nil {
			return 0, err
		}
	}
	_, err = s.exec(ctx, tx, `INSERT OR IGNORE INTO relink_pending (kind, key) VALUES ('chain', '')`)
	return outcome, err
}

// Briefing returns the briefing with id.
func (s *Store) Briefing(ctx context.Context, id int64) (briefs.Briefing, error) {
	b, err := scanBriefing(s.queryRow(ctx, nil, `SELECT `+briefingCols+` FROM briefings b WHERE b.id = ?`, id))
	if isNoRows(err) {
		return b, notFound("there is no briefing %d", id)
	}
	if err != nil {
		return b, fmt.Errorf("sqlite: briefing %d: %w", id, err)
	}
	return b, nil
}

// Latest returns the last briefing of the chain (the newest unchained one before any Relink).
func (s *Store) Latest(ctx context.Context) (briefs.Briefing, error) {
	b, err := scanBriefing(s.queryRow(ctx, nil, `SELECT `+briefingCols+` FROM briefings b
		ORDER BY b.seq DESC, b.published DESC, b.id DESC LIMIT 1`))
	if isNoRows(err) {
		return b, notFound("there are no briefings yet")
	}
	if err != nil {
		return b, fmt.Errorf("sqlite: latest briefing: %w", err)
	}
	return b, nil
}

// Neighbour returns the briefing after (dir > 0) or before (dir < 0) id in the chain.
func (s *Store) Neighbour(ctx context.Context, id int64, dir int) (briefs.Briefing, error) {
	if dir == 0 {
		return briefs.Briefing{}, briefs.Errorf(briefs.ErrInvalid, "say whether to go forward or back")
	}
	var seq int
	err := s.queryRow(ctx, nil, `SELECT seq FROM briefings WHERE id = ?`, id).Scan(&seq)
	if isNoRows(err) {
		return briefs.Briefing{}, notFound("there is no briefing %d", id)
	}
	if err != nil {
		return briefs.Briefing{}, fmt.Errorf("sqlite: neighbour of %d: %w", id, err)
	}
	if seq == 0 {
		return briefs.Briefing{}, notFound("briefing %d is not in the chain yet", id)
	}
	q := `SELECT ` + briefingCols + ` FROM briefings b WHERE b.seq > ? ORDER BY b.seq LIMIT 1`
	end := "the latest"
	if dir < 0 {
		q = `SELECT ` + briefingCols + ` FROM briefings b WHERE b.seq > 0 AND b.seq < ? ORDER BY b.seq DESC LIMIT 1`
		end = "the first"
	}
	b, err := scanBriefing(s.queryRow(ctx, nil, q, seq))
	if isNoRows(err) {
		return b, notFound("this is %s briefing", end)
	}
	if err != nil {
		return b, fmt.Errorf("sqlite: neighbour of %d: %w", id, err)
	}
	return b, nil
}

// BriefingsSince returns chained briefings first stored after t, in chain order.
func (s *Store) BriefingsSince(ctx context.Context, t time.Time, limit int) ([]briefs.Briefing, error) {
	out, err := collectBriefings(s.query(ctx, nil, `SELECT `+briefingCols+` FROM briefings b
		WHERE b.created_at > ? AND b.seq > 0 ORDER BY b.seq LIMIT ?`, t.UnixNano(), clampLimit(limit, 1000)))
	if err != nil {
		return nil, fmt.Errorf("sqlite: briefings since %s: %w", t.Format(time.RFC3339), err)
	}
	return out, nil
}

// CountBriefings returns how many briefings are stored.
func (s *Store) CountBriefings(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, nil, `SELECT count(*) FROM briefings`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count briefings: %w", err)
	}
	return n, nil
}

// clampLimit keeps a caller's limit within 1..max, using max for 0 or less.
func clampLimit(limit, max int) int {
	if limit <= 0 || limit > max {
		return max
	}
	return limit
}
