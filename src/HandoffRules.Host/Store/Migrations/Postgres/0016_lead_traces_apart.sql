-- A lead's trace moves out of its row into a table of its own, as in the SQLite store: written when
-- the lead is taken in, read only when someone asks for the lead, while the row is written again on
-- every action. (PostgreSQL writes a new row version on every update, its trace with it unless the
-- trace was moved out of line.)
CREATE TABLE lead_traces (
    lead_id TEXT PRIMARY KEY,
    trace   TEXT NOT NULL
);
INSERT INTO lead_traces (lead_id, trace) SELECT lead_id, trace FROM leads WHERE trace IS NOT NULL;
ALTER TABLE leads DROP COLUMN trace;
