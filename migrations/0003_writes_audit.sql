-- One row per portal write the bot has started, keyed by what the user asked for (a form instance
-- and an action), so that a second press of Confirm finds the first and writes nothing.
CREATE TABLE writes (
    key        TEXT    NOT NULL PRIMARY KEY,
    method     TEXT    NOT NULL,
    state      TEXT    NOT NULL CHECK (state IN ('pending', 'done', 'unknown')),
    entity_id  INTEGER CHECK ((state = 'done') = (entity_id IS NOT NULL)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Every write the bot makes. The actor is absent for the bot's own writes (registering itself).
CREATE TABLE audit (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           INTEGER NOT NULL,
    channel      TEXT    CHECK (channel IN ('telegram', 'bitrix24', 'console')),
    channel_user TEXT,
    employee_id  INTEGER,
    method       TEXT    NOT NULL,
    entity_type  TEXT,
    entity_id    INTEGER,
    outcome      TEXT    NOT NULL CHECK (outcome IN ('done', 'failed', 'unknown')),
    CHECK ((channel IS NULL) = (channel_user IS NULL) AND (channel IS NULL) = (employee_id IS NULL))
);

CREATE INDEX audit_by_at ON audit (at);
CREATE INDEX audit_by_employee ON audit (employee_id, at);
