//! How blocks are laid out in the markup formats (HTML and BB-code), which differ only in their
//! tags and escaping.
//!
//! The layout never puts two user strings side by side, so the escaping of one string never
//! needs to know its neighbour.

use super::link::linkable;
use super::markup::{Atom, Atoms, Markup};
use super::model::{Block, Item, Reply};
use super::split::units;

/// The atoms of `reply`'s blocks (buttons are the channel's keyboard, not text). A link whose
/// tags would take more than `link_budget` units is shown as text, so that one absurd URL
/// cannot leave no room for the words in a message.
pub(crate) fn layout<M: Markup>(reply: &Reply, markup: &M, link_budget: usize) -> Vec<Atom> {
    let mut out = Layout {
        atoms: Atoms::new(markup),
        link_budget,
    };
    for (n, block) in reply.blocks.iter().filter(|b| !b.is_empty()).enumerate() {
        if n > 0 {
            out.atoms.block_break();
        }
        out.block(block);
    }
    out.atoms.into_atoms()
}

struct Layout<'m, M> {
    atoms: Atoms<'m, M>,
    link_budget: usize,
}

impl<M: Markup> Layout<'_, M> {
    fn block(&mut self, block: &Block) {
        let markup = self.atoms.markup();
        match block {
            Block::Title(text) => self.atoms.wrapped(markup.bold(), text),
            Block::Text(text) => self.atoms.text(text),
            Block::Fields(fields) => {
                for (n, field) in fields.iter().enumerate() {
                    if n > 0 {
                        self.atoms.line_break();
                    }
                    self.atoms.wrapped(markup.bold(), &field.label);
                    self.atoms.text(": ");
                    self.maybe_linked(&field.value, field.url.as_deref());
                }
            }
            Block::List { items, numbered } => {
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        self.atoms.line_break();
                    }
                    self.item(item, numbered.then_some(n + 1));
                }
            }
            Block::Link { label, url } => self.maybe_linked(label, Some(url)),
            Block::Notice { tone, text } => {
                self.atoms.text(tone.emoji());
                self.atoms.text(" ");
                self.atoms.text(text);
            }
        }
    }

    fn item(&mut self, item: &Item, number: Option<usize>) {
        match number {
            Some(number) => self.atoms.text(&format!("{number}. ")),
            None => self.atoms.text("• "),
        }
        self.maybe_linked(&item.text, item.url.as_deref());
        if let Some(detail) = &item.detail {
            self.atoms.line_break();
            self.atoms.text("   ");
            let italic = self.atoms.markup().italic();
            self.atoms.wrapped(italic, detail);
        }
    }

    /// `label` linked to `url`, or, when the URL may not be linked, `label: url` as text so the
    /// reader still sees where it points.
    fn maybe_linked(&mut self, label: &str, url: Option<&str>) {
        let Some(url) = url else {
            self.atoms.text(label);
            return;
        };
        let markup = self.atoms.markup();
        let tag = linkable(url, M::LINK_SCHEMES)
            .then(|| markup.link(url))
            .filter(|tag| units(&tag.open) + units(&tag.close) <= self.link_budget);
        match tag {
            Some(tag) => self.atoms.wrapped(tag, label),
            None => {
                self.atoms.text(label);
                self.atoms.text(": ");
                self.atoms.text(url);
            }
        }
    }
}
