//! `cbrd export`: a standalone classification-by-retrieval `.tflite` classifier.
//!
//! The embedding model's graph is kept as it is and the retrieval layers are appended to its
//! one subgraph, in a **constant number of operators** whatever the number of classes:
//!
//! ```text
//! embedding [1,D] ─(DEQUANTIZE)─► L2_NORMALIZATION ─(QUANTIZE, int8)─► FULLY_CONNECTED (W: [R,D])
//!   max:  ─► GATHER axis 1 (members: [C,M]) ─► REDUCE_MAX axis 2 ─(DEQUANTIZE, int8)─► scores [1,C]
//!   mean: ───────────────────────────────────────────────────────(DEQUANTIZE, int8)─► scores [1,C]
//! ```
//!
//! - `max`: the rows of W are the enrolled vectors; `members[c]` lists the rows of class `c`,
//!   padded to the largest class by repeating one of its own rows (a repeat does not change a
//!   maximum). This replaces the seed's per-class EMBEDDING_LOOKUP + REDUCE_MAX pairs, whose
//!   O(classes) op count made interpreter creation take seconds.
//! - `mean`: the class prototypes (normalised class means) are the rows of W: the FC output is
//!   already one score per class.
//! - int8: the query is quantised with a scale chosen from the data (the largest component of
//!   the enrolled vectors, +10 %), the weights per tensor with their max-abs, the scores with
//!   their range ([0, 1] when every vector is non-negative, else [-1, 1]); the output is
//!   dequantised, so every variant outputs float32 cosine scores `[1, num_classes]`.
//!
//! TFLite Metadata (name, description, version, licence, input normalisation, the labels as a
//! `TENSOR_AXIS_LABELS` file `labels.txt` zipped after the flatbuffer) lets the TFLite Task
//! Library `ImageClassifier`, LiteRT and cbrd itself use the model directly.

mod embedding;
mod graph;
mod layers;
mod metadata;
mod rows;
#[cfg(test)]
mod tests;

use tflite_fbs::tflite as fb;

use crate::decide::Aggregation;
use crate::embed::model_file::ModelFileError;
use crate::index::Index;
use embedding::Embedding;
use graph::Graph;

/// Name of the float32 scores tensor: the classifier's output and its signature's.
pub const OUTPUT_NAME: &str = "scores";

/// Arithmetic of the retrieval layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// float32 weights and scores.
    Float,
    /// int8 weights and arithmetic, float32 output.
    Int8,
}

/// What to export.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportOptions {
    pub precision: Precision,
    /// `Max` or `Mean` (`Knn` cannot be expressed as a fixed layer).
    pub aggregation: Aggregation,
    /// Pixel normalisation the index was built with (part of its fingerprint).
    pub input_mean: f32,
    /// See `input_mean`.
    pub input_std: f32,
    /// The embedding model's file name (for messages and metadata).
    pub model_name: String,
}

/// What was exported.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    /// The `.tflite` file (flatbuffer + zipped label file).
    pub bytes: Vec<u8>,
    /// The class labels, in output order.
    pub labels: Vec<String>,
    /// Rows of the fully connected layer.
    pub rows: usize,
    /// Operators appended to the embedding model.
    pub ops_added: usize,
    /// Operators in the whole model.
    pub ops_total: usize,
    /// Classes left out because they have no samples.
    pub skipped_empty: Vec<String>,
}

/// Why a model could not be exported (or read back).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Not a TFLite flatbuffer.
    #[error("{0} is not a TensorFlow Lite model: {1}")]
    NotTflite(String, String),
    /// Not exactly one subgraph / input / output.
    #[error(
        "{model}: {what}; an embedding model for export needs exactly one subgraph with one image input and one vector output"
    )]
    Shape { model: String, what: String },
    /// The index was built with another model.
    #[error(
        "the index was built with model {built}, not with {given}; export needs the model the index was built with (--model)"
    )]
    ModelMismatch {
        /// The index's model.
        built: String,
        /// The given model.
        given: String,
    },
    /// Nothing to export.
    #[error("the index has no samples: enroll classes first")]
    EmptyIndex,
    /// kNN voting has no fixed-layer form.
    #[error("aggregation knn cannot be exported (it is not a fixed layer); use max or mean")]
    Knn,
    /// The output would not fit a flatbuffer.
    #[error(
        "the classifier would be {0} bytes, over the 2 GiB flatbuffer limit; use --int8 or fewer samples"
    )]
    TooBig(usize),
    /// Zip/metadata encoding problem.
    #[error("cannot encode the model: {0}")]
    Encode(String),
}

impl ExportError {
    fn of_model(name: &str, e: ModelFileError) -> ExportError {
        match e {
            ModelFileError::Shape(what) => ExportError::Shape {
                model: name.to_string(),
                what,
            },
            e => ExportError::NotTflite(name.to_string(), e.to_string()),
        }
    }
}

/// Builds the classifier from `model_bytes` (the embedding model the index was built with).
pub fn export(
    model_bytes: &[u8],
    index: &Index,
    opts: &ExportOptions,
) -> Result<Exported, ExportError> {
    if opts.aggregation == Aggregation::Knn {
        return Err(ExportError::Knn);
    }
    let (model, embedding) = embedding::read(model_bytes, index, opts)?;
    let rows = rows::of(index, opts.aggregation);
    let n_rows = rows.values.len() / index.dim();
    let estimate = rows.values.len()
        * if opts.precision == Precision::Float {
            4
        } else {
            1
        }
        + model_bytes.len();
    if estimate > (1 << 31) - (64 << 20) {
        return Err(ExportError::TooBig(estimate));
    }

    let mut g = Graph { model, added: 0 };
    let out = layers::append(&mut g, &embedding, &rows, index, opts);
    let ops_added = g.added;
    let model = classifier_model(g, out, &embedding, rows.labels.len(), opts)?;
    let ops_total = model
        .subgraphs
        .as_deref()
        .and_then(|s| s.first())
        .and_then(|s| s.operators.as_deref())
        .map_or(0, <[_]>::len);
    debug_assert_eq!(ops_total, embedding.ops_before + ops_added);

    let mut builder = planus::Builder::with_capacity(estimate + (1 << 20));
    let mut bytes = metadata::with_identifier(builder.finish(&model, None), *b"TFL3");
    drop(builder);
    metadata::append_labels(&mut bytes, &rows.labels)?;
    Ok(Exported {
        bytes,
        labels: rows.labels,
        rows: n_rows,
        ops_added,
        ops_total,
        skipped_empty: rows.skipped_empty,
    })
}

/// Makes `out` (the scores) the output of the subgraph and of its signatures, and describes
/// the classifier: the model description and TFLite Metadata (replacing any the embedding
/// model had).
fn classifier_model(
    mut g: Graph,
    out: i32,
    embedding: &Embedding,
    n_classes: usize,
    opts: &ExportOptions,
) -> Result<fb::Model, ExportError> {
    {
        let sg = g.sg();
        sg.outputs = Some(vec![out]);
        sg.name = Some("cbrd_classifier".into());
    }
    let mut model = g.model;
    // The signature's output is now the scores tensor.
    if let Some(sigs) = model.signature_defs.as_mut() {
        for s in sigs.iter_mut() {
            s.outputs = Some(vec![fb::TensorMap {
                name: Some(OUTPUT_NAME.into()),
                tensor_index: out as u32,
            }]);
        }
    }
    model.description = Some(format!(
        "cbrd classification-by-retrieval classifier: {n_classes} classes, {} aggregation, {} retrieval layers, on {}",
        opts.aggregation,
        if opts.precision == Precision::Float {
            "float32"
        } else {
            "int8"
        },
        opts.model_name
    ));
    // TFLite Metadata (replacing any the embedding model had).
    let meta = metadata::metadata(opts, &embedding.input_name, embedding.input_type, n_classes)?;
    let mut g = Graph { model, added: 0 };
    let b = g.buffer(meta);
    let mut model = g.model;
    let mut entries: Vec<fb::Metadata> = model
        .metadata
        .take()
        .unwrap_or_default()
        .into_iter()
        .filter(|m| m.name.as_deref() != Some("TFLITE_METADATA"))
        .collect();
    entries.push(fb::Metadata {
        name: Some("TFLITE_METADATA".into()),
        buffer: b,
    });
    model.metadata = Some(entries);
    Ok(model)
}
