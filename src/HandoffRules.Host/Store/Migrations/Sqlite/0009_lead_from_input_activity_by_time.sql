-- A lead's row no longer repeats the normalised lead: `lead` is '' and `intake_seq` names the intake
-- event whose `input` it is rebuilt from, byte for byte (a writer checks this before it stores ''),
-- as its decision already is. Nothing is rewritten: rows written before this version keep their
-- whole text and read as before. The version number tells an older host, which would read '' as the
-- lead, that it cannot read this log.

-- Every event was indexed by time for a question asked only of lead activity (the report's default
-- window ends with the last day a lead arrived or an SDR acted), about one event in six of a busy
-- log. The index now holds those events only. The list is the report's lead activity types, in its
-- order: a query uses the index when it names exactly this list.
DROP INDEX events_by_time;
CREATE INDEX events_activity_by_time ON events (at)
    WHERE type IN ('lead.routed', 'lead.disqualified', 'lead.duplicate', 'sdr.touched', 'sdr.accepted', 'sdr.rejected', 'sdr.meeting_booked', 'sdr.recycled');
