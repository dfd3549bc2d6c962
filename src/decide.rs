//! Aggregation of per-sample scores into per-class scores, top-k, and the open-set decision.
//!
//! Pure code: takes the scores from [`crate::search`] and the index's row → class table.

use std::cmp::Ordering;

use crate::index::ClassTable;

/// How the scores of one class's samples become the class score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    /// Best sample (the seed's rule): the class score is its most similar sample.
    #[default]
    Max,
    /// Class prototype: cosine to the L2-normalised mean of the class's samples.
    Mean,
    /// k-nearest-neighbour vote: the `knn_k` most similar samples vote for their class;
    /// classes rank by votes, then by their best score (which is the reported score).
    Knn,
}

impl std::str::FromStr for Aggregation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "max" => Ok(Aggregation::Max),
            "mean" => Ok(Aggregation::Mean),
            "knn" => Ok(Aggregation::Knn),
            _ => Err(format!(
                "unknown aggregation {s:?}: expected max, mean or knn"
            )),
        }
    }
}

impl std::fmt::Display for Aggregation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Aggregation::Max => "max",
            Aggregation::Mean => "mean",
            Aggregation::Knn => "knn",
        })
    }
}

/// Matching settings (validated config values).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchSettings {
    /// Per-class aggregation.
    pub aggregation: Aggregation,
    /// How many classes to report.
    pub top_k: usize,
    /// Neighbours that vote with [`Aggregation::Knn`].
    pub knn_k: usize,
    /// Below this best score the result is unknown.
    pub min_score: f32,
    /// Below this gap between the best and the second class the result is unknown.
    pub min_margin: f32,
}

/// One class in a ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassScore {
    /// Position of the class in the index's class list.
    pub class: usize,
    /// Cosine similarity (see [`Aggregation`] for which one).
    pub score: f32,
    /// Votes, for [`Aggregation::Knn`].
    pub votes: Option<u32>,
}

/// Why a query was not accepted as a known class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownReason {
    /// The index has no samples.
    EmptyIndex,
    /// The best score is under `min_score`.
    LowScore,
    /// The best two classes are closer than `min_margin`.
    Ambiguous,
}

/// The outcome for one query.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The best classes, best first (at most `top_k`).
    pub top: Vec<ClassScore>,
    /// The accepted class, or why there is none.
    pub result: Result<usize, UnknownReason>,
}

fn by_score_desc(a: &ClassScore, b: &ClassScore) -> Ordering {
    b.score
        .partial_cmp(&a.score)
        .unwrap_or(Ordering::Equal)
        .then(a.class.cmp(&b.class))
}

/// Per-class scores, ranked best first (all classes with samples; for knn only those that got
/// a vote).
pub fn aggregate(
    scores: &[f32],
    table: ClassTable<'_>,
    aggregation: Aggregation,
    knn_k: usize,
) -> Vec<ClassScore> {
    assert_eq!(
        scores.len(),
        table.row_class.len(),
        "one score per enrolled vector"
    );
    let mut ranked: Vec<ClassScore> = match aggregation {
        Aggregation::Max => {
            let mut best = vec![f32::NEG_INFINITY; table.classes];
            for (&s, &c) in scores.iter().zip(table.row_class) {
                if s > best[c] {
                    best[c] = s;
                }
            }
            best.into_iter()
                .enumerate()
                .filter(|(_, s)| s.is_finite())
                .map(|(class, score)| ClassScore {
                    class,
                    score,
                    votes: None,
                })
                .collect()
        }
        Aggregation::Mean => {
            // q · normalise(Σv) = (Σ q·v) / ‖Σv‖
            let mut sum = vec![0f64; table.classes];
            let mut n = vec![0u32; table.classes];
            for (&s, &c) in scores.iter().zip(table.row_class) {
                sum[c] += f64::from(s);
                n[c] += 1;
            }
            (0..table.classes)
                .filter(|&c| n[c] > 0 && table.sum_norms[c] > 0.0)
                .map(|c| ClassScore {
                    class: c,
                    score: (sum[c] / f64::from(table.sum_norms[c])) as f32,
                    votes: None,
                })
                .collect()
        }
        Aggregation::Knn => {
            let k = knn_k.max(1).min(scores.len());
            let mut order: Vec<usize> = (0..scores.len()).collect();
            let cmp = |a: &usize, b: &usize| {
                scores[*b]
                    .partial_cmp(&scores[*a])
                    .unwrap_or(Ordering::Equal)
            };
            if k < order.len() {
                order.select_nth_unstable_by(k - 1, cmp);
                order.truncate(k);
            }
            let mut votes = vec![0u32; table.classes];
            let mut best = vec![f32::NEG_INFINITY; table.classes];
            for &row in &order {
                let c = table.row_class[row];
                votes[c] += 1;
                best[c] = best[c].max(scores[row]);
            }
            let mut v: Vec<ClassScore> = (0..table.classes)
                .filter(|&c| votes[c] > 0)
                .map(|c| ClassScore {
                    class: c,
                    score: best[c],
                    votes: Some(votes[c]),
                })
                .collect();
            v.sort_by(|a, b| b.votes.cmp(&a.votes).then(by_score_desc(a, b)));
            return v;
        }
    };
    ranked.sort_by(by_score_desc);
    ranked
}

/// Applies the open-set rule to a ranking and keeps the `top_k` best.
pub fn decide(mut ranked: Vec<ClassScore>, settings: &MatchSettings) -> Decision {
    let result = match ranked.as_slice() {
        [] => Err(UnknownReason::EmptyIndex),
        [best, rest @ ..] => {
            if best.score < settings.min_score {
                Err(UnknownReason::LowScore)
            } else if rest
                .first()
                .is_some_and(|second| best.score - second.score < settings.min_margin)
            {
                Err(UnknownReason::Ambiguous)
            } else {
                Ok(best.class)
            }
        }
    };
    ranked.truncate(settings.top_k.max(1));
    Decision {
        top: ranked,
        result,
    }
}

/// The whole matching step for one normalised query against an index: scores
/// ([`crate::search::scores_into`], using `scratch` as the score buffer), aggregation, top-k and
/// the open-set rule.
pub fn classify(
    index: &crate::index::Index,
    query: &[f32],
    settings: &MatchSettings,
    scratch: &mut Vec<f32>,
) -> Decision {
    crate::search::scores_into(index.vectors(), query, scratch);
    let ranked = aggregate(
        scratch,
        index.class_table(),
        settings.aggregation,
        settings.knn_k,
    );
    decide(ranked, settings)
}

/// What queries are matched against: the enrolled index, or the classes baked into a
/// classifier exported by `cbrd export` (then the model's output already is one score per
/// class, and the catalogue is frozen).
#[derive(Debug, Clone)]
pub enum Catalogue {
    /// Enrolled samples; the model outputs embeddings.
    Index(Box<crate::index::Index>),
    /// An exported classifier's labels; the model outputs class scores.
    Frozen(Vec<String>),
}

impl Catalogue {
    /// The decision for one model output (an embedding, or class scores when frozen).
    pub fn classify(
        &self,
        output: &[f32],
        settings: &MatchSettings,
        scratch: &mut Vec<f32>,
    ) -> Decision {
        match self {
            Catalogue::Index(index) => classify(index, output, settings, scratch),
            Catalogue::Frozen(_) => {
                let keep = settings.top_k.max(2).min(output.len());
                let mut order: Vec<usize> = (0..output.len()).collect();
                let cmp = |a: &usize, b: &usize| {
                    output[*b]
                        .partial_cmp(&output[*a])
                        .unwrap_or(Ordering::Equal)
                };
                if keep > 0 && keep < order.len() {
                    order.select_nth_unstable_by(keep - 1, cmp);
                    order.truncate(keep);
                }
                let mut ranked: Vec<ClassScore> = order
                    .into_iter()
                    .map(|class| ClassScore {
                        class,
                        score: output[class],
                        votes: None,
                    })
                    .collect();
                ranked.sort_by(by_score_desc);
                decide(ranked, settings)
            }
        }
    }

    /// Label of the class at position `pos`.
    pub fn label(&self, pos: usize) -> &str {
        match self {
            Catalogue::Index(index) => &index.classes()[pos].label,
            Catalogue::Frozen(labels) => &labels[pos],
        }
    }

    /// Stable id of the class at position `pos` (the position itself when frozen).
    pub fn id(&self, pos: usize) -> u64 {
        match self {
            Catalogue::Index(index) => index.classes()[pos].id,
            Catalogue::Frozen(_) => pos as u64,
        }
    }

    /// Label of the class with stable id `id`.
    pub fn label_of_id(&self, id: u64) -> Option<&str> {
        match self {
            Catalogue::Index(index) => index.class_by_id(id).map(|c| c.label.as_str()),
            Catalogue::Frozen(labels) => labels.get(id as usize).map(String::as_str),
        }
    }

    pub fn classes(&self) -> usize {
        match self {
            Catalogue::Index(index) => index.classes().len(),
            Catalogue::Frozen(labels) => labels.len(),
        }
    }

    /// Number of enrolled samples (one per class when frozen).
    pub fn samples(&self) -> usize {
        match self {
            Catalogue::Index(index) => index.samples().len(),
            Catalogue::Frozen(labels) => labels.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(aggregation: Aggregation) -> MatchSettings {
        MatchSettings {
            aggregation,
            top_k: 3,
            knn_k: 3,
            min_score: 0.5,
            min_margin: 0.05,
        }
    }

    // rows: class 0 has samples 0,1; class 1 has 2; class 2 has 3,4; class 3 has none.
    const ROW_CLASS: [usize; 5] = [0, 0, 1, 2, 2];

    fn table(sum_norms: &[f32]) -> ClassTable<'_> {
        ClassTable {
            row_class: &ROW_CLASS,
            classes: 4,
            sum_norms,
        }
    }

    #[test]
    fn aggregation_table() {
        let scores = [0.9, 0.1, 0.7, 0.8, 0.75];
        let norms = [1.5, 1.0, 1.9, 0.0];
        type Expected = &'static [(usize, f32, Option<u32>)];
        let cases: &[(Aggregation, Expected)] = &[
            (
                Aggregation::Max,
                &[(0, 0.9, None), (2, 0.8, None), (1, 0.7, None)],
            ),
            (
                Aggregation::Mean,
                &[(2, 1.55 / 1.9, None), (1, 0.7, None), (0, 1.0 / 1.5, None)],
            ),
            // top-3 rows: 0 (0.9, class 0), 3 (0.8, class 2), 4 (0.75, class 2)
            (Aggregation::Knn, &[(2, 0.8, Some(2)), (0, 0.9, Some(1))]),
        ];
        for (agg, want) in cases {
            let got = aggregate(&scores, table(&norms), *agg, 3);
            let got: Vec<(usize, f32, Option<u32>)> =
                got.iter().map(|c| (c.class, c.score, c.votes)).collect();
            assert_eq!(got.len(), want.len(), "{agg}");
            for (g, w) in got.iter().zip(*want) {
                assert_eq!((g.0, g.2), (w.0, w.2), "{agg}");
                assert!((g.1 - w.1).abs() < 1e-6, "{agg}: {} vs {}", g.1, w.1);
            }
        }
    }

    #[test]
    fn decision_table() {
        let cs = |class, score| ClassScore {
            class,
            score,
            votes: None,
        };
        let cases: Vec<(Vec<ClassScore>, Result<usize, UnknownReason>)> = vec![
            (vec![], Err(UnknownReason::EmptyIndex)),
            (vec![cs(4, 0.49)], Err(UnknownReason::LowScore)),
            (vec![cs(4, 0.5)], Ok(4)),
            (vec![cs(1, 0.9), cs(2, 0.86)], Err(UnknownReason::Ambiguous)),
            (vec![cs(1, 0.9), cs(2, 0.84)], Ok(1)),
            (vec![cs(1, 0.3), cs(2, 0.29)], Err(UnknownReason::LowScore)),
        ];
        for (ranked, want) in cases {
            let d = decide(ranked.clone(), &settings(Aggregation::Max));
            assert_eq!(d.result, want, "{ranked:?}");
            assert!(d.top.len() <= 3);
        }
        let many: Vec<ClassScore> = (0..10).map(|i| cs(i, 1.0 - i as f32 * 0.1)).collect();
        assert_eq!(decide(many, &settings(Aggregation::Max)).top.len(), 3);
    }

    #[test]
    fn empty_index_aggregates_to_nothing() {
        let t = ClassTable {
            row_class: &[],
            classes: 2,
            sum_norms: &[0.0, 0.0],
        };
        for agg in [Aggregation::Max, Aggregation::Mean, Aggregation::Knn] {
            assert!(aggregate(&[], t, agg, 5).is_empty());
        }
    }

    #[test]
    fn parse_and_print_aggregation() {
        for a in [Aggregation::Max, Aggregation::Mean, Aggregation::Knn] {
            assert_eq!(a.to_string().parse::<Aggregation>().unwrap(), a);
        }
        assert!("avg".parse::<Aggregation>().is_err());
    }
}
