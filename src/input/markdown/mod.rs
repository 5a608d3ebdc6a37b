//! A Markdown body → model blocks and footnotes. The one place Markdown is parsed: a stack of
//! open elements turns pulldown-cmark's events into blocks and inlines; links and images are
//! resolved in `targets`, raw HTML is reduced to the few inline elements the model has in `html`.

mod html;
mod targets;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, Diagnostics};
use crate::input::assets::AssetStore;
use crate::model::links::url_scheme;
use crate::model::{Align, ArticleId, AssetId, Block, Footnote, Inline, LinkTarget};
use crate::source::{FileId, Loader};
use crate::text::slug::IdSet;
use crate::text::smartquotes::SmartQuotes;
use html::html_inline;

/// What the parser needs to know about the article and the issue around it.
pub(crate) struct BodyContext<'a> {
    /// Path of the article (or imprint) relative to the issue folder.
    pub(crate) path: &'a str,
    pub(crate) file: FileId,
    /// Index of this article, for links to its own headings; `None` for the imprint.
    pub(crate) article: Option<ArticleId>,
    pub(crate) lang: &'a str,
    /// Article paths (normalised, relative to the issue folder) → article index.
    pub(crate) articles: &'a HashMap<String, ArticleId>,
    pub(crate) loader: &'a dyn Loader,
}

/// The parsed body.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub(crate) blocks: Vec<Block>,
    pub(crate) footnotes: Vec<Footnote>,
    /// Links to a heading (`other.md#id`, `#id`), checked once every article is read.
    pub(crate) fragments: Vec<FragmentLink>,
}

/// A link to a fragment of an article, with where it is written.
#[derive(Debug, Clone)]
pub(crate) struct FragmentLink {
    pub(crate) article: ArticleId,
    pub(crate) fragment: String,
    pub(crate) file: FileId,
    pub(crate) range: Range<usize>,
}

/// The pulldown-cmark options heft supports: CommonMark plus GFM tables, footnotes and
/// strikethrough, and `{#id}` heading attributes.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses `text[offset..]` as the body of the article at `ctx.path`.
pub(crate) fn parse_body(
    text: &str,
    offset: usize,
    ctx: &BodyContext,
    assets: &mut AssetStore,
    diags: &mut Diagnostics,
) -> Body {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(&text[offset..], options())
        .into_offset_iter()
        .map(|(event, range)| (event, range.start + offset..range.end + offset))
        .collect();
    let numbers = number_footnotes(&events);
    let mut builder = BodyBuilder::new(ctx, text, assets, diags, numbers);
    for (event, range) in events {
        builder.event(event, range);
    }
    builder.finish()
}

/// Footnote labels → numbers, in order of first reference (body first, then notes).
fn number_footnotes(events: &[(Event, Range<usize>)]) -> HashMap<String, u32> {
    let mut outside = Vec::new();
    let mut inside = Vec::new();
    let mut depth = 0usize;
    for (event, _) in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::FootnoteDefinition) => depth = depth.saturating_sub(1),
            Event::FootnoteReference(label) => {
                let list = if depth == 0 { &mut outside } else { &mut inside };
                list.push(label.to_string());
            }
            _ => {}
        }
    }
    let mut numbers = HashMap::new();
    for label in outside.into_iter().chain(inside) {
        let next = numbers.len() as u32 + 1;
        numbers.entry(label).or_insert(next);
    }
    numbers
}

/// What an open element is, with what it collects until it closes.
#[derive(Debug)]
enum OpenKind {
    Root,
    Paragraph,
    Heading {
        level: u8,
        id: Option<String>,
    },
    BlockQuote,
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item,
    Table {
        align: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        row: Vec<Vec<Inline>>,
    },
    Cell,
    Emphasis,
    Strong,
    Strikethrough,
    Link {
        target: Option<LinkTarget>,
    },
    Image {
        asset: Option<AssetId>,
    },
    FootnoteDefinition {
        label: String,
    },
    CodeBlock,
    HtmlBlock,
    /// An inline HTML element the model has (`<sup>`, `<em>`…), opened by a raw tag.
    Html {
        tag: String,
    },
    /// Blocks heft does not render (metadata).
    Ignored,
}

/// An element whose start event came and whose end has not: what it has built so far.
struct OpenElement {
    kind: OpenKind,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    /// Raw text (code blocks, image alt text).
    text: String,
}

impl OpenElement {
    fn new(kind: OpenKind) -> OpenElement {
        OpenElement { kind, blocks: Vec::new(), inlines: Vec::new(), text: String::new() }
    }

    /// Inline content that arrives directly in a block container (tight list items) forms a
    /// paragraph when a block follows.
    fn flush_inlines(&mut self) {
        if !self.inlines.is_empty() {
            let inlines = std::mem::take(&mut self.inlines);
            if !inlines_are_blank(&inlines) {
                self.blocks.push(Block::Paragraph(trim_inlines(inlines)));
            }
        }
    }

    fn take_blocks(&mut self) -> Vec<Block> {
        self.flush_inlines();
        std::mem::take(&mut self.blocks)
    }
}

/// Turns the events of one body into blocks, footnotes and diagnostics.
struct BodyBuilder<'a, 'b> {
    ctx: &'a BodyContext<'a>,
    assets: &'b mut AssetStore,
    diags: &'b mut Diagnostics,
    numbers: HashMap<String, u32>,
    stack: Vec<OpenElement>,
    notes: HashMap<String, Vec<Block>>,
    ids: IdSet,
    quotes: SmartQuotes,
    /// Inside `<script>`, `<style>` and the like: their text is dropped.
    skip_depth: usize,
    /// The outermost dropped element open now: its name and where it was opened. Its text is
    /// dropped only up to the end of the block; left open there, it is an error.
    skip_opened: Option<(String, Range<usize>)>,
    /// The body's text, to see whether an HTML block is ever closed.
    source: &'a str,
    warned_html: bool,
    fragments: Vec<FragmentLink>,
}

impl<'a, 'b> BodyBuilder<'a, 'b> {
    fn new(
        ctx: &'a BodyContext<'a>,
        source: &'a str,
        assets: &'b mut AssetStore,
        diags: &'b mut Diagnostics,
        numbers: HashMap<String, u32>,
    ) -> Self {
        BodyBuilder {
            ctx,
            assets,
            diags,
            numbers,
            stack: vec![OpenElement::new(OpenKind::Root)],
            notes: HashMap::new(),
            ids: IdSet::default(),
            quotes: SmartQuotes::new(ctx.lang),
            skip_depth: 0,
            skip_opened: None,
            source,
            warned_html: false,
            fragments: Vec::new(),
        }
    }

    fn top(&mut self) -> &mut OpenElement {
        self.stack.last_mut().expect("the root element stays")
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.skip_depth > 0 {
            return;
        }
        match self.top().kind {
            OpenKind::Image { .. } | OpenKind::CodeBlock | OpenKind::HtmlBlock | OpenKind::Ignored => {}
            _ => self.top().inlines.push(inline),
        }
    }

    fn push_block(&mut self, block: Block) {
        let top = self.top();
        top.flush_inlines();
        top.blocks.push(block);
    }

    fn event(&mut self, event: Event, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                self.quotes.word();
                self.push_inline(Inline::Code(clean_text(&code)));
            }
            Event::SoftBreak => {
                self.quotes.space();
                self.text_raw(" ");
            }
            Event::HardBreak => {
                self.quotes.space();
                self.push_inline(Inline::LineBreak);
            }
            Event::Rule => self.push_block(Block::Rule),
            Event::FootnoteReference(label) => self.footnote_reference(&label, range),
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html, range),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text_raw(&math),
            Event::TaskListMarker(done) => self.text_raw(if done { "☒ " } else { "☐ " }),
        }
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        let kind = match tag {
            Tag::Paragraph => OpenKind::Paragraph,
            Tag::Heading { level, id, .. } => {
                OpenKind::Heading { level: heading_level(level), id: id.map(|id| id.to_string()) }
            }
            Tag::BlockQuote(_) => OpenKind::BlockQuote,
            Tag::CodeBlock(_) => OpenKind::CodeBlock,
            Tag::HtmlBlock => {
                self.check_html_block_closed(range);
                OpenKind::HtmlBlock
            }
            Tag::List(start) => OpenKind::List { start, items: Vec::new() },
            Tag::Item => OpenKind::Item,
            Tag::FootnoteDefinition(label) => OpenKind::FootnoteDefinition { label: label.to_string() },
            Tag::Table(align) => OpenKind::Table {
                align: align.iter().map(|a| convert_align(*a)).collect(),
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            },
            Tag::TableHead | Tag::TableRow => return,
            Tag::TableCell => OpenKind::Cell,
            Tag::Emphasis => OpenKind::Emphasis,
            Tag::Strong => OpenKind::Strong,
            Tag::Strikethrough => OpenKind::Strikethrough,
            Tag::Superscript | Tag::Subscript => OpenKind::Emphasis,
            Tag::Link { link_type, dest_url, .. } => match self.link_target(&dest_url, range) {
                // An autolink shows its URL as text: a refused URL must not stay as text either.
                None if matches!(link_type, LinkType::Autolink) && url_scheme(&dest_url).is_some() => OpenKind::Ignored,
                target => OpenKind::Link { target },
            },
            Tag::Image { dest_url, .. } => OpenKind::Image { asset: self.image(&dest_url, range) },
            Tag::MetadataBlock(_) | Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                OpenKind::Ignored
            }
        };
        if matches!(kind, OpenKind::Paragraph | OpenKind::Heading { .. } | OpenKind::Cell | OpenKind::Item) {
            self.quotes = SmartQuotes::new(self.ctx.lang);
        }
        if matches!(
            kind,
            OpenKind::Item
                | OpenKind::BlockQuote
                | OpenKind::List { .. }
                | OpenKind::Table { .. }
                | OpenKind::CodeBlock
        ) {
            self.top().flush_inlines();
        }
        self.stack.push(OpenElement::new(kind));
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                if let OpenKind::Table { header, row, .. } = &mut self.top().kind {
                    *header = std::mem::take(row);
                }
                return;
            }
            TagEnd::TableRow => {
                if let OpenKind::Table { rows, row, .. } = &mut self.top().kind {
                    rows.push(std::mem::take(row));
                }
                return;
            }
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => self.check_dropped_element_closed(),
            _ => {}
        }
        // Raw HTML elements left open inside this element close with it.
        while matches!(self.top().kind, OpenKind::Html { .. }) {
            self.close_top();
        }
        if self.stack.len() > 1 {
            self.close_top();
        }
    }

    /// Pops the top element and attaches what it built to its parent.
    fn close_top(&mut self) {
        let mut element = self.stack.pop().expect("checked by caller");
        let kind = std::mem::replace(&mut element.kind, OpenKind::Ignored);
        match kind {
            OpenKind::Root => unreachable!("the root element is never closed"),
            OpenKind::Paragraph => {
                let inlines = trim_inlines(element.inlines);
                match figure(&inlines) {
                    Some(block) => self.push_block(block),
                    None if !inlines_are_blank(&inlines) => self.push_block(Block::Paragraph(inlines)),
                    None => {}
                }
            }
            OpenKind::Heading { level, id } => {
                let text = Inline::plain_text(&element.inlines);
                let id = match id {
                    Some(id) => self.ids.unique(&crate::text::slug::heading_slug(&id)),
                    None => self.ids.for_heading(&text),
                };
                self.push_block(Block::Heading { level, id, content: trim_inlines(element.inlines) });
            }
            OpenKind::BlockQuote => {
                let blocks = element.take_blocks();
                self.push_block(Block::BlockQuote(blocks));
            }
            OpenKind::List { start, items } => self.push_block(Block::List { start, items }),
            OpenKind::Item => {
                let blocks = element.take_blocks();
                if let OpenKind::List { items, .. } = &mut self.top().kind {
                    items.push(blocks);
                }
            }
            OpenKind::Table { align, header, rows, .. } => self.push_block(Block::Table { align, header, rows }),
            OpenKind::Cell => {
                let inlines = trim_inlines(element.inlines);
                if let OpenKind::Table { row, .. } = &mut self.top().kind {
                    row.push(inlines);
                }
            }
            OpenKind::Emphasis => self.push_inline(Inline::Emphasis(element.inlines)),
            OpenKind::Strong => self.push_inline(Inline::Strong(element.inlines)),
            OpenKind::Strikethrough => self.push_inline(Inline::Strikethrough(element.inlines)),
            OpenKind::Html { tag } => self.push_inline(html_inline(&tag, element.inlines)),
            OpenKind::Link { target: Some(target) } => {
                self.push_inline(Inline::Link { target, content: element.inlines })
            }
            OpenKind::Link { target: None } => {
                for inline in element.inlines {
                    self.push_inline(inline);
                }
            }
            OpenKind::Image { asset: Some(asset) } => {
                self.quotes.word();
                let alt = self.quotes_for_alt(&element.text);
                self.push_inline(Inline::Image { asset, alt });
            }
            OpenKind::Image { asset: None } => {}
            OpenKind::FootnoteDefinition { label } => {
                let blocks = element.take_blocks();
                self.notes.insert(label, blocks);
            }
            OpenKind::CodeBlock => self.push_block(Block::CodeBlock(element.text)),
            OpenKind::HtmlBlock | OpenKind::Ignored => {}
        }
    }

    fn quotes_for_alt(&self, alt: &str) -> String {
        SmartQuotes::new(self.ctx.lang).convert(alt.trim())
    }

    fn text(&mut self, text: &str) {
        if self.skip_depth > 0 {
            return;
        }
        let text = clean_text(text);
        match self.top().kind {
            OpenKind::CodeBlock => self.top().text.push_str(&text),
            OpenKind::Image { .. } => self.top().text.push_str(&text),
            OpenKind::HtmlBlock | OpenKind::Ignored => {}
            _ => {
                let converted = self.quotes.convert(&text);
                self.push_text(converted);
            }
        }
    }

    /// Text that needs no smart punctuation.
    fn text_raw(&mut self, text: &str) {
        match self.top().kind {
            OpenKind::CodeBlock | OpenKind::Image { .. } => self.top().text.push_str(text),
            _ => self.push_text(text.to_string()),
        }
    }

    /// Appends text, merging with a preceding text node.
    fn push_text(&mut self, text: String) {
        if self.skip_depth > 0 {
            return;
        }
        if let Some(Inline::Text(last)) = self.top().inlines.last_mut() {
            last.push_str(&text);
        } else {
            self.push_inline(Inline::Text(text));
        }
    }

    fn footnote_reference(&mut self, label: &str, range: Range<usize>) {
        match self.numbers.get(label) {
            Some(&number) => {
                self.quotes.word();
                self.push_inline(Inline::FootnoteRef { number });
            }
            None => self.diags.push(
                Diagnostic::error(format!("footnote [^{label}] in {} is not numbered", self.ctx.path))
                    .at(self.ctx.file, Some(range))
                    .hint(format!("add a line `[^{label}]: …` with the note")),
            ),
        }
    }

    fn finish(mut self) -> Body {
        while self.stack.len() > 1 {
            self.close_top();
        }
        let mut root = self.stack.pop().expect("root");
        let blocks = root.take_blocks();
        let mut by_number: Vec<(u32, String)> =
            self.numbers.iter().map(|(label, number)| (*number, label.clone())).collect();
        by_number.sort();
        let mut footnotes = Vec::new();
        for (number, label) in by_number {
            let blocks = self.notes.remove(&label).unwrap_or_else(|| {
                self.diags.push(
                    Diagnostic::error(format!("footnote [^{label}] in {} has no text", self.ctx.path))
                        .at(self.ctx.file, None)
                        .hint(format!("add a line `[^{label}]: …` with the note")),
                );
                Vec::new()
            });
            footnotes.push(Footnote { number, id: format!("fn-{number}"), blocks });
        }
        for label in self.notes.keys() {
            self.diags.push(
                Diagnostic::warning(format!("footnote [^{label}] in {} is never referenced", self.ctx.path))
                    .at(self.ctx.file, None),
            );
        }
        Body { blocks, footnotes, fragments: self.fragments }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    // The article title is the level-1 heading; body headings start at 2.
    (level as u8).clamp(2, 6)
}

fn convert_align(align: Alignment) -> Align {
    match align {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// An image alone in its paragraph is a figure; `{.bleed}` right after it (the attribute syntax
/// of Pandoc and kramdown) asks for the figure to run to the page edges in the PDFs.
fn figure(inlines: &[Inline]) -> Option<Block> {
    let (Inline::Image { asset, alt }, rest) = inlines.split_first()? else { return None };
    let attributes: String = rest
        .iter()
        .map(|inline| match inline {
            Inline::Text(text) => Some(text.as_str()),
            _ => None,
        })
        .collect::<Option<String>>()?;
    let bleed = match attributes.trim() {
        "" => false,
        BLEED_ATTRIBUTE => true,
        _ => return None,
    };
    Some(Block::Figure { asset: *asset, alt: alt.clone(), bleed })
}

/// The attribute that marks a figure as running to the page edges.
const BLEED_ATTRIBUTE: &str = "{.bleed}";

fn inlines_are_blank(inlines: &[Inline]) -> bool {
    inlines.iter().all(|inline| matches!(inline, Inline::Text(t) if t.trim().is_empty()))
}

/// Drops leading and trailing white space of a run of inlines.
fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(first)) = inlines.first_mut() {
        *first = first.trim_start().to_string();
    }
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        *last = last.trim_end().to_string();
    }
    inlines.retain(|inline| !matches!(inline, Inline::Text(t) if t.is_empty()));
    inlines
}

/// Removes characters that have no place in text: C0 and C1 controls (tabs become spaces) and
/// non-characters; XML forbids most of them and they have no glyph.
pub(crate) fn clean_text(text: &str) -> String {
    if !text.chars().any(needs_cleaning) {
        return text.to_string();
    }
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' | '\r' => Some(c),
            c if needs_cleaning(c) => None,
            c => Some(c),
        })
        .collect()
}

fn needs_cleaning(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{FFFD}')
}
