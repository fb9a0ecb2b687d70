## Напоминания и утренняя сводка, которые бот присылает сам

reminder-before = ⏰ Скоро срок
reminder-overdue = ⚠️ Просрочено
reminder-later = ⏰ Напоминание
reminder-deadline = Срок
reminder-done = Готово
reminder-hour = +1 ч
reminder-tomorrow = Завтра
reminder-open = Открыть

digest-title = ☀️ Ваш день
digest-today = Срок сегодня:
digest-overdue = Просрочено:
digest-events = Встречи сегодня:
digest-deals = Сделки без движения 7 дней:
digest-missed = Напоминания, пропущенные, пока бот не работал:
digest-nothing = Сегодня ни сроков, ни встреч. Хорошего дня!
digest-all-day = весь день
digest-deal-quiet-since = последнее изменение { $day }

## /later: перенос напоминания, не срока

later-set = Напомню о «{ $title }» ещё раз { $when }.
later-not-yours = Напоминания о задаче #{ $id } получает её ответственный.
later-no-deadline = У задачи #{ $id } нет срока, напоминать не о чем.
later-usage = Укажите задачу и когда: /later 456 1h или /later 456 tomorrow.

## /remind, /notify, /digest: настройки уведомлений

remind-set = Буду напоминать о задачах за { $minutes } мин до срока.
remind-off = Напоминания о задачах выключены. Включить: /remind 60m.
remind-usage = За сколько до срока? /remind 30m, /remind 2h или /remind off.
notify-set-telegram = Напоминания и сводки будут приходить в Telegram.
notify-set-bitrix24 = Напоминания и сводки будут приходить в чат Битрикс24.
notify-set-both = Напоминания и сводки будут приходить в Telegram и в чат Битрикс24.
digest-set = Утренняя сводка будет приходить в { $time } по рабочим дням.
digest-off = Утренняя сводка выключена. Включить: /digest on.
digest-usage = Во сколько? /digest 08:30, /digest on (09:00) или /digest off.

settings-pushes =
    Напоминания: { $reminders }
    Сводка: { $digest }
    Куда присылать: { $notify }
    Тихие часы: { $quiet }
    Изменить: /remind, /digest и /notify.
settings-reminders-before = за { $minutes } мин до срока
settings-off = выкл.
settings-digest-at = в { $time } по рабочим дням
settings-notify-last = куда вы писали последним
settings-notify-telegram = Telegram
settings-notify-bitrix24 = чат Битрикс24
settings-notify-both = Telegram и чат Битрикс24

## /help reminders

help-module-reminders = Напоминания
help-reminders =
    О задачах напоминаю за 60 мин до срока, о просроченных — в 09:00 по рабочим дням, с кнопками «Готово», «+1 ч», «Завтра» и «Открыть». Сводка приходит в 09:00 по рабочим дням: задачи на сегодня, просроченные, встречи и сделки без движения.
    /remind 30m — напоминать за 30 минут (/remind 2h, /remind off)
    /later 2 1h — напомнить о задаче 2 ещё раз через час (/later 2 tomorrow)
    /digest 08:30 — сводка в 08:30 (/digest on, /digest off)
    /notify telegram — присылать в Telegram (bitrix24, both; иначе — куда вы писали последним)
    С 21:00 до 08:00 по вашему времени (/tz) ничего не приходит. Или просто напишите: «не напоминай», «присылай сводку в 8:30».
menu-remind = напоминания о сроках задач
