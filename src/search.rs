//! The retrieval layer: cosine similarity of a query to every enrolled vector.
//!
//! With L2-normalised vectors stored as the rows of one contiguous matrix, the scores are a
//! single matrix–vector product: the "fully connected layer whose weights are the index" of
//! classification-by-retrieval. Pure code, no I/O.

use ndarray::{ArrayView1, ArrayView2};

/// Scales `v` to unit L2 norm in place. Returns `false` (and leaves `v` unchanged) when the
/// norm is zero or not finite.
pub fn normalize(v: &mut [f32]) -> bool {
    let norm = v
        .iter()
        .map(|x| f64::from(*x) * f64::from(*x))
        .sum::<f64>()
        .sqrt();
    if !norm.is_finite() || norm == 0.0 {
        return false;
    }
    let inv = (1.0 / norm) as f32;
    v.iter_mut().for_each(|x| *x *= inv);
    true
}

/// Dot product of two equal-length slices (8 independent accumulators so the compiler can
/// vectorise it).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    debug_assert_eq!(a.len(), b.len());
    let mut acc = [0f32; 8];
    let (ca, ra) = a.as_chunks::<8>();
    let (cb, rb) = b.as_chunks::<8>();
    for (x, y) in ca.iter().zip(cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// Rows above which [`scores_into`] splits the work over the available cores.
const PARALLEL_ROWS: usize = 16_384;

/// Writes `matrix · query` (one cosine score per enrolled vector) into `out`.
///
/// `matrix` is `rows × dim`, row-major and contiguous; `query` has length `dim`.
pub fn scores_into(matrix: ArrayView2<'_, f32>, query: ArrayView1<'_, f32>, out: &mut Vec<f32>) {
    let (rows, dim) = matrix.dim();
    assert_eq!(
        query.len(),
        dim,
        "query dimension {} != index dimension {dim}",
        query.len()
    );
    out.clear();
    out.resize(rows, 0.0);
    let (Some(m), Some(q)) = (matrix.as_slice(), query.as_slice()) else {
        // Not contiguous (never the case for the index): use ndarray's general product.
        out.copy_from_slice(matrix.dot(&query).as_slice().unwrap_or(&[]));
        return;
    };
    let threads = if rows >= PARALLEL_ROWS {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(8)
    } else {
        1
    };
    let per = rows.div_ceil(threads).max(1);
    if threads == 1 {
        for (o, row) in out.iter_mut().zip(m.chunks_exact(dim)) {
            *o = dot(row, q);
        }
        return;
    }
    std::thread::scope(|s| {
        for (o, rows) in out.chunks_mut(per).zip(m.chunks(per * dim)) {
            s.spawn(move || {
                for (o, row) in o.iter_mut().zip(rows.chunks_exact(dim)) {
                    *o = dot(row, q);
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array2};

    #[test]
    fn normalize_table() {
        let cases: &[(&[f32], Option<&[f32]>)] = &[
            (&[3.0, 4.0], Some(&[0.6, 0.8])),
            (&[0.0, 0.0], None),
            (&[f32::NAN, 1.0], None),
            (&[-2.0], Some(&[-1.0])),
        ];
        for (input, want) in cases {
            let mut v = input.to_vec();
            let ok = normalize(&mut v);
            match want {
                Some(w) => {
                    assert!(ok);
                    for (a, b) in v.iter().zip(*w) {
                        assert!((a - b).abs() < 1e-6, "{input:?}");
                    }
                }
                None => assert!(!ok, "{input:?}"),
            }
        }
    }

    #[test]
    fn scores_match_ndarray_dot_small_and_large() {
        for (rows, dim) in [(0usize, 5usize), (3, 13), (40_000, 16)] {
            let m = Array2::from_shape_fn((rows, dim), |(r, c)| {
                ((r * 31 + c * 7) % 17) as f32 / 17.0 - 0.5
            });
            let q = Array1::from_shape_fn(dim, |c| (c as f32).sin());
            let mut out = Vec::new();
            scores_into(m.view(), q.view(), &mut out);
            let want = m.dot(&q);
            assert_eq!(out.len(), rows);
            for (a, b) in out.iter().zip(want.iter()) {
                assert!((a - b).abs() < 1e-4, "{rows}x{dim}: {a} vs {b}");
            }
        }
    }
}
