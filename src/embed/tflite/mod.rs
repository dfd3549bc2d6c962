//! The TensorFlow Lite C API, resolved at run time with `libloading`.
//!
//! This is the only module that names the TFLite library. Nothing here is linked at build
//! time: the library (`libtensorflowlite_c.so`) is opened with `dlopen` when a [`Runtime`] is
//! created, so cbrd builds and cross-builds without TensorFlow. Only C API functions that
//! exist since TF 2.4 are used; `TfLiteInterpreterOptionsSetErrorReporter` and the XNNPACK
//! functions are optional (a library without them still works).
//!
//! Ownership (enforced by the types): a [`Interpreter`] holds an `Arc` of its [`Model`] and
//! owns its [`Delegate`]s, and drops them only after `TfLiteInterpreterDelete`; every object
//! holds an `Arc` of the [`Runtime`] so the library stays loaded while anything uses it.
//!
//! The parts: `library` finds, checks and loads the library ([`Runtime`]), `api` holds the
//! C types and the resolved function table, `model`, `delegate` and `interpreter` wrap the
//! TFLite objects, `reporter` collects the messages TFLite reports through its callback,
//! and `runtime_log` routes what TFLite prints to stderr into `tracing`. Every item is used
//! through this module (`embed::tflite::Interpreter`, ...).

use std::ffi::c_int;
use std::path::PathBuf;

mod api;
mod delegate;
mod interpreter;
mod library;
mod model;
mod reporter;
mod runtime_log;
#[cfg(test)]
mod tests;

pub use api::{RawDelegate, RawModel};
pub use delegate::Delegate;
pub use interpreter::{Interpreter, TensorInfo, TensorType};
pub use library::{
    BUNDLED_SHA256, Candidate, LIBRARY_ENV, LIBRARY_FILE, PACKAGE_LIB_DIR, Runtime,
    library_candidates,
};
pub use model::Model;

/// Errors of the TFLite runtime layer.
#[derive(Debug, thiserror::Error)]
pub enum TfliteError {
    /// The library could not be found or opened anywhere in the look-up order.
    #[error(
        "TensorFlow Lite C library not found; tried:\n{tried}\n\
         Get it with `deploy/fetch-tflite.sh` (downloads tfjs-tflite-node@0.0.2 from the npm \
         registry and extracts libtensorflowlite_c.so into runtime/), then set `runtime.library` \
         in the config, pass --tflite-lib, or export {LIBRARY_ENV}=/path/to/{LIBRARY_FILE}"
    )]
    NotFound {
        /// One line per place tried, with the reason it failed.
        tried: String,
    },
    /// The configured library exists but could not be loaded.
    #[error(
        "cannot load TensorFlow Lite C library {path} (from {source_name}): {reason}\n\
         It must be a libtensorflowlite_c.so built for this CPU architecture ({arch}); \
         `deploy/fetch-tflite.sh` provides one"
    )]
    Load {
        /// The path that was opened.
        path: PathBuf,
        /// Where the path came from (config key, env var, ...).
        source_name: String,
        /// The loader's message.
        reason: String,
        /// This machine's architecture.
        arch: &'static str,
    },
    /// The file is not a whole shared library for this machine (checked before loading it:
    /// a truncated file would crash the loader with SIGBUS).
    #[error("{path} ({origin}) cannot be loaded as the TensorFlow Lite C library: {reason}. {fix}")]
    BadFile {
        path: PathBuf,
        /// Where the path came from.
        origin: String,
        /// What is wrong with it.
        reason: String,
        /// What to do.
        fix: String,
    },
    /// A required C function is missing from the library.
    #[error(
        "{path} is not a usable TensorFlow Lite C library: symbol `{symbol}` is missing ({reason})"
    )]
    MissingSymbol {
        path: PathBuf,
        symbol: &'static str,
        /// The loader's message.
        reason: String,
    },
    /// TFLite refused the model bytes.
    #[error("TensorFlow Lite could not load the model {path}: {messages}")]
    ModelLoad {
        path: PathBuf,
        /// What TFLite reported.
        messages: String,
    },
    /// Interpreter creation failed.
    #[error("TensorFlow Lite could not create an interpreter for {path}: {messages}")]
    InterpreterCreate {
        path: PathBuf,
        /// What TFLite reported.
        messages: String,
    },
    /// A TFLite call returned an error status.
    #[error("TensorFlow Lite {call} failed (status {status}): {messages}")]
    Status {
        /// The C function that failed.
        call: &'static str,
        status: c_int,
        /// What TFLite reported.
        messages: String,
    },
    /// The external delegate library could not be loaded or used.
    #[error("external delegate {path}: {reason}")]
    Delegate {
        /// The delegate library path.
        path: PathBuf,
        /// What went wrong and what to do.
        reason: String,
    },
    /// A tensor index or shape was not what the caller expected.
    #[error("{0}")]
    Tensor(String),
}
