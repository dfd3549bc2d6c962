//! The commands: glue between the CLI and the pipeline stages.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Instant, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use crate::batch;
use crate::cli::{ClassesAction, Cli, Command, GlobalArgs, IndexArg, MatchArgs};
use crate::config::{Config, ConfigError, RawConfig};
use crate::decide;
use crate::embed::{Embedder, TfliteEmbedder, tflite};
use crate::index::{Index, store};
use crate::output::{ClassifyLine, ErrorLine};
use crate::progress::Progress;

/// `println!` that returns an error (e.g. a closed pipe) instead of panicking.
macro_rules! out {
    ($($t:tt)*) => { writeln!(std::io::stdout().lock(), $($t)*)? };
}

/// A usage error (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// How a command ended when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything worked (exit 0).
    Ok,
    /// Some inputs failed, the rest was done (exit 1).
    Partial,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    if cli.version {
        print_version(&cli.global)?;
        return Ok(Outcome::Ok);
    }
    let Some(command) = cli.command else {
        return Err(UsageError("no command given; see `cbrd --help`".into()).into());
    };
    let g = &cli.global;
    match command {
        Command::Enroll {
            index,
            class,
            files,
            allow_duplicates,
        } => enroll(g, &index, &class, &files, allow_duplicates),
        Command::EnrollDir {
            index,
            dataset,
            allow_duplicates,
        } => enroll_dir(g, &index, &dataset, allow_duplicates),
        Command::Classify {
            index,
            matching,
            inputs,
        } => classify(g, &index, &matching, &inputs),
        Command::Classes { action } => classes(g, action),
        Command::Embed { file } => embed(g, &file),
        Command::Info { index } => info(g, &index),
        Command::CheckConfig { file } => check_config(g, file.as_deref()),
        Command::Reembed { index } => reembed(g, &index),
        Command::Run { index } => run_daemon(g, &index),
        Command::Export {
            index,
            out,
            float: _,
            int8,
            aggregation,
        } => export(g, &index, &out, int8, aggregation),
        Command::Bench(args) => crate::bench::run(&load_config(g, None)?, &args),
    }
}

fn print_version(g: &GlobalArgs) -> std::io::Result<()> {
    out!("cbrd {}", env!("CARGO_PKG_VERSION"));
    let configured = g.tflite_lib.clone().or_else(|| {
        let path = g.config.as_ref()?;
        RawConfig::from_file(path).ok()?.runtime.library
    });
    match tflite::Runtime::load(configured.as_deref()) {
        Ok(rt) => out!(
            "TensorFlow Lite runtime {} ({})",
            rt.version(),
            rt.path().display()
        ),
        Err(e) => out!(
            "TensorFlow Lite runtime: not loaded ({})",
            e.to_string().lines().next().unwrap_or("")
        ),
    }
    Ok(())
}

/// Reads the config file (if any), applies command-line overrides and validates.
pub fn load_config(g: &GlobalArgs, m: Option<&MatchArgs>) -> Result<Config, ConfigError> {
    let mut raw = match &g.config {
        Some(p) => RawConfig::from_file(p)?,
        None => RawConfig::default(),
    };
    let mut problems = Vec::new();
    if let Some(p) = &g.model {
        raw.model.path = Some(p.clone());
    }
    if let Some(p) = &g.tflite_lib {
        raw.runtime.library = Some(p.clone());
    }
    if let Some(n) = g.threads {
        raw.runtime.threads = Some(n);
    }
    if g.no_xnnpack {
        raw.runtime.xnnpack = Some(false);
    }
    if g.edgetpu {
        raw.edgetpu.enabled = Some(true);
    }
    if let Some(p) = &g.edgetpu_lib {
        raw.edgetpu.library = Some(p.clone());
    }
    for kv in &g.edgetpu_option {
        match kv.split_once('=') {
            Some((k, v)) if !k.is_empty() => {
                raw.edgetpu
                    .options
                    .get_or_insert_with(Default::default)
                    .insert(k.into(), v.into());
            }
            _ => problems.push(format!("--edgetpu-option: expected KEY=VALUE, got {kv:?}")),
        }
    }
    if let Some(m) = m {
        if let Some(a) = m.aggregation {
            raw.matching.aggregation = Some(a.to_string());
        }
        raw.matching.top_k = m.top_k.or(raw.matching.top_k);
        raw.matching.knn_k = m.knn_k.or(raw.matching.knn_k);
        raw.matching.min_score = m.min_score.or(raw.matching.min_score);
        raw.matching.min_margin = m.min_margin.or(raw.matching.min_margin);
    }
    match raw.validate() {
        Ok(c) if problems.is_empty() => Ok(c),
        Ok(_) => Err(ConfigError { problems }),
        Err(mut e) => {
            e.problems.extend(problems);
            if let Some(p) = &g.config {
                for line in &mut e.problems {
                    *line = format!("{}: {line}", p.display());
                }
            }
            Err(e)
        }
    }
}

/// The files and folders the config names must exist ([`crate::config::files`]); the same
/// messages for `check-config` and `run`, prefixed with the config file.
fn check_files(cfg: &Config, file: Option<&Path>) -> Result<(), ConfigError> {
    let problems = crate::config::files::problems(cfg);
    if problems.is_empty() {
        return Ok(());
    }
    Err(ConfigError {
        problems: problems
            .into_iter()
            .map(|p| match file {
                Some(f) => format!("{}: {p}", f.display()),
                None => p,
            })
            .collect(),
    })
}

fn index_dir(arg: &IndexArg, cfg: &Config) -> Result<PathBuf, UsageError> {
    arg.index
        .clone()
        .or_else(|| cfg.index.clone())
        .ok_or_else(|| {
            UsageError("no index folder: pass --index DIR (or set index.path in the config)".into())
        })
}

/// Unix seconds as an RFC 3339 UTC time, `2026-11-29T22:55:55Z`.
fn rfc3339(unix_s: u64) -> String {
    let t = UNIX_EPOCH + std::time::Duration::from_secs(unix_s);
    humantime::format_rfc3339_seconds(t).to_string()
}

fn now() -> u64 {
    crate::clock::unix_s()
}

fn open_embedder(cfg: &Config) -> Result<TfliteEmbedder> {
    let e = TfliteEmbedder::new(&cfg.embedder).context("cannot start the embedding model")?;
    tracing::debug!(
        model = %cfg.embedder.model.display(),
        runtime = e.runtime().version(),
        delegates = ?e.delegates(),
        threads = e.threads(),
        "model loaded"
    );
    Ok(e)
}

/// Interpreters for a batch of `files` images: `runtime.threads` single-threaded ones (each
/// decodes its own next image, see [`batch::for_each_embedded`]), never more than images; a
/// single interpreter with all threads when the EdgeTPU is in use (one device).
fn open_workers(cfg: &Config, files: usize) -> Result<Vec<TfliteEmbedder>> {
    let threads = cfg.embedder.threads.max(1);
    let workers = if cfg.embedder.edgetpu.is_some() {
        1
    } else {
        threads.min(files).max(1)
    };
    let per_worker = Config {
        embedder: crate::embed::EmbedderOptions {
            threads: (threads / workers).max(1),
            ..cfg.embedder.clone()
        },
        ..cfg.clone()
    };
    (0..workers).map(|_| open_embedder(&per_worker)).collect()
}

/// What enrolling a set of files did.
#[derive(Debug, Default, Clone, Copy)]
struct Enrolled {
    added: usize,
    /// Already a sample of the class (same content): not added again.
    duplicates: usize,
    failed: usize,
}

impl Enrolled {
    fn add(&mut self, o: Enrolled) {
        self.added += o.added;
        self.duplicates += o.duplicates;
        self.failed += o.failed;
    }

    /// `; skipped 3 already enrolled; 1 failed`, or nothing.
    fn tail(&self) -> String {
        let mut t = String::new();
        if self.duplicates > 0 {
            t.push_str(&format!("; skipped {} already enrolled", self.duplicates));
        }
        if self.failed > 0 {
            t.push_str(&format!("; {} failed", self.failed));
        }
        t
    }
}

fn enroll(
    g: &GlobalArgs,
    ia: &IndexArg,
    label: &str,
    files: &[PathBuf],
    allow_duplicates: bool,
) -> Result<Outcome> {
    let cfg = load_config(g, None)?;
    let dir = index_dir(ia, &cfg)?;
    let label = crate::index::validate_label(label).map_err(|e| UsageError(e.to_string()))?;
    let mut workers = open_workers(&cfg, files.len())?;
    let writer = store::Writer::lock(&dir)?;
    let mut index = writer.load_or_create(workers[0].identity())?;
    let class = index.ensure_class(&label, now())?;
    let done = enroll_files(
        &mut workers,
        &mut index,
        class,
        files,
        &cfg,
        allow_duplicates,
        None,
    )?;
    if done.added > 0 {
        writer.save(&index)?;
    }
    let total = index.samples_of(class).count();
    eprintln!(
        "enrolled {} image(s) into class {label:?} ({total} sample(s) now){}",
        done.added,
        done.tail()
    );
    if done.added == 0 && done.duplicates == 0 {
        bail!("no image could be enrolled into {label:?}; the index was not changed");
    }
    Ok(if done.failed > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

/// Embeds `files` and adds them to `class`. An image whose content is already a sample of the
/// class (or earlier in `files`) is counted and skipped unless `allow_duplicates`, without
/// being decoded. A file that cannot be read or embedded is logged and counted; an index error
/// stops everything.
fn enroll_files(
    workers: &mut [TfliteEmbedder],
    index: &mut Index,
    class: u64,
    files: &[PathBuf],
    cfg: &Config,
    allow_duplicates: bool,
    mut progress: Option<&mut Progress>,
) -> Result<Enrolled> {
    let mut done = Enrolled::default();
    let mut fatal = None;
    let known = if allow_duplicates {
        Default::default()
    } else {
        index.contents_of(class)
    };
    let skip = |h: &[u8; 32]| known.contains(h);
    batch::for_each_embedded(
        files,
        workers,
        cfg.limits,
        cfg.thumbnails,
        skip,
        |path, r| {
            if let Some(p) = progress.as_deref_mut() {
                p.inc(1);
            }
            match r {
                Ok(batch::Item::Known { .. }) => done.duplicates += 1,
                Ok(batch::Item::Embedded(e))
                    if !allow_duplicates && index.has_content(class, &e.content_hash) =>
                {
                    // The same image twice in this batch.
                    done.duplicates += 1;
                }
                Ok(batch::Item::Embedded(e)) => {
                    let source = path.display().to_string();
                    if let Err(err) = index.add_sample(
                        class,
                        &source,
                        &e.vector,
                        e.thumbnail,
                        Some(e.content_hash),
                        now(),
                    ) {
                        fatal = Some(err);
                        return ControlFlow::Break(());
                    }
                    done.added += 1;
                }
                Err(e) => {
                    done.failed += 1;
                    let log = || tracing::error!("{}: {:#}", path.display(), e);
                    match progress.as_deref() {
                        Some(p) => p.suspend(log),
                        None => log(),
                    }
                }
            }
            ControlFlow::Continue(())
        },
    )?;
    match fatal {
        Some(e) => Err(e.into()),
        None => Ok(done),
    }
}

fn enroll_dir(
    g: &GlobalArgs,
    ia: &IndexArg,
    dataset: &Path,
    allow_duplicates: bool,
) -> Result<Outcome> {
    let cfg = load_config(g, None)?;
    let dir = index_dir(ia, &cfg)?;
    let mut entries: Vec<_> = std::fs::read_dir(dataset)
        .with_context(|| format!("cannot list dataset folder {}", dataset.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot list dataset folder {}", dataset.display()))?;
    entries.sort_by_key(|e| e.file_name());
    let mut plan = Vec::new();
    let (mut skipped, mut stray, mut bad_folders) = (0usize, 0usize, 0usize);
    // Every real folder and file once, across the classes: a class folder that links back to
    // the dataset, or to another class's folder, is not walked again.
    let mut walk = batch::ImageWalk::default();
    walk.claim(dataset)
        .with_context(|| format!("cannot read dataset folder {}", dataset.display()))?;
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if name.starts_with('.') {
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                stray += 1;
                continue;
            }
            Err(err) => {
                tracing::error!("{}: {err}", path.display());
                bad_folders += 1;
                continue;
            }
        }
        if let Err(err) = crate::index::validate_label(&name) {
            tracing::warn!("skipping folder {}: {err}", path.display());
            continue;
        }
        match walk.claim(&path) {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(
                    "skipping folder {}: a symbolic link to a folder already walked (the dataset or another class)",
                    path.display()
                );
                continue;
            }
            Err(err) => {
                tracing::error!("{}: {err}", path.display());
                bad_folders += 1;
                continue;
            }
        }
        let (files, s) = match walk.images_in(&path, true) {
            Ok(found) => found,
            Err(err) => {
                tracing::error!("cannot list {}: {err}", path.display());
                bad_folders += 1;
                continue;
            }
        };
        skipped += s;
        if files.is_empty() {
            tracing::warn!("folder {} has no images; skipped", path.display());
            continue;
        }
        plan.push((name, files));
    }
    if stray > 0 {
        tracing::warn!(
            "{stray} file(s) directly in {} ignored: images must be in one sub-folder per class",
            dataset.display()
        );
    }
    if plan.is_empty() {
        return Err(UsageError(format!(
            "{} has no class sub-folders with images (expected DATASET/<label>/<image files>)",
            dataset.display()
        ))
        .into());
    }
    let total: usize = plan.iter().map(|(_, f)| f.len()).sum();
    let mut workers = open_workers(&cfg, total)?;
    let writer = store::Writer::lock(&dir)?;
    let mut index = writer.load_or_create(workers[0].identity())?;
    let mut progress = Progress::start("enrolling", "images", total as u64);
    let started = Instant::now();
    let (mut done, mut classes) = (Enrolled::default(), 0usize);
    for (label, files) in plan {
        progress.set_message(&label);
        let class = index.ensure_class(&label, now())?;
        let class_done = enroll_files(
            &mut workers,
            &mut index,
            class,
            &files,
            &cfg,
            allow_duplicates,
            Some(&mut progress),
        )?;
        done.add(class_done);
        if class_done.added > 0 {
            writer.save(&index)?;
            classes += 1;
        }
    }
    progress.finish();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "enrolled {} image(s) into {classes} class(es) in {secs:.1} s{}; {skipped} non-image file(s) ignored; index {} now has {} classes, {} samples",
        done.added,
        done.tail(),
        dir.display(),
        index.classes().len(),
        index.samples().len()
    );
    if bad_folders > 0 {
        eprintln!("{bad_folders} class folder(s) could not be read (see above)");
    }
    let failed = done.failed + bad_folders;
    Ok(if failed > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

/// What to match against: the classes baked into an exported classifier model (no index
/// needed), or the index (which must have been built with the model).
pub fn open_catalogue(
    ia: &IndexArg,
    cfg: &Config,
    emb: &dyn Embedder,
) -> Result<decide::Catalogue> {
    if let Some(labels) = emb.labels() {
        if ia.index.is_some() {
            tracing::warn!(
                "the model is an exported classifier with its own {} classes: --index is ignored",
                labels.len()
            );
        }
        return Ok(decide::Catalogue::Frozen(labels.to_vec()));
    }
    let dir = index_dir(ia, cfg)?;
    let index = open_index_for(&dir, emb)?;
    if index.samples().is_empty() {
        tracing::warn!(
            "index {} has no samples: every image will be unknown",
            dir.display()
        );
    }
    Ok(decide::Catalogue::Index(Box::new(index)))
}

/// Loads the index for reading and checks that it was built with the current model.
fn open_index_for(dir: &Path, emb: &dyn Embedder) -> Result<Index> {
    let index = store::load(dir)?;
    store::check_model(dir, &index, emb.identity())?;
    Ok(index)
}

fn classify(g: &GlobalArgs, ia: &IndexArg, m: &MatchArgs, inputs: &[PathBuf]) -> Result<Outcome> {
    let cfg = load_config(g, Some(m))?;
    let found = batch::expand_inputs(inputs);
    // An input that cannot be used fails alone: an error line, exit code 1 at the end.
    for (input, why) in &found.failed {
        tracing::error!("{}: {why}", input.display());
        let line = serde_json::to_string(&ErrorLine {
            file: input.display().to_string(),
            error: why.clone(),
        })?;
        out!("{line}");
    }
    let files = found.files;
    if files.is_empty() {
        if !found.failed.is_empty() {
            return Ok(Outcome::Partial);
        }
        return Err(UsageError("no image files found in the given inputs".into()).into());
    }
    let mut workers = open_workers(&cfg, files.len())?;
    let catalogue = open_catalogue(ia, &cfg, &workers[0])?;
    let settings = cfg.matching;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = found.failed.len();
    let mut scores = Vec::new();
    let mut io_err = None;
    batch::for_each_embedded(
        &files,
        &mut workers,
        cfg.limits,
        false,
        |_| false,
        |path, r| {
            let file = path.display().to_string();
            let line = match r {
                // Nothing is "known" when classifying.
                Ok(batch::Item::Known { .. }) => return ControlFlow::Continue(()),
                Ok(batch::Item::Embedded(e)) => {
                    let d = catalogue.classify(&e.vector, &settings, &mut scores);
                    serde_json::to_string(&ClassifyLine::new(Some(file), &d, &catalogue))
                }
                Err(e) => {
                    failed += 1;
                    tracing::error!("{file}: {e:#}");
                    serde_json::to_string(&ErrorLine {
                        file,
                        error: format!("{e:#}"),
                    })
                }
            };
            let res = line
                .map_err(std::io::Error::other)
                .and_then(|l| writeln!(out, "{l}"));
            if let Err(e) = res {
                io_err = Some(e);
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        },
    )?;
    if let Some(e) = io_err {
        return Err(anyhow::Error::from(e).context("cannot write to standard output"));
    }
    out.flush()?;
    Ok(if failed > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}

fn classes(g: &GlobalArgs, action: ClassesAction) -> Result<Outcome> {
    // Catalogue commands need neither the model nor the TFLite library; a missing default
    // model must not stop them, so only the index path is taken from the config.
    let cfg_index = match &g.config {
        Some(p) => RawConfig::from_file(p)?.index.path,
        None => None,
    };
    let dir_of = |ia: &IndexArg| -> Result<PathBuf> {
        let dir = ia.index.clone().or(cfg_index.clone()).ok_or_else(|| {
            UsageError("no index folder: pass --index DIR (or set index.path in the config)".into())
        })?;
        if !store::exists(&dir) {
            return Err(store::StoreError::NotFound(dir).into());
        }
        Ok(dir)
    };
    match action {
        ClassesAction::List { index, json } => {
            let idx = store::load(&dir_of(&index)?)?;
            let mut out = std::io::stdout().lock();
            if json {
                for s in idx.summaries() {
                    let v = serde_json::json!({"id": s.class.id, "label": s.class.label, "samples": s.samples, "created": s.class.created});
                    writeln!(out, "{v}")?;
                }
            } else {
                writeln!(out, "{:>6}  {:>7}  LABEL", "ID", "SAMPLES")?;
                for s in idx.summaries() {
                    writeln!(
                        out,
                        "{:>6}  {:>7}  {}",
                        s.class.id, s.samples, s.class.label
                    )?;
                }
                writeln!(
                    out,
                    "{} classes, {} samples",
                    idx.classes().len(),
                    idx.samples().len()
                )?;
            }
        }
        ClassesAction::Show { index, label } => {
            let idx = store::load(&dir_of(&index)?)?;
            let class = idx
                .class_by_label(&label)
                .ok_or_else(|| crate::index::IndexError::NoSuchClass(label.clone()))?;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "class {:?} (id {}), created {}",
                class.label,
                class.id,
                rfc3339(class.created)
            )?;
            writeln!(
                out,
                "{:>8}  {:<20}  {:>6}  SOURCE",
                "SAMPLE", "ADDED (UTC)", "THUMB"
            )?;
            for s in idx.samples_of(class.id) {
                let thumb = s
                    .thumbnail
                    .as_ref()
                    .map(|t| format!("{}B", t.len()))
                    .unwrap_or_else(|| "-".into());
                writeln!(
                    out,
                    "{:>8}  {:<20}  {:>6}  {}",
                    s.id,
                    rfc3339(s.added),
                    thumb,
                    s.source
                )?;
            }
        }
        ClassesAction::Remove { index, label } => {
            let w = store::Writer::lock(&dir_of(&index)?)?;
            let mut idx = w.load()?;
            let n = idx
                .class_by_label(&label)
                .map(|c| idx.samples_of(c.id).count())
                .unwrap_or(0);
            idx.remove_class(&label)?;
            w.save(&idx)?;
            eprintln!("removed class {label:?} and its {n} sample(s)");
        }
        ClassesAction::Rename { index, old, new } => {
            let w = store::Writer::lock(&dir_of(&index)?)?;
            let mut idx = w.load()?;
            idx.rename_class(&old, &new)?;
            w.save(&idx)?;
            eprintln!("renamed class {old:?} to {new:?}");
        }
        ClassesAction::RemoveSample { index, id } => {
            let w = store::Writer::lock(&dir_of(&index)?)?;
            let mut idx = w.load()?;
            let s = idx.remove_sample(id)?;
            w.save(&idx)?;
            eprintln!("removed sample {id} ({})", s.source);
        }
    }
    Ok(Outcome::Ok)
}

fn embed(g: &GlobalArgs, file: &Path) -> Result<Outcome> {
    let cfg = load_config(g, None)?;
    let mut emb = open_embedder(&cfg)?;
    let mut resizer = crate::preprocess::Resizer::default();
    let p = batch::prepare_file(file, &emb.params(), &cfg.limits, &mut resizer, false)
        .with_context(|| file.display().to_string())?;
    let v = emb
        .embed(&p.rgb)
        .with_context(|| file.display().to_string())?;
    out!("{}", serde_json::to_string(&v)?);
    Ok(Outcome::Ok)
}

fn run_daemon(g: &GlobalArgs, ia: &IndexArg) -> Result<Outcome> {
    use crate::button::gpio::{GpioButton, GpioLed};
    use crate::camera::CameraSource;
    use crate::camera::{FrameSource, folder::FolderSource, pipe::PipeSource, v4l2::V4l2Source};
    use crate::sink::{Hook, JsonLines, Sink};

    let mut cfg = load_config(g, None)?;
    if ia.index.is_some() {
        cfg.index = ia.index.clone();
    }
    // What `check-config` checks, with the same messages: a daemon that cannot run as
    // configured stops now (exit 2) rather than doing something else.
    check_files(&cfg, g.config.as_deref())?;
    if let Some(api) = &mut cfg.daemon.api {
        api.resolve_token().map_err(|e| ConfigError {
            problems: vec![e.to_string()],
        })?;
    }
    let ctl = crate::daemon::Control::default();
    // SIGTERM/SIGINT: stop cleanly; the same signal again while stopping: exit at once.
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        signal_hook::flag::register_conditional_shutdown(sig, 130, ctl.stop.clone())?;
        signal_hook::flag::register(sig, ctl.stop.clone())?;
    }
    signal_hook::flag::register(signal_hook::consts::SIGHUP, ctl.reload.clone())?;

    let emb = open_embedder(&cfg)?;
    tracing::info!(
        model = %cfg.embedder.model.display(),
        runtime = emb.runtime().version(),
        delegates = ?emb.delegates(),
        threads = emb.threads(),
        "model loaded"
    );
    // An exported classifier carries its classes; otherwise the index must exist or be
    // creatable, and be built with this model (a mismatch is a configuration error: restarting
    // will not help).
    let dir = if emb.labels().is_some() {
        ia.index.clone().or(cfg.index.clone()).unwrap_or_default()
    } else {
        let dir = index_dir(ia, &cfg)?;
        match store::load(&dir) {
            Ok(idx) => store::check_model(&dir, &idx, emb.identity()).map_err(|e| ConfigError {
                problems: vec![e.to_string()],
            })?,
            Err(store::StoreError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
        dir
    };
    let d = &cfg.daemon;
    let camera: Box<dyn FrameSource> = match &d.camera {
        CameraSource::V4l2(o) => Box::new(V4l2Source::new(o.clone())),
        CameraSource::Folder { dir, rate, looping } => Box::new(FolderSource::new(
            dir.clone(),
            *rate,
            *looping,
            cfg.limits,
            ctl.stop.clone(),
        )),
        CameraSource::Pipe {
            path,
            format,
            width,
            height,
        } => Box::new(PipeSource::new(path.clone(), *format, *width, *height)),
    };
    let button = match &d.button {
        Some((line, _)) => {
            Some(Box::new(GpioButton::open(line)?) as Box<dyn crate::button::ButtonSource>)
        }
        None => None,
    };
    let led = match &d.led {
        Some(line) => Some(Box::new(GpioLed::open(line)?) as Box<dyn crate::button::Led>),
        None => None,
    };
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    if d.stdout {
        sinks.push(Box::new(JsonLines::new(std::io::stdout())));
    }
    if let Some((program, timeout)) = &d.hook {
        sinks.push(Box::new(Hook::new(program.clone(), *timeout)));
    }
    let sources = crate::daemon::Sources {
        camera,
        button,
        led,
    };
    let params = emb.params();
    let board = std::sync::Arc::new(crate::board::Board::new(crate::board::StaticInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        model: cfg.embedder.model.display().to_string(),
        runtime: emb.runtime().version().to_string(),
        delegates: emb.delegates(),
        input_width: params.width,
        input_height: params.height,
    }));
    // The HTTP API beside the pipeline: started with the daemon's links, stopped first.
    let attach: Option<crate::daemon::Attach<'_>> = cfg.daemon.api.clone().map(|api| {
        let (board, limits) = (board.clone(), cfg.limits);
        Box::new(move |links: crate::daemon::Links| {
            let server = crate::api::start(api, board, links.requests, links.embed, limits)?;
            Ok(Box::new(move || server.shutdown()) as Box<dyn FnOnce()>)
        }) as crate::daemon::Attach<'_>
    });
    crate::daemon::run_attached(
        &cfg,
        g.config.as_deref(),
        &dir,
        Box::new(emb),
        sources,
        crate::daemon::Outputs { sinks, board },
        &ctl,
        attach,
    )?;
    Ok(Outcome::Ok)
}

fn export(
    g: &GlobalArgs,
    ia: &IndexArg,
    out: &Path,
    int8: bool,
    aggregation: decide::Aggregation,
) -> Result<Outcome> {
    use crate::export::{ExportOptions, Precision};
    let cfg = load_config(g, None)?;
    let dir = index_dir(ia, &cfg)?;
    if aggregation == decide::Aggregation::Knn {
        return Err(UsageError(crate::export::ExportError::Knn.to_string()).into());
    }
    let model = &cfg.embedder.model;
    let bytes = std::fs::read(model)
        .with_context(|| format!("cannot read the model {}", model.display()))?;
    let index = store::load(&dir)?;
    let opts = ExportOptions {
        precision: if int8 {
            Precision::Int8
        } else {
            Precision::Float
        },
        aggregation,
        input_mean: cfg.embedder.input_mean,
        input_std: cfg.embedder.input_std,
        model_name: model
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let t = Instant::now();
    let e = crate::export::export(&bytes, &index, &opts)?;
    // Write-then-rename: never a half-written classifier at `out`.
    let tmp = out.with_extension("tflite.tmp");
    std::fs::write(&tmp, &e.bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("cannot write {}", out.display()))?;
    for label in &e.skipped_empty {
        tracing::warn!("class {label:?} has no samples: left out of the classifier");
    }
    eprintln!(
        "exported {} classes ({} rows, {} aggregation, {}) to {}: {} bytes, {} operators added ({} in all), {:.1} s",
        e.labels.len(),
        e.rows,
        aggregation,
        if int8 { "int8" } else { "float32" },
        out.display(),
        e.bytes.len(),
        e.ops_added,
        e.ops_total,
        t.elapsed().as_secs_f64()
    );
    Ok(Outcome::Ok)
}

fn reembed(g: &GlobalArgs, ia: &IndexArg) -> Result<Outcome> {
    let cfg = load_config(g, None)?;
    let dir = index_dir(ia, &cfg)?;
    let mut emb = open_embedder(&cfg)?;
    let writer = store::Writer::lock(&dir)?;
    let old = writer.load()?;
    let missing = old
        .samples()
        .iter()
        .filter(|s| s.thumbnail.is_none())
        .count();
    if missing > 0 {
        bail!(
            "{missing} of {} samples in {} have no stored thumbnail and cannot be re-embedded;              enroll those classes again into a new index",
            old.samples().len(),
            dir.display()
        );
    }
    let params = emb.params();
    let mut resizer = crate::preprocess::Resizer::default();
    let mut vectors = Vec::with_capacity(old.samples().len() * emb.identity().dim);
    let mut progress = Progress::start("re-embedding", "samples", old.samples().len() as u64);
    for s in old.samples() {
        let thumb = s.thumbnail.as_deref().unwrap_or_default();
        let v = crate::preprocess::decode(thumb, &cfg.limits)
            .map_err(anyhow::Error::from)
            .and_then(|img| Ok(resizer.square_resize(&img, params.width, params.height)?))
            .and_then(|rgb| Ok(emb.embed(&rgb)?))
            .with_context(|| format!("sample {} ({}): stored thumbnail", s.id, s.source))?;
        vectors.extend_from_slice(&v);
        progress.inc(1);
    }
    progress.finish();
    let new = old.with_model(emb.identity().clone(), vectors)?;
    writer.save(&new)?;
    eprintln!(
        "re-embedded {} samples of {} classes in {} with {}",
        new.samples().len(),
        new.classes().len(),
        dir.display(),
        store::describe_model(new.identity())
    );
    Ok(Outcome::Ok)
}

fn info(g: &GlobalArgs, ia: &IndexArg) -> Result<Outcome> {
    let cfg = load_config(g, None)?;
    let emb = open_embedder(&cfg)?;
    let id = emb.identity().clone();
    let (i, o) = (emb.input_info(), emb.output_info());
    let quant = |q: Option<(f32, i32)>| match q {
        Some((s, z)) => format!(", scale {s}, zero point {z}"),
        None => String::new(),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "cbrd {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "model:        {}", cfg.embedder.model.display())?;
    writeln!(out, "  sha256:     {}", id.model_sha256)?;
    writeln!(
        out,
        "  input:      {:?} {}{}",
        i.shape,
        i.dtype,
        quant(i.quant)
    )?;
    writeln!(
        out,
        "  output:     {:?} {}{} -> {}-d embedding",
        o.shape,
        o.dtype,
        quant(o.quant),
        id.dim
    )?;
    writeln!(out, "  preprocess: {}", id.preprocessing)?;
    writeln!(
        out,
        "runtime:      TensorFlow Lite {} ({})",
        emb.runtime().version(),
        emb.runtime().path().display()
    )?;
    let delegates = emb.delegates();
    writeln!(
        out,
        "delegates:    {}",
        if delegates.is_empty() {
            "none (builtin CPU kernels)".to_string()
        } else {
            delegates.join(", ")
        }
    )?;
    writeln!(out, "threads:      {}", emb.threads())?;
    let dir = ia.index.clone().or(cfg.index.clone());
    if let Some(dir) = dir {
        match store::load(&dir) {
            Ok(idx) => {
                let size = std::fs::metadata(store::file_path(&dir))
                    .map(|m| m.len())
                    .unwrap_or(0);
                let matches = store::check_model(&dir, &idx, &id).is_ok();
                writeln!(out, "index:        {}", dir.display())?;
                writeln!(out, "  classes:    {}", idx.classes().len())?;
                writeln!(out, "  samples:    {}", idx.samples().len())?;
                writeln!(
                    out,
                    "  file:       {} bytes, format v{}",
                    size,
                    store::FORMAT_VERSION
                )?;
                writeln!(
                    out,
                    "  built with: {}",
                    store::describe_model(idx.identity())
                )?;
                writeln!(
                    out,
                    "  matches the model in use: {}",
                    if matches { "yes" } else { "NO" }
                )?;
            }
            Err(e) => writeln!(out, "index:        {}: {e}", dir.display())?,
        }
    }
    Ok(Outcome::Ok)
}

fn check_config(g: &GlobalArgs, file: Option<&Path>) -> Result<Outcome> {
    let Some(file) = file.or(g.config.as_deref()) else {
        return Err(UsageError("check-config needs a FILE (or --config FILE)".into()).into());
    };
    let raw = RawConfig::from_file(file)?;
    let prefix = |e: ConfigError| ConfigError {
        problems: e
            .problems
            .into_iter()
            .map(|p| format!("{}: {p}", file.display()))
            .collect(),
    };
    let cfg = raw.validate().map_err(prefix)?;
    check_files(&cfg, Some(file))?;
    out!("{}: OK", file.display());
    out!("  model       {}", cfg.embedder.model.display());
    out!(
        "  threads     {}, xnnpack {}",
        cfg.embedder.threads,
        cfg.embedder.xnnpack
    );
    out!(
        "  edgetpu     {}",
        cfg.embedder
            .edgetpu
            .as_ref()
            .map(|t| t.library.display().to_string())
            .unwrap_or("off".into())
    );
    out!(
        "  index       {}",
        cfg.index
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or("(not set)".into())
    );
    let m = &cfg.matching;
    out!(
        "  match       {} top_k {} knn_k {} min_score {} min_margin {}",
        m.aggregation,
        m.top_k,
        m.knn_k,
        m.min_score,
        m.min_margin
    );
    match &cfg.daemon.api {
        None => out!("  api         off"),
        Some(api) => out!(
            "  api         http://{}/ ({})",
            api.bind,
            match (&api.token, &api.token_file) {
                (_, Some(f)) => format!("token from {}", f.display()),
                (Some(_), None) => "token in the config".to_string(),
                (None, None) => "no token: loopback only".to_string(),
            }
        ),
    }
    Ok(Outcome::Ok)
}
