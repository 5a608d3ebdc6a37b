//! Built-in styles under `styles/`: the EPUB stylesheet for a style name.

/// The stylesheet for the EPUB. Every built-in page style shares the default stylesheet: the
/// reader's device, not the print format, decides the EPUB's page.
pub fn epub_css(_style: &str) -> &'static str {
    include_str!("../styles/default.css")
}
