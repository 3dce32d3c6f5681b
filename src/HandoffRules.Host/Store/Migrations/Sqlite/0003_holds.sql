-- Leads waiting in a queue with nobody to take them (every member at cap, away or inactive):
-- offered again as members become free, escalated once after the playbook's maximum hold.
-- Open while held or expired (escalated without finding an owner); ended when offered,
-- escalated to an owner, or released (assigned or closed by another path, whose event says how).
CREATE TABLE holds (
    lead_id         TEXT PRIMARY KEY,
    queue           TEXT NOT NULL,
    held_at         TEXT NOT NULL,
    hold_until      TEXT NOT NULL,
    state           TEXT NOT NULL,
    excluded_member TEXT,
    ended_at        TEXT
);
CREATE INDEX holds_open ON holds (state, held_at);
