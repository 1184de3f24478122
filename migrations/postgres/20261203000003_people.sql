-- People across events. A person is their email address (`registrations.email_norm`, already
-- case-insensitive); an organizer may say two addresses are one person: `email_norm` then
-- counts as `into_norm`.
CREATE TABLE person_merges (
    email_norm  TEXT    PRIMARY KEY,
    into_norm   TEXT    NOT NULL,
    merged_by   BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    merged_at   BIGINT  NOT NULL
);
-- The person's page (their registrations across events) and the merge of two addresses.
CREATE INDEX registrations_by_person ON registrations (email_norm);

-- People whose registrations of a year were erased, so that nothing links to them any more,
-- by the year and activity type they were counted in ('' for the year as a whole). Added to
-- the unique counts, so a past year's figure stays as it was.
CREATE TABLE people_erased (
    year      BIGINT  NOT NULL,
    activity  TEXT    NOT NULL,
    people    BIGINT  NOT NULL,
    PRIMARY KEY (year, activity)
);
