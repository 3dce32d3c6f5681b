-- The host tells its own HubSpot writes from a person's by the value it last queued for that
-- contact's property: the newest write-back to the contact that sets it (LastHubSpotWrite), read
-- on every property change HubSpot reports. Without an index that read walked the outbox from its
-- newest row back to the contact's last write-back, or through all of it for a contact the host
-- never wrote to; the outbox keeps every alert and write-back, so each change cost more as the
-- host aged (about 0.1 s with a million rows, docs/benchmarks.md). Only write-backs are indexed,
-- each under its contact in id order: the read goes straight to the contact's newest, and a host
-- without HubSpot writes no entry.
CREATE INDEX outbox_hubspot_by_target ON outbox (target, id) WHERE channel = 'hubspot';
