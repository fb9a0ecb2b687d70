//! Buttons: a label the user sees and an action token the channel sends back when pressed.

/// The most bytes an action may have: Telegram's `callback_data` limit, the strictest channel.
pub const MAX_ACTION_BYTES: usize = 64;

/// A button. Its action is checked once here, so no channel has to reject it at send time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    label: String,
    action: String,
}

impl Button {
    /// A button whose `action` (opaque to the channels) is 1 to [`MAX_ACTION_BYTES`] bytes.
    pub fn new(label: impl Into<String>, action: impl Into<String>) -> Result<Self, ButtonError> {
        let action = action.into();
        if action.is_empty() {
            return Err(ButtonError::EmptyAction);
        }
        if action.len() > MAX_ACTION_BYTES {
            return Err(ButtonError::ActionTooLong {
                bytes: action.len(),
            });
        }
        Ok(Button {
            label: label.into(),
            action,
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    pub fn action(&self) -> &str {
        &self.action
    }
}

/// Why an action cannot be carried by a button. A programming error, not the user's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ButtonError {
    #[error("a button action must not be empty")]
    EmptyAction,
    #[error("a button action has {bytes} bytes, more than the {MAX_ACTION_BYTES} channels carry")]
    ActionTooLong { bytes: usize },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_of_64_bytes_fits_and_65_does_not() {
        assert!(Button::new("ok", "a".repeat(64)).is_ok());
        assert_eq!(
            Button::new("ok", "a".repeat(65)),
            Err(ButtonError::ActionTooLong { bytes: 65 })
        );
    }

    #[test]
    fn the_limit_counts_bytes_not_characters() {
        // 33 Cyrillic letters are 66 bytes in UTF-8.
        assert!(Button::new("ok", "я".repeat(33)).is_err());
        assert!(Button::new("ok", "я".repeat(32)).is_ok());
    }

    #[test]
    fn an_empty_action_is_refused() {
        assert_eq!(Button::new("ok", ""), Err(ButtonError::EmptyAction));
    }
}
