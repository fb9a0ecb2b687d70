//! Plain text for the terminal: the console channel of `b24bot demo`.
//!
//! There is no markup to escape, but a terminal obeys control characters (an escape sequence in
//! a deal's title could recolour or clear the screen), so every control character other than a
//! line feed or a tab is shown as `�`.
//!
//! Buttons become numbered choices (`[1] Confirm  [2] Edit`) that the user answers by typing the
//! number; [`choice`] maps the answer back to the button. Alignment counts characters, which
//! is exact for the alphabets the bot speaks.

use super::button::Button;
use super::model::{Block, Field, Item, Reply};

/// `reply` as text, blocks separated by a blank line, buttons last. No trailing line feed.
pub fn render(reply: &Reply) -> String {
    let mut parts: Vec<String> = reply
        .blocks
        .iter()
        .filter(|b| !b.is_empty())
        .map(block)
        .collect();
    if !reply.buttons.is_empty() {
        parts.push(buttons(reply));
    }
    parts.join("\n\n")
}

/// The button the user chose by typing its number, if `input` is one of them.
pub fn choice<'r>(reply: &'r Reply, input: &str) -> Option<&'r Button> {
    let number: usize = input.trim().parse().ok()?;
    reply.buttons_in_order().nth(number.checked_sub(1)?)
}

fn block(block: &Block) -> String {
    match block {
        Block::Title(text) => title(&clean(text)),
        Block::Text(text) => clean(text),
        Block::Fields(fields) => self::fields(fields),
        Block::List { items, numbered } => list(items, *numbered),
        Block::Link { label, url } => format!("{}: {}", clean(label), clean(url)),
        Block::Notice { tone, text } => format!("{} {}", tone.emoji(), clean(text)),
    }
}

/// The title over a rule as wide as its longest line.
fn title(text: &str) -> String {
    let width = text.lines().map(width).max().unwrap_or(0);
    format!("{text}\n{}", "=".repeat(width))
}

/// `Label: value` with the values in one column; a value's further lines stay in it.
fn fields(fields: &[Field]) -> String {
    let labels: Vec<String> = fields
        .iter()
        .map(|field| format!("{}:", clean(&field.label)))
        .collect();
    let column = labels.iter().map(|label| width(label)).max().unwrap_or(0) + 1;
    let lines: Vec<String> = fields
        .iter()
        .zip(&labels)
        .map(|(field, label)| {
            let value = with_url(&field.value, field.url.as_deref());
            let value = indent_after_first(&value, column);
            format!("{label}{}{value}", " ".repeat(column - width(label)))
        })
        .collect();
    lines.join("\n")
}

fn list(items: &[Item], numbered: bool) -> String {
    let mut out = String::new();
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let marker = if numbered {
            format!("{}. ", n + 1)
        } else {
            "• ".to_string()
        };
        let text = with_url(&item.text, item.url.as_deref());
        out.push_str(&marker);
        out.push_str(&indent_after_first(&text, width(&marker)));
        if let Some(detail) = &item.detail {
            out.push('\n');
            out.push_str(&" ".repeat(width(&marker)));
            out.push_str(&indent_after_first(&clean(detail), width(&marker)));
        }
    }
    out
}

fn buttons(reply: &Reply) -> String {
    let mut number = 0;
    let rows: Vec<String> = reply
        .buttons
        .iter()
        .map(|row| {
            let choices: Vec<String> = row
                .iter()
                .map(|button| {
                    number += 1;
                    format!("[{number}] {}", clean(button.label()))
                })
                .collect();
            choices.join("  ")
        })
        .collect();
    rows.join("\n")
}

fn with_url(text: &str, url: Option<&str>) -> String {
    match url {
        Some(url) => format!("{} ({})", clean(text), clean(url)),
        None => clean(text),
    }
}

/// Lines after the first, moved right by `column` so that they line up under the first.
fn indent_after_first(text: &str, column: usize) -> String {
    text.replace('\n', &format!("\n{}", " ".repeat(column)))
}

fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn width(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(label: &str) -> Button {
        Button::new(label, label.to_lowercase()).unwrap()
    }

    #[test]
    fn fields_line_up_and_a_long_value_keeps_its_column() {
        let reply = Reply::new().field("Id", "7").field("Company", "Acme\nLtd");
        assert_eq!(render(&reply), "Id:      7\nCompany: Acme\n         Ltd");
    }

    #[test]
    fn a_title_is_underlined_to_its_width() {
        assert_eq!(render(&Reply::new().title("Сделка")), "Сделка\n======");
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let reply = Reply::new().text("a\u{1b}[2Jb\u{9b}c\td");
        assert_eq!(render(&reply), "a\u{FFFD}[2Jb\u{FFFD}c\td");
    }

    #[test]
    fn buttons_are_numbered_across_rows_and_a_typed_number_finds_them() {
        let reply = Reply::new()
            .text("Save?")
            .button_row([b("Confirm"), b("Edit")])
            .button_row([b("Cancel")]);
        assert_eq!(render(&reply), "Save?\n\n[1] Confirm  [2] Edit\n[3] Cancel");
        assert_eq!(choice(&reply, " 3 ").map(Button::action), Some("cancel"));
        assert_eq!(choice(&reply, "0"), None);
        assert_eq!(choice(&reply, "4"), None);
        assert_eq!(choice(&reply, "Edit"), None);
    }
}
