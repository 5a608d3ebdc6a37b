//! What a "related articles" box lists: another article of this issue, or a reference to an
//! article published elsewhere (another issue, another publication, the web).

use super::ArticleId;
use crate::text::lang::{label, Label};

/// One entry of `Article::related`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Related {
    /// Another article of this issue.
    Article(ArticleId),
    /// An article outside this issue, as the editor described it.
    External(ExternalRef),
}

/// An article outside this issue: "Author: Title, *Publication* Issue (Period) (nur online)".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExternalRef {
    pub title: String,
    pub author: Option<String>,
    /// The publication it appeared in; assembly fills in this issue's publication when omitted.
    pub publication: String,
    /// Issue label, e.g. "Nr. 1/2022".
    pub issue: Option<String>,
    pub period: Option<String>,
    /// A web or mail address (checked by the link policy when read).
    pub url: Option<String>,
    pub online_only: bool,
}

/// A reference split where writers change the type: `lead` and `tail` in roman, `publication`
/// in italics; concatenated they read "Author: Title, Publication Issue (Period) (nur online)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationParts {
    pub lead: String,
    pub publication: String,
    pub tail: String,
}

impl CitationParts {
    /// The whole reference as plain text.
    pub fn plain(&self) -> String {
        format!("{}{}{}", self.lead, self.publication, self.tail)
    }
}

impl ExternalRef {
    /// The reference in the form of the related boxes, with labels in `lang`.
    pub fn citation(&self, lang: &str) -> CitationParts {
        let lead = match &self.author {
            Some(author) => format!("{author}: {}, ", self.title),
            None => format!("{}, ", self.title),
        };
        let mut tail = String::new();
        if let Some(issue) = &self.issue {
            tail.push(' ');
            tail.push_str(issue);
        }
        if let Some(period) = &self.period {
            tail.push_str(&format!(" ({period})"));
        }
        if self.online_only {
            tail.push_str(&online_only_mark(lang));
        }
        CitationParts { lead, publication: self.publication.clone(), tail }
    }
}

/// " (nur online)" / " (online only)": what follows the title of an article only online.
pub fn online_only_mark(lang: &str) -> String {
    format!(" ({})", label(lang, Label::OnlineOnly))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_reads_author_title_publication_issue_period_and_mark() {
        let reference = ExternalRef {
            title: "Der Januar-Aufstand".into(),
            author: Some("Sozialistische Bewegung Kasachstans".into()),
            publication: "die internationale".into(),
            issue: Some("Nr. 1/2022".into()),
            period: Some("Januar/Februar 2022".into()),
            url: None,
            online_only: true,
        };
        let parts = reference.citation("de");
        assert_eq!(parts.publication, "die internationale");
        assert_eq!(
            parts.plain(),
            "Sozialistische Bewegung Kasachstans: Der Januar-Aufstand, die internationale Nr. 1/2022 \
             (Januar/Februar 2022) (nur online)"
        );
        let bare = ExternalRef { title: "T".into(), publication: "P".into(), ..ExternalRef::default() };
        assert_eq!(bare.citation("en").plain(), "T, P");
        assert_eq!(online_only_mark("en-GB"), " (online only)");
    }
}
