//! The EPUB 3 navigation document (`nav.xhtml`) from the plan: the table of contents nested by
//! section, the landmarks, and the page list of the print edition.

use super::plan::{Plan, COVER_PAGE, IMPRINT, NAV, TITLE_PAGE};
use super::xhtml;
use super::xml::{without_soft_hyphens, Xml};
use crate::model::{online_only_mark, Article, ArticleId, PageStart};
use crate::text::lang::{label, primary, Label};

/// An entry of the table of contents: a linked page, or a section heading with its articles.
pub(crate) enum Entry {
    Page {
        href: String,
        title: String,
        lang: Option<String>,
    },
    /// A section links to its first article: an unlinked label is dropped or misplaced by
    /// calibre's conversions and breaks epub.js.
    Section {
        title: String,
        href: String,
        children: Vec<Entry>,
    },
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
        if let Some(&(first, _)) = toc.articles.first() {
            let href = plan.article_file(first).to_string();
            out.push(Entry::Section { title: toc.section.title.clone(), href, children });
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
        xhtml::part_marker(xml, plan, &PageStart::Contents);
        let attributes = [("epub:type", "toc"), ("id", "toc"), ("role", "doc-toc"), ("aria-labelledby", "toc-title")];
        xml.start("nav", &attributes).newline();
        xml.line("h1", &[("id", "toc-title")], contents);
        list(xml, &entries(plan));
        xml.end().newline();
        landmarks(xml, plan);
        page_list(xml, plan);
    })
}

/// Where each page of the print edition begins, linked to its marker; none without a PDF.
fn page_list(xml: &mut Xml, plan: &Plan) {
    if !plan.has_page_list() {
        return;
    }
    let title = match primary(plan.language()).as_str() {
        "de" => "Seiten der Druckausgabe",
        "fr" => "Pages de l’édition imprimée",
        _ => "Pages of the print edition",
    };
    let attributes =
        [("epub:type", "page-list"), ("id", "page-list"), ("hidden", "hidden"), ("aria-labelledby", "page-list-title")];
    xml.start("nav", &attributes).newline();
    xml.line("h2", &[("id", "page-list-title")], title);
    xml.start("ol", &[]).newline();
    for (number, start) in &plan.print_pages {
        if let Some(file) = plan.page_file(start) {
            let href = format!("{file}#{}", xhtml::page_id(*number));
            xml.start("li", &[]).start("a", &[("href", &href)]).text(&number.to_string()).end().end().newline();
        }
    }
    xml.end().newline();
    xml.end().newline();
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
            Entry::Section { title, href, children } => {
                let link = [("class", "section"), ("href", href.as_str())];
                xml.start("li", &[]).line("a", &link, &without_soft_hyphens(title));
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
    let mut marks = vec![
        ("cover", COVER_PAGE.to_string(), label(lang, Label::Cover).to_string()),
        ("titlepage", TITLE_PAGE.to_string(), label(lang, Label::TitlePage).to_string()),
    ];
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
