package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

var _ briefs.BulkSaver = (*Store)(nil)

// SaveBriefings saves many briefings in one transaction, all or nothing, with SaveBriefing's
// semantics for each (mentions[i] belongs to bs[i]). New briefings go in with a few set-based
// statements whatever their number; a batch that changes stored briefings, or names one
// briefing twice, is saved one briefing at a time. Surname-only mentions are resolved against
// the people known once the whole batch is in; Relink settles them as it does after SaveBriefing.
func (s *Store) SaveBriefings(ctx context.Context, bs []*briefs.Briefing, mentions [][]briefs.Mention) ([]briefs.Outcome, error) {
	if len(mentions) != len(bs) {
		return nil, fmt.Errorf("postgres: save briefings: %d briefings but %d mention lists", len(bs), len(mentions))
	}
	for _, b := range bs {
		if err := checkBriefing(b); err != nil {
			return nil, err
		}
	}
	items := make([]bulkItem, len(bs))
	for i, b := range bs {
		items[i] = bulkItem{b: b, hash: b.ContentHash(), key: clean(briefs.TitleKey(b.Title)), url: clean(b.URL)}
	}
	out := make([]briefs.Outcome, len(bs))
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		if err := lock(ctx, tx, s.writeLock); err != nil {
			return err
		}
		if err := findAllExisting(ctx, tx, items); err != nil {
			return err
		}
		if !bulkable(items) {
			for i, it := range items {
				o, err := s.saveInTx(ctx, tx, it.b, mentions[i], it.hash, it.key, it.url)
				if err != nil {
					return err
				}
				out[i] = o
			}
			return nil
		}
		var fresh []int
		for i, it := range items {
			if it.e.id != 0 { // bulkable: stored and unchanged
				it.b.ID, it.b.Revision, it.b.Seq = it.e.id, it.e.revision, it.e.seq
				out[i] = briefs.Unchanged
				continue
			}
			fresh = append(fresh, i)
			out[i] = briefs.Added
		}
		return s.insertFresh(ctx, tx, items, mentions, fresh)
	})
	if err != nil {
		if pgCode(err) == "54000" {
			return nil, briefs.Errorf(briefs.ErrInvalid, "a briefing of the batch has too many distinct words to index")
		}
		return nil, fmt.Errorf("postgres: save %d briefings: %w", len(bs), err)
	}
	return out, nil
}

type bulkItem struct {
	b              *briefs.Briefing
	hash, key, url string
	e              existing
}

// findAllExisting is findExisting for every item, in one query.
func findAllExisting(ctx context.Context, tx pgx.Tx, items []bulkItem) error {
	urls, keys := make([]string, len(items)), make([]string, len(items))
	for i, it := range items {
		urls[i], keys[i] = it.url, it.key
	}
	rows, err := tx.Query(ctx, `SELECT x.i, coalesce(u.id, t.id, 0), coalesce(u.content_hash, t.content_hash, ''),
			coalesce(u.revision, t.revision, 0), coalesce(u.seq, t.seq, 0)
		FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(url, key, i)
		LEFT JOIN LATERAL (SELECT id, content_hash, revision, seq FROM briefings
			WHERE x.url <> '' AND url <> '' AND url = x.url) u ON true
		LEFT JOIN LATERAL (SELECT id, content_hash, revision, seq FROM briefings
			WHERE title_key = x.key AND (url = '' OR x.url = '') ORDER BY id LIMIT 1) t ON u.id IS NULL`, urls, keys)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var e existing
		if err := rows.Scan(&i, &e.id, &e.hash, &e.revision, &e.seq); err != nil {
			return err
		}
		items[i-1].e = e
	}
	return rows.Err()
}

// bulkable reports whether every item is either new or stored unchanged, and no two items could
// be the same briefing (then the second would update the first).
func bulkable(items []bulkItem) bool {
	urls, keys := map[string]bool{}, map[string]bool{}
	for _, it := range items {
		if it.e.id != 0 && it.e.hash != it.hash {
			return false
		}
		if it.url != "" && urls[it.url] || keys[it.key] {
			return false // conservative: a shared title key only matters without two URLs
		}
		urls[it.url], keys[it.key] = it.url != "", true
	}
	return true
}

// insertFresh inserts the new briefings items[fresh] and their mentions.
func (s *Store) insertFresh(ctx context.Context, tx pgx.Tx, items []bulkItem, mentions [][]briefs.Mention, fresh []int) error {
	if len(fresh) == 0 {
		return nil
	}
	ids, err := int64s(tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('briefings', 'id')) FROM generate_series(1, $1)`, len(fresh)))
	if err != nil {
		return err
	}
	now := s.now().UnixNano()
	n := len(fresh)
	cols := make([][]string, 15) // text columns, in the order of the INSERT below
	for k := range cols {
		cols[k] = make([]string, n)
	}
	pubs := make([]int64, n)
	for j, i := range fresh {
		b := items[i].b
		b.ID, b.Revision, b.Seq = ids[j], 1, 0
		pubs[j] = unixDate(b.Published)
		for k, v := range []string{clean(b.Title), items[i].key, items[i].url, clean(b.Summary), clean(b.Analysis),
			clean(strings.Join(b.Sources, "\n")), clean(b.Prev.Title), clean(b.Prev.URL), clean(b.Next.Title),
			clean(b.Next.URL), clean(b.Origin), items[i].hash, searchText(b.Title), searchText(b.Summary), searchText(b.Analysis)} {
			cols[k][j] = v
		}
	}
	args := []any{ids, pubs, now}
	for _, c := range cols {
		args = append(args, c)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO briefings (id, published, created_at, updated_at, revision, title, title_key, url,
			summary, analysis, sources, prev_title, prev_url, next_title, next_url, origin, content_hash, search, title_search)
		SELECT id, pub, $3, $3, 1, title, title_key, url, summary, analysis, sources, prev_title, prev_url,
			next_title, next_url, origin, content_hash,
			setweight(to_tsvector('simple', st), 'A') || setweight(to_tsvector('simple', ss), 'B') ||
			setweight(to_tsvector('simple', sa), 'C'), to_tsvector('simple', st)
		FROM unnest($1::bigint[], $2::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
			$10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[])
			AS x(id, pub, title, title_key, url, summary, analysis, sources, prev_title, prev_url, next_title, next_url,
				origin, content_hash, st, ss, sa)`, args...); err != nil {
		return err
	}
	byBriefing := make([][]briefs.Mention, n)
	for j, i := range fresh {
		byBriefing[j] = mentions[i]
	}
	if err := insertMentions(ctx, tx, ids, pubs, byBriefing); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO relink_pending (kind, key) VALUES ('chain', '') ON CONFLICT DO NOTHING`)
	return err
}
