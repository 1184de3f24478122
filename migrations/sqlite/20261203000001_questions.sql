-- Each event's own registration questions and their answers.

-- One question of an event's form. `definition` is the question as the API spells it (labels
-- in the six languages, options, condition, flags), read whole with the form; `key`, `kind`
-- and `sensitive` stand beside it because answers, filters, the type-change rule and erasure
-- name them. A removed
-- question that has answers is archived: off the form, its answers kept.
CREATE TABLE questions (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    key          TEXT    NOT NULL,
    position     INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    definition   TEXT    NOT NULL,
    sensitive    INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
    archived_at  INTEGER,
    UNIQUE (event_id, key)
);

-- One row per value: a multiple choice has a row per option chosen, so a filter or a tally is
-- an equality on `value` (canonical: option keys, yes/no, ISO dates and country codes).
CREATE TABLE answers (
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    question_id      INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    value            TEXT    NOT NULL,
    PRIMARY KEY (registration_id, question_id, value)
) WITHOUT ROWID;
-- Filters and tallies: the registrations with a given answer.
CREATE INDEX answers_by_value ON answers (question_id, value);

-- Until when participants may correct their own details and answers (NULL: until the event starts).
ALTER TABLE events ADD COLUMN changes_close_at INTEGER;
-- When the participant last corrected their details, for the organizer's table.
ALTER TABLE registrations ADD COLUMN details_changed_at INTEGER;
