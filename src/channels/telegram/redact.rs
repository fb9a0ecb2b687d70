//! Keeps the bot token out of logs and errors. teloxide puts it in every request URL, and a
//! network error's text repeats that URL.

use teloxide::RequestError;

use super::Error;

#[derive(Clone)]
pub struct Redactor {
    token: String,
    encoded: String,
}

impl Redactor {
    pub fn new(token: &str) -> Redactor {
        Redactor {
            token: token.to_owned(),
            encoded: token.replace(':', "%3A"),
        }
    }

    /// The error's text without the token.
    pub fn text(&self, error: &RequestError) -> String {
        let text = error.to_string();
        if self.token.is_empty() {
            return text;
        }
        text.replace(&self.token, "***")
            .replace(&self.encoded, "***")
    }

    pub fn error(&self, error: &RequestError) -> Error {
        Error::Telegram(self.text(error))
    }
}

#[cfg(test)]
mod tests {
    use super::Redactor;

    #[test]
    fn the_token_never_shows() {
        let redactor = Redactor::new("123:s3cr3t");
        let error = teloxide::RequestError::InvalidJson {
            source: std::sync::Arc::new(serde_json::from_str::<u8>("x").unwrap_err()),
            raw: "https://api.telegram.org/bot123:s3cr3t/getMe bot123%3As3cr3t".into(),
        };
        let text = redactor.text(&error);
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("bot***/getMe"), "{text}");
    }
}
