//! `cbrd classes list|show|rename|remove|remove-sample`: the catalogue, without the model or
//! the runtime.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::{Outcome, UsageError};
use crate::cli::{ClassesAction, GlobalArgs, IndexArg};
use crate::config::RawConfig;
use crate::index::store::{self, Open};

pub(super) fn classes(g: &GlobalArgs, action: ClassesAction) -> Result<Outcome> {
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
            // Class rows and sample counts only: no vector, no thumbnail is read.
            let summaries = store::summaries(&dir_of(&index)?)?;
            let mut out = std::io::stdout().lock();
            if json {
                for s in &summaries {
                    let v = serde_json::json!({"id": s.class.id, "label": s.class.label, "samples": s.samples, "created": s.class.created});
                    writeln!(out, "{v}")?;
                }
            } else {
                writeln!(out, "{:>6}  {:>7}  LABEL", "ID", "SAMPLES")?;
                for s in &summaries {
                    writeln!(
                        out,
                        "{:>6}  {:>7}  {}",
                        s.class.id, s.samples, s.class.label
                    )?;
                }
                writeln!(
                    out,
                    "{} classes, {} samples",
                    summaries.len(),
                    summaries.iter().map(|s| s.samples).sum::<usize>()
                )?;
            }
        }
        ClassesAction::Show { index, label } => {
            let st = store::Store::open(&dir_of(&index)?)?;
            let classes = st.classes_only()?;
            let class = classes
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
            for s in st.samples_of(class.id)? {
                let thumb = match s.thumbnail_len {
                    0 => "-".to_string(),
                    n => format!("{n}B"),
                };
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
            let (n, _) = store::edit(&dir_of(&index)?, Open::Existing(None), |idx| {
                let n = idx
                    .class_by_label(&label)
                    .map(|c| idx.samples_of(c.id).count())
                    .unwrap_or(0);
                idx.remove_class(&label)?;
                anyhow::Ok(n)
            })?;
            eprintln!("removed class {label:?} and its {n} sample(s)");
        }
        ClassesAction::Rename { index, old, new } => {
            store::edit(&dir_of(&index)?, Open::Existing(None), |idx| {
                anyhow::Ok(idx.rename_class(&old, &new)?)
            })?;
            eprintln!("renamed class {old:?} to {new:?}");
        }
        ClassesAction::RemoveSample { index, id } => {
            let (s, _) = store::edit(&dir_of(&index)?, Open::Existing(None), |idx| {
                anyhow::Ok(idx.remove_sample(id)?)
            })?;
            eprintln!("removed sample {id} ({})", s.source);
        }
    }
    Ok(Outcome::Ok)
}

/// Unix seconds as an RFC 3339 UTC time, `2026-11-29T22:55:55Z`.
fn rfc3339(unix_s: u64) -> String {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix_s);
    humantime::format_rfc3339_seconds(t).to_string()
}
