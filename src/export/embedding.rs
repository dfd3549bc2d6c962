//! The embedding model an export starts from: checked against the index (same model, same
//! preprocessing, same dimension; the index has samples) and read into the flatbuffer object
//! model, with the facts of its input and output tensors that the retrieval layers need.

use tflite_fbs::tflite as fb;

use super::{ExportError, ExportOptions};
use crate::embed::model_file;
use crate::index::Index;

/// What [`super::export`] needs of the embedding model's one subgraph.
pub(super) struct Embedding {
    /// Index of the embedding (the subgraph's one output) in the subgraph's tensors.
    pub(super) output: usize,
    pub(super) out_type: fb::TensorType,
    pub(super) out_quant: Option<Box<fb::QuantizationParameters>>,
    pub(super) input_type: fb::TensorType,
    /// The image input's name ("image" if the model names none).
    pub(super) input_name: String,
    /// Operators in the embedding model, before any is appended.
    pub(super) ops_before: usize,
}

/// Reads `model_bytes` (the whole model, to append the retrieval layers to, and its facts) after
/// checking that `index` was built with that model and has samples.
pub(super) fn read(
    model_bytes: &[u8],
    index: &Index,
    opts: &ExportOptions,
) -> Result<(fb::Model, Embedding), ExportError> {
    let name = opts.model_name.as_str();
    let of_model = |e| ExportError::of_model(name, e);
    let identity = model_file::identity_of(model_bytes, name, opts.input_mean, opts.input_std)
        .map_err(of_model)?;
    if identity.fingerprint() != index.fingerprint() || identity.dim != index.dim() {
        return Err(ExportError::ModelMismatch {
            built: crate::index::store::describe_model(index.identity()),
            given: crate::index::store::describe_model(&identity),
        });
    }
    if index.samples().is_empty() {
        return Err(ExportError::EmptyIndex);
    }
    let io = model_file::embedding_io(model_bytes).map_err(of_model)?;
    let (input, output) = (io.input, io.output);
    let model = model_file::read(model_bytes).map_err(of_model)?;
    let sg = &model.subgraphs.as_deref().unwrap_or_default()[0];
    let tensors = sg.tensors.as_deref().unwrap_or_default();
    let (out_type, out_quant) = (tensors[output].type_, tensors[output].quantization.clone());
    let input_type = tensors[input].type_;
    let input_name = tensors[input]
        .name
        .clone()
        .unwrap_or_else(|| "image".into());
    let ops_before = sg.operators.as_deref().map_or(0, <[_]>::len);
    let embedding = Embedding {
        output,
        out_type,
        out_quant,
        input_type,
        input_name,
        ops_before,
    };
    Ok((model, embedding))
}
