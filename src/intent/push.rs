//! The arguments of the push settings (`/remind 30m`, `/notify telegram`, `/digest 08:30`) and
//! of a reminder's snooze (`/later 456 1h`). Pure; the same words in either language, as in
//! commands, so a button's token reads the same whatever the reply's language.

use jiff::civil::Time;

/// `/remind`: how long before a deadline, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lead {
    Off,
    /// 1 minute to a week.
    Minutes(u32),
}

/// Where a snoozed reminder comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Later {
    /// In an hour.
    Hour,
    /// Tomorrow morning.
    Tomorrow,
}

/// `/notify telegram|bitrix24|both`: where pushes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushChannel {
    Telegram,
    Bitrix24,
    Both,
}

/// `/digest`: at a local time on working days, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAt {
    Off,
    At(Time),
}

/// The digest's time when turned on without one.
pub const DIGEST_ON: Time = Time::constant(9, 0, 0, 0);
/// The longest lead `/remind` takes: a week.
const MAX_LEAD_MINUTES: u32 = 7 * 24 * 60;

const OFF: [&str; 8] = [
    "off",
    "no",
    "never",
    "none",
    "выкл",
    "выключить",
    "нет",
    "никогда",
];
const ON: [&str; 4] = ["on", "yes", "вкл", "включить"];

fn lower(text: &str) -> String {
    text.trim().to_lowercase().replace('ё', "е")
}

/// `30m`, `30 min`, `2h`, `2 hours`, `45` (minutes), `30 минут`, `1 час`, `off`.
pub fn lead(text: &str) -> Option<Lead> {
    let text = lower(text);
    if OFF.contains(&text.as_str()) {
        return Some(Lead::Off);
    }
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let number: u32 = text[..digits].parse().ok()?;
    let unit = text[digits..].trim();
    let minutes = match unit {
        "" | "m" | "min" | "mins" | "minute" | "minutes" | "мин" | "минута" | "минуту"
        | "минуты" | "минут" => number,
        "h" | "hr" | "hrs" | "hour" | "hours" | "ч" | "час" | "часа" | "часов" => {
            number.checked_mul(60)?
        }
        _ => return None,
    };
    (1..=MAX_LEAD_MINUTES)
        .contains(&minutes)
        .then_some(Lead::Minutes(minutes))
}

/// `1h`, `+1h`, `hour`, `час`; `tomorrow`, `завтра`.
pub fn later(text: &str) -> Option<Later> {
    match lower(text).trim_start_matches('+') {
        "1h" | "1 h" | "hour" | "1 hour" | "an hour" | "1ч" | "1 ч" | "час" | "1 час" => {
            Some(Later::Hour)
        }
        "tomorrow" | "завтра" => Some(Later::Tomorrow),
        _ => None,
    }
}

/// Exactly one of `telegram`, `bitrix24`, `both` (or their Russian names); anything else is
/// not a channel (`/notify Anna: ...` is a notification to a colleague).
pub fn channel(text: &str) -> Option<PushChannel> {
    match lower(text).as_str() {
        "telegram" | "tg" | "телеграм" | "телеграмм" | "телеграме" | "телеграмме" => {
            Some(PushChannel::Telegram)
        }
        "bitrix24" | "bitrix" | "b24" | "битрикс24" | "битрикс" | "битриксе" | "битрикс 24" => {
            Some(PushChannel::Bitrix24)
        }
        "both" | "оба" | "везде" => Some(PushChannel::Both),
        _ => None,
    }
}

/// `08:30`, `8:30`, `8`, `on` (09:00), `off`.
pub fn digest_at(text: &str) -> Option<DigestAt> {
    let text = lower(text);
    if OFF.contains(&text.as_str()) {
        return Some(DigestAt::Off);
    }
    if ON.contains(&text.as_str()) {
        return Some(DigestAt::At(DIGEST_ON));
    }
    let (hour, minute) = text.split_once([':', '.']).unwrap_or((&text, "0"));
    let hour: i8 = hour.parse().ok()?;
    let minute: i8 = minute.parse().ok()?;
    Time::new(hour, minute, 0, 0).ok().map(DigestAt::At)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_in_minutes_and_hours_in_either_language() {
        assert_eq!(lead("30m"), Some(Lead::Minutes(30)));
        assert_eq!(lead("30 min"), Some(Lead::Minutes(30)));
        assert_eq!(lead("45"), Some(Lead::Minutes(45)));
        assert_eq!(lead("2h"), Some(Lead::Minutes(120)));
        assert_eq!(lead("1 час"), Some(Lead::Minutes(60)));
        assert_eq!(lead("30 минут"), Some(Lead::Minutes(30)));
        assert_eq!(lead("OFF"), Some(Lead::Off));
        assert_eq!(lead("выкл"), Some(Lead::Off));
        assert_eq!(lead("0m"), None);
        assert_eq!(lead("99999999h"), None);
        assert_eq!(lead("soon"), None);
        assert_eq!(lead(""), None);
    }

    #[test]
    fn snoozes_channels_and_digest_times() {
        assert_eq!(later("1h"), Some(Later::Hour));
        assert_eq!(later("+1h"), Some(Later::Hour));
        assert_eq!(later("завтра"), Some(Later::Tomorrow));
        assert_eq!(later("2h"), None);
        assert_eq!(channel("Telegram"), Some(PushChannel::Telegram));
        assert_eq!(channel("битрикс24"), Some(PushChannel::Bitrix24));
        assert_eq!(channel("both"), Some(PushChannel::Both));
        assert_eq!(channel("Anna: hi"), None);
        assert_eq!(channel("telegram please"), None);
        assert_eq!(
            digest_at("08:30"),
            Some(DigestAt::At(Time::constant(8, 30, 0, 0)))
        );
        assert_eq!(
            digest_at("8"),
            Some(DigestAt::At(Time::constant(8, 0, 0, 0)))
        );
        assert_eq!(digest_at("on"), Some(DigestAt::At(DIGEST_ON)));
        assert_eq!(digest_at("off"), Some(DigestAt::Off));
        assert_eq!(digest_at("25:00"), None);
        assert_eq!(digest_at("8:61"), None);
        assert_eq!(digest_at("-1"), None);
    }
}
