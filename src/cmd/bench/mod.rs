//! `cbrd bench`: measures each stage on this machine with the real runtime and models, and
//! prints a Markdown report (the README's Performance section is a copy of one run).

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

mod catalogue;
mod search;

use super::Outcome;
use crate::batch;
use crate::cli::BenchArgs;
use crate::config::Config;
use crate::decide::{self, Aggregation};
use crate::embed::{Embedder, EmbedderOptions, TfliteEmbedder};
use crate::index::Index;
use crate::preprocess::Resizer;

struct Stats {
    mean: f64,
    p50: f64,
    p90: f64,
    /// The least disturbed run: on a shared machine the steadiest figure to compare.
    min: f64,
}

/// The CPU's model name, as /proc/cpuinfo gives it: "model name" on x86, the board "Model" or
/// the "CPU part" on Arm.
pub fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    cpu_model_of(&info)
}

fn cpu_model_of(cpuinfo: &str) -> String {
    let field = |name: &str| {
        cpuinfo.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == name && !v.trim().is_empty()).then(|| v.trim().to_string())
        })
    };
    let name = field("model name")
        .or_else(|| field("Model"))
        .or_else(|| field("CPU part").map(|p| format!("CPU part {p}")))
        .unwrap_or_else(|| "unknown".into());
    // Virtual machines often hide the model name ("Intel(R) Xeon(R) Processor"): the family and
    // model numbers and the vector extensions XNNPACK's int8 kernels use tell machines apart.
    let mut details = Vec::new();
    if let (Some(f), Some(m)) = (field("cpu family"), field("model")) {
        details.push(format!("family {f} model {m}"));
    }
    let flags = field("flags")
        .or_else(|| field("Features"))
        .unwrap_or_default();
    let isa: Vec<&str> = flags
        .split_whitespace()
        .filter(|f| {
            [
                "avx2",
                "avx512f",
                "avx512_vnni",
                "avx_vnni",
                "amx_int8",
                "asimddp",
                "i8mm",
                "sve",
            ]
            .contains(f)
        })
        .collect();
    if !isa.is_empty() {
        details.push(isa.join(" "));
    }
    if details.is_empty() {
        name
    } else {
        format!("{name} [{}]", details.join("; "))
    }
}

fn stats(mut ms: Vec<f64>) -> Stats {
    ms.sort_by(|a, b| a.total_cmp(b));
    let n = ms.len().max(1);
    let at = |q: f64| {
        ms.get(((n - 1) as f64 * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    Stats {
        mean: ms.iter().sum::<f64>() / n as f64,
        p50: at(0.5),
        p90: at(0.9),
        min: ms.first().copied().unwrap_or(0.0),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn default_fixture(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos")
        .join(sub)
}

/// Runs the benchmark and prints the report to stdout.
pub fn run(cfg: &Config, args: &BenchArgs) -> Result<Outcome> {
    let images_dir = args
        .images
        .clone()
        .unwrap_or_else(|| default_fixture("heldout"));
    let enroll_dir = args
        .enroll
        .clone()
        .unwrap_or_else(|| default_fixture("enroll"));
    let (images, _) = batch::images_in(&images_dir, true)
        .with_context(|| format!("cannot list bench images {}", images_dir.display()))?;
    let (enroll, _) = batch::images_in(&enroll_dir, true)
        .with_context(|| format!("cannot list enroll images {}", enroll_dir.display()))?;
    if images.is_empty() || enroll.is_empty() {
        bail!(
            "no images in {} or {}",
            images_dir.display(),
            enroll_dir.display()
        );
    }
    let models = if args.models.is_empty() {
        vec![cfg.embedder.model.clone()]
    } else {
        args.models.clone()
    };
    let iterations = args.iterations.max(1);

    out!("## cbrd bench\n");
    let command: Vec<String> = std::env::args().collect();
    out!("`{}`\n", command.join(" "));
    out!(
        "cbrd {}, CPU: {} ({} available to this process), {} images from {}, {} timed Invoke \
         calls per row.\n",
        env!("CARGO_PKG_VERSION"),
        cpu_model(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        images.len(),
        images_dir.display(),
        iterations
    );

    // Preprocessing alone: read + decode + crop + resize (+ nothing else), one thread.
    let mut resizer = Resizer::default();
    let probe = TfliteEmbedder::new(&EmbedderOptions {
        model: models[0].clone(),
        ..cfg.embedder.clone()
    })?;
    let params = probe.params();
    out!(
        "TensorFlow Lite runtime {} ({})\n",
        probe.runtime().version(),
        probe.runtime().path().display()
    );
    drop(probe);
    let mut pre = Vec::new();
    for _ in 0..3 {
        for p in &images {
            let t = Instant::now();
            batch::prepare_file(p, &params, &cfg.limits, &mut resizer, false)?;
            pre.push(ms(t.elapsed()));
        }
    }
    let s = stats(pre);
    out!(
        "### Preprocessing\n\nread + decode + EXIF + centre crop + resize to {}×{}: mean {:.2} ms, p50 {:.2} ms, p90 {:.2} ms per image\n",
        params.width,
        params.height,
        s.mean,
        s.p50,
        s.p90
    );

    out!("### Inference\n");
    out!("| model | threads | XNNPACK | Invoke mean (ms) | p50 | p90 | min | embed mean (ms) |");
    out!("|---|---|---|---|---|---|---|---|");
    let mut e2e_rows = Vec::new();
    for model in &models {
        for &threads in &args.thread_counts {
            for xnnpack in [true, false] {
                let opts = EmbedderOptions {
                    model: model.clone(),
                    threads,
                    xnnpack,
                    ..cfg.embedder.clone()
                };
                let mut emb = TfliteEmbedder::new(&opts)?;
                let mut resizer = Resizer::default();
                let sample =
                    batch::prepare_file(&images[0], &params, &cfg.limits, &mut resizer, false)?;
                for _ in 0..3 {
                    emb.embed(&sample.rgb)?; // warm-up
                }
                let mut inv = Vec::with_capacity(iterations);
                for _ in 0..iterations {
                    inv.push(ms(emb.invoke_only()?));
                }
                let mut full = Vec::with_capacity(iterations);
                for _ in 0..iterations {
                    let t = Instant::now();
                    emb.embed(&sample.rgb)?;
                    full.push(ms(t.elapsed()));
                }
                let (si, sf) = (stats(inv), stats(full));
                let name = model
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                out!(
                    "| {name} | {threads} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |",
                    if xnnpack { "on" } else { "off" },
                    si.mean,
                    si.p50,
                    si.p90,
                    si.min,
                    sf.mean
                );
                if xnnpack {
                    e2e_rows.push((name, threads, opts, si.mean));
                }
            }
        }
    }

    out!("\n### End-to-end classify vs pure Invoke\n");
    out!(
        "The `cbrd classify` loop (decode + embed + search + decide + JSON, results in input order) \
         over the {} images, index of the {} enroll images, XNNPACK on. `cbrd classify` runs T \
         single-threaded interpreters, each decoding its own next image (the `T × 1` rows); the \
         `1 × T` rows are one T-thread interpreter that decodes and infers in turn, for \
         comparison. Overhead = classify time per image / Invoke time of one T-thread interpreter − 1.\n",
        images.len(),
        enroll.len()
    );
    out!(
        "| model | threads T | workers × threads | classify (ms/image) | Invoke, T threads (ms) | pipeline overhead |"
    );
    out!("|---|---|---|---|---|---|");
    for (name, threads, opts, _) in e2e_rows {
        let mut single = TfliteEmbedder::new(&opts)?;
        let mut index = Index::new(single.identity().clone());
        let class = index.ensure_class("bench", 0)?;
        for p in &enroll {
            let prep = batch::prepare_file(p, &params, &cfg.limits, &mut resizer, false)?;
            let v = single.embed(&prep.rgb)?;
            let hash = Some(prep.content_hash);
            index.add_sample(class, &p.display().to_string(), &v, None, hash, 0)?;
        }
        let catalogue = crate::decide::Catalogue::Index(Box::new(index));
        // Pure Invoke time of a T-thread interpreter, measured right before the runs.
        let mut inv = Vec::new();
        for _ in 0..iterations {
            inv.push(ms(single.invoke_only()?));
        }
        let invoke = stats(inv).mean;
        let one = EmbedderOptions {
            threads: 1,
            ..opts.clone()
        };
        let mut layouts: Vec<(String, Vec<TfliteEmbedder>)> =
            vec![(format!("1 × {threads}"), vec![single])];
        if threads > 1 {
            let many = (0..threads)
                .map(|_| TfliteEmbedder::new(&one))
                .collect::<Result<Vec<_>, _>>()?;
            layouts.push((format!("{threads} × 1"), many));
        }
        for (layout, mut workers) in layouts {
            let mut best = f64::INFINITY;
            for _ in 0..3 {
                let t = Instant::now();
                let n = classify_loop(&mut workers, &catalogue, &images, cfg)?;
                best = best.min(ms(t.elapsed()) / n as f64);
            }
            out!(
                "| {name} | {threads} | {layout} | {best:.2} | {invoke:.2} | {:+.1} % |",
                (best - invoke) / invoke * 100.0
            );
        }
    }

    out!("\n### Search (scores + max aggregation + decision), 1280-d\n");
    out!("| enrolled vectors | classes | mean (ms) | p50 | p90 |");
    out!("|---|---|---|---|---|");
    for &n in &args.index_sizes {
        let (index, q) = crate::index::synthetic_index(n, 1280, (n / 5).max(1));
        let settings = decide::MatchSettings {
            aggregation: Aggregation::Max,
            ..cfg.matching
        };
        let mut scores = Vec::new();
        let reps = (2_000_000 / n.max(1)).clamp(5, 200);
        let mut t = Vec::new();
        for _ in 0..reps {
            let s = Instant::now();
            std::hint::black_box(decide::classify(&index, &q, &settings, &mut scores));
            t.push(ms(s.elapsed()));
        }
        let s = stats(t);
        out!(
            "| {n} | {} | {:.3} | {:.3} | {:.3} |",
            index.classes().len(),
            s.mean,
            s.p50,
            s.p90
        );
    }

    let sizes: Vec<usize> = args
        .search_sizes
        .iter()
        .copied()
        .filter(|&n| n > 0)
        .collect();
    if !sizes.is_empty() {
        search::run(&sizes, args.faiss_python.as_deref())?;
    }
    let sizes: Vec<usize> = args
        .export_classes
        .iter()
        .copied()
        .filter(|&n| n > 0)
        .collect();
    if !sizes.is_empty() {
        export_scale(cfg, &models[0], &sizes, iterations)?;
    }
    let sizes: Vec<usize> = args
        .catalogue_sizes
        .iter()
        .copied()
        .filter(|&n| n > 0)
        .collect();
    if !sizes.is_empty() {
        let model = &cfg.embedder.model;
        let bytes =
            std::fs::read(model).with_context(|| format!("cannot read {}", model.display()))?;
        let name = model
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let identity = crate::embed::model_file::identity_of(
            &bytes,
            &name,
            cfg.embedder.input_mean,
            cfg.embedder.input_std,
        )?;
        catalogue::run(cfg, &identity, &sizes)?;
    }
    Ok(Outcome::Ok)
}

/// `cbrd export` at scale: synthetic classes (one unit vector each) exported with max
/// aggregation; file size, export time, interpreter creation (Create + AllocateTensors) and
/// Invoke, with and without XNNPACK.
fn export_scale(cfg: &Config, model: &Path, sizes: &[usize], iterations: usize) -> Result<()> {
    use crate::export::{ExportOptions, Precision};
    let bytes = std::fs::read(model).with_context(|| format!("cannot read {}", model.display()))?;
    let name = model
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let identity = crate::embed::model_file::identity_of(
        &bytes,
        &name,
        cfg.embedder.input_mean,
        cfg.embedder.input_std,
    )?;
    out!("\n### Exported classifier at scale ({name}, max aggregation, one sample per class)\n");
    out!(
        "| classes | retrieval layers | file (MB) | export (s) | XNNPACK | interpreter creation (ms) | Invoke mean (ms) |"
    );
    out!("|---|---|---|---|---|---|---|");
    let dir = std::env::temp_dir().join(format!("cbrd-bench-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    for &n in sizes {
        let (synthetic, _) = crate::index::synthetic_index(n, identity.dim, n);
        let index = synthetic.with_model(identity.clone(), synthetic.vectors().to_f32())?;
        for precision in [Precision::Float, Precision::Int8] {
            let opts = ExportOptions {
                precision,
                aggregation: Aggregation::Max,
                input_mean: cfg.embedder.input_mean,
                input_std: cfg.embedder.input_std,
                model_name: name.clone(),
            };
            let t = Instant::now();
            let e = crate::export::export(&bytes, &index, &opts)?;
            let export_s = t.elapsed().as_secs_f64();
            let path = dir.join("classifier.tflite");
            std::fs::write(&path, &e.bytes)?;
            let size_mb = e.bytes.len() as f64 / 1e6;
            drop(e);
            for xnnpack in [false, true] {
                let o = EmbedderOptions {
                    model: path.clone(),
                    xnnpack,
                    ..cfg.embedder.clone()
                };
                let mut emb = TfliteEmbedder::new(&o)?;
                let created = ms(emb.created_in());
                let img = image::RgbImage::new(emb.params().width, emb.params().height);
                emb.embed(&img)?;
                let mut inv = Vec::new();
                for _ in 0..iterations.clamp(3, 10) {
                    emb.embed(&img)?;
                    inv.push(ms(emb.last_invoke()));
                }
                out!(
                    "| {n} | {} | {size_mb:.1} | {export_s:.2} | {} | {created:.1} | {:.2} |",
                    if precision == Precision::Float {
                        "float32"
                    } else {
                        "int8"
                    },
                    if xnnpack { "on" } else { "off" },
                    stats(inv).mean
                );
            }
            let _ = std::fs::remove_file(&path);
        }
    }
    let _ = std::fs::remove_dir(&dir);
    Ok(())
}

/// The body of `cbrd classify` without printing; returns the number of images classified.
fn classify_loop(
    workers: &mut [TfliteEmbedder],
    catalogue: &crate::decide::Catalogue,
    images: &[PathBuf],
    cfg: &Config,
) -> Result<usize> {
    let mut scores = Vec::new();
    let mut n = 0;
    let mut err = None;
    let mut sink = std::io::sink();
    batch::for_each_embedded(
        images,
        workers,
        cfg.limits,
        false,
        |_| false,
        |path, r| match r {
            Ok(batch::Item::Known { .. }) => ControlFlow::Continue(()),
            Ok(batch::Item::Embedded(e)) => {
                let d = catalogue.classify(&e.vector, &cfg.matching, &mut scores);
                let line = crate::output::ClassifyLine::new(
                    Some(path.display().to_string()),
                    &d,
                    catalogue,
                );
                let _ = serde_json::to_writer(&mut sink, &line);
                n += 1;
                ControlFlow::Continue(())
            }
            Err(e) => {
                err = Some(anyhow::Error::from(e));
                ControlFlow::Break(())
            }
        },
    )?;
    match err {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_model_names() {
        let x86 = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 207\n\
                   model name\t: Intel(R) Xeon(R) Processor\nflags\t\t: fpu sse avx2 avx512f avx512_vnni amx_int8\n";
        assert_eq!(
            cpu_model_of(x86),
            "Intel(R) Xeon(R) Processor [family 6 model 207; avx2 avx512f avx512_vnni amx_int8]"
        );
        let pi = "processor\t: 0\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU part\t: 0xd08\n\n\
                  Hardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n";
        assert_eq!(cpu_model_of(pi), "Raspberry Pi 4 Model B Rev 1.4");
        assert_eq!(cpu_model_of("CPU part\t: 0xd03\n"), "CPU part 0xd03");
        assert_eq!(cpu_model_of(""), "unknown");
    }
}
