# Dates, times and durations (src/i18n/dates.rs). Durations stand alone: "10 minutes".
# $weekday is 1 (Monday) to 7 (Sunday); $month is 1 to 12; $year is text.

date-weekday = { $weekday ->
    [1] Mon
    [2] Tue
    [3] Wed
    [4] Thu
    [5] Fri
    [6] Sat
   *[7] Sun
}
date-month = { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
}
date-today = today
date-tomorrow = tomorrow
date-yesterday = yesterday
date-this-year = { $weekday } { $day } { $month }
date-other-year = { $weekday } { $day } { $month } { $year }
# $day is one of the date-* messages above, $time is 24-hour: today, 15:00
date-time = { $day }, { $time }

duration-minutes = { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
duration-hours = { $hours ->
    [one] { $hours } hour
   *[other] { $hours } hours
}
duration-hours-minutes = { $hours ->
    [one] { $hours } hour
   *[other] { $hours } hours
} { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
duration-days = { $days ->
    [one] { $days } day
   *[other] { $days } days
}
duration-days-hours = { $days ->
    [one] { $days } day
   *[other] { $days } days
} { $hours ->
    [one] { $hours } hour
   *[other] { $hours } hours
}
