//! Sizes of the soak tests: small by default so `cargo test` stays quick, full with
//! `SOAK_SCALE=full` (README.md, "Soak tests").

/// `small` normally, `full` when `SOAK_SCALE=full`.
pub fn size(small: usize, full: usize) -> usize {
    if std::env::var("SOAK_SCALE").is_ok_and(|scale| scale == "full") {
        full
    } else {
        small
    }
}
