-- The facts of its lead that most events open with (source, segment, territory, queue, member) are
-- kept once per distinct set in `event_facts`, as the members' JSON text without braces, and an
-- event names them by `facts_id`; its `data` keeps the rest of its members. The event reads back
-- as before: the facts first, then the rest (then `input`, for an intake event). Events written
-- before this version keep their whole text (`facts_id` NULL) and read as before.
CREATE TABLE event_facts (
    id    INTEGER PRIMARY KEY,
    facts TEXT NOT NULL UNIQUE
);

ALTER TABLE events ADD COLUMN facts_id INTEGER;
