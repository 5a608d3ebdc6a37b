//! XHTML pages from the model: one per article, the title page and the imprint.

use std::collections::{HashMap, HashSet};

use super::{esc, esc_plain, label, non_empty_lang, Label, Plan, CSS};
use crate::model::{Align, Article, ArticleId, AssetId, Block, Footnote, Inline, LinkTarget};

/// Ids the writer itself puts into article pages; heading ids from the model must avoid them.
const TITLE_ID: &str = "heft-title";
const NOTES_ID: &str = "heft-notes";
const RELATED_ID: &str = "heft-related";

/// A complete XHTML document around `body` (the markup inside `<body>`).
pub(crate) fn page(lang: &str, title: &str, body: &str) -> String {
    let lang = esc(non_empty_lang(lang));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>{}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"{CSS}\"/>\n</head>\n<body>\n{body}</body>\n</html>\n",
        esc_plain(title)
    )
}

/// The page of an article: header, body, footnotes and the related-articles box.
pub(crate) fn article(plan: &Plan, id: ArticleId) -> String {
    let article = plan.issue.article(id);
    let lang = non_empty_lang(&article.lang);
    let mut w = Writer::new(plan, &article.footnotes);
    for note in &article.footnotes {
        w.ids.insert(note.id.clone());
        w.ids.insert(ref_id(&note.id));
    }
    w.out.push_str("<section epub:type=\"chapter\" role=\"doc-chapter\" class=\"article\">\n");
    header(&mut w.out, article);
    w.blocks(&article.blocks);
    footnotes(&mut w, lang);
    related(&mut w.out, plan, article, lang);
    w.out.push_str("</section>\n");
    page(lang, &article.title, &w.out)
}

/// The title page: cover image, publication, issue label, period and publisher.
pub(crate) fn title_page(plan: &Plan) -> String {
    let issue = plan.issue;
    let lang = plan.language();
    let mut out = String::from("<section epub:type=\"titlepage\" class=\"titlepage\">\n");
    if let Some(asset) = issue.cover.map(|c| issue.asset(c)) {
        let alt = format!("{}: {} {}", label(lang, Label::Cover), issue.title, issue.issue_label);
        out.push_str(&format!(
            "<div class=\"cover\"><img role=\"doc-cover\" src=\"{}\" alt=\"{}\"{}/></div>\n",
            esc(&asset.package_path),
            esc_plain(&alt),
            size_attrs(asset.width, asset.height)
        ));
    }
    out.push_str(&format!("<h1 class=\"publication\">{}</h1>\n", esc(&issue.title)));
    out.push_str(&format!("<p class=\"issue\">{}</p>\n", esc(&issue.issue_label)));
    for (class, value) in [("period", &issue.period), ("publisher", &issue.publisher)] {
        if let Some(value) = value {
            out.push_str(&format!("<p class=\"{class}\">{}</p>\n", esc(value)));
        }
    }
    out.push_str("</section>\n");
    page(lang, &format!("{} {}", issue.title, issue.issue_label), &out)
}

/// The imprint page, in the issue's language; empty when the issue has no imprint.
pub(crate) fn imprint(plan: &Plan) -> String {
    let lang = plan.language();
    let title = label(lang, Label::Imprint);
    let mut w = Writer::new(plan, &[]);
    w.out.push_str(&format!("<section epub:type=\"imprint\" class=\"imprint\">\n<h1>{title}</h1>\n"));
    if let Some(imprint) = &plan.issue.imprint {
        w.blocks(&imprint.blocks);
    }
    w.out.push_str("</section>\n");
    page(lang, title, &w.out)
}

/// Kicker, title, subtitle, byline, date, translation note and source.
fn header(out: &mut String, article: &Article) {
    out.push_str("<header>\n");
    if let Some(kicker) = &article.kicker {
        out.push_str(&format!("<p class=\"kicker\">{}</p>\n", esc(kicker)));
    }
    out.push_str(&format!("<h1 id=\"{TITLE_ID}\">{}</h1>\n", esc(&article.title)));
    for (class, value) in [("subtitle", &article.subtitle), ("byline", &article.byline)] {
        if let Some(value) = value {
            out.push_str(&format!("<p class=\"{class}\">{}</p>\n", esc(value)));
        }
    }
    if let Some(date) = &article.date {
        if is_iso_date(date) {
            out.push_str(&format!(
                "<p class=\"date\"><time datetime=\"{}\">{}</time></p>\n",
                esc(date),
                esc(&crate::text::lang::format_date(date, &article.lang))
            ));
        } else {
            out.push_str(&format!("<p class=\"date\">{}</p>\n", esc(date)));
        }
    }
    if let Some(note) = &article.note {
        out.push_str(&format!("<p class=\"translation-note\">{}</p>\n", esc(note)));
    }
    if let Some(source) = &article.source {
        match source.url.as_deref().filter(|u| safe_url(u)) {
            Some(url) => out.push_str(&format!(
                "<p class=\"source\"><a href=\"{}\">{}</a></p>\n",
                esc(&url_escape(url)),
                esc(&source.text)
            )),
            None => out.push_str(&format!("<p class=\"source\">{}</p>\n", esc(&source.text))),
        }
    }
    out.push_str("</header>\n");
}

/// The notes after the body, each an `aside` that reading systems can show as a pop-up.
fn footnotes(w: &mut Writer, lang: &str) {
    let notes = w.footnotes;
    if notes.is_empty() {
        return;
    }
    w.out.push_str(&format!(
        "<section class=\"footnotes\" aria-labelledby=\"{NOTES_ID}\">\n<h2 id=\"{NOTES_ID}\">{}</h2>\n",
        label(lang, Label::Notes)
    ));
    for note in notes {
        w.out.push_str(&format!(
            "<aside epub:type=\"footnote\" id=\"{}\" role=\"doc-footnote\" class=\"footnote\">\n",
            esc(&note.id)
        ));
        let back = format!(
            "<a class=\"backlink\" href=\"#{}\" role=\"doc-backlink\" title=\"{}\">{}</a> ",
            esc(&ref_id(&note.id)),
            label(lang, Label::Back),
            note.number
        );
        match note.blocks.split_first() {
            Some((Block::Paragraph(first), rest)) => {
                w.out.push_str(&format!("<p>{back}"));
                w.inlines(first);
                w.out.push_str("</p>\n");
                w.blocks(rest);
            }
            _ => {
                w.out.push_str(&format!("<p>{back}</p>\n"));
                w.blocks(&note.blocks);
            }
        }
        w.out.push_str("</aside>\n");
    }
    w.out.push_str("</section>\n");
}

/// The related-articles box, labelled in the article's language.
fn related(out: &mut String, plan: &Plan, article: &Article, lang: &str) {
    if article.related.is_empty() {
        return;
    }
    out.push_str(&format!(
        "<nav class=\"related\" aria-labelledby=\"{RELATED_ID}\">\n<h2 id=\"{RELATED_ID}\">{}</h2>\n<ul>\n",
        label(lang, Label::Related)
    ));
    for &r in &article.related {
        let other = plan.issue.article(r);
        let kicker =
            other.kicker.as_ref().map(|k| format!("<span class=\"kicker\">{}</span> ", esc(k))).unwrap_or_default();
        out.push_str(&format!(
            "<li><a href=\"{}\">{kicker}<span class=\"title\">{}</span></a></li>\n",
            esc(plan.article_file(r)),
            esc(&other.title)
        ));
    }
    out.push_str("</ul>\n</nav>\n");
}

/// The id of the mark that points at the note `note_id` (`fn-3` → `fnref-3`).
pub(crate) fn ref_id(note_id: &str) -> String {
    match note_id.strip_prefix("fn-") {
        Some(rest) => format!("fnref-{rest}"),
        None => format!("{note_id}-ref"),
    }
}

/// Renders blocks and inlines of one page into `out`.
struct Writer<'p, 'a> {
    plan: &'p Plan<'a>,
    footnotes: &'p [Footnote],
    /// Ids already used on this page.
    ids: HashSet<String>,
    /// How often each footnote has been referenced so far (later marks get distinct ids).
    refs: HashMap<u32, u32>,
    out: String,
}

impl<'p, 'a> Writer<'p, 'a> {
    fn new(plan: &'p Plan<'a>, footnotes: &'p [Footnote]) -> Self {
        let ids = [TITLE_ID, NOTES_ID, RELATED_ID].iter().map(|s| s.to_string()).collect();
        Writer { plan, footnotes, ids, refs: HashMap::new(), out: String::new() }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph(inlines) => self.wrapped("p", inlines),
            Block::Heading { level, id, content } => self.heading(*level, id, content),
            Block::List { start, items } => self.list(*start, items),
            Block::BlockQuote(inner) => {
                self.out.push_str("<blockquote>\n");
                self.blocks(inner);
                self.out.push_str("</blockquote>\n");
            }
            Block::Table { align, header, rows } => self.table(align, header, rows),
            Block::Figure { asset, alt } => self.figure(*asset, alt),
            Block::CodeBlock(code) => {
                let code = code.strip_suffix('\n').unwrap_or(code);
                self.out.push_str(&format!("<pre><code>{}</code></pre>\n", esc(code)));
            }
            Block::Rule => self.out.push_str("<hr/>\n"),
        }
    }

    fn wrapped(&mut self, tag: &str, inlines: &[Inline]) {
        self.out.push_str(&format!("<{tag}>"));
        self.inlines(inlines);
        self.out.push_str(&format!("</{tag}>\n"));
    }

    fn heading(&mut self, level: u8, id: &str, content: &[Inline]) {
        let level = level.clamp(2, 6);
        let id_attr = if !id.is_empty() && !id.contains(char::is_whitespace) && self.ids.insert(id.to_string()) {
            format!(" id=\"{}\"", esc(id))
        } else {
            String::new()
        };
        self.out.push_str(&format!("<h{level}{id_attr}>"));
        self.inlines(content);
        self.out.push_str(&format!("</h{level}>\n"));
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>]) {
        let tag = match start {
            Some(1) => "ol".to_string(),
            Some(n) => format!("ol start=\"{n}\""),
            None => "ul".to_string(),
        };
        self.out.push_str(&format!("<{tag}>\n"));
        for item in items {
            match item.as_slice() {
                [Block::Paragraph(inlines)] => self.wrapped("li", inlines),
                blocks => {
                    self.out.push_str("<li>");
                    self.blocks(blocks);
                    self.out.push_str("</li>\n");
                }
            }
        }
        self.out.push_str(if start.is_some() { "</ol>\n" } else { "</ul>\n" });
    }

    fn table(&mut self, align: &[Align], header: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>]) {
        self.out.push_str("<table>\n");
        if !header.is_empty() {
            self.out.push_str("<thead>\n<tr>");
            for (column, cell) in header.iter().enumerate() {
                self.cell("th scope=\"col\"", "th", align.get(column), cell);
            }
            self.out.push_str("</tr>\n</thead>\n");
        }
        if !rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in rows {
                self.out.push_str("<tr>");
                for (column, cell) in row.iter().enumerate() {
                    self.cell("td", "td", align.get(column), cell);
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n");
    }

    fn cell(&mut self, open: &str, close: &str, align: Option<&Align>, content: &[Inline]) {
        let class = match align {
            Some(Align::Left) => " class=\"align-left\"",
            Some(Align::Center) => " class=\"align-center\"",
            Some(Align::Right) => " class=\"align-right\"",
            Some(Align::None) | None => "",
        };
        self.out.push_str(&format!("<{open}{class}>"));
        self.inlines(content);
        self.out.push_str(&format!("</{close}>"));
    }

    fn figure(&mut self, asset: AssetId, alt: &str) {
        let img = self.img(asset, alt, "");
        self.out.push_str(&format!("<figure>\n{img}\n"));
        if !alt.trim().is_empty() {
            self.out.push_str(&format!("<figcaption>{}</figcaption>\n", esc(alt)));
        }
        self.out.push_str("</figure>\n");
    }

    /// `<img>` markup for an asset.
    fn img(&self, asset: AssetId, alt: &str, class: &str) -> String {
        let asset = self.plan.issue.asset(asset);
        let class = if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") };
        format!(
            "<img{class} src=\"{}\" alt=\"{}\"{}/>",
            esc(&asset.package_path),
            esc_plain(alt),
            size_attrs(asset.width, asset.height)
        )
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => self.out.push_str(&esc(text)),
            Inline::Emphasis(c) => self.tagged("em", c),
            Inline::Strong(c) => self.tagged("strong", c),
            Inline::Strikethrough(c) => self.tagged("del", c),
            Inline::Superscript(c) => self.tagged("sup", c),
            Inline::Subscript(c) => self.tagged("sub", c),
            Inline::Code(code) => self.out.push_str(&format!("<code>{}</code>", esc(code))),
            Inline::Link { target, content } => self.link(target, content),
            Inline::Image { asset, alt } => {
                let img = self.img(*asset, alt, "inline");
                self.out.push_str(&img);
            }
            Inline::FootnoteRef { number } => self.note_ref(*number),
            Inline::LineBreak => self.out.push_str("<br/>"),
        }
    }

    fn tagged(&mut self, tag: &str, content: &[Inline]) {
        self.out.push_str(&format!("<{tag}>"));
        self.inlines(content);
        self.out.push_str(&format!("</{tag}>"));
    }

    /// A link, or only its content when the target is unsafe or does not exist.
    fn link(&mut self, target: &LinkTarget, content: &[Inline]) {
        match self.href(target) {
            Some(href) => {
                self.out.push_str(&format!("<a href=\"{}\">", esc(&href)));
                self.inlines(content);
                self.out.push_str("</a>");
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
            self.out.push_str(&format!("<sup>{number}</sup>"));
            return;
        };
        let seen = self.refs.entry(number).or_insert(0);
        *seen += 1;
        let id = if *seen == 1 { ref_id(&note.id) } else { format!("{}-{}", ref_id(&note.id), seen) };
        self.out.push_str(&format!(
            "<sup><a epub:type=\"noteref\" href=\"#{}\" id=\"{}\" role=\"doc-noteref\">{number}</a></sup>",
            esc(&note.id),
            esc(&id)
        ));
    }
}

/// Only web and mail addresses become links; `javascript:`, `file:` and the like are dropped.
pub(crate) fn safe_url(url: &str) -> bool {
    let address = url.split_once(':').map_or("", |(_, rest)| rest.trim_start_matches('/'));
    crate::model::links::is_safe_link(url) && !address.trim().is_empty()
}

/// Percent-encodes the characters a URL may not contain literally (spaces, quotes, controls).
fn url_escape(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_control() || " \"<>\\^`{|}".contains(c) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `width`/`height` attributes, when the size is known.
fn size_attrs(width: u32, height: u32) -> String {
    if width > 0 && height > 0 {
        format!(" width=\"{width}\" height=\"{height}\"")
    } else {
        String::new()
    }
}

/// Whether `date` is `YYYY-MM-DD` (then it can go into a `datetime` attribute).
pub(crate) fn is_iso_date(date: &str) -> bool {
    let b = date.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && (1..=12).contains(&date[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&date[8..10].parse::<u32>().unwrap_or(0))
}
