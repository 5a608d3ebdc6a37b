//! Typesetting: fonts, shaping, hyphenation and line breaking turn styled text into justified lines.

pub mod fonts;
pub mod hyphenate;
pub mod inline;
pub mod linebreak;
pub mod nobreak;
pub mod protrusion;
pub mod shape;
