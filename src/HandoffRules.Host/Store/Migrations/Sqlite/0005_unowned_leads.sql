-- Routed leads with nobody owning them and no track: the held-lead scan looks for these every few
-- minutes. Without this index each scan read every lead the store ever took in, so a long-running
-- host (or a simulated week) slowed down with its own history. Few leads are ever in it.
CREATE INDEX leads_unowned ON leads (updated_at, lead_id)
    WHERE outcome = 'routed' AND queue IS NOT NULL AND member IS NULL AND nurture_track IS NULL;
