//! Fuzz target: arbitrary bytes as the image of an article (sniffed as SVG, PNG, JPEG or neither)
//! → compile → every output. SVG is refused everywhere with an error; raster images must be
//! decoded within the pixel budget or refused, never panic or run out of memory.

#![no_main]

use heft::source::MemoryLoader;
use libfuzzer_sys::fuzz_target;

const MANIFEST: &str = "title = \"Fuzz\"\nissue = \"Nr. 1/2026\"\ndate = 2026-01-31\nlanguage = \"de\"\n\
cover = \"cover.img\"\n[[sections]]\ntitle = \"S\"\narticles = [\"articles/a.md\"]\n";

/// Starts of the formats the asset sniffer tells apart, so most inputs reach a decoder.
const HEADS: [&[u8]; 4] = [
    b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" ",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let image = [HEADS[usize::from(selector) % HEADS.len()], rest].concat();
    // Bit 2 decides whether the image is also the cover (a different path in every writer).
    let manifest = if selector & 4 == 0 { MANIFEST.replace("cover = \"cover.img\"\n", "") } else { MANIFEST.into() };
    let loader = MemoryLoader::new()
        .with("issue.toml", manifest)
        .with("articles/a.md", "---\ntitle: T\n---\nText ![Bild](pic.img \"Caption\").\n")
        .with("articles/pic.img", image.clone())
        .with("cover.img", image);
    let compiled = heft::compile(&loader, &heft::Options::default());
    let _ = heft::diag::report::render(&compiled.diagnostics.0, &compiled.sources, false);
    let Some(issue) = compiled.issue else { return };
    let _ = heft::render(&issue, &heft::RenderOptions::all());
});
