//! Which URLs a renderer may turn into links.
//!
//! A link is followed with one tap, so only schemes the bot means to offer become links; any
//! other URL (`javascript:`, `file:`, a bare word) is shown as text for the reader to judge.

/// Whether `url` starts with one of `schemes` (each like `"https://"`, matched ignoring case),
/// has something after it, and holds no whitespace, control character or square bracket: none
/// belongs in a URL, and each could end a link's markup early in some format.
pub(crate) fn linkable(url: &str, schemes: &[&str]) -> bool {
    let has_scheme = schemes.iter().any(|scheme| {
        url.len() > scheme.len()
            && url
                .get(..scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
    });
    has_scheme
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '[' || c == ']')
}

#[cfg(test)]
mod tests {
    use super::linkable;

    const WEB: &[&str] = &["http://", "https://"];

    #[test]
    fn web_urls_are_linkable_in_any_case() {
        assert!(linkable(
            "https://acme.bitrix24.ru/crm/deal/details/7/",
            WEB
        ));
        assert!(linkable("HTTP://acme.test", WEB));
    }

    #[test]
    fn other_schemes_bare_schemes_and_broken_urls_are_not() {
        for url in [
            "javascript:alert(1)",
            "tg://user?id=1",
            "https://",
            "acme.test",
            "https://a.test/x y",
            "https://a.test/]x",
            "https://a.test/\nx",
            "ftp://a.test",
            "",
        ] {
            assert!(!linkable(url, WEB), "{url:?}");
        }
    }

    #[test]
    fn a_multibyte_character_near_the_scheme_does_not_panic() {
        assert!(!linkable("httpя", WEB));
    }
}
