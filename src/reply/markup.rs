//! Markup as a sequence of atoms, the form the HTML and BB-code renderers share.
//!
//! A rendered reply is kept as atoms rather than a string so that the splitter can only cut
//! between them: an atom is a whole tag, one escaped character (`&amp;` is one atom) or a break
//! between words, lines or blocks. Nothing can then cut a tag or an entity in two.

/// A place where a message may be cut, from the most to the least preferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    Word,
    Line,
    Block,
}

/// A pair of tags: what opens an element and what closes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    pub open: String,
    pub close: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Atom {
    Open(Tag),
    /// Closes the innermost open tag.
    Close,
    /// One visible character as the format writes it.
    Text(String),
    /// Whitespace the message may be cut after; it stays with the part before the cut.
    Break {
        level: Level,
        text: &'static str,
    },
}

impl Atom {
    /// The atom as it appears in the message.
    pub(crate) fn markup<'a>(&'a self, open: &'a [&'a Tag]) -> &'a str {
        match self {
            Atom::Open(tag) => &tag.open,
            Atom::Close => open.last().map_or("", |tag| tag.close.as_str()),
            Atom::Text(text) => text,
            Atom::Break { text, .. } => text,
        }
    }
}

/// What a format contributes: its tags and its escaping of text.
pub(crate) trait Markup {
    /// The URL schemes this format links (each like `"https://"`).
    const LINK_SCHEMES: &'static [&'static str];

    fn bold(&self) -> Tag;
    fn italic(&self) -> Tag;
    /// A link to `url`, already known to be [linkable](super::link::linkable).
    fn link(&self, url: &str) -> Tag;
    /// Character `c` as text; `rest` is what follows it in the same string, for formats where
    /// a sequence of characters, not one, would be read as markup.
    fn escape(&self, c: char, rest: &str) -> String;
}

/// Builds the atoms of one message.
pub(crate) struct Atoms<'m, M> {
    markup: &'m M,
    atoms: Vec<Atom>,
}

impl<'m, M: Markup> Atoms<'m, M> {
    pub(crate) fn new(markup: &'m M) -> Self {
        Atoms {
            markup,
            atoms: Vec::new(),
        }
    }

    pub(crate) fn markup(&self) -> &'m M {
        self.markup
    }

    /// Text, escaped. Spaces and tabs become word breaks and line feeds line breaks, so even
    /// a long paragraph from a user can be cut between its words.
    pub(crate) fn text(&mut self, text: &str) {
        for (at, c) in text.char_indices() {
            let atom = match c {
                ' ' => Atom::Break {
                    level: Level::Word,
                    text: " ",
                },
                '\t' => Atom::Break {
                    level: Level::Word,
                    text: "\t",
                },
                '\n' => Atom::Break {
                    level: Level::Line,
                    text: "\n",
                },
                _ => Atom::Text(self.markup.escape(c, &text[at + c.len_utf8()..])),
            };
            self.atoms.push(atom);
        }
    }

    /// `text` inside `tag`; nothing for empty text, as an empty element is only noise.
    pub(crate) fn wrapped(&mut self, tag: Tag, text: &str) {
        if text.is_empty() {
            return;
        }
        self.atoms.push(Atom::Open(tag));
        self.text(text);
        self.atoms.push(Atom::Close);
    }

    pub(crate) fn line_break(&mut self) {
        self.atoms.push(Atom::Break {
            level: Level::Line,
            text: "\n",
        });
    }

    /// A blank line between blocks.
    pub(crate) fn block_break(&mut self) {
        self.atoms.push(Atom::Break {
            level: Level::Block,
            text: "\n\n",
        });
    }

    pub(crate) fn into_atoms(self) -> Vec<Atom> {
        self.atoms
    }
}
