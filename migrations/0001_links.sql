-- Who is who: a user on a channel is one Bitrix24 employee; an employee may be linked on several
-- channels. Times are unix seconds (UTC); JSON is TEXT.
CREATE TABLE links (
    channel      TEXT    NOT NULL CHECK (channel IN ('telegram', 'bitrix24', 'console')),
    channel_user TEXT    NOT NULL,
    employee_id  INTEGER NOT NULL CHECK (employee_id > 0),
    lang         TEXT    CHECK (lang IN ('en', 'ru')),
    time_zone    TEXT,
    settings     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
    blocked      INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    linked_at    INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    PRIMARY KEY (channel, channel_user)
) WITHOUT ROWID;

CREATE INDEX links_by_employee ON links (employee_id);
