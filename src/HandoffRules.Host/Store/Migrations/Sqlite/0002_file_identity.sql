-- Inputs are known by file identity: a rotated file is read from its start, and its lines
-- are keyed apart from the lines of the file it replaced.
ALTER TABLE cursors ADD COLUMN identity TEXT;
ALTER TABLE cursors ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
INSERT OR IGNORE INTO meta (key, value) VALUES ('rotations', '0'), ('blank_lines', '0');
-- Idempotency keys get a namespace per kind of input (see InputKey).
UPDATE inputs SET source_id = 'lead:' || source_id WHERE kind = 'lead';
UPDATE inputs SET source_id = 'event:' || source_id WHERE kind = 'event';
