package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/briefbot/briefbot/briefs"
)

// Relink does the work saves left for it, in one transaction: when briefings were added or
// changed it rebuilds the chain order with briefs.OrderChain and returns its warnings; it
// re-resolves surname-only mentions of every surname whose set of full names changed. With nothing
// pending it does nothing and returns no warnings.
//
// When the only changes are new briefings that extend the end of the chain, it places them
// without reordering the rest (see appendToChain) and returns no warnings.
func (s *Store) Relink(ctx context.Context) ([]string, error) {
	var warnings []string
	var cache *chainCache
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		rows, err := s.query(ctx, tx, `SELECT kind, key FROM relink_pending ORDER BY kind, key`)
		if err != nil {
			return err
		}
		chain, updated, surnames := false, false, []string(nil)
		for rows.Next() {
			var kind, key string
			if err := rows.Scan(&kind, &key); err != nil {
				rows.Close()
				return err
			}
			switch kind {
			case "chain":
				chain = true
			case "update":
				updated = true
			case "surname":
				surnames = append(surnames, key)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if chain {
			s.mu.Lock()
			c := s.chain
			s.chain = nil // until this transaction commits
			s.mu.Unlock()
			appended := false
			if !updated {
				if appended, err = s.appendToChain(ctx, tx, c); err != nil {
					return err
				}
			}
			if appended {
				s.mu.Lock()
				s.appends++
				s.mu.Unlock()
				cache = c
			} else if warnings, cache, err = s.relinkChain(ctx, tx); err != nil {
				return err
			}
		}
		for _, sn := range surnames {
			if err := s.resolveSurname(ctx, tx, sn); err != nil {
				return fmt.Errorf("surname %q: %w", sn, err)
			}
		}
		_, err = s.exec(ctx, tx, `DELETE FROM relink_pending`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: relink: %w", err)
	}
	if cache != nil {
		s.mu.Lock()
		s.chain = cache
		s.mu.Unlock()
	}
	return warnings, nil
}

// chainNodes reads what OrderChain needs of the briefings matching where, with their seq by ID.
func (s *Store) chainNodes(ctx context.Context, tx *sql.Tx, where string) ([]briefs.ChainNode, map[int64]int, error) {
	rows, err := s.query(ctx, tx, `SELECT id, title, title_key, url, published, prev_title, prev_url,
		next_title, next_url, seq FROM briefings `+where)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var nodes []briefs.ChainNode
	seqs := map[int64]int{}
	for rows.Next() {
		var n briefs.ChainNode
		var pub int64
		var seq int
		if err := rows.Scan(&n.ID, &n.Title, &n.TitleKey, &n.URL, &pub, &n.Prev.Title, &n.Prev.URL,
			&n.Next.Title, &n.Next.URL, &seq); err != nil {
			return nil, nil, err
		}
		n.Published = dateFromUnix(pub)
		nodes = append(nodes, n)
		seqs[n.ID] = seq
	}
	return nodes, seqs, rows.Err()
}

// relinkChain orders every briefing and rewrites the seq of those whose place changed.
func (s *Store) relinkChain(ctx context.Context, tx *sql.Tx) ([]string, *chainCache, error) {
	nodes, seqs, err := s.chainNodes(ctx, tx, "")
	if err != nil {
		return nil, nil, err
	}
	order, warnings := briefs.OrderChain(nodes)
	for i, id := range order {
		if seqs[id] == i+1 {
			continue
		}
		if _, err := s.exec(ctx, tx, `UPDATE briefings SET seq = ? WHERE id = ?`, i+1, id); err != nil {
			return nil, nil, err
		}
	}
	return warnings, buildChainCache(nodes, order), nil
}

// resolveSurname points every surname-only mention of surname at the one person with that
// surname written in full, or back at its own surname-only person when there is none or several.
func (s *Store) resolveSurname(ctx context.Context, tx *sql.Tx, surname string) error {
	target, err := s.uniqueFullPerson(ctx, tx, surname)
	if err != nil {
		return err
	}
	if target != 0 {
		// usually they all point at target already: two index probes say so
		var n int
		if err := s.queryRow(ctx, tx, `SELECT (SELECT count(*) FROM (SELECT 1 FROM mentions
			WHERE partial = 1 AND surname = ?1 AND person_id < ?2 LIMIT 1)) + (SELECT count(*) FROM (SELECT 1
			FROM mentions WHERE partial = 1 AND surname = ?1 AND person_id > ?2 LIMIT 1))`, surname, target).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
	}
	rows, err := s.query(ctx, tx, `SELECT briefing_id, own_person_id, person_id FROM mentions
		WHERE partial = 1 AND surname = ?`, surname)
	if err != nil {
		return err
	}
	type move struct{ briefing, own, from, to int64 }
	var moves []move
	for rows.Next() {
		var m move
		if err := rows.Scan(&m.briefing, &m.own, &m.from); err != nil {
			rows.Close()
			return err
		}
		m.to = m.own
		if target != 0 {
			m.to = target
		}
		if m.to != m.from {
			moves = append(moves, m)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	touched := make([]int64, 0, 2*len(moves))
	for _, m := range moves {
		if _, err := s.exec(ctx, tx, `UPDATE mentions SET person_id = ? WHERE briefing_id = ? AND own_person_id = ?`,
			m.to, m.briefing, m.own); err != nil {
			return err
		}
		touched = append(touched, m.from, m.to)
	}
	return s.refreshPeople(ctx, tx, touched)
}
