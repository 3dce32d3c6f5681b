-- What a lead costs to keep. A time column held ISO-8601 text, "2026-11-02T09:15:00.0000000Z",
-- 28 bytes; it now holds the time's UTC ticks (100 ns since 0001-01-01), an 8-byte integer that
-- sorts as the times compare and reads back exactly. A lead has about twenty times in its rows and
-- indexes, so this is about 400 bytes a lead. Times inside an event's data stay text.
-- To read one by hand: datetime(at / 10000000 - 62135596800, 'unixepoch').
--
-- A duplicate key ("email:ana@example.com", "name:ana|lima@example.com") is kept as its digest, the
-- first 16 bytes of the SHA-256 of its UTF-8: a lead is only ever looked up by it, so the table needs
-- no contact details, and 16 bytes instead of some 40.
--
-- SQLite keeps a column's declared type (text affinity would turn the integers back into text), so
-- each table is built again, row ids and AUTOINCREMENT counters kept. ticks() is the store's own
-- reading of the text it wrote, and duplicate_key() the digest it looks keys up by, both registered
-- by the host for this script.

CREATE TABLE events_v10 (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id     TEXT NOT NULL,
    type        TEXT NOT NULL,
    at          INTEGER NOT NULL,
    data        TEXT NOT NULL,
    playbook_id INTEGER,
    input       TEXT,
    facts_id    INTEGER
);
INSERT INTO events_v10 (seq, lead_id, type, at, data, playbook_id, input, facts_id)
    SELECT seq, lead_id, type, ticks(at), data, playbook_id, input, facts_id FROM events ORDER BY seq;
DELETE FROM sqlite_sequence WHERE name = 'events_v10';
INSERT INTO sqlite_sequence (name, seq) SELECT 'events_v10', seq FROM sqlite_sequence WHERE name = 'events';
DROP TABLE events;
ALTER TABLE events_v10 RENAME TO events;
CREATE INDEX events_by_lead ON events (lead_id, seq);
CREATE INDEX events_activity_by_time ON events (at)
    WHERE type IN ('lead.routed', 'lead.disqualified', 'lead.duplicate', 'sdr.touched', 'sdr.accepted', 'sdr.rejected', 'sdr.meeting_booked', 'sdr.recycled');

CREATE TABLE leads_v10 (
    lead_id       TEXT PRIMARY KEY,
    outcome       TEXT NOT NULL,
    status        TEXT,
    stage         TEXT,
    queue         TEXT,
    member        TEXT,
    source        TEXT,
    segment       TEXT,
    territory     TEXT,
    arrived_at    INTEGER NOT NULL,
    nurture_track TEXT,
    lead          TEXT NOT NULL,
    decision      TEXT NOT NULL,
    trace         TEXT,
    updated_at    INTEGER NOT NULL,
    intake_seq    INTEGER
);
INSERT INTO leads_v10 (rowid, lead_id, outcome, status, stage, queue, member, source, segment, territory, arrived_at, nurture_track, lead, decision, trace, updated_at, intake_seq)
    SELECT rowid, lead_id, outcome, status, stage, queue, member, source, segment, territory, ticks(arrived_at), nurture_track, lead, decision, trace, ticks(updated_at), intake_seq
    FROM leads ORDER BY rowid;
DROP TABLE leads;
ALTER TABLE leads_v10 RENAME TO leads;
CREATE INDEX leads_by_queue ON leads (queue, member);
CREATE INDEX leads_unowned ON leads (updated_at, lead_id)
    WHERE outcome = 'routed' AND queue IS NOT NULL AND member IS NULL AND nurture_track IS NULL;

CREATE TABLE timers_v10 (
    lead_id    TEXT NOT NULL,
    sla        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    due_at     INTEGER NOT NULL,
    state      TEXT NOT NULL,
    settled_at INTEGER,
    late       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (lead_id, sla)
);
-- Row ids kept: due timers with the same deadline are read in the order they were started.
INSERT INTO timers_v10 (rowid, lead_id, sla, kind, started_at, due_at, state, settled_at, late)
    SELECT rowid, lead_id, sla, kind, ticks(started_at), ticks(due_at), state, ticks(settled_at), late FROM timers ORDER BY rowid;
DROP TABLE timers;
ALTER TABLE timers_v10 RENAME TO timers;
CREATE INDEX timers_due ON timers (state, due_at);

CREATE TABLE outbox_v10 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel         TEXT NOT NULL,
    target          TEXT NOT NULL,
    body            TEXT NOT NULL,
    lead_id         TEXT,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    last_error      TEXT
);
INSERT INTO outbox_v10 (id, channel, target, body, lead_id, created_at, attempts, next_attempt_at, delivered_at, last_error)
    SELECT id, channel, target, body, lead_id, ticks(created_at), attempts, ticks(next_attempt_at), ticks(delivered_at), last_error FROM outbox ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'outbox_v10';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_v10', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_v10 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (delivered_at, next_attempt_at);

CREATE TABLE holds_v10 (
    lead_id         TEXT PRIMARY KEY,
    queue           TEXT NOT NULL,
    held_at         INTEGER NOT NULL,
    hold_until      INTEGER NOT NULL,
    state           TEXT NOT NULL,
    excluded_member TEXT,
    ended_at        INTEGER
);
INSERT INTO holds_v10 (rowid, lead_id, queue, held_at, hold_until, state, excluded_member, ended_at)
    SELECT rowid, lead_id, queue, ticks(held_at), ticks(hold_until), state, excluded_member, ticks(ended_at) FROM holds ORDER BY rowid;
DROP TABLE holds;
ALTER TABLE holds_v10 RENAME TO holds;
CREATE INDEX holds_open ON holds (state, held_at);

CREATE TABLE inputs_v10 (
    source      TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    lead_id     TEXT,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (source, source_id)
) WITHOUT ROWID;
INSERT INTO inputs_v10 SELECT source, source_id, kind, outcome, lead_id, ticks(received_at) FROM inputs;
DROP TABLE inputs;
ALTER TABLE inputs_v10 RENAME TO inputs;

CREATE TABLE dedupe_v10 (
    key     BLOB PRIMARY KEY,
    lead_id TEXT NOT NULL,
    queue   TEXT,
    member  TEXT,
    at      INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO dedupe_v10 SELECT duplicate_key(key), lead_id, queue, member, ticks(at) FROM dedupe;
DROP TABLE dedupe;
ALTER TABLE dedupe_v10 RENAME TO dedupe;

CREATE TABLE dead_letters_v10 (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    source   TEXT NOT NULL,
    position TEXT NOT NULL,
    raw      TEXT NOT NULL,
    reason   TEXT NOT NULL,
    at       INTEGER NOT NULL
);
INSERT INTO dead_letters_v10 (id, source, position, raw, reason, at)
    SELECT id, source, position, raw, reason, ticks(at) FROM dead_letters ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'dead_letters_v10';
INSERT INTO sqlite_sequence (name, seq) SELECT 'dead_letters_v10', seq FROM sqlite_sequence WHERE name = 'dead_letters';
DROP TABLE dead_letters;
ALTER TABLE dead_letters_v10 RENAME TO dead_letters;

CREATE TABLE rejected_requests_v10 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    path        TEXT NOT NULL,
    reason      TEXT NOT NULL,
    remote      TEXT,
    body_bytes  INTEGER NOT NULL,
    body_sha256 TEXT NOT NULL
);
INSERT INTO rejected_requests_v10 (id, at, path, reason, remote, body_bytes, body_sha256)
    SELECT id, ticks(at), path, reason, remote, body_bytes, body_sha256 FROM rejected_requests ORDER BY id;
DELETE FROM sqlite_sequence WHERE name = 'rejected_requests_v10';
INSERT INTO sqlite_sequence (name, seq) SELECT 'rejected_requests_v10', seq FROM sqlite_sequence WHERE name = 'rejected_requests';
DROP TABLE rejected_requests;
ALTER TABLE rejected_requests_v10 RENAME TO rejected_requests;

CREATE TABLE playbooks_v10 (
    id               INTEGER PRIMARY KEY,
    version          TEXT NOT NULL,
    content_hash     TEXT NOT NULL,
    first_started_at INTEGER,
    last_started_at  INTEGER,
    UNIQUE (version, content_hash)
);
INSERT INTO playbooks_v10 (id, version, content_hash, first_started_at, last_started_at)
    SELECT id, version, content_hash, ticks(first_started_at), ticks(last_started_at) FROM playbooks ORDER BY id;
DROP TABLE playbooks;
ALTER TABLE playbooks_v10 RENAME TO playbooks;
