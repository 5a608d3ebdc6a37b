//! Integration tests of heft through its CLI and library: one binary, a module per feature.

mod common;
mod bad_input;
mod hostile;
mod proptests;
