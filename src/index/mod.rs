//! The enrolled catalogue: classes, samples and their embeddings.
//!
//! [`Index`] is the in-memory form (pure operations, timestamps passed in); [`store`] reads
//! and writes it crash-safely. Embeddings are kept as the rows of one contiguous row-major
//! matrix so that matching is a single matrix–vector product.

pub mod store;

use ndarray::ArrayView2;

use crate::decide::ClassTable;
use crate::embed::ModelIdentity;

/// Longest accepted class label, in bytes.
pub const MAX_LABEL_BYTES: usize = 200;

/// Errors of index operations (not of storage: see [`store::StoreError`]).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum IndexError {
    /// The label is not acceptable.
    #[error("invalid class label {label:?}: {reason}")]
    BadLabel {
        /// The label given.
        label: String,
        /// Why it is refused.
        reason: &'static str,
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
    /// A small JPEG of the model-input crop, kept so the index can be re-embedded.
    pub thumbnail: Option<Vec<u8>>,
}

/// A class with its number of samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassSummary {
    /// The class.
    pub class: Class,
    /// How many samples it has.
    pub samples: usize,
}

/// Checks a class label: non-empty, no surrounding white space, no control characters, at
/// most [`MAX_LABEL_BYTES`] bytes.
pub fn validate_label(label: &str) -> Result<(), IndexError> {
    let bad = |reason| {
        Err(IndexError::BadLabel {
            label: label.to_string(),
            reason,
        })
    };
    if label.is_empty() {
        return bad("it is empty");
    }
    if label.trim() != label {
        return bad("it starts or ends with white space");
    }
    if label.chars().any(char::is_control) {
        return bad("it contains control characters (newline, tab, …)");
    }
    if label.len() > MAX_LABEL_BYTES {
        return bad("it is longer than 200 bytes");
    }
    Ok(())
}

/// The catalogue in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    identity: ModelIdentity,
    fingerprint: [u8; 32],
    classes: Vec<Class>,
    samples: Vec<Sample>,
    /// `samples.len() × dim`, row i is the embedding of `samples[i]`.
    vectors: Vec<f32>,
    next_class_id: u64,
    next_sample_id: u64,
    // Derived: row → class position (kept up to date), and ‖Σv‖ per class (computed on
    // first use after a change, so enrolling many images stays linear).
    row_class: Vec<usize>,
    sum_norms: std::sync::OnceLock<Vec<f32>>,
}

impl Index {
    /// An empty index for vectors of the given model.
    pub fn new(identity: ModelIdentity) -> Index {
        let fingerprint = identity.fingerprint();
        Index {
            identity,
            fingerprint,
            classes: Vec::new(),
            samples: Vec::new(),
            vectors: Vec::new(),
            next_class_id: 1,
            next_sample_id: 1,
            row_class: Vec::new(),
            sum_norms: std::sync::OnceLock::new(),
        }
    }

    /// Rebuilds an index from stored parts (used by [`store`]); checks consistency.
    pub(crate) fn from_parts(
        identity: ModelIdentity,
        fingerprint: [u8; 32],
        classes: Vec<Class>,
        samples: Vec<Sample>,
        vectors: Vec<f32>,
        next_ids: (u64, u64),
    ) -> Result<Index, String> {
        if vectors.len() != samples.len() * identity.dim {
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
            sum_norms: std::sync::OnceLock::new(),
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
        self.sum_norms = std::sync::OnceLock::new();
    }

    fn compute_sum_norms(&self) -> Vec<f32> {
        let dim = self.identity.dim.max(1);
        let mut sums = vec![0f64; self.classes.len() * dim];
        for (row, &c) in self.vectors.chunks_exact(dim).zip(&self.row_class) {
            for (acc, v) in sums[c * dim..(c + 1) * dim].iter_mut().zip(row) {
                *acc += f64::from(*v);
            }
        }
        let mut norms: Vec<f32> = sums
            .chunks(dim)
            .map(|s| s.iter().map(|x| x * x).sum::<f64>().sqrt() as f32)
            .collect();
        norms.resize(self.classes.len(), 0.0);
        norms
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

    /// The embeddings, `samples().len() × dim()`, row-major.
    pub fn matrix(&self) -> ArrayView2<'_, f32> {
        ArrayView2::from_shape((self.samples.len(), self.identity.dim), &self.vectors)
            .expect("vectors are samples × dim by construction")
    }

    /// The raw embedding data (row-major).
    pub fn vectors(&self) -> &[f32] {
        &self.vectors
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
    /// row per sample, in sample order).
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
            sum_norms: std::sync::OnceLock::new(),
        };
        idx.rebuild();
        Ok(idx)
    }

    /// The class with this stable id.
    pub fn class_by_id(&self, id: u64) -> Option<&Class> {
        self.classes.iter().find(|c| c.id == id)
    }

    /// The class with this label.
    pub fn class_by_label(&self, label: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.label == label)
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

    /// The samples of one class.
    pub fn samples_of(&self, class_id: u64) -> impl Iterator<Item = &Sample> {
        self.samples.iter().filter(move |s| s.class_id == class_id)
    }

    /// Returns the id of the class with `label`, creating it if needed.
    pub fn ensure_class(&mut self, label: &str, now: u64) -> Result<u64, IndexError> {
        validate_label(label)?;
        if let Some(c) = self.class_by_label(label) {
            return Ok(c.id);
        }
        let id = self.next_class_id;
        self.next_class_id += 1;
        self.classes.push(Class {
            id,
            label: label.to_string(),
            created: now,
        });
        self.sum_norms = std::sync::OnceLock::new();
        Ok(id)
    }

    /// Adds one sample to a class; the embedding must be L2-normalised.
    pub fn add_sample(
        &mut self,
        class_id: u64,
        source: &str,
        embedding: &[f32],
        thumbnail: Option<Vec<u8>>,
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
            thumbnail,
        });
        self.vectors.extend_from_slice(embedding);
        self.row_class.push(pos);
        self.sum_norms = std::sync::OnceLock::new();
        Ok(id)
    }

    /// Removes a class and all its samples.
    pub fn remove_class(&mut self, label: &str) -> Result<Class, IndexError> {
        let pos = self
            .classes
            .iter()
            .position(|c| c.label == label)
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
        let dim = self.identity.dim;
        let mut vectors = Vec::with_capacity(self.vectors.len());
        let mut samples = Vec::with_capacity(self.samples.len());
        for (s, row) in self
            .samples
            .drain(..)
            .zip(self.vectors.chunks_exact(dim.max(1)))
        {
            if keep(&s) {
                samples.push(s);
                vectors.extend_from_slice(row);
            }
        }
        self.samples = samples;
        self.vectors = vectors;
        self.rebuild();
    }

    /// Renames a class; the new label must be valid and unused.
    pub fn rename_class(&mut self, old: &str, new: &str) -> Result<(), IndexError> {
        validate_label(new)?;
        if old != new && self.class_by_label(new).is_some() {
            return Err(IndexError::ClassExists(new.to_string()));
        }
        let class = self
            .classes
            .iter_mut()
            .find(|c| c.label == old)
            .ok_or_else(|| IndexError::NoSuchClass(old.to_string()))?;
        class.label = new.to_string();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn identity(dim: usize) -> ModelIdentity {
        ModelIdentity {
            file_name: "test.tflite".into(),
            model_sha256: "00".repeat(32),
            preprocessing: "test".into(),
            dim,
        }
    }

    fn unit(dim: usize, i: usize) -> Vec<f32> {
        let mut v = vec![0.0; dim];
        v[i % dim] = 1.0;
        v
    }

    #[test]
    fn label_validation_table() {
        let ok = ["cat", "Café crème", "class-7", "🍎 apple", &"x".repeat(200)];
        for l in ok {
            assert_eq!(validate_label(l), Ok(()), "{l:?}");
        }
        let bad = ["", " cat", "cat ", "a\nb", "tab\there", &"x".repeat(201)];
        for l in bad {
            assert!(
                matches!(validate_label(l), Err(IndexError::BadLabel { .. })),
                "{l:?}"
            );
        }
    }

    #[test]
    fn enroll_remove_rename() {
        let mut idx = Index::new(identity(4));
        let cat = idx.ensure_class("cat", 10).unwrap();
        let dog = idx.ensure_class("dog", 11).unwrap();
        assert_eq!(idx.ensure_class("cat", 12).unwrap(), cat);
        let s1 = idx.add_sample(cat, "a.jpg", &unit(4, 0), None, 20).unwrap();
        idx.add_sample(dog, "b.jpg", &unit(4, 1), None, 21).unwrap();
        idx.add_sample(cat, "c.jpg", &unit(4, 2), Some(vec![1, 2]), 22)
            .unwrap();
        assert_eq!(idx.matrix().dim(), (3, 4));
        assert_eq!(idx.class_table().row_class, &[0, 1, 0]);
        let counts: Vec<(String, usize)> = idx
            .summaries()
            .into_iter()
            .map(|s| (s.class.label, s.samples))
            .collect();
        assert_eq!(counts, vec![("cat".into(), 2), ("dog".into(), 1)]);
        // ‖e0 + e2‖ = √2
        assert!((idx.class_table().sum_norms[0] - 2f32.sqrt()).abs() < 1e-6);

        assert_eq!(
            idx.add_sample(cat, "x", &[1.0], None, 0),
            Err(IndexError::Dimension { got: 1, want: 4 })
        );
        idx.rename_class("cat", "kitten").unwrap();
        assert_eq!(
            idx.rename_class("kitten", "dog"),
            Err(IndexError::ClassExists("dog".into()))
        );
        assert_eq!(
            idx.rename_class("nope", "x"),
            Err(IndexError::NoSuchClass("nope".into()))
        );
        idx.remove_sample(s1).unwrap();
        assert_eq!(idx.remove_sample(s1), Err(IndexError::NoSuchSample(s1)));
        assert_eq!(idx.matrix().row(0).to_vec(), unit(4, 1));
        idx.remove_class("dog").unwrap();
        assert_eq!(idx.samples().len(), 1);
        assert_eq!(idx.class_table().row_class, &[0]);
        assert_eq!(idx.classes()[0].label, "kitten");
        // Ids are never reused.
        let bird = idx.ensure_class("bird", 30).unwrap();
        assert!(bird > dog);
    }
}
