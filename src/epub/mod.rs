//! The EPUB writer: an `Issue` → the bytes of an EPUB 3.3 package (XHTML pages, OPF, nav, NCX,
//! stylesheet and images in a reproducible zip).
//!
//! Steps: [`Plan`] assigns file names, then `xhtml` renders the pages, `opf` the package document,
//! `nav` and `ncx` the two tables of contents, and `package` zips them in a fixed order.

mod nav;
mod ncx;
mod opf;
mod package;
mod xhtml;

use std::collections::HashSet;

use crate::model::{Block, Inline, Issue};

/// What the caller chooses per issue.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// The stylesheet text, written to the package as is.
    pub css: String,
}

/// Why an EPUB could not be written.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// The zip library refused an entry.
    #[error("failed to write the epub archive ({0})")]
    Zip(#[from] zip::result::ZipError),
    /// Writing into the in-memory buffer failed.
    #[error("failed to write the epub archive ({0})")]
    Io(#[from] std::io::Error),
    /// An image path is absolute, climbs out of the package, or is taken by another file.
    #[error("invalid image path in the epub package: {0}")]
    AssetPath(String),
}

/// Writes `issue` as an EPUB 3 package and returns its bytes; the same input gives the same bytes.
pub fn epub(issue: &Issue, options: &EpubOptions) -> Result<Vec<u8>, EpubError> {
    let plan = Plan::new(issue)?;
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (OPF.to_string(), opf::opf(&plan).into_bytes()),
        (NCX.to_string(), ncx::ncx(&plan).into_bytes()),
        (NAV.to_string(), nav::nav(&plan).into_bytes()),
        (CSS.to_string(), options.css.clone().into_bytes()),
        (TITLE_PAGE.to_string(), xhtml::title_page(&plan).into_bytes()),
    ];
    for (index, file) in plan.article_files.iter().enumerate() {
        files.push((file.clone(), xhtml::article(&plan, index).into_bytes()));
    }
    if plan.issue.imprint.is_some() {
        files.push((IMPRINT.to_string(), xhtml::imprint(&plan).into_bytes()));
    }
    package::package(&plan, files)
}

/// Package document, relative to the content folder (as are all names below).
const OPF: &str = "content.opf";
const NCX: &str = "toc.ncx";
const NAV: &str = "nav.xhtml";
const CSS: &str = "style.css";
const TITLE_PAGE: &str = "titlepage.xhtml";
const IMPRINT: &str = "imprint.xhtml";
/// The folder inside the zip that holds everything but `mimetype` and `META-INF`.
const CONTENT_DIR: &str = "OEBPS";

/// The decisions every part of the writer shares: file names and facts about the images.
pub(crate) struct Plan<'a> {
    pub issue: &'a Issue,
    /// One XHTML file name per article, parallel to `Issue::articles`.
    pub article_files: Vec<String>,
    /// Whether any page shows an image (cover included).
    pub has_images: bool,
    /// Whether every image in the content has a non-empty alt text.
    pub all_alt: bool,
}

impl<'a> Plan<'a> {
    fn new(issue: &'a Issue) -> Result<Self, EpubError> {
        let mut taken: HashSet<String> =
            [OPF, NCX, NAV, CSS, TITLE_PAGE, IMPRINT].iter().map(|s| s.to_string()).collect();
        for asset in &issue.assets {
            if !valid_package_path(&asset.package_path) || !taken.insert(asset.package_path.clone()) {
                return Err(EpubError::AssetPath(asset.package_path.clone()));
            }
        }
        let article_files = issue
            .articles
            .iter()
            .map(|article| unique_file_name(&article.id, &mut taken))
            .collect();
        let mut images = ImageFacts { any: issue.cover.is_some_and(|c| c < issue.assets.len()), all_alt: true };
        for article in &issue.articles {
            images.blocks(&article.blocks);
            for note in &article.footnotes {
                images.blocks(&note.blocks);
            }
        }
        if let Some(imprint) = &issue.imprint {
            images.blocks(&imprint.blocks);
        }
        Ok(Plan { issue, article_files, has_images: images.any, all_alt: images.all_alt })
    }

    /// The language of the issue, with a fallback for an empty manifest value.
    pub fn language(&self) -> &str {
        non_empty_lang(&self.issue.language)
    }
}

/// `lang`, or `und` (undetermined, BCP 47) when empty, so attributes stay valid.
fn non_empty_lang(lang: &str) -> &str {
    if lang.trim().is_empty() {
        "und"
    } else {
        lang.trim()
    }
}

/// A relative path that stays inside the package and needs no escaping in a URL.
fn valid_package_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.ends_with('/')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && path.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && !path.starts_with("META-INF")
}

/// `{id}.xhtml` reduced to safe characters, with a counter when the name is taken.
fn unique_file_name(id: &str, taken: &mut HashSet<String>) -> String {
    let mut stem: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if stem.is_empty() {
        stem.push_str("article");
    }
    let mut name = format!("{stem}.xhtml");
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{stem}-{n}.xhtml");
        n += 1;
    }
    name
}

/// Walks blocks for images: whether there are any, and whether all have alt text.
struct ImageFacts {
    any: bool,
    all_alt: bool,
}

impl ImageFacts {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(inlines) | Block::Heading { content: inlines, .. } => self.inlines(inlines),
                Block::List { items, .. } => items.iter().for_each(|item| self.blocks(item)),
                Block::BlockQuote(inner) => self.blocks(inner),
                Block::Table { header, rows, .. } => {
                    header.iter().for_each(|cell| self.inlines(cell));
                    rows.iter().flatten().for_each(|cell| self.inlines(cell));
                }
                Block::Figure { alt, .. } => self.image(alt),
                Block::CodeBlock(_) | Block::Rule => {}
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Image { alt, .. } => self.image(alt),
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c)
                | Inline::Link { content: c, .. } => self.inlines(c),
                Inline::Text(_) | Inline::Code(_) | Inline::FootnoteRef { .. } | Inline::LineBreak => {}
            }
        }
    }

    fn image(&mut self, alt: &str) {
        self.any = true;
        self.all_alt &= !alt.trim().is_empty();
    }
}

/// Escapes text for XML content and attribute values; drops characters XML 1.0 forbids.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escaped text without soft hyphens: for metadata and titles, where they only get in the way.
pub(crate) fn esc_plain(text: &str) -> String {
    esc(&text.replace('\u{ad}', ""))
}

/// Words the writer puts on pages itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    Contents,
    Related,
    Imprint,
    Notes,
    TitlePage,
    Back,
    Cover,
    Landmarks,
}

// TODO(lead): replace with src/lang.rs once it exists.
/// The label `key` in the language `lang` (primary subtag); English when the language is unknown.
pub(crate) fn label(lang: &str, key: Label) -> &'static str {
    let primary = lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    use Label::*;
    match (primary.as_str(), key) {
        ("de", Contents) => "Inhalt",
        ("de", Related) => "Mehr dazu",
        ("de", Imprint) => "Impressum",
        ("de", Notes) => "Fußnoten",
        ("de", TitlePage) => "Titelseite",
        ("de", Back) => "Zurück zum Text",
        ("de", Cover) => "Titelbild",
        ("de", Landmarks) => "Orientierungspunkte",
        ("fr", Contents) => "Sommaire",
        ("fr", Related) => "À lire aussi",
        ("fr", Imprint) => "Mentions légales",
        ("fr", Notes) => "Notes",
        ("fr", TitlePage) => "Page de titre",
        ("fr", Back) => "Retour au texte",
        ("fr", Cover) => "Couverture",
        ("fr", Landmarks) => "Repères",
        (_, Contents) => "Contents",
        (_, Related) => "Related",
        (_, Imprint) => "Imprint",
        (_, Notes) => "Notes",
        (_, TitlePage) => "Title page",
        (_, Back) => "Back to text",
        (_, Cover) => "Cover",
        (_, Landmarks) => "Landmarks",
    }
}
