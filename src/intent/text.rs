//! Text slots as the contract wants them: trimmed, one pair of surrounding quotes removed, a
//! trailing `.`, `!` or `?` removed; inner case and punctuation kept.

/// Cleans a text slot; `None` when nothing is left.
pub fn clean(text: &str) -> Option<String> {
    let mut text = text.trim();
    text = text.trim_end_matches(['.', '!', '?']).trim_end();
    for (open, close) in [('"', '"'), ('«', '»'), ('\'', '\''), ('“', '”'), ('„', '“')] {
        if let Some(inner) = text.strip_prefix(open).and_then(|t| t.strip_suffix(close)) {
            text = inner.trim();
            break;
        }
    }
    let text = text.trim_end_matches(['.', '!', '?']).trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Collapses runs of whitespace (newlines included) into single spaces.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn trims_quotes_and_final_punctuation() {
        assert_eq!(clean("  Acme Corp.  ").as_deref(), Some("Acme Corp"));
        assert_eq!(clean("«Ромашка»").as_deref(), Some("Ромашка"));
        assert_eq!(clean("\"Acme, Inc.\"").as_deref(), Some("Acme, Inc"));
        assert_eq!(clean("'x'").as_deref(), Some("x"));
        assert_eq!(clean("Are you there?!").as_deref(), Some("Are you there"));
        assert_eq!(clean("O'Neil").as_deref(), Some("O'Neil"));
        assert_eq!(clean(" . ").as_deref(), None);
        assert_eq!(clean("\"\"").as_deref(), None);
    }
}
