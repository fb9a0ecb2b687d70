//! The reply model and the builder handlers write it with.

use super::button::Button;

/// What the bot answers: blocks of content and rows of buttons. It knows no channel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reply {
    pub blocks: Vec<Block>,
    /// Rows of buttons, top to bottom. Channels that have keyboards show them as such; the
    /// console numbers them.
    pub buttons: Vec<Vec<Button>>,
    /// A file sent with the reply, after its text. Telegram sends it as a document, the
    /// console writes it to its downloads folder.
    pub attachment: Option<Attachment>,
}

/// A file a reply carries: its name and bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The bytes are left out: a log line should not hold a file.
impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("name", &self.name)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// One piece of content. Renderers separate blocks with a blank line and keep a block in one
/// message when it fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading, shown bold.
    Title(String),
    /// A paragraph.
    Text(String),
    /// `Label: value` lines.
    Fields(Vec<Field>),
    /// Bullets, or `1.` `2.` `3.` when `numbered`.
    List { items: Vec<Item>, numbered: bool },
    /// A link on its own line.
    Link { label: String, url: String },
    /// A short message with a tone, shown with an emoji in front.
    Notice { tone: Tone, text: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub value: String,
    /// Where the value links to, if anywhere.
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    /// Where the text links to, if anywhere.
    pub url: Option<String>,
    /// A second, quieter line under the text.
    pub detail: Option<String>,
}

impl Block {
    /// Whether the block shows nothing (no fields, no items, no words): renderers leave it out,
    /// with the blank line that would have set it apart.
    pub fn is_empty(&self) -> bool {
        match self {
            Block::Title(text) | Block::Text(text) => text.is_empty(),
            Block::Fields(fields) => fields.is_empty(),
            Block::List { items, .. } => items.is_empty(),
            Block::Link { .. } | Block::Notice { .. } => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Success,
    Warning,
    Error,
}

impl Tone {
    /// The emoji in front of a notice: the same in every language, so not in `locales/`.
    pub fn emoji(self) -> &'static str {
        match self {
            Tone::Info => "ℹ️",
            Tone::Success => "✅",
            Tone::Warning => "⚠️",
            Tone::Error => "❌",
        }
    }
}

impl Field {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Field {
            label: label.into(),
            value: value.into(),
            url: None,
        }
    }

    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }
}

impl Item {
    pub fn new(text: impl Into<String>) -> Self {
        Item {
            text: text.into(),
            url: None,
            detail: None,
        }
    }

    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl Reply {
    pub fn new() -> Self {
        Reply::default()
    }

    pub fn title(self, text: impl Into<String>) -> Self {
        self.block(Block::Title(text.into()))
    }

    pub fn text(self, text: impl Into<String>) -> Self {
        self.block(Block::Text(text.into()))
    }

    /// A `Label: value` line. Consecutive fields form one block, so a card's fields stay
    /// together.
    pub fn field(self, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.field_with(Field::new(label, value))
    }

    /// A field built with [`Field::new`], for a value that links somewhere.
    pub fn field_with(mut self, field: Field) -> Self {
        match self.blocks.last_mut() {
            Some(Block::Fields(fields)) => fields.push(field),
            _ => self.blocks.push(Block::Fields(vec![field])),
        }
        self
    }

    /// A bulleted list.
    pub fn bullets(self, items: impl IntoIterator<Item = Item>) -> Self {
        self.list(items, false)
    }

    /// A numbered list.
    pub fn numbered(self, items: impl IntoIterator<Item = Item>) -> Self {
        self.list(items, true)
    }

    fn list(self, items: impl IntoIterator<Item = Item>, numbered: bool) -> Self {
        self.block(Block::List {
            items: items.into_iter().collect(),
            numbered,
        })
    }

    pub fn link(self, label: impl Into<String>, url: impl Into<String>) -> Self {
        self.block(Block::Link {
            label: label.into(),
            url: url.into(),
        })
    }

    pub fn notice(self, tone: Tone, text: impl Into<String>) -> Self {
        self.block(Block::Notice {
            tone,
            text: text.into(),
        })
    }

    pub fn block(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }

    /// A row of buttons under the content. An empty row is left out.
    pub fn button_row(mut self, row: impl IntoIterator<Item = Button>) -> Self {
        let row: Vec<Button> = row.into_iter().collect();
        if !row.is_empty() {
            self.buttons.push(row);
        }
        self
    }

    /// Sends a file with the reply.
    pub fn attach(mut self, attachment: Attachment) -> Self {
        self.attachment = Some(attachment);
        self
    }

    /// The buttons in reading order, as the console numbers them (from 1).
    pub fn buttons_in_order(&self) -> impl Iterator<Item = &Button> {
        self.buttons.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_fields_share_a_block_and_a_title_between_separates_them() {
        let reply = Reply::new()
            .field("a", "1")
            .field_with(Field::new("b", "2").url("https://x.test/"))
            .title("t")
            .field("c", "3");
        assert_eq!(reply.blocks.len(), 3);
        assert!(matches!(&reply.blocks[0], Block::Fields(f) if f.len() == 2));
        assert!(matches!(&reply.blocks[2], Block::Fields(f) if f.len() == 1));
    }

    #[test]
    fn buttons_are_numbered_across_rows_and_empty_rows_are_dropped() {
        let b = |l: &str| Button::new(l, l).unwrap();
        let reply = Reply::new()
            .button_row([b("1"), b("2")])
            .button_row([])
            .button_row([b("3")]);
        assert_eq!(reply.buttons.len(), 2);
        let labels: Vec<_> = reply.buttons_in_order().map(Button::label).collect();
        assert_eq!(labels, ["1", "2", "3"]);
    }
}
