-- Several instances on one database, and the accounts' safeguards.

-- Background jobs run on one instance at a time: the one holding the job's lease.
CREATE TABLE job_leases (
    name    TEXT    PRIMARY KEY,
    holder  TEXT    NOT NULL,
    until   INTEGER NOT NULL
) WITHOUT ROWID;

-- Sign-in attempts per account and per client address, counted before the password is
-- checked and kept in the database, so every instance sees them. Keys are SHA-256 hashes.
CREATE TABLE signin_attempts (
    id   INTEGER PRIMARY KEY,
    key  BLOB    NOT NULL,
    at   INTEGER NOT NULL
);
CREATE INDEX signin_attempts_by_key ON signin_attempts (key, at);
CREATE INDEX signin_attempts_by_time ON signin_attempts (at);

-- API tokens may expire (NULL: until revoked).
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;

-- When the session's person last typed their password: at sign-in, or confirming it again
-- before a sensitive change (a new API token).
ALTER TABLE auth_sessions ADD COLUMN authenticated_at INTEGER NOT NULL DEFAULT 0;
UPDATE auth_sessions SET authenticated_at = created_at;

-- The registration an audit line is about, so that erasing the registration cleans its lines.
ALTER TABLE audit_log ADD COLUMN registration_id INTEGER;
UPDATE audit_log SET registration_id = CAST(substr(detail, 14, instr(substr(detail, 14) || ' ', ' ') - 1) AS INTEGER)
    WHERE detail LIKE 'registration %';
CREATE INDEX audit_log_by_registration ON audit_log (registration_id) WHERE registration_id IS NOT NULL;
