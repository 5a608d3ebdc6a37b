//! Fuzz target: arbitrary bytes as one article (front matter + Markdown) of a minimal issue →
//! model → EPUB and PDF. Must never panic; errors are fine.

#![no_main]

use heft::source::MemoryLoader;
use libfuzzer_sys::fuzz_target;

const MANIFEST: &str = "title = \"Fuzz\"\nissue = \"Nr. 1/2026\"\ndate = 2026-01-31\nlanguage = \"de\"\n\
imprint = \"imprint.md\"\n[[sections]]\ntitle = \"S\"\narticles = [\"articles/a.md\", \"articles/b.md\"]\n";

/// A 1×1 PNG, so that image references to `pic.png` resolve.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fuzz_target!(|data: &[u8]| {
    // Without front matter the article is rejected early; give most inputs a title so the
    // Markdown path is exercised, but keep raw inputs too (first byte decides).
    let article: Vec<u8> = match data.first() {
        Some(b) if b % 4 != 0 => [b"---\ntitle: T\n---\n".as_slice(), &data[1..]].concat(),
        _ => data.to_vec(),
    };
    let loader = MemoryLoader::new()
        .with("issue.toml", MANIFEST)
        .with("articles/a.md", article.clone())
        .with("articles/b.md", "---\ntitle: B\n---\nSee [a](a.md) and ![p](pic.png).\n")
        .with("articles/pic.png", PNG)
        .with("imprint.md", article);
    let compiled = heft::compile(&loader, &heft::Options::default());
    let _ = heft::diag::report::render(&compiled.diagnostics.0, &compiled.sources, false);
    let Some(issue) = compiled.issue else { return };
    let _ = heft::render(&issue, &heft::RenderOptions::all());
});
