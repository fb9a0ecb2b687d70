# Даты, время и продолжительность (src/i18n/dates.rs). Продолжительность — в именительном
# падеже («Срок действия — 1 минута»): фразы вроде «через 1 минуту» стройте без неё.
# $weekday — от 1 (понедельник) до 7 (воскресенье); $month — от 1 до 12; $year — текст.

date-weekday = { $weekday ->
    [1] пн
    [2] вт
    [3] ср
    [4] чт
    [5] пт
    [6] сб
   *[7] вс
}
# Родительный падеж: «6 марта».
date-month = { $month ->
    [1] января
    [2] февраля
    [3] марта
    [4] апреля
    [5] мая
    [6] июня
    [7] июля
    [8] августа
    [9] сентября
    [10] октября
    [11] ноября
   *[12] декабря
}
date-today = сегодня
date-tomorrow = завтра
date-yesterday = вчера
date-this-year = { $weekday }, { $day } { $month }
date-other-year = { $weekday }, { $day } { $month } { $year }
# $day — одно из сообщений date-* выше, $time — 24-часовое: сегодня, 15:00
date-time = { $day }, { $time }

duration-minutes = { $minutes ->
    [one] { $minutes } минута
    [few] { $minutes } минуты
   *[many] { $minutes } минут
}
duration-hours = { $hours ->
    [one] { $hours } час
    [few] { $hours } часа
   *[many] { $hours } часов
}
duration-hours-minutes = { $hours ->
    [one] { $hours } час
    [few] { $hours } часа
   *[many] { $hours } часов
} { $minutes ->
    [one] { $minutes } минута
    [few] { $minutes } минуты
   *[many] { $minutes } минут
}
duration-days = { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
duration-days-hours = { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
} { $hours ->
    [one] { $hours } час
    [few] { $hours } часа
   *[many] { $hours } часов
}
