-- Core schema: briefings in their chain, their revisions, the people index, chat cursors and the
-- full-text index. Times are Unix seconds (published; 0 = undated) or nanoseconds (*_at), UTC.

CREATE TABLE briefings (
	id           INTEGER PRIMARY KEY,
	title        TEXT    NOT NULL,
	title_key    TEXT    NOT NULL,
	url          TEXT    NOT NULL DEFAULT '',
	published    INTEGER NOT NULL DEFAULT 0,
	summary      TEXT    NOT NULL DEFAULT '',
	analysis     TEXT    NOT NULL DEFAULT '',
	sources      TEXT    NOT NULL DEFAULT '', -- lines joined by "\n"
	prev_title   TEXT    NOT NULL DEFAULT '',
	prev_url     TEXT    NOT NULL DEFAULT '',
	next_title   TEXT    NOT NULL DEFAULT '',
	next_url     TEXT    NOT NULL DEFAULT '',
	origin       TEXT    NOT NULL DEFAULT '',
	search_extra TEXT    NOT NULL DEFAULT '', -- folded spellings FTS5 cannot fold itself ("radoslaw")
	seq          INTEGER NOT NULL DEFAULT 0,  -- 1-based chain position; 0 until Relink
	revision     INTEGER NOT NULL DEFAULT 1,
	content_hash TEXT    NOT NULL,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX briefings_url ON briefings (url) WHERE url <> '';
CREATE INDEX briefings_title_key ON briefings (title_key);
CREATE INDEX briefings_seq ON briefings (seq);
CREATE INDEX briefings_created ON briefings (created_at);

-- The texts a briefing had before each update.
CREATE TABLE briefing_revisions (
	briefing_id  INTEGER NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
	revision     INTEGER NOT NULL,
	title        TEXT    NOT NULL,
	url          TEXT    NOT NULL,
	published    INTEGER NOT NULL,
	summary      TEXT    NOT NULL,
	analysis     TEXT    NOT NULL,
	sources      TEXT    NOT NULL,
	prev_title   TEXT    NOT NULL,
	prev_url     TEXT    NOT NULL,
	next_title   TEXT    NOT NULL,
	next_url     TEXT    NOT NULL,
	content_hash TEXT    NOT NULL,
	replaced_at  INTEGER NOT NULL,
	PRIMARY KEY (briefing_id, revision)
);

-- People, with statistics kept up to date by the store so that /who reads one row.
CREATE TABLE people (
	id            INTEGER PRIMARY KEY,
	key           TEXT    NOT NULL UNIQUE,
	name          TEXT    NOT NULL,
	surname       TEXT    NOT NULL DEFAULT '',
	surname_only  INTEGER NOT NULL DEFAULT 0, -- 1 while only surname-only mentions used this key
	briefings     INTEGER NOT NULL DEFAULT 0,
	mentions      INTEGER NOT NULL DEFAULT 0,
	last_seen     INTEGER NOT NULL DEFAULT 0,
	role          TEXT    NOT NULL DEFAULT '',
	role_at       INTEGER NOT NULL DEFAULT 0,
	role_briefing INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX people_surname ON people (surname, surname_only);

-- One row per person named in a briefing. own_person_id is the person of the mention's own key;
-- person_id is who it counts for (a surname-only mention resolved to the one full name).
CREATE TABLE mentions (
	briefing_id   INTEGER NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
	own_person_id INTEGER NOT NULL REFERENCES people (id),
	person_id     INTEGER NOT NULL REFERENCES people (id),
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
CREATE INDEX mentions_person ON mentions (person_id, published DESC, briefing_id DESC);
CREATE INDEX mentions_partial ON mentions (surname, person_id) WHERE partial = 1;
CREATE INDEX mentions_published ON mentions (published, person_id);

-- Role spells per person, kept up to date with mentions so a profile reads a handful of rows.
CREATE TABLE person_roles (
	person_id   INTEGER NOT NULL REFERENCES people (id),
	role_key    TEXT    NOT NULL,
	role        TEXT    NOT NULL, -- as written by the latest briefing giving it
	since       INTEGER NOT NULL, -- 0 when no briefing giving it is dated
	until       INTEGER NOT NULL,
	briefing_id INTEGER NOT NULL, -- the latest briefing giving it
	PRIMARY KEY (person_id, role_key)
) WITHOUT ROWID;

-- Work for the next Relink: kind 'chain' (key '') or 'surname' (a surname key to resolve).
CREATE TABLE relink_pending (
	kind TEXT NOT NULL,
	key  TEXT NOT NULL,
	PRIMARY KEY (kind, key)
) WITHOUT ROWID;

CREATE TABLE chat_cursors (
	platform    TEXT    NOT NULL,
	chat_id     TEXT    NOT NULL,
	briefing_id INTEGER NOT NULL REFERENCES briefings (id) ON DELETE CASCADE,
	updated_at  INTEGER NOT NULL,
	PRIMARY KEY (platform, chat_id)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE briefings_fts USING fts5 (
	title, summary, analysis, search_extra,
	content = 'briefings', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2'
);
-- The store indexes added and changed texts itself, all of a transaction's in one statement at its
-- end: FTS5 writes an index segment for each statement that changes it.
CREATE TRIGGER briefings_fts_delete AFTER DELETE ON briefings BEGIN
	INSERT INTO briefings_fts (briefings_fts, rowid, title, summary, analysis, search_extra)
	VALUES ('delete', old.id, old.title, old.summary, old.analysis, old.search_extra);
END;
