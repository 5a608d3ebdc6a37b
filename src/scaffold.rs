//! The starter issue `heft new` writes: a small, complete issue (manifest with every key
//! explained, two articles using every front-matter field, an imprint and an image) that builds
//! at once. The files live under `templates/new/` and are compiled in.

/// The files of the starter issue: path relative to the new issue folder, and contents.
pub const STARTER_ISSUE: &[(&str, &[u8])] = &[
    ("issue.toml", include_bytes!("../templates/new/issue.toml")),
    ("impressum.md", include_bytes!("../templates/new/impressum.md")),
    ("articles/gartenfest.md", include_bytes!("../templates/new/articles/gartenfest.md")),
    ("articles/twin-town.md", include_bytes!("../templates/new/articles/twin-town.md")),
    ("images/titel.png", include_bytes!("../templates/new/images/titel.png")),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::MemoryLoader;

    #[test]
    fn the_starter_issue_compiles_and_renders_without_warnings() {
        let loader =
            STARTER_ISSUE.iter().fold(MemoryLoader::new(), |loader, (path, bytes)| loader.with(path, bytes.to_vec()));
        let compiled = crate::compile(&loader, &crate::Options { source_date_epoch: Some(0), ..Default::default() });
        assert!(compiled.diagnostics.0.is_empty(), "{:?}", compiled.diagnostics.0);
        let issue = compiled.issue.expect("the starter issue compiles");
        assert_eq!(issue.articles.len(), 2);
        let rendered = crate::render(&issue, &crate::RenderOptions::all()).expect("renders");
        // Only the print PDF's padding to a multiple of 4 pages for saddle stitching.
        let messages: Vec<&str> = rendered.warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(messages.len() == 1 && messages[0].contains("blank page(s) added"), "{messages:?}");
    }
}
