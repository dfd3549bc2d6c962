//! Shared helpers: locating the TFLite library and the fixtures, running the cbrd binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path inside the repository.
pub fn repo(rel: &str) -> PathBuf {
    root().join(rel)
}

pub const INT8: &str = "models/efficientnet_lite0_int8.tflite";
pub const FLOAT: &str = "models/efficientnet_lite0_float32.tflite";

/// The TFLite C library for tests: `$CBRD_TFLITE_LIB`, else `runtime/linux_<arch>/` of the
/// repository (filled by `deploy/fetch-tflite.sh`). A missing library fails the test with
/// what to do: no test is skipped.
pub fn tflite_lib() -> PathBuf {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    let candidates = [
        std::env::var_os("CBRD_TFLITE_LIB").map(PathBuf::from),
        Some(repo(&format!(
            "runtime/linux_{arch}/libtensorflowlite_c.so"
        ))),
    ];
    match candidates.into_iter().flatten().find(|p| p.is_file()) {
        Some(p) => p,
        None => panic!(
            "TFLite C library not found: run deploy/fetch-tflite.sh (deploy/test.sh does) or set \
             CBRD_TFLITE_LIB; this test needs the real runtime and is not skipped"
        ),
    }
}

/// The TFLite C library, for tests that need the real runtime (they fail without it).
#[macro_export]
macro_rules! need_tflite {
    () => {
        $crate::common::tflite_lib()
    };
}

/// The command that runs the cbrd binary under test, before any argument of cbrd's own.
///
/// Natively that is the binary itself. When cross-testing (`deploy/ci-aarch64.sh`: an aarch64
/// cbrd on an x86_64 machine without binfmt_misc), `$CBRD_TEST_RUNNER` names a qemu-user
/// command, e.g. `qemu-aarch64` (whitespace-separated words: a program and its options), and
/// the binary is started as `<runner> <cbrd> args…`.
fn cbrd_command() -> Command {
    command_for(Path::new(env!("CARGO_BIN_EXE_cbrd")))
}

/// A command running the cbrd executable at `exe` (e.g. a copy of it elsewhere), through
/// `$CBRD_TEST_RUNNER` when cross-testing; a clean environment, no TFLite library set.
pub fn cbrd_at(exe: &Path) -> Command {
    let mut c = command_for(exe);
    c.current_dir(root())
        .env_remove("CBRD_CONFIG")
        .env_remove("CBRD_INDEX")
        .env_remove("CBRD_LOG")
        .env_remove("CBRD_TFLITE_LIB");
    c
}

fn command_for(exe: &Path) -> Command {
    match test_runner() {
        None => Command::new(exe),
        Some(words) => {
            let mut c = Command::new(&words[0]);
            c.args(&words[1..]).arg(exe);
            c
        }
    }
}

/// The words of `$CBRD_TEST_RUNNER`, or `None` when it is unset or blank.
fn test_runner() -> Option<Vec<String>> {
    let words: Vec<String> = std::env::var("CBRD_TEST_RUNNER")
        .ok()?
        .split_whitespace()
        .map(String::from)
        .collect();
    (!words.is_empty()).then_some(words)
}

/// A `cbrd` command with a clean environment and the given TFLite library.
pub fn cbrd(lib: &Path) -> Command {
    let mut c = cbrd_command();
    c.current_dir(root())
        .env_remove("CBRD_CONFIG")
        .env_remove("CBRD_INDEX")
        .env_remove("CBRD_LOG")
        .env("CBRD_TFLITE_LIB", lib);
    c
}

/// A `cbrd` command that must not need the TFLite library.
pub fn cbrd_no_lib() -> Command {
    let mut c = cbrd_command();
    c.current_dir(root())
        .env_remove("CBRD_CONFIG")
        .env_remove("CBRD_INDEX")
        .env_remove("CBRD_LOG")
        .env("CBRD_TFLITE_LIB", "/nonexistent/libtensorflowlite_c.so");
    c
}

/// Preloads `lib` (`LD_PRELOAD`) into the cbrd process of a command made by [`cbrd`] or
/// [`cbrd_no_lib`].
///
/// Under a `$CBRD_TEST_RUNNER` (qemu-user) the variable must reach the emulated cbrd, not the
/// host's qemu process (whose loader would refuse a library of the target architecture): it is
/// given to qemu as `QEMU_SET_ENV=LD_PRELOAD=<lib>`, qemu-user's environment form of
/// `-E LD_PRELOAD=<lib>`, which unlike an option can still be added once the command's
/// arguments are set. qemu splits that list at commas, so `lib` must not contain one.
#[allow(dead_code)]
pub fn preload(cmd: &mut Command, lib: &Path) {
    if test_runner().is_none() {
        cmd.env("LD_PRELOAD", lib);
        return;
    }
    let lib = lib.to_str().expect("preload library path is not UTF-8");
    assert!(
        !lib.contains(','),
        "preload library path {lib:?} contains a comma, which QEMU_SET_ENV cannot carry"
    );
    // Keep any guest variables already set this way on the command.
    let earlier = cmd
        .get_envs()
        .find(|(k, _)| *k == "QEMU_SET_ENV")
        .and_then(|(_, v)| v)
        .map(|v| v.to_string_lossy().into_owned());
    let set = match earlier {
        Some(e) if !e.is_empty() => format!("{e},LD_PRELOAD={lib}"),
        _ => format!("LD_PRELOAD={lib}"),
    };
    cmd.env("QEMU_SET_ENV", set).env_remove("LD_PRELOAD");
}

/// Runs a command and returns its output.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("cannot start cbrd")
}

/// stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts success and returns stdout.
#[track_caller]
pub fn ok(cmd: &mut Command) -> String {
    let o = run(cmd);
    assert!(
        o.status.success(),
        "{cmd:?} failed: {}\nstderr:\n{}",
        o.status,
        stderr(&o)
    );
    stdout(&o)
}

/// The exit code, asserting the process was not killed by a signal.
#[track_caller]
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("terminated by a signal")
}

/// Cosine similarity of two vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    assert_eq!(a.len(), b.len());
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    let na: f64 = a.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    dot / (na * nb)
}

/// `cbrd embed` of one image.
pub fn embed(lib: &Path, model: &str, image: &Path, extra: &[&str]) -> Vec<f32> {
    let out = ok(cbrd(lib)
        .args(["-q", "--model", model])
        .args(extra)
        .arg("embed")
        .arg(image));
    serde_json::from_str(out.trim()).expect("embed prints a JSON array")
}

/// (label, samples) of every class of the index in `idx`, from `cbrd classes list --json`.
pub fn class_counts(idx: &Path) -> Vec<(String, u64)> {
    let out = ok(cbrd_no_lib()
        .args(["classes", "list", "--json", "--index"])
        .arg(idx));
    json_lines(&out)
        .into_iter()
        .map(|v| {
            (
                v["label"].as_str().unwrap().to_string(),
                v["samples"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Parses JSON lines.
pub fn json_lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}
