//! heft compiles a magazine issue (an `issue.toml` and Markdown articles) into an EPUB 3 and a
//! typeset PDF.

pub mod epub;
pub mod model;
pub mod pdf;
