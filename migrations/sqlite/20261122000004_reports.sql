-- Reports and privacy: the smallest count a published or exported report table shows, how long
-- an event keeps its participants' personal data, and when a registration's was erased.

-- Counts below this are shown as "< n" in exported and printed report tables (0: show all).
ALTER TABLE events ADD COLUMN report_threshold INTEGER NOT NULL DEFAULT 0 CHECK (report_threshold >= 0);
-- Days after the event's end when personal data is erased (NULL: kept until erased by hand).
ALTER TABLE events ADD COLUMN retention_days INTEGER CHECK (retention_days IS NULL OR retention_days >= 0);
-- Set when names, addresses and free text were erased; country, organisation type, gender,
-- state, sessions and check-ins stay, so every count and report stays the same.
ALTER TABLE registrations ADD COLUMN erased_at INTEGER;

CREATE INDEX events_by_start ON events (starts_at);
-- A person's emails: their data download, erasure and the back office's registration page.
CREATE INDEX outbox_by_registration ON outbox (registration_id);
