-- Webinar attendance from the platforms' reports (Zoom, Teams).

-- Minutes online that make a person "attended" for a day (or the event, when it has one day).
ALTER TABLE events ADD COLUMN attendance_minutes INTEGER NOT NULL DEFAULT 30;
-- A check-in made from an online report carries the minutes attended; a desk check-in has
-- none. Saving a report, or changing the threshold, rewrites only the rows with minutes.
ALTER TABLE checkins ADD COLUMN minutes INTEGER;

-- One uploaded report. `rows` holds the attendees the file listed (JSON) only while the
-- organizer reviews the preview; saving clears it, so names and emails are not kept twice.
-- `digest` (SHA-256 of the file) tells the same file uploaded again.
CREATE TABLE attendance_reports (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    digest       TEXT    NOT NULL,
    platform     TEXT    NOT NULL,
    scope        INTEGER NOT NULL,
    day          TEXT    NOT NULL,
    rows         TEXT,
    uploaded_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at  INTEGER NOT NULL,
    saved_at     INTEGER,
    matched      INTEGER NOT NULL DEFAULT 0
);
-- The event's attendance page lists its reports; an upload looks for the same file saved before.
CREATE INDEX attendance_reports_by_event ON attendance_reports (event_id, digest);

-- What the reports said of each person: minutes per day (`scope` as in `checkins`: 0 the
-- event, -N day N). A second report of the same day replaces that day's figures.
CREATE TABLE online_attendance (
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    scope            INTEGER NOT NULL,
    event_id         INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    minutes          INTEGER NOT NULL,
    joined_at        INTEGER,
    left_at          INTEGER,
    report_id        INTEGER NOT NULL REFERENCES attendance_reports (id) ON DELETE CASCADE,
    PRIMARY KEY (registration_id, scope)
);
-- Rewriting an event's check-ins from its minutes when the threshold changes.
CREATE INDEX online_attendance_by_event ON online_attendance (event_id);
