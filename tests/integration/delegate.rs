//! The EdgeTPU external-delegate plumbing, tested with a fake delegate plugin
//! (tests/fake-delegate) and a tiny model that contains `edgetpu-custom-op`
//! (tests/fixtures/models/fake-edgetpu.tflite).

use std::path::PathBuf;

use crate::common::*;

const TPU_MODEL: &str = "tests/fixtures/models/fake-edgetpu.tflite";

/// The fake delegate library, built by `cargo test` as a workspace member next to the test
/// binary's profile folder.
fn fake_delegate() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|p| p.parent()).unwrap();
    let lib = profile_dir.join("libcbrd_fake_delegate.so");
    assert!(
        lib.is_file(),
        "{} missing: run the tests with `cargo test --workspace`",
        lib.display()
    );
    lib
}

fn golden() -> Vec<f32> {
    let g: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("tests/golden/fake-edgetpu.json")).unwrap(),
    )
    .unwrap();
    serde_json::from_value(g["embedding"].clone()).unwrap()
}

#[test]
fn fake_edgetpu_delegate_gets_its_options_and_runs_the_custom_op() {
    let lib = need_tflite!();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("delegate.log");
    for xnn in [&[][..], &["--no-xnnpack"][..]] {
        let _ = std::fs::remove_file(&log);
        let out = ok(cbrd(&lib)
            .args(["-q", "--model", TPU_MODEL, "--edgetpu", "--edgetpu-lib"])
            .arg(fake_delegate())
            .args(["--edgetpu-option", "device=usb", "--edgetpu-option"])
            .arg(format!("log={}", log.display()))
            .args(xnn)
            .args(["embed", "tests/fixtures/golden/cat.png"]));
        let v: Vec<f32> = serde_json::from_str(out.trim()).unwrap();
        // The golden comes from TF's Python interpreter on Pillow-resized pixels; the two
        // resizers differ by ±1 in some pixels (measured |Δ| up to 1.8e-4, cosine 0.99999995).
        let want = golden();
        assert_eq!(v.len(), want.len());
        assert!(
            cosine(&v, &want) >= 0.99999,
            "{xnn:?}: {v:?} vs golden {want:?}"
        );
        for (a, b) in v.iter().zip(&want) {
            assert!((a - b).abs() <= 1e-3, "{xnn:?}: {v:?} vs golden {want:?}");
        }
        let events: Vec<String> = std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        assert_eq!(
            events,
            vec![
                format!("create device=usb log={}", log.display()),
                "prepare claimed=1".into(),
                "invoke".into(),
                "destroy".into()
            ],
            "{xnn:?}"
        );
    }
}

#[test]
fn edgetpu_model_without_the_delegate_is_refused() {
    let lib = need_tflite!();
    let o = run(cbrd(&lib).args([
        "--model",
        TPU_MODEL,
        "embed",
        "tests/fixtures/golden/cat.png",
    ]));
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("compiled for the EdgeTPU") && err.contains("edgetpu-custom-op"),
        "{err}"
    );
    assert!(err.contains("--edgetpu"), "says what to do: {err}");
}

#[test]
fn missing_delegate_library_is_a_clear_error() {
    let lib = need_tflite!();
    let o = run(cbrd(&lib).args([
        "--model",
        TPU_MODEL,
        "--edgetpu",
        "--edgetpu-lib",
        "/usr/lib/nowhere/libedgetpu.so.1",
        "info",
    ]));
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("external delegate /usr/lib/nowhere/libedgetpu.so.1: no such file"),
        "{err}"
    );
    assert!(err.contains("libedgetpu1-std"), "{err}");
}

#[test]
fn delegate_returning_null_is_a_clear_error() {
    let lib = need_tflite!();
    let o = run(cbrd(&lib)
        .args(["--model", TPU_MODEL, "--edgetpu", "--edgetpu-lib"])
        .arg(fake_delegate())
        .args(["--edgetpu-option", "fail=create", "info"]));
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("tflite_plugin_create_delegate returned NULL (options: fail=create)"),
        "{err}"
    );
    assert!(err.contains("plugged in"), "says what to check: {err}");
}

#[test]
fn a_library_that_is_not_a_delegate_plugin_is_a_clear_error() {
    let lib = need_tflite!();
    let o = run(cbrd(&lib)
        .args(["--model", TPU_MODEL, "--edgetpu", "--edgetpu-lib"])
        .arg(&lib)
        .arg("info"));
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("does not export `tflite_plugin_create_delegate`"),
        "{}",
        stderr(&o)
    );
}
