-- Messages organizers send to a filtered group of an event's participants; each recipient's
-- email is an outbox row pointing back at its message, so delivery can be watched per message.
CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    subject     TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);
ALTER TABLE outbox ADD COLUMN message_id INTEGER REFERENCES messages (id) ON DELETE SET NULL;
CREATE INDEX outbox_by_message ON outbox (message_id, status);
