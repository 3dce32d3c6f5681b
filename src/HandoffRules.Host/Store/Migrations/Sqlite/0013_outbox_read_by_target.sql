-- Nothing changes here: the SQLite store reads the due alerts in the outbox's own id order and
-- needs no index for it (SqliteHandoffStore.GetDueOutboxAsync). PostgreSQL's hosts share their
-- outbox and read it by target (its 0013); the two stores keep one schema version.
SELECT 1;
