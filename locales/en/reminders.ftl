## Reminders and the morning digest, pushed without being asked

reminder-before = ⏰ Due soon
reminder-overdue = ⚠️ Overdue
reminder-later = ⏰ Reminder
reminder-deadline = Deadline
reminder-done = Done
reminder-hour = +1 h
reminder-tomorrow = Tomorrow
reminder-open = Open

digest-title = ☀️ Your day
digest-today = Due today:
digest-overdue = Overdue:
digest-events = Meetings today:
digest-deals = Deals with no activity for 7 days:
digest-missed = Reminders missed while the bot was away:
digest-nothing = Nothing due today, no meetings. Have a good day!
digest-all-day = all day
digest-deal-quiet-since = last change { $day }

## /later: moving a reminder, not the deadline

later-set = I'll remind you about “{ $title }” again { $when }.
later-not-yours = Reminders of task #{ $id } go to the person responsible for it.
later-no-deadline = Task #{ $id } has no deadline, so there is nothing to remind you of.
later-usage = Say which task and when: /later 456 1h, or /later 456 tomorrow.

## /remind, /notify, /digest: push settings

remind-set = I'll remind you of your tasks { $minutes } min before their deadline.
remind-off = Task reminders are off. Turn them on with /remind 60m.
remind-usage = How long before a deadline? /remind 30m, /remind 2h, or /remind off.
notify-set-telegram = Reminders and digests will come to Telegram.
notify-set-bitrix24 = Reminders and digests will come to Bitrix24 chat.
notify-set-both = Reminders and digests will come to Telegram and Bitrix24 chat.
digest-set = Your morning digest will come at { $time } on working days.
digest-off = The morning digest is off. Turn it on with /digest on.
digest-usage = When? /digest 08:30, /digest on (09:00), or /digest off.

settings-pushes =
    Reminders: { $reminders }
    Digest: { $digest }
    Pushes go to: { $notify }
    Quiet hours: { $quiet }
    Change them with /remind, /digest and /notify.
settings-reminders-before = { $minutes } min before the deadline
settings-off = off
settings-digest-at = { $time } on working days
settings-notify-last = where you last wrote
settings-notify-telegram = Telegram
settings-notify-bitrix24 = Bitrix24 chat
settings-notify-both = Telegram and Bitrix24 chat

## /help reminders

help-module-reminders = Reminders
help-reminders =
    Your tasks are reminded 60 min before their deadline, overdue ones at 09:00 on working days, with Done, +1 h, Tomorrow and Open buttons. The digest comes at 09:00 on working days: today's tasks, overdue tasks, meetings and quiet deals.
    /remind 30m: remind 30 minutes before (/remind 2h, /remind off)
    /later 2 1h: remind of task 2 again in an hour (/later 2 tomorrow)
    /digest 08:30: the digest at 08:30 (/digest on, /digest off)
    /notify telegram: pushes to Telegram (bitrix24, both; else where you last wrote)
    Nothing comes between 21:00 and 08:00 your time (/tz). Or just write: "don't remind me", "send the digest at 8:30".
menu-remind = task reminders before deadlines
