//! cbrd's integration tests: one test binary (like ripgrep's), each module one area. The tests
//! run the real `cbrd` binary against the real TFLite 2.9 library and the committed models and
//! photo fixtures.

#[macro_use]
mod common;

mod accuracy;
mod api;
mod cli;
mod crash;
mod daemon;
mod delegate;
mod devices;
mod export;
mod first_hour;
mod golden;
mod index;
mod layers;
mod models;
mod pipeline;
mod runtime;
