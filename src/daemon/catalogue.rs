//! The decide thread's changes to the catalogue: the API's requests, camera enrollments and
//! undo. Every change is one [`store::edit`] transaction (the folder lock, a fresh read so
//! that CLI changes made meanwhile are kept, the save), after which the saved index becomes
//! the catalogue. Errors are [`RequestError`]s; the API decides what they mean in HTTP.

use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::anyhow;

use super::decide::{DecideState, UndoEntry};
use crate::batch;
use crate::board::metrics::{ErrorKind, Stage};
use crate::clock::{now_ms, unix_ms, unix_s};
use crate::decide::Catalogue;
use crate::enroll::{self, Observation, Target};
use crate::event::Event;
use crate::index::Index;
use crate::index::store::{Open, Txn};
use crate::request::{ClassInfo, EnrollReply, Request, RequestError, Upload};

impl DecideState {
    /// One class as the API shows it (`None` if unknown).
    fn class_info(&self, id: u64) -> Option<ClassInfo> {
        match &self.catalogue {
            Catalogue::Index(idx) => ClassInfo::of(idx, id),
            Catalogue::Frozen(_) => None,
        }
    }

    fn class_infos(&self) -> Vec<ClassInfo> {
        match &self.catalogue {
            Catalogue::Index(idx) => idx
                .classes()
                .iter()
                .filter_map(|c| ClassInfo::of(idx, c.id))
                .collect(),
            Catalogue::Frozen(labels) => labels
                .iter()
                .enumerate()
                .map(|(i, l)| ClassInfo::empty(i as u64, l))
                .collect(),
        }
    }

    /// Changes the index in one transaction and adopts the result. `existing`: the index must
    /// be there already (undo), else an empty one is started if the folder has none.
    fn edit<T>(
        &mut self,
        existing: bool,
        change: impl FnOnce(&mut Txn) -> Result<T, RequestError>,
    ) -> Result<T, RequestError> {
        self.needs_index()?;
        let open = if existing {
            Open::Existing(Some(&self.identity))
        } else {
            Open::OrCreate(&self.identity, self.storage)
        };
        let (Catalogue::Index(idx), Some(st)) = (&mut self.catalogue, &mut self.store) else {
            return Err(RequestError::Frozen);
        };
        // In place: the matrix grows or shrinks by the rows that changed.
        let r = st.edit(idx, open, change);
        match r {
            Ok(t) => {
                self.sync_board();
                Ok(t)
            }
            Err(e) => {
                if let RequestError::Store(s) = &e {
                    self.board.metrics.error(ErrorKind::Enroll);
                    tracing::error!("index: {s}");
                }
                Err(e)
            }
        }
    }

    pub(super) fn on_api(&mut self, req: Request) {
        match req {
            Request::Classes(reply) => {
                let _ = reply.send(self.class_infos());
            }
            Request::Enroll {
                label,
                samples,
                reply,
            } => {
                let r = self.enroll_uploads(&label, &samples);
                if r.is_err() {
                    self.board.metrics.error(ErrorKind::Enroll);
                }
                let _ = reply.send(r);
            }
            Request::EnrollCamera { label, reply } => {
                let started = self.needs_index().and_then(|()| {
                    if self.pending.is_some() || self.enroller.capturing() {
                        return Err(RequestError::Busy);
                    }
                    self.enroller
                        .request(Target::Named(label), now_ms())
                        .ok_or(RequestError::Busy)
                });
                match started {
                    Ok(actions) => {
                        self.pending = Some(reply);
                        self.apply(actions);
                    }
                    Err(e) => {
                        let _ = reply.send(Err(e));
                    }
                }
            }
            Request::Rename { id, label, reply } => {
                let r = self.edit(false, |idx| {
                    let old = label_of(idx, id)?;
                    idx.rename_class(&old, &label)?;
                    Ok(old)
                });
                let r = r.map(|old| {
                    tracing::info!(old = %old, label = %label, "class renamed");
                    self.emit(Event::Renamed {
                        time_ms: unix_ms(),
                        class_id: id,
                        old,
                        label: label.clone(),
                    });
                    // The class in view keeps its id but the kiosk shows its name: a new
                    // decision event carries the new label.
                    if let Some(cur) = self.smoother.current()
                        && cur.class == Some(id)
                    {
                        self.board.metrics.decisions.fetch_add(1, Ordering::Relaxed);
                        tracing::info!(label = %label, "decision: class in view renamed");
                        let decision = self.decision(cur.class, cur.score);
                        self.emit(Event::Decision {
                            time_ms: unix_ms(),
                            decision,
                        });
                    }
                    self.class_info(id)
                        .unwrap_or_else(|| ClassInfo::empty(id, &label))
                });
                let _ = reply.send(r);
            }
            Request::Remove { id, reply } => {
                let r = self.edit(false, |idx| {
                    let label = label_of(idx, id)?;
                    idx.remove_class(&label)?;
                    Ok(label)
                });
                let r = r.map(|label| {
                    self.smoother.reset();
                    self.undo.retain(|u| u.class_id != id);
                    if self.last_class == Some(id) {
                        self.last_class = None;
                    }
                    tracing::info!(label = %label, "class removed");
                    self.emit(Event::Removed {
                        time_ms: unix_ms(),
                        class_id: id,
                        label,
                        sample_id: None,
                    });
                });
                let _ = reply.send(r);
            }
            Request::RemoveSample { id, sample, reply } => {
                let r = self.edit(false, |idx| {
                    let label = label_of(idx, id)?;
                    if !idx.samples_of(id).any(|s| s.id == sample) {
                        return Err(RequestError::NoSuchSample { label, sample });
                    }
                    idx.remove_sample(sample)?;
                    Ok(label)
                });
                let r = r.map(|label| {
                    self.smoother.reset();
                    tracing::info!(label = %label, sample, "sample removed");
                    self.emit(Event::Removed {
                        time_ms: unix_ms(),
                        class_id: id,
                        label,
                        sample_id: Some(sample),
                    });
                });
                let _ = reply.send(r);
            }
            Request::Thumbnail { id, sample, reply } => {
                let jpeg = match (&self.catalogue, &self.store) {
                    (Catalogue::Index(idx), Some(st))
                        if idx.samples_of(id).any(|s| s.id == sample) =>
                    {
                        st.thumbnail(sample).unwrap_or_else(|e| {
                            tracing::warn!("thumbnail of sample {sample}: {e}");
                            None
                        })
                    }
                    _ => None,
                };
                let _ = reply.send(jpeg);
            }
            Request::Classify { output, reply } => {
                let t = Instant::now();
                let d = self
                    .catalogue
                    .classify(&output, &self.matching, &mut self.scores);
                self.board.metrics.stage(Stage::Match, t.elapsed());
                // The same JSON as a line of `cbrd classify`, without the file name.
                let line = crate::output::ClassifyLine::new(None, &d, &self.catalogue);
                let _ = reply.send(serde_json::to_value(&line).unwrap_or_default());
            }
        }
    }

    /// Adds uploads to the class `label`; an image whose content is already a sample of the
    /// class is skipped (and counted), like `cbrd enroll` does.
    fn enroll_uploads(
        &mut self,
        label: &str,
        samples: &[Upload],
    ) -> Result<EnrollReply, RequestError> {
        let thumbnails = self.thumbnails;
        let now = unix_s();
        let (class_id, created, ids, skipped) = self.edit(false, |idx| {
            let created = idx.class_by_label(label).is_none();
            let class_id = idx.ensure_class(label, now)?;
            let (mut ids, mut skipped) = (Vec::new(), 0);
            for u in samples {
                if idx.has_content(class_id, &u.content_hash) {
                    skipped += 1;
                    continue;
                }
                let thumb = u.thumbnail.clone().filter(|_| thumbnails);
                ids.push(idx.add_sample(
                    class_id,
                    "api upload",
                    &u.embedding,
                    thumb,
                    Some(u.content_hash),
                    now,
                )?);
            }
            Ok((class_id, created, ids, skipped))
        })?;
        if ids.is_empty() {
            // Nothing new: no event, nothing to undo.
            return Ok(EnrollReply {
                class: self
                    .class_info(class_id)
                    .unwrap_or_else(|| ClassInfo::empty(class_id, label)),
                added: 0,
                skipped,
                new_class: false,
            });
        }
        let mut reply = self.enrolled(class_id, created, ids);
        reply.skipped = skipped;
        Ok(reply)
    }

    /// Bookkeeping after samples were saved: undo entry, event, metrics, reply.
    fn enrolled(&mut self, class_id: u64, created: bool, ids: Vec<u64>) -> EnrollReply {
        let class = self
            .class_info(class_id)
            .unwrap_or_else(|| ClassInfo::empty(class_id, ""));
        self.undo.push(UndoEntry {
            class_id,
            samples: ids.clone(),
            created,
        });
        self.last_class = Some(class_id);
        self.board
            .metrics
            .enrollments
            .fetch_add(1, Ordering::Relaxed);
        tracing::info!(label = %class.label, added = ids.len(), samples = class.samples, new_class = created, "enrolled");
        self.emit(Event::Enrolled {
            time_ms: unix_ms(),
            label: class.label.clone(),
            class_id,
            new_class: created,
            added: ids.len(),
            samples: class.samples,
        });
        EnrollReply {
            added: ids.len(),
            skipped: 0,
            new_class: created,
            class,
        }
    }

    /// Adds a camera burst's frames to the index.
    pub(super) fn commit(
        &mut self,
        target: Target,
        frames: &[Observation],
    ) -> Result<EnrollReply, RequestError> {
        let now = unix_s();
        let (labels, last_class, thumbnails) =
            (self.labels.clone(), self.last_class, self.thumbnails);
        let (class_id, created, ids) = self.edit(false, |idx| {
            let (class_id, created) = match target {
                Target::NewClass => {
                    let label = enroll::next_label(&labels, &|l| idx.class_by_label(l).is_some());
                    (idx.ensure_class(&label, now)?, true)
                }
                Target::LastClass => {
                    let id = last_class.ok_or(RequestError::NoLastClass)?;
                    if idx.class_by_id(id).is_none() {
                        return Err(RequestError::LastClassRemoved);
                    }
                    (id, false)
                }
                Target::Named(label) => {
                    let created = idx.class_by_label(&label).is_none();
                    (idx.ensure_class(&label, now)?, created)
                }
            };
            let mut ids = Vec::new();
            for f in frames {
                let thumb = if thumbnails {
                    batch::encode_thumbnail(&f.input)
                } else {
                    None
                };
                ids.push(idx.add_sample(
                    class_id,
                    &format!("camera frame {}", f.frame),
                    &f.embedding,
                    thumb,
                    Some(batch::content_hash(f.input.as_raw())),
                    now,
                )?);
            }
            Ok((class_id, created, ids))
        })?;
        Ok(self.enrolled(class_id, created, ids))
    }

    /// Takes back the last enrollment since the daemon started (a double press).
    pub(super) fn undo(&mut self) -> anyhow::Result<Event> {
        let entry = self
            .undo
            .pop()
            .ok_or_else(|| anyhow!("nothing to undo since cbrd started"))?;
        let (label, removed, class_removed) = self.edit(true, |idx| {
            let label = idx.class_by_id(entry.class_id).map(|c| c.label.clone());
            let removed = entry
                .samples
                .iter()
                .filter(|id| idx.remove_sample(**id).is_ok())
                .count();
            let mut class_removed = false;
            if let Some(l) = &label
                && entry.created
                && idx.samples_of(entry.class_id).next().is_none()
            {
                idx.remove_class(l)?;
                class_removed = true;
            }
            Ok((label, removed, class_removed))
        })?;
        if class_removed && self.last_class == Some(entry.class_id) {
            self.last_class = self.undo.last().map(|e| e.class_id);
        }
        self.smoother.reset();
        let label = label.unwrap_or_default();
        tracing::info!(label = %label, removed, class_removed, "undone");
        Ok(Event::Undone {
            time_ms: unix_ms(),
            label,
            removed,
            class_removed,
        })
    }
}

/// The label of class `id`.
fn label_of(idx: &Index, id: u64) -> Result<String, RequestError> {
    idx.class_by_id(id)
        .map(|c| c.label.clone())
        .ok_or(RequestError::NoSuchClass(id))
}
