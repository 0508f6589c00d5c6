//! OpenFEM: the Higg Facility Environmental Module as data, rules and scores.
//!
//! `core` is pure Rust (no I/O, no clock, no web) and is what every shell calls: the browser
//! widget (`ui`, wasm only), the embedding API and the native `openfem` CLI.

pub mod core;
pub mod sha256;
#[cfg(target_arch = "wasm32")]
pub mod ui;
pub mod zip;
