-- Plenary's SQLite schema. Times are Unix seconds (UTC); each event carries its IANA time zone
-- for display. Codes (kinds, states, countries) are the domain's snake_case / ISO codes.

CREATE TABLE events (
    id                      INTEGER PRIMARY KEY,
    slug                    TEXT    NOT NULL UNIQUE,
    kind                    TEXT    NOT NULL,
    title                   TEXT    NOT NULL,
    summary                 TEXT    NOT NULL DEFAULT '',
    description             TEXT    NOT NULL DEFAULT '',
    online                  INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    venue                   TEXT,
    city                    TEXT,
    host_country            TEXT,
    join_url                TEXT,
    timezone                TEXT    NOT NULL,
    starts_at               INTEGER NOT NULL,
    ends_at                 INTEGER NOT NULL CHECK (ends_at >= starts_at),
    registration_opens_at   INTEGER,
    registration_closes_at  INTEGER,
    capacity                INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    requires_approval       INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval IN (0, 1)),
    visibility              TEXT    NOT NULL DEFAULT 'public',
    status                  TEXT    NOT NULL DEFAULT 'published',
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL
);
CREATE INDEX events_listing ON events (status, visibility, starts_at);

CREATE TABLE event_partners (
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    PRIMARY KEY (event_id, position)
);

CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    title           TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    room            TEXT,
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL CHECK (ends_at >= starts_at),
    capacity        INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    parallel_group  TEXT
);
CREATE INDEX sessions_by_event ON sessions (event_id, starts_at);

CREATE TABLE registrations (
    id                    INTEGER PRIMARY KEY,
    public_id             TEXT    NOT NULL UNIQUE,
    event_id              INTEGER NOT NULL REFERENCES events (id),
    given_name            TEXT    NOT NULL,
    family_name           TEXT    NOT NULL,
    email                 TEXT    NOT NULL,
    email_norm            TEXT    NOT NULL,
    country               TEXT    NOT NULL,
    organization          TEXT    NOT NULL,
    organization_type     TEXT    NOT NULL,
    job_title             TEXT    NOT NULL,
    gender                TEXT,
    accessibility_needs   TEXT    NOT NULL DEFAULT '',
    dietary_needs         TEXT    NOT NULL DEFAULT '',
    language              TEXT    NOT NULL DEFAULT 'en',
    consent_at            INTEGER NOT NULL,
    status                TEXT    NOT NULL,
    -- Order on the event's waiting list; the position shown is the rank among those still waiting.
    waitlist_seq          INTEGER,
    created_at            INTEGER NOT NULL,
    expires_at            INTEGER,
    email_confirmed_at    INTEGER,
    confirmed_at          INTEGER,
    cancelled_at          INTEGER,
    updated_at            INTEGER NOT NULL
);
-- One active registration per person and event; a cancelled or expired one does not block a new one.
CREATE UNIQUE INDEX registrations_one_per_email
    ON registrations (event_id, email_norm) WHERE status NOT IN ('cancelled', 'expired');
CREATE INDEX registrations_by_status ON registrations (event_id, status, waitlist_seq);
CREATE INDEX registrations_expiring ON registrations (expires_at) WHERE status = 'awaiting_email_confirmation';

CREATE TABLE registration_sessions (
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id       INTEGER NOT NULL REFERENCES sessions (id),
    status           TEXT    NOT NULL,
    waitlist_seq     INTEGER,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (registration_id, session_id)
);
CREATE INDEX registration_sessions_by_session ON registration_sessions (session_id, status, waitlist_seq);

-- Links sent by email. Only the SHA-256 of the 32 random bytes is stored.
CREATE TABLE tokens (
    hash             BLOB    PRIMARY KEY,
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    purpose          TEXT    NOT NULL CHECK (purpose IN ('confirm', 'manage')),
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    used_at          INTEGER
) WITHOUT ROWID;
CREATE INDEX tokens_by_registration ON tokens (registration_id);

-- Every email, written in the transaction of the change that causes it; the worker delivers it.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    registration_id  INTEGER REFERENCES registrations (id) ON DELETE SET NULL,
    event_id         INTEGER REFERENCES events (id) ON DELETE SET NULL,
    kind             TEXT    NOT NULL,
    recipient        TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    body_text        TEXT    NOT NULL,
    body_html        TEXT    NOT NULL,
    ics              TEXT,
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_by_event ON outbox (event_id, status);
