-- What a lead costs to keep. The playbook version and content hash were written out on every event;
-- events now name the playbook by a small id into `playbooks`, which also lists versions known only
-- from events (first_started_at NULL: never recorded as started, so not a started playbook).
-- An intake event (routed, disqualified, duplicate) keeps the decision in `data` and the lead as it
-- arrived in `input`; the event reads back as before, the decision with `input` as its last field.
-- The lead's row no longer repeats the decision: `decision` is '' and `intake_seq` names the event
-- that holds it. Events and rows written before this version keep their whole text and read as before.
CREATE TABLE playbooks_v7 (
    id               INTEGER PRIMARY KEY,
    version          TEXT NOT NULL,
    content_hash     TEXT NOT NULL,
    first_started_at TEXT,
    last_started_at  TEXT,
    UNIQUE (version, content_hash)
);
INSERT INTO playbooks_v7 (version, content_hash, first_started_at, last_started_at)
    SELECT version, content_hash, first_started_at, last_started_at FROM playbooks ORDER BY first_started_at, version, content_hash;
-- An event written with a version and no hash read back with the hash "".
INSERT OR IGNORE INTO playbooks_v7 (version, content_hash)
    SELECT DISTINCT playbook_version, COALESCE(playbook_hash, '') FROM events WHERE playbook_version IS NOT NULL ORDER BY 1, 2;
DROP TABLE playbooks;
ALTER TABLE playbooks_v7 RENAME TO playbooks;

ALTER TABLE events ADD COLUMN playbook_id INTEGER;
UPDATE events SET playbook_id = (SELECT p.id FROM playbooks p WHERE p.version = events.playbook_version AND p.content_hash = COALESCE(events.playbook_hash, ''))
    WHERE playbook_version IS NOT NULL;
ALTER TABLE events DROP COLUMN playbook_version;
ALTER TABLE events DROP COLUMN playbook_hash;
ALTER TABLE events ADD COLUMN input TEXT;

ALTER TABLE leads ADD COLUMN intake_seq INTEGER;

-- Tables looked up only by their primary key and never read in insertion order are kept in that
-- key's order (WITHOUT ROWID): each row is written once, not once in the table and again in the
-- key's index. (Timers stay as they are: due timers with the same deadline are read in the order
-- they were started.)
CREATE TABLE inputs_v7 (
    source      TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    lead_id     TEXT,
    received_at TEXT NOT NULL,
    PRIMARY KEY (source, source_id)
) WITHOUT ROWID;
INSERT INTO inputs_v7 SELECT source, source_id, kind, outcome, lead_id, received_at FROM inputs;
DROP TABLE inputs;
ALTER TABLE inputs_v7 RENAME TO inputs;

CREATE TABLE dedupe_v7 (
    key     TEXT PRIMARY KEY,
    lead_id TEXT NOT NULL,
    queue   TEXT,
    member  TEXT,
    at      TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO dedupe_v7 SELECT key, lead_id, queue, member, at FROM dedupe;
DROP TABLE dedupe;
ALTER TABLE dedupe_v7 RENAME TO dedupe;
