//! Issue-level reading through the library (`heft::compile` on a `MemoryLoader`) and the CLI:
//! both front-matter syntaxes, bare TOML dates, the default identifier, the output slug, the
//! "last modified" time, and small fixtures building into valid EPUBs.

use heft::model::Issue;
use heft::source::{DiskLoader, MemoryLoader};
use heft::Options;

use crate::common;

fn toml_front() -> Issue {
    common::compile(&common::memory_loader(&common::fixture("toml-front")), &Options::default())
}

#[test]
fn both_front_matter_syntaxes_and_bare_dates() {
    let issue = toml_front();
    assert_eq!(issue.date, "2026-01-15", "a bare TOML date in issue.toml");
    assert_eq!(issue.articles.len(), 3);
    let toml = &issue.articles[0];
    assert_eq!(toml.path, "texte/toml.md");
    assert_eq!(toml.title, "Der „erste“ Text");
    assert_eq!(toml.kicker.as_deref(), Some("TOML"));
    assert_eq!(toml.date.as_deref(), Some("2026-01-10"), "a bare TOML date in front matter");
    assert_eq!(toml.authors, ["Erika Muster", "Max Beispiel", "Ute Dritte"]);
    assert_eq!(toml.byline.as_deref(), Some("Erika Muster, Max Beispiel und Ute Dritte"));
    let yaml = &issue.articles[1];
    assert_eq!(yaml.title, "Der zweite Text");
    assert_eq!(yaml.byline.as_deref(), Some("Von der Redaktion"));
    assert!(yaml.authors.is_empty());
    assert_eq!(yaml.date.as_deref(), Some("2026-01-11"), "a YAML date");
    let english = &issue.articles[2];
    assert_eq!(english.byline.as_deref(), Some("Jane Doe"));
    assert_eq!(english.date, None);
}

#[test]
fn sections_keep_the_manifest_order() {
    let issue = toml_front();
    let sections: Vec<(&str, &str, Vec<usize>)> = issue
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.id.as_str(), s.articles.iter().map(|a| a.index()).collect()))
        .collect();
    assert_eq!(sections, [("Erstes", "s1", vec![0, 1]), ("Zweites", "s2", vec![2])]);
    let of_article: Vec<usize> = issue.articles.iter().map(|a| a.section.index()).collect();
    assert_eq!(of_article, [0, 0, 1]);
    let ids: Vec<&str> = issue.articles.iter().map(|a| a.id.as_str()).collect();
    assert!(ids[0].starts_with("a01-") && ids[1].starts_with("a02-") && ids[2].starts_with("a03-"), "{ids:?}");
    assert!(ids.iter().all(|id| id.is_ascii() && !id.contains(' ')), "{ids:?}");
}

#[test]
fn default_identifier_is_a_stable_uuid() {
    let issue = toml_front();
    let uuid = issue.identifier.strip_prefix("urn:uuid:").expect("a urn:uuid identifier");
    let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{uuid}");
    assert!(uuid.chars().all(|c| c.is_ascii_hexdigit() || c == '-'));
    assert_eq!(&uuid[14..15], "5", "a name-based (v5) UUID");
    // The same issue read from disk, and read again: the same identifier.
    let from_disk = common::compile(&DiskLoader::new(common::fixture("toml-front")), &Options::default());
    assert_eq!(from_disk.identifier, issue.identifier);
    assert_eq!(toml_front().identifier, issue.identifier);
    // Another issue label: another identifier.
    let manifest = std::fs::read_to_string(common::fixture("toml-front/issue.toml")).unwrap();
    let next = common::memory_loader(&common::fixture("toml-front"))
        .with("issue.toml", manifest.replace("Nr. 1/2026", "Nr. 2/2026"));
    let next = common::compile(&next, &Options::default());
    assert!(next.identifier.starts_with("urn:uuid:"));
    assert_ne!(next.identifier, issue.identifier);
    assert_eq!(next.slug, "die-zeitung-2026-2");
}

#[test]
fn an_explicit_identifier_is_kept() {
    let issue = common::compile(&common::memory_loader(&common::sample()), &Options::default());
    assert_eq!(issue.identifier, "urn:issn:2941-5071");
    assert_eq!(issue.slug, "rote-feder-2026-1");
}

#[test]
fn slug_puts_the_year_first() {
    assert_eq!(toml_front().slug, "die-zeitung-2026-1");
}

#[test]
fn modified_time_is_source_date_epoch_or_the_issue_date_at_noon() {
    assert_eq!(toml_front().modified_epoch, 1_768_478_400, "2026-01-15T12:00:00Z");
    let options = Options { source_date_epoch: Some(1_700_000_000), ..Options::default() };
    let issue = common::compile(&common::memory_loader(&common::fixture("toml-front")), &options);
    assert_eq!(issue.modified_epoch, 1_700_000_000);
}

#[test]
fn style_comes_from_options_then_manifest_then_default() {
    assert_eq!(toml_front().style.name, "a4");
    let field_notes =
        common::compile(&common::memory_loader(&common::root().join("issues/field-notes")), &Options::default());
    assert_eq!(field_notes.style.name, "a5");
    let options = Options { style: Some("letter".into()), ..Options::default() };
    let overridden = common::compile(&common::memory_loader(&common::root().join("issues/field-notes")), &options);
    assert_eq!(overridden.style.name, "letter");
}

#[test]
fn a_missing_article_is_reported_with_its_path() {
    let loader = MemoryLoader::new().with(
        "issue.toml",
        "title = \"X\"\nissue = \"1\"\ndate = 2026-01-01\nlanguage = \"de\"\n[[sections]]\ntitle = \"S\"\narticles = [\"fehlt.md\"]\n",
    );
    let compiled = heft::compile(&loader, &Options::default());
    assert!(compiled.issue.is_none());
    let errors: Vec<&str> =
        compiled.diagnostics.0.iter().filter(|d| d.is_error()).map(|d| d.message.as_str()).collect();
    assert!(errors.iter().any(|m| m.contains("fehlt.md")), "{errors:?}");
}

#[test]
fn toml_fixture_builds_with_the_cli_into_valid_outputs() {
    let out = common::build(&common::fixture("toml-front"));
    let epub = common::output(out.path(), "epub");
    assert_eq!(epub.file_name().unwrap(), "die-zeitung-2026-1.epub");
    assert_eq!(common::output(out.path(), "pdf").file_name().unwrap(), "die-zeitung-2026-1.pdf");
    if let Err(report) = common::epubcheck(&epub) {
        panic!("EPUBCheck reported messages:\n{report}");
    }
}

#[test]
fn minimal_issue_builds_with_the_cli_into_valid_outputs() {
    let out = common::build(&common::fixture("minimal"));
    let epub = common::output(out.path(), "epub");
    assert_eq!(epub.file_name().unwrap(), "blatt-3.epub");
    if let Err(report) = common::epubcheck(&epub) {
        panic!("EPUBCheck reported messages:\n{report}");
    }
    let pdf = lopdf::Document::load(common::output(out.path(), "pdf")).expect("the PDF parses");
    assert!(pdf.get_pages().len() >= 3, "title page, contents, the article");
}
