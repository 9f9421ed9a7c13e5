package postgres

import (
	"context"

	"github.com/briefbot/briefbot/briefs"
	"github.com/jackc/pgx/v5"
)

// batchPerson is what a batch says about one person key, its mentions taken in order.
type batchPerson struct {
	name, surname string
	allPartial    bool
}

// insertMentions stores the mentions of new briefings ids (dated pubs) and brings people, their
// statistics and role spells up to date, in a fixed number of statements: addMentions for a batch.
func insertMentions(ctx context.Context, tx pgx.Tx, ids, pubs []int64, mentions [][]briefs.Mention) error {
	merged := make([][]briefs.Mention, len(ids))
	people := map[string]*batchPerson{}
	var keys []string
	for j := range ids {
		merged[j] = briefs.MergeMentions(mentions[j], fitMention)
		for _, m := range merged[j] {
			p, ok := people[m.Key]
			if !ok {
				people[m.Key] = &batchPerson{name: m.Name, surname: m.Surname, allPartial: m.Partial}
				keys = append(keys, m.Key)
				continue
			}
			p.name = briefs.FullerName(p.name, m.Name)
			if p.surname == "" {
				p.surname = m.Surname
			}
			p.allPartial = p.allPartial && m.Partial
		}
	}
	if len(keys) == 0 {
		return nil
	}
	// who was known, and known by surname only, before this batch: a full name new to the index
	// may change who a surname resolves to
	wasOnly := map[string]bool{}
	rows, err := tx.Query(ctx, `SELECT key, surname_only FROM people WHERE key = ANY($1)`, keys)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for rows.Next() {
		var k string
		var only bool
		if err := rows.Scan(&k, &only); err != nil {
			rows.Close()
			return err
		}
		known[k], wasOnly[k] = true, only
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	names, surnames, only := make([]string, len(keys)), make([]string, len(keys)), make([]bool, len(keys))
	marks := map[string]bool{}
	for i, k := range keys {
		p := people[k]
		names[i], surnames[i], only[i] = p.name, p.surname, p.allPartial
		if !p.allPartial && p.surname != "" && (!known[k] || wasOnly[k]) {
			marks[p.surname] = true
		}
	}
	// the fuller name wins: more words, then more letters; the stored one on ties
	rows, err = tx.Query(ctx, `INSERT INTO people AS p (key, name, surname, surname_only)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[])
		ON CONFLICT (key) DO UPDATE SET
			name = CASE WHEN (cardinality(regexp_split_to_array(btrim(excluded.name), '\s+')), char_length(excluded.name)) >
				(cardinality(regexp_split_to_array(btrim(p.name), '\s+')), char_length(p.name)) THEN excluded.name ELSE p.name END,
			surname = CASE WHEN p.surname = '' THEN excluded.surname ELSE p.surname END,
			surname_only = p.surname_only AND excluded.surname_only
		RETURNING key, id`, keys, names, surnames, only)
	if err != nil {
		return err
	}
	personID := map[string]int64{}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			rows.Close()
			return err
		}
		personID[k] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	targets, err := uniqueFullPeople(ctx, tx, merged)
	if err != nil {
		return err
	}
	var c mentionCols
	for j, bid := range ids {
		for _, m := range merged[j] {
			own := personID[m.Key]
			person := own
			if m.Partial && m.Surname != "" {
				if t := targets[m.Surname]; t != 0 {
					person = t
				} else {
					marks[m.Surname] = true
				}
			}
			c.add(bid, own, person, pubs[j], m)
		}
	}
	if err := c.insert(ctx, tx); err != nil {
		return err
	}
	if err := bumpPeople(ctx, tx, ids); err != nil {
		return err
	}
	var ms []string
	for sn := range marks {
		ms = append(ms, sn)
	}
	_, err = tx.Exec(ctx, `INSERT INTO relink_pending (kind, key) SELECT 'surname', unnest($1::text[]) ON CONFLICT DO NOTHING`, ms)
	return err
}

// uniqueFullPeople returns, for each surname the partial mentions give, the one person known by a
// full name with it; surnames with none or several are missing.
func uniqueFullPeople(ctx context.Context, tx pgx.Tx, merged [][]briefs.Mention) (map[string]int64, error) {
	seen := map[string]bool{}
	var sns []string
	for _, ms := range merged {
		for _, m := range ms {
			if m.Partial && m.Surname != "" && !seen[m.Surname] {
				seen[m.Surname] = true
				sns = append(sns, m.Surname)
			}
		}
	}
	out := map[string]int64{}
	if len(sns) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, `SELECT surname, min(id) FROM people WHERE surname = ANY($1) AND NOT surname_only
		GROUP BY surname HAVING count(*) = 1`, sns)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sn string
		var id int64
		if err := rows.Scan(&sn, &id); err != nil {
			return nil, err
		}
		out[sn] = id
	}
	return out, rows.Err()
}

// mentionCols holds mention rows column by column, for one INSERT … SELECT FROM unnest.
type mentionCols struct {
	briefing, own, person, published  []int64
	name, surname, role, roleKey, sen []string
	partial                           []bool
	count                             []int32
}

func (c *mentionCols) add(briefing, own, person, published int64, m briefs.Mention) {
	roleKey := ""
	if m.Role != "" {
		roleKey = briefs.RoleKey(m.Role)
	}
	c.briefing, c.own, c.person, c.published = append(c.briefing, briefing), append(c.own, own), append(c.person, person), append(c.published, published)
	c.name, c.surname, c.role, c.roleKey, c.sen = append(c.name, m.Name), append(c.surname, m.Surname), append(c.role, m.Role), append(c.roleKey, roleKey), append(c.sen, m.Sentence)
	c.partial, c.count = append(c.partial, m.Partial), append(c.count, int32(m.Count))
}

func (c *mentionCols) insert(ctx context.Context, tx pgx.Tx) error {
	if len(c.briefing) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO mentions (briefing_id, own_person_id, person_id, published, name, surname,
			partial, role, role_key, sentence, count)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[],
			$7::bool[], $8::text[], $9::text[], $10::text[], $11::int[])`,
		c.briefing, c.own, c.person, c.published, c.name, c.surname, c.partial, c.role, c.roleKey, c.sen, c.count)
	return err
}

// bumpPeople adds the mentions of new briefings ids to their people's statistics, current role
// and role spells, as addMentions does one mention at a time.
func bumpPeople(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if _, err := tx.Exec(ctx, `WITH agg AS (
			SELECT person_id, count(*) AS n, sum(count) AS c, max(published) AS last,
				(array_agg(role ORDER BY published DESC, briefing_id DESC) FILTER (WHERE role <> ''))[1] AS role,
				(array_agg(published ORDER BY published DESC, briefing_id DESC) FILTER (WHERE role <> ''))[1] AS role_at,
				(array_agg(briefing_id ORDER BY published DESC, briefing_id DESC) FILTER (WHERE role <> ''))[1] AS role_briefing
			FROM mentions WHERE briefing_id = ANY($1) GROUP BY person_id)
		UPDATE people p SET briefings = p.briefings + agg.n, mentions = p.mentions + agg.c,
			last_seen = greatest(p.last_seen, agg.last),
			role = CASE WHEN agg.role IS NOT NULL AND agg.role_at >= p.role_at THEN agg.role ELSE p.role END,
			role_at = CASE WHEN agg.role IS NOT NULL AND agg.role_at >= p.role_at THEN agg.role_at ELSE p.role_at END,
			role_briefing = CASE WHEN agg.role IS NOT NULL AND agg.role_at >= p.role_at THEN agg.role_briefing ELSE p.role_briefing END
		FROM agg WHERE p.id = agg.person_id`, ids); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `INSERT INTO person_roles AS r (person_id, role_key, role, since, until, briefing_id)
		SELECT person_id, role_key,
			(array_agg(role ORDER BY length(role) DESC, role COLLATE "C"))[1],
			coalesce(min(published) FILTER (WHERE published <> 0), 0),
			max(published),
			(array_agg(briefing_id ORDER BY published DESC, briefing_id DESC))[1]
		FROM mentions WHERE briefing_id = ANY($1) AND role <> '' GROUP BY person_id, role_key
		ON CONFLICT (person_id, role_key) DO UPDATE SET
		since = CASE WHEN r.since = 0 THEN excluded.since WHEN excluded.since = 0 THEN r.since
			ELSE least(r.since, excluded.since) END,
		role = CASE WHEN length(excluded.role) > length(r.role) OR (length(excluded.role) = length(r.role)
			AND excluded.role COLLATE "C" < r.role COLLATE "C") THEN excluded.role ELSE r.role END,
		briefing_id = CASE WHEN excluded.until >= r.until THEN excluded.briefing_id ELSE r.briefing_id END,
		until = greatest(r.until, excluded.until)`, ids)
	return err
}
