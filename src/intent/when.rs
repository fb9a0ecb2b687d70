//! Dates and times inside a message ("завтра в 15:00", "on friday", "25.12", "in 2 hours"):
//! found, cut out of the text, and resolved in the user's time zone. Pure: `now` is an argument.

use std::sync::LazyLock;

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::{Span, ToSpan, Zoned};
use regex::{Captures, Regex};

use super::vocab::{VOCABULARY, alternation};

/// What a message said about time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mention {
    pub date: Option<Date>,
    pub time: Option<Time>,
    /// The end of a range ("from 10 to 11").
    pub end_time: Option<Time>,
    /// A moment counted from now ("in 2 hours").
    pub after: Option<After>,
}

/// A stretch of time counted from now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct After {
    pub count: i64,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl After {
    fn span(self) -> Option<Span> {
        let span = Span::new();
        match self.unit {
            Unit::Minutes => span.try_minutes(self.count),
            Unit::Hours => span.try_hours(self.count),
            Unit::Days => span.try_days(self.count),
            Unit::Weeks => span.try_weeks(self.count),
        }
        .ok()
    }
}

impl Mention {
    pub fn is_empty(&self) -> bool {
        *self == Mention::default()
    }

    /// The moment meant: a date without a time takes `default_time`; a time without a date is
    /// today if still ahead, else tomorrow.
    pub fn start(&self, now: &Zoned, default_time: Time) -> Option<Zoned> {
        if let Some(after) = self.after {
            return now.checked_add(after.span()?).ok();
        }
        let date = match (self.date, self.time) {
            (None, None) => return None,
            (Some(date), _) => date,
            (None, Some(time)) => {
                let today = now.date();
                if today.to_datetime(time) > now.datetime() {
                    today
                } else {
                    today.tomorrow().ok()?
                }
            }
        };
        at(date, self.time.unwrap_or(default_time), now)
    }

    /// The end of a range, on the start's day (or the next, if it would come before the start).
    pub fn end(&self, start: &Zoned) -> Option<Zoned> {
        let end = at(start.date(), self.end_time?, start)?;
        if end > *start {
            Some(end)
        } else {
            end.checked_add(1.day()).ok()
        }
    }
}

fn at(date: Date, time: Time, zone_of: &Zoned) -> Option<Zoned> {
    DateTime::from_parts(date, time)
        .to_zoned(zone_of.time_zone().clone())
        .ok()
}

/// The patterns, built once from every language's words.
struct Patterns {
    after: Regex,
    iso_date: Regex,
    dotted_date: Regex,
    day_month: Regex,
    month_day: Regex,
    relative_day: Regex,
    weekday: Regex,
    range: Regex,
    clock: Regex,
    hour_meridiem: Regex,
    hour_after_at: Regex,
    at_word_before: Regex,
}

/// Compiles the patterns now rather than in the first message that mentions a date.
pub(super) fn prepare() {
    LazyLock::force(&PATTERNS);
}

fn words(list: &[String]) -> String {
    alternation(list)
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let v = &VOCABULARY;
    let w = &v.when;
    let units = words(
        &[&w.hours, &w.minutes, &w.days, &w.weeks]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>(),
    );
    let half = if w.half_hour.is_empty() {
        String::from("(?!)")
    } else {
        words(&w.half_hour)
    };
    let on = words(&w.on);
    let at = words(&w.at);
    let meridiem = words(
        &[&w.am, &w.pm]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>(),
    );
    let hour_words = words(&w.hour_words);
    let relative = words(
        &[&w.day_after_tomorrow, &w.today, &w.tomorrow]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>(),
    );
    let compile = |pattern: String| {
        Regex::new(&format!("(?i){pattern}")).unwrap_or_else(|e| panic!("{pattern}: {e}"))
    };
    // `\b` does not work next to symbols such as "@" or "-", so edges are spelled out.
    let start = r"(?:^|[\s,;(])";
    let end = r"(?:$|[\s,;.!?)])";
    Patterns {
        after: compile(format!(
            r"{start}(?:{within})\s+(?:(?P<n>\d+)\s*(?P<unit>{units})|(?:an?\s+)?(?P<unit1>{units})|(?P<half>{half})){end}",
            within = words(&w.within)
        )),
        iso_date: compile(format!(
            r"{start}(?:(?:{on})\s+)?(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){end}"
        )),
        dotted_date: compile(format!(
            r"{start}(?:(?P<on>{on})\s+)?(?P<d>\d{{1,2}})[./](?P<m>\d{{1,2}})(?:[./](?P<y>\d{{4}}|\d{{2}}))?{end}"
        )),
        day_month: compile(format!(
            r"{start}(?:(?:{on})\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th|-?го|-?е)?\s+(?:of\s+)?(?P<month>{months})(?:\s+(?P<y>\d{{4}}))?{end}",
            months = v.months.alternation()
        )),
        month_day: compile(format!(
            r"{start}(?:(?:{on})\s+)?(?P<month>{months})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?{end}",
            months = v.months.alternation()
        )),
        relative_day: compile(format!(r"{start}(?:(?:{on})\s+)?(?P<day>{relative}){end}")),
        weekday: compile(format!(
            r"{start}(?:(?:{on})\s+)?(?P<day>{days}){end}",
            days = v.weekdays.alternation()
        )),
        range: compile(format!(
            r"{start}(?:(?P<from>{from})\s+)?(?P<h1>\d{{1,2}})(?::(?P<m1>\d{{2}}))?\s*(?P<ap1>{meridiem})?\s*(?:{to})\s*(?P<h2>\d{{1,2}})(?::(?P<m2>\d{{2}}))?\s*(?P<ap2>{meridiem})?{end}",
            from = words(&w.from),
            to = words(&w.to)
        )),
        clock: compile(format!(
            r"{start}(?:(?:{at})\s+)?(?P<h>\d{{1,2}})[:.](?P<m>\d{{2}})\s*(?P<ap>{meridiem})?{end}"
        )),
        hour_meridiem: compile(format!(
            r"{start}(?:(?:{at})\s+)?(?P<h>\d{{1,2}})\s*(?:(?:{hour_words})\s*)?(?P<ap>{meridiem}){end}"
        )),
        hour_after_at: compile(format!(
            r"{start}(?:{at})\s+(?P<h>\d{{1,2}})(?:\s*(?:{hour_words}))?{end}"
        )),
        at_word_before: compile(format!(r"(?:^|\s)(?:{at})\s*$")),
    }
});

/// Finds the time a message mentions, and returns it with the rest of the text. `ranges` also
/// reads "from 10 to 11" (for meetings; a task has one deadline).
pub fn find(text: &str, now: &Zoned, ranges: bool) -> (Mention, String) {
    let p = &*PATTERNS;
    let mut rest = text.to_owned();
    let mut mention = Mention::default();

    if let Some((caps, span)) = first(&p.after, &rest) {
        mention.after = relative_span(&caps);
        rest = cut(&rest, span);
    }
    if let Some((caps, span)) = first(&p.iso_date, &rest) {
        mention.date = date_of(num(&caps, "y"), num(&caps, "m"), num(&caps, "d"));
        if mention.date.is_some() {
            rest = cut(&rest, span);
        }
    }
    if mention.date.is_none() {
        let found = p.dotted_date.captures_iter(&rest).find_map(|caps| {
            // "в 10.30" is a time, and "15.00" is no date.
            if caps.name("on").is_some_and(|on| is_at_word(on.as_str())) && caps.name("y").is_none()
            {
                return None;
            }
            let date = month_date(now, num(&caps, "d"), num(&caps, "m"), year(&caps))?;
            Some((date, span_of(&caps)))
        });
        if let Some((date, span)) = found {
            mention.date = Some(date);
            rest = cut(&rest, span);
        }
    }
    for pattern in [&p.day_month, &p.month_day] {
        if mention.date.is_some() {
            break;
        }
        if let Some((caps, span)) = first(pattern, &rest) {
            let month = caps
                .name("month")
                .and_then(|m| VOCABULARY.months.get(m.as_str()));
            if let Some(date) = month
                .and_then(|m| month_date(now, num(&caps, "d"), Some(i64::from(m)), year(&caps)))
            {
                mention.date = Some(date);
                rest = cut(&rest, span);
            }
        }
    }
    if mention.date.is_none()
        && let Some((caps, span)) = first(&p.relative_day, &rest)
    {
        mention.date = relative_day(&caps["day"], now.date());
        rest = cut(&rest, span);
    }
    if mention.date.is_none()
        && let Some((caps, span)) = first(&p.weekday, &rest)
        && let Some(day) = VOCABULARY.weekdays.get(&caps["day"])
    {
        mention.date = next_weekday(now.date(), day);
        rest = cut(&rest, span);
    }

    if ranges
        && let Some((caps, span)) = first(&p.range, &rest)
        && (caps.name("from").is_some() || caps.name("m1").is_some() || caps.name("m2").is_some())
        && let (Some(start), Some(end)) = (
            clock(
                num(&caps, "h1"),
                num(&caps, "m1"),
                caps.name("ap1").map(|m| m.as_str()),
            ),
            clock(
                num(&caps, "h2"),
                num(&caps, "m2"),
                caps.name("ap2").map(|m| m.as_str()),
            ),
        )
    {
        mention.time = Some(start);
        mention.end_time = Some(end);
        rest = cut(&rest, span);
    }
    for pattern in [&p.clock, &p.hour_meridiem, &p.hour_after_at] {
        if mention.time.is_some() {
            break;
        }
        let found = pattern.captures_iter(&rest).find_map(|caps| {
            let time = clock(
                num(&caps, "h"),
                num(&caps, "m"),
                caps.name("ap").map(|m| m.as_str()),
            )?;
            Some((time, span_of(&caps)))
        });
        if let Some((time, span)) = found {
            mention.time = Some(time);
            rest = cut(&rest, span);
        }
    }
    let rest = if mention.is_empty() {
        text.to_owned()
    } else {
        tidy(&rest)
    };
    (mention, rest)
}

fn is_at_word(word: &str) -> bool {
    PATTERNS.at_word_before.is_match(word)
}

fn first<'t>(regex: &Regex, text: &'t str) -> Option<(Captures<'t>, (usize, usize))> {
    let caps = regex.captures(text)?;
    let span = span_of(&caps);
    Some((caps, span))
}

fn span_of(caps: &Captures<'_>) -> (usize, usize) {
    let whole = caps.get(0).expect("group 0 always matches");
    (whole.start(), whole.end())
}

/// Removes a span, keeping a space where it was so the words around it stay apart.
fn cut(text: &str, (start, end): (usize, usize)) -> String {
    format!("{} {}", &text[..start], &text[end..])
}

/// Collapses spaces and drops connecting words and commas left dangling at the end.
fn tidy(text: &str) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let dangling = |word: &str| {
        let word = word.trim_end_matches([',', ';', ':']).to_lowercase();
        word.is_empty()
            || VOCABULARY
                .when
                .on
                .iter()
                .chain(&VOCABULARY.when.at)
                .any(|w| *w == word)
    };
    while words.last().is_some_and(|word| dangling(word)) {
        words.pop();
    }
    words
        .join(" ")
        .trim_end_matches([',', ';', ':', '-', '–'])
        .trim()
        .to_owned()
}

fn num(caps: &Captures<'_>, name: &str) -> Option<i64> {
    caps.name(name).and_then(|m| m.as_str().parse().ok())
}

fn year(caps: &Captures<'_>) -> Option<i64> {
    num(caps, "y").map(|y| if y < 100 { 2000 + y } else { y })
}

fn date_of(year: Option<i64>, month: Option<i64>, day: Option<i64>) -> Option<Date> {
    Date::new(
        i16::try_from(year?).ok()?,
        i8::try_from(month?).ok()?,
        i8::try_from(day?).ok()?,
    )
    .ok()
}

/// A day and month; without a year, the next such date from today on.
fn month_date(
    now: &Zoned,
    day: Option<i64>,
    month: Option<i64>,
    year: Option<i64>,
) -> Option<Date> {
    if year.is_some() {
        return date_of(year, month, day);
    }
    let this_year = i64::from(now.year());
    let candidate = date_of(Some(this_year), month, day)?;
    if candidate >= now.date() {
        Some(candidate)
    } else {
        date_of(Some(this_year + 1), month, day)
    }
}

fn relative_day(word: &str, today: Date) -> Option<Date> {
    let word = word.to_lowercase();
    let w = &VOCABULARY.when;
    let days = if w.day_after_tomorrow.contains(&word) {
        2
    } else if w.tomorrow.contains(&word) {
        1
    } else {
        0
    };
    today.checked_add(days.days()).ok()
}

/// The next such weekday strictly after today.
fn next_weekday(today: Date, day: Weekday) -> Option<Date> {
    let ahead = (day.to_monday_zero_offset() - today.weekday().to_monday_zero_offset() + 6) % 7 + 1;
    today.checked_add(i64::from(ahead).days()).ok()
}

fn clock(hour: Option<i64>, minute: Option<i64>, meridiem: Option<&str>) -> Option<Time> {
    let mut hour = hour?;
    let minute = minute.unwrap_or(0);
    if let Some(word) = meridiem {
        let word = word.to_lowercase();
        if !(1..=12).contains(&hour) {
            return None;
        }
        let pm = VOCABULARY.when.pm.contains(&word);
        hour = match (pm, hour) {
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, 12) => 0,
            (false, h) => h,
        };
    }
    Time::new(i8::try_from(hour).ok()?, i8::try_from(minute).ok()?, 0, 0).ok()
}

fn relative_span(caps: &Captures<'_>) -> Option<After> {
    if caps.name("half").is_some() {
        return Some(After {
            count: 30,
            unit: Unit::Minutes,
        });
    }
    let count = num(caps, "n").unwrap_or(1);
    let unit = caps
        .name("unit")
        .or(caps.name("unit1"))?
        .as_str()
        .to_lowercase();
    let w = &VOCABULARY.when;
    let is = |list: &[String]| list.contains(&unit);
    let unit = if is(&w.minutes) {
        Unit::Minutes
    } else if is(&w.hours) {
        Unit::Hours
    } else if is(&w.days) {
        Unit::Days
    } else if is(&w.weeks) {
        Unit::Weeks
    } else {
        return None;
    };
    Some(After { count, unit })
}

#[cfg(test)]
mod tests {
    use jiff::civil::time;

    use super::*;

    fn now() -> Zoned {
        "2026-03-02T10:00:00+03:00[Europe/Moscow]".parse().unwrap()
    }

    fn start(text: &str) -> (Option<String>, String) {
        let (mention, rest) = find(text, &now(), true);
        let start = mention
            .start(&now(), time(18, 0, 0, 0))
            .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string());
        (start, rest)
    }

    #[test]
    fn the_contract_forms() {
        let cases = [
            (
                "позвонить Ивану завтра в 15:00",
                "2026-03-03T15:00:00+03:00",
                "позвонить Ивану",
            ),
            (
                "send the invoice on friday",
                "2026-03-06T18:00:00+03:00",
                "send the invoice",
            ),
            ("Demo tomorrow 10:00", "2026-03-03T10:00:00+03:00", "Demo"),
            ("x today", "2026-03-02T18:00:00+03:00", "x"),
            ("x day after tomorrow", "2026-03-04T18:00:00+03:00", "x"),
            ("x послезавтра", "2026-03-04T18:00:00+03:00", "x"),
            ("x в пятницу", "2026-03-06T18:00:00+03:00", "x"),
            ("x monday", "2026-03-09T18:00:00+03:00", "x"),
            ("x 25.12", "2026-12-25T18:00:00+03:00", "x"),
            ("x 25.12.2026", "2026-12-25T18:00:00+03:00", "x"),
            ("x 2026-12-25", "2026-12-25T18:00:00+03:00", "x"),
            ("x December 25", "2026-12-25T18:00:00+03:00", "x"),
            ("x 25 декабря", "2026-12-25T18:00:00+03:00", "x"),
            ("x 01.03", "2027-03-01T18:00:00+03:00", "x"),
            ("x at 3pm", "2026-03-02T15:00:00+03:00", "x"),
            ("x at 3 pm", "2026-03-02T15:00:00+03:00", "x"),
            ("x 15.00", "2026-03-02T15:00:00+03:00", "x"),
            ("x в 15", "2026-03-02T15:00:00+03:00", "x"),
            ("x в 15:30", "2026-03-02T15:30:00+03:00", "x"),
            ("x в 3 часа дня", "2026-03-02T15:00:00+03:00", "x"),
            ("x в 9", "2026-03-03T09:00:00+03:00", "x"),
            ("x in 2 hours", "2026-03-02T12:00:00+03:00", "x"),
            ("x через 2 часа", "2026-03-02T12:00:00+03:00", "x"),
            ("x in 30 minutes", "2026-03-02T10:30:00+03:00", "x"),
            ("x через 30 минут", "2026-03-02T10:30:00+03:00", "x"),
            ("x через полчаса", "2026-03-02T10:30:00+03:00", "x"),
            (
                "встреча с Ромашкой в пятницу в 11",
                "2026-03-06T11:00:00+03:00",
                "встреча с Ромашкой",
            ),
        ];
        for (text, expected, rest) in cases {
            assert_eq!(
                start(text),
                (Some(expected.to_owned()), rest.to_owned()),
                "{text}"
            );
        }
    }

    #[test]
    fn ranges_and_their_ends() {
        let (mention, rest) = find("Demo tomorrow from 10 to 11:30", &now(), true);
        let start = mention.start(&now(), time(9, 0, 0, 0)).unwrap();
        assert_eq!(
            mention.end(&start).unwrap().strftime("%H:%M").to_string(),
            "11:30"
        );
        assert_eq!(rest, "Demo");
        let (mention, _) = find("Обед с 13:00 до 14:00", &now(), true);
        assert_eq!(
            (mention.time, mention.end_time),
            (Some(time(13, 0, 0, 0)), Some(time(14, 0, 0, 0)))
        );
    }

    #[test]
    fn text_without_time_is_left_alone() {
        for text in [
            "Acme 50000",
            "Call Ivan",
            "переведи в работе",
            "Room 101",
            "в офис",
        ] {
            let (mention, rest) = find(text, &now(), true);
            assert!(mention.is_empty(), "{text}: {mention:?}");
            assert_eq!(rest, text);
        }
    }
}
