use tflite_fbs::metadata as md;

use super::graph::{max_abs, quantize};
use super::metadata::with_identifier;

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
