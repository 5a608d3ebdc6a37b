//! The pages of the HTML edition: the issue's index, the articles and the imprint. Every page
//! has the same frame: a masthead (banner), `main`, and a footer with the imprint link.

use super::head::{head, PageMeta};
use super::{IMPRINT, INDEX};
use crate::epub::plan::{non_empty_lang, Plan};
use crate::epub::xhtml::{article_section, imprint_section};
use crate::epub::xml::{without_soft_hyphens, Xml};
use crate::model::{online_only_mark, Article, ArticleId, Block, Inline, Issue};
use crate::text::lang::{label, Label};

/// How many words of an article's first paragraph its teaser keeps.
const TEASER_WORDS: usize = 40;

/// The issue's front page: cover, publication, issue label and period, then every section with
/// its articles (kicker, title, subtitle, byline, teaser).
pub(crate) fn index(plan: &Plan) -> Vec<u8> {
    let issue = plan.issue;
    let lang = plan.language();
    let title = format!("{} {}", issue.title, issue.issue_label);
    let meta = PageMeta { title, file: INDEX, description: issue.period.clone(), article: None };
    frame(plan, lang, &meta, |xml| {
        xml.start("section", &[("class", "issue-title")]).newline();
        if let Some(asset) = issue.cover.map(|c| issue.asset(c)) {
            let alt = format!("{}: {} {}", label(lang, Label::Cover), issue.title, issue.issue_label);
            xml.start("div", &[("class", "cover")]);
            image(xml, &asset.package_path, &alt, asset.width, asset.height);
            xml.end().newline();
        }
        xml.line("h1", &[("class", "publication")], &issue.title);
        xml.line("p", &[("class", "issue")], &issue.issue_label);
        if let Some(period) = &issue.period {
            xml.line("p", &[("class", "period")], period);
        }
        xml.end().newline();
        contents(xml, plan, lang);
    })
}

/// Sections with their article teasers, under a "Contents" heading.
fn contents(xml: &mut Xml, plan: &Plan, lang: &str) {
    xml.start("section", &[("class", "contents"), ("aria-labelledby", "contents-title")]).newline();
    xml.line("h2", &[("id", "contents-title"), ("class", "visually-hidden")], label(lang, Label::Contents));
    for toc in plan.issue.toc().filter(|toc| !toc.articles.is_empty()) {
        let heading_id = format!("section-{}", toc.section.id);
        xml.start("section", &[("class", "toc-section"), ("aria-labelledby", &heading_id)]).newline();
        xml.line("h3", &[("id", &heading_id)], &toc.section.title);
        xml.start("ul", &[("class", "teasers")]).newline();
        for &(id, article) in &toc.articles {
            teaser(xml, plan, id, article);
        }
        xml.end().newline().end().newline();
    }
    xml.end().newline();
}

/// One article on the index: kicker, linked title, subtitle, byline, the start of its text.
fn teaser(xml: &mut Xml, plan: &Plan, id: ArticleId, article: &Article) {
    let lang = non_empty_lang(&article.lang);
    xml.start("li", &[("class", "teaser"), ("lang", lang)]).newline();
    if let Some(kicker) = &article.kicker {
        xml.line("p", &[("class", "kicker")], kicker);
    }
    xml.start("h4", &[]).start("a", &[("href", plan.article_file(id))]).text(&article.title).end();
    if article.online_only {
        xml.start("span", &[("class", "online-only")]).text(&online_only_mark(lang)).end();
    }
    xml.end().newline();
    for (class, value) in [("subtitle", &article.subtitle), ("byline", &article.byline)] {
        if let Some(value) = value {
            xml.line("p", &[("class", class)], value);
        }
    }
    if let Some(text) = teaser_text(article) {
        xml.line("p", &[("class", "teaser-text")], &text);
    }
    xml.end().newline();
}

/// The first paragraph's first words, with "…" when cut.
pub(crate) fn teaser_text(article: &Article) -> Option<String> {
    let first = article.blocks.iter().find_map(|block| match block {
        Block::Paragraph(inlines) => Some(Inline::plain_text(inlines)),
        _ => None,
    })?;
    let words: Vec<&str> = first.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let mut text = words[..words.len().min(TEASER_WORDS)].join(" ");
    if words.len() > TEASER_WORDS {
        text.push_str(" …");
    }
    Some(text)
}

/// An article's page: the EPUB chapter's content, the edition line, previous/next links.
pub(crate) fn article(plan: &Plan, id: ArticleId) -> Vec<u8> {
    let issue = plan.issue;
    let article = issue.article(id);
    let lang = non_empty_lang(&article.lang);
    let meta = PageMeta {
        title: format!("{} – {}", article.title, issue.title),
        file: plan.article_file(id),
        description: teaser_text(article),
        article: Some(id),
    };
    frame(plan, lang, &meta, |xml| {
        article_section(plan, id, xml);
        edition_line(xml, issue, article, lang);
        pager(xml, plan, id, lang);
    })
}

/// "Dieser Artikel erschien in der Online-Ausgabe von *Publication* Issue (Period) (nur online)".
fn edition_line(xml: &mut Xml, issue: &Issue, article: &Article, lang: &str) {
    xml.start("p", &[("class", "edition")]);
    xml.text(label(lang, Label::AppearedOnline)).text(" ");
    xml.start("cite", &[]).text(&issue.title).end().text(" ").text(&issue.issue_label);
    if let Some(period) = &issue.period {
        xml.text(&format!(" ({period})"));
    }
    if article.online_only {
        xml.text(&online_only_mark(lang));
    }
    xml.end().newline();
}

/// Links to the previous and next article in reading order.
fn pager(xml: &mut Xml, plan: &Plan, id: ArticleId, lang: &str) {
    let issue = plan.issue;
    let previous = id.index().checked_sub(1).map(ArticleId::new);
    let next = Some(id.index() + 1).filter(|&i| i < issue.articles.len()).map(ArticleId::new);
    if previous.is_none() && next.is_none() {
        return;
    }
    let pager_label = format!("{} / {}", label(lang, Label::Previous), label(lang, Label::Next));
    xml.start("nav", &[("class", "pager"), ("aria-label", &pager_label)]).newline();
    for (rel, which, other) in [("prev", Label::Previous, previous), ("next", Label::Next, next)] {
        let Some(other) = other else { continue };
        xml.start("a", &[("rel", rel), ("class", rel), ("href", plan.article_file(other))]);
        xml.start("span", &[("class", "pager-label")]).text(label(lang, which)).end().text(" ");
        xml.start("span", &[("class", "pager-title")]).text(&issue.article(other).title).end();
        xml.end().newline();
    }
    xml.end().newline();
}

/// The imprint page.
pub(crate) fn imprint(plan: &Plan) -> Vec<u8> {
    let lang = plan.language();
    let title = format!("{} – {}", label(lang, Label::Imprint), plan.issue.title);
    let meta = PageMeta { title, file: IMPRINT, description: None, article: None };
    frame(plan, lang, &meta, |xml| imprint_section(plan, xml))
}

/// A whole page: head, masthead, `main` with `content`, footer.
fn frame(plan: &Plan, lang: &str, meta: &PageMeta, content: impl FnOnce(&mut Xml)) -> Vec<u8> {
    let issue = plan.issue;
    let mut xml = Xml::html();
    xml.doctype("html");
    xml.start("html", &[("lang", lang)]).newline();
    head(&mut xml, issue, meta);
    xml.start("body", &[]).newline();
    masthead(&mut xml, plan, meta.file == INDEX);
    xml.start("main", &[("id", "main")]).newline();
    content(&mut xml);
    xml.end().newline();
    footer(&mut xml, plan);
    xml.end().newline();
    xml.end().newline();
    xml.finish()
}

/// The banner: publication and issue, linking home except on the index itself.
fn masthead(xml: &mut Xml, plan: &Plan, on_index: bool) {
    let issue = plan.issue;
    let lang = plan.language();
    xml.start("header", &[("class", "masthead"), ("lang", lang)]).newline();
    xml.start("p", &[]);
    if on_index {
        xml.start("span", &[("class", "masthead-title")]).text(&issue.title).end();
    } else {
        xml.start("a", &[("class", "masthead-title"), ("href", INDEX)]).text(&issue.title).end();
    }
    xml.text(" ").start("span", &[("class", "masthead-issue")]).text(&issue.issue_label).end();
    xml.end().newline();
    xml.end().newline();
}

/// Publisher and the imprint link.
fn footer(xml: &mut Xml, plan: &Plan) {
    let issue = plan.issue;
    let lang = plan.language();
    xml.start("footer", &[("class", "site-footer"), ("lang", lang)]).newline();
    if let Some(publisher) = &issue.publisher {
        xml.line("p", &[("class", "publisher")], publisher);
    }
    if issue.imprint.is_some() {
        xml.start("p", &[]).start("a", &[("href", IMPRINT)]).text(label(lang, Label::Imprint)).end().end().newline();
    }
    xml.end().newline();
}

/// An `<img>` with its size when known, so the page does not jump while it loads.
fn image(xml: &mut Xml, src: &str, alt: &str, width: u32, height: u32) {
    let alt = without_soft_hyphens(alt);
    let (w, h) = (width.to_string(), height.to_string());
    let mut attributes = vec![("src", src), ("alt", alt.as_ref())];
    if width > 0 && height > 0 {
        attributes.extend([("width", w.as_str()), ("height", h.as_str())]);
    }
    xml.empty("img", &attributes);
}
