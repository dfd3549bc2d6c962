//! cbrd: classification-by-retrieval on a small device.
//!
//! A pre-trained TensorFlow Lite embedding model turns an image into an L2-normalised vector;
//! enrolled vectors live in a crash-safe on-disk [`index`]; a query is classified by cosine
//! similarity to every enrolled vector ([`search`]) followed by per-class aggregation and an
//! open-set decision ([`decide`]). See `ARCHITECTURE.md` for the data flow and invariants.
//!
//! Stages, in data-flow order: [`camera`] → [`preprocess`] → [`embed`] → [`search`] →
//! [`decide`] → [`smooth`] → [`event`]/[`sink`] (daemon) or [`output`] (CLI); [`button`] →
//! [`enroll`] → [`index`]. [`daemon`] wires the threads of `cbrd run`; [`cmd`], [`cli`] and
//! [`config`] are the front end. ARCHITECTURE.md names the layers their imports keep to.

pub mod api;
pub mod batch;
pub mod board;
pub mod button;
pub mod camera;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod config;
pub mod daemon;
pub mod decide;
pub mod embed;
pub mod enroll;
pub mod event;
pub mod export;
pub mod index;
pub mod output;
pub mod preprocess;
pub mod progress;
pub mod request;
pub mod search;
pub mod sink;
pub mod smooth;
