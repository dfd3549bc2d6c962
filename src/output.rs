//! The output stage: decisions as JSON lines.

use serde::Serialize;

use crate::decide::{Catalogue, Decision, UnknownReason};

/// One ranked class in the output.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Ranked {
    pub label: String,
    /// Class score (cosine similarity).
    pub score: f32,
    /// Neighbour votes (knn aggregation only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub votes: Option<u32>,
}

/// The ranked classes of a decision, with their labels.
pub fn ranked(decision: &Decision, catalogue: &Catalogue) -> Vec<Ranked> {
    decision
        .top
        .iter()
        .map(|c| Ranked {
            label: catalogue.label(c.class).to_string(),
            score: c.score,
            votes: c.votes,
        })
        .collect()
}

/// The classification of one image, as printed by `cbrd classify` and returned by
/// `POST /v1/classify` (which has no `file`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClassifyLine {
    /// The input file as given (absent for an upload).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The accepted class, or `null` when unknown.
    pub label: Option<String>,
    /// Score of the best class (also when it was not accepted); `null` for an empty index.
    pub score: Option<f32>,
    /// The best classes, best first.
    pub top: Vec<Ranked>,
    /// Why the image is unknown (only when `label` is null).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<UnknownReason>,
}

impl ClassifyLine {
    /// Builds the line for a decision against `catalogue`.
    pub fn new(file: Option<String>, decision: &Decision, catalogue: &Catalogue) -> ClassifyLine {
        let top = ranked(decision, catalogue);
        let (label, reason) = match decision.result {
            Ok(c) => (Some(catalogue.label(c).to_string()), None),
            Err(r) => (None, Some(r)),
        };
        ClassifyLine {
            file,
            label,
            score: top.first().map(|t| t.score),
            top,
            reason,
        }
    }
}

/// A per-file failure line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ErrorLine {
    /// The input file as given.
    pub file: String,
    /// What went wrong.
    pub error: String,
}
