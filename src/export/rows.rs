//! The rows of the retrieval layer's weight matrix, taken from the index: the enrolled vectors
//! grouped by class (`max`), or one normalised class mean per class (`mean`). Classes without
//! samples are left out.

use crate::decide::Aggregation;
use crate::index::Index;

/// The weight rows and how they map to the output classes.
pub(super) struct Rows {
    /// The class labels, in output order.
    pub(super) labels: Vec<String>,
    /// Classes left out because they have no samples.
    pub(super) skipped_empty: Vec<String>,
    /// The weight matrix, row-major, `dim` values per row.
    pub(super) values: Vec<f32>,
    /// For `max`: the rows of each output class (empty for `mean`, whose row `c` is class `c`).
    pub(super) members: Vec<Vec<i32>>,
}

/// The rows of the fully connected layer and, for max, each class's member rows.
pub(super) fn of(index: &Index, aggregation: Aggregation) -> Rows {
    let dim = index.dim();
    let table = index.class_table();
    // The export writes float32 rows (its int8 layer quantises them its own way).
    let vectors = index.vectors().to_f32();
    let mut labels = Vec::new();
    let mut skipped_empty = Vec::new();
    let mut rows: Vec<f32> = Vec::new();
    let mut members: Vec<Vec<i32>> = Vec::new();
    for (pos, class) in index.classes().iter().enumerate() {
        let mine: Vec<usize> = (0..table.row_class.len())
            .filter(|&r| table.row_class[r] == pos)
            .collect();
        if mine.is_empty() {
            skipped_empty.push(class.label.clone());
            continue;
        }
        labels.push(class.label.clone());
        match aggregation {
            Aggregation::Mean => {
                let mut proto = vec![0f32; dim];
                for &r in &mine {
                    for (p, v) in proto.iter_mut().zip(&vectors[r * dim..(r + 1) * dim]) {
                        *p += v;
                    }
                }
                crate::search::normalize(&mut proto);
                rows.extend_from_slice(&proto);
            }
            _ => {
                let first = (rows.len() / dim) as i32;
                for &r in &mine {
                    rows.extend_from_slice(&vectors[r * dim..(r + 1) * dim]);
                }
                members.push((first..first + mine.len() as i32).collect());
            }
        }
    }
    Rows {
        labels,
        skipped_empty,
        values: rows,
        members,
    }
}
