//! Telegram's HTML parse mode, following the parser the Bot API server runs (TDLib's
//! `parse_html`): the same supported tags, the same lenient entity decoding and the same error
//! texts with byte offsets, so a message the real server refuses is refused here too.

use serde_json::{Value, json};

/// Text with its markup removed and the entities Telegram would attach, offsets in UTF-16 units.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub text: String,
    pub entities: Vec<Value>,
}

struct Open {
    tag: String,
    argument: String,
    utf16_offset: usize,
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
    "span",
    "pre",
    "code",
    "blockquote",
];

/// TDLib counts `\0` as a space: the end of the text stops every scan the same way.
fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x0b | 0x0c)
}

/// Parses `html` or returns the description after "Bad Request: ".
pub fn parse(html: &str) -> Result<Parsed, String> {
    let bytes = html.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut text = String::new();
    let mut utf16 = 0usize;
    let mut open: Vec<Open> = Vec::new();
    let mut entities: Vec<Value> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'&' {
            if let Some(decoded) = decode_entity(bytes, &mut i)? {
                text.push(decoded);
                utf16 += decoded.len_utf16();
                continue;
            }
        }
        if c != b'<' {
            let ch = html[i..].chars().next().expect("i is on a char boundary");
            text.push(ch);
            utf16 += ch.len_utf16();
            i += ch.len_utf8();
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
            let argument = parse_attributes(html, &mut i, &tag, begin)?;
            if tag == "span" && argument != "spoiler" {
                return Err(unparsable(format!(
                    "Tag \"span\" must have class \"tg-spoiler\" at byte offset {begin}"
                )));
            }
            i += 1;
            open.push(Open {
                tag,
                argument,
                utf16_offset: utf16,
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
            let end_name = &html[begin + 2..i];
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
            let length = utf16 - last.utf16_offset;
            if length > 0 {
                close_entity(&last, length, open.last(), &mut entities);
            }
        }
    }
    if let Some(last) = open.last() {
        return Err(unparsable(format!(
            "Can't find end tag corresponding to start tag \"{}\"",
            last.tag
        )));
    }
    entities.sort_by_key(|entity| entity["offset"].as_u64());
    Ok(Parsed { text, entities })
}

/// Reads the attributes of a start tag up to its `>`; returns the one argument the tag uses.
fn parse_attributes(html: &str, i: &mut usize, tag: &str, begin: usize) -> Result<String, String> {
    let bytes = html.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut argument = String::new();
    while at(*i) != b'>' {
        while at(*i) != 0 && is_space(at(*i)) {
            *i += 1;
        }
        if at(*i) == b'>' {
            break;
        }
        let name_begin = *i;
        while !is_space(at(*i)) && at(*i) != b'=' {
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
            return Err(unparsable(format!(
                "Expected equal sign in declaration of an attribute of the tag \"{tag}\" at byte offset {begin}"
            )));
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
            let mut value = String::new();
            while at(*i) != quote && at(*i) != 0 {
                if at(*i) == b'&' {
                    if let Some(decoded) = decode_entity(bytes, i)? {
                        value.push(decoded);
                        continue;
                    }
                }
                let ch = html[*i..].chars().next().expect("on a char boundary");
                value.push(ch);
                *i += ch.len_utf8();
            }
            if at(*i) == quote {
                *i += 1;
            }
            value
        };
        if at(*i) == 0 {
            return Err(unparsable(format!(
                "Unclosed start tag at byte offset {begin}"
            )));
        }
        match (tag, name) {
            ("a", "href") | ("tg-emoji", "emoji-id") => argument = value,
            ("code", "class") if value.starts_with("language-") => {
                argument = value["language-".len()..].to_owned()
            }
            ("span", "class") if value.starts_with("tg-") => argument = value[3..].to_owned(),
            ("blockquote", "expandable") => argument = "1".to_owned(),
            _ => {}
        }
    }
    Ok(argument)
}

/// Decodes `&lt;`, `&gt;`, `&amp;`, `&quot;` and numeric references, the `;` being optional.
/// Anything else is not an entity and stays literal text, as in TDLib; a reference to a
/// surrogate would make the text invalid UTF-8, which Telegram refuses.
fn decode_entity(bytes: &[u8], pos: &mut usize) -> Result<Option<char>, String> {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let start = *pos;
    let mut end = start + 1;
    let code: u32;
    if at(end) == b'#' {
        end += 1;
        let mut value: u32 = 0;
        let hex = at(end) == b'x';
        if hex {
            end += 1;
        }
        while (hex && at(end).is_ascii_hexdigit()) || (!hex && at(end).is_ascii_digit()) {
            let digit = (at(end) as char).to_digit(16).expect("a digit");
            value = value * if hex { 16 } else { 10 } + digit;
            end += 1;
            if value >= 0x10ffff {
                return Ok(None);
            }
        }
        if value == 0 || end - start >= 10 {
            return Ok(None);
        }
        code = value;
    } else {
        while at(end).is_ascii_alphabetic() {
            end += 1;
        }
        code = match &bytes[start + 1..end] {
            b"lt" => '<' as u32,
            b"gt" => '>' as u32,
            b"amp" => '&' as u32,
            b"quot" => '"' as u32,
            _ => return Ok(None),
        };
    }
    let decoded = char::from_u32(code).ok_or("strings must be encoded in UTF-8")?;
    *pos = if at(end) == b';' { end + 1 } else { end };
    Ok(Some(decoded))
}

fn close_entity(closed: &Open, length: usize, parent: Option<&Open>, entities: &mut Vec<Value>) {
    let offset = closed.utf16_offset;
    let entity = match closed.tag.as_str() {
        "b" | "strong" => json!({"type": "bold"}),
        "i" | "em" => json!({"type": "italic"}),
        "s" | "strike" | "del" => json!({"type": "strikethrough"}),
        "u" | "ins" => json!({"type": "underline"}),
        "tg-spoiler" | "span" => json!({"type": "spoiler"}),
        "tg-emoji" => json!({"type": "custom_emoji", "custom_emoji_id": closed.argument}),
        "blockquote" if closed.argument == "1" => json!({"type": "expandable_blockquote"}),
        "blockquote" => json!({"type": "blockquote"}),
        "a" if closed.argument.is_empty() => return,
        "a" => json!({"type": "text_link", "url": closed.argument}),
        // `<pre><code class="language-x">` is one pre entity with a language.
        "code" if parent.is_some_and(|p| p.tag == "pre" && p.utf16_offset == offset) => {
            if !closed.argument.is_empty() {
                entities.push(json!({"type": "pre", "offset": offset, "length": length,
                                     "language": closed.argument}));
            }
            return;
        }
        "code" => json!({"type": "code"}),
        _ => {
            let has_language = entities
                .iter()
                .any(|e| e["type"] == "pre" && e["offset"] == offset && e["length"] == length);
            if has_language {
                return;
            }
            json!({"type": "pre"})
        }
    };
    let mut entity = entity;
    entity["offset"] = json!(offset);
    entity["length"] = json!(length);
    entities.push(entity);
}

fn unparsable(reason: String) -> String {
    format!("can't parse entities: {reason}")
}

/// The UTF-16 length Telegram measures text limits and entity offsets in.
pub fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}
