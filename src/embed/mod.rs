//! The embedding stage: a model-input-sized RGB image → an L2-normalised vector.
//!
//! [`Embedder`] is the seam (a fake in tests, TFLite in the product). [`TfliteEmbedder`] runs
//! a `.tflite` model through the run-time-loaded TFLite C library ([`tflite`]), reading the
//! input/output element types and quantisation from the model itself.

pub mod library_file;
pub mod model_file;
pub mod tflite;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use image::RgbImage;
use sha2::{Digest, Sha256};

use crate::preprocess::{self, InputFormat, Params};
use tflite::{Delegate, Interpreter, Model, Runtime, TensorInfo, TensorType};

/// Default EdgeTPU delegate library (Coral's `libedgetpu1-std` package on 64-bit Arm).
pub const DEFAULT_EDGETPU_LIBRARY: &str = "/usr/lib/aarch64-linux-gnu/libedgetpu.so.1";

/// Errors of the embedding stage.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error(transparent)]
    Tflite(#[from] tflite::TfliteError),
    /// The model file is missing, unreadable or unsuitable.
    #[error("model {path}: {reason}")]
    Model {
        path: PathBuf,
        /// What is wrong and what to do.
        reason: String,
    },
    /// The image does not fit the model input.
    #[error("{0}")]
    Input(String),
}

/// Identity of a model + preprocessing, stored in every index so that vectors from different
/// models are never mixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelIdentity {
    /// The model's file name (for messages only).
    pub file_name: String,
    /// sha256 of the model file, hex.
    pub model_sha256: String,
    /// [`Params::describe`] of the preprocessing.
    pub preprocessing: String,
    pub dim: usize,
}

impl ModelIdentity {
    /// The identity of the model file `bytes` run with `params`: the one rule for a model's
    /// identity, used by the runtime ([`TfliteEmbedder`]) and by the file reader
    /// ([`model_file::identity_of`]).
    pub fn new(file_name: &str, bytes: &[u8], params: &Params, dim: usize) -> ModelIdentity {
        Self::of_digest(file_name, sha256_hex(bytes), params, dim)
    }

    /// [`ModelIdentity::new`] with the file's sha256 (hex) already computed.
    pub fn of_digest(
        file_name: &str,
        model_sha256: String,
        params: &Params,
        dim: usize,
    ) -> ModelIdentity {
        ModelIdentity {
            file_name: file_name.to_string(),
            model_sha256,
            preprocessing: params.describe(),
            dim,
        }
    }

    /// sha256 over the model hash and the preprocessing description: the fingerprint that an
    /// index is bound to.
    pub fn fingerprint(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.model_sha256.as_bytes());
        h.update(b"\n");
        h.update(self.preprocessing.as_bytes());
        h.finalize().into()
    }
}

/// sha256 of bytes as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Turns an image of the model's input size into an L2-normalised embedding.
pub trait Embedder {
    /// Preprocessing parameters (input size, normalisation).
    fn params(&self) -> Params;
    /// The model's identity (for the index fingerprint).
    fn identity(&self) -> &ModelIdentity;
    /// Embeds one image whose size is `params().width × params().height`. For an exported
    /// classifier ([`Embedder::labels`] is `Some`) the result is one score per class instead.
    fn embed(&mut self, rgb: &RgbImage) -> Result<Vec<f32>, EmbedError>;
    /// The class labels when the model is a classifier made by `cbrd export` (a frozen
    /// catalogue: no index is needed), else `None`.
    fn labels(&self) -> Option<&[String]> {
        None
    }
}

/// Options for [`TfliteEmbedder::new`] (validated config values).
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedderOptions {
    /// The `.tflite` model.
    pub model: PathBuf,
    /// Explicit TFLite C library, if configured.
    pub library: Option<PathBuf>,
    /// CPU threads for the interpreter and XNNPACK.
    pub threads: usize,
    /// Use the XNNPACK delegate.
    pub xnnpack: bool,
    /// EdgeTPU external delegate settings, if enabled.
    pub edgetpu: Option<EdgeTpuOptions>,
    /// Pixel normalisation outside the graph: `(p - mean) / std`.
    pub input_mean: f32,
    /// See `input_mean`.
    pub input_std: f32,
}

/// The EdgeTPU (or any TFLite external delegate plugin) settings.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeTpuOptions {
    /// The plugin library (`libedgetpu.so.1`).
    pub library: PathBuf,
    /// `key=value` options handed to `tflite_plugin_create_delegate` (e.g. `device=usb`).
    pub options: Vec<(String, String)>,
}

/// How the output tensor stores the embedding.
#[derive(Debug, Clone, Copy, PartialEq)]
enum OutputFormat {
    Float32,
    Int8 { scale: f32, zero_point: i32 },
    UInt8 { scale: f32, zero_point: i32 },
}

/// A TFLite model as an [`Embedder`].
pub struct TfliteEmbedder {
    interpreter: Interpreter,
    runtime: Arc<Runtime>,
    params: Params,
    input: InputFormat,
    output: OutputFormat,
    input_info: TensorInfo,
    output_info: TensorInfo,
    identity: ModelIdentity,
    threads: usize,
    last_invoke: Duration,
    labels: Option<Vec<String>>,
    created_in: Duration,
}

impl std::fmt::Debug for TfliteEmbedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TfliteEmbedder")
            .field("identity", &self.identity)
            .finish()
    }
}

fn model_err(path: &Path, reason: impl Into<String>) -> EmbedError {
    EmbedError::Model {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

impl TfliteEmbedder {
    /// Loads the runtime and the model, sets up delegates and checks the tensors.
    pub fn new(opts: &EmbedderOptions) -> Result<TfliteEmbedder, EmbedError> {
        let path = &opts.model;
        let bytes = std::fs::read(path).map_err(|e| {
            model_err(
                path,
                format!(
                    "cannot read the model file: {e}. Set model.path in the config or pass --model"
                ),
            )
        })?;
        let facts = model_file::inspect(&bytes).map_err(|e| model_err(path, e.to_string()))?;
        if facts.subgraphs != 1 {
            return Err(model_err(
                path,
                format!(
                    "has {} subgraphs; an embedding model must have exactly one",
                    facts.subgraphs
                ),
            ));
        }
        let needs_tpu = facts.needs_edgetpu();
        if needs_tpu && opts.edgetpu.is_none() {
            return Err(model_err(
                path,
                format!(
                    "was compiled for the EdgeTPU (it contains the custom op `{}`), but the EdgeTPU is \
                     not enabled: set [edgetpu] enabled = true in the config (or --edgetpu), or use \
                     the CPU model",
                    model_file::EDGETPU_CUSTOM_OP
                ),
            ));
        }
        if !needs_tpu && opts.edgetpu.is_some() {
            tracing::warn!(
                model = %path.display(),
                "EdgeTPU is enabled but the model has no `{}` op: running it on the CPU",
                model_file::EDGETPU_CUSTOM_OP
            );
        }
        let labels = model_file::classifier_labels(&bytes);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Hashed before the runtime takes the bytes; the input size and the dimension come
        // from the interpreter below.
        let model_sha256 = sha256_hex(&bytes);
        let runtime = Runtime::load(opts.library.as_deref())?;
        let model = Model::from_bytes(&runtime, bytes, path)?;

        let make_delegates = |xnnpack: bool| -> Result<Vec<Delegate>, EmbedError> {
            let mut ds = Vec::new();
            if let (true, Some(tpu)) = (needs_tpu, &opts.edgetpu) {
                ds.push(Delegate::external(&runtime, &tpu.library, &tpu.options)?);
            }
            if xnnpack {
                match Delegate::xnnpack(&runtime, opts.threads) {
                    Some(d) => ds.push(d),
                    None => tracing::warn!(
                        library = %runtime.path().display(),
                        "XNNPACK delegate unavailable in this TFLite library; using the builtin kernels"
                    ),
                }
            }
            Ok(ds)
        };
        let started = Instant::now();
        let interpreter = match Interpreter::new(
            &model,
            opts.threads,
            make_delegates(opts.xnnpack)?,
        ) {
            Ok(i) => i,
            // Retry without XNNPACK; blame it only if that is what made the difference.
            Err(first) if opts.xnnpack => {
                let i = Interpreter::new(&model, opts.threads, make_delegates(false)?)?;
                tracing::warn!(error = %first, "XNNPACK could not take the model; using the builtin kernels");
                i
            }
            Err(e) => return Err(e.into()),
        };
        let created_in = started.elapsed();
        if interpreter.input_count() != 1 || interpreter.output_count() != 1 {
            return Err(model_err(
                path,
                format!(
                    "has {} inputs and {} outputs; an embedding model needs one image input and one vector output",
                    interpreter.input_count(),
                    interpreter.output_count()
                ),
            ));
        }
        let input_info = interpreter.input_info(0)?;
        let output_info = interpreter.output_info(0)?;
        let (width, height) = match input_info.shape.as_slice() {
            [1, h, w, 3] => (*w as u32, *h as u32),
            s => {
                return Err(model_err(
                    path,
                    format!("input tensor shape {s:?} is not [1, height, width, 3] (NHWC RGB)"),
                ));
            }
        };
        let input = match (input_info.dtype, input_info.quant) {
            (TensorType::Float32, _) => InputFormat::Float32,
            (TensorType::UInt8, Some((scale, zero_point))) => {
                InputFormat::UInt8 { scale, zero_point }
            }
            (TensorType::UInt8, None) => InputFormat::UInt8 {
                scale: 1.0,
                zero_point: 0,
            },
            (TensorType::Int8, Some((scale, zero_point))) => {
                InputFormat::Int8 { scale, zero_point }
            }
            (t, q) => {
                return Err(model_err(
                    path,
                    format!("unsupported input tensor type {t} (quantisation {q:?})"),
                ));
            }
        };
        let dim = output_info.shape.iter().product::<usize>();
        if dim == 0 || output_info.shape.iter().filter(|&&d| d != 1).count() > 1 {
            return Err(model_err(
                path,
                format!(
                    "output tensor shape {:?} is not a single vector [1, D]",
                    output_info.shape
                ),
            ));
        }
        let output = match (output_info.dtype, output_info.quant) {
            (TensorType::Float32, _) => OutputFormat::Float32,
            (TensorType::Int8, Some((scale, zero_point))) => {
                OutputFormat::Int8 { scale, zero_point }
            }
            (TensorType::UInt8, Some((scale, zero_point))) => {
                OutputFormat::UInt8 { scale, zero_point }
            }
            (t, q) => {
                return Err(model_err(
                    path,
                    format!("unsupported output tensor type {t} (quantisation {q:?})"),
                ));
            }
        };
        if let Some(l) = &labels
            && (output_info.dtype != TensorType::Float32 || dim != l.len())
        {
            return Err(model_err(
                path,
                format!(
                    "is marked as a cbrd classifier with {} labels, but its output is {:?} {}",
                    l.len(),
                    output_info.shape,
                    output_info.dtype
                ),
            ));
        }
        let params = Params {
            width,
            height,
            mean: opts.input_mean,
            std: opts.input_std,
        };
        let identity = ModelIdentity::of_digest(&file_name, model_sha256, &params, dim);
        Ok(TfliteEmbedder {
            interpreter,
            runtime,
            params,
            input,
            output,
            input_info,
            output_info,
            identity,
            threads: opts.threads,
            last_invoke: Duration::ZERO,
            labels,
            created_in,
        })
    }

    /// The loaded runtime (version, library path).
    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// Names of the delegates in use (`xnnpack`, `external:…`); empty means builtin kernels.
    pub fn delegates(&self) -> Vec<String> {
        self.interpreter.delegate_names()
    }

    /// Facts of the input tensor.
    pub fn input_info(&self) -> &TensorInfo {
        &self.input_info
    }

    /// Facts of the output tensor.
    pub fn output_info(&self) -> &TensorInfo {
        &self.output_info
    }

    /// CPU threads in use.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Runs the interpreter on whatever the input tensor holds; for benchmarks of pure
    /// `Invoke` time.
    pub fn invoke_only(&mut self) -> Result<Duration, EmbedError> {
        let t = Instant::now();
        self.interpreter.invoke()?;
        Ok(t.elapsed())
    }

    /// Time `TfLiteInterpreterCreate` + `AllocateTensors` took (delegates included).
    pub fn created_in(&self) -> Duration {
        self.created_in
    }

    /// Duration of the last `Invoke` made by [`Embedder::embed`].
    pub fn last_invoke(&self) -> Duration {
        self.last_invoke
    }
}

/// Dequantises the raw output bytes and L2-normalises them.
fn read_output(bytes: &[u8], format: OutputFormat) -> Result<Vec<f32>, EmbedError> {
    let mut v: Vec<f32> = match format {
        OutputFormat::Float32 => bytes
            .chunks_exact(4)
            .map(|c| f32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
        OutputFormat::Int8 { scale, zero_point } => bytes
            .iter()
            .map(|&b| (i32::from(b as i8) - zero_point) as f32 * scale)
            .collect(),
        OutputFormat::UInt8 { scale, zero_point } => bytes
            .iter()
            .map(|&b| (i32::from(b) - zero_point) as f32 * scale)
            .collect(),
    };
    if !crate::search::normalize(&mut v) {
        return Err(EmbedError::Input(
            "the model produced an all-zero (or non-finite) embedding for this image".into(),
        ));
    }
    Ok(v)
}

impl Embedder for TfliteEmbedder {
    fn params(&self) -> Params {
        self.params
    }

    fn identity(&self) -> &ModelIdentity {
        &self.identity
    }

    fn embed(&mut self, rgb: &RgbImage) -> Result<Vec<f32>, EmbedError> {
        if rgb.dimensions() != (self.params.width, self.params.height) {
            return Err(EmbedError::Input(format!(
                "image is {}×{}, the model takes {}×{}",
                rgb.width(),
                rgb.height(),
                self.params.width,
                self.params.height
            )));
        }
        let (input, mean, std) = (self.input, self.params.mean, self.params.std);
        let dst = self.interpreter.input_bytes_mut(0)?;
        preprocess::write_input(rgb.as_raw(), input, mean, std, dst).map_err(EmbedError::Input)?;
        let t = Instant::now();
        self.interpreter.invoke()?;
        self.last_invoke = t.elapsed();
        let bytes = self.interpreter.output_bytes(0)?;
        if self.labels.is_some() {
            // Class scores: no normalisation (the classifier's output is float32).
            return Ok(bytes
                .chunks_exact(4)
                .map(|c| f32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
                .collect());
        }
        read_output(bytes, self.output)
    }

    fn labels(&self) -> Option<&[String]> {
        self.labels.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_dequantisation_and_normalisation() {
        let v = read_output(
            &[3u8, 4],
            OutputFormat::UInt8 {
                scale: 0.5,
                zero_point: 0,
            },
        )
        .unwrap();
        assert!((v[0] - 0.6).abs() < 1e-6 && (v[1] - 0.8).abs() < 1e-6);
        let v = read_output(
            &[(-128i8) as u8, (-125i8) as u8],
            OutputFormat::Int8 {
                scale: 0.1,
                zero_point: -128,
            },
        )
        .unwrap();
        assert_eq!(v, vec![0.0, 1.0]);
        let mut f = Vec::new();
        for x in [0.0f32, -2.0] {
            f.extend_from_slice(&x.to_ne_bytes());
        }
        assert_eq!(
            read_output(&f, OutputFormat::Float32).unwrap(),
            vec![0.0, -1.0]
        );
        assert!(
            read_output(
                &[0u8, 0],
                OutputFormat::UInt8 {
                    scale: 1.0,
                    zero_point: 0
                }
            )
            .is_err()
        );
    }

    #[test]
    fn fingerprint_depends_on_model_and_preprocessing() {
        let a = ModelIdentity {
            file_name: "m.tflite".into(),
            model_sha256: "aa".into(),
            preprocessing: "p1".into(),
            dim: 4,
        };
        let b = ModelIdentity {
            preprocessing: "p2".into(),
            ..a.clone()
        };
        let c = ModelIdentity {
            model_sha256: "ab".into(),
            ..a.clone()
        };
        let renamed = ModelIdentity {
            file_name: "other.tflite".into(),
            ..a.clone()
        };
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert_ne!(a.fingerprint(), c.fingerprint());
        assert_eq!(a.fingerprint(), renamed.fingerprint());
    }
}
