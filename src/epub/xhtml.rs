//! XHTML pages from the model: one per article, the cover, the title page and the imprint, with
//! a page-break marker where each page of the print edition begins.

use std::collections::{HashMap, HashSet, VecDeque};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use super::plan::{non_empty_lang, Plan, CSS};
use super::xml::{without_soft_hyphens, Xml};
use crate::model::{
    counts, online_only_mark, shown_text, Align, Article, ArticleId, Asset, AssetId, Block, ExternalRef, Footnote,
    Inline, LinkTarget, PageStart, Related, TextPosition,
};
use crate::text::lang::{label, Label};

/// Ids the writer itself puts into article pages; heading ids from the model must avoid them.
const TITLE_ID: &str = "heft-title";
const NOTES_ID: &str = "heft-notes";
const RELATED_ID: &str = "heft-related";

/// The namespaces of every XHTML page: XHTML itself and the EPUB structural semantics (`epub:type`).
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
const OPS_NS: &str = "http://www.idpf.org/2007/ops";

/// A complete XHTML document; `body` writes what goes inside `<body>`.
pub(crate) fn page(lang: &str, title: &str, body: impl FnOnce(&mut Xml)) -> Vec<u8> {
    let lang = non_empty_lang(lang);
    let mut xml = Xml::new();
    xml.doctype("html");
    xml.start("html", &[("xmlns", XHTML_NS), ("xmlns:epub", OPS_NS), ("lang", lang), ("xml:lang", lang)]).newline();
    xml.start("head", &[]).newline();
    xml.empty("meta", &[("charset", "UTF-8")]).newline();
    xml.line("title", &[], &without_soft_hyphens(title));
    xml.empty("link", &[("rel", "stylesheet"), ("type", "text/css"), ("href", CSS)]).newline();
    xml.end().newline();
    xml.start("body", &[]).newline();
    body(&mut xml);
    xml.end().newline();
    xml.end().newline();
    xml.finish()
}

/// The page of an article: header, body, footnotes and the related-articles box.
pub(crate) fn article(plan: &Plan, id: ArticleId) -> Vec<u8> {
    let article = plan.issue.article(id);
    let lang = non_empty_lang(&article.lang);
    page(lang, &article.title, |xml| article_section(plan, id, xml))
}

/// The article as one `section`: what its EPUB page and its web page share (the web page has no
/// print page markers: the plan of a site has no page starts).
pub(crate) fn article_section(plan: &Plan, id: ArticleId, xml: &mut Xml) {
    let article = plan.issue.article(id);
    let lang = non_empty_lang(&article.lang);
    let mut w = Writer::new(plan, &article.footnotes, xml, plan.article_pages(id));
    for note in &article.footnotes {
        w.ids.insert(note.id.clone());
        w.ids.insert(ref_id(&note.id));
    }
    w.xml.start("section", &[("epub:type", "chapter"), ("role", "doc-chapter"), ("class", "article")]).newline();
    w.markers_at_start();
    header(w.xml, article);
    w.blocks(&article.blocks);
    // What the body did not place (it never should) goes before the notes, so that every page
    // in the page list has its marker; the related box's marker waits for the box.
    let after_body = vec![article.blocks.len()];
    w.remaining_markers(|at| at.block != after_body);
    let pages = std::mem::take(&mut w.markers);
    footnotes(&mut w, lang);
    w.markers = pages;
    w.remaining_markers(|_| true);
    related(w.xml, plan, article, lang);
    w.xml.end().newline();
}

/// The page-break marker of print page `number`: an empty span that reading systems and
/// assistive technology announce as a page.
fn page_marker(xml: &mut Xml, number: usize) {
    let (id, label) = (page_id(number), number.to_string());
    let attributes =
        [("epub:type", "pagebreak"), ("role", "doc-pagebreak"), ("id", id.as_str()), ("aria-label", label.as_str())];
    xml.empty("span", &attributes);
}

/// The id of print page `number`'s marker, which the page list links to.
pub(crate) fn page_id(number: usize) -> String {
    format!("page-{number}")
}

/// The marker of the print page that begins with `start` (title page, contents), if marked.
pub(crate) fn part_marker(xml: &mut Xml, plan: &Plan, start: &PageStart) {
    if let Some(number) = plan.page_of(start) {
        page_marker(xml, number);
        xml.newline();
    }
}

/// The cover: the cover image alone, so that readers show it once and as an image, not as a
/// page of text (calibre, Kobo, Kindle's single-cover rule).
pub(crate) fn cover_page(plan: &Plan) -> Vec<u8> {
    let issue = plan.issue;
    let lang = plan.language();
    let cover = label(lang, Label::Cover);
    page(lang, cover, |xml| {
        xml.start("section", &[("epub:type", "cover"), ("class", "cover")]).newline();
        let alt = format!("{cover}: {} {}", issue.title, issue.issue_label);
        let alt = without_soft_hyphens(&alt);
        xml.empty("img", &[("role", "doc-cover"), ("src", plan.cover_href()), ("alt", &alt)]).newline();
        xml.end().newline();
    })
}

/// The title page, text only (the cover has a page of its own): publication, issue label,
/// period and publisher.
pub(crate) fn title_page(plan: &Plan) -> Vec<u8> {
    let issue = plan.issue;
    let lang = plan.language();
    page(lang, &format!("{} {}", issue.title, issue.issue_label), |xml| {
        xml.start("section", &[("epub:type", "titlepage"), ("class", "titlepage")]).newline();
        part_marker(xml, plan, &PageStart::TitlePage);
        xml.line("h1", &[("class", "publication")], &issue.title);
        xml.line("p", &[("class", "issue")], &issue.issue_label);
        for (class, value) in [("period", &issue.period), ("publisher", &issue.publisher)] {
            if let Some(value) = value {
                xml.line("p", &[("class", class)], value);
            }
        }
        if let Some(appeared) = &issue.appeared_in {
            // An offprint: where its article appeared, in the article's language.
            let line_lang = issue.articles.first().map_or(lang, |article| article.lang.as_str());
            let mut attributes = vec![("class", "appeared")];
            if line_lang != lang {
                attributes.extend([("lang", line_lang), ("xml:lang", line_lang)]);
            }
            xml.start("p", &attributes).text(&appeared.lead);
            xml.start("cite", &[]).text(&appeared.publication).end().text(&appeared.tail).end().newline();
        }
        xml.end().newline();
    })
}

/// The imprint page, in the issue's language; empty when the issue has no imprint.
pub(crate) fn imprint(plan: &Plan) -> Vec<u8> {
    let lang = plan.language();
    let title = label(lang, Label::Imprint);
    page(lang, title, |xml| imprint_section(plan, xml))
}

/// The imprint as one `section`, headed by its label.
pub(crate) fn imprint_section(plan: &Plan, xml: &mut Xml) {
    let title = label(plan.language(), Label::Imprint);
    let mut w = Writer::new(plan, &[], xml, plan.imprint_pages());
    w.xml.start("section", &[("epub:type", "imprint"), ("class", "imprint")]).newline();
    w.markers_at_start();
    w.xml.line("h1", &[], title);
    if let Some(imprint) = &plan.issue.imprint {
        w.blocks(&imprint.blocks);
    }
    w.remaining_markers(|_| true);
    w.xml.end().newline();
}

/// Kicker, title, subtitle, byline, date, translation note and source.
fn header(xml: &mut Xml, article: &Article) {
    xml.start("header", &[]).newline();
    if let Some(kicker) = &article.kicker {
        xml.line("p", &[("class", "kicker")], kicker);
    }
    xml.line("h1", &[("id", TITLE_ID)], &article.title);
    for (class, value) in [("subtitle", &article.subtitle), ("byline", &article.byline)] {
        if let Some(value) = value {
            xml.line("p", &[("class", class)], value);
        }
    }
    if let Some(date) = &article.date {
        if is_iso_date(date) {
            let shown = crate::text::lang::format_date(date, &article.lang);
            xml.start("p", &[("class", "date")])
                .start("time", &[("datetime", date)])
                .text(&shown)
                .end()
                .end()
                .newline();
        } else {
            xml.line("p", &[("class", "date")], date);
        }
    }
    if let Some(note) = &article.note {
        xml.line("p", &[("class", "translation-note")], note);
    }
    if let Some(source) = &article.source {
        match source.url.as_deref().filter(|u| safe_url(u)) {
            Some(url) => {
                let href = url_escape(url);
                xml.start("p", &[("class", "source")]).start("a", &[("href", &href)]).text(&source.text).end().end();
                xml.newline();
            }
            None => {
                xml.line("p", &[("class", "source")], &source.text);
            }
        }
    }
    xml.end().newline();
}

/// The notes after the body, as an endnotes list: visible in every reader (some hide footnote
/// `aside`s and would leave the heading alone), and shown as pop-ups where readers support
/// them for `endnote`s. The items carry no `doc-endnote` role: DPUB-ARIA 1.1 deprecates it.
fn footnotes(w: &mut Writer, lang: &str) {
    let notes = w.footnotes;
    if notes.is_empty() {
        return;
    }
    let attributes =
        [("epub:type", "endnotes"), ("role", "doc-endnotes"), ("class", "footnotes"), ("aria-labelledby", NOTES_ID)];
    w.xml.start("section", &attributes).newline();
    w.xml.line("h2", &[("id", NOTES_ID)], label(lang, Label::Notes));
    w.xml.start("ol", &[]).newline();
    for note in notes {
        let attributes = [("epub:type", "endnote"), ("id", note.id.as_str()), ("class", "footnote")];
        w.xml.start("li", &attributes).newline();
        match note.blocks.split_first() {
            // The back link opens the note's first paragraph, as the number does in print.
            Some((Block::Paragraph(first), rest)) => {
                w.xml.start("p", &[]);
                back_link(w.xml, note, lang);
                w.inlines(first);
                w.xml.end().newline();
                w.blocks(rest);
            }
            _ => {
                w.xml.start("p", &[]);
                back_link(w.xml, note, lang);
                w.xml.end().newline();
                w.blocks(&note.blocks);
            }
        }
        w.xml.end().newline();
    }
    w.xml.end().newline();
    w.xml.end().newline();
}

/// The note's number, linking back to its first mark, and a space.
fn back_link(xml: &mut Xml, note: &Footnote, lang: &str) {
    let href = format!("#{}", ref_id(&note.id));
    let attributes =
        [("class", "backlink"), ("href", &href), ("role", "doc-backlink"), ("title", label(lang, Label::Back))];
    xml.start("a", &attributes).text(&note.number.to_string()).end().text(" ");
}

/// The related-articles box, labelled in the article's language.
fn related(xml: &mut Xml, plan: &Plan, article: &Article, lang: &str) {
    if article.related.is_empty() {
        return;
    }
    xml.start("nav", &[("class", "related"), ("aria-labelledby", RELATED_ID)]).newline();
    xml.line("h2", &[("id", RELATED_ID)], label(lang, Label::Related));
    xml.start("ul", &[]).newline();
    for entry in &article.related {
        xml.start("li", &[]);
        match entry {
            Related::Article(r) => related_article(xml, plan, *r, lang),
            Related::External(reference) => citation(xml, reference, lang),
        }
        xml.end().newline();
    }
    xml.end().newline();
    xml.end().newline();
}

/// Kicker and title of another article of the issue, linked, then "(nur online)" if it is.
fn related_article(xml: &mut Xml, plan: &Plan, id: ArticleId, lang: &str) {
    let other = plan.issue.article(id);
    xml.start("a", &[("href", plan.article_file(id))]);
    if let Some(kicker) = &other.kicker {
        xml.start("span", &[("class", "kicker")]).text(kicker).end().text(" ");
    }
    xml.start("span", &[("class", "title")]).text(&other.title).end();
    xml.end();
    if other.online_only {
        xml.start("span", &[("class", "online-only")]).text(&online_only_mark(lang)).end();
    }
}

/// "Author: Title, *Publication* Issue (Period) (nur online)", linked when it has an address.
pub(crate) fn citation(xml: &mut Xml, reference: &ExternalRef, lang: &str) {
    let parts = reference.citation(lang);
    let href = reference.url.as_deref().filter(|u| safe_url(u)).map(|u| url_escape(u.trim()));
    let mut attributes = vec![("class", "citation")];
    attributes.extend(href.as_deref().map(|href| ("href", href)));
    xml.start(if href.is_some() { "a" } else { "span" }, &attributes);
    xml.text(&parts.lead).start("cite", &[]).text(&parts.publication).end().text(&parts.tail);
    xml.end();
}

/// The id of the mark that points at the note `note_id` (`fn-3` → `fnref-3`).
fn ref_id(note_id: &str) -> String {
    match note_id.strip_prefix("fn-") {
        Some(rest) => format!("fnref-{rest}"),
        None => format!("{note_id}-ref"),
    }
}

/// `<img>` of an asset; `extra` attributes come first. No `width`/`height`: calibre's
/// conversions keep them and distort the image once CSS limits one side; the stylesheet sizes
/// images (`max-width: 100%; height: auto`), which keeps the aspect ratio everywhere.
fn img(xml: &mut Xml, asset: &Asset, alt: &str, extra: &[(&str, &str)]) {
    let alt = without_soft_hyphens(alt);
    let mut attributes = extra.to_vec();
    attributes.extend([("src", asset.package_path.as_str()), ("alt", alt.as_ref())]);
    xml.empty("img", &attributes);
}

/// Renders blocks and inlines of one page.
struct Writer<'p, 'a, 'x> {
    plan: &'p Plan<'a>,
    footnotes: &'p [Footnote],
    /// Ids already used on this page.
    ids: HashSet<String>,
    /// How often each footnote has been referenced so far (later marks get distinct ids).
    refs: HashMap<u32, u32>,
    xml: &'x mut Xml,
    /// Print page markers still to write on this page, in order: (page number, position).
    markers: VecDeque<(usize, TextPosition)>,
    /// The block being written, as a `TextPosition::block` path.
    path: Vec<usize>,
    /// Counted characters written so far in that block (`model::counts`).
    counted: usize,
}

impl<'p, 'a, 'x> Writer<'p, 'a, 'x> {
    fn new(
        plan: &'p Plan<'a>,
        footnotes: &'p [Footnote],
        xml: &'x mut Xml,
        markers: Vec<(usize, TextPosition)>,
    ) -> Self {
        let mut ids: HashSet<String> = [TITLE_ID, NOTES_ID, RELATED_ID].iter().map(|s| s.to_string()).collect();
        ids.extend(markers.iter().map(|(number, _)| page_id(*number)));
        Writer {
            plan,
            footnotes,
            ids,
            refs: HashMap::new(),
            xml,
            markers: markers.into(),
            path: Vec::new(),
            counted: 0,
        }
    }

    /// Writes the markers of pages that begin where the page itself does (the empty path).
    fn markers_at_start(&mut self) {
        while self.markers.front().is_some_and(|(_, at)| at.block.is_empty()) {
            self.next_marker();
        }
    }

    /// Writes, in order, the waiting markers while `place` accepts the next one.
    fn remaining_markers(&mut self, place: impl Fn(&TextPosition) -> bool) {
        while self.markers.front().is_some_and(|(_, at)| place(at)) {
            self.next_marker();
        }
    }

    fn next_marker(&mut self) {
        if let Some((number, _)) = self.markers.pop_front() {
            page_marker(self.xml, number);
        }
    }

    /// Whether the next marker belongs at this point of the current block.
    fn marker_due(&self) -> bool {
        self.markers.front().is_some_and(|(_, at)| at.block == self.path && at.offset <= self.counted)
    }

    /// Text of the current block, with the markers that fall inside it, at their words.
    fn counted_text(&mut self, text: &str) {
        let mut written = 0;
        for (i, c) in text.char_indices() {
            if !counts(c) {
                continue;
            }
            if self.marker_due() {
                self.xml.text(&text[written..i]);
                written = i;
                while self.marker_due() {
                    self.next_marker();
                }
            }
            self.counted += 1;
        }
        self.xml.text(&text[written..]);
    }

    /// Counts what an inline shows without text of its own (a note mark, an image), writing
    /// the markers due before it.
    fn count_shown(&mut self, inline: &Inline) {
        while self.marker_due() {
            self.next_marker();
        }
        self.counted += shown_text(inline).map_or(0, |t| t.chars().filter(|&c| counts(c)).count());
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for (index, block) in blocks.iter().enumerate() {
            self.path.push(index);
            self.counted = 0;
            // A page that begins at a block other than a paragraph gets its marker before the
            // block: a span cannot stand inside a table or list.
            if !matches!(block, Block::Paragraph(_)) {
                while self.markers.front().is_some_and(|(_, at)| at.block == self.path && at.offset == 0) {
                    self.next_marker();
                }
            }
            self.block(block);
            // Markers beyond the block's text (none, unless the two writers disagree) follow it.
            while self.markers.front().is_some_and(|(_, at)| at.block == self.path) {
                self.next_marker();
            }
            self.path.pop();
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            // A wholly bold paragraph is an interview question: set apart, not indented.
            Block::Paragraph(inlines) if Inline::wholly_strong(inlines) => {
                self.xml.start("p", &[("class", "question")]);
                self.inlines(inlines);
                self.xml.end().newline();
            }
            Block::Paragraph(inlines) => self.wrapped("p", inlines),
            Block::Heading { level, id, content } => self.heading(*level, id, content),
            Block::List { start, items } => self.list(*start, items),
            Block::BlockQuote(inner) => {
                self.xml.start("blockquote", &[]).newline();
                self.blocks(inner);
                self.xml.end().newline();
            }
            Block::Table { align, header, rows } => self.table(align, header, rows),
            Block::Figure { asset, alt, .. } => self.figure(*asset, alt),
            Block::CodeBlock(code) => {
                let code = code.strip_suffix('\n').unwrap_or(code);
                self.xml.start("pre", &[]).start("code", &[]);
                self.counted_text(code);
                self.xml.end().end().newline();
            }
            Block::Rule => {
                self.xml.empty("hr", &[]).newline();
            }
        }
    }

    /// A block element holding inlines, on a line of its own.
    fn wrapped(&mut self, tag: &'static str, inlines: &[Inline]) {
        self.xml.start(tag, &[]);
        self.inlines(inlines);
        self.xml.end().newline();
    }

    fn heading(&mut self, level: u8, id: &str, content: &[Inline]) {
        const TAGS: [&str; 5] = ["h2", "h3", "h4", "h5", "h6"];
        let tag = TAGS[usize::from(level.clamp(2, 6)) - 2];
        // An id that is malformed or already taken on this page is left out rather than repeated.
        let usable = !id.is_empty() && !id.contains(char::is_whitespace) && self.ids.insert(id.to_string());
        let id_attribute = [("id", id)];
        self.xml.start(tag, if usable { &id_attribute } else { &[] });
        self.inlines(content);
        self.xml.end().newline();
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>]) {
        let number = start.map(|n| n.to_string());
        match number.as_deref() {
            Some("1") => self.xml.start("ol", &[]),
            Some(n) => self.xml.start("ol", &[("start", n)]),
            None => self.xml.start("ul", &[]),
        };
        self.xml.newline();
        for (k, item) in items.iter().enumerate() {
            self.path.push(k);
            match item.as_slice() {
                // A tight item: its text straight inside `li` (position path: item, block 0).
                [Block::Paragraph(inlines)] => {
                    self.path.push(0);
                    self.counted = 0;
                    self.wrapped("li", inlines);
                    self.path.pop();
                }
                blocks => {
                    self.xml.start("li", &[]);
                    self.blocks(blocks);
                    self.xml.end().newline();
                }
            }
            self.path.pop();
        }
        self.xml.end().newline();
    }

    fn table(&mut self, align: &[Align], header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        self.xml.start("table", &[]).newline();
        if !header.is_empty() {
            self.xml.start("thead", &[]).newline().start("tr", &[]);
            for (column, cell) in header.iter().enumerate() {
                self.cell("th", align.get(column), cell);
            }
            self.xml.end().newline().end().newline();
        }
        if !rows.is_empty() {
            self.xml.start("tbody", &[]).newline();
            for row in rows {
                self.xml.start("tr", &[]);
                for (column, cell) in row.iter().enumerate() {
                    self.cell("td", align.get(column), cell);
                }
                self.xml.end().newline();
            }
            self.xml.end().newline();
        }
        self.xml.end().newline();
    }

    /// A header (`th`, a column header) or body cell (`td`) with its column's alignment.
    fn cell(&mut self, tag: &'static str, align: Option<&Align>, content: &[Inline]) {
        let class = match align {
            Some(Align::Left) => Some("align-left"),
            Some(Align::Center) => Some("align-center"),
            Some(Align::Right) => Some("align-right"),
            Some(Align::None) | None => None,
        };
        let mut attributes = Vec::with_capacity(2);
        if tag == "th" {
            attributes.push(("scope", "col"));
        }
        attributes.extend(class.map(|class| ("class", class)));
        self.xml.start(tag, &attributes);
        self.inlines(content);
        self.xml.end();
    }

    fn figure(&mut self, asset: AssetId, alt: &str) {
        self.xml.start("figure", &[]).newline();
        img(self.xml, self.plan.issue.asset(asset), alt, &[]);
        self.xml.newline();
        if !alt.trim().is_empty() {
            self.xml.line("figcaption", &[], alt);
        }
        self.xml.end().newline();
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => self.counted_text(text),
            Inline::Emphasis(c) => self.tagged("em", c),
            Inline::Strong(c) => self.tagged("strong", c),
            Inline::Strikethrough(c) => self.tagged("del", c),
            Inline::Superscript(c) => self.tagged("sup", c),
            Inline::Subscript(c) => self.tagged("sub", c),
            Inline::Code(code) => {
                self.xml.start("code", &[]);
                self.counted_text(code);
                self.xml.end();
            }
            Inline::Link { target, content } => self.link(target, content),
            Inline::Image { asset, alt } => {
                self.count_shown(inline);
                img(self.xml, self.plan.issue.asset(*asset), alt, &[("class", "inline")])
            }
            Inline::FootnoteRef { number } => {
                self.count_shown(inline);
                self.note_ref(*number)
            }
            Inline::LineBreak => {
                self.xml.empty("br", &[]);
            }
        }
    }

    fn tagged(&mut self, tag: &'static str, content: &[Inline]) {
        self.xml.start(tag, &[]);
        self.inlines(content);
        self.xml.end();
    }

    /// A link, or only its content when the target is unsafe or does not exist.
    fn link(&mut self, target: &LinkTarget, content: &[Inline]) {
        match self.href(target) {
            Some(href) => {
                self.xml.start("a", &[("href", &href)]);
                self.inlines(content);
                self.xml.end();
            }
            None => self.inlines(content),
        }
    }

    fn href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::External(url) => safe_url(url).then(|| url_escape(url.trim())),
            LinkTarget::Article { article, fragment } => {
                let file = self.plan.article_file(*article);
                match fragment {
                    Some(f) => Some(format!("{file}#{f}")),
                    None => Some(file.to_string()),
                }
            }
        }
    }

    /// The superscript mark linking to a footnote; a plain number when the note is missing.
    fn note_ref(&mut self, number: u32) {
        let note = number.checked_sub(1).and_then(|i| self.footnotes.get(i as usize));
        let Some(note) = note else {
            self.xml.start("sup", &[]).text(&number.to_string()).end();
            return;
        };
        let seen = self.refs.entry(number).or_insert(0);
        *seen += 1;
        let id = if *seen == 1 { ref_id(&note.id) } else { format!("{}-{}", ref_id(&note.id), seen) };
        let href = format!("#{}", note.id);
        let attributes = [("epub:type", "noteref"), ("href", href.as_str()), ("id", &id), ("role", "doc-noteref")];
        self.xml.start("sup", &[]).start("a", &attributes).text(&number.to_string()).end().end();
    }
}

/// Only web and mail addresses become links; `javascript:`, `file:` and the like are dropped.
fn safe_url(url: &str) -> bool {
    let address = url.split_once(':').map_or("", |(_, rest)| rest.trim_start_matches('/'));
    crate::model::links::is_safe_link(url) && !address.trim().is_empty()
}

/// What a URL may not contain literally: controls, space, quotes, angle brackets and the other
/// characters RFC 3986 leaves out. `%` stays, so addresses already encoded are not encoded twice;
/// non-ASCII characters are always encoded (as UTF-8).
const NOT_IN_URL: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'\\').add(b'^').add(b'`').add(b'{').add(b'|').add(b'}');

/// Percent-encodes the characters a URL may not contain literally.
fn url_escape(url: &str) -> String {
    utf8_percent_encode(url, NOT_IN_URL).to_string()
}

/// Whether `date` is `YYYY-MM-DD` (then it can go into a `datetime` attribute).
fn is_iso_date(date: &str) -> bool {
    let b = date.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && (1..=12).contains(&date[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&date[8..10].parse::<u32>().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_percent_encoded() {
        assert_eq!(url_escape("https://example.org/a?b=1&c=2#d"), "https://example.org/a?b=1&c=2#d");
        assert_eq!(
            url_escape("https://example.org/a b\"c<d>{e}|f^`\\"),
            "https://example.org/a%20b%22c%3Cd%3E%7Be%7D%7Cf%5E%60%5C"
        );
        assert_eq!(url_escape("https://example.org/\u{7f}\t"), "https://example.org/%7F%09");
        assert_eq!(url_escape("https://de.example.org/Straße%20"), "https://de.example.org/Stra%C3%9Fe%20");
    }
}
