//! Markdown bodies → blocks: quotes, footnotes, links, raw HTML, images, tables and lists.

use std::collections::HashMap;

use super::*;
use crate::model::LinkTarget;
use crate::source::MemoryLoader;

fn parse(text: &str, lang: &str) -> (Body, Diagnostics) {
    let loader = MemoryLoader::new()
        .with("articles/pic.gif", include_bytes!("../../../tests/fixtures/image_check/pixel.gif").to_vec());
    let articles: HashMap<String, ArticleId> =
        [("articles/a.md".to_string(), ArticleId::new(0)), ("articles/b.md".to_string(), ArticleId::new(1))]
            .into_iter()
            .collect();
    let ctx = BodyContext {
        path: "articles/a.md",
        file: FileId(0),
        article: Some(ArticleId::new(0)),
        lang,
        articles: &articles,
        loader: &loader,
    };
    let mut assets = AssetStore::default();
    let mut diags = Diagnostics::default();
    let body = parse_body(text, 0, &ctx, &mut assets, &mut diags);
    (body, diags)
}

fn paragraph(body: &Body, n: usize) -> &[Inline] {
    match &body.blocks[n] {
        Block::Paragraph(inlines) => inlines,
        other => panic!("not a paragraph: {other:?}"),
    }
}

#[test]
fn quotes_close_across_emphasis() {
    let (body, _) = parse("Sie rief \"*Streik*\" -- und ging...", "de");
    let text = format!("{:?}", paragraph(&body, 0));
    assert!(text.contains("Sie rief „"), "{text}");
    assert!(text.contains("Text(\"“ – und ging…\")"), "{text}");
}

#[test]
fn footnotes_are_numbered_by_first_reference() {
    let (body, diags) = parse("B[^b] then A[^a] and B[^b].\n\n[^a]: Note a.\n\n[^b]: Note b.\n", "de");
    assert!(diags.0.is_empty(), "{diags:?}");
    let refs: Vec<u32> = paragraph(&body, 0)
        .iter()
        .filter_map(|i| match i {
            Inline::FootnoteRef { number } => Some(*number),
            _ => None,
        })
        .collect();
    assert_eq!(refs, [1, 2, 1]);
    assert_eq!(body.footnotes.len(), 2);
    assert_eq!(
        Inline::plain_text(match &body.footnotes[0].blocks[0] {
            Block::Paragraph(i) => i,
            _ => panic!(),
        }),
        "Note b."
    );
    assert_eq!(body.footnotes[1].id, "fn-2");
}

#[test]
fn cross_references_resolve_to_articles() {
    let (body, diags) = parse("[siehe](b.md#streik) und [oben](#x) und [web](https://example.org)", "de");
    assert!(diags.0.is_empty(), "{diags:?}");
    let targets: Vec<&LinkTarget> = paragraph(&body, 0)
        .iter()
        .filter_map(|i| match i {
            Inline::Link { target, .. } => Some(target),
            _ => None,
        })
        .collect();
    assert_eq!(targets[0], &LinkTarget::Article { article: ArticleId::new(1), fragment: Some("streik".into()) });
    assert_eq!(targets[1], &LinkTarget::Article { article: ArticleId::new(0), fragment: Some("x".into()) });
    assert_eq!(targets[2], &LinkTarget::External("https://example.org".into()));
}

#[test]
fn link_to_a_missing_article_names_both_files() {
    let (_, diags) = parse("[weg](c.md)", "de");
    assert_eq!(diags.0[0].message, "articles/a.md links to articles/c.md, which is not an article of this issue");
    assert!(diags.has_errors());
}

#[test]
fn unsafe_html_and_links_never_pass() {
    let (body, diags) = parse("a<script>alert(1)</script>b <sup>2</sup> [x](javascript:alert(1)) <b onclick=\"x\">c</b> <javascript:alert(2)> <https://ok.org>\n\n<iframe src=x></iframe>\n", "en");
    let text = format!("{:?}", body.blocks);
    assert!(!text.contains("alert"), "{text}");
    assert!(!text.contains("iframe") && !text.contains("onclick"), "{text}");
    assert!(text.contains("Superscript([Text(\"2\")])"), "{text}");
    assert!(text.contains("Strong([Text(\"c\")])"), "{text}");
    assert!(text.contains("https://ok.org"), "{text}");
    assert!(!diags.has_errors());
}

#[test]
fn lone_image_is_a_figure_and_tables_keep_alignment() {
    let (body, diags) = parse("![Ein \"Bild\"](pic.gif)\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n", "de");
    assert!(diags.0.is_empty(), "{diags:?}");
    assert!(
        matches!(&body.blocks[0], Block::Figure { asset, alt, bleed: false } if asset.index() == 0 && alt == "Ein „Bild“")
    );
    assert!(
        matches!(&body.blocks[1], Block::Table { align, rows, .. } if align == &[Align::Left, Align::Right] && rows.len() == 1)
    );
}

#[test]
fn a_figure_marked_bleed_runs_to_the_page_edges_and_other_attributes_stay_text() {
    let (body, diags) =
        parse("![Hafen](pic.gif){.bleed}\n\n![Kran](pic.gif) {.bleed}\n\n![Quai](pic.gif){.blead}\n", "de");
    assert!(diags.0.is_empty(), "{diags:?}");
    assert!(matches!(&body.blocks[0], Block::Figure { alt, bleed: true, .. } if alt == "Hafen"));
    assert!(matches!(&body.blocks[1], Block::Figure { alt, bleed: true, .. } if alt == "Kran"));
    let Block::Paragraph(inlines) = &body.blocks[2] else { panic!("{:?}", body.blocks[2]) };
    assert_eq!(Inline::plain_text(inlines), "{.blead}", "an unknown attribute is left as written");
}

#[test]
fn missing_image_is_an_error_naming_both() {
    let (_, diags) = parse("![x](nope.png)", "de");
    assert_eq!(diags.0[0].message, "failed to use the image articles/nope.png in articles/a.md (no such file)");
}

#[test]
fn nested_lists_and_quotes() {
    let (body, _) = parse("1. eins\n   - a\n     - b\n2. zwei\n\n> zitat\n> > tiefer\n", "de");
    assert!(matches!(&body.blocks[0], Block::List { start: Some(1), items } if items.len() == 2));
    assert!(matches!(&body.blocks[1], Block::BlockQuote(inner) if matches!(inner[1], Block::BlockQuote(_))));
}

#[test]
fn control_characters_are_removed() {
    let (body, _) = parse("a\u{1}b\u{7f}c\u{85}d", "de");
    assert_eq!(Inline::plain_text(paragraph(&body, 0)), "abcd");
}
