package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/briefs"
)

const personCols = `p.id, p.name, p.key, p.surname, p.role, p.briefings, p.last_seen`

func scanPerson(sc interface{ Scan(...any) error }) (briefs.Person, error) {
	var p briefs.Person
	var last int64
	err := sc.Scan(&p.ID, &p.Name, &p.Key, &p.Surname, &p.Role, &p.Briefings, &last)
	p.LastSeen = dateFromUnix(last)
	return p, err
}

func collectPeople(rows *sql.Rows, err error) ([]briefs.Person, error) {
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

// FindPeople looks a name up, accent- and case-insensitively: people whose key is PersonKey(name),
// then people with that surname, then people whose key or surname starts with it; each group most
// mentioned first, no one twice. People no briefing mentions any more are left out.
func (s *Store) FindPeople(ctx context.Context, name string, limit int) ([]briefs.Person, error) {
	key := briefs.PersonKey(name)
	if key == "" {
		return nil, briefs.Errorf(briefs.ErrInvalid, "give a name to look up")
	}
	limit = clampLimit(limit, 50)
	surname := briefs.SurnameKey(name)
	const order = ` AND p.briefings > 0 ORDER BY p.briefings DESC, p.mentions DESC, p.id LIMIT ?`
	hi := prefixEnd(key)
	steps := []struct {
		q    string
		args []any
	}{
		{`SELECT ` + personCols + ` FROM people p WHERE p.key = ?` + order, []any{key, limit}},
		{`SELECT ` + personCols + ` FROM people p WHERE p.surname IN (?, ?)` + order, []any{surname, key, limit}},
		{`SELECT ` + personCols + ` FROM people p WHERE p.key >= ? AND p.key < ?` + order, []any{key, hi, limit}},
		{`SELECT ` + personCols + ` FROM people p WHERE p.surname >= ? AND p.surname < ?` + order, []any{key, hi, limit}},
	}
	var out []briefs.Person
	seen := map[int64]bool{}
	for _, st := range steps {
		found, err := collectPeople(s.query(ctx, nil, st.q, st.args...))
		if err != nil {
			return nil, fmt.Errorf("sqlite: find people %q: %w", name, err)
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

// prefixEnd returns the smallest string greater than every string starting with p (p non-empty
// UTF-8, whose bytes are never 0xff).
func prefixEnd(p string) string {
	b := []byte(p)
	b[len(b)-1]++
	return string(b)
}

// PeopleNames returns the display names of everyone mentioned, most mentioned first.
func (s *Store) PeopleNames(ctx context.Context) ([]string, error) {
	rows, err := s.query(ctx, nil, `SELECT name FROM people WHERE briefings > 0 ORDER BY briefings DESC, name`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: people names: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("sqlite: people names: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Profile returns a person, their role spells (latest first) and the recent briefings naming them.
func (s *Store) Profile(ctx context.Context, personID int64, recent int) (briefs.Profile, error) {
	var pr briefs.Profile
	p, err := scanPerson(s.queryRow(ctx, nil, `SELECT `+personCols+` FROM people p WHERE p.id = ?`, personID))
	if isNoRows(err) {
		return pr, notFound("there is no person %d", personID)
	}
	if err != nil {
		return pr, fmt.Errorf("sqlite: profile %d: %w", personID, err)
	}
	pr.Person = p
	rows, err := s.query(ctx, nil, `SELECT role, since, until, briefing_id FROM person_roles
		WHERE person_id = ? ORDER BY until DESC, briefing_id DESC`, personID)
	if err != nil {
		return pr, fmt.Errorf("sqlite: profile %d: roles: %w", personID, err)
	}
	for rows.Next() {
		var r briefs.RoleSpell
		var since, until int64
		if err := rows.Scan(&r.Role, &since, &until, &r.BriefingID); err != nil {
			rows.Close()
			return pr, fmt.Errorf("sqlite: profile %d: roles: %w", personID, err)
		}
		r.Since, r.Until = dateFromUnix(since), dateFromUnix(until)
		pr.Roles = append(pr.Roles, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return pr, fmt.Errorf("sqlite: profile %d: roles: %w", personID, err)
	}
	if recent <= 0 {
		return pr, nil
	}
	rows, err = s.query(ctx, nil, `SELECT `+briefingCols+`, m.role, m.sentence FROM mentions m
		JOIN briefings b ON b.id = m.briefing_id
		WHERE m.person_id = ? ORDER BY m.published DESC, m.briefing_id DESC LIMIT ?`, personID, clampLimit(recent, 100))
	if err != nil {
		return pr, fmt.Errorf("sqlite: profile %d: briefings: %w", personID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a briefs.Appearance
		if a.Briefing, err = scanBriefing(rows, &a.Role, &a.Sentence); err != nil {
			return pr, fmt.Errorf("sqlite: profile %d: briefings: %w", personID, err)
		}
		pr.Recent = append(pr.Recent, a)
	}
	return pr, rows.Err()
}

// TopPeople returns the people mentioned in the most briefings published since t (undated
// briefings count only when t is zero). Person.Briefings counts those briefings only.
func (s *Store) TopPeople(ctx context.Context, since time.Time, limit int) ([]briefs.Person, error) {
	rows, err := s.query(ctx, nil, `SELECT `+strings.Replace(personCols, "p.briefings", "t.n", 1)+`
		FROM (SELECT person_id, count(DISTINCT briefing_id) AS n, sum(count) AS c FROM mentions
			WHERE published >= ? GROUP BY person_id ORDER BY n DESC, c DESC, person_id LIMIT ?) t
		JOIN people p ON p.id = t.person_id ORDER BY t.n DESC, t.c DESC, p.id`, unixDate(since), clampLimit(limit, 100))
	out, err := collectPeople(rows, err)
	if err != nil {
		return nil, fmt.Errorf("sqlite: top people since %s: %w", since.Format(time.DateOnly), err)
	}
	return out, nil
}
