package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"github.com/briefbot/briefbot/briefs"
)

// addMentions stores the mentions of a briefing whose earlier mentions were removed, without
// counting them: it returns the people touched, for refreshPeople.
func (s *Store) addMentions(ctx context.Context, tx *sql.Tx, briefingID, published int64, mentions []briefs.Mention) ([]int64, error) {
	var touched []int64
	for _, m := range briefs.MergeMentions(mentions, nil) {
		own, err := s.upsertPerson(ctx, tx, m)
		if err != nil {
			return nil, err
		}
		person := own
		if m.Partial && m.Surname != "" {
			if target, err := s.uniqueFullPerson(ctx, tx, m.Surname); err != nil {
				return nil, err
			} else if target != 0 {
				person = target
			}
		}
		roleKey := ""
		if m.Role != "" {
			roleKey = briefs.RoleKey(m.Role)
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO mentions (briefing_id, own_person_id, person_id, published, name,
			surname, partial, role, role_key, sentence, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			briefingID, own, person, published, m.Name, m.Surname, m.Partial, m.Role, roleKey, m.Sentence, m.Count); err != nil {
			return nil, err
		}
		touched = append(touched, person)
	}
	return touched, nil
}

// upsertPerson returns the ID of the person with m.Key, creating them or improving their name.
// A new full name, or a key first seen surname-only now written in full, may change who a surname
// resolves to: that surname is marked for the next Relink.
func (s *Store) upsertPerson(ctx context.Context, tx *sql.Tx, m briefs.Mention) (int64, error) {
	var id int64
	var name, surname string
	var surnameOnly bool
	err := s.queryRow(ctx, tx, `SELECT id, name, surname, surname_only FROM people WHERE key = ?`, m.Key).
		Scan(&id, &name, &surname, &surnameOnly)
	if isNoRows(err) {
		err = s.queryRow(ctx, tx, `INSERT INTO people (key, name, surname, surname_only) VALUES (?, ?, ?, ?) RETURNING id`,
			m.Key, m.Name, m.Surname, m.Partial).Scan(&id)
		if err == nil && !m.Partial && m.Surname != "" {
			err = s.markSurname(ctx, tx, m.Surname)
		}
		return id, err
	}
	if err != nil {
		return 0, err
	}
	newName, newSurname, newOnly := briefs.FullerName(name, m.Name), surname, surnameOnly && m.Partial
	if newSurname == "" {
		newSurname = m.Surname
	}
	if newName == name && newSurname == surname && newOnly == surnameOnly {
		return id, nil
	}
	if _, err := s.exec(ctx, tx, `UPDATE people SET name = ?, surname = ?, surname_only = ? WHERE id = ?`,
		newName, newSurname, newOnly, id); err != nil {
		return 0, err
	}
	if surnameOnly && !newOnly && newSurname != "" {
		return id, s.markSurname(ctx, tx, newSurname)
	}
	return id, nil
}

// uniqueFullPerson returns the one person known by a full name with surname, or 0.
func (s *Store) uniqueFullPerson(ctx context.Context, tx *sql.Tx, surname string) (int64, error) {
	rows, err := s.query(ctx, tx, `SELECT id FROM people WHERE surname = ? AND surname_only = 0 LIMIT 2`, surname)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil || len(ids) != 1 {
		return 0, err
	}
	return ids[0], nil
}

func (s *Store) markSurname(ctx context.Context, tx *sql.Tx, surname string) error {
	_, err := s.exec(ctx, tx, `INSERT OR IGNORE INTO relink_pending (kind, key) VALUES ('surname', ?)`, surname)
	return err
}

// replaceMentions swaps a briefing's mentions for new ones and recomputes everyone touched.
func (s *Store) replaceMentions(ctx context.Context, tx *sql.Tx, briefingID, published int64, mentions []briefs.Mention) error {
	old, err := int64s(s.query(ctx, tx, `SELECT person_id FROM mentions WHERE briefing_id = ?`, briefingID))
	if err != nil {
		return err
	}
	if _, err := s.exec(ctx, tx, `DELETE FROM mentions WHERE briefing_id = ?`, briefingID); err != nil {
		return err
	}
	added, err := s.addMentions(ctx, tx, briefingID, published, mentions)
	if err != nil {
		return err
	}
	return s.refreshPeople(ctx, tx, append(old, added...))
}

// refreshPeople recomputes statistics, current role and role spells of people from their mentions.
func (s *Store) refreshPeople(ctx context.Context, tx *sql.Tx, ids []int64) error {
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		if _, err := s.exec(ctx, tx, `UPDATE people SET
			briefings = (SELECT count(DISTINCT briefing_id) FROM mentions WHERE person_id = ?1),
			mentions = (SELECT coalesce(sum(count), 0) FROM mentions WHERE person_id = ?1),
			last_seen = coalesce((SELECT max(published) FROM mentions WHERE person_id = ?1), 0),
			role = coalesce((SELECT role FROM mentions WHERE person_id = ?1 AND role <> ''
				ORDER BY published DESC, briefing_id DESC LIMIT 1), ''),
			role_at = coalesce((SELECT published FROM mentions WHERE person_id = ?1 AND role <> ''
				ORDER BY published DESC, briefing_id DESC LIMIT 1), 0),
			role_briefing = coalesce((SELECT briefing_id FROM mentions WHERE person_id = ?1 AND role <> ''
				ORDER BY published DESC, briefing_id DESC LIMIT 1), 0)
			WHERE id = ?1`, id); err != nil {
			return err
		}
		if _, err := s.exec(ctx, tx, `DELETE FROM person_roles WHERE person_id = ?`, id); err != nil {
			return err
		}
		rows, err := s.query(ctx, tx, `SELECT role_key, role, published, briefing_id FROM mentions
			WHERE person_id = ? AND role <> '' ORDER BY published, briefing_id`, id)
		if err != nil {
			return err
		}
		type spell struct {
			key, role          string
			since, until, last int64
		}
		var spells []spell
		at := map[string]int{}
		for rows.Next() {
			var key, role string
			var pub, bid int64
			if err := rows.Scan(&key, &role, &pub, &bid); err != nil {
				rows.Close()
				return err
			}
			i, ok := at[key]
			if !ok {
				at[key] = len(spells)
				spells = append(spells, spell{key: key, role: role, since: pub, until: pub, last: bid})
				continue
			}
			sp := &spells[i]
			if sp.since == 0 {
				sp.since = pub
			}
			sp.until, sp.last = pub, bid // rows are in date order
			sp.role = briefs.FullerRole(sp.role, role)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, sp := range spells {
			if _, err := s.exec(ctx, tx, `INSERT INTO person_roles (person_id, role_key, role, since, until, briefing_id)
				VALUES (?, ?, ?, ?, ?, ?)`, id, sp.key, sp.role, sp.since, sp.until, sp.last); err != nil {
				return err
			}
		}
	}
	return nil
}

// int64s reads a one-column result.
func int64s(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
