-- A reminder moved by +1 h or Tomorrow: due again at `until`. Keyed by the task and the deadline
-- it was moved for, so a changed deadline leaves the snooze behind, and a second press moves the
-- same reminder again instead of adding another.
CREATE TABLE reminder_snoozes (
    task_id     INTEGER NOT NULL,
    deadline    INTEGER NOT NULL,
    employee_id INTEGER NOT NULL CHECK (employee_id > 0),
    until       INTEGER NOT NULL,
    PRIMARY KEY (task_id, deadline)
) WITHOUT ROWID;

-- Reminders more than an hour late (the bot was down) are not pushed but listed in the person's
-- next digest; the key is recorded in reminders_sent in the same transaction.
CREATE TABLE reminder_folds (
    employee_id INTEGER NOT NULL CHECK (employee_id > 0),
    task_id     INTEGER NOT NULL,
    deadline    INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    folded_at   INTEGER NOT NULL,
    PRIMARY KEY (employee_id, task_id, deadline)
) WITHOUT ROWID;

-- One morning digest per person and local day: the primary key makes "send once" one INSERT.
CREATE TABLE digests_sent (
    employee_id INTEGER NOT NULL CHECK (employee_id > 0),
    day         TEXT    NOT NULL,
    sent_at     INTEGER NOT NULL,
    PRIMARY KEY (employee_id, day)
) WITHOUT ROWID;

CREATE INDEX digests_sent_by_sent_at ON digests_sent (sent_at);

-- Exactly once: a reminder is claimed as 'sending' (with whom and what it was for) before the
-- channel is called and becomes 'sent' after; one left 'sending' by a crash is folded into the
-- person's next digest at start instead of being pushed a second time.
ALTER TABLE reminders_sent ADD COLUMN state TEXT NOT NULL DEFAULT 'sent'
    CHECK (state IN ('sending', 'sent'));
ALTER TABLE reminders_sent ADD COLUMN employee_id INTEGER CHECK (employee_id > 0);
ALTER TABLE reminders_sent ADD COLUMN title TEXT;
