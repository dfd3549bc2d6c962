//! End to end on real photos: enroll the bundled fixture classes, classify held-out views
//! (never enrolled) and photos of things that were never enrolled.

use crate::common::*;

struct Result {
    correct_top1: usize,
    accepted_correct: usize,
    heldout: usize,
    unknown_rejected: usize,
    unknown: usize,
}

/// Enrolls the fixture classes with `model` into a new index.
fn enroll(model: &str) -> tempfile::TempDir {
    let lib = tflite_lib();
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let o = run(cbrd(&lib)
        .args(["--model", model, "enroll-dir", "--index"])
        .arg(&idx)
        .arg("tests/fixtures/photos/enroll"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("enrolled 36 image(s) into 12 class(es)"),
        "{}",
        stderr(&o)
    );
    dir
}

fn evaluate(model: &str, extra: &[&str]) -> Result {
    classify(&enroll(model), model, extra)
}

/// Classifies the held-out and unknown photos against the index that [`enroll`] made.
fn classify(dir: &tempfile::TempDir, model: &str, extra: &[&str]) -> Result {
    let lib = tflite_lib();
    let idx = dir.path().join("idx");
    let out = ok(cbrd(&lib)
        .args(["-q", "--model", model, "classify", "--index"])
        .arg(&idx)
        .args(extra)
        .args([
            "tests/fixtures/photos/heldout",
            "tests/fixtures/photos/unknown",
        ]));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 48 + 5, "one line per image");
    let mut r = Result {
        correct_top1: 0,
        accepted_correct: 0,
        heldout: 0,
        unknown_rejected: 0,
        unknown: 0,
    };
    for l in &lines {
        let file = l["file"].as_str().unwrap();
        let parts: Vec<&str> = file.split('/').collect();
        assert!(l["top"].as_array().unwrap().len() <= 3);
        if parts.contains(&"heldout") {
            let truth = parts[parts.len() - 2];
            r.heldout += 1;
            r.correct_top1 += usize::from(l["top"][0]["label"] == truth);
            r.accepted_correct += usize::from(l["label"] == truth);
        } else {
            r.unknown += 1;
            if l["label"].is_null() {
                r.unknown_rejected += 1;
                assert!(l["reason"].is_string(), "{l}");
            }
        }
    }
    r
}

#[test]
fn int8_model_recognises_heldout_views_and_rejects_unknowns() {
    let r = evaluate(INT8, &[]);
    assert_eq!(r.heldout, 48);
    assert_eq!(r.correct_top1, 48, "top-1 on held-out views");
    assert_eq!(
        r.accepted_correct, 48,
        "held-out views accepted with the right label"
    );
    assert_eq!(
        r.unknown_rejected, r.unknown,
        "photos of unenrolled things are unknown"
    );
}

#[test]
fn float32_model_recognises_heldout_views_and_rejects_unknowns() {
    let r = evaluate(FLOAT, &[]);
    assert_eq!(r.correct_top1, 48);
    assert_eq!(r.accepted_correct, 48);
    assert_eq!(r.unknown_rejected, r.unknown);
}

#[test]
fn every_aggregation_rule_works_end_to_end() {
    // One index: the aggregation rule is a matter of classifying, not of enrolling.
    let idx = enroll(INT8);
    for agg in ["mean", "knn"] {
        let r = classify(&idx, INT8, &["--aggregation", agg]);
        assert_eq!(r.correct_top1, 48, "{agg}");
        assert_eq!(r.unknown_rejected, r.unknown, "{agg}");
    }
}
