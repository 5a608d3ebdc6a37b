//! Where the pages of the print edition begin, in model terms: plain data that PDF layout
//! records while it paginates and the EPUB writer reads to place its page-break markers.
//! Neither side re-parses the other's output; both count text the same way (`counts`).

use super::{ArticleId, Inline};

/// A place inside the blocks of an article (or the imprint).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextPosition {
    /// Indices from the outside in: the block among the article's blocks, then for a list the
    /// item and the block inside it, for a quote the block inside it. One past the last block
    /// stands for what follows the body (the related-articles box).
    pub block: Vec<usize>,
    /// Characters that `counts` accepts, before the position, in the block's text (for a table,
    /// its cells in reading order; for code, all its lines). Always the start of a word.
    pub offset: usize,
}

/// Where one page of the print edition begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStart {
    TitlePage,
    /// The first page of the table of contents.
    Contents,
    /// A page of an article: `None` on its first page (the article's start).
    Article {
        article: ArticleId,
        at: Option<TextPosition>,
    },
    /// A page of the imprint: `None` on its first page.
    Imprint {
        at: Option<TextPosition>,
    },
    /// A page the other outputs have no place for (a continued table of contents).
    Unplaced,
}

/// Whether a character counts for `TextPosition::offset`: all but whitespace and soft hyphens,
/// which the PDF drops or turns into line breaks.
pub fn counts(c: char) -> bool {
    !c.is_whitespace() && c != '\u{ad}'
}

/// The text of an inline as both writers show it, for counting: text and code as written, a
/// footnote mark's number, an inline image's alt text in brackets.
pub fn shown_text(inline: &Inline) -> Option<std::borrow::Cow<'_, str>> {
    match inline {
        Inline::Text(t) | Inline::Code(t) => Some(t.as_str().into()),
        Inline::FootnoteRef { number } => Some(number.to_string().into()),
        Inline::Image { alt, .. } => Some(format!("[{alt}]").into()),
        _ => None,
    }
}

/// How many counted characters a run of inlines shows.
pub fn counted_chars(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. } => counted_chars(c),
            other => shown_text(other).map_or(0, |t| t.chars().filter(|&c| counts(c)).count()),
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_both_writers_show() {
        let inlines = vec![
            Inline::Text("Ge\u{ad}werk schaft ".into()),
            Inline::Strong(vec![Inline::Text("x y".into())]),
            Inline::FootnoteRef { number: 12 },
            Inline::LineBreak,
        ];
        assert_eq!(counted_chars(&inlines), 12 + 2 + 2);
    }
}
