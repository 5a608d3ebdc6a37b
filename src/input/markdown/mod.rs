//! A Markdown body → model blocks and footnotes. The one place Markdown is parsed: links are
//! resolved to articles, images loaded as assets, footnotes numbered, smart quotes applied,
//! raw HTML reduced to the few inline elements the model has.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, Diagnostics};
use crate::input::assets::AssetStore;
use crate::model::{Align, ArticleId, AssetId, Block, Footnote, Inline, LinkTarget};
use crate::source::{parent_dir, resolve_relative, FileId, Loader};
use crate::text::slug::IdSet;
use crate::text::smartquotes::SmartQuotes;

/// What the parser needs to know about the article and the issue around it.
pub struct Context<'a> {
    /// Path of the article (or imprint) relative to the issue folder.
    pub path: &'a str,
    pub file: FileId,
    /// Index of this article, for links to its own headings; `None` for the imprint.
    pub article: Option<ArticleId>,
    pub lang: &'a str,
    /// Article paths (normalised, relative to the issue folder) → article index.
    pub articles: &'a HashMap<String, ArticleId>,
    pub loader: &'a dyn Loader,
}

/// The parsed body.
#[derive(Debug, Default)]
pub struct Body {
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    /// Links to a heading (`other.md#id`, `#id`), checked once every article is read.
    pub fragments: Vec<FragmentLink>,
}

/// A link to a fragment of an article, with where it is written.
#[derive(Debug, Clone)]
pub struct FragmentLink {
    pub article: ArticleId,
    pub fragment: String,
    pub file: FileId,
    pub range: Range<usize>,
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
pub fn parse_body(text: &str, offset: usize, ctx: &Context, assets: &mut AssetStore, diags: &mut Diagnostics) -> Body {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(&text[offset..], options())
        .into_offset_iter()
        .map(|(event, range)| (event, range.start + offset..range.end + offset))
        .collect();
    let numbers = number_footnotes(&events);
    let mut builder = Builder::new(ctx, assets, diags, numbers);
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

#[derive(Debug)]
enum Kind {
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

struct Frame {
    kind: Kind,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    /// Raw text (code blocks, image alt text).
    text: String,
}

impl Frame {
    fn new(kind: Kind) -> Frame {
        Frame { kind, blocks: Vec::new(), inlines: Vec::new(), text: String::new() }
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

struct Builder<'a, 'b> {
    ctx: &'a Context<'a>,
    assets: &'b mut AssetStore,
    diags: &'b mut Diagnostics,
    numbers: HashMap<String, u32>,
    stack: Vec<Frame>,
    notes: HashMap<String, Vec<Block>>,
    ids: IdSet,
    quotes: SmartQuotes,
    /// Inside `<script>`, `<style>` and the like: their text is dropped.
    skip_depth: usize,
    warned_html: bool,
    fragments: Vec<FragmentLink>,
}

/// Raw HTML elements whose content must never reach a reader.
const DROPPED_ELEMENTS: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "title", "svg", "math",
    "video", "audio", "form", "select",
];

impl<'a, 'b> Builder<'a, 'b> {
    fn new(
        ctx: &'a Context<'a>,
        assets: &'b mut AssetStore,
        diags: &'b mut Diagnostics,
        numbers: HashMap<String, u32>,
    ) -> Self {
        Builder {
            ctx,
            assets,
            diags,
            numbers,
            stack: vec![Frame::new(Kind::Root)],
            notes: HashMap::new(),
            ids: IdSet::default(),
            quotes: SmartQuotes::new(ctx.lang),
            skip_depth: 0,
            warned_html: false,
            fragments: Vec::new(),
        }
    }

    fn top(&mut self) -> &mut Frame {
        self.stack.last_mut().expect("the root frame stays")
    }

    fn push_inline(&mut self, inline: Inline) {
        if self.skip_depth > 0 {
            return;
        }
        match self.top().kind {
            Kind::Image { .. } | Kind::CodeBlock | Kind::HtmlBlock | Kind::Ignored => {}
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
            Tag::Paragraph => Kind::Paragraph,
            Tag::Heading { level, id, .. } => {
                Kind::Heading { level: heading_level(level), id: id.map(|id| id.to_string()) }
            }
            Tag::BlockQuote(_) => Kind::BlockQuote,
            Tag::CodeBlock(_) => Kind::CodeBlock,
            Tag::HtmlBlock => Kind::HtmlBlock,
            Tag::List(start) => Kind::List { start, items: Vec::new() },
            Tag::Item => Kind::Item,
            Tag::FootnoteDefinition(label) => Kind::FootnoteDefinition { label: label.to_string() },
            Tag::Table(align) => Kind::Table {
                align: align.iter().map(|a| convert_align(*a)).collect(),
                header: Vec::new(),
                rows: Vec::new(),
                row: Vec::new(),
            },
            Tag::TableHead | Tag::TableRow => return,
            Tag::TableCell => Kind::Cell,
            Tag::Emphasis => Kind::Emphasis,
            Tag::Strong => Kind::Strong,
            Tag::Strikethrough => Kind::Strikethrough,
            Tag::Superscript | Tag::Subscript => Kind::Emphasis,
            Tag::Link { link_type, dest_url, .. } => match self.link_target(&dest_url, range) {
                // An autolink shows its URL as text: a refused URL must not stay as text either.
                None if matches!(link_type, LinkType::Autolink) && url_scheme(&dest_url).is_some() => Kind::Ignored,
                target => Kind::Link { target },
            },
            Tag::Image { dest_url, .. } => Kind::Image { asset: self.image(&dest_url, range) },
            Tag::MetadataBlock(_) | Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                Kind::Ignored
            }
        };
        if matches!(kind, Kind::Paragraph | Kind::Heading { .. } | Kind::Cell | Kind::Item) {
            self.quotes = SmartQuotes::new(self.ctx.lang);
        }
        if matches!(kind, Kind::Item | Kind::BlockQuote | Kind::List { .. } | Kind::Table { .. } | Kind::CodeBlock) {
            self.top().flush_inlines();
        }
        self.stack.push(Frame::new(kind));
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::TableHead => {
                if let Kind::Table { header, row, .. } = &mut self.top().kind {
                    *header = std::mem::take(row);
                }
                return;
            }
            TagEnd::TableRow => {
                if let Kind::Table { rows, row, .. } = &mut self.top().kind {
                    rows.push(std::mem::take(row));
                }
                return;
            }
            _ => {}
        }
        // Raw HTML elements left open inside this element close with it.
        while matches!(self.top().kind, Kind::Html { .. }) {
            self.close_top();
        }
        if self.stack.len() > 1 {
            self.close_top();
        }
    }

    /// Pops the top frame and attaches what it built to its parent.
    fn close_top(&mut self) {
        let mut frame = self.stack.pop().expect("checked by caller");
        let kind = std::mem::replace(&mut frame.kind, Kind::Ignored);
        match kind {
            Kind::Root => unreachable!("the root frame is never closed"),
            Kind::Paragraph => {
                let inlines = trim_inlines(frame.inlines);
                match figure(&inlines) {
                    Some(block) => self.push_block(block),
                    None if !inlines_are_blank(&inlines) => self.push_block(Block::Paragraph(inlines)),
                    None => {}
                }
            }
            Kind::Heading { level, id } => {
                let text = Inline::plain_text(&frame.inlines);
                let id = match id {
                    Some(id) => self.ids.unique(&crate::text::slug::heading_slug(&id)),
                    None => self.ids.for_heading(&text),
                };
                self.push_block(Block::Heading { level, id, content: trim_inlines(frame.inlines) });
            }
            Kind::BlockQuote => {
                let blocks = frame.take_blocks();
                self.push_block(Block::BlockQuote(blocks));
            }
            Kind::List { start, items } => self.push_block(Block::List { start, items }),
            Kind::Item => {
                let blocks = frame.take_blocks();
                if let Kind::List { items, .. } = &mut self.top().kind {
                    items.push(blocks);
                }
            }
            Kind::Table { align, header, rows, .. } => self.push_block(Block::Table { align, header, rows }),
            Kind::Cell => {
                let inlines = trim_inlines(frame.inlines);
                if let Kind::Table { row, .. } = &mut self.top().kind {
                    row.push(inlines);
                }
            }
            Kind::Emphasis => self.push_inline(Inline::Emphasis(frame.inlines)),
            Kind::Strong => self.push_inline(Inline::Strong(frame.inlines)),
            Kind::Strikethrough => self.push_inline(Inline::Strikethrough(frame.inlines)),
            Kind::Html { tag } => self.push_inline(html_inline(&tag, frame.inlines)),
            Kind::Link { target: Some(target) } => self.push_inline(Inline::Link { target, content: frame.inlines }),
            Kind::Link { target: None } => {
                for inline in frame.inlines {
                    self.push_inline(inline);
                }
            }
            Kind::Image { asset: Some(asset) } => {
                self.quotes.word();
                let alt = self.quotes_for_alt(&frame.text);
                self.push_inline(Inline::Image { asset, alt });
            }
            Kind::Image { asset: None } => {}
            Kind::FootnoteDefinition { label } => {
                let blocks = frame.take_blocks();
                self.notes.insert(label, blocks);
            }
            Kind::CodeBlock => self.push_block(Block::CodeBlock(frame.text)),
            Kind::HtmlBlock | Kind::Ignored => {}
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
            Kind::CodeBlock => self.top().text.push_str(&text),
            Kind::Image { .. } => self.top().text.push_str(&text),
            Kind::HtmlBlock | Kind::Ignored => {}
            _ => {
                let converted = self.quotes.convert(&text);
                self.push_text(converted);
            }
        }
    }

    /// Text that needs no smart punctuation.
    fn text_raw(&mut self, text: &str) {
        match self.top().kind {
            Kind::CodeBlock | Kind::Image { .. } => self.top().text.push_str(text),
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

    fn warn_html(&mut self, range: Range<usize>) {
        if !self.warned_html {
            self.warned_html = true;
            self.diags.push(
                Diagnostic::warning(format!("raw HTML in {} was removed", self.ctx.path))
                    .at(self.ctx.file, Some(range))
                    .hint("heft keeps only <br>, <sup>, <sub>, <em>, <i>, <strong>, <b>, <s> and <del>; write Markdown instead"),
            );
        }
    }

    /// Raw HTML: a few inline elements become model nodes, everything else is dropped.
    fn html(&mut self, html: &str, range: Range<usize>) {
        let in_block = matches!(self.top().kind, Kind::HtmlBlock);
        for tag in raw_tags(html) {
            if tag.comment {
                continue;
            }
            let name = tag.name.as_str();
            if DROPPED_ELEMENTS.contains(&name) && !tag.self_closing {
                self.warn_html(range.clone());
                if in_block {
                    continue;
                }
                if tag.closing {
                    self.skip_depth = self.skip_depth.saturating_sub(1);
                } else {
                    self.skip_depth += 1;
                }
                continue;
            }
            if self.skip_depth > 0 || in_block {
                self.warn_html(range.clone());
                continue;
            }
            match (name, tag.closing) {
                ("br", _) => self.push_inline(Inline::LineBreak),
                ("sup" | "sub" | "em" | "i" | "strong" | "b" | "s" | "del" | "strike", false) => {
                    self.stack.push(Frame::new(Kind::Html { tag: name.to_string() }));
                }
                ("sup" | "sub" | "em" | "i" | "strong" | "b" | "s" | "del" | "strike", true) => {
                    if matches!(&self.top().kind, Kind::Html { tag } if tag == name) {
                        self.close_top();
                    }
                }
                _ => self.warn_html(range.clone()),
            }
        }
    }

    fn link_target(&mut self, url: &str, range: Range<usize>) -> Option<LinkTarget> {
        let target = self.resolve_link(url, range.clone())?;
        if let LinkTarget::Article { article, fragment: Some(fragment) } = &target {
            let file = self.ctx.file;
            self.fragments.push(FragmentLink { article: *article, fragment: fragment.clone(), file, range });
        }
        Some(target)
    }

    fn resolve_link(&mut self, url: &str, range: Range<usize>) -> Option<LinkTarget> {
        let url = url.trim();
        if let Some(fragment) = url.strip_prefix('#') {
            return self.ctx.article.map(|article| LinkTarget::Article {
                article,
                fragment: (!fragment.is_empty()).then(|| fragment.to_string()),
            });
        }
        if let Some(scheme) = url_scheme(url) {
            if SAFE_SCHEMES.contains(&scheme.as_str()) {
                return Some(LinkTarget::External(url.to_string()));
            }
            self.diags.push(
                Diagnostic::warning(format!(
                    "link with the unsafe scheme `{scheme}:` in {} was removed",
                    self.ctx.path
                ))
                .at(self.ctx.file, Some(range)),
            );
            return None;
        }
        if url.starts_with("www.") {
            return Some(LinkTarget::External(format!("https://{url}")));
        }
        let (path, fragment) = match url.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_string()).filter(|f| !f.is_empty())),
            None => (url, None),
        };
        let path = percent_decode(path);
        let resolved = resolve_relative(parent_dir(self.ctx.path), &path);
        if let Some(&article) = resolved.as_ref().and_then(|p| self.ctx.articles.get(p)) {
            return Some(LinkTarget::Article { article, fragment });
        }
        let is_article_link = path.ends_with(".md") || path.ends_with(".markdown");
        let message = if is_article_link {
            format!(
                "{} links to {}, which is not an article of this issue",
                self.ctx.path,
                resolved.as_deref().unwrap_or(&path)
            )
        } else {
            format!("{} links to the file {path}, which is not an article of this issue", self.ctx.path)
        };
        let diagnostic = Diagnostic::error(message)
            .at(self.ctx.file, Some(range))
            .hint("add the article to a section in issue.toml, or link to a web address");
        self.diags.push(diagnostic);
        None
    }

    fn image(&mut self, url: &str, range: Range<usize>) -> Option<AssetId> {
        let url = percent_decode(url.trim());
        let fail = |message: String| Diagnostic::error(message).at(self.ctx.file, Some(range.clone()));
        if url_scheme(&url).is_some() {
            self.diags.push(
                fail(format!("the image {url} in {} is not a file of the issue", self.ctx.path))
                    .hint("download the image into the issue folder and refer to it by a relative path"),
            );
            return None;
        }
        let Some(path) = resolve_relative(parent_dir(self.ctx.path), &url) else {
            self.diags.push(
                fail(format!("the image path {url} in {} leaves the issue folder", self.ctx.path))
                    .hint("copy the image into the issue folder, e.g. images/, and refer to it by a relative path"),
            );
            return None;
        };
        match self.assets.add(&path, self.ctx.loader) {
            Ok(index) => Some(index),
            Err(error) => {
                let hint = error.hint(parent_dir(self.ctx.path));
                self.diags
                    .push(fail(format!("failed to use the image {path} in {} ({error})", self.ctx.path)).hint(hint));
                None
            }
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

fn html_inline(tag: &str, content: Vec<Inline>) -> Inline {
    match tag {
        "sup" => Inline::Superscript(content),
        "sub" => Inline::Subscript(content),
        "strong" | "b" => Inline::Strong(content),
        "s" | "del" | "strike" => Inline::Strikethrough(content),
        _ => Inline::Emphasis(content),
    }
}

/// An image alone in its paragraph is a figure.
fn figure(inlines: &[Inline]) -> Option<Block> {
    match inlines {
        [Inline::Image { asset, alt }] => Some(Block::Figure { asset: *asset, alt: alt.clone() }),
        _ => None,
    }
}

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
pub fn clean_text(text: &str) -> String {
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

/// Schemes a link may have: web and mail addresses. The one link policy; the writers check
/// with `is_safe_link` again before they write an address.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Whether an address has one of the `SAFE_SCHEMES`.
pub fn is_safe_link(url: &str) -> bool {
    url_scheme(url).is_some_and(|scheme| SAFE_SCHEMES.contains(&scheme.as_str()))
}

/// The lowercased scheme of an absolute URL (`JavaScript:` → "javascript").
fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let valid = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// `%20` and the like decoded; the text as written when the bytes are no UTF-8.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_string(), |decoded| decoded.into_owned())
}

/// A raw HTML tag found in a piece of HTML.
struct RawTag {
    name: String,
    closing: bool,
    self_closing: bool,
    comment: bool,
}

/// The tags in a fragment of raw HTML, by a tolerant scan (text between tags is not ours).
fn raw_tags(html: &str) -> Vec<RawTag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if rest.starts_with("!--") {
            tags.push(RawTag { name: String::new(), closing: false, self_closing: false, comment: true });
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let closing = rest.starts_with('/');
        let body = rest.trim_start_matches('/');
        let name: String =
            body.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        let end = rest.find('>').unwrap_or(rest.len());
        let self_closing = rest[..end].ends_with('/');
        if !name.is_empty() {
            tags.push(RawTag { name, closing, self_closing, comment: false });
        }
        rest = &rest[end..];
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::MemoryLoader;

    fn parse(text: &str, lang: &str) -> (Body, Diagnostics) {
        let loader = MemoryLoader::new().with("articles/pic.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec());
        let articles: HashMap<String, ArticleId> =
            [("articles/a.md".to_string(), ArticleId::new(0)), ("articles/b.md".to_string(), ArticleId::new(1))]
                .into_iter()
                .collect();
        let ctx = Context {
            path: "articles/a.md",
            file: FileId(0),
            article: Some(ArticleId::new(0)),
            lang,
            articles: &articles,
            loader: &loader,
        };
        let mut assets = AssetStore::default();
        let mut diags = Diagnostics::default();
        let body = parse_body(text, 0, &ctx, &mut assets, &mut diags);
        (body, diags)
    }

    fn paragraph(body: &Body, n: usize) -> &[Inline] {
        match &body.blocks[n] {
            Block::Paragraph(inlines) => inlines,
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    #[test]
    fn quotes_close_across_emphasis() {
        let (body, _) = parse("Sie rief \"*Streik*\" -- und ging...", "de");
        let text = format!("{:?}", paragraph(&body, 0));
        assert!(text.contains("Sie rief „"), "{text}");
        assert!(text.contains("Text(\"“ – und ging…\")"), "{text}");
    }

    #[test]
    fn footnotes_are_numbered_by_first_reference() {
        let (body, diags) = parse("B[^b] then A[^a] and B[^b].\n\n[^a]: Note a.\n\n[^b]: Note b.\n", "de");
        assert!(diags.0.is_empty(), "{diags:?}");
        let refs: Vec<u32> = paragraph(&body, 0)
            .iter()
            .filter_map(|i| match i {
                Inline::FootnoteRef { number } => Some(*number),
                _ => None,
            })
            .collect();
        assert_eq!(refs, [1, 2, 1]);
        assert_eq!(body.footnotes.len(), 2);
        assert_eq!(
            Inline::plain_text(match &body.footnotes[0].blocks[0] {
                Block::Paragraph(i) => i,
                _ => panic!(),
            }),
            "Note b."
        );
        assert_eq!(body.footnotes[1].id, "fn-2");
    }

    #[test]
    fn cross_references_resolve_to_articles() {
        let (body, diags) = parse("[siehe](b.md#streik) und [oben](#x) und [web](https://example.org)", "de");
        assert!(diags.0.is_empty(), "{diags:?}");
        let targets: Vec<&LinkTarget> = paragraph(&body, 0)
            .iter()
            .filter_map(|i| match i {
                Inline::Link { target, .. } => Some(target),
                _ => None,
            })
            .collect();
        assert_eq!(targets[0], &LinkTarget::Article { article: ArticleId::new(1), fragment: Some("streik".into()) });
        assert_eq!(targets[1], &LinkTarget::Article { article: ArticleId::new(0), fragment: Some("x".into()) });
        assert_eq!(targets[2], &LinkTarget::External("https://example.org".into()));
    }

    #[test]
    fn link_to_a_missing_article_names_both_files() {
        let (_, diags) = parse("[weg](c.md)", "de");
        assert_eq!(diags.0[0].message, "articles/a.md links to articles/c.md, which is not an article of this issue");
        assert!(diags.has_errors());
    }

    #[test]
    fn unsafe_html_and_links_never_pass() {
        let (body, diags) = parse("a<script>alert(1)</script>b <sup>2</sup> [x](javascript:alert(1)) <b onclick=\"x\">c</b> <javascript:alert(2)> <https://ok.org>\n\n<iframe src=x></iframe>\n", "en");
        let text = format!("{:?}", body.blocks);
        assert!(!text.contains("alert"), "{text}");
        assert!(!text.contains("iframe") && !text.contains("onclick"), "{text}");
        assert!(text.contains("Superscript([Text(\"2\")])"), "{text}");
        assert!(text.contains("Strong([Text(\"c\")])"), "{text}");
        assert!(text.contains("https://ok.org"), "{text}");
        assert!(!diags.has_errors());
    }

    #[test]
    fn lone_image_is_a_figure_and_tables_keep_alignment() {
        let (body, diags) = parse("![Ein \"Bild\"](pic.gif)\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n", "de");
        assert!(diags.0.is_empty(), "{diags:?}");
        assert!(matches!(&body.blocks[0], Block::Figure { asset, alt } if asset.index() == 0 && alt == "Ein „Bild“"));
        assert!(
            matches!(&body.blocks[1], Block::Table { align, rows, .. } if align == &[Align::Left, Align::Right] && rows.len() == 1)
        );
    }

    #[test]
    fn missing_image_is_an_error_naming_both() {
        let (_, diags) = parse("![x](nope.png)", "de");
        assert_eq!(diags.0[0].message, "failed to use the image articles/nope.png in articles/a.md (no such file)");
    }

    #[test]
    fn nested_lists_and_quotes() {
        let (body, _) = parse("1. eins\n   - a\n     - b\n2. zwei\n\n> zitat\n> > tiefer\n", "de");
        assert!(matches!(&body.blocks[0], Block::List { start: Some(1), items } if items.len() == 2));
        assert!(matches!(&body.blocks[1], Block::BlockQuote(inner) if matches!(inner[1], Block::BlockQuote(_))));
    }

    #[test]
    fn link_paths_are_percent_decoded_when_they_are_utf8() {
        assert_eq!(percent_decode("Stra%C3%9Fe%20neu.md"), "Straße neu.md");
        assert_eq!(percent_decode("latin%DF.md"), "latin%DF.md");
    }

    #[test]
    fn control_characters_are_removed() {
        let (body, _) = parse("a\u{1}b\u{7f}c\u{85}d", "de");
        assert_eq!(Inline::plain_text(paragraph(&body, 0)), "abcd");
    }
}
