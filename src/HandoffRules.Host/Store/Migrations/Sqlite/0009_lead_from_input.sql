-- A lead's row no longer repeats the normalised lead: `lead` is '' and `intake_seq` names the intake
-- event whose `input` it is rebuilt from, byte for byte (a writer checks this before it stores ''),
-- as its decision already is. Nothing is rewritten: rows written before this version keep their
-- whole text and read as before. The version number tells an older host, which would read '' as the
-- lead, that it cannot read this log.
SELECT 1;
