package postgres

import (
	"context"
	"fmt"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

// Relink does the work saves left for it, in one transaction under the write lock: when
// briefings were added or changed it rebuilds the chain order with briefs.OrderChain and returns
// its warnings; it re-resolves surname-only mentions of every surname whose set of full names
// changed. With nothing pending it does nothing and returns no warnings.
func (s *Store) Relink(ctx context.Context) ([]string, error) {
	var warnings []string
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		warnings = nil
		if err := lock(ctx, tx, s.writeLock); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `DELETE FROM relink_pending RETURNING kind, key`)
		if err != nil {
			return err
		}
		chain, surnames := false, []string(nil)
		for rows.Next() {
			var kind, key string
			if err := rows.Scan(&kind, &key); err != nil {
				rows.Close()
				return err
			}
			switch kind {
			case "chain":
				chain = true
			case "surname":
				surnames = append(surnames, key)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if chain {
			if warnings, err = relinkChain(ctx, tx); err != nil {
				return err
			}
		}
		for _, sn := range surnames {
			if err := resolveSurname(ctx, tx, sn); err != nil {
				return fmt.Errorf("surname %q: %w", sn, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: relink: %w", err)
	}
	return warnings, nil
}

// relinkChain orders every briefing and rewrites the seq of those whose place changed.
func relinkChain(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT id, title, title_key, url, published, prev_title, prev_url,
		next_title, next_url, seq FROM briefings`)
	if err != nil {
		return nil, err
	}
	var nodes []briefs.ChainNode
	seqs := map[int64]int{}
	for rows.Next() {
		var n briefs.ChainNode
		var pub int64
		var seq int
		if err := rows.Scan(&n.ID, &n.Title, &n.TitleKey, &n.URL, &pub, &n.Prev.Title, &n.Prev.URL,
			&n.Next.Title, &n.Next.URL, &seq); err != nil {
			rows.Close()
			return nil, err
		}
		n.Published = dateFromUnix(pub)
		nodes = append(nodes, n)
		seqs[n.ID] = seq
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	order, warnings := briefs.OrderChain(nodes)
	var ids []int64
	var newSeqs []int32
	for i, id := range order {
		if seqs[id] != i+1 {
			ids, newSeqs = append(ids, id), append(newSeqs, int32(i+1))
		}
	}
	if len(ids) > 0 {
		if _, err := tx.Exec(ctx, `UPDATE briefings b SET seq = v.seq
			FROM unnest($1::bigint[], $2::int[]) AS v(id, seq) WHERE b.id = v.id`, ids, newSeqs); err != nil {
			return nil, err
		}
	}
	return warnings, nil
}

// resolveSurname points every surname-only mention of surname at the one person with that
// surname written in full, or back at its own surname-only person when there is none or several.
func resolveSurname(ctx context.Context, tx pgx.Tx, surname string) error {
	target, err := uniqueFullPerson(ctx, tx, surname)
	if err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `WITH old AS (
			SELECT briefing_id, own_person_id, person_id FROM mentions WHERE partial AND surname = $1)
		UPDATE mentions m SET person_id = CASE WHEN $2::bigint <> 0 THEN $2::bigint ELSE m.own_person_id END
		FROM old WHERE m.briefing_id = old.briefing_id AND m.own_person_id = old.own_person_id
			AND old.person_id <> CASE WHEN $2::bigint <> 0 THEN $2::bigint ELSE old.own_person_id END
		RETURNING old.person_id, m.person_id`, surname, target)
	if err != nil {
		return err
	}
	var touched []int64
	for rows.Next() {
		var from, to int64
		if err := rows.Scan(&from, &to); err != nil {
			rows.Close()
			return err
		}
		touched = append(touched, from, to)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return refreshPeople(ctx, tx, touched)
}
