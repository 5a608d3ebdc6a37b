//! The PDF writer: model → frames (fonts, shaping, hyphenation, line breaking, page layout) →
//! painted PDF bytes.

pub mod fonts;
pub mod frame;
pub mod images;
pub mod inline;
pub mod layout;
pub mod style;
pub mod units;
pub mod hyphenate;
pub mod linebreak;
pub mod shape;
