//! What the HTTP API asks of the daemon's pipeline threads, and what they answer: catalogue
//! requests for the decide thread (the index's only writer in the daemon), embedding jobs for
//! the infer thread, and the typed errors they reply with. The API maps those errors to HTTP
//! status codes; nothing here knows about HTTP.

use std::sync::mpsc::Sender;

use image::RgbImage;
use serde::Serialize;

use crate::index::store::StoreError;
use crate::index::{Index, IndexError};

/// One class, as the API shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClassInfo {
    pub id: u64,
    pub label: String,
    pub samples: usize,
    /// Creation time (Unix seconds).
    pub created: u64,
    /// Sample ids (for thumbnails).
    pub sample_ids: Vec<u64>,
}

impl ClassInfo {
    /// A class known only by id and label (a frozen classifier's, or one removed meanwhile).
    pub fn empty(id: u64, label: &str) -> ClassInfo {
        ClassInfo {
            id,
            label: label.to_string(),
            samples: 0,
            created: 0,
            sample_ids: vec![],
        }
    }

    /// Class `id` of `idx` with its samples.
    pub fn of(idx: &Index, id: u64) -> Option<ClassInfo> {
        let c = idx.class_by_id(id)?;
        let sample_ids: Vec<u64> = idx.samples_of(id).map(|s| s.id).collect();
        Some(ClassInfo {
            id,
            label: c.label.clone(),
            samples: sample_ids.len(),
            created: c.created,
            sample_ids,
        })
    }
}

/// Result of an enrollment.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EnrollReply {
    /// The class after the enrollment.
    pub class: ClassInfo,
    pub added: usize,
    /// Uploaded images that were already samples of the class (same content): not added again.
    pub skipped: usize,
    /// Whether the class was created.
    pub new_class: bool,
}

/// One uploaded image, embedded, for [`Request::Enroll`].
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    pub embedding: Vec<f32>,
    /// JPEG thumbnail of the model input.
    pub thumbnail: Option<Vec<u8>>,
    /// [`crate::batch::content_hash`] of the uploaded file.
    pub content_hash: [u8; 32],
}

/// Where the decide thread sends a result.
pub type Reply<T> = Sender<Result<T, RequestError>>;

/// What handlers ask the decide thread for.
#[derive(Debug)]
pub enum Request {
    Classes(Sender<Vec<ClassInfo>>),
    /// Add embedded uploads to the class `label` (created if new).
    Enroll {
        label: String,
        samples: Vec<Upload>,
        reply: Reply<EnrollReply>,
    },
    /// A camera burst into the class `label`, like a button press.
    EnrollCamera {
        label: String,
        /// Result, sent when the burst is saved or failed.
        reply: Reply<EnrollReply>,
    },
    Rename {
        id: u64,
        label: String,
        reply: Reply<ClassInfo>,
    },
    Remove {
        id: u64,
        reply: Reply<()>,
    },
    RemoveSample {
        id: u64,
        sample: u64,
        reply: Reply<()>,
    },
    Thumbnail {
        id: u64,
        sample: u64,
        /// The JPEG, if any.
        reply: Sender<Option<Vec<u8>>>,
    },
    /// Match one model output (an uploaded image's embedding).
    Classify {
        output: Vec<f32>,
        /// The decision as JSON.
        reply: Sender<serde_json::Value>,
    },
}

/// An embedding job for the infer thread (uploads).
#[derive(Debug)]
pub struct EmbedJob {
    /// Model-input-sized images.
    pub images: Vec<RgbImage>,
    /// One result per image.
    pub reply: Sender<Vec<Result<Vec<f32>, String>>>,
}

/// Why a request to the decide thread failed.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error(
        "the model is a classifier made by `cbrd export`, its classes are frozen: enroll with the embedding model, then export again"
    )]
    Frozen,
    #[error("an enrollment is already running; try again when it ends")]
    Busy,
    #[error("the camera enrollment was cancelled (button or reload)")]
    Cancelled,
    /// A camera burst gave up (too few sharp, distinct frames in time); the reason says why.
    #[error("{0}")]
    EnrollFailed(String),
    #[error("no class with id {0}")]
    NoSuchClass(u64),
    #[error("class {label:?} has no sample {sample}")]
    NoSuchSample { label: String, sample: u64 },
    /// A press asked to add to the last class, and there is none.
    #[error("no class enrolled yet")]
    NoLastClass,
    #[error("the last enrolled class was removed meanwhile; a short press enrolls a new class")]
    LastClassRemoved,
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the daemon is stopping")]
    Stopping,
}
