package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

// briefingCols are the columns scanBriefing reads, in order.
const briefingCols = `b.id, b.title, b.url, b.published, b.summary, b.analysis, b.sources,
	b.prev_title, b.prev_url, b.next_title, b.next_url, b.origin, b.seq, b.revision`

// Bounds on what is indexed by B-tree: longer titles and URLs are not briefings.
const (
	maxTitleBytes = 2000
	maxURLBytes   = 2000
)

func scanBriefing(sc pgx.Row, extra ...any) (briefs.Briefing, error) {
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

// collectBriefings scans every row of rows.
func collectBriefings(rows pgx.Rows, err error) ([]briefs.Briefing, error) {
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
func findExisting(ctx context.Context, q querier, url, titleKey string) (existing, error) {
	var e existing
	if url != "" {
		err := q.QueryRow(ctx, `SELECT id, content_hash, revision, seq FROM briefings WHERE url = $1 AND url <> ''`, url).
			Scan(&e.id, &e.hash, &e.revision, &e.seq)
		if err == nil || !isNoRows(err) {
			return e, err
		}
	}
	err := q.QueryRow(ctx, `SELECT id, content_hash, revision, seq FROM briefings
		WHERE title_key = $1 AND (url = '' OR $2 = '') ORDER BY id LIMIT 1`, titleKey, url).
		Scan(&e.id, &e.hash, &e.revision, &e.seq)
	if isNoRows(err) {
		return existing{}, nil
	}
	return e, err
}

// SaveBriefing adds b or updates the briefing it is a new text of; see briefs.Store. Text is
// stored without NUL bytes or invalid UTF-8, which PostgreSQL cannot hold; the content hash is
// that of b as given, so saving the same b again is Unchanged.
func (s *Store) SaveBriefing(ctx context.Context, b *briefs.Briefing, mentions []briefs.Mention) (briefs.Outcome, error) {
	if err := checkBriefing(b); err != nil {
		return 0, err
	}
	hash, key, url := b.ContentHash(), clean(briefs.TitleKey(b.Title)), clean(b.URL)
	// Re-reading a source mostly finds unchanged briefings: answer those without a transaction.
	if e, err := findExisting(ctx, s.pool, url, key); err != nil {
		return 0, fmt.Errorf("postgres: save briefing %q: %w", clip(b.Title), err)
	} else if e.id != 0 && e.hash == hash {
		b.ID, b.Revision, b.Seq = e.id, e.revision, e.seq
		return briefs.Unchanged, nil
	}
	var outcome briefs.Outcome
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		var err error
		outcome, err = s.saveInTx(ctx, tx, b, mentions, hash, key, url)
		return err
	})
	if err != nil {
		return 0, saveError(b, err)
	}
	return outcome, nil
}

// searchDoc computes the full-text document from parameters $15..$17, the texts searchText made
// of title, summary and analysis; title_search is to_tsvector of $15 alone.
const searchDoc = `setweight(to_tsvector('simple', $15), 'A') || setweight(to_tsvector('simple', $16), 'B') ||
	setweight(to_tsvector('simple', $17), 'C')`

// searchText is the text indexed for search: folded as names are (lower case, no accents), so
// a query folded the same way matches whatever the case or accents.
func searchText(s string) string { return clean(briefs.FoldName(s)) }

// checkBriefing refuses what cannot be a briefing.
func checkBriefing(b *briefs.Briefing) error {
	if strings.TrimSpace(b.Title) == "" {
		return briefs.Errorf(briefs.ErrInvalid, "a briefing needs a title")
	}
	if len(b.Title) > maxTitleBytes {
		return briefs.Errorf(briefs.ErrInvalid, "a briefing title is at most %d bytes", maxTitleBytes)
	}
	if len(b.URL) > maxURLBytes {
		return briefs.Errorf(briefs.ErrInvalid, "a briefing URL is at most %d bytes", maxURLBytes)
	}
	return nil
}

// saveError reports a failed save; a text too rich for the full-text index is invalid input.
func saveError(b *briefs.Briefing, err error) error {
	if pgCode(err) == "54000" { // program_limit_exceeded: the tsvector would pass 1 MB
		return briefs.Errorf(briefs.ErrInvalid, "briefing %q has too many distinct words to index", clip(b.Title))
	}
	return fmt.Errorf("postgres: save briefing %q: %w", clip(b.Title), err)
}

// saveInTx is SaveBriefing's write, under the store's write lock.
func (s *Store) saveInTx(ctx context.Context, tx pgx.Tx, b *briefs.Briefing, mentions []briefs.Mention, hash, key, url string) (briefs.Outcome, error) {
	if err := lock(ctx, tx, s.writeLock); err != nil {
		return 0, err
	}
	e, err := findExisting(ctx, tx, url, key)
	if err != nil {
		return 0, err
	}
	if e.id != 0 && e.hash == hash {
		b.ID, b.Revision, b.Seq = e.id, e.revision, e.seq
		return briefs.Unchanged, nil
	}
	now := s.now().UnixNano()
	pub := unixDate(b.Published)
	text := []any{clean(b.Title), key, url, pub, clean(b.Summary), clean(b.Analysis), clean(strings.Join(b.Sources, "\n")),
		clean(b.Prev.Title), clean(b.Prev.URL), clean(b.Next.Title), clean(b.Next.URL), clean(b.Origin), hash, now,
		searchText(b.Title), searchText(b.Summary), searchText(b.Analysis)}
	outcome := briefs.Added
	if e.id == 0 {
		err := tx.QueryRow(ctx, `INSERT INTO briefings (title, title_key, url, published, summary, analysis, sources,
			prev_title, prev_url, next_title, next_url, origin, content_hash, created_at, updated_at, revision, search, title_search)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, 1, `+searchDoc+`,
			to_tsvector('simple', $15)) RETURNING id`, text...).Scan(&b.ID)
		if err != nil {
			return 0, err
		}
		b.Revision, b.Seq = 1, 0
		if _, err := s.addMentions(ctx, tx, b.ID, pub, mentions, true); err != nil {
			return 0, err
		}
	} else {
		outcome = briefs.Updated
		if _, err := tx.Exec(ctx, `INSERT INTO briefing_revisions (briefing_id, revision, title, url, published,
			summary, analysis, sources, prev_title, prev_url, next_title, next_url, content_hash, replaced_at)
			SELECT id, revision, title, url, published, summary, analysis, sources, prev_title, prev_url,
			next_title, next_url, content_hash, $1 FROM briefings WHERE id = $2`, now, e.id); err != nil {
			return 0, err
		}
		err := tx.QueryRow(ctx, `UPDATE briefings SET title = $1, title_key = $2, url = $3, published = $4,
			summary = $5, analysis = $6, sources = $7, prev_title = $8, prev_url = $9, next_title = $10, next_url = $11,
			origin = $12, content_hash = $13, updated_at = $14, revision = revision + 1, search = `+searchDoc+`,
			title_search = to_tsvector('simple', $15) WHERE id = $18 RETURNING revision, seq`, append(text, e.id)...).Scan(&b.Revision, &b.Seq)
		if err != nil {
			return 0, err
		}
		b.ID = e.id
		if err := s.replaceMentions(ctx, tx, b.ID, pub, mentions); err != nil {
			return 0, err
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO relink_pending (kind, key) VALUES ('chain', '') ON CONFLICT DO NOTHING`)
	return outcome, err
}

// Briefing returns the briefing with id.
func (s *Store) Briefing(ctx context.Context, id int64) (briefs.Briefing, error) {
	b, err := scanBriefing(s.pool.QueryRow(ctx, `SELECT `+briefingCols+` FROM briefings b WHERE b.id = $1`, id))
	if isNoRows(err) {
		return b, notFound("there is no briefing %d", id)
	}
	if err != nil {
		return b, fmt.Errorf("postgres: briefing %d: %w", id, err)
	}
	return b, nil
}

// Latest returns the last briefing of the chain (the newest unchained one before any Relink).
func (s *Store) Latest(ctx context.Context) (briefs.Briefing, error) {
	b, err := scanBriefing(s.pool.QueryRow(ctx, `SELECT `+briefingCols+` FROM briefings b
		ORDER BY b.seq DESC, b.published DESC, b.id DESC LIMIT 1`))
	if isNoRows(err) {
		return b, notFound("there are no briefings yet")
	}
	if err != nil {
		return b, fmt.Errorf("postgres: latest briefing: %w", err)
	}
	return b, nil
}

// Neighbour returns the briefing after (dir > 0) or before (dir < 0) id in the chain.
func (s *Store) Neighbour(ctx context.Context, id int64, dir int) (briefs.Briefing, error) {
	if dir == 0 {
		return briefs.Briefing{}, briefs.Errorf(briefs.ErrInvalid, "say whether to go forward or back")
	}
	var seq int
	err := s.pool.QueryRow(ctx, `SELECT seq FROM briefings WHERE id = $1`, id).Scan(&seq)
	if isNoRows(err) {
		return briefs.Briefing{}, notFound("there is no briefing %d", id)
	}
	if err != nil {
		return briefs.Briefing{}, fmt.Errorf("postgres: neighbour of %d: %w", id, err)
	}
	if seq == 0 {
		return briefs.Briefing{}, notFound("briefing %d is not in the chain yet", id)
	}
	q := `SELECT ` + briefingCols + ` FROM briefings b WHERE b.seq > $1 ORDER BY b.seq LIMIT 1`
	end := "the latest"
	if dir < 0 {
		q = `SELECT ` + briefingCols + ` FROM briefings b WHERE b.seq > 0 AND b.seq < $1 ORDER BY b.seq DESC LIMIT 1`
		end = "the first"
	}
	b, err := scanBriefing(s.pool.QueryRow(ctx, q, seq))
	if isNoRows(err) {
		return b, notFound("this is %s briefing", end)
	}
	if err != nil {
		return b, fmt.Errorf("postgres: neighbour of %d: %w", id, err)
	}
	return b, nil
}

// BriefingsSince returns chained briefings first stored after t, in chain order.
func (s *Store) BriefingsSince(ctx context.Context, t time.Time, limit int) ([]briefs.Briefing, error) {
	out, err := collectBriefings(s.pool.Query(ctx, `SELECT `+briefingCols+` FROM briefings b
		WHERE b.created_at > $1 AND b.seq > 0 ORDER BY b.seq LIMIT $2`, t.UnixNano(), clampLimit(limit, 1000)))
	if err != nil {
		return nil, fmt.Errorf("postgres: briefings since %s: %w", t.Format(time.RFC3339), err)
	}
	return out, nil
}

// CountBriefings returns how many briefings are stored.
func (s *Store) CountBriefings(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM briefings`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count briefings: %w", err)
	}
	return n, nil
}

// clip shortens text quoted in an error message.
func clip(s string) string {
	if len(s) > 80 {
		return strings.ToValidUTF8(s[:80], "") + "…"
	}
	return s
}
