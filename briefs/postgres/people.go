package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

const personCols = `p.id, p.name, p.key, p.surname, p.role, p.briefings, p.last_seen`

func scanPerson(sc pgx.Row) (briefs.Person, error) {
	var p briefs.Person
	var last int64
	err := sc.Scan(&p.ID, &p.Name, &p.Key, &p.Surname, &p.Role, &p.Briefings, &last)
	p.LastSeen = dateFromUnix(last)
	return p, err
}

func collectPeople(rows pgx.Rows, err error) ([]briefs.Person, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []briefs.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// FindPeople looks a name up, accent- and case-insensitively through the folded keys the store
// keeps: people whose key is PersonKey(name), then people with that surname, then people whose
// key or surname starts with it; each group most mentioned first, no one twice. People no
// briefing mentions any more are left out.
func (s *Store) FindPeople(ctx context.Context, name string, limit int) ([]briefs.Person, error) {
	key := clean(briefs.PersonKey(name))
	if key == "" {
		return nil, briefs.Errorf(briefs.ErrInvalid, "give a name to look up")
	}
	if len(key) > maxKeyBytes {
		return nil, nil // no key is that long
	}
	limit = clampLimit(limit, 50)
	surname := clean(briefs.SurnameKey(name))
	const order = ` AND p.briefings > 0 ORDER BY p.briefings DESC, p.mentions DESC, p.id LIMIT $`
	hi := prefixEnd(key)
	steps := []struct {
		q    string
		args []any
	}{
		{`SELECT ` + personCols + ` FROM people p WHERE p.key = $1` + order + `2`, []any{key, limit}},
		{`SELECT ` + personCols + ` FROM people p WHERE p.surname IN ($1, $2)` + order + `3`, []any{surname, key, limit}},
		{`SELECT ` + personCols + ` FROM people p WHERE p.key >= $1 AND p.key < $2` + order + `3`, []any{key, hi, limit}},
		{`SELECT ` + personCols + ` FROM people p WHERE p.surname >= $1 AND p.surname < $2` + order + `3`, []any{key, hi, limit}},
	}
	var out []briefs.Person
	seen := map[int64]bool{}
	for _, st := range steps {
		found, err := collectPeople(s.pool.Query(ctx, st.q, st.args...))
		if err != nil {
			return nil, fmt.Errorf("postgres: find people %q: %w", clip(name), err)
		}
		for _, p := range found {
			if !seen[p.ID] && len(out) < limit {
				seen[p.ID] = true
				out = append(out, p)
			}
		}
		if len(out) >= limit {
			break
		}
	}
	return out, nil
}

// prefixEnd returns the smallest string greater, byte-wise, than every string starting with p
// (non-empty valid UTF-8): p with its last rune incremented, so the result stays valid UTF-8.
func prefixEnd(p string) string {
	r, size := utf8.DecodeLastRuneInString(p)
	switch {
	case r == utf8.MaxRune:
		return p + "\U0010FFFF" // nothing sorts after it; good enough for a name
	case r == 0xD7FF:
		r = 0xE000 // skip the surrogates, which UTF-8 cannot hold
	default:
		r++
	}
	return p[:len(p)-size] + string(r)
}

// PeopleNames returns the display names of everyone mentioned, most mentioned first.
func (s *Store) PeopleNames(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT name FROM people WHERE briefings > 0 ORDER BY briefings DESC, name`)
	if err != nil {
		return nil, fmt.Errorf("postgres: people names: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: people names: %w", err)
	}
	return out, nil
}

// Profile returns a person, their role spells (latest first) and the recent briefings naming them.
func (s *Store) Profile(ctx context.Context, personID int64, recent int) (briefs.Profile, error) {
	var pr briefs.Profile
	p, err := scanPerson(s.pool.QueryRow(ctx, `SELECT `+personCols+` FROM people p WHERE p.id = $1`, personID))
	if isNoRows(err) {
		return pr, notFound("there is no person %d", personID)
	}
	if err != nil {
		return pr, fmt.Errorf("postgres: profile %d: %w", personID, err)
	}
	pr.Person = p
	rows, err := s.pool.Query(ctx, `SELECT role, since, until, briefing_id FROM person_roles
		WHERE person_id = $1 ORDER BY until DESC, briefing_id DESC`, personID)
	if err != nil {
		return pr, fmt.Errorf("postgres: profile %d: roles: %w", personID, err)
	}
	for rows.Next() {
		var r briefs.RoleSpell
		var since, until int64
		if err := rows.Scan(&r.Role, &since, &until, &r.BriefingID); err != nil {
			rows.Close()
			return pr, fmt.Errorf("postgres: profile %d: roles: %w", personID, err)
		}
		r.Since, r.Until = dateFromUnix(since), dateFromUnix(until)
		pr.Roles = append(pr.Roles, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return pr, fmt.Errorf("postgres: profile %d: roles: %w", personID, err)
	}
	if recent <= 0 {
		return pr, nil
	}
	rows, err = s.pool.Query(ctx, `SELECT `+briefingCols+`, m.role, m.sentence FROM mentions m
		JOIN briefings b ON b.id = m.briefing_id
		WHERE m.person_id = $1 ORDER BY m.published DESC, m.briefing_id DESC LIMIT $2`, personID, clampLimit(recent, 100))
	if err != nil {
		return pr, fmt.Errorf("postgres: profile %d: briefings: %w", personID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a briefs.Appearance
		if a.Briefing, err = scanBriefing(rows, &a.Role, &a.Sentence); err != nil {
			return pr, fmt.Errorf("postgres: profile %d: briefings: %w", personID, err)
		}
		pr.Recent = append(pr.Recent, a)
	}
	return pr, rows.Err()
}

// TopPeople returns the people mentioned in the most briefings published since t (undated
// briefings count only when t is zero). Person.Briefings counts those briefings only.
func (s *Store) TopPeople(ctx context.Context, since time.Time, limit int) ([]briefs.Person, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+strings.Replace(personCols, "p.briefings", "t.n::int", 1)+`
		FROM (SELECT person_id, count(DISTINCT briefing_id) AS n, sum(count) AS c FROM mentions
			WHERE published >= $1 GROUP BY person_id ORDER BY n DESC, c DESC, person_id LIMIT $2) t
		JOIN people p ON p.id = t.person_id ORDER BY t.n DESC, t.c DESC, p.id`, unixDate(since), clampLimit(limit, 100))
	out, err := collectPeople(rows, err)
	if err != nil {
		return nil, fmt.Errorf("postgres: top people since %s: %w", since.Format(time.DateOnly), err)
	}
	return out, nil
}
