//! Cutting rendered markup into messages that each fit a channel's limit.
//!
//! Where to cut, in order of preference: between blocks, between lines, between words, and
//! only when a single word is longer than a message, between its characters. A block (or line,
//! or word) that fits in a message on its own is never cut: the message ends before it instead.
//!
//! Cuts fall between atoms (see [`super::markup`]), so never inside a tag or an entity. A cut
//! may fall inside an element (a bold title longer than a message): the part before it closes
//! the element and the part after reopens it, so each message is valid markup on its own.
//!
//! Lengths are counted in UTF-16 code units of the markup, tags included. Telegram counts its
//! limit in code units after parsing, Bitrix24 in characters; the markup is never shorter than
//! the text it shows, nor UTF-16 shorter than characters, so the count is safe for both.

use super::markup::{Atom, Level, Tag};

/// The smallest limit the splitter accepts. It leaves room for an open link (whose tags the
/// layout keeps to half the limit) plus a character, so every message makes progress.
pub const MIN_LIMIT: usize = 64;

/// The length the channels' limits are measured in (see the module's notes).
pub(crate) fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

/// `atoms` as messages of at most `limit` units each. Messages that would show only whitespace
/// are left out: no channel can send them.
///
/// # Panics
/// If `limit` is below [`MIN_LIMIT`]; the limits are the channels' constants, so that is a
/// programming error.
pub(crate) fn split(atoms: &[Atom], limit: usize) -> Vec<String> {
    assert!(
        limit >= MIN_LIMIT,
        "a message limit of {limit} is below {MIN_LIMIT}"
    );
    let measure = Measure::new(atoms);
    let mut messages = Vec::new();
    let mut start = 0;
    while start < atoms.len() {
        let end = measure.cut(start, limit);
        if atoms[start..end].iter().any(|a| matches!(a, Atom::Text(_))) {
            messages.push(measure.message(start, end));
        }
        start = end;
    }
    messages
}

/// Running lengths and open elements at every position between atoms.
struct Measure<'a> {
    atoms: &'a [Atom],
    /// `before[p]`: units of `atoms[..p]`.
    before: Vec<usize>,
    /// `open[p]`: the tags open at position `p`, outermost first.
    open: Vec<Vec<&'a Tag>>,
}

impl<'a> Measure<'a> {
    fn new(atoms: &'a [Atom]) -> Self {
        let mut before = Vec::with_capacity(atoms.len() + 1);
        let mut open = Vec::with_capacity(atoms.len() + 1);
        let mut stack: Vec<&Tag> = Vec::new();
        let mut total = 0;
        before.push(0);
        open.push(Vec::new());
        for atom in atoms {
            total += units(atom.markup(&stack));
            match atom {
                Atom::Open(tag) => stack.push(tag),
                Atom::Close => {
                    stack.pop();
                }
                Atom::Text(_) | Atom::Break { .. } => {}
            }
            before.push(total);
            open.push(stack.clone());
        }
        Measure {
            atoms,
            before,
            open,
        }
    }

    /// The units of a message holding `atoms[from..to]`, with the tags open at `from`
    /// reopened and those open at `to` closed.
    fn cost(&self, from: usize, to: usize) -> usize {
        let reopen: usize = self.open[from].iter().map(|tag| units(&tag.open)).sum();
        let close: usize = self.open[to].iter().map(|tag| units(&tag.close)).sum();
        reopen + self.before[to] - self.before[from] + close
    }

    /// Where the message starting at `start` ends.
    fn cut(&self, start: usize, limit: usize) -> usize {
        let n = self.atoms.len();
        // The cost only grows with the end: an open tag adds itself and its close, a close
        // moves its length from the closing tail into the body.
        let fit = (start + 1..=n)
            .take_while(|&end| self.cost(start, end) <= limit)
            .last()
            // MIN_LIMIT makes the first atom always fit; should that ever break, one atom too
            // many still beats a loop that never ends.
            .unwrap_or(start + 1);
        if fit == n {
            return n;
        }
        let end = [Level::Block, Level::Line, Level::Word]
            .into_iter()
            .find_map(|level| self.whole_unit_cut(start, fit, level, limit))
            .unwrap_or_else(|| self.character_cut(start, fit));
        self.past_closes(end)
    }

    /// The start of the unit (block, line or word) that `fit` falls in, when that start lies
    /// after `start` and the unit fits in a message of its own.
    fn whole_unit_cut(
        &self,
        start: usize,
        fit: usize,
        level: Level,
        limit: usize,
    ) -> Option<usize> {
        let unit_start = (start + 1..=fit)
            .rev()
            .find(|&p| self.breaks_at(p, level))?;
        let unit_end = (fit + 1..=self.atoms.len())
            .find(|&p| self.breaks_at(p, level))
            .unwrap_or(self.atoms.len());
        (self.cost(unit_start, unit_end) <= limit).then_some(unit_start)
    }

    /// The last position in the window after a character, not after an opening tag (which
    /// would leave an empty element behind).
    fn character_cut(&self, start: usize, fit: usize) -> usize {
        (start + 1..=fit)
            .rev()
            .find(|&p| !matches!(self.atoms[p - 1], Atom::Open(_)))
            .unwrap_or(fit)
    }

    /// Whether position `p` follows a break of at least `level`.
    fn breaks_at(&self, p: usize, level: Level) -> bool {
        matches!(self.atoms[p - 1], Atom::Break { level: l, .. } if l >= level)
    }

    /// Closing tags right after a cut belong to the message before it: they cost what its
    /// closing tail would, and the next message need not open an element only to close it.
    fn past_closes(&self, mut end: usize) -> usize {
        while matches!(self.atoms.get(end), Some(Atom::Close)) {
            end += 1;
        }
        end
    }

    fn message(&self, from: usize, to: usize) -> String {
        let mut text = String::new();
        for tag in &self.open[from] {
            text.push_str(&tag.open);
        }
        for (i, atom) in self.atoms[from..to].iter().enumerate() {
            text.push_str(atom.markup(&self.open[from + i]));
        }
        for tag in self.open[to].iter().rev() {
            text.push_str(&tag.close);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::markup::{Atoms, Markup};

    /// A markup with short tags and one entity, so that the cases below are easy to count.
    struct Angle;

    impl Markup for Angle {
        const LINK_SCHEMES: &'static [&'static str] = &["https://"];

        fn bold(&self) -> Tag {
            Tag {
                open: "<b>".into(),
                close: "</b>".into(),
            }
        }

        fn italic(&self) -> Tag {
            Tag {
                open: "<i>".into(),
                close: "</i>".into(),
            }
        }

        fn link(&self, url: &str) -> Tag {
            Tag {
                open: format!("<a href=\"{url}\">"),
                close: "</a>".into(),
            }
        }

        fn escape(&self, c: char, _rest: &str) -> String {
            if c == '&' { "&amp;".into() } else { c.into() }
        }
    }

    fn atoms(build: impl FnOnce(&mut Atoms<Angle>)) -> Vec<Atom> {
        let mut atoms = Atoms::new(&Angle);
        build(&mut atoms);
        atoms.into_atoms()
    }

    fn words(n: usize, word: &str) -> String {
        vec![word; n].join(" ")
    }

    #[test]
    fn a_reply_that_fits_is_one_message() {
        let atoms = atoms(|a| {
            a.wrapped(Angle.bold(), "Deal");
            a.block_break();
            a.text("Acme & Co");
        });
        assert_eq!(split(&atoms, 64), ["<b>Deal</b>\n\nAcme &amp; Co"]);
    }

    #[test]
    fn a_block_that_fits_the_next_message_is_not_cut() {
        let first = "a".repeat(40);
        let second = words(8, "bbbb");
        let atoms = atoms(|a| {
            a.text(&first);
            a.block_break();
            a.text(&second);
        });
        assert_eq!(split(&atoms, 64), [format!("{first}\n\n"), second]);
    }

    #[test]
    fn a_block_too_long_for_a_message_is_cut_between_lines() {
        let line = words(10, "cc");
        let atoms = atoms(|a| {
            a.text(&words(3, "x"));
            a.block_break();
            a.text(&[line.as_str(); 3].join("\n"));
        });
        assert_eq!(
            split(&atoms, 64),
            [format!("x x x\n\n{line}\n"), format!("{line}\n{line}")]
        );
    }

    #[test]
    fn a_line_too_long_for_a_message_is_cut_between_words() {
        let text = words(20, "word_12345");
        let messages = split(&atoms(|a| a.text(&text)), 64);
        assert_eq!(messages.concat(), text);
        for message in &messages {
            assert!(units(message) <= 64, "{message:?}");
            assert!(
                message
                    .split(' ')
                    .all(|w| w.is_empty() || w == "word_12345")
            );
        }
    }

    #[test]
    fn a_word_longer_than_a_message_is_cut_between_characters_but_not_entities() {
        let word = "&".repeat(100);
        let messages = split(&atoms(|a| a.text(&word)), 64);
        assert_eq!(messages.concat(), "&amp;".repeat(100));
        for message in &messages {
            assert!(units(message) <= 64);
            assert_eq!(message.replace("&amp;", ""), "", "{message:?}");
        }
    }

    #[test]
    fn an_element_cut_in_two_is_closed_and_reopened() {
        let messages = split(&atoms(|a| a.wrapped(Angle.bold(), &words(20, "bold"))), 64);
        assert!(messages.len() > 1);
        for message in &messages {
            assert!(units(message) <= 64);
            assert!(
                message.starts_with("<b>") && message.ends_with("</b>"),
                "{message:?}"
            );
        }
    }

    #[test]
    fn a_closing_tag_right_after_a_cut_stays_before_it() {
        let bold = format!("{} ", "a".repeat(55));
        let atoms = atoms(|a| {
            a.wrapped(Angle.bold(), &bold);
            a.text("bbbbbbbbbb");
        });
        assert_eq!(
            split(&atoms, 64),
            [format!("<b>{bold}</b>"), "bbbbbbbbbb".into()]
        );
    }

    #[test]
    fn a_message_of_only_whitespace_is_left_out() {
        let text = format!("a{}", " ".repeat(100));
        assert_eq!(
            split(&atoms(|a| a.text(&text)), 64),
            [format!("a{}", " ".repeat(63))]
        );
    }

    #[test]
    fn nothing_gives_no_message() {
        assert!(split(&[], 64).is_empty());
    }

    #[test]
    #[should_panic(expected = "below 64")]
    fn a_limit_too_small_for_a_link_and_a_character_is_refused() {
        split(&[], 63);
    }
}
