//! Integration tests of heft through its CLI and library: one binary, a module per feature.

mod common;
mod epub;
mod manifest;
mod model;
mod pdf;
