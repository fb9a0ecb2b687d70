-- Files received in a chat, waiting for their owner to pick a Drive folder. Kept here, not in
-- memory, so a restart between receiving a file and choosing the folder loses nothing; a file
-- is deleted once saved, and one left waiting for a day expires.
CREATE TABLE drive_uploads (
    id           TEXT    NOT NULL PRIMARY KEY,
    channel      TEXT    NOT NULL CHECK (channel IN ('telegram', 'bitrix24', 'console')),
    channel_user TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    created_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX drive_uploads_by_created_at ON drive_uploads (created_at);
