-- A lead's trace moves out of its row into a table of its own. The trace is written when the lead is
-- taken in and read only when someone asks for the lead; the row is written again on every action
-- (an offer, an SDR's answer, a breach, a reassignment), and the trace was two thirds of it (some 220
-- of 320 bytes in a simulated week). Apart, a page of lead rows holds three times the leads, and the
-- pages an action rewrites are that much fewer. A trace's row is keyed by its lead, without a rowid:
-- one tree, as the leads' key index is.
CREATE TABLE lead_traces (
    lead_id TEXT PRIMARY KEY,
    trace   TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO lead_traces (lead_id, trace) SELECT lead_id, trace FROM leads WHERE trace IS NOT NULL ORDER BY lead_id;
ALTER TABLE leads DROP COLUMN trace;
