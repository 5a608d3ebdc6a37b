//! The EPUB 3 navigation document (`nav.xhtml`) from the plan: the table of contents nested by
//! section, and the landmarks.

use super::plan::{Plan, IMPRINT, NAV, TITLE_PAGE};
use super::xhtml;
use super::xml::{esc, esc_plain};
use crate::model::{Article, ArticleId};
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
        Entry::Page { href: plan.article_file(id).to_string(), title: a.title.clone(), lang }
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
pub(crate) fn nav(plan: &Plan) -> String {
    let lang = plan.language();
    let contents = label(lang, Label::Contents);
    let mut body = format!(
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n\
         <h1 id=\"toc-title\">{contents}</h1>\n"
    );
    list(&mut body, &entries(plan));
    body.push_str("</nav>\n");
    landmarks(&mut body, plan);
    xhtml::page(lang, contents, &body)
}

fn list(out: &mut String, entries: &[Entry]) {
    out.push_str("<ol>\n");
    for entry in entries {
        match entry {
            Entry::Page { href, title, lang } => {
                let lang =
                    lang.as_deref().map(|l| format!(" lang=\"{0}\" xml:lang=\"{0}\"", esc(l))).unwrap_or_default();
                out.push_str(&format!("<li><a href=\"{}\"{lang}>{}</a></li>\n", esc(href), esc_plain(title)));
            }
            Entry::Section { title, children } => {
                out.push_str(&format!("<li><span>{}</span>\n", esc_plain(title)));
                list(out, children);
                out.push_str("</li>\n");
            }
        }
    }
    out.push_str("</ol>\n");
}

/// Cover (or title page), table of contents, start of the body matter, imprint.
fn landmarks(out: &mut String, plan: &Plan) {
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
    out.push_str(&format!(
        "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\" aria-labelledby=\"landmarks-title\">\n\
         <h2 id=\"landmarks-title\">{}</h2>\n<ol>\n",
        label(lang, Label::Landmarks)
    ));
    for (kind, href, title) in marks {
        out.push_str(&format!("<li><a epub:type=\"{kind}\" href=\"{}\">{}</a></li>\n", esc(&href), esc_plain(&title)));
    }
    out.push_str("</ol>\n</nav>\n");
}
