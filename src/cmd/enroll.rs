//! `cbrd enroll` (files into one class) and `cbrd enroll-dir` (one sub-folder per class):
//! embed, skip what the class already has, add, in one index transaction.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::{Outcome, UsageError, index_dir, load_config, open_workers};
use crate::batch;
use crate::cli::{GlobalArgs, IndexArg};
use crate::clock::unix_s;
use crate::config::Config;
use crate::embed::{Embedder, TfliteEmbedder};
use crate::index::Index;
use crate::index::store::{self, Open};
use crate::progress::Progress;

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

pub(super) fn enroll(
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
    let identity = workers[0].identity().clone();
    let ((done, class), index) =
        store::edit(&dir, Open::OrCreate(&identity, cfg.storage), |idx| {
            enroll_files(
                &mut workers,
                idx,
                &label,
                files,
                &cfg,
                allow_duplicates,
                None,
            )
        })?;
    let total = class.map_or(0, |c| index.samples_of(c).count());
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

/// Embeds `files` and adds them to the class `label`, which is created with its first sample
/// (a class is never left empty by a batch whose images all fail). An image whose content is
/// already a sample of the class (or earlier in `files`) is counted and skipped unless
/// `allow_duplicates`, without being decoded. A file that cannot be read or embedded is logged
/// and counted; an index error stops everything. Returns the class id, if the class exists.
fn enroll_files(
    workers: &mut [TfliteEmbedder],
    index: &mut Index,
    label: &str,
    files: &[PathBuf],
    cfg: &Config,
    allow_duplicates: bool,
    mut progress: Option<&mut Progress>,
) -> Result<(Enrolled, Option<u64>)> {
    let mut done = Enrolled::default();
    let mut fatal = None;
    let mut class = index.class_by_label(label).map(|c| c.id);
    let known = match class {
        Some(c) if !allow_duplicates => index.contents_of(c),
        _ => Default::default(),
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
                    if !allow_duplicates
                        && class.is_some_and(|c| index.has_content(c, &e.content_hash)) =>
                {
                    // The same image twice in this batch.
                    done.duplicates += 1;
                }
                Ok(batch::Item::Embedded(e)) => {
                    let source = path.display().to_string();
                    let id = match class {
                        Some(id) => id,
                        None => match index.ensure_class(label, unix_s()) {
                            Ok(id) => *class.insert(id),
                            Err(err) => {
                                fatal = Some(err);
                                return ControlFlow::Break(());
                            }
                        },
                    };
                    if let Err(err) = index.add_sample(
                        id,
                        &source,
                        &e.vector,
                        e.thumbnail,
                        Some(e.content_hash),
                        unix_s(),
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
        None => Ok((done, class)),
    }
}

pub(super) fn enroll_dir(
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
    let identity = workers[0].identity().clone();
    let mut progress = Progress::start("enrolling", "images", total as u64);
    let started = Instant::now();
    // One transaction, saved after each class: an interrupted run keeps the classes done.
    let ((done, classes), index) =
        store::edit(&dir, Open::OrCreate(&identity, cfg.storage), |txn| {
            let (mut done, mut classes) = (Enrolled::default(), 0usize);
            for (label, files) in plan {
                progress.set_message(&label);
                let (class_done, _) = enroll_files(
                    &mut workers,
                    txn,
                    &label,
                    &files,
                    &cfg,
                    allow_duplicates,
                    Some(&mut progress),
                )?;
                done.add(class_done);
                if class_done.added > 0 {
                    txn.checkpoint()?;
                    classes += 1;
                }
            }
            anyhow::Ok((done, classes))
        })?;
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
