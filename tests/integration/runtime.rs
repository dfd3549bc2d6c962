//! The run-time-loaded TFLite library: version, delegates, threads, clear errors.

use crate::common::*;

#[test]
fn version_prints_runtime_version() {
    let lib = need_tflite!();
    let out = ok(cbrd(&lib).arg("--version"));
    assert!(
        out.contains(&format!("cbrd {}", env!("CARGO_PKG_VERSION"))),
        "{out}"
    );
    assert!(out.contains("TensorFlow Lite runtime 2.9.0"), "{out}");
}

#[test]
fn info_reports_model_runtime_and_delegate() {
    let lib = need_tflite!();
    let out = ok(cbrd(&lib).args(["--threads", "2", "info"]));
    for want in [
        "[1, 224, 224, 3] uint8",
        "[1, 1280] int8",
        "TensorFlow Lite 2.9.0",
        "delegates:    xnnpack",
        "threads:      2",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    let out = ok(cbrd(&lib).args(["--no-xnnpack", "--model", FLOAT, "info"]));
    assert!(out.contains("[1, 224, 224, 3] float32"), "{out}");
    assert!(out.contains("none (builtin CPU kernels)"), "{out}");
}

#[test]
fn xnnpack_and_thread_count_do_not_change_embeddings() {
    let lib = need_tflite!();
    let img = repo("tests/fixtures/golden/coffee.jpg");
    // Builtin and XNNPACK int8 kernels round differently (measured cosine 0.9988); float
    // kernels agree to float precision. The thread count must not change anything.
    for (model, min_cross) in [(FLOAT, 0.99999), (INT8, 0.998)] {
        let builtin1 = embed(&lib, model, &img, &["--no-xnnpack", "--threads", "1"]);
        let builtin2 = embed(&lib, model, &img, &["--no-xnnpack", "--threads", "2"]);
        let xnn1 = embed(&lib, model, &img, &["--threads", "1"]);
        let xnn2 = embed(&lib, model, &img, &["--threads", "2"]);
        assert!(
            cosine(&builtin1, &builtin2) >= 0.99999,
            "{model}: builtin threads 1 vs 2"
        );
        assert!(
            cosine(&xnn1, &xnn2) >= 0.99999,
            "{model}: XNNPACK threads 1 vs 2"
        );
        let c = cosine(&xnn1, &builtin1);
        assert!(
            c >= min_cross,
            "{model}: XNNPACK vs builtin cosine {c} < {min_cross}"
        );
    }
}

#[test]
fn missing_library_is_a_clear_error() {
    let out = run(cbrd_no_lib().args([
        "--tflite-lib",
        "/nonexistent/libtensorflowlite_c.so",
        "info",
    ]));
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("/nonexistent/libtensorflowlite_c.so"), "{err}");
    assert!(err.contains("no such file"), "{err}");
    assert!(err.contains("deploy/fetch-tflite.sh"), "{err}");
    // Same through the environment variable.
    let out = run(cbrd_no_lib().arg("info"));
    assert!(
        stderr(&out).contains("$CBRD_TFLITE_LIB"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_that_is_not_a_library_is_a_clear_error() {
    let out = run(cbrd_no_lib().args(["--tflite-lib", "README.md", "info"]));
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    // Checked before the loader sees it (a truncated library would crash the loader).
    assert!(
        err.contains("cannot be loaded as the TensorFlow Lite C library")
            && err.contains("/README.md"),
        "{err}"
    );
    assert!(err.contains("not an ELF shared library"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_file_that_is_not_a_model_is_a_clear_error() {
    let lib = need_tflite!();
    let out = run(cbrd(&lib).args(["--model", "README.md", "info"]));
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("model README.md: not a TensorFlow Lite model"),
        "{}",
        stderr(&out)
    );
    let out = run(cbrd(&lib).args(["--model", "models/missing.tflite", "info"]));
    assert!(
        stderr(&out).contains("cannot read the model file"),
        "{}",
        stderr(&out)
    );
}
