//! The enrolled catalogue: classes, samples and their embeddings.
//!
//! [`Index`] is the in-memory form (pure operations, timestamps passed in); [`store`] reads
//! and writes it crash-safely. Embeddings are kept as the rows of one contiguous row-major
//! matrix so that matching is a single matrix–vector product.

mod label;
pub mod store;
mod synthetic;
#[cfg(test)]
mod tests;

pub use label::{MAX_LABEL_BYTES, validate_label};
pub use synthetic::{UnitRows, synthetic_index};

use label::{nfc, same_label};

use std::collections::HashSet;

use crate::embed::ModelIdentity;
use crate::search::{Storage, Vectors};

/// What the matcher needs to know about the classes of an index (`decide` reads it; the index
/// keeps it up to date).
#[derive(Debug, Clone, Copy)]
pub struct ClassTable<'a> {
    /// For every enrolled vector (row), the position of its class in the class list.
    pub row_class: &'a [usize],
    pub classes: usize,
    /// For every class, `‖Σ v‖` over its vectors (for `Aggregation::Mean`).
    pub sum_norms: &'a [f32],
}

/// Errors of index operations (not of storage: see [`store::StoreError`]).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum IndexError {
    /// The label is not acceptable.
    #[error("invalid class label {label:?}: {reason}")]
    BadLabel {
        /// The label given.
        label: String,
        /// Why it is refused.
        reason: String,
    },
    /// No class with that label.
    #[error("no class named {0:?} in the index (see `cbrd classes list`)")]
    NoSuchClass(String),
    /// A class with that label exists already.
    #[error("a class named {0:?} already exists")]
    ClassExists(String),
    /// No sample with that id.
    #[error("no sample with id {0} in the index (see `cbrd classes show LABEL`)")]
    NoSuchSample(u64),
    /// The vector has the wrong length.
    #[error("embedding has {got} dimensions, the index holds {want}-dimensional vectors")]
    Dimension {
        /// Length given.
        got: usize,
        /// The index's dimension.
        want: usize,
    },
}

/// A class: a stable id and a human label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    /// Stable id, never reused within an index.
    pub id: u64,
    /// Display name (UTF-8, validated by [`validate_label`]).
    pub label: String,
    /// Creation time, seconds since the Unix epoch.
    pub created: u64,
}

/// One enrolled image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// Stable id, never reused within an index.
    pub id: u64,
    /// The class it belongs to.
    pub class_id: u64,
    /// Where it came from (file name, "camera", …).
    pub source: String,
    /// Enrolment time, seconds since the Unix epoch.
    pub added: u64,
    /// A small JPEG of the model-input crop, kept so the index can be re-embedded. Held in
    /// memory only until it is stored (a sample added in this transaction, or read from a
    /// format-1 file): the catalogue keeps thumbnails on disk and reads them one at a time
    /// ([`store::Txn::thumbnail`], [`store::thumbnail`]).
    pub thumbnail: Option<Vec<u8>>,
    /// Size of the stored (or pending) thumbnail in bytes; 0 if the sample has none.
    pub thumbnail_len: u32,
    /// SHA-256 of the image's content (the file's bytes; a camera frame's pixels), so that the
    /// same image is not enrolled twice into a class. `None` for samples of format-1 files.
    pub content_hash: Option<[u8; 32]>,
}

/// A class with its number of samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassSummary {
    /// The class.
    pub class: Class,
    /// How many samples it has.
    pub samples: usize,
}

/// The catalogue in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    identity: ModelIdentity,
    fingerprint: [u8; 32],
    classes: Vec<Class>,
    samples: Vec<Sample>,
    /// `samples.len() × dim` in the catalogue's storage; row i is the embedding of
    /// `samples[i]`.
    vectors: Vectors,
    next_class_id: u64,
    next_sample_id: u64,
    // Derived: row → class position (kept up to date), (class id, content hash) of every
    // sample that has one (kept up to date), and ‖Σv‖ per class (computed on first use after a
    // change, so enrolling many images stays linear).
    row_class: Vec<usize>,
    contents: HashSet<(u64, [u8; 32])>,
    sum_norms: std::sync::OnceLock<Vec<f32>>,
    /// Changes with every change, unique in the process (see [`Index::revision`]).
    revision: u64,
}

/// A fresh revision number: every index and every change gets its own.
fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Index {
    /// An empty index for float32 vectors of the given model.
    pub fn new(identity: ModelIdentity) -> Index {
        Index::with_storage(identity, Storage::F32)
    }

    /// An empty index for vectors of the given model, stored as `storage`.
    pub fn with_storage(identity: ModelIdentity, storage: Storage) -> Index {
        let fingerprint = identity.fingerprint();
        let vectors = Vectors::new(storage, identity.dim);
        Index {
            identity,
            fingerprint,
            classes: Vec::new(),
            samples: Vec::new(),
            vectors,
            next_class_id: 1,
            next_sample_id: 1,
            row_class: Vec::new(),
            contents: HashSet::new(),
            sum_norms: std::sync::OnceLock::new(),
            revision: next_revision(),
        }
    }

    /// Rebuilds an index from stored parts (used by [`store`]); checks consistency.
    pub(crate) fn from_parts(
        identity: ModelIdentity,
        fingerprint: [u8; 32],
        classes: Vec<Class>,
        samples: Vec<Sample>,
        vectors: Vectors,
        next_ids: (u64, u64),
    ) -> Result<Index, String> {
        if vectors.rows() != samples.len() || vectors.dim() != identity.dim {
            return Err("vector data does not match the sample count".into());
        }
        let mut ids = std::collections::HashSet::new();
        let mut labels = std::collections::HashSet::new();
        for c in &classes {
            if !ids.insert(c.id) || c.id >= next_ids.0 {
                return Err(format!("class id {} is duplicated or out of range", c.id));
            }
            if !labels.insert(c.label.as_str()) {
                return Err(format!("class label {:?} is duplicated", c.label));
            }
        }
        let mut sample_ids = std::collections::HashSet::new();
        for s in &samples {
            if !ids.contains(&s.class_id) {
                return Err(format!(
                    "sample {} refers to missing class {}",
                    s.id, s.class_id
                ));
            }
            if !sample_ids.insert(s.id) || s.id >= next_ids.1 {
                return Err(format!("sample id {} is duplicated or out of range", s.id));
            }
        }
        let mut idx = Index {
            identity,
            fingerprint,
            classes,
            samples,
            vectors,
            next_class_id: next_ids.0,
            next_sample_id: next_ids.1,
            row_class: Vec::new(),
            contents: HashSet::new(),
            sum_norms: std::sync::OnceLock::new(),
            revision: next_revision(),
        };
        idx.rebuild();
        Ok(idx)
    }

    /// Recomputes the row → class table after classes or samples were removed.
    fn rebuild(&mut self) {
        let pos: std::collections::HashMap<u64, usize> = self
            .classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        self.row_class = self.samples.iter().map(|s| pos[&s.class_id]).collect();
        self.contents = self
            .samples
            .iter()
            .filter_map(|s| Some((s.class_id, s.content_hash?)))
            .collect();
        self.sum_norms = std::sync::OnceLock::new();
        self.revision = next_revision();
    }

    fn compute_sum_norms(&self) -> Vec<f32> {
        // Class by class with one f64 accumulator (rows grouped by a counting sort), so that
        // the extra memory is O(rows + dim), not classes × dim (100 MB at 10 k classes).
        let dim = self.identity.dim.max(1);
        let classes = self.classes.len();
        let mut start = vec![0usize; classes + 1];
        for &c in &self.row_class {
            start[c + 1] += 1;
        }
        for c in 0..classes {
            start[c + 1] += start[c];
        }
        let mut next = start.clone();
        let mut order = vec![0usize; self.row_class.len()];
        for (row, &c) in self.row_class.iter().enumerate() {
            order[next[c]] = row;
            next[c] += 1;
        }
        let mut acc = vec![0f64; dim];
        let mut v = vec![0f32; dim];
        (0..classes)
            .map(|c| {
                acc.iter_mut().for_each(|a| *a = 0.0);
                for &row in &order[start[c]..start[c + 1]] {
                    self.vectors.row_f32(row, &mut v);
                    for (a, x) in acc.iter_mut().zip(&v) {
                        *a += f64::from(*x);
                    }
                }
                acc.iter().map(|x| x * x).sum::<f64>().sqrt() as f32
            })
            .collect()
    }

    /// Differs after every change (and between any two indexes): what a transaction compares
    /// to know whether there is anything to save.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The model this index was built with.
    pub fn identity(&self) -> &ModelIdentity {
        &self.identity
    }

    /// The fingerprint stored in the file (model sha256 + preprocessing).
    pub fn fingerprint(&self) -> [u8; 32] {
        self.fingerprint
    }

    /// Embedding dimension.
    pub fn dim(&self) -> usize {
        self.identity.dim
    }

    /// All classes, in creation order.
    pub fn classes(&self) -> &[Class] {
        &self.classes
    }

    /// All samples, in enrolment order (row order of the matrix).
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    /// The embeddings, `samples().len() × dim()`, in the catalogue's storage.
    pub fn vectors(&self) -> &Vectors {
        &self.vectors
    }

    /// How the vectors are stored.
    pub fn storage(&self) -> Storage {
        self.vectors.storage()
    }

    /// The same catalogue with its vectors stored as `storage` (`cbrd index convert`).
    pub fn converted(&self, storage: Storage) -> Index {
        let mut idx = self.clone();
        idx.vectors = self.vectors.convert(storage);
        idx.revision = next_revision();
        idx
    }

    /// What the aggregation stage needs about the classes.
    pub fn class_table(&self) -> ClassTable<'_> {
        ClassTable {
            row_class: &self.row_class,
            classes: self.classes.len(),
            sum_norms: self.sum_norms.get_or_init(|| self.compute_sum_norms()),
        }
    }

    /// Ids to be used next: `(class, sample)`.
    pub(crate) fn next_ids(&self) -> (u64, u64) {
        (self.next_class_id, self.next_sample_id)
    }

    /// The same catalogue with every embedding replaced, for a new model (`vectors` holds one
    /// float32 row per sample, in sample order; they are stored in this index's storage).
    pub fn with_model(
        &self,
        identity: ModelIdentity,
        vectors: Vec<f32>,
    ) -> Result<Index, IndexError> {
        if vectors.len() != self.samples.len() * identity.dim {
            return Err(IndexError::Dimension {
                got: vectors.len() / self.samples.len().max(1),
                want: identity.dim,
            });
        }
        let vectors = Vectors::from_f32(self.storage(), identity.dim, &vectors);
        let fingerprint = identity.fingerprint();
        let mut idx = Index {
            identity,
            fingerprint,
            classes: self.classes.clone(),
            samples: self.samples.clone(),
            vectors,
            next_class_id: self.next_class_id,
            next_sample_id: self.next_sample_id,
            row_class: Vec::new(),
            contents: HashSet::new(),
            sum_norms: std::sync::OnceLock::new(),
            revision: next_revision(),
        };
        idx.rebuild();
        Ok(idx)
    }

    /// The class with this stable id.
    pub fn class_by_id(&self, id: u64) -> Option<&Class> {
        self.classes.iter().find(|c| c.id == id)
    }

    /// The class with this label (compared in Unicode NFC).
    pub fn class_by_label(&self, label: &str) -> Option<&Class> {
        let label = nfc(label);
        self.classes.iter().find(|c| same_label(&c.label, &label))
    }

    /// Classes with their sample counts, in creation order.
    pub fn summaries(&self) -> Vec<ClassSummary> {
        let mut counts = vec![0usize; self.classes.len()];
        for &c in &self.row_class {
            counts[c] += 1;
        }
        self.classes
            .iter()
            .zip(counts)
            .map(|(c, n)| ClassSummary {
                class: c.clone(),
                samples: n,
            })
            .collect()
    }

    /// Whether `class_id` has a sample with this content hash.
    pub fn has_content(&self, class_id: u64, content_hash: &[u8; 32]) -> bool {
        self.contents.contains(&(class_id, *content_hash))
    }

    /// The content hashes of one class's samples (those that have one).
    pub fn contents_of(&self, class_id: u64) -> HashSet<[u8; 32]> {
        self.contents
            .iter()
            .filter(|(c, _)| *c == class_id)
            .map(|(_, h)| *h)
            .collect()
    }

    /// Forgets the thumbnail bytes held in memory once they are stored (the lengths stay).
    pub(crate) fn drop_thumbnail_bytes(&mut self) {
        for s in &mut self.samples {
            s.thumbnail = None;
        }
    }

    /// The samples of one class.
    pub fn samples_of(&self, class_id: u64) -> impl Iterator<Item = &Sample> {
        self.samples.iter().filter(move |s| s.class_id == class_id)
    }

    /// Returns the id of the class with `label`, creating it if needed (the label is stored
    /// in NFC, see [`validate_label`]).
    pub fn ensure_class(&mut self, label: &str, now: u64) -> Result<u64, IndexError> {
        let label = validate_label(label)?;
        if let Some(c) = self.class_by_label(&label) {
            return Ok(c.id);
        }
        let id = self.next_class_id;
        self.next_class_id += 1;
        self.classes.push(Class {
            id,
            label,
            created: now,
        });
        self.sum_norms = std::sync::OnceLock::new();
        self.revision = next_revision();
        Ok(id)
    }

    /// Adds one sample to a class; the embedding must be L2-normalised. Whether an image
    /// already in the class (same `content_hash`) may be added again is the caller's policy
    /// ([`Index::has_content`]).
    pub fn add_sample(
        &mut self,
        class_id: u64,
        source: &str,
        embedding: &[f32],
        thumbnail: Option<Vec<u8>>,
        content_hash: Option<[u8; 32]>,
        now: u64,
    ) -> Result<u64, IndexError> {
        if embedding.len() != self.identity.dim {
            return Err(IndexError::Dimension {
                got: embedding.len(),
                want: self.identity.dim,
            });
        }
        let Some(pos) = self.classes.iter().position(|c| c.id == class_id) else {
            return Err(IndexError::NoSuchClass(format!("#{class_id}")));
        };
        let id = self.next_sample_id;
        self.next_sample_id += 1;
        self.samples.push(Sample {
            id,
            class_id,
            source: source.to_string(),
            added: now,
            thumbnail_len: thumbnail
                .as_ref()
                .map_or(0, |t| u32::try_from(t.len()).unwrap_or(u32::MAX)),
            thumbnail,
            content_hash,
        });
        if let Some(h) = content_hash {
            self.contents.insert((class_id, h));
        }
        self.vectors.push(embedding);
        self.row_class.push(pos);
        self.sum_norms = std::sync::OnceLock::new();
        self.revision = next_revision();
        Ok(id)
    }

    /// Removes a class and all its samples.
    pub fn remove_class(&mut self, label: &str) -> Result<Class, IndexError> {
        let wanted = nfc(label);
        let pos = self
            .classes
            .iter()
            .position(|c| same_label(&c.label, &wanted))
            .ok_or_else(|| IndexError::NoSuchClass(label.to_string()))?;
        let class = self.classes.remove(pos);
        self.retain_samples(|s| s.class_id != class.id);
        Ok(class)
    }

    /// Removes one sample. Its class stays, even if it has no samples left.
    pub fn remove_sample(&mut self, sample_id: u64) -> Result<Sample, IndexError> {
        let sample = self
            .samples
            .iter()
            .find(|s| s.id == sample_id)
            .cloned()
            .ok_or(IndexError::NoSuchSample(sample_id))?;
        self.retain_samples(|s| s.id != sample_id);
        Ok(sample)
    }

    fn retain_samples(&mut self, keep: impl Fn(&Sample) -> bool) {
        let kept: Vec<bool> = self.samples.iter().map(&keep).collect();
        self.samples.retain(keep);
        self.vectors.retain(|row| kept[row]);
        self.rebuild();
    }

    /// Renames a class; the new label must be valid and unused (it is stored in NFC).
    pub fn rename_class(&mut self, old: &str, new: &str) -> Result<(), IndexError> {
        let new = validate_label(new)?;
        let old_nfc = nfc(old);
        let pos = self
            .classes
            .iter()
            .position(|c| same_label(&c.label, &old_nfc))
            .ok_or_else(|| IndexError::NoSuchClass(old.to_string()))?;
        if let Some(other) = self.class_by_label(&new)
            && other.id != self.classes[pos].id
        {
            return Err(IndexError::ClassExists(new));
        }
        self.classes[pos].label = new;
        self.revision = next_revision();
        Ok(())
    }
}
