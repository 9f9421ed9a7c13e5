-- Subscriptions, the delivery outbox and per-source polling state. Times are Unix nanoseconds,
-- UTC; 0 means never.

-- announced_revision is the revision of the briefing that Announce already handled: 0 for a
-- briefing nobody was told about yet; less than revision for a correction still to be edited in.
-- announced_at places the briefing in digest windows; 0 for briefings seeded without announcing.
ALTER TABLE briefings ADD COLUMN announced_revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE briefings ADD COLUMN announced_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX briefings_unannounced ON briefings (id) WHERE announced_revision < revision;
CREATE INDEX briefings_announced_at ON briefings (announced_at) WHERE announced_at > 0;

-- Briefings already in the store when delivery arrived are not news.
UPDATE briefings SET announced_revision = revision;

CREATE TABLE subscriptions (
	id           INTEGER PRIMARY KEY,
	platform     TEXT    NOT NULL,
	chat_id      TEXT    NOT NULL,
	mode         TEXT    NOT NULL,            -- instant | digest
	schedule     TEXT    NOT NULL DEFAULT '', -- five cron fields, read in zone
	zone         TEXT    NOT NULL DEFAULT 'UTC',
	topics       TEXT    NOT NULL DEFAULT '', -- joined by "\n"; '' = everything
	created_at   INTEGER NOT NULL,
	last_digest  INTEGER NOT NULL DEFAULT 0,  -- end of the last closed digest window
	paused_at    INTEGER NOT NULL DEFAULT 0,
	pause_reason TEXT    NOT NULL DEFAULT '',
	UNIQUE (platform, chat_id)
);
CREATE INDEX subscriptions_instant ON subscriptions (mode, paused_at);

-- The outbox. dedup makes every enqueue idempotent: b:<sub>:<briefing>, d:<sub>:<window end>,
-- e:<parent delivery>:<revision>.
CREATE TABLE deliveries (
	id              INTEGER PRIMARY KEY,
	subscription_id INTEGER NOT NULL,
	kind            TEXT    NOT NULL,            -- briefing | digest | edit
	briefing_id     INTEGER NOT NULL DEFAULT 0,
	window_start    INTEGER NOT NULL DEFAULT 0,
	window_end      INTEGER NOT NULL DEFAULT 0,
	parent_id       INTEGER NOT NULL DEFAULT 0,  -- edit: the delivery whose message it edits
	dedup           TEXT    NOT NULL UNIQUE,
	state           TEXT    NOT NULL DEFAULT 'queued',
	attempts        INTEGER NOT NULL DEFAULT 0,
	created_at      INTEGER NOT NULL,
	next_attempt_at INTEGER NOT NULL,
	sending_until   INTEGER NOT NULL DEFAULT 0,
	sent_at         INTEGER NOT NULL DEFAULT 0,
	message_id      TEXT    NOT NULL DEFAULT '',
	last_error      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX deliveries_queued ON deliveries (next_attempt_at) WHERE state = 'queued';
CREATE INDEX deliveries_sending ON deliveries (sending_until) WHERE state = 'sending';
CREATE INDEX deliveries_subscription ON deliveries (subscription_id, state);
CREATE INDEX deliveries_briefing ON deliveries (briefing_id) WHERE kind = 'briefing';
CREATE INDEX deliveries_parent ON deliveries (parent_id) WHERE parent_id > 0;

CREATE TABLE source_state (
	name       TEXT    PRIMARY KEY,
	first_poll INTEGER NOT NULL DEFAULT 0,
	last_poll  INTEGER NOT NULL DEFAULT 0,
	last_error TEXT    NOT NULL DEFAULT '',
	failures   INTEGER NOT NULL DEFAULT 0,
	next_run   INTEGER NOT NULL DEFAULT 0
);
