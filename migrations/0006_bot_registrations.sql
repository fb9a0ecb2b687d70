-- The Bitrix24 chat bot's own registration (Chatbots 2.0): the token it authenticates with and,
-- once the portal answered, its id. Kept so that a second start reuses them and never registers
-- a second bot. The token is kept in clear because it is sent on every imbot.v2 call.
CREATE TABLE bot_registrations (
    code       TEXT    NOT NULL PRIMARY KEY,
    token      TEXT    NOT NULL,
    bot_id     INTEGER CHECK (bot_id > 0),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;
