//! Link and image addresses → model targets: web and mail addresses by the link policy of
//! `model::links`, paths to other articles of the issue, image files loaded as assets.

use std::ops::Range;

use super::{BodyBuilder, FragmentLink};
use crate::diag::Diagnostic;
use crate::model::links::{url_scheme, SAFE_SCHEMES};
use crate::model::{AssetId, LinkTarget};
use crate::source::{parent_dir, resolve_relative};

impl BodyBuilder<'_, '_> {
    pub(super) fn link_target(&mut self, url: &str, range: Range<usize>) -> Option<LinkTarget> {
        let target = self.resolve_link(url, range.clone())?;
        if let LinkTarget::Article { article, fragment: Some(fragment) } = &target {
            let file = self.ctx.file;
            self.fragments.push(FragmentLink { article: *article, fragment: fragment.clone(), file, range });
        }
        Some(target)
    }

    fn resolve_link(&mut self, url: &str, range: Range<usize>) -> Option<LinkTarget> {
        let url = url.trim();
        if url.is_empty() {
            // CommonMark reads `[text]()` as a link to the current document: nothing to follow.
            self.diags.push(
                Diagnostic::warning(format!(
                    "a link in {} has no address; its text is kept without the link",
                    self.ctx.path
                ))
                .at(self.ctx.file, Some(range))
                .hint("write the address in the parentheses: [text](https://…) or [text](other.md)"),
            );
            return None;
        }
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

    pub(super) fn image(&mut self, url: &str, range: Range<usize>) -> Option<AssetId> {
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
}

/// `%20` and the like decoded; the text as written when the bytes are no UTF-8.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_string(), |decoded| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_paths_are_percent_decoded_when_they_are_utf8() {
        assert_eq!(percent_decode("Stra%C3%9Fe%20neu.md"), "Straße neu.md");
        assert_eq!(percent_decode("latin%DF.md"), "latin%DF.md");
    }
}
