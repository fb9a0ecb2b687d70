//! Localisation: Fluent messages and locale formatting.
