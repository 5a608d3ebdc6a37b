//! The raw-HTML policy: raw HTML is never passed through. A few inline elements become model
//! formatting, every other tag is removed (with one warning per file), and the content of
//! elements such as `<script>` is dropped.

use std::ops::Range;

use super::{BodyBuilder, OpenElement, OpenKind};
use crate::diag::Diagnostic;
use crate::model::Inline;

/// Raw HTML elements whose content must never reach a reader.
const DROPPED_ELEMENTS: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "title", "svg", "math",
    "video", "audio", "form", "select",
];

/// Elements that become formatting of the model.
const FORMATTING_ELEMENTS: &[&str] = &["sup", "sub", "em", "i", "strong", "b", "s", "del", "strike"];

impl BodyBuilder<'_, '_> {
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
    pub(super) fn html(&mut self, html: &str, range: Range<usize>) {
        let in_block = matches!(self.top().kind, OpenKind::HtmlBlock);
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
                (name, false) if FORMATTING_ELEMENTS.contains(&name) => {
                    self.stack.push(OpenElement::new(OpenKind::Html { tag: name.to_string() }));
                }
                (name, true) if FORMATTING_ELEMENTS.contains(&name) => {
                    if matches!(&self.top().kind, OpenKind::Html { tag } if tag == name) {
                        self.close_top();
                    }
                }
                _ => self.warn_html(range.clone()),
            }
        }
    }
}

/// The model node of a formatting element closed with `content`.
pub(super) fn html_inline(tag: &str, content: Vec<Inline>) -> Inline {
    match tag {
        "sup" => Inline::Superscript(content),
        "sub" => Inline::Subscript(content),
        "strong" | "b" => Inline::Strong(content),
        "s" | "del" | "strike" => Inline::Strikethrough(content),
        _ => Inline::Emphasis(content),
    }
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
