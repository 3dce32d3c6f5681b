-- Time columns keep the time's UTC ticks (100 ns since 0001-01-01), as on SQLite: one reading of a
-- row for both stores, eight bytes instead of 28 of ISO-8601 text, and the same order. Times inside
-- an event's data stay text. To read one by hand: to_timestamp(at / 10000000.0 - 62135596800).
-- The text every host wrote, "2026-11-02T09:15:00.0000000Z", converts exactly; anything else (a
-- hand-edited row) as PostgreSQL reads the time, to the microsecond.
-- A duplicate key is kept as its digest, the first 16 bytes of the SHA-256 of its UTF-8, as on SQLite:
-- a lead is only ever looked up by it, so the table needs no contact details.
CREATE FUNCTION pg_temp.ticks(t text) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE
        WHEN t ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$'
            THEN (extract(epoch FROM left(t, 19)::timestamp)::bigint + 62135596800) * 10000000 + substr(t, 21, 7)::bigint
        ELSE round(extract(epoch FROM t::timestamptz) * 1000000)::bigint * 10 + 621355968000000000
    END
$$;

ALTER TABLE inputs ALTER COLUMN received_at TYPE bigint USING pg_temp.ticks(received_at);
ALTER TABLE events ALTER COLUMN at TYPE bigint USING pg_temp.ticks(at);
ALTER TABLE leads
    ALTER COLUMN arrived_at TYPE bigint USING pg_temp.ticks(arrived_at),
    ALTER COLUMN updated_at TYPE bigint USING pg_temp.ticks(updated_at);
ALTER TABLE timers
    ALTER COLUMN started_at TYPE bigint USING pg_temp.ticks(started_at),
    ALTER COLUMN due_at TYPE bigint USING pg_temp.ticks(due_at),
    ALTER COLUMN settled_at TYPE bigint USING pg_temp.ticks(settled_at),
    ALTER COLUMN leased_until TYPE bigint USING pg_temp.ticks(leased_until);
ALTER TABLE dedupe
    ALTER COLUMN at TYPE bigint USING pg_temp.ticks(at),
    ALTER COLUMN key TYPE bytea USING substring(sha256(convert_to(key, 'UTF8')) FROM 1 FOR 16);
ALTER TABLE dead_letters ALTER COLUMN at TYPE bigint USING pg_temp.ticks(at);
ALTER TABLE outbox
    ALTER COLUMN created_at TYPE bigint USING pg_temp.ticks(created_at),
    ALTER COLUMN next_attempt_at TYPE bigint USING pg_temp.ticks(next_attempt_at),
    ALTER COLUMN delivered_at TYPE bigint USING pg_temp.ticks(delivered_at),
    ALTER COLUMN leased_until TYPE bigint USING pg_temp.ticks(leased_until);
ALTER TABLE rejected_requests ALTER COLUMN at TYPE bigint USING pg_temp.ticks(at);
ALTER TABLE holds
    ALTER COLUMN held_at TYPE bigint USING pg_temp.ticks(held_at),
    ALTER COLUMN hold_until TYPE bigint USING pg_temp.ticks(hold_until),
    ALTER COLUMN ended_at TYPE bigint USING pg_temp.ticks(ended_at);
ALTER TABLE playbooks
    ALTER COLUMN first_started_at TYPE bigint USING pg_temp.ticks(first_started_at),
    ALTER COLUMN last_started_at TYPE bigint USING pg_temp.ticks(last_started_at);
DROP FUNCTION pg_temp.ticks(text);
