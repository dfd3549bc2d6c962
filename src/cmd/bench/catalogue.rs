//! `cbrd bench` on the catalogue: what one enrollment writes, and what opening it costs, at
//! 1 k, 10 k and 100 k samples, on this machine's file system. Side by side in the same run,
//! the format-1 store's write of the same catalogue (its whole file, temp + fsync + rename,
//! as every change did before the SQLite store).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::config::Config;
use crate::embed::ModelIdentity;
use crate::index::Index;
use crate::index::store::{self, Open};

/// Size of a stored thumbnail: the 11 kB the issue measured for real enrollments.
const THUMB: usize = 11_000;
/// Enrollments measured per size (each one a whole `store::edit`, as `cbrd enroll` does).
const ENROLLS: usize = 20;

/// `(rchar, wchar, write_bytes)` of this process, from /proc/self/io.
fn io_counters() -> Option<(u64, u64, u64)> {
    let s = std::fs::read_to_string("/proc/self/io").ok()?;
    let get = |k: &str| {
        s.lines()
            .find_map(|l| l.strip_prefix(k))
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    Some((get("rchar:")?, get("wchar:")?, get("write_bytes:")?))
}

/// A pseudo-random thumbnail (incompressible, like a JPEG).
fn thumbnail(seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..THUMB)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn build(dir: &Path, identity: &ModelIdentity, n: usize) -> Result<()> {
    let (synthetic, _) = crate::index::synthetic_index(n, identity.dim, (n / 10).max(1));
    store::edit(dir, Open::OrCreate(identity, None), |txn| {
        for (k, (row, s)) in synthetic
            .vectors()
            .to_f32()
            .chunks_exact(identity.dim)
            .zip(synthetic.samples())
            .enumerate()
        {
            let label = &synthetic
                .class_by_id(s.class_id)
                .map(|c| c.label.clone())
                .unwrap_or_default();
            let c = txn.ensure_class(label, 0)?;
            txn.add_sample(c, "synthetic", row, Some(thumbnail(k as u64)), None, 0)?;
        }
        anyhow::Ok(())
    })?;
    Ok(())
}

/// Peak RSS (MB) and wall time (ms) of a child `cbrd` with `args`. The peak is the child's
/// `VmHWM`, read from /proc while it runs (its last value before it exits): `ru_maxrss` from
/// wait4 would include this big process's RSS at the spawn.
/// "wall | peak RSS" of 3 runs of a child `cbrd`: the best wall time (the page cache is warm
/// after the first) and the highest sampled peak RSS (sampling can only miss some of it; "–"
/// when the child exited before the first sample).
fn three_runs(args: &[std::ffi::OsString]) -> Result<String> {
    let a: Vec<&std::ffi::OsStr> = args.iter().map(|s| s.as_os_str()).collect();
    let (mut wall, mut rss) = (f64::MAX, 0f64);
    for _ in 0..3 {
        let (r, ms) = child(&a)?;
        (wall, rss) = (wall.min(ms), rss.max(r));
    }
    let rss = if rss > 0.0 {
        format!("{rss:.0}")
    } else {
        "–".into()
    };
    Ok(format!("{wall:.0} | {rss}"))
}

fn child(args: &[&std::ffi::OsStr]) -> Result<(f64, f64)> {
    let exe = std::env::current_exe()?;
    let t = Instant::now();
    let mut c = Command::new(exe)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let status_path = format!("/proc/{}/status", c.id());
    let mut hwm_kb = 0u64;
    let status = loop {
        if let Some(kb) = std::fs::read_to_string(&status_path).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        }) {
            hwm_kb = hwm_kb.max(kb);
        }
        if let Some(s) = c.try_wait()? {
            break s;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    let wall = t.elapsed().as_secs_f64() * 1e3;
    anyhow::ensure!(status.success(), "cbrd {args:?} failed: {status}");
    Ok((hwm_kb as f64 / 1024.0, wall))
}

pub(super) fn run(cfg: &Config, identity: &ModelIdentity, sizes: &[usize]) -> Result<()> {
    let base = std::env::temp_dir().join(format!("cbrd-bench-catalogue-{}", std::process::id()));
    std::fs::create_dir_all(&base)?;
    let r = measure(cfg, identity, sizes, &base);
    let _ = std::fs::remove_dir_all(&base);
    r
}

fn measure(cfg: &Config, identity: &ModelIdentity, sizes: &[usize], base: &Path) -> Result<()> {
    let dim = identity.dim;
    out!(
        "\n### Catalogue: one enrollment and the opens ({dim}-d float32 vectors, {THUMB}-byte \
         thumbnails, in {})\n",
        base.display()
    );
    out!(
        "Each enrollment is one whole `store::edit` (lock, open, one transaction, close), the \
         mean of {ENROLLS}; bytes are this process's `write_bytes` (to the block layer) and \
         `wchar` (write calls) from /proc/self/io, so the WAL checkpoint done at close is \
         counted. Format 1 is the previous store's write of the same catalogue (whole file, \
         fsync, rename).\n"
    );
    out!(
        "| samples | catalogue (MB) | enroll: write_bytes (kB) | enroll: wchar (kB) | enroll (ms) | format 1: bytes per change (MB) | format 1: write (ms) |"
    );
    out!("|---|---|---|---|---|---|---|");
    let mut opens = Vec::new();
    for &n in sizes {
        let dir = base.join(format!("n{n}"));
        let t = Instant::now();
        build(&dir, identity, n).with_context(|| format!("building {n} samples"))?;
        tracing::info!(
            samples = n,
            "catalogue built in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let row = vec![0.5f32.sqrt(); dim];
        let (_, w0, b0) = io_counters().unwrap_or_default();
        let t = Instant::now();
        for k in 0..ENROLLS {
            store::edit(&dir, Open::OrCreate(identity, None), |txn| {
                let c = txn.ensure_class("bench", 0)?;
                txn.add_sample(
                    c,
                    "bench",
                    &row,
                    Some(thumbnail(1 << 40 | k as u64)),
                    None,
                    0,
                )?;
                anyhow::Ok(())
            })?;
        }
        let per = t.elapsed().as_secs_f64() * 1e3 / ENROLLS as f64;
        let (_, w1, b1) = io_counters().unwrap_or_default();
        let size = std::fs::metadata(store::file_path(&dir))?.len() as f64 / 1e6;
        // The previous store: the whole catalogue (vectors and thumbnails) rewritten.
        let mut index: Index = store::load(&dir)?;
        let st = store::Store::open(&dir)?;
        let mut with_thumbs = Index::new(identity.clone());
        for c in index.classes() {
            with_thumbs.ensure_class(&c.label, c.created)?;
        }
        for (s, v) in index
            .samples()
            .iter()
            .zip(index.vectors().to_f32().chunks_exact(dim))
        {
            let label = &index
                .class_by_id(s.class_id)
                .map(|c| c.label.clone())
                .unwrap_or_default();
            let c = with_thumbs.ensure_class(label, 0)?;
            with_thumbs.add_sample(c, &s.source, v, st.thumbnail(s.id)?, None, 0)?;
        }
        index = with_thumbs;
        let t = Instant::now();
        let bytes = store::v1::encode(&index);
        let tmp = dir.join("v1.tmp");
        {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, dir.join("v1.cbrd"))?;
        std::fs::File::open(&dir)?.sync_all()?;
        let v1_ms = t.elapsed().as_secs_f64() * 1e3;
        let _ = std::fs::remove_file(dir.join("v1.cbrd"));
        drop(index);
        out!(
            "| {n} | {size:.1} | {:.1} | {:.1} | {per:.1} | {:.1} | {v1_ms:.0} |",
            (b1 - b0) as f64 / 1e3 / ENROLLS as f64,
            (w1 - w0) as f64 / 1e3 / ENROLLS as f64,
            bytes.len() as f64 / 1e6
        );
        opens.push((n, dir));
    }
    let Some((n, dir)) = opens.last() else {
        return Ok(());
    };
    let image = cfg
        .embedder
        .model
        .parent()
        .and_then(|m| m.parent())
        .map(|r| r.join("tests/fixtures/golden/cat.png"))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden/cat.png")
        });
    let matrix = (n + ENROLLS) as f64 * dim as f64 * 4.0 / 1e6;
    out!(
        "\nOpens at {n} samples: a child `cbrd` each, its wall time (best of 3) and peak RSS (`VmHWM` sampled every ms, highest of 3); the float32 matrix is {matrix:.0} MB. `cbrd embed` (the model and runtime, one image, no catalogue) is the baseline.\n"
    );
    out!("| command | wall (ms) | peak RSS (MB) |");
    out!("|---|---|---|");
    let mut common: Vec<std::ffi::OsString> = vec![
        "-q".into(),
        "--model".into(),
        cfg.embedder.model.clone().into(),
    ];
    if let Some(lib) = &cfg.embedder.library {
        common.extend(["--tflite-lib".into(), lib.clone().into()]);
    }
    let list: Vec<std::ffi::OsString> = ["classes", "list", "--index"]
        .iter()
        .map(Into::into)
        .chain([dir.clone().into_os_string()])
        .collect();
    let classify: Vec<std::ffi::OsString> = common
        .iter()
        .cloned()
        .chain([
            "classify".into(),
            "--index".into(),
            dir.clone().into_os_string(),
            image.clone().into_os_string(),
        ])
        .collect();
    let embed: Vec<std::ffi::OsString> = common
        .iter()
        .cloned()
        .chain(["embed".into(), image.clone().into_os_string()])
        .collect();
    for (name, args) in [
        ("cbrd classes list", &list),
        ("cbrd classify (1 image)", &classify),
        ("cbrd embed (1 image, no catalogue)", &embed),
    ] {
        out!("| {name} | {} |", three_runs(args)?);
    }
    // The same catalogue with int8 vectors (`cbrd index convert`): a quarter of the matrix.
    store::edit(dir, Open::Existing(None), |txn| {
        let c = txn.converted(crate::search::Storage::Int8);
        **txn = c;
        Ok::<_, anyhow::Error>(())
    })?;
    let int8 = (n + ENROLLS) as f64 * crate::search::Storage::Int8.row_bytes(dim) as f64 / 1e6;
    out!(
        "| cbrd classify (1 image), the catalogue converted to int8 (matrix {int8:.0} MB) | {} |",
        three_runs(&classify)?
    );
    Ok(())
}
