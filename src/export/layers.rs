//! The retrieval layers appended after the embedding (the diagram in [`super`]): normalise the
//! embedding, (int8: quantise it,) one fully connected layer whose weights are the index rows,
//! (max: gather each class's member scores and take their maximum,) (int8: dequantise the
//! scores). The number of operators does not depend on the number of classes.

use tflite_fbs::tflite as fb;

use super::embedding::Embedding;
use super::graph::{Graph, max_abs, quantize};
use super::rows::Rows;
use super::{ExportOptions, OUTPUT_NAME, Precision};
use crate::decide::Aggregation;
use crate::index::Index;

/// Element type, quantisation and operator versions of the score tensors.
struct ScoreFormat {
    ty: fb::TensorType,
    quant: Option<(f32, i64)>,
    fc_version: i32,
    gather_version: i32,
    reduce_version: i32,
}

impl ScoreFormat {
    fn of(precision: Precision, nonnegative: bool) -> ScoreFormat {
        let (ty, quant, fc_version, gather_version, reduce_version) = match precision {
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
        ScoreFormat {
            ty,
            quant,
            fc_version,
            gather_version,
            reduce_version,
        }
    }
}

/// Appends the retrieval layers to `g`'s subgraph, reading the embedding output; returns the
/// float32 `[1, classes]` scores tensor.
pub(super) fn append(
    g: &mut Graph,
    embedding: &Embedding,
    rows: &Rows,
    index: &Index,
    opts: &ExportOptions,
) -> i32 {
    let dim = index.dim();
    let n_rows = rows.values.len() / dim;
    let n_classes = rows.labels.len();
    let n = normalized(g, embedding, dim);
    let format = ScoreFormat::of(opts.precision, nonnegative(&rows.values, embedding));
    let query = query(g, n, opts.precision, &index.vectors().to_f32(), dim);
    let weights = weights(g, &rows.values, opts.precision, n_rows, dim);
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
    let s = g.tensor(fc_name, &[1, fc_width], format.ty, 0, format.quant);
    g.op(
        fb::BuiltinOperator::FullyConnected,
        format.fc_version,
        vec![query, weights, -1],
        vec![s],
        Some(fb::BuiltinOptions::FullyConnectedOptions(Box::default())),
    );
    let scores = match opts.aggregation {
        Aggregation::Mean => s,
        _ => max_of_members(g, s, &rows.members, final_name, &format),
    };
    if opts.precision == Precision::Int8 {
        g.dequantize(scores, OUTPUT_NAME, &[1, n_classes], fb::TensorType::Int8)
    } else {
        scores
    }
}

/// The embedding as float32 (dequantised if the model outputs integers), L2-normalised.
fn normalized(g: &mut Graph, embedding: &Embedding, dim: usize) -> i32 {
    let mut x = embedding.output as i32;
    if embedding.out_type != fb::TensorType::Float32 {
        x = g.dequantize(x, "cbrd/embedding_float", &[1, dim], embedding.out_type);
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
    n
}

/// Non-negative embeddings (ReLU-pooled features) have cosines in [0, 1].
fn nonnegative(rows: &[f32], embedding: &Embedding) -> bool {
    rows.iter().all(|v| *v >= 0.0)
        && match (&embedding.out_type, &embedding.out_quant) {
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
        }
}

/// The input of the fully connected layer: the normalised embedding `n`, quantised for int8.
fn query(g: &mut Graph, n: i32, precision: Precision, vectors: &[f32], dim: usize) -> i32 {
    match precision {
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
    }
}

/// The weights of the fully connected layer: the rows, `[n_rows, dim]`.
fn weights(g: &mut Graph, rows: &[f32], precision: Precision, n_rows: usize, dim: usize) -> i32 {
    match precision {
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
            let b = g.buffer(quantize(rows, sw));
            g.tensor(
                "cbrd/index",
                &[n_rows, dim],
                fb::TensorType::Int8,
                b,
                Some((sw, 0)),
            )
        }
    }
}

/// For `max`: each class's score is the largest of its members' sample scores `s`: a GATHER
/// of the member rows (padded to the largest class by repeating a row of the same class) and a
/// REDUCE_MAX over them, into the tensor `final_name`.
fn max_of_members(
    g: &mut Graph,
    s: i32,
    members: &[Vec<i32>],
    final_name: &str,
    format: &ScoreFormat,
) -> i32 {
    let n_classes = members.len();
    let width = members.iter().map(Vec::len).max().unwrap_or(1);
    let flat: Vec<i32> = members
        .iter()
        .flat_map(|m| (0..width).map(move |i| m.get(i).copied().unwrap_or(m[0])))
        .collect();
    let idx = g.constant_i32("cbrd/class_members", &[n_classes, width], &flat);
    let gathered = g.tensor(
        "cbrd/member_scores",
        &[1, n_classes, width],
        format.ty,
        0,
        format.quant,
    );
    g.op(
        fb::BuiltinOperator::Gather,
        format.gather_version,
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
    let r = g.tensor(final_name, &[1, n_classes], format.ty, 0, format.quant);
    g.op(
        fb::BuiltinOperator::ReduceMax,
        format.reduce_version,
        vec![gathered, axis],
        vec![r],
        Some(fb::BuiltinOptions::ReducerOptions(Box::new(
            fb::ReducerOptions { keep_dims: false },
        ))),
    );
    r
}
