//! Text conventions by language: labels and dates (`lang`), smart punctuation, slugs for ids.

pub mod lang;
pub mod slug;
pub mod smartquotes;
