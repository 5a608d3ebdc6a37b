//! Fuzz target: arbitrary bytes as YAML front matter (anchors, aliases, nesting, quotes, block
//! scalars) of one article → compile with diagnostics rendered. Must never panic, and must stay
//! within libFuzzer's memory and time limits: the guard in `input/yaml_guard.rs` has to stop
//! alias bombs and deep nesting before the YAML parser sees them.

#![no_main]

use heft::source::MemoryLoader;
use libfuzzer_sys::fuzz_target;

const MANIFEST: &str = "title = \"Fuzz\"\nissue = \"Nr. 1/2026\"\ndate = 2026-01-31\nlanguage = \"de\"\n\
[[sections]]\ntitle = \"S\"\narticles = [\"articles/a.md\"]\n";

fuzz_target!(|data: &[u8]| {
    let article = [b"---\n".as_slice(), data, b"\n---\nText.\n"].concat();
    let loader = MemoryLoader::new().with("issue.toml", MANIFEST).with("articles/a.md", article);
    let compiled = heft::compile(&loader, &heft::Options::default());
    let _ = heft::diag::report::render(&compiled.diagnostics.0, &compiled.sources, false);
});
