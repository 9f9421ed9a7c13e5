package postgres

import (
	"context"
	"slices"
	"strings"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

// Bounds on mention fields that are keys of B-tree indexes; no real name or role comes near.
const (
	maxKeyBytes  = 500
	maxRoleBytes = 500
)

// fitMention trims a mention to what PostgreSQL can hold: text without NULs or invalid UTF-8,
// and keys and roles short enough for B-tree indexes. A key too long to be a name drops it.
func fitMention(m *briefs.Mention) bool {
	m.Key = clean(m.Key)
	if m.Key == "" || len(m.Key) > maxKeyBytes {
		return false
	}
	m.Name, m.Role, m.Sentence = clean(m.Name), clean(m.Role), clean(m.Sentence)
	if m.Name == "" {
		m.Name = m.Key
	}
	m.Surname = clean(m.Surname)
	if len(m.Surname) > maxKeyBytes {
		m.Surname = ""
	}
	if len(m.Role) > maxRoleBytes {
		m.Role = strings.ToValidUTF8(m.Role[:maxRoleBytes], "")
	}
	return true
}

// addMentions stores the mentions of a briefing. With incremental set (a new briefing, which is
// the newest by ID) people's statistics are bumped in place; otherwise the people touched are
// returned for refreshPeople.
func (s *Store) addMentions(ctx context.Context, tx pgx.Tx, briefingID, published int64, mentions []briefs.Mention, incremental bool) ([]int64, error) {
	var touched []int64
	for _, m := range briefs.MergeMentions(mentions, fitMention) {
		own, err := upsertPerson(ctx, tx, m)
		if err != nil {
			return nil, err
		}
		person := own
		if m.Partial && m.Surname != "" {
			if target, err := uniqueFullPerson(ctx, tx, m.Surname); err != nil {
				return nil, err
			} else if target != 0 {
				person = target
			} else if err := markSurname(ctx, tx, m.Surname); err != nil {
				return nil, err
			}
		}
		roleKey := ""
		if m.Role != "" {
			roleKey = briefs.RoleKey(m.Role)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO mentions (briefing_id, own_person_id, person_id, published, name,
			surname, partial, role, role_key, sentence, count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			briefingID, own, person, published, m.Name, m.Surname, m.Partial, m.Role, roleKey, m.Sentence, m.Count); err != nil {
			return nil, err
		}
		if !incremental {
			touched = append(touched, person)
			continue
		}
		if _, err := tx.Exec(ctx, `UPDATE people SET briefings = briefings + 1, mentions = mentions + $2,
			last_seen = greatest(last_seen, $3),
			role_briefing = CASE WHEN $4 <> '' AND $3 >= role_at THEN $5 ELSE role_briefing END,
			role = CASE WHEN $4 <> '' AND $3 >= role_at THEN $4 ELSE role END,
			role_at = CASE WHEN $4 <> '' AND $3 >= role_at THEN $3 ELSE role_at END
			WHERE id = $1`, person, m.Count, published, m.Role, briefingID); err != nil {
			return nil, err
		}
		if m.Role != "" {
			if err := addRoleSpell(ctx, tx, person, roleKey, m.Role, published, briefingID); err != nil {
				return nil, err
			}
		}
	}
	return touched, nil
}

// addRoleSpell extends a person's spell in a role with one more briefing (newer by ID than any
// before it).
func addRoleSpell(ctx context.Context, tx pgx.Tx, person int64, roleKey, role string, published, briefingID int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO person_roles AS r (person_id, role_key, role, since, until, briefing_id)
		VALUES ($1, $2, $3, $4, $4, $5)
		ON CONFLICT (person_id, role_key) DO UPDATE SET
		since = CASE WHEN r.since = 0 THEN excluded.since WHEN excluded.since = 0 THEN r.since
			ELSE least(r.since, excluded.since) END,
		role = CASE WHEN length(excluded.role) > length(r.role) OR (length(excluded.role) = length(r.role)
			AND excluded.role COLLATE "C" < r.role COLLATE "C") THEN excluded.role ELSE r.role END,
		briefing_id = CASE WHEN excluded.until >= r.until THEN excluded.briefing_id ELSE r.briefing_id END,
		until = greatest(r.until, excluded.until)`, person, roleKey, role, published, briefingID)
	return err
}

// upsertPerson returns the ID of the person with m.Key, creating them or improving their name.
// A new full name, or a key first seen surname-only now written in full, may change who a surname
// resolves to: that surname is marked for the next Relink.
func upsertPerson(ctx context.Context, tx pgx.Tx, m briefs.Mention) (int64, error) {
	var id int64
	var name, surname string
	var surnameOnly bool
	err := tx.QueryRow(ctx, `SELECT id, name, surname, surname_only FROM people WHERE key = $1`, m.Key).
		Scan(&id, &name, &surname, &surnameOnly)
	if isNoRows(err) {
		err = tx.QueryRow(ctx, `INSERT INTO people (key, name, surname, surname_only) VALUES ($1, $2, $3, $4) RETURNING id`,
			m.Key, m.Name, m.Surname, m.Partial).Scan(&id)
		if err == nil && !m.Partial && m.Surname != "" {
			err = markSurname(ctx, tx, m.Surname)
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
	if _, err := tx.Exec(ctx, `UPDATE people SET name = $1, surname = $2, surname_only = $3 WHERE id = $4`,
		newName, newSurname, newOnly, id); err != nil {
		return 0, err
	}
	if surnameOnly && !newOnly && newSurname != "" {
		return id, markSurname(ctx, tx, newSurname)
	}
	return id, nil
}

// uniqueFullPerson returns the one person known by a full name with surname, or 0.
func uniqueFullPerson(ctx context.Context, q querier, surname string) (int64, error) {
	ids, err := int64s(q.Query(ctx, `SELECT id FROM people WHERE surname = $1 AND NOT surname_only LIMIT 2`, surname))
	if err != nil || len(ids) != 1 {
		return 0, err
	}
	return ids[0], nil
}

func markSurname(ctx context.Context, tx pgx.Tx, surname string) error {
	_, err := tx.Exec(ctx, `INSERT INTO relink_pending (kind, key) VALUES ('surname', $1) ON CONFLICT DO NOTHING`, surname)
	return err
}

// replaceMentions swaps a briefing's mentions for new ones and recomputes everyone touched.
func (s *Store) replaceMentions(ctx context.Context, tx pgx.Tx, briefingID, published int64, mentions []briefs.Mention) error {
	old, err := int64s(tx.Query(ctx, `DELETE FROM mentions WHERE briefing_id = $1 RETURNING person_id`, briefingID))
	if err != nil {
		return err
	}
	added, err := s.addMentions(ctx, tx, briefingID, published, mentions, false)
	if err != nil {
		return err
	}
	return refreshPeople(ctx, tx, append(old, added...))
}

// refreshPeople recomputes statistics, current role and role spells of people from their
// mentions, for all of ids in three statements.
func refreshPeople(ctx context.Context, tx pgx.Tx, ids []int64) error {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE people p SET
		briefings = coalesce(st.n, 0), mentions = coalesce(st.c, 0), last_seen = coalesce(st.last, 0),
		role = coalesce(cur.role, ''), role_at = coalesce(cur.published, 0), role_briefing = coalesce(cur.briefing_id, 0)
		FROM unnest($1::bigint[]) AS ids(id)
		LEFT JOIN LATERAL (SELECT count(DISTINCT briefing_id) AS n, sum(count) AS c, max(published) AS last
			FROM mentions WHERE person_id = ids.id) st ON true
		LEFT JOIN LATERAL (SELECT role, published, briefing_id FROM mentions
			WHERE person_id = ids.id AND role <> '' ORDER BY published DESC, briefing_id DESC LIMIT 1) cur ON true
		WHERE p.id = ids.id`, ids); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM person_roles WHERE person_id = ANY($1)`, ids); err != nil {
		return err
	}
	// A spell runs from its first dated briefing to its last; it is written in its fullest
	// wording ("NATO's secretary general"), ties broken by the text itself so the result does
	// not depend on arrival order (see briefs.FullerRole).
	_, err := tx.Exec(ctx, `INSERT INTO person_roles (person_id, role_key, role, since, until, briefing_id)
		SELECT person_id, role_key,
			(array_agg(role ORDER BY length(role) DESC, role COLLATE "C"))[1],
			coalesce(min(published) FILTER (WHERE published <> 0), 0),
			max(published),
			(array_agg(briefing_id ORDER BY published DESC, briefing_id DESC))[1]
		FROM mentions WHERE person_id = ANY($1) AND role <> ''
		GROUP BY person_id, role_key`, ids)
	return err
}

// int64s reads a one-column result.
func int64s(rows pgx.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
