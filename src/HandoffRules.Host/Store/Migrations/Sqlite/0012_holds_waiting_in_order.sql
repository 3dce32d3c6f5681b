-- The held-lead scan takes the holds still waiting, oldest first, a few hundred at a time. The index
-- on (state, held_at) found them, but not in that order across the two states, so every scan read
-- and sorted all of them (17,018 at the end of a 250,000-lead simulated week: 2 ms a scan, every
-- few minutes). This index holds only the waiting holds, in the scan's order: a scan reads what it
-- returns, and a hold that ends leaves the index.
CREATE INDEX holds_waiting ON holds (held_at, lead_id) WHERE state IN ('held', 'expired');
DROP INDEX holds_open;
