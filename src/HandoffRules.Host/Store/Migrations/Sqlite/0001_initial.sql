-- The handoff's system of record: an append-only event log, and projections rebuilt by the same
-- transactions that append to it. Times are ISO-8601 UTC text, so they sort as they compare.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every input, once: the idempotency key of files, webhooks and the API.
CREATE TABLE IF NOT EXISTS inputs (
    source      TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    lead_id     TEXT,
    received_at TEXT NOT NULL,
    PRIMARY KEY (source, source_id)
);

CREATE TABLE IF NOT EXISTS events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id     TEXT NOT NULL,
    type        TEXT NOT NULL,
    at          TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_lead ON events (lead_id, seq);
CREATE INDEX IF NOT EXISTS events_by_time ON events (at);

CREATE TABLE IF NOT EXISTS leads (
    lead_id       TEXT PRIMARY KEY,
    outcome       TEXT NOT NULL,
    status        TEXT,
    stage         TEXT,
    queue         TEXT,
    member        TEXT,
    source        TEXT,
    segment       TEXT,
    territory     TEXT,
    arrived_at    TEXT NOT NULL,
    nurture_track TEXT,
    lead          TEXT NOT NULL,
    decision      TEXT NOT NULL,
    trace         TEXT,
    updated_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS leads_by_queue ON leads (queue, member);

CREATE TABLE IF NOT EXISTS timers (
    lead_id    TEXT NOT NULL,
    sla        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    started_at TEXT NOT NULL,
    due_at     TEXT NOT NULL,
    state      TEXT NOT NULL,
    settled_at TEXT,
    late       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (lead_id, sla)
);
CREATE INDEX IF NOT EXISTS timers_due ON timers (state, due_at);

CREATE TABLE IF NOT EXISTS dedupe (
    key     TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL,
    queue   TEXT,
    member  TEXT,
    at      TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS distribution (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    snapshot TEXT NOT NULL
);

-- How far each file input has been read, committed with what was read.
CREATE TABLE IF NOT EXISTS cursors (
    input    TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    line     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS dead_letters (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    source   TEXT NOT NULL,
    position TEXT NOT NULL,
    raw      TEXT NOT NULL,
    reason   TEXT NOT NULL,
    at       TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel         TEXT NOT NULL,
    target          TEXT NOT NULL,
    body            TEXT NOT NULL,
    lead_id         TEXT,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    delivered_at    TEXT,
    last_error      TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (delivered_at, next_attempt_at);

-- Requests refused at the door (bad or missing signatures): recorded, never processed.
CREATE TABLE IF NOT EXISTS rejected_requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    path        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    remote      TEXT,
    body_bytes  INTEGER NOT NULL,
    body_sha256 TEXT NOT NULL
);


INSERT OR IGNORE INTO meta (key, value) VALUES ('redeliveries', '0');
