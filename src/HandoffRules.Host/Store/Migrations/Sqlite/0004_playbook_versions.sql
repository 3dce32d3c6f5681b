-- The playbook version on every event: the informational version of the assembly the playbook was
-- compiled into and the hash of its model's content, so a rolling deploy with two versions running
-- at once stays auditable. Events written before this step have neither.
ALTER TABLE events ADD COLUMN playbook_version TEXT;
ALTER TABLE events ADD COLUMN playbook_hash TEXT;

-- Every playbook a host started with on this database: a host refuses a playbook older than the
-- newest one here unless told it may roll back.
CREATE TABLE playbooks (
    version          TEXT NOT NULL,
    content_hash     TEXT NOT NULL,
    first_started_at TEXT NOT NULL,
    last_started_at  TEXT NOT NULL,
    PRIMARY KEY (version, content_hash)
);
