//! Fuzz target: arbitrary bytes as `issue.toml` (with one valid article) → diagnostics or a
//! model → EPUB. Must never panic.

#![no_main]

use heft::source::MemoryLoader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loader = MemoryLoader::new()
        .with("issue.toml", data.to_vec())
        .with("articles/a.md", "---\ntitle: A\n---\nText.\n")
        .with("a.md", "---\ntitle: A\n---\nText.\n");
    let compiled = heft::compile(&loader, &heft::Options::default());
    let _ = heft::diag::report::render(&compiled.diagnostics.0, &compiled.sources, false);
    if let Some(issue) = compiled.issue {
        let _ = heft::render(&issue, &heft::RenderOptions { epub: true, ..heft::RenderOptions::none() });
    }
});
