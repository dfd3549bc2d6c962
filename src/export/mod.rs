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

use std::io::{Cursor, Write};

use tflite_fbs::{metadata as md, tflite as fb};

use crate::decide::Aggregation;
use crate::embed::model_file::{self, CLASSIFIER_NAME, LABELS_FILE, ModelFileError};
use crate::index::Index;
/// The output tensor's name.
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
    /// Arithmetic.
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
    Shape {
        /// The model.
        model: String,
        /// What is wrong.
        what: String,
    },
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

/// Appends tensors, buffers, operator codes and operators to a model.
struct Graph {
    model: fb::Model,
    added: usize,
}

impl Graph {
    fn sg(&mut self) -> &mut fb::SubGraph {
        &mut self.model.subgraphs.get_or_insert_with(Vec::new)[0]
    }

    fn buffer(&mut self, data: Vec<u8>) -> u32 {
        let buffers = self.model.buffers.get_or_insert_with(Vec::new);
        if buffers.is_empty() {
            buffers.push(fb::Buffer::default()); // buffer 0: the empty sentinel
        }
        buffers.push(fb::Buffer { data: Some(data) });
        (buffers.len() - 1) as u32
    }

    fn tensor(
        &mut self,
        name: &str,
        shape: &[usize],
        ty: fb::TensorType,
        buffer: u32,
        quant: Option<(f32, i64)>,
    ) -> i32 {
        let quantization = quant.map(|(scale, zero)| {
            Box::new(fb::QuantizationParameters {
                scale: Some(vec![scale]),
                zero_point: Some(vec![zero]),
                ..Default::default()
            })
        });
        let tensors = self.sg().tensors.get_or_insert_with(Vec::new);
        tensors.push(fb::Tensor {
            shape: Some(shape.iter().map(|&d| d as i32).collect()),
            type_: ty,
            buffer,
            name: Some(name.to_string()),
            quantization,
            ..Default::default()
        });
        (tensors.len() - 1) as i32
    }

    /// DEQUANTIZE of `x` (int8 → version 2, uint8 → 1) into a new float32 tensor.
    fn dequantize(&mut self, x: i32, name: &str, shape: &[usize], from: fb::TensorType) -> i32 {
        let f = self.tensor(name, shape, fb::TensorType::Float32, 0, None);
        let version = if from == fb::TensorType::Int8 { 2 } else { 1 };
        let options = Some(fb::BuiltinOptions::DequantizeOptions(Box::default()));
        self.op(
            fb::BuiltinOperator::Dequantize,
            version,
            vec![x],
            vec![f],
            options,
        );
        f
    }

    fn constant_i32(&mut self, name: &str, shape: &[usize], values: &[i32]) -> i32 {
        let data = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let b = self.buffer(data);
        self.tensor(name, shape, fb::TensorType::Int32, b, None)
    }

    fn op(
        &mut self,
        code: fb::BuiltinOperator,
        version: i32,
        inputs: Vec<i32>,
        outputs: Vec<i32>,
        options: Option<fb::BuiltinOptions>,
    ) {
        let codes = self.model.operator_codes.get_or_insert_with(Vec::new);
        let opcode_index = match codes
            .iter()
            .position(|c| c.builtin_code == code && c.version == version && c.custom_code.is_none())
        {
            Some(i) => i,
            None => {
                codes.push(fb::OperatorCode {
                    deprecated_builtin_code: (code as i32).min(127) as i8,
                    builtin_code: code,
                    version,
                    custom_code: None,
                });
                codes.len() - 1
            }
        } as u32;
        self.sg()
            .operators
            .get_or_insert_with(Vec::new)
            .push(fb::Operator {
                opcode_index,
                inputs: Some(inputs),
                outputs: Some(outputs),
                builtin_options: options,
                ..Default::default()
            });
        self.added += 1;
    }
}

fn max_abs(values: impl Iterator<Item = f32>) -> f32 {
    values.fold(0f32, |m, v| m.max(v.abs()))
}

fn quantize(values: &[f32], scale: f32) -> Vec<u8> {
    values
        .iter()
        .map(|v| ((v / scale).round().clamp(-127.0, 127.0) as i8) as u8)
        .collect()
}

/// Builds the classifier from `model_bytes` (the embedding model the index was built with).
pub fn export(
    model_bytes: &[u8],
    index: &Index,
    opts: &ExportOptions,
) -> Result<Exported, ExportError> {
    let name = opts.model_name.as_str();
    if opts.aggregation == Aggregation::Knn {
        return Err(ExportError::Knn);
    }
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
    let dim = index.dim();

    // Rows of the FC layer and, for max, each class's member rows.
    let table = index.class_table();
    let vectors = index.vectors();
    let mut labels = Vec::new();
    let mut skipped_empty = Vec::new();
    let mut rows: Vec<f32> = Vec::new();
    let mut members: Vec<Vec<i32>> = Vec::new();
    for (pos, class) in index.classes().iter().enumerate() {
        let mine: Vec<usize> = (0..table.row_class.len())
            .filter(|&r| table.row_class[r] == pos)
            .collect();
        if mine.is_empty() {
            skipped_empty.push(class.label.clone());
            continue;
        }
        labels.push(class.label.clone());
        match opts.aggregation {
            Aggregation::Mean => {
                let mut proto = vec![0f32; dim];
                for &r in &mine {
                    for (p, v) in proto.iter_mut().zip(&vectors[r * dim..(r + 1) * dim]) {
                        *p += v;
                    }
                }
                crate::search::normalize(&mut proto);
                rows.extend_from_slice(&proto);
            }
            _ => {
                let first = (rows.len() / dim) as i32;
                for &r in &mine {
                    rows.extend_from_slice(&vectors[r * dim..(r + 1) * dim]);
                }
                members.push((first..first + mine.len() as i32).collect());
            }
        }
    }
    let n_rows = rows.len() / dim;
    let n_classes = labels.len();
    let estimate = rows.len()
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
    let mut x = output as i32;
    if out_type != fb::TensorType::Float32 {
        x = g.dequantize(x, "cbrd/embedding_float", &[1, dim], out_type);
    }
    let n = g.tensor(
        "cbrd/normalized",
        &[1, dim],
        fb::TensorType::Float32,
        0,
        None,
    );
    g.op(
        fb::BuiltinOperator::L2Normalization,
        1,
        vec![x],
        vec![n],
        Some(fb::BuiltinOptions::L2NormOptions(Box::default())),
    );

    // Non-negative embeddings (ReLU-pooled features) have cosines in [0, 1].
    let nonnegative = rows.iter().all(|v| *v >= 0.0)
        && match (&out_type, &out_quant) {
            (fb::TensorType::Int8, Some(q)) => {
                let s = q
                    .scale
                    .as_deref()
                    .unwrap_or_default()
                    .first()
                    .copied()
                    .unwrap_or(0.0);
                let z = q
                    .zero_point
                    .as_deref()
                    .unwrap_or_default()
                    .first()
                    .copied()
                    .unwrap_or(0);
                s > 0.0 && z == -128
            }
            (fb::TensorType::Uint8, Some(q)) => {
                q.zero_point
                    .as_deref()
                    .unwrap_or_default()
                    .first()
                    .copied()
                    .unwrap_or(1)
                    == 0
            }
            _ => false,
        };
    let fc_options = || Some(fb::BuiltinOptions::FullyConnectedOptions(Box::default()));
    let (score_type, score_quant, fc_version, gather_version, reduce_version) = match opts.precision
    {
        Precision::Float => (fb::TensorType::Float32, None, 1, 1, 1),
        Precision::Int8 => {
            let so = if nonnegative {
                (1.0 / 255.0, -128)
            } else {
                (1.0 / 127.0, 0)
            };
            (fb::TensorType::Int8, Some(so), 4, 2, 2)
        }
    };
    let query = match opts.precision {
        Precision::Float => n,
        Precision::Int8 => {
            // The query's largest component is like the enrolled vectors' (same model, same
            // normalisation); 10 % headroom, saturating beyond.
            let sq = (max_abs(vectors.iter().copied()) * 1.1).clamp(1e-6, 1.0) / 127.0;
            let q = g.tensor(
                "cbrd/normalized_q",
                &[1, dim],
                fb::TensorType::Int8,
                0,
                Some((sq, 0)),
            );
            g.op(
                fb::BuiltinOperator::Quantize,
                2,
                vec![n],
                vec![q],
                Some(fb::BuiltinOptions::QuantizeOptions(Box::default())),
            );
            q
        }
    };
    let weights = match opts.precision {
        Precision::Float => {
            let b = g.buffer(rows.iter().flat_map(|v| v.to_le_bytes()).collect());
            g.tensor(
                "cbrd/index",
                &[n_rows, dim],
                fb::TensorType::Float32,
                b,
                None,
            )
        }
        Precision::Int8 => {
            // One scale for the tensor: per-row scales would be more precise, but the fully
            // connected kernels of TFLite 2.9 (builtin and XNNPACK) do not support them.
            let sw = max_abs(rows.iter().copied()).max(1e-12) / 127.0;
            let b = g.buffer(quantize(&rows, sw));
            g.tensor(
                "cbrd/index",
                &[n_rows, dim],
                fb::TensorType::Int8,
                b,
                Some((sw, 0)),
            )
        }
    };
    let final_name = if opts.precision == Precision::Float {
        OUTPUT_NAME
    } else {
        "cbrd/scores_q"
    };
    // The fully connected layer whose weights are the index: one score per row (per class
    // for mean aggregation, whose rows are the class means; per sample otherwise).
    let (fc_name, fc_width) = if opts.aggregation == Aggregation::Mean {
        (final_name, n_classes)
    } else {
        ("cbrd/sample_scores", n_rows)
    };
    let s = g.tensor(fc_name, &[1, fc_width], score_type, 0, score_quant);
    g.op(
        fb::BuiltinOperator::FullyConnected,
        fc_version,
        vec![query, weights, -1],
        vec![s],
        fc_options(),
    );
    let scores = match opts.aggregation {
        Aggregation::Mean => s,
        _ => {
            let width = members.iter().map(Vec::len).max().unwrap_or(1);
            let flat: Vec<i32> = members
                .iter()
                .flat_map(|m| (0..width).map(move |i| m.get(i).copied().unwrap_or(m[0])))
                .collect();
            let idx = g.constant_i32("cbrd/class_members", &[n_classes, width], &flat);
            let gathered = g.tensor(
                "cbrd/member_scores",
                &[1, n_classes, width],
                score_type,
                0,
                score_quant,
            );
            g.op(
                fb::BuiltinOperator::Gather,
                gather_version,
                vec![s, idx],
                vec![gathered],
                Some(fb::BuiltinOptions::GatherOptions(Box::new(
                    fb::GatherOptions {
                        axis: 1,
                        batch_dims: 0,
                    },
                ))),
            );
            let axis = g.constant_i32("cbrd/reduce_axis", &[1], &[2]);
            let r = g.tensor(final_name, &[1, n_classes], score_type, 0, score_quant);
            g.op(
                fb::BuiltinOperator::ReduceMax,
                reduce_version,
                vec![gathered, axis],
                vec![r],
                Some(fb::BuiltinOptions::ReducerOptions(Box::new(
                    fb::ReducerOptions { keep_dims: false },
                ))),
            );
            r
        }
    };
    let out = if opts.precision == Precision::Int8 {
        g.dequantize(scores, OUTPUT_NAME, &[1, n_classes], fb::TensorType::Int8)
    } else {
        scores
    };
    let ops_added = g.added;
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
        name
    ));
    // TFLite Metadata (replacing any the embedding model had).
    let meta = metadata(opts, &input_name, input_type, n_classes)?;
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
    let ops_total = model
        .subgraphs
        .as_deref()
        .and_then(|s| s.first())
        .and_then(|s| s.operators.as_deref())
        .map_or(0, <[_]>::len);
    debug_assert_eq!(ops_total, ops_before + ops_added);

    let mut builder = planus::Builder::with_capacity(estimate + (1 << 20));
    let mut bytes = with_identifier(builder.finish(&model, None), *b"TFL3");
    drop(builder);
    append_labels(&mut bytes, &labels)?;
    Ok(Exported {
        bytes,
        labels,
        rows: n_rows,
        ops_added,
        ops_total,
        skipped_empty,
    })
}

fn metadata(
    opts: &ExportOptions,
    input_name: &str,
    input_type: fb::TensorType,
    classes: usize,
) -> Result<Vec<u8>, ExportError> {
    let input = md::TensorMetadata {
        name: Some(input_name.to_string()),
        description: Some(
            "RGB image, NHWC, pixel values 0..255 (normalisation as given below). Centre-crop the \
             picture to a square and resize it (bilinear) to the input size, as cbrd does."
                .into(),
        ),
        content: Some(Box::new(md::Content {
            content_properties: Some(md::ContentProperties::ImageProperties(Box::new(
                md::ImageProperties {
                    color_space: md::ColorSpaceType::Rgb,
                    default_size: None,
                },
            ))),
            range: None,
        })),
        process_units: (input_type == fb::TensorType::Float32).then(|| {
            vec![md::ProcessUnit {
                options: Some(md::ProcessUnitOptions::NormalizationOptions(Box::new(
                    md::NormalizationOptions {
                        mean: Some(vec![opts.input_mean]),
                        std: Some(vec![opts.input_std]),
                    },
                ))),
            }]
        }),
        stats: Some(Box::new(md::Stats {
            max: Some(vec![255.0]),
            min: Some(vec![0.0]),
        })),
        ..Default::default()
    };
    let output = md::TensorMetadata {
        name: Some(OUTPUT_NAME.into()),
        description: Some(format!(
            "[1, {classes}] float32: the cosine similarity of the image to each class ({} aggregation); \
             class names in labels.txt, in order. cbrd calls a result unknown below 0.5 or when the \
             best two are within 0.02.",
            opts.aggregation
        )),
        content: Some(Box::new(md::Content {
            content_properties: Some(md::ContentProperties::FeatureProperties(Box::default())),
            range: None,
        })),
        stats: Some(Box::new(md::Stats {
            max: Some(vec![1.0]),
            min: Some(vec![-1.0]),
        })),
        associated_files: Some(vec![md::AssociatedFile {
            name: Some(LABELS_FILE.into()),
            description: Some("Class labels, one per line, in output order.".into()),
            type_: md::AssociatedFileType::TensorAxisLabels,
            ..Default::default()
        }]),
        ..Default::default()
    };
    let meta = md::ModelMetadata {
        name: Some(CLASSIFIER_NAME.into()),
        description: Some(format!(
            "Classification by retrieval, exported by cbrd {} from the embedding model {} and an index \
             of {classes} classes: no training, the retrieval layers hold the enrolled embeddings.",
            env!("CARGO_PKG_VERSION"),
            opts.model_name
        )),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        subgraph_metadata: Some(vec![md::SubGraphMetadata {
            name: Some("cbrd_classifier".into()),
            input_tensor_metadata: Some(vec![input]),
            output_tensor_metadata: Some(vec![output]),
            ..Default::default()
        }]),
        author: Some("cbrd".into()),
        license: Some(
            "Apache-2.0 (base model: EfficientNet-Lite0 ImageNet weights, Apache-2.0, see models/README.md)".into(),
        ),
        min_parser_version: Some("1.0.0".into()),
        ..Default::default()
    };
    let mut b = planus::Builder::new();
    Ok(with_identifier(b.finish(&meta, None), *b"M001"))
}

/// A finished flatbuffer (root uoffset at byte 0, no identifier) with the file identifier put
/// at bytes 4..8 where readers look for it. (planus 1.3 writes the identifier *before* the
/// root offset.) Everything moves 16 bytes later, which keeps every alignment up to 16, and
/// the root offset grows by 16; all other offsets are relative and stay valid.
fn with_identifier(finished: &[u8], ident: [u8; 4]) -> Vec<u8> {
    let root = u32::from_le_bytes([finished[0], finished[1], finished[2], finished[3]]);
    let mut out = Vec::with_capacity(finished.len() + 16);
    out.extend_from_slice(&(root + 16).to_le_bytes());
    out.extend_from_slice(&ident);
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(finished);
    out
}

/// Appends `labels.txt` as a zip archive after the flatbuffer (how TFLite Metadata packs
/// associated files: the model file is also a valid zip).
fn append_labels(bytes: &mut Vec<u8>, labels: &[String]) -> Result<(), ExportError> {
    let enc = |e: zip::result::ZipError| ExportError::Encode(e.to_string());
    let mut cursor = Cursor::new(std::mem::take(bytes));
    cursor.set_position(cursor.get_ref().len() as u64);
    {
        let mut zw = zip::ZipWriter::new(&mut cursor);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zw.start_file(LABELS_FILE, opts).map_err(enc)?;
        let mut text = labels.join("\n");
        text.push('\n');
        zw.write_all(text.as_bytes())
            .map_err(|e| ExportError::Encode(e.to_string()))?;
        zw.finish().map_err(enc)?;
    }
    *bytes = cursor.into_inner();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_goes_after_the_root_offset() {
        let meta = md::ModelMetadata {
            name: Some("x".into()),
            ..Default::default()
        };
        let mut b = planus::Builder::new();
        // planus aligns from the start of its output (padding is decided at finish), so a
        // 16-byte shift keeps every alignment.
        let bytes = with_identifier(b.finish(&meta, None), *b"M001");
        assert_eq!(&bytes[4..8], b"M001");
        let root = u32::from_le_bytes(bytes[0..4].try_into().unwrap());
        assert_eq!(root % 4, 0, "the root table stays 4-aligned");
        let back = <md::ModelMetadataRef as planus::ReadAsRoot>::read_as_root(&bytes).unwrap();
        assert_eq!(back.name().unwrap(), Some("x"));
    }

    #[test]
    fn int8_quantisation_saturates_and_rounds() {
        assert_eq!(
            quantize(&[0.0, 0.5, -0.5, 2.0, -2.0], 0.5 / 127.0),
            vec![0, 127, (-127i8) as u8, 127, (-127i8) as u8]
        );
        assert_eq!(max_abs([0.1, -0.3, 0.2].into_iter()), 0.3);
    }
}
