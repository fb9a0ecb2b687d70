//! JSON written the way a portal writes it: PHP's `json_encode` with `JSON_HEX_TAG | JSON_HEX_AMP |
//! JSON_HEX_APOS | JSON_HEX_QUOT | JSON_UNESCAPED_UNICODE` (§1.5). Clients must cope with `\/` and
//! `\u003C` in real answers, so the sandbox answers the same bytes.

use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter, Serializer};

/// Serialises `value` with PHP's escaping.
pub fn to_vec(value: &impl Serialize) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    value.serialize(&mut Serializer::with_formatter(&mut out, PhpFormatter))?;
    Ok(out)
}

struct PhpFormatter;

impl Formatter for PhpFormatter {
    /// serde_json hands over runs of characters it does not escape; PHP escapes some of them.
    fn write_string_fragment<W>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        let mut plain = 0;
        for (index, character) in fragment.char_indices() {
            let escaped: &[u8] = match character {
                '/' => b"\\/",
                '<' => b"\\u003C",
                '>' => b"\\u003E",
                '&' => b"\\u0026",
                '\'' => b"\\u0027",
                // Unescaped Unicode still escapes the JavaScript line terminators.
                '\u{2028}' => b"\\u2028",
                '\u{2029}' => b"\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[plain..index])?;
            writer.write_all(escaped)?;
            plain = index + character.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[plain..])
    }

    fn write_char_escape<W>(&mut self, writer: &mut W, char_escape: CharEscape) -> io::Result<()>
    where
        W: ?Sized + io::Write,
    {
        match char_escape {
            CharEscape::Quote => writer.write_all(b"\\u0022"),
            CharEscape::ReverseSolidus => writer.write_all(b"\\\\"),
            CharEscape::Solidus => writer.write_all(b"\\/"),
            CharEscape::Backspace => writer.write_all(b"\\b"),
            CharEscape::FormFeed => writer.write_all(b"\\f"),
            CharEscape::LineFeed => writer.write_all(b"\\n"),
            CharEscape::CarriageReturn => writer.write_all(b"\\r"),
            CharEscape::Tab => writer.write_all(b"\\t"),
            CharEscape::AsciiControl(byte) => write!(writer, "\\u{byte:04x}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn php(value: &Value) -> String {
        String::from_utf8(to_vec(value).unwrap()).unwrap()
    }

    #[test]
    fn escapes_like_php() {
        let value = json!({"a/b": "[B]x[/B] <br> & 'q' \"d\" Привет \\ \n\t\u{1} \u{2028}", "n": 1.5, "i": 42});
        assert_eq!(
            php(&value),
            r#"{"a\/b":"[B]x[\/B] \u003Cbr\u003E \u0026 \u0027q\u0027 \u0022d\u0022 Привет \\ \n\t\u0001 \u2028","n":1.5,"i":42}"#
        );
    }

    #[test]
    fn reads_back_as_the_same_value() {
        let value =
            json!({"text": "<a href='/x?y=1&z=2'>\"Ссылка\"</a>", "list": [1, "2", null, true]});
        let back: Value = serde_json::from_slice(&to_vec(&value).unwrap()).unwrap();
        assert_eq!(back, value);
    }
}
