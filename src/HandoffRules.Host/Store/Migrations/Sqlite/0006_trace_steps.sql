-- Each distinct step of a decision trace, once, under an id derived from its text. A lead's trace
-- (leads.trace) becomes the list of its steps' ids: most steps repeat across leads, so a trace
-- costs a few hundred bytes instead of a few kilobytes. Traces written before this version stay
-- JSON and read as before.
CREATE TABLE trace_steps (
    id   INTEGER PRIMARY KEY,
    step TEXT NOT NULL
);
