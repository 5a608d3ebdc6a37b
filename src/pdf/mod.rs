//! The PDF writer: model → frames (fonts, shaping, hyphenation, line breaking, page layout) →
//! painted PDF bytes.

pub mod fonts;
pub mod frame;
pub mod inline;
pub mod units;
pub mod hyphenate;
pub mod linebreak;
pub mod shape;
