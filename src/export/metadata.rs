//! The packaging of an exported classifier: its TFLite Metadata flatbuffer, the file
//! identifiers where readers look for them, and the label file zipped after the model.

use std::io::{Cursor, Write};

use tflite_fbs::{metadata as md, tflite as fb};

use super::{ExportError, ExportOptions, OUTPUT_NAME};
use crate::embed::model_file::{CLASSIFIER_NAME, LABELS_FILE};

pub(super) fn metadata(
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
pub(super) fn with_identifier(finished: &[u8], ident: [u8; 4]) -> Vec<u8> {
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
pub(super) fn append_labels(bytes: &mut Vec<u8>, labels: &[String]) -> Result<(), ExportError> {
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
