//! `cbrd bench`: the search per vector storage, beside the memory-bandwidth floor (the
//! bytes one query must read, at this machine's measured single-thread read bandwidth) and,
//! on the same vectors, faiss's IndexFlatIP and int8 scalar quantiser (benches/faiss/faiss_search.py
//! in the venv that `deploy/python-env.sh bench` makes).

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::{ms, stats};
use crate::search::{self, Storage, Vectors};

const DIM: usize = 1280;
/// faiss needs the float32 vectors in memory and in a file: not beyond this.
const FAISS_MAX_ROWS: usize = 100_000;

/// The query and `n` vectors from a fixed seed: every storage and faiss get the same ones.
fn vectors(storage: Storage, n: usize) -> (Vectors, Vec<f32>) {
    let mut g = crate::index::UnitRows::default();
    let mut q = vec![0f32; DIM];
    g.next_row(&mut q);
    let mut v = Vectors::new(storage, DIM);
    v.reserve(n);
    let mut row = vec![0f32; DIM];
    for _ in 0..n {
        g.next_row(&mut row);
        v.push(&row);
    }
    (v, q)
}

/// Single-thread sequential read bandwidth in bytes/s: the best of 5 sums of a 1 GiB buffer
/// (far larger than any cache), 8 independent lanes so that the adds keep up with memory.
pub(super) fn read_bandwidth() -> f64 {
    let words = (1usize << 30) / 8;
    let buf: Vec<u64> = (0..words as u64).collect();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let mut acc = [0u64; 8];
        for c in buf.as_chunks::<8>().0 {
            for i in 0..8 {
                acc[i] = acc[i].wrapping_add(c[i]);
            }
        }
        std::hint::black_box(acc);
        best = best.min(t.elapsed().as_secs_f64());
    }
    (words * 8) as f64 / best
}

fn mem_available() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kb: u64 = info
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// p50 and best of `reps` searches on `threads` threads, in ms, and the top row.
fn time_search(v: &Vectors, q: &[f32], threads: usize) -> (f64, f64, usize) {
    let reps = (4_000_000_000 / v.byte_len().max(1)).clamp(5, 200);
    let mut out = Vec::new();
    search::scores_on(v, q, &mut out, threads);
    let mut t = Vec::with_capacity(reps);
    for _ in 0..reps {
        let s = Instant::now();
        search::scores_on(v, q, &mut out, threads);
        std::hint::black_box(&out);
        t.push(ms(s.elapsed()));
    }
    let top = out
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i);
    let s = stats(t);
    (s.p50, s.min, top)
}

/// faiss on the same float32 vectors: `(index name, p50 ms 1 thread, p50 ms all threads,
/// top row)` per index.
fn faiss(python: &Path, n: usize) -> Result<Vec<(String, f64, f64, usize)>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/faiss/faiss_search.py");
    let file = std::env::temp_dir().join(format!("cbrd-bench-faiss-{}.f32", std::process::id()));
    let (v, q) = vectors(Storage::F32, n);
    let mut w = std::io::BufWriter::new(std::fs::File::create(&file)?);
    for x in q.iter().chain(v.to_f32().iter()) {
        w.write_all(&x.to_le_bytes())?;
    }
    w.flush()?;
    drop(w);
    drop(v);
    let o = Command::new(python)
        .arg(&script)
        .arg(&file)
        .arg(n.to_string())
        .arg(DIM.to_string())
        .output();
    let _ = std::fs::remove_file(&file);
    let o = o.with_context(|| format!("cannot run {}", python.display()))?;
    if !o.status.success() {
        bail!(
            "{} {} failed: {}",
            python.display(),
            script.display(),
            String::from_utf8_lossy(&o.stderr).trim()
        );
    }
    let j: serde_json::Value = serde_json::from_slice(&o.stdout)
        .with_context(|| format!("{} printed no JSON", script.display()))?;
    let mut r = Vec::new();
    for name in ["IndexFlatIP", "IndexScalarQuantizer QT_8bit"] {
        let e = &j[name];
        r.push((
            name.to_string(),
            e["p50_ms_1_thread"].as_f64().unwrap_or(f64::NAN),
            e["p50_ms_all_threads"].as_f64().unwrap_or(f64::NAN),
            e["top"].as_u64().unwrap_or(u64::MAX) as usize,
        ));
    }
    Ok(r)
}

pub(super) fn run(sizes: &[usize], python: Option<&Path>) -> Result<()> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    out!("\n### Search per vector storage, {DIM}-d (scores of every vector, one query)\n");
    let bw = read_bandwidth();
    out!(
        "Single-thread read bandwidth (sum of a 1 GiB buffer, best of 5): {:.1} GB/s. \
         Floor = bytes of the matrix / that bandwidth. SIMD back-ends: {}. \
         p50 of repeated searches on a warm matrix.\n",
        bw / 1e9,
        search::simd_features().join(", ")
    );
    out!(
        "| vectors | storage | MB per query | floor (ms) | 1 thread p50 (ms) | best | p50 / floor | {threads} threads p50 (ms) |"
    );
    out!("|---|---|---|---|---|---|---|---|");
    let mut faiss_rows = Vec::new();
    for &n in sizes {
        let mut f32_top = None;
        for storage in Storage::ALL {
            let bytes = n * storage.row_bytes(DIM);
            if let Some(avail) = mem_available()
                && (bytes as u64) * 2 > avail
            {
                out!(
                    "| {n} | {storage} | {:.0} | – | not run: needs {:.1} GB, {:.1} GB available | | | |",
                    bytes as f64 / 1e6,
                    bytes as f64 / 1e9,
                    avail as f64 / 1e9
                );
                continue;
            }
            let (v, q) = vectors(storage, n);
            let floor = bytes as f64 / bw * 1e3;
            let (p50, best, top) = time_search(&v, &q, 1);
            let (p50n, _, _) = time_search(&v, &q, threads);
            if storage == Storage::F32 {
                f32_top = Some(top);
            }
            let same = match f32_top {
                Some(t) if t != top => " (top row differs from f32)",
                _ => "",
            };
            out!(
                "| {n} | {storage} | {:.1} | {floor:.2} | {p50:.2} | {best:.2} | {:.2}{same} | {p50n:.2} |",
                bytes as f64 / 1e6,
                p50 / floor
            );
        }
        if n <= FAISS_MAX_ROWS {
            faiss_rows.push((n, f32_top));
        }
    }
    out!("\n#### faiss on the same vectors\n");
    let Some(python) = python else {
        out!(
            "faiss: not run (pass --faiss-python PYTHON, a venv with benches/faiss/requirements.txt; \
             deploy/bench-search.sh makes one and passes it)."
        );
        return Ok(());
    };
    out!(
        "| vectors | faiss index | 1 thread p50 (ms) | {threads} threads p50 (ms) | same top row as cbrd f32 |"
    );
    out!("|---|---|---|---|---|");
    for (n, f32_top) in faiss_rows {
        for (name, one, all, top) in faiss(python, n)? {
            let same = if f32_top == Some(top) { "yes" } else { "no" };
            out!("| {n} | {name} | {one:.2} | {all:.2} | {same} |");
        }
    }
    Ok(())
}
