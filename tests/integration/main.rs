//! Integration tests of heft through its CLI and library: one binary, a module per feature.

mod bad_input;
mod common;
mod epub;
mod hostile;
mod html;
mod manifest;
mod model;
mod page;
mod pdf;
mod print;
mod proptests;
mod tagged;
mod workflow;
