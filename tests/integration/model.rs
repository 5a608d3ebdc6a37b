//! The document model from `heft::compile` on in-memory files: smart quotes per language,
//! cross-references, footnote numbering, related articles, article languages.

use heft::model::{Article, Block, Inline, Issue, LinkTarget};
use heft::source::MemoryLoader;
use heft::Options;

use crate::common;

fn toml_front() -> Issue {
    common::compile(&common::memory_loader(&common::fixture("toml-front")), &Options::default())
}

/// Every inline of a block tree, depth first (footnote bodies not included).
fn inlines(blocks: &[Block]) -> Vec<&Inline> {
    fn walk_inlines<'a>(items: &'a [Inline], out: &mut Vec<&'a Inline>) {
        for item in items {
            out.push(item);
            match item {
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c)
                | Inline::Link { content: c, .. } => walk_inlines(c, out),
                _ => {}
            }
        }
    }
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Inline>) {
        for block in blocks {
            match block {
                Block::Paragraph(c) | Block::Heading { content: c, .. } => walk_inlines(c, out),
                Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                Block::BlockQuote(inner) => walk(inner, out),
                Block::Table { header, rows, .. } => {
                    header.iter().for_each(|c| walk_inlines(c, out));
                    rows.iter().flatten().for_each(|c| walk_inlines(c, out));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(blocks, &mut out);
    out
}

/// The plain text of each paragraph.
fn paragraphs(article: &Article) -> Vec<String> {
    article
        .blocks
        .iter()
        .filter_map(|b| if let Block::Paragraph(c) = b { Some(Inline::plain_text(c)) } else { None })
        .collect()
}

fn links(article: &Article) -> Vec<&LinkTarget> {
    inlines(&article.blocks)
        .into_iter()
        .filter_map(|i| if let Inline::Link { target, .. } = i { Some(target) } else { None })
        .collect()
}

#[test]
fn german_quotes_in_a_german_article() {
    let issue = toml_front();
    let text = &paragraphs(&issue.articles[0])[0];
    assert_eq!(text, "Sie sagte: „Wir bleiben.“ Und dann: ‚nie wieder‘. Das war’s – vorerst.");
    let yaml = paragraphs(&issue.articles[1]);
    assert_eq!(yaml[1], "Noch ein „Satz“.");
}

#[test]
fn english_quotes_in_an_english_article() {
    let issue = toml_front();
    let english = &issue.articles[2];
    assert_eq!(english.lang, "en");
    assert_eq!(paragraphs(english)[0], "She said: “We stay.” It’s ‘fine’ – really.");
    // The same article language in the sample: the English letter inside a German issue.
    let sample = common::compile(&common::memory_loader(&common::sample()), &Options::default());
    let docks = sample.articles.iter().find(|a| a.path == "articles/docks.md").expect("docks");
    assert_eq!(docks.lang, "en");
    assert_eq!(docks.title, "Boxes Don’t Strike. People Do.");
    let text = paragraphs(docks).join("\n");
    assert!(text.contains("“On paper I work for a labour supplier in Warrington,” he says."), "{text}");
    assert!(!text.contains('"') && !text.contains('„'));
    for german in sample.articles.iter().filter(|a| a.path != "articles/docks.md") {
        assert_eq!(german.lang, "de", "{}", german.path);
        let text = paragraphs(german).join("\n");
        assert!(!text.contains('"'), "a straight quote left in {}", german.path);
        assert_eq!(text.matches('„').count(), text.matches('“').count(), "unpaired German quotes in {}", german.path);
    }
}

#[test]
fn quotes_inside_inline_markup_pair_up() {
    let loader = MemoryLoader::new()
        .with("issue.toml", "title = \"T\"\nissue = \"1\"\ndate = 2026-01-01\nlanguage = \"de\"\n[[sections]]\ntitle = \"S\"\narticles = [\"a.md\"]\n")
        .with("a.md", "---\ntitle: A\n---\n\nEr rief \"*ganz* laut\" und '**leise**'.\n");
    let issue = common::compile(&loader, &Options::default());
    assert_eq!(paragraphs(&issue.articles[0])[0], "Er rief „ganz laut“ und ‚leise‘.");
}

#[test]
fn cross_references_point_at_articles_and_headings() {
    let issue = toml_front();
    let targets = links(&issue.articles[0]);
    let resolved: Vec<(usize, Option<&str>)> = targets
        .iter()
        .map(|t| match t {
            LinkTarget::Article { article, fragment } => (article.index(), fragment.as_deref()),
            LinkTarget::External(url) => panic!("unexpected web link {url}"),
        })
        .collect();
    assert_eq!(resolved, [(1, Some("ein-abschnitt")), (2, None)]);
    let headings: Vec<&str> = issue.articles[1].headings().into_iter().map(|h| h.id).collect();
    assert_eq!(headings, ["ein-abschnitt"], "the fragment names a heading of the target");
}

#[test]
fn sample_cross_references_resolve() {
    let sample = common::compile(&common::memory_loader(&common::sample()), &Options::default());
    let index = |path: &str| sample.articles.iter().position(|a| a.path == path).unwrap();
    let strike = &sample.articles[index("articles/klinikstreik.md")];
    let rent = index("articles/mieten.md");
    let to_rent: Vec<Option<&str>> = links(strike)
        .into_iter()
        .filter_map(|t| match t {
            LinkTarget::Article { article, fragment } if article.index() == rent => Some(fragment.as_deref()),
            _ => None,
        })
        .collect();
    assert!(to_rent.contains(&None), "{to_rent:?}");
    assert!(to_rent.contains(&Some("was-jetzt-zu-tun-ist")), "{to_rent:?}");
    let rent_headings: Vec<&str> = sample.articles[rent].headings().into_iter().map(|h| h.id).collect();
    assert!(rent_headings.contains(&"was-jetzt-zu-tun-ist"), "{rent_headings:?}");
    let history = &sample.articles[index("articles/achtstunden.md")];
    assert!(
        links(history).contains(&&LinkTarget::External("https://de.wikipedia.org/wiki/Stinnes-Legien-Abkommen".into()))
    );
}

#[test]
fn footnotes_are_numbered_by_first_reference() {
    let issue = toml_front();
    let article = &issue.articles[0];
    let marks: Vec<u32> = inlines(&article.blocks)
        .into_iter()
        .filter_map(|i| if let Inline::FootnoteRef { number } = i { Some(*number) } else { None })
        .collect();
    assert_eq!(marks, [1, 2, 1], "the note referenced first is 1, a second mark repeats its number");
    let notes: Vec<(u32, &str, String)> = article
        .footnotes
        .iter()
        .map(|f| {
            let text = f
                .blocks
                .iter()
                .map(|b| if let Block::Paragraph(c) = b { Inline::plain_text(c) } else { String::new() })
                .collect();
            (f.number, f.id.as_str(), text)
        })
        .collect();
    assert_eq!(
        notes,
        [
            (1, "fn-1", "Die Anmerkung, auf die zuerst verwiesen wird.".to_string()),
            (2, "fn-2", "Die Anmerkung eins, aber als zweite verwiesen.".to_string()),
        ]
    );
    // Numbering starts again in each article.
    let sample = common::compile(&common::memory_loader(&common::sample()), &Options::default());
    for article in &sample.articles {
        let numbers: Vec<u32> = article.footnotes.iter().map(|f| f.number).collect();
        let want: Vec<u32> = (1..=article.footnotes.len() as u32).collect();
        assert_eq!(numbers, want, "{}", article.path);
    }
    let history = sample.articles.iter().find(|a| a.path == "articles/achtstunden.md").unwrap();
    assert_eq!(history.footnotes.len(), 4);
    assert_eq!(history.footnotes[1].blocks.len(), 2, "a note of two paragraphs");
}

#[test]
fn related_articles_resolve_relative_to_the_article_or_the_issue() {
    let issue = toml_front();
    // "yaml.md" (next to the article) and "texte/english.md" (from the issue folder).
    let related = |a: &heft::model::Article| {
        a.related
            .iter()
            .filter_map(|r| match r {
                heft::model::Related::Article(id) => Some(id.index()),
                heft::model::Related::External(_) => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(related(&issue.articles[0]), [1, 2]);
    assert_eq!(related(&issue.articles[1]), [0]);
    assert_eq!(related(&issue.articles[2]), [0]);
    let sample = common::compile(&common::memory_loader(&common::sample()), &Options::default());
    let index = |path: &str| sample.articles.iter().position(|a| a.path == path).unwrap();
    let history = &sample.articles[index("articles/achtstunden.md")];
    assert_eq!(related(history), [index("articles/klinikstreik.md"), index("articles/rezension.md")]);
}

#[test]
fn a_related_article_outside_the_issue_is_an_error() {
    let manifest = std::fs::read_to_string(common::fixture("toml-front/texte/yaml.md")).unwrap();
    let loader = common::memory_loader(&common::fixture("toml-front"))
        .with("texte/yaml.md", manifest.replace("  - toml.md", "  - nirgends.md"));
    let compiled = heft::compile(&loader, &Options::default());
    assert!(compiled.issue.is_none());
    let messages: Vec<&str> = compiled.diagnostics.0.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("nirgends.md")), "{messages:?}");
}

#[test]
fn images_are_stored_once_and_become_figures() {
    let sample = common::compile(&common::memory_loader(&common::sample()), &Options::default());
    let paths: Vec<&str> = sample.assets.iter().map(|a| a.package_path.as_str()).collect();
    let unique: std::collections::HashSet<&&str> = paths.iter().collect();
    assert_eq!(unique.len(), paths.len(), "{paths:?}");
    let docks = sample.articles.iter().find(|a| a.path == "articles/docks.md").unwrap();
    let figure = docks.blocks.iter().find_map(|b| match b {
        Block::Figure { asset, alt, bleed } => Some((*asset, alt, *bleed)),
        _ => None,
    });
    let (asset, alt, bleed) = figure.expect("the lone image is a figure");
    assert_eq!(alt, "The container quay at dusk, seen from the river wall");
    assert!(bleed, "marked `{{.bleed}}`: to the page edges");
    let asset = sample.asset(asset);
    assert_eq!(asset.media_type, "image/jpeg");
    assert_eq!((asset.width, asset.height), (2400, 1200));
    assert_eq!(asset.bytes, std::fs::read(common::sample().join("images/hafen.jpg")).unwrap());
}

#[test]
fn an_offprint_edition_holds_one_article_with_links_out_rewritten_and_only_its_images() {
    let sample = common::compile(&common::memory_loader(&common::sample()), &Options::default());
    let (id, strike) = sample.articles_with_ids().find(|(_, a)| a.path == "articles/klinikstreik.md").unwrap();
    let edition = sample.offprint_edition(id);
    assert_eq!(edition.articles.len(), 1);
    assert_eq!(edition.articles[0].title, strike.title);
    assert_eq!(edition.book_title, strike.title);
    assert_eq!(edition.authors, strike.authors);
    assert_eq!(edition.sections.len(), 1);
    let appeared = edition.appeared_in.as_ref().expect("an offprint says where it appeared").plain();
    assert_eq!(appeared, "Dieser Artikel erschien in Rote Feder Nr. 1/2026 (Januar/Februar 2026)");
    // The sample has a base_url: links to other articles go to their web pages.
    let base = sample.base_url.clone().unwrap();
    let outward: Vec<&LinkTarget> = links(&edition.articles[0]).into_iter().collect();
    assert!(outward.iter().all(|t| !matches!(t, LinkTarget::Article { .. })), "{outward:?}");
    assert!(outward.iter().any(|t| matches!(t, LinkTarget::External(url) if url.starts_with(&base))), "{outward:?}");
    // Images: the cover and those the article and the imprint show, not the whole issue's.
    assert!(edition.assets.len() < sample.assets.len());
    assert!(edition.cover.is_some_and(|cover| edition.asset(cover).path == sample.asset(sample.cover.unwrap()).path));
    // Without a base_url the words stay and the link goes.
    let mut offline = sample.clone();
    offline.base_url = None;
    let words = offline.offprint_edition(id);
    let web_pages = |t: &&LinkTarget| matches!(t, LinkTarget::External(url) if url.ends_with(".html"));
    let kept = links(&words.articles[0]);
    assert!(!kept.iter().any(|t| matches!(t, LinkTarget::Article { .. }) || web_pages(t)), "{kept:?}");
    assert_eq!(paragraphs(&words.articles[0]), paragraphs(strike));
}
