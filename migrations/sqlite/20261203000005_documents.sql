-- Documents people carry: visa-support invitation letters, badges and certificates of
-- attendance. Letters and certificates are recorded (`documents`) so anyone can verify them;
-- badges carry the check-in code and need no record.

-- An event's document settings. No row: letters and certificates off, A6 badges, the default
-- texts. Texts are JSON objects by language ({"en": "...", "ar": "..."}); a language without
-- one uses the default text in that language.
CREATE TABLE event_documents (
    event_id              INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    letters               INTEGER NOT NULL DEFAULT 0 CHECK (letters IN (0, 1)),
    -- Whether the letter goes with the confirmation email.
    letter_attached       INTEGER NOT NULL DEFAULT 0 CHECK (letter_attached IN (0, 1)),
    letter_texts          TEXT    NOT NULL DEFAULT '{}',
    certificates          INTEGER NOT NULL DEFAULT 0 CHECK (certificates IN (0, 1)),
    certificate_texts     TEXT    NOT NULL DEFAULT '{}',
    -- Days with a check-in a certificate needs on a multi-day event (none: any attendance).
    certificate_min_days  INTEGER CHECK (certificate_min_days IS NULL OR certificate_min_days >= 1),
    badge_layout          TEXT    NOT NULL DEFAULT 'a6' CHECK (badge_layout IN ('a6', 'card', 'a4x8')),
    office                TEXT    NOT NULL DEFAULT '',
    signatory_name        TEXT    NOT NULL DEFAULT '',
    signatory_title       TEXT    NOT NULL DEFAULT '',
    -- The letterhead logo and the signature, as uploaded (PNG, JPEG or SVG, at most 1 MB each).
    logo                  BLOB,
    signature             BLOB,
    updated_at            INTEGER NOT NULL
);

-- A letter or certificate as issued. `code` is the random verification code (its page is
-- /verify/{code}); `details` holds what the document printed that the registration may not
-- keep (passport details given for the letter), as JSON, erased with the event's sensitive
-- answers. A revoked document stays, so its page can say so.
CREATE TABLE documents (
    id                INTEGER PRIMARY KEY,
    code              TEXT    NOT NULL UNIQUE,
    kind              TEXT    NOT NULL CHECK (kind IN ('letter', 'certificate')),
    event_id          INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    registration_id   INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    -- The office's reference, e.g. STUDY-VISIT-2026/L/0007 (numbered per event and kind).
    reference         TEXT    NOT NULL,
    number            INTEGER NOT NULL,
    holder_name       TEXT    NOT NULL,
    language          TEXT    NOT NULL,
    details           TEXT    NOT NULL DEFAULT '{}',
    issued_at         INTEGER NOT NULL,
    -- The organizer who issued it by hand (none: the participant or the certificates run).
    issued_by         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    downloads         INTEGER NOT NULL DEFAULT 0,
    downloaded_at     INTEGER,
    revoked_at        INTEGER,
    UNIQUE (event_id, kind, number)
);
-- A registration's current document of a kind; an event's documents page.
CREATE INDEX documents_by_registration ON documents (registration_id, kind);

-- The role printed on a badge, with its colour band.
ALTER TABLE registrations ADD COLUMN badge_role TEXT NOT NULL DEFAULT 'participant'
    CHECK (badge_role IN ('participant', 'speaker', 'organizer', 'press', 'staff'));

-- A certificate emailed by "Send certificates": the worker renders it when it sends the email.
ALTER TABLE outbox ADD COLUMN document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL;
