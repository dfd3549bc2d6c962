//! The one reader of `.tflite` files, built on the generated FlatBuffers accessors of the
//! `tflite-fbs` crate: what cbrd needs to know about a model before (or without) the runtime —
//! subgraphs, custom operators (an EdgeTPU-compiled model contains `edgetpu-custom-op`), the
//! input and output shapes, the model's identity, and the labels of a classifier that
//! `cbrd export` made. `export` reads the model it extends with [`read`].
//!
//! The accessors check every offset against the buffer, so a damaged file is an error, never a
//! panic or a read out of bounds.

use std::io::{Cursor, Read};

use planus::ReadAsRoot;
use tflite_fbs::{metadata as md, tflite as fb};

use super::ModelIdentity;
use crate::preprocess::Params;

/// The custom operator that the EdgeTPU compiler puts into a model.
pub const EDGETPU_CUSTOM_OP: &str = "edgetpu-custom-op";
/// The metadata name that marks a classifier made by `cbrd export`.
pub const CLASSIFIER_NAME: &str = "cbrd classifier";
/// The label file zipped after a classifier's flatbuffer (TFLite Metadata's convention).
pub const LABELS_FILE: &str = "labels.txt";

/// What a `.tflite` file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModelFacts {
    /// `Model.version`, the schema version.
    pub schema_version: u32,
    pub subgraphs: usize,
    /// Names of custom operators, in file order.
    pub custom_ops: Vec<String>,
    /// The converter's description string, if any.
    pub description: Option<String>,
    /// The single input and output, when the model has one subgraph with exactly one of each
    /// (what an embedding model must have); `None` otherwise.
    pub io: Option<Io>,
}

/// The one input and one output tensor of a single-subgraph model.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Io {
    /// Tensor indices in the subgraph.
    pub input: usize,
    pub output: usize,
    pub input_shape: Vec<i32>,
    pub output_shape: Vec<i32>,
}

impl ModelFacts {
    /// Whether the model was compiled for the EdgeTPU.
    pub fn needs_edgetpu(&self) -> bool {
        self.custom_ops.iter().any(|c| c == EDGETPU_CUSTOM_OP)
    }
}

/// Why a file is not a usable TFLite model.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelFileError {
    /// Too short or without the `TFL3` identifier.
    #[error("not a TensorFlow Lite model (no \"TFL3\" flatbuffer identifier at byte 4)")]
    NotTflite,
    /// An offset points outside the file, or a table is malformed.
    #[error("damaged TensorFlow Lite model: {0}")]
    Damaged(String),
    /// A readable model without the one image input and one vector output of an embedding
    /// model.
    #[error(
        "{0}; an embedding model needs exactly one subgraph with one image input [1, H, W, 3] and one vector output [1, D]"
    )]
    Shape(String),
}

fn damaged(e: planus::Error) -> ModelFileError {
    ModelFileError::Damaged(e.to_string())
}

fn root(bytes: &[u8]) -> Result<fb::ModelRef<'_>, ModelFileError> {
    if bytes.len() < 8 || &bytes[4..8] != b"TFL3" {
        return Err(ModelFileError::NotTflite);
    }
    fb::ModelRef::read_as_root(bytes).map_err(damaged)
}

/// Reads [`ModelFacts`] from the bytes of a `.tflite` file (without copying its tables).
pub fn inspect(bytes: &[u8]) -> Result<ModelFacts, ModelFileError> {
    let model = root(bytes)?;
    let mut facts = ModelFacts {
        schema_version: model.version().map_err(damaged)?,
        description: model.description().map_err(damaged)?.map(String::from),
        ..Default::default()
    };
    if let Some(codes) = model.operator_codes().map_err(damaged)? {
        for code in codes.iter() {
            if let Some(c) = code.map_err(damaged)?.custom_code().map_err(damaged)? {
                facts.custom_ops.push(c.to_string());
            }
        }
    }
    let subgraphs = model.subgraphs().map_err(damaged)?;
    facts.subgraphs = subgraphs.map_or(0, |s| s.len());
    if let Some(sg) = subgraphs.filter(|s| s.len() == 1).and_then(|s| s.get(0)) {
        facts.io = single_io(sg.map_err(damaged)?)?;
    }
    Ok(facts)
}

fn single_io(sg: fb::SubGraphRef<'_>) -> Result<Option<Io>, ModelFileError> {
    let ins: Vec<i32> = sg
        .inputs()
        .map_err(damaged)?
        .map_or(vec![], |v| v.iter().collect());
    let outs: Vec<i32> = sg
        .outputs()
        .map_err(damaged)?
        .map_or(vec![], |v| v.iter().collect());
    let (&[input], &[output]) = (&ins[..], &outs[..]) else {
        return Ok(None);
    };
    let Some(tensors) = sg.tensors().map_err(damaged)? else {
        return Err(ModelFileError::Damaged("a subgraph without tensors".into()));
    };
    let shape = |i: i32| -> Result<Vec<i32>, ModelFileError> {
        let t = usize::try_from(i)
            .ok()
            .and_then(|i| tensors.get(i))
            .ok_or_else(|| ModelFileError::Damaged(format!("tensor index {i} out of range")))?
            .map_err(damaged)?;
        Ok(t.shape()
            .map_err(damaged)?
            .map_or(vec![], |s| s.iter().collect()))
    };
    Ok(Some(Io {
        input: input as usize,
        output: output as usize,
        input_shape: shape(input)?,
        output_shape: shape(output)?,
    }))
}

/// [`ModelFacts::io`] of an embedding model, or why it has none: "it has 2 subgraphs", "it has
/// 1 inputs and 2 outputs".
pub fn embedding_io(bytes: &[u8]) -> Result<Io, ModelFileError> {
    let facts = inspect(bytes)?;
    if facts.subgraphs != 1 {
        return Err(ModelFileError::Shape(format!(
            "it has {} subgraphs",
            facts.subgraphs
        )));
    }
    if let Some(io) = facts.io {
        return Ok(io);
    }
    let model = root(bytes)?;
    let sg = model
        .subgraphs()
        .map_err(damaged)?
        .and_then(|s| s.get(0))
        .ok_or_else(|| ModelFileError::Damaged("no subgraph".into()))?
        .map_err(damaged)?;
    let count = |v: Option<planus::Vector<'_, i32>>| v.map_or(0, |v| v.len());
    Err(ModelFileError::Shape(format!(
        "it has {} inputs and {} outputs",
        count(sg.inputs().map_err(damaged)?),
        count(sg.outputs().map_err(damaged)?)
    )))
}

/// The embedding dimension of an output shape `[1, D]` (or `[1, 1, 1, D]`).
pub fn vector_dim(shape: &[i32]) -> Option<usize> {
    let non_one: Vec<i32> = shape.iter().copied().filter(|&d| d != 1).collect();
    match non_one.as_slice() {
        [d] if *d > 0 && shape.first() == Some(&1) => Some(*d as usize),
        _ => None,
    }
}

/// The identity (for the index fingerprint) of the embedding model in `bytes`, read from the
/// file alone (no runtime), with the pixel normalisation it is run with.
pub fn identity_of(
    bytes: &[u8],
    file_name: &str,
    input_mean: f32,
    input_std: f32,
) -> Result<ModelIdentity, ModelFileError> {
    let io = embedding_io(bytes)?;
    let [1, h, w, 3] = io.input_shape[..] else {
        return Err(ModelFileError::Shape(format!(
            "input shape {:?} is not [1, H, W, 3]",
            io.input_shape
        )));
    };
    let dim = vector_dim(&io.output_shape).ok_or_else(|| {
        ModelFileError::Shape(format!("output shape {:?} is not [1, D]", io.output_shape))
    })?;
    let params = Params {
        width: w as u32,
        height: h as u32,
        mean: input_mean,
        std: input_std,
    };
    Ok(ModelIdentity::new(file_name, bytes, &params, dim))
}

/// The whole model as owned tables, for `export` to extend.
pub fn read(bytes: &[u8]) -> Result<fb::Model, ModelFileError> {
    fb::Model::try_from(root(bytes)?).map_err(damaged)
}

/// A cbrd classifier model's labels, or `None` if `bytes` is not one.
pub fn classifier_labels(bytes: &[u8]) -> Option<Vec<String>> {
    let model = root(bytes).ok()?;
    let buffers = model.buffers().ok()??;
    for m in model.metadata().ok()??.iter() {
        let m = m.ok()?;
        if m.name().ok()? != Some("TFLITE_METADATA") {
            continue;
        }
        let data = buffers
            .get(m.buffer().ok()? as usize)?
            .ok()?
            .data()
            .ok()??;
        let meta = md::ModelMetadataRef::read_as_root(data).ok()?;
        if meta.name().ok()? != Some(CLASSIFIER_NAME) {
            return None;
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let mut f = zip.by_name(LABELS_FILE).ok()?;
        let mut text = String::new();
        f.read_to_string(&mut text).ok()?;
        return Some(text.lines().map(String::from).collect());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model with the given custom operators and `subgraphs` copies of one subgraph with one
    /// input [1, 8, 8, 3] and one output [1, 16], written with the generated builders.
    fn tiny_model(custom: &[&str], subgraphs: usize) -> Vec<u8> {
        let tensor = |shape: Vec<i32>| fb::Tensor {
            shape: Some(shape),
            ..Default::default()
        };
        let sg = fb::SubGraph {
            tensors: Some(vec![tensor(vec![1, 8, 8, 3]), tensor(vec![1, 16])]),
            inputs: Some(vec![0]),
            outputs: Some(vec![1]),
            ..Default::default()
        };
        let model = fb::Model {
            version: 3,
            operator_codes: Some(
                custom
                    .iter()
                    .map(|c| fb::OperatorCode {
                        custom_code: Some(c.to_string()),
                        ..Default::default()
                    })
                    .collect(),
            ),
            subgraphs: Some(vec![sg; subgraphs]),
            description: Some("tiny".into()),
            ..Default::default()
        };
        let mut b = planus::Builder::new();
        let f = b.finish(&model, None).to_vec();
        // The identifier where readers look for it (as export::with_identifier does): a
        // 16-byte shift keeps every alignment.
        let root = u32::from_le_bytes(f[0..4].try_into().unwrap()) + 16;
        [&root.to_le_bytes()[..], b"TFL3", &[0; 8], &f].concat()
    }

    #[test]
    fn reads_custom_ops_subgraphs_and_shapes() {
        let cases: &[(&[&str], usize, bool)] = &[
            (&[], 1, false),
            (&["edgetpu-custom-op"], 1, true),
            (&["Foo", "edgetpu-custom-op"], 2, true),
            (&["TFLite_Detection_PostProcess"], 3, false),
        ];
        for (custom, sg, edgetpu) in cases {
            let facts = inspect(&tiny_model(custom, *sg)).unwrap();
            assert_eq!(
                facts.custom_ops,
                custom.iter().map(|s| s.to_string()).collect::<Vec<_>>()
            );
            assert_eq!(facts.subgraphs, *sg);
            assert_eq!(facts.schema_version, 3);
            assert_eq!(facts.description.as_deref(), Some("tiny"));
            assert_eq!(facts.needs_edgetpu(), *edgetpu);
            assert_eq!(facts.io.is_some(), *sg == 1);
        }
        let id = identity_of(&tiny_model(&[], 1), "tiny.tflite", 0.0, 1.0).unwrap();
        assert_eq!(id.dim, 16);
        assert!(id.preprocessing.contains("8x8"), "{}", id.preprocessing);
        assert_eq!(
            identity_of(&tiny_model(&[], 2), "x", 0.0, 1.0),
            Err(ModelFileError::Shape("it has 2 subgraphs".into()))
        );
    }

    #[test]
    fn rejects_non_tflite_and_damaged_files() {
        assert_eq!(inspect(b""), Err(ModelFileError::NotTflite));
        assert_eq!(
            inspect(b"\x89PNG\r\n\x1a\n0000"),
            Err(ModelFileError::NotTflite)
        );
        assert_eq!(
            identity_of(b"not a model at all", "x", 0.0, 1.0),
            Err(ModelFileError::NotTflite)
        );
        assert!(classifier_labels(b"nope").is_none());
        let good = tiny_model(&["edgetpu-custom-op"], 1);
        // Every truncation is an error or a consistent subset, never a panic.
        for cut in 8..good.len() {
            let _ = inspect(&good[..cut]);
            let _ = read(&good[..cut]);
        }
        let mut bad = good.clone();
        bad[0..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(inspect(&bad), Err(ModelFileError::Damaged(_))));
    }

    #[test]
    fn vector_shapes() {
        for (shape, want) in [
            (&[1, 1280][..], Some(1280)),
            (&[1, 1, 1, 64][..], Some(64)),
            (&[1, 7, 7, 64][..], None),
            (&[2, 64][..], None),
            (&[1][..], None),
        ] {
            assert_eq!(vector_dim(shape), want, "{shape:?}");
        }
    }
}
