-- A pairing in progress: the one-time code sent to an employee inside Bitrix24, waiting to be
-- typed back by the channel user who asked. Only a salted SHA-256 of the code is kept.
CREATE TABLE pairings (
    channel      TEXT    NOT NULL CHECK (channel IN ('telegram', 'bitrix24', 'console')),
    channel_user TEXT    NOT NULL,
    employee_id  INTEGER NOT NULL CHECK (employee_id > 0),
    salt         BLOB    NOT NULL,
    code_hash    BLOB    NOT NULL,
    wrong_tries  INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (channel, channel_user)
) WITHOUT ROWID;

-- Pairing tries per subject (a channel user, or an employee) for limits such as "5 per hour".
CREATE TABLE pairing_tries (
    subject TEXT    NOT NULL,
    at      INTEGER NOT NULL
);

CREATE INDEX pairing_tries_by_subject ON pairing_tries (subject, at);

-- One-time link tokens (a deep link issued in Bitrix24 chat). The token has enough entropy to be
-- looked up by its unsalted SHA-256.
CREATE TABLE link_tokens (
    token_hash  BLOB    NOT NULL PRIMARY KEY,
    employee_id INTEGER NOT NULL CHECK (employee_id > 0),
    expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
