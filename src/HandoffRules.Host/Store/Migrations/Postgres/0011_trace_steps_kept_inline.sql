-- A trace may keep a step in itself (see CompactTrace): a step the writer meets for the first time,
-- most often one only its lead has (an employee count, a domain in no account, a due time), stays
-- in the lead's trace after the step ids, and only a step met again goes into trace_steps. No table
-- changes; the version says that a host before it could not read such a trace, so it does not open
-- this log. Traces written before read as they did.
SELECT 1;
