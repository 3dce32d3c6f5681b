-- The SQLite store's index of lead activity by time now names its types as a chain of equalities
-- (an IN list cost SQLite a table look-up on every event inserted). PostgreSQL tests an IN list as
-- an array, as cheaply, and keeps its index as it is; the version moves with the SQLite store's, so
-- one number names one schema.
COMMENT ON INDEX events_activity_by_time IS 'lead activity by time: the report''s default window ends with the newest';
