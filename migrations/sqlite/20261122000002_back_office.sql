-- The organizers' back office: accounts, their sessions and API tokens, the audit log, check-ins.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT    NOT NULL,
    email_norm     TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('admin', 'organizer', 'checkin')),
    -- Organizers and check-in staff see only their assigned events unless this is set.
    all_events     INTEGER NOT NULL DEFAULT 0 CHECK (all_events IN (0, 1)),
    -- PHC string (argon2id); NULL until an invited person chooses a password.
    password_hash  TEXT,
    disabled_at    INTEGER,
    created_at     INTEGER NOT NULL
);

CREATE TABLE user_events (
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, event_id)
) WITHOUT ROWID;

-- Browser sessions. The cookie carries 32 random bytes; only their SHA-256 is stored.
CREATE TABLE auth_sessions (
    hash          BLOB    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX auth_sessions_by_user ON auth_sessions (user_id);

-- Invitations and API tokens share the shape of link tokens: only hashes are stored.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label         TEXT    NOT NULL,
    hash          BLOB    NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);

CREATE TABLE invitations (
    hash        BLOB    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
) WITHOUT ROWID;

-- Every organizer action: who, what, which event, when.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    event_id  INTEGER REFERENCES events (id) ON DELETE SET NULL,
    detail    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_event ON audit_log (event_id, at);

-- One row per person checked in, for the whole event (session_id 0) or one session.
CREATE TABLE checkins (
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_id       INTEGER NOT NULL DEFAULT 0,
    at               INTEGER NOT NULL,
    by_user          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (registration_id, session_id)
) WITHOUT ROWID;
CREATE INDEX checkins_by_session ON checkins (session_id);

-- The short code printed in the confirmation email (and its QR code) for the check-in desk.
ALTER TABLE registrations ADD COLUMN checkin_code TEXT;
UPDATE registrations SET checkin_code = upper(substr(replace(public_id, '-', ''), 1, 10));
CREATE UNIQUE INDEX registrations_by_checkin_code ON registrations (event_id, checkin_code);
-- Why each registration was approved or rejected, as the organizer wrote it.
ALTER TABLE registrations ADD COLUMN decision_note TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN added_by_organizer INTEGER NOT NULL DEFAULT 0;
-- A tag the organizer sets for yearly reports, e.g. "National Training Program".
ALTER TABLE events ADD COLUMN activity_tag TEXT NOT NULL DEFAULT '';
