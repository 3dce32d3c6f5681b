-- The host tells its own HubSpot writes from a person's by the value it last queued for that
-- contact's property (LastHubSpotWrite), read on every property change HubSpot reports. The outbox
-- keeps every alert and write-back, and its only index by target is of the alerts waiting: the read
-- walked the outbox back from its newest row. Write-backs are indexed under their contact in id
-- order, as in the SQLite store.
CREATE INDEX outbox_hubspot_by_target ON outbox (target, id) WHERE channel = 'hubspot';
