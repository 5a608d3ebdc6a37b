//! Manifest + article files → `model::Issue`: reads every file through the loader, checks
//! everything an editor can get wrong, and keeps going to report all problems at once.

mod assets;
mod dates;
mod fonts;
mod frontmatter;
mod hyphenation;
mod image_check;
pub(crate) mod manifest;
mod markdown;
mod print;
pub(crate) mod unknown_keys;
mod yaml_guard;

use std::collections::HashMap;

use jiff::civil::Date;

use crate::diag::{Diagnostic, Diagnostics};
use crate::input::assets::AssetStore;
use crate::input::frontmatter::{split_front_matter, ExternalEntry, FrontMatter, RelatedEntry};
use crate::input::hyphenation::parse_hyphenation;
use crate::input::manifest::{parse_manifest, Manifest, SectionEntry};
use crate::input::markdown::{clean_text, parse_body, BodyContext, FragmentLink};
use crate::model::{
    Article, ArticleId, AssetId, Block, ExternalRef, HyphenationExceptions, Imprint, Issue, Related, Section,
    SectionId, Source,
};
use crate::progress::{Observer, Stage};
use crate::source::{decode, parent_dir, resolve_relative, FileId, Loader, Sources};
use crate::style::Style;
use crate::text::lang::{join_names, noon_epoch};
use crate::text::slug::ascii_slug;
use crate::text::smartquotes::smarten;

/// Settings from outside the issue folder.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides the manifest's `style`.
    pub style: Option<String>,
    /// SOURCE_DATE_EPOCH, when set: the "last modified" time of the outputs.
    pub source_date_epoch: Option<i64>,
}

pub(crate) const MANIFEST: &str = "issue.toml";

/// Reads and checks the whole issue. `None` when any error was found.
pub(crate) fn assemble(
    loader: &dyn Loader,
    options: &Options,
    observer: &dyn Observer,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<Issue> {
    let manifest_file = read_text(loader, sources, diags, TextFile { path: MANIFEST, named_in_manifest: None })?;
    let manifest = match parse_manifest(&sources.get(manifest_file).text, manifest_file) {
        Ok((manifest, problems)) => {
            diags.extend(problems);
            manifest
        }
        Err(problems) => {
            diags.extend(problems);
            return None;
        }
    };
    Assembler { loader, observer, sources, diags, manifest_file, assets: AssetStore::default(), fragments: Vec::new() }
        .run(&manifest, options)
}

/// A text file to read: its path, and what it is and where for a file the manifest names
/// (`None` for the manifest itself).
struct TextFile<'a> {
    path: &'a str,
    named_in_manifest: Option<(&'static str, FileId, std::ops::Range<usize>)>,
}

/// Reads a text file into `sources`. A file that cannot be read, or is no UTF-8, becomes a
/// diagnostic: at the manifest line naming it, or at the first bad byte.
fn read_text(loader: &dyn Loader, sources: &mut Sources, diags: &mut Diagnostics, file: TextFile) -> Option<FileId> {
    let bytes = match loader.read(file.path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.push(read_error(&err, &file));
            return None;
        }
    };
    match decode(bytes) {
        Ok(text) => Some(sources.add(file.path, text)),
        Err(problem) => {
            let id = sources.add(file.path, problem.lossy.clone());
            diags.push(
                Diagnostic::error(format!("{}: {}", file.path, problem.message()))
                    .at(id, Some(problem.range()))
                    .hint("save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)"),
            );
            None
        }
    }
}

/// Why `file` cannot be read, and what to do about it.
fn read_error(err: &std::io::Error, file: &TextFile) -> Diagnostic {
    let path = file.path;
    let reason = match err.kind() {
        // A loader's own message (e.g. a dangling symbolic link) says more than "no such file".
        std::io::ErrorKind::NotFound => {
            err.get_ref().map_or_else(|| "no such file".to_string(), |inner| inner.to_string())
        }
        _ => err.to_string(),
    };
    let Some((what, manifest, range)) = &file.named_in_manifest else {
        return Diagnostic::error(format!("failed to read {path} ({reason})"))
            .hint("an issue folder holds an issue.toml that lists its articles");
    };
    let hint = match err.kind() {
        std::io::ErrorKind::NotFound => format!("check the path in {MANIFEST}; it is relative to the issue folder"),
        std::io::ErrorKind::PermissionDenied => "move the file into the issue folder, or make it readable".to_string(),
        _ => format!("name a Markdown file in {MANIFEST}"),
    };
    Diagnostic::error(format!("failed to read the {what} {path} ({reason})"))
        .at(*manifest, Some(range.clone()))
        .hint(hint)
}

/// An article path as listed: normalised path, section, span in the manifest.
type Listed = (String, SectionId, std::ops::Range<usize>);

struct Assembler<'a> {
    loader: &'a dyn Loader,
    observer: &'a dyn Observer,
    sources: &'a mut Sources,
    diags: &'a mut Diagnostics,
    manifest_file: FileId,
    assets: AssetStore,
    /// Links to headings, checked once every article is read.
    fragments: Vec<FragmentLink>,
}

/// The parts of an issue read from files, before the manifest's metadata joins them.
struct Parts {
    date: Date,
    style: Style,
    sections: Vec<Section>,
    articles: Vec<Article>,
    imprint: Option<Imprint>,
    cover: Option<AssetId>,
    hyphenation: HyphenationExceptions,
}

/// An article file read and split, before its body is parsed.
struct ArticleFile {
    path: String,
    section: SectionId,
    file: FileId,
    front: FrontMatter,
    /// The front matter's `date`, when it is a real one.
    date: Option<Date>,
    front_range: std::ops::Range<usize>,
    body_offset: usize,
}

impl Assembler<'_> {
    fn error_at(&mut self, message: String, range: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic::error(message).at(self.manifest_file, Some(range))
    }

    fn run(mut self, manifest: &Manifest, options: &Options) -> Option<Issue> {
        let date = self.check_metadata(manifest);
        let mut style = self.style(manifest, options);
        if let Some(style) = &mut style {
            self.apply_print(manifest, style);
        }
        let (paths, sections) = self.article_paths(manifest);
        let index: HashMap<String, ArticleId> =
            paths.iter().enumerate().map(|(i, (path, _, _))| (path.clone(), ArticleId::new(i))).collect();
        self.observer.begin(Stage::Read, paths.len());
        let article_files: Vec<Option<ArticleFile>> =
            paths.iter().map(|(path, section, range)| self.read_article(path, *section, range.clone())).collect();
        let language = manifest.language.get_ref().trim().to_string();
        let mut articles = Vec::new();
        for (position, item) in article_files.iter().enumerate() {
            if let Some(article_file) = item {
                articles.push(self.article(ArticleId::new(position), article_file, &index, &language));
            }
            self.observer.advance(Stage::Read);
        }
        let imprint = self.imprint(manifest, &index, &language);
        if articles.len() == paths.len() {
            self.check_fragments(&articles);
        }
        let cover = self.cover(manifest);
        let hyphenation = self.hyphenation(manifest);
        let (style, date) = (style?, date?);
        if self.diags.has_errors() || articles.len() != paths.len() {
            return None;
        }
        Some(self.issue(manifest, options, Parts { date, style, sections, articles, imprint, cover, hyphenation }))
    }

    /// Checks title, issue label, identifier, date and language; returns the date when it is a
    /// real one.
    fn check_metadata(&mut self, manifest: &Manifest) -> Option<Date> {
        for (key, value) in [("title", &manifest.title), ("issue", &manifest.issue)] {
            if is_blank(value.get_ref()) {
                let diagnostic = self.error_at(format!("`{key}` in {MANIFEST} is empty"), value.span()).hint(format!(
                    "write the {key}, e.g. {}",
                    if key == "title" { "title = \"Die Zeitung\"" } else { "issue = \"Nr. 1/2026\"" }
                ));
                self.diags.push(diagnostic);
            }
        }
        if manifest.identifier.as_deref().is_some_and(|id| is_blank(id) && !id.is_empty()) {
            let line = key_line(&self.sources.get(self.manifest_file).text, "identifier");
            let diagnostic = self
                .error_at(format!("`identifier` in {MANIFEST} holds no visible character"), line)
                .hint("write an identifier such as \"urn:issn:2941-5071\", or remove the line for a generated one");
            self.diags.push(diagnostic);
        }
        if !is_language_tag(manifest.language.get_ref()) {
            let diagnostic = self
                .error_at(format!("`language` in {MANIFEST} is not a language tag"), manifest.language.span())
                .hint("use a BCP 47 tag such as \"de\", \"en\" or \"de-AT\"");
            self.diags.push(diagnostic);
        }
        if let Some(base_url) = &manifest.base_url {
            let url = base_url.get_ref().trim();
            if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
                let diagnostic = self
                    .error_at(format!("`base_url` in {MANIFEST} is not a web address"), base_url.span())
                    .hint("write where the HTML edition is published, e.g. base_url = \"https://example.org/2026-1\"");
                self.diags.push(diagnostic);
            }
        }
        match manifest.date.get_ref().to_date() {
            Ok(date) => Some(date),
            Err(error) => {
                let hint = error.hint(|date| format!("date = {date}"), Date::constant(2026, 1, 31));
                let diagnostic =
                    self.error_at(format!("`date` in {MANIFEST} {error}"), manifest.date.span()).hint(hint);
                self.diags.push(diagnostic);
                None
            }
        }
    }

    /// Loads the style named on the command line or in the manifest; an error points at the
    /// manifest line (or says it came from `--style`).
    fn style(&mut self, manifest: &Manifest, options: &Options) -> Option<Style> {
        let (name, range) = match (&options.style, &manifest.style) {
            (Some(name), _) => (name.clone(), None),
            (None, Some(written)) => (written.get_ref().clone(), Some(written.span())),
            (None, None) => (crate::style::DEFAULT.to_string(), None),
        };
        if crate::style::is_file(&name) {
            return self.house_style(&name, range);
        }
        match Style::builtin(&name) {
            Ok(style) => Some(style),
            Err(mut diagnostic) => {
                if range.is_some() {
                    diagnostic = diagnostic.at(self.manifest_file, range);
                } else {
                    diagnostic = diagnostic.hint("the style was given with --style on the command line");
                }
                self.diags.push(diagnostic);
                None
            }
        }
    }

    /// Reads a house style file (a path relative to the issue folder) and the stylesheets it
    /// names (relative to the style file). `range`: where the manifest names it, if it does.
    fn house_style(&mut self, path: &str, range: Option<std::ops::Range<usize>>) -> Option<Style> {
        let manifest = self.manifest_file;
        let Some(normal) = resolve_relative("", path) else {
            let problem = Diagnostic::error(format!("the style file `{path}` is outside the issue folder"))
                .hint("keep the style file inside the issue folder and name it relative to issue.toml");
            self.diags.push(match range {
                Some(range) => problem.at(manifest, Some(range)),
                None => problem,
            });
            return None;
        };
        let named = range.map(|range| ("style file", manifest, range));
        let file =
            read_text(self.loader, self.sources, self.diags, TextFile { path: &normal, named_in_manifest: named })?;
        let text = self.sources.get(file).text.clone();
        let read = match crate::style::file::parse_style(&text, file, &normal, crate::style::builtin_text) {
            Ok(read) => read,
            Err(problems) => {
                self.diags.extend(problems);
                return None;
            }
        };
        let mut style = Style::from_page(&normal, read.page);
        if read.fonts.families().next().is_some() {
            match fonts::house_fonts(self.loader, &normal, file, &read.fonts) {
                Ok((set, house)) => {
                    style.page.fonts = set;
                    style.fonts = house;
                }
                Err(problems) => {
                    self.diags.extend(problems);
                    return None;
                }
            }
        }
        if let Some(css) = &read.css {
            style.css = self.stylesheet(&normal, css, file)?;
        }
        if let Some(css) = &read.web_css {
            style.web_css = self.stylesheet(&normal, css, file)?;
        }
        Some(style)
    }

    /// A stylesheet a style file names, read relative to that file.
    fn stylesheet(
        &mut self,
        style_path: &str,
        written: &toml::Spanned<String>,
        style_file: FileId,
    ) -> Option<std::sync::Arc<str>> {
        let Some(path) = resolve_relative(parent_dir(style_path), written.get_ref()) else {
            self.diags.push(
                Diagnostic::error(format!("the stylesheet `{}` is outside the issue folder", written.get_ref()))
                    .at(style_file, Some(written.span()))
                    .hint("keep stylesheets inside the issue folder, named relative to the style file"),
            );
            return None;
        };
        let named = Some(("stylesheet", style_file, written.span()));
        let file =
            read_text(self.loader, self.sources, self.diags, TextFile { path: &path, named_in_manifest: named })?;
        Some(std::sync::Arc::from(self.sources.get(file).text.as_str()))
    }

    /// The normalised article paths in reading order, with their section and manifest span.
    fn article_paths(&mut self, manifest: &Manifest) -> (Vec<Listed>, Vec<Section>) {
        let mut paths: Vec<Listed> = Vec::new();
        let mut sections = Vec::new();
        for (s, entry) in manifest.sections.iter().enumerate() {
            let mut members = Vec::new();
            for written in &entry.articles {
                let Some(path) = resolve_relative("", written.get_ref()) else {
                    let diagnostic = self
                        .error_at(
                            format!("the article path {} leaves the issue folder", written.get_ref()),
                            written.span(),
                        )
                        .hint("articles must lie inside the issue folder; write a relative path such as articles/x.md");
                    self.diags.push(diagnostic);
                    continue;
                };
                if let Some((_, _, first)) = paths.iter().find(|(p, _, _)| *p == path) {
                    let (line, _) = self.sources.line_col(self.manifest_file, first.start);
                    let diagnostic = self
                        .error_at(format!("the article {path} is listed twice"), written.span())
                        .hint(format!("it is already listed on line {line}; remove one of the entries"));
                    self.diags.push(diagnostic);
                    continue;
                }
                members.push(ArticleId::new(paths.len()));
                paths.push((path, SectionId::new(s), written.span()));
            }
            self.check_section(entry, members.is_empty());
            sections.push(Section {
                title: smarten(&clean_text(entry.title.get_ref().trim()), manifest.language.get_ref()),
                id: format!("s{}", s + 1),
                articles: members,
            });
        }
        if paths.is_empty() && !self.diags.has_errors() {
            let diagnostic = Diagnostic::error("the issue has no articles")
                .at(self.manifest_file, None)
                .hint("add a [[sections]] table with `title` and `articles = [\"articles/x.md\"]`");
            self.diags.push(diagnostic);
        }
        (paths, sections)
    }

    /// A section needs a visible title (the contents and navigation show it) and at least one
    /// article (an empty entry in the EPUB navigation is invalid).
    fn check_section(&mut self, entry: &SectionEntry, no_articles: bool) {
        if is_blank(entry.title.get_ref()) {
            let diagnostic = self
                .error_at(format!("a section `title` in {MANIFEST} is empty"), entry.title.span())
                .hint("write the section's title, e.g. title = \"Schwerpunkt\"");
            self.diags.push(diagnostic);
        }
        if no_articles && entry.articles.is_empty() {
            let diagnostic = self
                .error_at(
                    format!("the section \"{}\" in {MANIFEST} has no articles", entry.title.get_ref().trim()),
                    entry.title.span(),
                )
                .hint("list its articles, e.g. articles = [\"articles/x.md\"], or remove the section");
            self.diags.push(diagnostic);
        }
    }

    /// Reads a file the manifest names (`what`: "article", "imprint") at `range` of the manifest.
    fn read_text(&mut self, path: &str, range: std::ops::Range<usize>, what: &'static str) -> Option<FileId> {
        let named = TextFile { path, named_in_manifest: Some((what, self.manifest_file, range)) };
        read_text(self.loader, self.sources, self.diags, named)
    }

    fn read_article(&mut self, path: &str, section: SectionId, range: std::ops::Range<usize>) -> Option<ArticleFile> {
        let file = self.read_text(path, range, "article")?;
        let split = match split_front_matter(&self.sources.get(file).text, file, path) {
            Ok((split, problems)) => {
                self.diags.extend(problems);
                split
            }
            Err(problems) => {
                self.diags.extend(problems);
                return None;
            }
        };
        let fence = split.front_range.start..split.front_range.start + 3;
        let is_toml = &self.sources.get(file).text[fence.clone()] == "+++";
        // Keeps going without a title, so that the body's problems are reported too.
        if split.front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
            let example = if is_toml { "title = \"Der Streik geht weiter\"" } else { "title: Der Streik geht weiter" };
            self.diags.push(
                Diagnostic::error(format!("the front matter of {path} has no `title`"))
                    .at(file, Some(fence))
                    .hint(format!("add a line such as `{example}`")),
            );
        }
        let mut article = ArticleFile {
            path: path.to_string(),
            section,
            file,
            front: split.front,
            date: None,
            front_range: split.front_range,
            body_offset: split.body_offset,
        };
        article.date = self.article_date(&article, is_toml);
        Some(article)
    }

    /// The front matter's `date` as a calendar date; a wrong one is reported where it is written.
    fn article_date(&mut self, article: &ArticleFile, is_toml: bool) -> Option<Date> {
        let written = article.front.date.as_ref()?;
        let error = match written.to_date() {
            Ok(date) => return Some(date),
            Err(error) => error,
        };
        let line = |date: Date| if is_toml { format!("date = {date}") } else { format!("date: {date}") };
        let range = self.front_value_span(article, "date", &written.written());
        self.diags.push(
            Diagnostic::error(format!("`date` in the front matter of {} {error}", article.path))
                .at(article.file, Some(range))
                .hint(error.hint(line, Date::constant(2026, 1, 12))),
        );
        None
    }

    fn article(
        &mut self,
        id: ArticleId,
        article_file: &ArticleFile,
        index: &HashMap<String, ArticleId>,
        issue_lang: &str,
    ) -> Article {
        let front = &article_file.front;
        let lang = front.lang.as_deref().map(str::trim).filter(|l| !l.is_empty()).unwrap_or(issue_lang).to_string();
        // A wrong issue language is reported once, at the manifest, not again for every article.
        if front.lang.as_deref().is_some_and(|l| !l.trim().is_empty()) && !is_language_tag(&lang) {
            self.diags.push(
                Diagnostic::error(format!("`lang` in the front matter of {} is not a language tag", article_file.path))
                    .at(
                        article_file.file,
                        Some(self.front_span(article_file, front.lang.as_deref().unwrap_or("").trim())),
                    )
                    .hint("use a BCP 47 tag such as \"de\" or \"en\""),
            );
        }
        let text_field = |value: &Option<String>| {
            value.as_deref().map(|v| smarten(&clean_text(v.trim()), &lang)).filter(|v| !v.is_empty())
        };
        let title = text_field(&front.title).unwrap_or_default();
        if is_blank(&title) && front.title.as_deref().is_some_and(|t| !t.trim().is_empty()) {
            let range = self.front_value_span(article_file, "title", "");
            self.diags.push(
                Diagnostic::error(format!("the `title` of {} holds no visible character", article_file.path))
                    .at(article_file.file, Some(range))
                    .hint("write the title in letters; control characters and soft hyphens are removed"),
            );
        }
        let authors: Vec<String> =
            front.authors.iter().flatten().map(|a| clean_text(a.trim())).filter(|a| !a.is_empty()).collect();
        let byline = text_field(&front.byline).or_else(|| (!authors.is_empty()).then(|| join_names(&authors, &lang)));
        let related = self.related(id, article_file, index, &lang);
        let ctx = BodyContext {
            path: &article_file.path,
            file: article_file.file,
            article: Some(id),
            lang: &lang,
            articles: index,
            loader: self.loader,
        };
        let text = self.sources.get(article_file.file).text.clone();
        let mut body = parse_body(&text, article_file.body_offset, &ctx, &mut self.assets, self.diags);
        Block::compact(&mut body.blocks);
        for note in &mut body.footnotes {
            Block::compact(&mut note.blocks);
        }
        self.fragments.extend(body.fragments);
        Article {
            id: format!("a{:02}-{}", id.index() + 1, ascii_slug(&title, 32)).trim_end_matches('-').to_string(),
            path: article_file.path.clone(),
            file: article_file.file,
            section: article_file.section,
            kicker: text_field(&front.kicker),
            subtitle: text_field(&front.subtitle),
            byline,
            authors,
            date: article_file.date.map(|date| date.to_string()),
            note: text_field(&front.note),
            source: front.source.as_deref().map(|s| source(&clean_text(s.trim()), &lang)),
            related,
            online_only: front.online_only.unwrap_or(false),
            blocks: body.blocks,
            footnotes: body.footnotes,
            lang,
            title,
        }
    }

    /// `related` entries: a path relative to the article, or to the issue folder, or a unique
    /// file name; or a table describing an article published elsewhere.
    fn related(
        &mut self,
        this: ArticleId,
        article_file: &ArticleFile,
        index: &HashMap<String, ArticleId>,
        lang: &str,
    ) -> Vec<Related> {
        let mut related = Vec::new();
        for entry in article_file.front.related.iter().flatten() {
            let found = match entry {
                RelatedEntry::Path(path) => self.related_article(this, article_file, index, path.trim()),
                RelatedEntry::External(external) => self.external_ref(article_file, external, lang),
            };
            if let Some(found) = found.filter(|found| !related.contains(found)) {
                related.push(found);
            }
        }
        related
    }

    fn related_article(
        &mut self,
        this: ArticleId,
        article_file: &ArticleFile,
        index: &HashMap<String, ArticleId>,
        entry: &str,
    ) -> Option<Related> {
        let found = resolve_relative(parent_dir(&article_file.path), entry)
            .and_then(|p| index.get(&p).copied())
            .or_else(|| resolve_relative("", entry).and_then(|p| index.get(&p).copied()))
            .or_else(|| unique_by_file_name(entry, index));
        match found {
            Some(article) if article == this => self.diags.push(
                Diagnostic::error(format!("{} names itself as a related article", article_file.path))
                    .at(article_file.file, Some(self.front_span(article_file, entry)))
                    .hint("`related` lists other articles of the issue; remove this entry"),
            ),
            Some(article) => return Some(Related::Article(article)),
            None => self.diags.push(
                Diagnostic::error(format!(
                    "{} names the related article {entry}, which is not an article of this issue",
                    article_file.path
                ))
                .at(article_file.file, Some(self.front_span(article_file, entry)))
                .hint("write the path as listed in issue.toml, e.g. articles/x.md, or describe an article published elsewhere with a table: `{ title = \"…\", issue = \"…\", url = \"https://…\" }`"),
            ),
        }
        None
    }

    /// An article published elsewhere; its publication defaults to this issue's (filled in when
    /// the issue is built). A title is required, a link must be a web or mail address.
    fn external_ref(&mut self, article_file: &ArticleFile, entry: &ExternalEntry, lang: &str) -> Option<Related> {
        let text = |value: &Option<String>| {
            value.as_deref().map(|v| smarten(&clean_text(v.trim()), lang)).filter(|v| !v.is_empty())
        };
        let title = smarten(&clean_text(entry.title.trim()), lang);
        if title.is_empty() {
            self.diags.push(
                Diagnostic::error(format!("a related entry of {} has an empty `title`", article_file.path))
                    .at(article_file.file, Some(self.front_value_span(article_file, "related", "title")))
                    .hint("name the article, e.g. `title = \"Der Januar-Aufstand\"`"),
            );
            return None;
        }
        let url = entry.url.as_deref().map(str::trim).filter(|u| !u.is_empty());
        if let Some(url) = url.filter(|url| !crate::model::links::is_safe_link(url)) {
            self.diags.push(
                Diagnostic::error(format!("the related entry `{title}` of {} links to {url}", article_file.path))
                    .at(article_file.file, Some(self.front_span(article_file, url)))
                    .hint("a link is a web or mail address: https://…, http://… or mailto:…"),
            );
            return None;
        }
        Some(Related::External(ExternalRef {
            title,
            author: text(&entry.author),
            publication: text(&entry.publication).unwrap_or_default(),
            issue: text(&entry.issue),
            period: text(&entry.period),
            url: url.map(str::to_string),
            online_only: entry.online_only.unwrap_or(false),
        }))
    }

    /// Every `#fragment` of a link must name a heading or footnote of the article it points at.
    fn check_fragments(&mut self, articles: &[Article]) {
        for link in std::mem::take(&mut self.fragments) {
            let target = &articles[link.article.index()];
            let headings = target.headings();
            let known = headings.iter().any(|h| h.id == link.fragment)
                || target
                    .footnotes
                    .iter()
                    .any(|n| n.id == link.fragment || format!("fnref-{}", n.number) == link.fragment);
            if known {
                continue;
            }
            let ids: Vec<&str> = headings.iter().map(|h| h.id).collect();
            let mut diagnostic =
                Diagnostic::error(format!("the link to #{} points at no heading of {}", link.fragment, target.path))
                    .at(link.file, Some(link.range));
            diagnostic = match crate::diag::did_you_mean(&link.fragment, &ids) {
                Some(close) => diagnostic.hint(format!("did you mean #{close}?")),
                None if ids.is_empty() => {
                    diagnostic.hint(format!("{} has no headings; link to the article without `#…`", target.path))
                }
                None => diagnostic.hint(format!("the headings of {} are #{}", target.path, ids.join(", #"))),
            };
            self.diags.push(diagnostic);
        }
    }

    /// Where the value `needle` of `key` is written in the front matter: on the key's line, else
    /// anywhere in the block (the whole block if not found).
    fn front_value_span(&self, article: &ArticleFile, key: &str, needle: &str) -> std::ops::Range<usize> {
        let text = &self.sources.get(article.file).text;
        let block = article.front_range.clone();
        let mut offset = block.start;
        for line in text[block.clone()].split_inclusive('\n') {
            let is_key_line = line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with([':', '=']));
            match line.find(needle).filter(|_| is_key_line && !needle.is_empty()) {
                Some(at) => return offset + at..offset + at + needle.len(),
                None if is_key_line => return offset..offset + line.trim_end().len(),
                None => offset += line.len(),
            }
        }
        self.front_span(article, needle)
    }

    /// Where `needle` is written in the front matter of `article_file` (the whole block if not found).
    fn front_span(&self, article_file: &ArticleFile, needle: &str) -> std::ops::Range<usize> {
        let text = &self.sources.get(article_file.file).text;
        let block = article_file.front_range.clone();
        match text[block.clone()].find(needle).filter(|_| !needle.is_empty()) {
            Some(at) => block.start + at..block.start + at + needle.len(),
            None => block,
        }
    }

    /// The hyphenation list the manifest names, if any; its bad lines are errors.
    fn hyphenation(&mut self, manifest: &Manifest) -> HyphenationExceptions {
        let Some(written) = manifest.hyphenation.as_ref() else { return HyphenationExceptions::default() };
        let Some(path) = resolve_relative("", written.get_ref()) else {
            let diagnostic = self
                .error_at(format!("the hyphenation list {} leaves the issue folder", written.get_ref()), written.span())
                .hint("keep the list inside the issue folder and write a relative path such as hyphenation.txt");
            self.diags.push(diagnostic);
            return HyphenationExceptions::default();
        };
        let Some(file) = self.read_text(&path, written.span(), "hyphenation list") else {
            return HyphenationExceptions::default();
        };
        let (list, problems) = parse_hyphenation(&self.sources.get(file).text, file);
        self.diags.extend(problems);
        list
    }

    fn imprint(&mut self, manifest: &Manifest, index: &HashMap<String, ArticleId>, lang: &str) -> Option<Imprint> {
        let written = manifest.imprint.as_ref()?;
        let Some(path) = resolve_relative("", written.get_ref()) else {
            let diagnostic = self
                .error_at(format!("the imprint path {} leaves the issue folder", written.get_ref()), written.span())
                .hint("keep the imprint inside the issue folder and write a relative path such as impressum.md");
            self.diags.push(diagnostic);
            return None;
        };
        let file = self.read_text(&path, written.span(), "imprint")?;
        let text = self.sources.get(file).text.clone();
        let first_line = text.lines().next().unwrap_or("").trim_end();
        if first_line == "---" || first_line == "+++" {
            // Read as Markdown, front matter would become a rule and a heading of the imprint.
            self.diags.push(
                Diagnostic::error(format!(
                    "the imprint {path} starts with front matter, which heft does not read there"
                ))
                .at(file, Some(0..3))
                .hint(format!(
                    "remove the `{first_line}` block: the imprint is plain Markdown in the issue's language"
                )),
            );
            return None;
        }
        let ctx = BodyContext { path: &path, file, article: None, lang, articles: index, loader: self.loader };
        let body = parse_body(&text, 0, &ctx, &mut self.assets, self.diags);
        self.fragments.extend(body.fragments);
        Some(Imprint { blocks: body.blocks })
    }

    fn cover(&mut self, manifest: &Manifest) -> Option<AssetId> {
        let Some(written) = manifest.cover.as_ref() else {
            // Stores (Google Play, Kindle) reject a book without one; the EPUB gets a generated one.
            let warning = Diagnostic::warning("the issue has no cover image; the EPUB gets a generated text cover")
                .at(self.manifest_file, None)
                .hint("stores require a cover: add e.g. cover = \"images/cover.png\" to issue.toml");
            self.diags.push(warning);
            return None;
        };
        let Some(path) = resolve_relative("", written.get_ref()) else {
            let diagnostic = self
                .error_at(format!("the cover path {} leaves the issue folder", written.get_ref()), written.span())
                .hint("the cover is a PNG, JPEG or GIF file inside the issue folder, e.g. images/cover.png");
            self.diags.push(diagnostic);
            return None;
        };
        match self.assets.add(&path, self.loader) {
            Ok(index) => Some(index),
            Err(error) => {
                let diagnostic = self
                    .error_at(format!("failed to use the cover image {path} ({error})"), written.span())
                    .hint(error.hint(""));
                self.diags.push(diagnostic);
                None
            }
        }
    }

    fn issue(self, manifest: &Manifest, options: &Options, parts: Parts) -> Issue {
        let Parts { date, style, sections, mut articles, imprint, cover, hyphenation } = parts;
        let language = manifest.language.get_ref().trim().to_string();
        let title = smarten(manifest.title.get_ref().trim(), &language);
        fill_in_publication(&mut articles, &title);
        let issue_label = smarten(manifest.issue.get_ref().trim(), &language);
        let identifier = manifest
            .identifier
            .clone()
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| default_identifier(&title, &issue_label));
        // Before 1970 the EPUB (xsd:dateTime) and the PDF would disagree; both show 1970 then.
        let modified_epoch = options.source_date_epoch.map_or_else(|| noon_epoch(date), |epoch| epoch.max(0));
        Issue {
            book_title: format!("{title} {issue_label}").trim().to_string(),
            authors: distinct_authors(&articles),
            slug: issue_slug(&title, &issue_label),
            period: manifest.period.as_deref().map(|p| smarten(p.trim(), &language)),
            publisher: manifest.publisher.as_deref().map(|p| smarten(p.trim(), &language)),
            base_url: manifest.base_url.as_ref().map(|url| url.get_ref().trim().trim_end_matches('/').to_string()),
            title,
            issue_label,
            date: date.to_string(),
            identifier,
            modified_epoch,
            cover,
            imprint,
            sections,
            articles,
            assets: self.assets.assets,
            style,
            language,
            accessibility: manifest.accessibility.as_ref().map(|a| a.claim()).unwrap_or_default(),
            hyphenation,
            appeared_in: None,
        }
    }
}

/// An external related entry without a `publication` appeared in this publication.
fn fill_in_publication(articles: &mut [Article], publication: &str) {
    let references = articles.iter_mut().flat_map(|a| a.related.iter_mut());
    for reference in references.filter_map(|r| if let Related::External(e) = r { Some(e) } else { None }) {
        if reference.publication.is_empty() {
            reference.publication = publication.to_string();
        }
    }
}

/// Distinct article authors (`authors`) in reading order. A free-text byline ("Von Lena
/// Hartmann, Leipzig") is no name, so it never becomes an author.
fn distinct_authors(articles: &[Article]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in articles.iter().flat_map(|a| &a.authors) {
        let name = name.replace('\u{ad}', "").trim().to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn unique_by_file_name(entry: &str, index: &HashMap<String, ArticleId>) -> Option<ArticleId> {
    let name = entry.rsplit('/').next()?;
    let mut matches = index.iter().filter(|(path, _)| path.rsplit('/').next() == Some(name));
    let (_, &found) = matches.next()?;
    matches.next().is_none().then_some(found)
}

/// A source line; a bare web address becomes a link.
fn source(text: &str, lang: &str) -> Source {
    let is_url = (text.starts_with("https://") || text.starts_with("http://")) && !text.contains(char::is_whitespace);
    if is_url {
        Source { text: text.to_string(), url: Some(text.to_string()) }
    } else {
        Source { text: smarten(text, lang), url: None }
    }
}

/// True when `text` shows nothing: only white space, control characters, soft hyphens or other
/// invisible format characters (U+200B…U+200F, U+2060, U+FEFF).
pub(crate) fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}')
    })
}

/// The byte range of the line of `text` that starts with `key` (the whole text's start when none).
fn key_line(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with(key) {
            return offset..offset + line.trim_end().len();
        }
        offset += line.len();
    }
    0..0
}

/// A loose BCP 47 check: letters, digits and hyphens, a 2–3 letter primary subtag.
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.trim().split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `urn:uuid:` v5 from title and issue label: stable across builds and machines.
fn default_identifier(title: &str, issue_label: &str) -> String {
    let name = format!("heft:{title}:{issue_label}");
    format!("urn:uuid:{}", uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes()))
}

/// "Die Zeitung" + "Nr. 1/2026" → "die-zeitung-2026-1": the publication, then the year, then
/// the other numbers of the label.
pub(crate) fn issue_slug(title: &str, issue_label: &str) -> String {
    let numbers: Vec<&str> = issue_label.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).collect();
    let label = match numbers.iter().position(|n| n.len() == 4) {
        Some(year) => {
            let mut ordered = vec![numbers[year]];
            ordered.extend(numbers.iter().enumerate().filter(|(i, _)| *i != year).map(|(_, n)| *n));
            ordered.join("-")
        }
        None => ascii_slug(issue_label, 24),
    };
    let base = ascii_slug(title, 40);
    let base = if base.is_empty() { "issue".to_string() } else { base };
    if label.is_empty() {
        base
    } else {
        format!("{base}-{label}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    #[test]
    fn slugs_put_the_year_first() {
        assert_eq!(issue_slug("Die Zeitung", "Nr. 1/2026"), "die-zeitung-2026-1");
        assert_eq!(issue_slug("Field Notes", "Spring issue"), "field-notes-spring-issue");
    }

    fn compile(files: &[(&str, &str)], options: &Options) -> (Option<Issue>, Diagnostics, Sources) {
        let loader = files.iter().fold(crate::source::MemoryLoader::new(), |l, (p, t)| l.with(p, t.as_bytes()));
        let mut sources = Sources::default();
        let mut diags = Diagnostics::default();
        let issue = assemble(&loader, options, &crate::progress::Silent, &mut sources, &mut diags);
        (issue, diags, sources)
    }

    const MANIFEST_TEXT: &str = "title = \"T\"\nissue = \"1\"\ndate = 2026-01-31\nlanguage = \"de\"\nstyle = \"a3\"\n\
        [[sections]]\ntitle = \"S\"\narticles = [\"a.md\"]\n";

    #[test]
    fn unknown_style_points_at_the_manifest_and_other_problems_are_reported_too() {
        let (issue, diags, sources) = compile(
            &[("issue.toml", MANIFEST_TEXT), ("a.md", "---\nkicker: k\n---\n[x](nope.md)\n")],
            &Options::default(),
        );
        assert!(issue.is_none());
        // The issue has no cover: a warning besides the three errors.
        let errors = |diags: &Diagnostics| -> Vec<String> {
            diags.0.iter().filter(|d| d.severity == Severity::Error).map(|d| d.message.clone()).collect()
        };
        let messages = errors(&diags);
        assert_eq!(messages.len(), 3, "{messages:?}");
        let style = &diags.0[0];
        assert_eq!(style.message, "unknown style `a3`");
        assert_eq!(&sources.get(style.file.unwrap()).text[style.range.clone().unwrap()], "\"a3\"");
        assert!(messages[1].contains("has no `title`") && messages[2].contains("links to nope.md"), "{messages:?}");
        let options = Options { style: Some("a5".into()), ..Options::default() };
        let fixed = MANIFEST_TEXT.replace("a3", "a4");
        let (issue, diags, _) = compile(&[("issue.toml", &fixed), ("a.md", "---\ntitle: A\n---\nText\n")], &options);
        assert!(errors(&diags).is_empty(), "{:?}", diags.0);
        assert_eq!(issue.unwrap().style.name, "a5");
    }

    #[test]
    fn a_missing_manifest_is_one_error_with_a_hint() {
        let (issue, diags, _) = compile(&[], &Options::default());
        assert!(issue.is_none());
        assert_eq!(diags.0.len(), 1);
        assert_eq!(diags.0[0].message, "failed to read issue.toml (no such file)");
        assert_eq!(diags.0[0].hints, ["an issue folder holds an issue.toml that lists its articles"]);
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("de"));
        assert!(is_language_tag("de-AT"));
        assert!(is_language_tag("zh-Hant-TW"));
        assert!(!is_language_tag("german language"));
        assert!(!is_language_tag(""));
    }
}
