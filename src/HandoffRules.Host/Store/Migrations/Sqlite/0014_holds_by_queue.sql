-- The held-lead scan no longer reads the oldest waiting holds of every queue together: a few hundred
-- old holds in queues nobody could take a lead from filled every scan, and a queue with members free
-- waited behind them, as did holds past their maximum hold (escalated up to a day late in a
-- simulated week). It now reads the holds whose maximum hold has run out, earliest first, and then,
-- for each queue with a member free, that queue's holds, oldest first: an index for each.
DROP INDEX holds_waiting;
CREATE INDEX holds_waiting ON holds (queue, held_at, lead_id) WHERE state IN ('held', 'expired');
CREATE INDEX holds_running_out ON holds (hold_until, lead_id) WHERE state = 'held';
