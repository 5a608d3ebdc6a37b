//! The PDF writer: model → frames (fonts, shaping, hyphenation, line breaking, page layout) →
//! painted PDF bytes.

pub mod fonts;
pub mod frame;
pub mod inline;
pub mod paint;
pub mod units;
