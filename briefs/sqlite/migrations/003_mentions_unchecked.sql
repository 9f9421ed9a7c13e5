-- Mentions and role spells without foreign keys. They are the hottest tables of an ingest (about
-- seven mention rows a briefing) and are written only by the store, in the transaction that
-- creates their briefing and people, and deleted only with them; checking their foreign keys on
-- every row cost a sixth of ingest time. The other tables keep theirs.

CREATE TABLE mentions_new (
	briefing_id   INTEGER NOT NULL,
	own_person_id INTEGER NOT NULL,
	person_id     INTEGER NOT NULL,
	published     INTEGER NOT NULL,
	name          TEXT    NOT NULL,
	surname       TEXT    NOT NULL,
	partial       INTEGER NOT NULL,
	role          TEXT    NOT NULL,
	role_key      TEXT    NOT NULL,
	sentence      TEXT    NOT NULL,
	count         INTEGER NOT NULL,
	PRIMARY KEY (briefing_id, own_person_id)
) WITHOUT ROWID;
INSERT INTO mentions_new SELECT briefing_id, own_person_id, person_id, published, name, surname, partial,
	role, role_key, sentence, count FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_new RENAME TO mentions;
CREATE INDEX mentions_person ON mentions (person_id, published DESC, briefing_id DESC);
CREATE INDEX mentions_partial ON mentions (surname, person_id) WHERE partial = 1;
CREATE INDEX mentions_published ON mentions (published, person_id);

CREATE TABLE person_roles_new (
	person_id   INTEGER NOT NULL,
	role_key    TEXT    NOT NULL,
	role        TEXT    NOT NULL, -- the fullest wording seen (briefs.FullerRole)
	since       INTEGER NOT NULL, -- 0 when no briefing giving it is dated
	until       INTEGER NOT NULL,
	briefing_id INTEGER NOT NULL, -- the latest briefing giving it
	PRIMARY KEY (person_id, role_key)
) WITHOUT ROWID;
INSERT INTO person_roles_new SELECT person_id, role_key, role, since, until, briefing_id FROM person_roles;
DROP TABLE person_roles;
ALTER TABLE person_roles_new RENAME TO person_roles;
