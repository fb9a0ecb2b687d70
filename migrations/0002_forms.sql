-- A form in progress per channel user, written through on every step so that a restart resumes
-- at the same step.
CREATE TABLE forms (
    channel      TEXT    NOT NULL CHECK (channel IN ('telegram', 'bitrix24', 'console')),
    channel_user TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    step         TEXT    NOT NULL,
    data         TEXT    NOT NULL CHECK (json_valid(data)),
    instance_id  TEXT    NOT NULL UNIQUE,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (channel, channel_user)
) WITHOUT ROWID;

-- The expiry sweep looks for forms idle longer than a cut-off.
CREATE INDEX forms_by_updated_at ON forms (updated_at);
