//! The Rust pipeline (decode → crop → resize → TFLite → normalise) reproduces the embeddings
//! that TF's own Python interpreter computed at conversion time (models/convert.py).

use crate::common::*;

fn check(model_file: &str, min_cosine: f64) {
    let lib = need_tflite!();
    let golden: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("tests/golden/embeddings.json")).unwrap(),
    )
    .unwrap();
    let name = std::path::Path::new(model_file)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    let entries = golden["models"][name]
        .as_object()
        .expect("model in golden file");
    assert!(
        entries.len() >= 5,
        "golden file covers PNG, JPEG, grey, RGBA and EXIF images"
    );
    for (image, want) in entries {
        let want: Vec<f32> = serde_json::from_value(want.clone()).unwrap();
        let got = embed(
            &lib,
            model_file,
            &repo("tests/fixtures/golden").join(image),
            &[],
        );
        assert_eq!(got.len(), 1280);
        let c = cosine(&got, &want);
        assert!(
            c >= min_cosine,
            "{name} {image}: cosine {c:.5} < {min_cosine}"
        );
    }
}

#[test]
fn float32_matches_tf_python() {
    check(FLOAT, 0.999);
}

#[test]
fn int8_matches_tf_python() {
    check(INT8, 0.99);
}
