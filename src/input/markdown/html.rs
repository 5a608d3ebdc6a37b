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
                    if self.skip_depth == 0 {
                        self.skip_opened = Some((name.to_string(), range.clone()));
                    }
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

impl BodyBuilder<'_, '_> {
    /// At the end of a paragraph, heading or cell: a dropped element (`<title>`, `<script>`)
    /// still open there would silently swallow the rest of the block. That is an error, and
    /// the next block starts outside it.
    pub(super) fn check_dropped_element_closed(&mut self) {
        let Some((name, range)) = self.skip_opened.take() else { return };
        if self.skip_depth == 0 {
            return;
        }
        self.skip_depth = 0;
        self.diags.push(
            Diagnostic::error(format!(
                "the HTML element <{name}> in {} is never closed, so the text after it would be lost",
                self.ctx.path
            ))
            .at(self.ctx.file, Some(range))
            .hint(format!(
                "to show `<{name}>` as text, put it in backticks: `<{name}>`; otherwise close it with </{name}>"
            )),
        );
    }

    /// An HTML block that opens with `<!--`, `<script>`, `<style>`, `<pre>`, `<textarea>`, `<?`
    /// or `<![CDATA[` runs until its closing mark, in CommonMark up to the end of the file: one
    /// never closed swallows everything after it. `range` is the whole block.
    pub(super) fn check_html_block_closed(&mut self, range: Range<usize>) {
        let block = self.source.get(range.clone()).unwrap_or("");
        let lower = block.trim_start().to_ascii_lowercase();
        let Some((opening, closing)) = BLOCKS_UP_TO_A_MARK.iter().find(|(opening, _)| lower.starts_with(opening))
        else {
            return;
        };
        if lower.contains(closing) {
            return;
        }
        let start = range.start + (block.len() - block.trim_start().len());
        self.diags.push(
            Diagnostic::error(format!(
                "`{opening}` in {} is never closed with `{closing}`, so everything after it would be lost",
                self.ctx.path
            ))
            .at(self.ctx.file, Some(start..start + opening.len()))
            .hint(format!("close it with `{closing}`, or put it in backticks to show it as text: `{opening}`")),
        );
    }
}

/// HTML blocks (CommonMark kinds 1–5) that end only at a closing mark, not at a blank line.
const BLOCKS_UP_TO_A_MARK: &[(&str, &str)] = &[
    ("<!--", "-->"),
    ("<script", "</script>"),
    ("<style", "</style>"),
    ("<pre", "</pre>"),
    ("<textarea", "</textarea>"),
    ("<![cdata[", "]]>"),
    ("<?", "?>"),
];

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
