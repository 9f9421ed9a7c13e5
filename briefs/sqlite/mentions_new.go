package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/briefbot/briefbot/briefs"
)

// rowsPerStatement bounds multi-row statements (SQLite allows 32,766 parameters).
const rowsPerStatement = 200

// newMention is one mention of a briefing being added, with the people it belongs to.
type newMention struct {
	briefs.Mention
	own, person int64
	roleKey     string
}

// addNewMentions stores the mentions of a briefing just added (the newest by ID) and counts them
// in people's statistics and role spells, with a few multi-row statements: full names first, so
// that a surname-only mention can resolve to a full name in the same briefing.
func (s *Store) addNewMentions(ctx context.Context, tx *sql.Tx, briefingID, published int64, mentions []briefs.Mention) error {
	merged := briefs.MergeMentions(mentions, nil)
	ms := make([]newMention, len(merged))
	var full []*newMention
	for i, m := range merged {
		ms[i].Mention = m
		if m.Role != "" {
			ms[i].roleKey = briefs.RoleKey(m.Role)
		}
		if !m.Partial {
			full = append(full, &ms[i])
		}
	}
	for len(full) > 0 {
		n := min(len(full), rowsPerStatement)
		if err := s.upsertCountedRows(ctx, tx, full[:n], published, briefingID); err != nil {
			return err
		}
		full = full[n:]
	}
	for i := range ms {
		m := &ms[i]
		if !m.Partial {
			continue
		}
		own, err := s.upsertPerson(ctx, tx, m.Mention)
		if err != nil {
			return err
		}
		m.own, m.person = own, own
		if m.Surname != "" {
			if target, err := s.uniqueFullPerson(ctx, tx, m.Surname); err != nil {
				return err
			} else if target != 0 {
				m.person = target
			}
		}
		if _, err := s.exec(ctx, tx, `UPDATE people SET briefings = briefings + 1, mentions = mentions + ?2,
			last_seen = max(last_seen, ?3),
			role_briefing = CASE WHEN ?4 <> '' AND ?3 >= role_at THEN ?5 ELSE role_briefing END,
			role = CASE WHEN ?4 <> '' AND ?3 >= role_at THEN ?4 ELSE role END,
			role_at = CASE WHEN ?4 <> '' AND ?3 >= role_at THEN ?3 ELSE role_at END
			WHERE id = ?1`, m.person, m.Count, published, m.Role, briefingID); err != nil {
			return err
		}
	}
	for rest := ms; len(rest) > 0; {
		n := min(len(rest), rowsPerStatement)
		args := make([]any, 0, 11*n)
		for _, m := range rest[:n] {
			args = append(args, briefingID, m.own, m.person, published, m.Name, m.Surname, m.Partial, m.Role,
				m.roleKey, m.Sentence, m.Count)
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO mentions (briefing_id, own_person_id, person_id, published, name,
			surname, partial, role, role_key, sentence, count) VALUES `+values(n, 11), args...); err != nil {
			return err
		}
		rest = rest[n:]
	}
	// one spell per person and role: a surname-only mention may have resolved to a full name
	seen := map[[2]any]bool{}
	var args []any
	for _, m := range ms {
		k := [2]any{m.person, m.roleKey}
		if m.Role == "" || seen[k] {
			continue
		}
		seen[k] = true
		args = append(args, m.person, m.roleKey, m.Role, published, published, briefingID)
	}
	for len(args) > 0 {
		n := min(len(args)/6, rowsPerStatement)
		if _, err := s.exec(ctx, tx, `INSERT INTO person_roles (person_id, role_key, role, since, until, briefing_id)
			VALUES `+values(n, 6)+`
			ON CONFLICT (person_id, role_key) DO UPDATE SET
			since = CASE WHEN since = 0 THEN excluded.since WHEN excluded.since = 0 THEN since
				ELSE min(since, excluded.since) END,
			role = CASE WHEN length(excluded.role) > length(role) OR (length(excluded.role) = length(role)
				AND excluded.role < role) THEN excluded.role ELSE role END,
			briefing_id = CASE WHEN excluded.until >= until THEN excluded.briefing_id ELSE briefing_id END,
			until = max(until, excluded.until)`, args[:6*n]...); err != nil {
			return err
		}
		args = args[6*n:]
	}
	return nil
}

// upsertCountedRows creates or updates the people of full-name mentions in a new briefing (the
// newest by ID), counting the mention, in one statement, and sets their own and person IDs.
func (s *Store) upsertCountedRows(ctx context.Context, tx *sql.Tx, ms []*newMention, published, briefingID int64) error {
	// a key known so far only from surname-only mentions, now written as a full name, may change
	// who that surname resolves to
	var oneWord []string
	for _, m := range ms {
		if !strings.Contains(m.Key, " ") {
			oneWord = append(oneWord, m.Key)
		}
	}
	flips := map[string]bool{}
	if len(oneWord) > 0 {
		list, err := json.Marshal(oneWord)
		if err != nil {
			return err
		}
		keys, err := strs(s.query(ctx, tx, `SELECT key FROM people WHERE surname_only = 1
			AND key IN (SELECT value FROM json_each(?))`, string(list)))
		if err != nil {
			return err
		}
		for _, k := range keys {
			flips[k] = true
		}
	}
	args := make([]any, 0, 9*len(ms))
	byKey := make(map[string]*newMention, len(ms))
	for _, m := range ms {
		roleAt, roleBriefing := int64(0), int64(0)
		if m.Role != "" {
			roleAt, roleBriefing = published, briefingID
		}
		args = append(args, m.Key, m.Name, m.Surname, m.Count, published, m.Role, roleAt, roleBriefing)
		byKey[m.Key] = m
	}
	rows, err := s.query(ctx, tx, `INSERT INTO people (key, name, surname, mentions, last_seen, role, role_at,
			role_briefing, briefings, surname_only)
		VALUES `+strings.ReplaceAll(values(len(ms), 8), "?)", "?, 1, 0)")+`
		ON CONFLICT (key) DO UPDATE SET
		name = CASE WHEN length(excluded.name) - length(replace(excluded.name, ' ', '')) > length(name) - length(replace(name, ' ', ''))
			OR (length(excluded.name) - length(replace(excluded.name, ' ', '')) = length(name) - length(replace(name, ' ', ''))
				AND length(excluded.name) > length(name)) THEN excluded.name ELSE name END,
		surname = CASE WHEN surname = '' THEN excluded.surname ELSE surname END,
		surname_only = 0,
		briefings = briefings + 1, mentions = mentions + excluded.mentions,
		last_seen = max(last_seen, excluded.last_seen),
		role_briefing = CASE WHEN excluded.role <> '' AND excluded.last_seen >= role_at THEN excluded.role_briefing ELSE role_briefing END,
		role = CASE WHEN excluded.role <> '' AND excluded.last_seen >= role_at THEN excluded.role ELSE role END,
		role_at = CASE WHEN excluded.role <> '' AND excluded.last_seen >= role_at THEN excluded.last_seen ELSE role_at END
		RETURNING id, key, briefings`, args...)
	if err != nil {
		return err
	}
	var dirty []string
	for rows.Next() {
		var id, n int64
		var key string
		if err := rows.Scan(&id, &key, &n); err != nil {
			rows.Close()
			return err
		}
		m := byKey[key]
		if m == nil {
			continue
		}
		m.own, m.person = id, id
		// a person counted for the first time may change who their surname resolves to
		if m.Surname != "" && (n == 1 || flips[key]) {
			dirty = append(dirty, m.Surname)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, sn := range dirty {
		if err := s.markSurname(ctx, tx, sn); err != nil {
			return err
		}
	}
	return nil
}

// strs reads a one-column text result.
func strs(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// values returns n groups of k placeholders: "(?, ?), (?, ?)".
func values(n, k int) string {
	group := "(" + strings.TrimSuffix(strings.Repeat("?, ", k), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(group+", ", n), ", ")
}
