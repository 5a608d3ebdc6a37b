//! Text conventions by language: labels and dates (`lang`), smart punctuation, slugs for ids.

pub(crate) mod lang;
pub(crate) mod slug;
pub(crate) mod smartquotes;
