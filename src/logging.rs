//! Log output: to stderr, filtered by `RUST_LOG`, as readable lines or JSON (`LOG_FORMAT`).
//! Nothing logged anywhere carries a webhook secret or a token: URLs with secrets are never
//! passed to the logger, and message text is logged at debug level at most.

use tracing_subscriber::EnvFilter;

use crate::config::{self, ConfigError, LogFormat};

/// Installs the process-wide subscriber; `default` applies when `RUST_LOG` is unset. A
/// `LOG_FORMAT` other than `pretty` or `json` is a setting error.
pub fn init(default: &str) -> Result<(), ConfigError> {
    let format = LogFormat::read(&config::Environment)?;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // Only a subscriber installed earlier (a test's) makes these fail; it then keeps logging.
    let _ = match format {
        LogFormat::Pretty => builder.try_init(),
        // The span's fields (channel, user, intent) go into each line, so a collector can
        // group an exchange without parsing text.
        LogFormat::Json => builder.json().with_current_span(true).try_init(),
    };
    Ok(())
}
