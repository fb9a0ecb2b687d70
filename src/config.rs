//! Settings from the environment and `.env`, validated once. A problem names the variable and
//! what is expected, and never repeats the value: the webhook URL holds a secret.

use std::fmt;
use std::net::SocketAddr;

use jiff::tz::TimeZone;
use secrecy::SecretString;
use url::Url;

use crate::b24::{Limits, WebhookUrl};
use crate::bot::Defaults;
use crate::intent::Lang;
use crate::visibility::Policy;

/// A setting that is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.variable, self.problem)
    }
}

impl std::error::Error for ConfigError {}

/// Where settings come from: the process environment in production, a map in tests.
pub trait Source {
    fn get(&self, name: &str) -> Option<String>;
}

/// The process environment, after `.env` (if any) was loaded into it.
pub struct Environment;

impl Source for Environment {
    fn get(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

impl<const N: usize> Source for [(&str, &str); N] {
    fn get(&self, name: &str) -> Option<String> {
        self.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_string())
    }
}

/// Loads `.env` from the working directory into the environment, if there is one. Variables
/// already set win, so a deployment can override the file.
pub fn load_dotenv() -> Result<(), ConfigError> {
    match dotenvy::dotenv() {
        Ok(_) => Ok(()),
        Err(error) if error.not_found() => Ok(()),
        Err(dotenvy::Error::LineParse(_, index)) => Err(ConfigError {
            variable: ".env",
            problem: format!("cannot read the line at byte {index}; expected NAME=value"),
        }),
        Err(_) => Err(ConfigError {
            variable: ".env",
            problem: "cannot be read".into(),
        }),
    }
}

/// What is needed to talk to the portal.
#[derive(Debug, Clone)]
pub struct PortalSettings {
    pub webhook: WebhookUrl,
    pub limits: Limits,
}

impl PortalSettings {
    pub fn read(source: &impl Source) -> Result<Self, ConfigError> {
        let webhook = match non_empty(source, "BITRIX24_WEBHOOK_URL") {
            None => {
                return Err(ConfigError {
                    variable: "BITRIX24_WEBHOOK_URL",
                    problem: "is not set; expected https://<portal>/rest/<user id>/<secret>/ \
                              (Bitrix24: Developer resources → Other → Inbound webhook)"
                        .into(),
                });
            }
            Some(text) => WebhookUrl::parse(&text).map_err(|error| ConfigError {
                variable: "BITRIX24_WEBHOOK_URL",
                problem: format!("is not a webhook URL: {error}"),
            })?,
        };
        let mut limits = Limits::default();
        if let Some(text) = non_empty(source, "B24_RATE") {
            limits.per_second = text
                .parse::<f64>()
                .ok()
                .filter(|rate| rate.is_finite() && *rate > 0.0)
                .ok_or_else(|| ConfigError {
                    variable: "B24_RATE",
                    problem: "expected requests per second above 0 (2, or 5 on Enterprise)".into(),
                })?;
        }
        if let Some(text) = non_empty(source, "B24_BURST") {
            limits.burst = text
                .parse::<u32>()
                .ok()
                .filter(|burst| *burst >= 1)
                .ok_or_else(|| ConfigError {
                    variable: "B24_BURST",
                    problem:
                        "expected a whole number of requests, at least 1 (50, or 250 on Enterprise)"
                            .into(),
                })?;
        }
        Ok(Self { webhook, limits })
    }
}

/// How the conversation runs: where it keeps its state, what it assumes about users who have not
/// said, and who sees what.
#[derive(Debug, Clone)]
pub struct BotSettings {
    /// `DATABASE_URL`; `None` when unset (the demo then keeps its state in memory).
    pub database_url: Option<String>,
    /// `BOT_LANG` and `BOT_TZ`.
    pub defaults: Defaults,
    /// `B24_VISIBILITY` and `B24_ADMINS`.
    pub policy: Policy,
}

impl BotSettings {
    pub fn read(source: &impl Source) -> Result<Self, ConfigError> {
        let database_url = non_empty(source, "DATABASE_URL");
        if database_url
            .as_deref()
            .is_some_and(|url| !url.starts_with("sqlite:"))
        {
            return Err(ConfigError {
                variable: "DATABASE_URL",
                problem: "expected an SQLite URL such as sqlite://b24bot.db".into(),
            });
        }
        let lang = match non_empty(source, "BOT_LANG") {
            None => Lang::En,
            Some(text) => text.parse().map_err(|_| ConfigError {
                variable: "BOT_LANG",
                problem: "expected en or ru".into(),
            })?,
        };
        let time_zone = match non_empty(source, "BOT_TZ") {
            None => TimeZone::UTC,
            Some(name) => TimeZone::get(&name).map_err(|_| ConfigError {
                variable: "BOT_TZ",
                problem: "expected an IANA time zone such as Europe/Moscow or UTC".into(),
            })?,
        };
        Ok(Self {
            database_url,
            defaults: Defaults { lang, time_zone },
            policy: Policy::read(source)?,
        })
    }
}

/// Where Telegram is reached and as which bot. The token is a secret: it is kept in a
/// [`SecretString`] and never printed, not even in `Debug`.
#[derive(Debug, Clone)]
pub struct TelegramSettings {
    /// `TELEGRAM_BOT_TOKEN`, as @BotFather gives it (`<bot id>:<secret>`).
    pub token: SecretString,
    /// `TELEGRAM_API_URL`: the official Bot API, a self-hosted Bot API server, or a test fake.
    pub api_url: Url,
    /// `TELEGRAM_WEBHOOK_URL`: Telegram posts updates to us; `None` polls instead.
    pub webhook: Option<WebhookSettings>,
}

/// Webhook mode: the public URL Telegram posts to. Its path is served on `HTTP_ADDR`, behind
/// whatever proxy serves that URL.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    pub url: Url,
}

/// The official Bot API server.
pub const TELEGRAM_API_URL: &str = "https://api.telegram.org";

impl TelegramSettings {
    pub fn read(source: &impl Source) -> Result<Self, ConfigError> {
        let token = non_empty(source, "TELEGRAM_BOT_TOKEN").ok_or_else(|| ConfigError {
            variable: "TELEGRAM_BOT_TOKEN",
            problem: "is not set; expected the token @BotFather gave the bot (<bot id>:<secret>)"
                .into(),
        })?;
        if !is_bot_token(&token) {
            return Err(ConfigError {
                variable: "TELEGRAM_BOT_TOKEN",
                problem: "is not a bot token; expected <bot id>:<secret> as @BotFather gives it"
                    .into(),
            });
        }
        let api_url =
            non_empty(source, "TELEGRAM_API_URL").unwrap_or_else(|| TELEGRAM_API_URL.to_owned());
        let api_url = Url::parse(&api_url)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
            .ok_or_else(|| ConfigError {
                variable: "TELEGRAM_API_URL",
                problem: "expected an http(s) URL such as https://api.telegram.org".into(),
            })?;
        let webhook = match non_empty(source, "TELEGRAM_WEBHOOK_URL") {
            None => None,
            Some(url) => Some(WebhookSettings {
                url: Url::parse(&url)
                    .ok()
                    .filter(|url| matches!(url.scheme(), "http" | "https") && url.has_host())
                    .ok_or_else(|| ConfigError {
                        variable: "TELEGRAM_WEBHOOK_URL",
                        problem: "expected the public https URL Telegram should post updates to"
                            .into(),
                    })?,
            }),
        };
        Ok(Self {
            token: SecretString::from(token),
            api_url,
            webhook,
        })
    }
}

/// Where `/healthz`, `/readyz`, `/metrics` and the Telegram webhook are served unless
/// `HTTP_ADDR` says otherwise: loopback, so nothing is exposed by accident.
pub const HTTP_ADDR: &str = "127.0.0.1:9024";

/// `HTTP_ADDR`: the address and port of the bot's HTTP server.
pub fn http_addr(source: &impl Source) -> Result<SocketAddr, ConfigError> {
    non_empty(source, "HTTP_ADDR")
        .unwrap_or_else(|| HTTP_ADDR.to_owned())
        .parse()
        .map_err(|_| ConfigError {
            variable: "HTTP_ADDR",
            problem: "expected an address and port such as 127.0.0.1:9024 or 0.0.0.0:9024".into(),
        })
}

/// How log lines are written: `LOG_FORMAT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// One readable line per event, for a terminal.
    #[default]
    Pretty,
    /// One JSON object per line, for a log collector.
    Json,
}

impl LogFormat {
    pub fn read(source: &impl Source) -> Result<LogFormat, ConfigError> {
        match non_empty(source, "LOG_FORMAT").map(|text| text.to_ascii_lowercase()) {
            None => Ok(LogFormat::Pretty),
            Some(text) if text == "pretty" => Ok(LogFormat::Pretty),
            Some(text) if text == "json" => Ok(LogFormat::Json),
            Some(_) => Err(ConfigError {
                variable: "LOG_FORMAT",
                problem: "expected pretty or json".into(),
            }),
        }
    }
}

/// Which way the bot takes part in the portal's own messenger (`B24_CHAT_MODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatMode {
    /// Unset: a Chatbots 2.0 bot when the webhook has the `imbot` scope, else the webhook's own
    /// user answers (decided at start-up, when the scopes are known).
    Auto,
    /// `bot`: a Chatbots 2.0 bot polled with `imbot.v2.Event.get`.
    Bot,
    /// `user`: the webhook's user answers its own private messages, read with `im.*`.
    User,
    /// `off`: no Bitrix24 chat channel.
    Off,
}

/// The Bitrix24 chat channel's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatSettings {
    pub mode: ChatMode,
    /// `B24_CHAT_POLL_IDLE`: how often an idle channel asks the portal for news.
    pub idle_poll: std::time::Duration,
}

/// Idle polling once every 10 s: at the default 2 requests a second, 5 % of the portal's budget.
pub const CHAT_POLL_IDLE: std::time::Duration = std::time::Duration::from_secs(10);

impl ChatSettings {
    pub fn read(source: &impl Source) -> Result<Self, ConfigError> {
        let mode = match non_empty(source, "B24_CHAT_MODE").map(|m| m.to_ascii_lowercase()) {
            None => ChatMode::Auto,
            Some(mode) => match mode.as_str() {
                "bot" => ChatMode::Bot,
                "user" => ChatMode::User,
                "off" => ChatMode::Off,
                _ => {
                    return Err(ConfigError {
                        variable: "B24_CHAT_MODE",
                        problem: "expected bot, user or off".into(),
                    });
                }
            },
        };
        let idle_poll = match non_empty(source, "B24_CHAT_POLL_IDLE") {
            None => CHAT_POLL_IDLE,
            Some(text) => text
                .parse::<u64>()
                .ok()
                .filter(|secs| (1..=60).contains(secs))
                .map(std::time::Duration::from_secs)
                .ok_or_else(|| ConfigError {
                    variable: "B24_CHAT_POLL_IDLE",
                    problem: "expected whole seconds from 1 to 60 (10 by default)".into(),
                })?,
        };
        Ok(Self { mode, idle_poll })
    }
}

/// `<digits>:<letters, digits, _ and ->`: the shape of every Bot API token.
fn is_bot_token(token: &str) -> bool {
    token.split_once(':').is_some_and(|(id, secret)| {
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_digit())
            && !secret.is_empty()
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    })
}

fn non_empty(source: &impl Source, name: &str) -> Option<String> {
    source
        .get(name)
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_chat_mode_and_idle_polling() {
        let settings = ChatSettings::read(&[("B24_CHAT_MODE", "")]).unwrap();
        assert_eq!(settings.mode, ChatMode::Auto);
        assert_eq!(settings.idle_poll, CHAT_POLL_IDLE);
        for (text, mode) in [
            ("bot", ChatMode::Bot),
            ("User", ChatMode::User),
            ("off", ChatMode::Off),
        ] {
            let settings = ChatSettings::read(&[("B24_CHAT_MODE", text)]).unwrap();
            assert_eq!(settings.mode, mode);
        }
        let settings = ChatSettings::read(&[("B24_CHAT_POLL_IDLE", "30")]).unwrap();
        assert_eq!(settings.idle_poll, std::time::Duration::from_secs(30));
        for (name, value) in [
            ("B24_CHAT_MODE", "telegram"),
            ("B24_CHAT_POLL_IDLE", "0"),
            ("B24_CHAT_POLL_IDLE", "61"),
            ("B24_CHAT_POLL_IDLE", "2.5"),
        ] {
            let error = ChatSettings::read(&[(name, value)]).unwrap_err();
            assert_eq!(error.variable, name);
        }
    }

    #[test]
    fn reads_the_webhook_and_the_limits() {
        let settings = PortalSettings::read(&[
            (
                "BITRIX24_WEBHOOK_URL",
                "https://acme.bitrix24.com/rest/1/s3cr3t/",
            ),
            ("B24_RATE", "5"),
            ("B24_BURST", "250"),
        ])
        .unwrap();
        assert_eq!(settings.webhook.user_id(), 1);
        assert_eq!(settings.limits, Limits::ENTERPRISE);
        let settings =
            PortalSettings::read(&[("BITRIX24_WEBHOOK_URL", "https://a.b/rest/1/s/")]).unwrap();
        assert_eq!(settings.limits, Limits::STANDARD);
    }

    #[test]
    fn bot_settings_default_and_refuse_by_name() {
        let settings = BotSettings::read(&[("B24_ADMINS", "1")]).unwrap();
        assert_eq!(settings.database_url, None);
        assert_eq!(settings.defaults.lang, Lang::En);
        assert_eq!(settings.defaults.time_zone, TimeZone::UTC);
        let settings = BotSettings::read(&[
            ("DATABASE_URL", "sqlite:///tmp/x.db"),
            ("BOT_LANG", "RU"),
            ("BOT_TZ", "Europe/Moscow"),
        ])
        .unwrap();
        assert_eq!(settings.database_url.as_deref(), Some("sqlite:///tmp/x.db"));
        assert_eq!(settings.defaults.lang, Lang::Ru);
        for (name, value) in [
            ("DATABASE_URL", "postgres://x"),
            ("BOT_LANG", "de"),
            ("BOT_TZ", "Mars/Olympus"),
            ("B24_VISIBILITY", "some"),
        ] {
            assert_eq!(
                BotSettings::read(&[(name, value)]).unwrap_err().variable,
                name
            );
        }
    }

    #[test]
    fn problems_name_the_variable_and_never_the_secret() {
        let missing = PortalSettings::read(&[("B24_RATE", "2")]).unwrap_err();
        assert_eq!(missing.variable, "BITRIX24_WEBHOOK_URL");
        let malformed =
            PortalSettings::read(&[("BITRIX24_WEBHOOK_URL", "https://a.b/rest/x/s3cr3t/")])
                .unwrap_err();
        assert!(malformed.to_string().starts_with("BITRIX24_WEBHOOK_URL: "));
        assert!(!malformed.to_string().contains("s3cr3t"));
        for (name, value) in [("B24_RATE", "0"), ("B24_RATE", "fast"), ("B24_BURST", "-1")] {
            let error = PortalSettings::read(&[
                ("BITRIX24_WEBHOOK_URL", "https://a.b/rest/1/s/"),
                (name, value),
            ])
            .unwrap_err();
            assert_eq!(error.variable, name);
        }
    }

    #[test]
    fn telegram_settings_need_a_token_and_hide_it() {
        let settings =
            TelegramSettings::read(&[("TELEGRAM_BOT_TOKEN", "123:AAH-s3cr3t_x")]).unwrap();
        assert_eq!(settings.api_url.as_str(), "https://api.telegram.org/");
        assert!(!format!("{settings:?}").contains("s3cr3t"));
        let settings = TelegramSettings::read(&[
            ("TELEGRAM_BOT_TOKEN", "123:abc"),
            ("TELEGRAM_API_URL", "http://127.0.0.1:8081"),
        ])
        .unwrap();
        assert_eq!(settings.api_url.as_str(), "http://127.0.0.1:8081/");
        assert!(settings.webhook.is_none());
        let settings = TelegramSettings::read(&[
            ("TELEGRAM_BOT_TOKEN", "123:abc"),
            ("TELEGRAM_WEBHOOK_URL", "https://bot.example/telegram"),
        ])
        .unwrap();
        let webhook = settings.webhook.unwrap();
        assert_eq!(webhook.url.as_str(), "https://bot.example/telegram");
        for (pairs, variable) in [
            (vec![], "TELEGRAM_BOT_TOKEN"),
            (vec![("TELEGRAM_BOT_TOKEN", "s3cr3t")], "TELEGRAM_BOT_TOKEN"),
            (
                vec![
                    ("TELEGRAM_BOT_TOKEN", "1:a"),
                    ("TELEGRAM_API_URL", "ftp://x"),
                ],
                "TELEGRAM_API_URL",
            ),
            (
                vec![
                    ("TELEGRAM_BOT_TOKEN", "1:a"),
                    ("TELEGRAM_WEBHOOK_URL", "bot.example/tg"),
                ],
                "TELEGRAM_WEBHOOK_URL",
            ),
        ] {
            let source = Pairs(pairs);
            let error = TelegramSettings::read(&source).unwrap_err();
            assert_eq!(error.variable, variable);
            assert!(!error.to_string().contains("s3cr3t"));
        }
    }

    #[test]
    fn the_http_address_and_the_log_format_default_and_refuse_by_name() {
        assert_eq!(
            http_addr(&[("HTTP_ADDR", "")]).unwrap().to_string(),
            HTTP_ADDR
        );
        assert_eq!(
            http_addr(&[("HTTP_ADDR", "0.0.0.0:80")]).unwrap().port(),
            80
        );
        assert_eq!(
            http_addr(&[("HTTP_ADDR", "9024")]).unwrap_err().variable,
            "HTTP_ADDR"
        );
        assert_eq!(
            LogFormat::read(&[("LOG_FORMAT", "")]).unwrap(),
            LogFormat::Pretty
        );
        assert_eq!(
            LogFormat::read(&[("LOG_FORMAT", "JSON")]).unwrap(),
            LogFormat::Json
        );
        let wrong = LogFormat::read(&[("LOG_FORMAT", "xml")]).unwrap_err();
        assert_eq!(wrong.to_string(), "LOG_FORMAT: expected pretty or json");
    }

    struct Pairs(Vec<(&'static str, &'static str)>);

    impl Source for Pairs {
        fn get(&self, name: &str) -> Option<String> {
            self.0
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }
}
