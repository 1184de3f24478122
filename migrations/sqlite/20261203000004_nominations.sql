-- Nominations through governments' focal points, with seats per country, and personal
-- invitation links for invitation-only events.

-- Until when focal points may nominate, withdraw and replace (else until registration
-- closes, else until the event starts), and the most nominees in all (none: no total).
ALTER TABLE events ADD COLUMN nominations_close_at INTEGER;
ALTER TABLE events ADD COLUMN nomination_seats INTEGER CHECK (nomination_seats IS NULL OR nomination_seats >= 0);

-- Seats per country for nominees. A country without a row has no limit of its own.
CREATE TABLE country_quotas (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    country   TEXT    NOT NULL,
    seats     INTEGER NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (event_id, country)
);

-- A government's focal point for one event. `token_hash` is the SHA-256 of the live
-- nomination link (a link sent again replaces it; a removed focal point has none).
CREATE TABLE focal_points (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    country       TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    ministry      TEXT    NOT NULL DEFAULT '',
    language      TEXT    NOT NULL DEFAULT 'en',
    token_hash    BLOB    UNIQUE,
    link_sent_at  INTEGER,
    created_at    INTEGER NOT NULL,
    removed_at    INTEGER
);
-- The nominations page lists an event's focal points by country.
CREATE INDEX focal_points_by_event ON focal_points (event_id, country);

-- A focal point's nomination letter (a PDF of at most 10 MB), kept in the database so every
-- instance can serve it. A new upload replaces it.
CREATE TABLE nomination_letters (
    focal_point_id  INTEGER PRIMARY KEY REFERENCES focal_points (id) ON DELETE CASCADE,
    file_name       TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    sha256          TEXT    NOT NULL,
    content         BLOB    NOT NULL,
    uploaded_at     INTEGER NOT NULL
);

-- The focal point who nominated a registration; such a registration waits for approval.
ALTER TABLE registrations ADD COLUMN nominated_by INTEGER REFERENCES focal_points (id);
-- Counting a country's nominees against its quota, and a focal point's list.
CREATE INDEX registrations_by_focal_point ON registrations (nominated_by) WHERE nominated_by IS NOT NULL;

-- A personal invitation to an invitation-only event: the link's hash and the imported details
-- that fill the form (JSON), one per address and event; `registration_id` once used.
CREATE TABLE event_invitations (
    id               INTEGER PRIMARY KEY,
    event_id         INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    email_norm       TEXT    NOT NULL,
    token_hash       BLOB    NOT NULL UNIQUE,
    details          TEXT    NOT NULL,
    registration_id  INTEGER REFERENCES registrations (id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    UNIQUE (event_id, email_norm)
);
