-- Where each poller stopped (the Bitrix24 chat event offset, the last Telegram update id...).
CREATE TABLE cursors (
    name       TEXT    NOT NULL PRIMARY KEY,
    value      INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Reminders already pushed: the primary key makes "send once" a single INSERT OR IGNORE.
CREATE TABLE reminders_sent (
    task_id  INTEGER NOT NULL,
    deadline INTEGER NOT NULL,
    kind     TEXT    NOT NULL,
    sent_at  INTEGER NOT NULL,
    PRIMARY KEY (task_id, deadline, kind)
) WITHOUT ROWID;

-- Old keys are pruned by age.
CREATE INDEX reminders_sent_by_sent_at ON reminders_sent (sent_at);
