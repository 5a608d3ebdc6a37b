//! Integration tests of heft through its CLI and library: one binary, a module per feature.

mod bad_input;
mod common;
mod epub;
mod fonts;
mod hostile;
mod house_fonts;
mod html;
mod manifest;
mod model;
mod offprints;
mod page;
mod pdf;
mod print;
mod proptests;
mod styles;
mod synthetic;
mod tagged;
mod watch;
mod workflow;
