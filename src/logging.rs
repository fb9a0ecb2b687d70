//! Log output: to stderr, filtered by `RUST_LOG`. Nothing logged anywhere carries a webhook
//! secret or a token: URLs with secrets are never passed to the logger.

use tracing_subscriber::EnvFilter;

/// Installs the process-wide subscriber; `default` applies when `RUST_LOG` is unset.
pub fn init(default: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
