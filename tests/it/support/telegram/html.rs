//! Telegram's HTML parse mode, following TDLib's `parse_html` (which the Bot API server runs):
//! the same tags, the same lenient entity decoding, the same error texts with byte offsets, so a
//! message the real server refuses is refused here too.

use serde_json::{Value, json};

use super::links::check_link;

/// Text with its markup removed and the entities Telegram would attach, offsets in UTF-16 units.
pub struct Parsed {
    pub text: String,
    pub entities: Vec<Value>,
}

struct Open {
    tag: String,
    argument: String,
    unix_time: i64,
    utf16_offset: usize,
    text_offset: usize,
}

struct Entity {
    kind: &'static str,
    offset: usize,
    length: usize,
    argument: String,
    unix_time: i64,
}

const TAGS: &[&str] = &[
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "tg-time",
    "span",
    "pre",
    "code",
    "blockquote",
];

/// TDLib counts `\0` as a space: the end of the text stops every scan the same way.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x0b | 0x0c)
}

fn unparsable(reason: String) -> String {
    format!("can't parse entities: {reason}")
}

/// Parses `html` or returns the description after "Bad Request: ".
pub fn parse(html: &str) -> Result<Parsed, String> {
    let bytes = html.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    // Bytes, not a String: a numeric reference may decode to half a surrogate pair, which
    // TDLib only refuses once the whole text is decoded.
    let mut text: Vec<u8> = Vec::new();
    let mut utf16 = 0usize;
    let mut open: Vec<Open> = Vec::new();
    let mut entities: Vec<Entity> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'&' {
            if let Some(code) = decode_entity(bytes, &mut i) {
                utf16 += 1 + usize::from(code > 0xffff);
                push_code_point(&mut text, code);
                continue;
            }
        }
        if c != b'<' {
            // Counts a UTF-16 unit at the first byte of each character, two for 4-byte ones.
            if c & 0xc0 != 0x80 {
                utf16 += 1 + usize::from(c >= 0xf0);
            }
            text.push(c);
            i += 1;
            continue;
        }
        let begin = i;
        i += 1;
        if at(i) != b'/' {
            while !is_space(at(i)) && at(i) != b'>' {
                i += 1;
            }
            if at(i) == 0 {
                return Err(unparsable(format!(
                    "Unclosed start tag at byte offset {begin}"
                )));
            }
            let tag = html[begin + 1..i].to_lowercase();
            if !TAGS.contains(&tag.as_str()) {
                return Err(unparsable(format!(
                    "Unsupported start tag \"{tag}\" at byte offset {begin}"
                )));
            }
            let (argument, unix_time) = parse_attributes(html, &mut i, &tag, begin)?;
            if tag == "span" && argument != "spoiler" {
                return Err(unparsable(format!(
                    "Tag \"span\" must have class \"tg-spoiler\" at byte offset {begin}"
                )));
            }
            i += 1;
            open.push(Open {
                tag,
                argument,
                unix_time,
                utf16_offset: utf16,
                text_offset: text.len(),
            });
        } else {
            let Some(last) = open.pop() else {
                return Err(unparsable(format!(
                    "Unexpected end tag at byte offset {begin}"
                )));
            };
            i += 1;
            while !is_space(at(i)) && at(i) != b'>' {
                i += 1;
            }
            let end_name = html[begin + 2..i].to_lowercase();
            while at(i) != 0 && is_space(at(i)) {
                i += 1;
            }
            if at(i) != b'>' {
                return Err(unparsable(format!(
                    "Unclosed end tag at byte offset {begin}"
                )));
            }
            i += 1;
            if !end_name.is_empty() && end_name != last.tag {
                return Err(unparsable(format!(
                    "Unmatched end tag at byte offset {begin}, expected \"</{}>\", found \"</{end_name}>\"",
                    last.tag
                )));
            }
            if utf16 > last.utf16_offset {
                close_entity(last, utf16, &text, &mut entities)?;
            }
        }
    }
    if let Some(last) = open.last() {
        return Err(unparsable(format!(
            "Can't find end tag corresponding to start tag \"{}\"",
            last.tag
        )));
    }
    let text = String::from_utf8(text).map_err(|_| {
        unparsable("Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units".to_owned())
    })?;
    entities.sort_by_key(|entity| (entity.offset, std::cmp::Reverse(entity.length)));
    Ok(Parsed {
        text,
        entities: entities.into_iter().map(entity_json).collect(),
    })
}

/// UTF-8 for any code point, surrogates included (as TDLib writes them before its check).
fn push_code_point(text: &mut Vec<u8>, code: u32) {
    match char::from_u32(code) {
        Some(ch) => text.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes()),
        None => text.extend_from_slice(&[
            0xe0 | (code >> 12) as u8,
            0x80 | ((code >> 6) & 0x3f) as u8,
            0x80 | (code & 0x3f) as u8,
        ]),
    }
}

/// Reads the attributes of a start tag up to its `>`; returns what the tag keeps of them.
fn parse_attributes(
    html: &str,
    i: &mut usize,
    tag: &str,
    begin: usize,
) -> Result<(String, i64), String> {
    let bytes = html.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut argument = String::new();
    let mut unix_time = 0;
    while at(*i) != b'>' {
        while at(*i) != 0 && is_space(at(*i)) {
            *i += 1;
        }
        if at(*i) == b'>' {
            break;
        }
        let name_begin = *i;
        while !is_space(at(*i)) && !matches!(at(*i), b'=' | b'>' | b'/' | b'"' | b'\'') {
            *i += 1;
        }
        let name = &html[name_begin..*i];
        if name.is_empty() {
            return Err(unparsable(format!(
                "Empty attribute name in the tag \"{tag}\" at byte offset {begin}"
            )));
        }
        while at(*i) != 0 && is_space(at(*i)) {
            *i += 1;
        }
        if at(*i) != b'=' {
            // An attribute without a value: only `<blockquote expandable>` means anything.
            if at(*i) == 0 {
                return Err(unparsable(format!(
                    "Unclosed start tag \"{tag}\" at byte offset {begin}"
                )));
            }
            if tag == "blockquote" && name == "expandable" {
                argument = "1".to_owned();
            }
            continue;
        }
        *i += 1;
        while at(*i) != 0 && is_space(at(*i)) {
            *i += 1;
        }
        if at(*i) == 0 {
            return Err(unparsable(format!(
                "Unclosed start tag \"{tag}\" at byte offset {begin}"
            )));
        }
        let value = if at(*i) != b'\'' && at(*i) != b'"' {
            let token_begin = *i;
            while at(*i).is_ascii_alphanumeric() || at(*i) == b'.' || at(*i) == b'-' {
                *i += 1;
            }
            if !is_space(at(*i)) && at(*i) != b'>' {
                return Err(unparsable(format!(
                    "Unexpected end of name token at byte offset {token_begin}"
                )));
            }
            html[token_begin..*i].to_lowercase()
        } else {
            let quote = at(*i);
            *i += 1;
            let mut value = Vec::new();
            while at(*i) != quote && at(*i) != 0 {
                if at(*i) == b'&' {
                    if let Some(code) = decode_entity(bytes, i) {
                        push_code_point(&mut value, code);
                        continue;
                    }
                }
                value.push(at(*i));
                *i += 1;
            }
            if at(*i) == quote {
                *i += 1;
            }
            String::from_utf8_lossy(&value).into_owned()
        };
        if at(*i) == 0 {
            return Err(unparsable(format!(
                "Unclosed start tag at byte offset {begin}"
            )));
        }
        match (tag, name) {
            ("a", "href") | ("tg-emoji", "emoji-id") | ("tg-time", "format") => argument = value,
            ("code", "class") if value.starts_with("language-") => {
                argument = value["language-".len()..].to_owned()
            }
            ("span", "class") if value.starts_with("tg-") => argument = value[3..].to_owned(),
            ("blockquote", "expandable") => argument = "1".to_owned(),
            ("tg-time", "unix") => unix_time = value.parse().unwrap_or(0),
            _ => {}
        }
    }
    Ok((argument, unix_time))
}

/// Decodes `&lt;`, `&gt;`, `&amp;`, `&quot;` and numeric references, the `;` being optional.
/// Anything else is not an entity and stays literal text, as in TDLib.
fn decode_entity(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let start = *pos;
    let mut end = start + 1;
    let code = if at(end) == b'#' {
        end += 1;
        let radix = if at(end) == b'x' {
            end += 1;
            16
        } else {
            10
        };
        let mut value: u64 = 0;
        while let Some(digit) = (at(end) as char).to_digit(radix) {
            value = (value * u64::from(radix) + u64::from(digit)).min(u64::from(u32::MAX));
            end += 1;
        }
        if value == 0 || value >= 0x10ffff || end - start >= 10 {
            return None;
        }
        value as u32
    } else {
        while at(end).is_ascii_alphabetic() {
            end += 1;
        }
        match &bytes[start + 1..end] {
            b"lt" => u32::from('<'),
            b"gt" => u32::from('>'),
            b"amp" => u32::from('&'),
            b"quot" => u32::from('"'),
            _ => return None,
        }
    };
    *pos = if at(end) == b';' { end + 1 } else { end };
    Some(code)
}

fn close_entity(
    closed: Open,
    utf16: usize,
    text: &[u8],
    entities: &mut Vec<Entity>,
) -> Result<(), String> {
    let offset = closed.utf16_offset;
    let length = utf16 - offset;
    let same_span = |entity: &Entity| entity.offset == offset && entity.length == length;
    let plain = |kind: &'static str| Some((kind, String::new()));
    let made = match closed.tag.as_str() {
        "i" | "em" => plain("italic"),
        "b" | "strong" => plain("bold"),
        "s" | "strike" | "del" => plain("strikethrough"),
        "u" | "ins" => plain("underline"),
        "tg-spoiler" | "span" => plain("spoiler"),
        "tg-emoji" if closed.argument.parse::<i64>().is_ok_and(|id| id != 0) => {
            Some(("custom_emoji", closed.argument))
        }
        "tg-emoji" => {
            return Err(unparsable(
                "Invalid custom emoji identifier specified".to_owned(),
            ));
        }
        "tg-time" if closed.unix_time > 0 => Some(("date_time", closed.argument)),
        "tg-time" => None,
        "a" => {
            // Without an href the link is the text itself; a link TDLib cannot check is dropped.
            let url = if closed.argument.is_empty() {
                String::from_utf8_lossy(&text[closed.text_offset..]).into_owned()
            } else {
                closed.argument
            };
            check_link(&url).ok().map(|url| ("text_link", url))
        }
        // `<pre><code class="language-x">` (in either nesting) is one pre with a language.
        "pre" => match entities.last_mut() {
            Some(last) if last.kind == "code" && same_span(last) && !last.argument.is_empty() => {
                last.kind = "pre";
                None
            }
            _ => plain("pre"),
        },
        "code" => match entities.last_mut() {
            Some(last) if last.kind == "pre" && same_span(last) && !closed.argument.is_empty() => {
                last.argument = closed.argument;
                None
            }
            _ => Some(("code", closed.argument)),
        },
        _ if closed.argument.is_empty() => plain("blockquote"),
        _ => plain("expandable_blockquote"),
    };
    if let Some((kind, argument)) = made {
        entities.push(Entity {
            kind,
            offset,
            length,
            argument,
            unix_time: closed.unix_time,
        });
    }
    Ok(())
}

fn entity_json(entity: Entity) -> Value {
    let mut json = json!({"type": entity.kind, "offset": entity.offset, "length": entity.length});
    match entity.kind {
        "text_link" => json["url"] = json!(entity.argument),
        "custom_emoji" => json["custom_emoji_id"] = json!(entity.argument),
        "pre" if !entity.argument.is_empty() => json["language"] = json!(entity.argument),
        "date_time" => {
            json["unix_time"] = json!(entity.unix_time);
            if !entity.argument.is_empty() {
                json["date_time_format"] = json!(entity.argument);
            }
        }
        _ => {}
    }
    json
}

/// The UTF-16 length entity offsets are measured in.
pub fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}
