//! The EPUB 3 navigation document (`nav.xhtml`) from the plan: the table of contents nested by
//! section, and the landmarks.

use super::plan::{Plan, IMPRINT, NAV, TITLE_PAGE};
use super::xhtml;
use super::xml::{without_soft_hyphens, Xml};
use crate::model::{online_only_mark, Article, ArticleId};
use crate::text::lang::{label, Label};

/// An entry of the table of contents: a linked page, or a section heading with its articles.
pub(crate) enum Entry {
    Page { href: String, title: String, lang: Option<String> },
    Section { title: String, children: Vec<Entry> },
}

/// The table of contents both `nav.xhtml` and `toc.ncx` show, in reading order.
pub(crate) fn entries(plan: &Plan) -> Vec<Entry> {
    let issue = plan.issue;
    let lang = plan.language();
    let page = |href: &str, title: &str| Entry::Page { href: href.to_string(), title: title.to_string(), lang: None };
    let article = |id: ArticleId, a: &Article| {
        let lang = (!a.lang.trim().is_empty() && a.lang.trim() != lang).then(|| a.lang.trim().to_string());
        // In the article's language, so that the entry's `lang` covers the mark too.
        let mark = if a.online_only { online_only_mark(&a.lang) } else { String::new() };
        Entry::Page { href: plan.article_file(id).to_string(), title: format!("{}{mark}", a.title), lang }
    };
    let mut out = vec![page(TITLE_PAGE, label(lang, Label::TitlePage)), page(NAV, label(lang, Label::Contents))];
    for toc in issue.toc() {
        let children: Vec<Entry> = toc.articles.iter().map(|&(id, a)| article(id, a)).collect();
        if !children.is_empty() {
            out.push(Entry::Section { title: toc.section.title.clone(), children });
        }
    }
    if issue.imprint.is_some() {
        out.push(page(IMPRINT, label(lang, Label::Imprint)));
    }
    out
}

/// The complete `nav.xhtml`.
pub(crate) fn nav(plan: &Plan) -> Vec<u8> {
    let lang = plan.language();
    let contents = label(lang, Label::Contents);
    xhtml::page(lang, contents, |xml| {
        let attributes = [("epub:type", "toc"), ("id", "toc"), ("role", "doc-toc"), ("aria-labelledby", "toc-title")];
        xml.start("nav", &attributes).newline();
        xml.line("h1", &[("id", "toc-title")], contents);
        list(xml, &entries(plan));
        xml.end().newline();
        landmarks(xml, plan);
    })
}

fn list(xml: &mut Xml, entries: &[Entry]) {
    xml.start("ol", &[]).newline();
    for entry in entries {
        match entry {
            Entry::Page { href, title, lang } => {
                let mut attributes = vec![("href", href.as_str())];
                if let Some(lang) = lang {
                    attributes.extend([("lang", lang.as_str()), ("xml:lang", lang.as_str())]);
                }
                xml.start("li", &[]).start("a", &attributes).text(&without_soft_hyphens(title)).end().end().newline();
            }
            Entry::Section { title, children } => {
                xml.start("li", &[]).line("span", &[], &without_soft_hyphens(title));
                list(xml, children);
                xml.end().newline();
            }
        }
    }
    xml.end().newline();
}

/// Cover (or title page), table of contents, start of the body matter, imprint.
fn landmarks(xml: &mut Xml, plan: &Plan) {
    let issue = plan.issue;
    let lang = plan.language();
    let mut marks = Vec::new();
    let cover_type = if issue.cover.is_some() { "cover" } else { "titlepage" };
    marks.push((cover_type, TITLE_PAGE.to_string(), label(lang, Label::TitlePage).to_string()));
    marks.push(("toc", format!("{NAV}#toc"), label(lang, Label::Contents).to_string()));
    if let (Some(file), Some(first)) = (plan.article_files.first(), issue.articles.first()) {
        marks.push(("bodymatter", file.clone(), first.title.clone()));
    }
    if issue.imprint.is_some() {
        marks.push(("imprint", IMPRINT.to_string(), label(lang, Label::Imprint).to_string()));
    }
    let attributes =
        [("epub:type", "landmarks"), ("id", "landmarks"), ("hidden", "hidden"), ("aria-labelledby", "landmarks-title")];
    xml.start("nav", &attributes).newline();
    xml.line("h2", &[("id", "landmarks-title")], label(lang, Label::Landmarks));
    xml.start("ol", &[]).newline();
    for (kind, href, title) in marks {
        let link = [("epub:type", kind), ("href", href.as_str())];
        xml.start("li", &[]).start("a", &link).text(&without_soft_hyphens(&title)).end().end().newline();
    }
    xml.end().newline();
    xml.end().newline();
}
