//! Command-line interface definition (clap). The commands themselves are in [`crate::cmd`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::decide::Aggregation;

/// Long version: crate version; the TFLite runtime version is added at run time by `main`.
pub const ABOUT: &str = "Classification-by-retrieval on a small device: teach image classes from a \
few photos (no training) and classify new images by cosine similarity to the enrolled ones.";

/// cbrd: teach and classify images with a TensorFlow Lite embedding model.
#[derive(Debug, Parser)]
#[command(name = "cbrd", about = ABOUT, long_about = None, disable_version_flag = true)]
pub struct Cli {
    /// Print the cbrd version and the TensorFlow Lite runtime version, then exit.
    #[arg(short = 'V', long, global = true)]
    pub version: bool,

    /// Settings shared by all commands.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// The command to run.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options that apply to every command; they override the config file.
#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// TOML config file (see config/cbrd.toml for every key, its default and range).
    #[arg(short, long, global = true, value_name = "FILE", env = "CBRD_CONFIG")]
    pub config: Option<PathBuf>,

    /// Embedding model (.tflite). Default: the shipped int8 EfficientNet-Lite0.
    #[arg(long, global = true, value_name = "FILE")]
    pub model: Option<PathBuf>,

    /// TensorFlow Lite C library (libtensorflowlite_c.so). Default look-up: config
    /// runtime.library, $CBRD_TFLITE_LIB, next to the binary, /usr/lib/cbrd/, the system.
    #[arg(long, global = true, value_name = "FILE")]
    pub tflite_lib: Option<PathBuf>,

    /// CPU threads for inference (0 = automatic: CPU count, at most 4).
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<i64>,

    /// Disable the XNNPACK delegate (use TFLite's builtin kernels).
    #[arg(long, global = true)]
    pub no_xnnpack: bool,

    /// Enable the EdgeTPU external delegate (needed for EdgeTPU-compiled models).
    #[arg(long, global = true)]
    pub edgetpu: bool,

    /// EdgeTPU delegate library (default /usr/lib/aarch64-linux-gnu/libedgetpu.so.1).
    #[arg(long, global = true, value_name = "FILE")]
    pub edgetpu_lib: Option<PathBuf>,

    /// EdgeTPU delegate option, repeatable (e.g. device=usb, device=pci:0).
    #[arg(long, global = true, value_name = "KEY=VALUE")]
    pub edgetpu_option: Vec<String>,

    /// More log output (-v: debug, -vv: trace). Logs go to stderr.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Only warnings and errors on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// Options of commands that read or write an index.
#[derive(Debug, Args, Clone)]
pub struct IndexArg {
    /// Index folder (created on first enroll). Default: config index.path.
    #[arg(long, value_name = "DIR", env = "CBRD_INDEX")]
    pub index: Option<PathBuf>,
}

/// Matching options (override the config's `[match]` section).
#[derive(Debug, Args, Clone, Default)]
pub struct MatchArgs {
    /// Per-class aggregation: max (best sample), mean (class prototype) or knn (vote).
    #[arg(long, value_name = "RULE")]
    pub aggregation: Option<Aggregation>,

    /// Number of classes listed per image.
    #[arg(short = 'k', long, value_name = "K")]
    pub top_k: Option<i64>,

    /// Neighbours that vote with --aggregation knn.
    #[arg(long, value_name = "K")]
    pub knn_k: Option<i64>,

    /// Unknown when the best score is below this (cosine, -1..1).
    #[arg(long, value_name = "SCORE")]
    pub min_score: Option<f32>,

    /// Unknown when best minus second-best score is below this.
    #[arg(long, value_name = "MARGIN")]
    pub min_margin: Option<f32>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the device daemon: camera → classification → decision events (JSON lines on stdout,
    /// hook program), button enrollment, LED feedback, sd_notify. Stop with SIGTERM/SIGINT
    /// (twice: at once); SIGHUP reloads the index and the thresholds.
    #[command(
        after_help = "Configure the camera, button, LED, enrollment and outputs in the TOML \
config (see config/cbrd.toml and config/examples/). Exit code 2: configuration error; 1: \
runtime failure."
    )]
    Run {
        /// Index folder. Default: config index.path.
        #[command(flatten)]
        index: IndexArg,
    },
    /// Enroll images into a class (created if new). An image whose content is already a
    /// sample of the class is skipped (and counted), unless --allow-duplicates.
    #[command(
        after_help = "Example:\n  cbrd enroll --index ./idx --class mug photos/mug1.jpg photos/mug2.jpg"
    )]
    Enroll {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Class label (any UTF-8 name up to 200 bytes, no control characters).
        #[arg(long, value_name = "LABEL")]
        class: String,
        /// Image files (JPEG, PNG, WebP, BMP).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Enroll an image even if the class already has a sample with the same content.
        #[arg(long)]
        allow_duplicates: bool,
    },
    /// Enroll a dataset folder with one sub-folder per class (the folder name is the label).
    #[command(
        after_help = "Layout:\n  DATASET/mug/1.jpg\n  DATASET/mug/2.jpg\n  DATASET/plant/a.png\n\n\
Each class is saved as soon as it is done, so an interrupted run keeps the finished classes.\n\
Running it again enrolls only what is new: an image whose content is already a sample of its \
class is skipped (and counted).\n\
Exit code 1 if any image failed (the others are enrolled)."
    )]
    EnrollDir {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Dataset folder.
        #[arg(value_name = "DATASET")]
        dataset: PathBuf,
        /// Enroll an image even if its class already has a sample with the same content.
        #[arg(long)]
        allow_duplicates: bool,
    },
    /// Classify images; prints one JSON line per image.
    #[command(after_help = "Output, one line per image:\n  \
{\"file\":\"a.jpg\",\"label\":\"mug\",\"score\":0.83,\"top\":[{\"label\":\"mug\",\"score\":0.83},…]}\n\
label is null when the image is unknown (then \"reason\" says why: low_score, ambiguous or \
empty_index); a file that cannot be read gives {\"file\":…,\"error\":…}.\n\
Exit code 1 if any image failed.")]
    Classify {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Matching options.
        #[command(flatten)]
        matching: MatchArgs,
        /// Image files, or folders (walked recursively for images).
        #[arg(required = true, value_name = "FILE_OR_DIR")]
        inputs: Vec<PathBuf>,
    },
    /// List, inspect, rename or remove classes and samples.
    Classes {
        /// What to do.
        #[command(subcommand)]
        action: ClassesAction,
    },
    /// Print the L2-normalised embedding of an image as a JSON array.
    Embed {
        /// Image file.
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Show the model, the runtime, the delegates in use and (with --index) index statistics.
    Info {
        /// Index folder (optional).
        #[command(flatten)]
        index: IndexArg,
    },
    /// Validate a config file and report every problem at once (exit code 2 if any).
    CheckConfig {
        /// The config file (default: --config / $CBRD_CONFIG).
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Re-embed an index with the current model from its stored thumbnails (after a model
    /// change), replacing it atomically. Classes, labels and sample ids are kept.
    Reembed {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
    },
    /// Export a standalone classifier: the embedding model with the retrieval layers and the
    /// labels baked in, usable by any TensorFlow Lite runtime (and by `cbrd classify/run
    /// --model FILE` without an index).
    #[command(
        after_help = "Output tensor `scores`: [1, number of classes] float32 cosine \
similarities, labels in TFLite Metadata (labels.txt, TENSOR_AXIS_LABELS). The retrieval layers \
take a constant number of operators, whatever the number of classes."
    )]
    Export {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
        /// The classifier to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// float32 retrieval layers (the default; exact scores).
        #[arg(long, conflicts_with = "int8")]
        float: bool,
        /// int8 retrieval layers (4× smaller weights; scales chosen from the data).
        #[arg(long)]
        int8: bool,
        /// Per-class aggregation baked into the model: max or mean.
        #[arg(long, value_name = "RULE", default_value = "max")]
        aggregation: Aggregation,
    },
    /// Measure preprocessing, inference, end-to-end classify and search times.
    Bench(BenchArgs),
    /// Maintain the catalogue itself.
    Index {
        /// What to do.
        #[command(subcommand)]
        action: IndexAction,
    },
}

/// `cbrd index …`
#[derive(Debug, Subcommand)]
pub enum IndexAction {
    /// Store the catalogue's vectors as f32, f16 or int8, in one transaction (every vector is
    /// rewritten; classes, samples and thumbnails stay).
    #[command(
        after_help = "Example:\n  cbrd index convert --index ./idx --storage int8\n\nint8 keeps one float32 scale per vector; scores stay within ~5e-3 of float32 and a search \
reads 4× fewer bytes. Converting back to f32 does not restore what int8 rounded away \
(`cbrd reembed` does, from the thumbnails)."
    )]
    Convert {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
        /// f32, f16 or int8.
        #[arg(long, value_name = "STORAGE")]
        storage: crate::search::Storage,
    },
}

/// `cbrd classes …`
#[derive(Debug, Subcommand)]
pub enum ClassesAction {
    /// List classes with their sample counts.
    List {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show the samples of one class (ids, sources, times).
    Show {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Class label.
        label: String,
    },
    /// Remove a class and all its samples.
    Remove {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Class label.
        label: String,
    },
    /// Rename a class.
    Rename {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Current label.
        old: String,
        /// New label.
        new: String,
    },
    /// Remove one sample by id (see `classes show`).
    RemoveSample {
        /// Index folder.
        #[command(flatten)]
        index: IndexArg,
        /// Sample id.
        id: u64,
    },
}

/// `cbrd bench`
#[derive(Debug, Args, Clone)]
pub struct BenchArgs {
    /// Models to measure (default: the configured model).
    #[arg(long, value_name = "FILE", num_args = 1.., value_delimiter = ',')]
    pub models: Vec<PathBuf>,
    /// Thread counts to measure.
    #[arg(long, value_name = "N", num_args = 1.., value_delimiter = ',', default_value = "1,2")]
    pub thread_counts: Vec<usize>,
    /// Images for preprocessing and end-to-end timing (default: tests/fixtures/photos/heldout).
    #[arg(long, value_name = "DIR")]
    pub images: Option<PathBuf>,
    /// Images enrolled for the end-to-end classify run (default: tests/fixtures/photos/enroll).
    #[arg(long, value_name = "DIR")]
    pub enroll: Option<PathBuf>,
    /// Timed Invoke calls per configuration.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub iterations: usize,
    /// Index sizes for the search timing.
    #[arg(long, value_name = "N", num_args = 1.., value_delimiter = ',', default_value = "1000,10000,100000")]
    pub index_sizes: Vec<usize>,
    /// Class counts for the exported-classifier timing (one synthetic sample per class; 0 = skip).
    #[arg(long, value_name = "N", num_args = 1.., value_delimiter = ',', default_value = "10000,100000")]
    pub export_classes: Vec<usize>,
    /// Matrix sizes (vectors) for the search per storage (f32, f16, int8) beside the
    /// memory-bandwidth floor and faiss (0 = skip). A storage whose matrix needs more than half
    /// the available memory is not run (and the table says so).
    #[arg(long, value_name = "N", num_args = 1.., value_delimiter = ',', default_value = "10000,100000,1000000")]
    pub search_sizes: Vec<usize>,
    /// Python of a venv with benches/faiss/requirements.txt (`deploy/python-env.sh bench`):
    /// faiss on the same vectors, up to 100 000 of them. Without it the faiss table says it
    /// was not run.
    #[arg(long, value_name = "PYTHON", env = "CBRD_BENCH_PYTHON")]
    pub faiss_python: Option<PathBuf>,
    /// Catalogue sizes (samples) for the enrollment-write and open timing (0 = skip)
    #[arg(long, value_name = "N", num_args = 1.., value_delimiter = ',', default_value = "1000,10000,100000")]
    pub catalogue_sizes: Vec<usize>,
}
