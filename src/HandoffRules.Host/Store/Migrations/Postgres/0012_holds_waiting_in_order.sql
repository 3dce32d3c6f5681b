-- The held-lead scan takes the holds still waiting, oldest first, a few hundred at a time. The index
-- on (state, held_at) found them, but not in that order across the two states, so every scan read
-- and sorted all of them. This index holds only the waiting holds, in the scan's order (lead ids
-- compared byte by byte, as the scan sorts them): a scan reads what it returns, and a hold that
-- ends leaves the index.
CREATE INDEX holds_waiting ON holds (held_at, lead_id COLLATE "C") WHERE state IN ('held', 'expired');
DROP INDEX holds_open;
