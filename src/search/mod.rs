//! The retrieval layer: cosine similarity of a query to every enrolled vector.
//!
//! With L2-normalised vectors stored as the rows of one contiguous matrix, the scores are a
//! single matrix–vector product: the "fully connected layer whose weights are the index" of
//! classification-by-retrieval. Pure code, no I/O. The matrix is kept in the catalogue's
//! storage format ([`Storage`]: float32, f16 or int8, see [`vectors`] for the exact layout and
//! score), so that a search reads 4, 2 or about 1 byte per component.

mod kernels;
mod vectors;

pub use kernels::features as simd_features;
pub use vectors::{RowLength, Storage, Vectors, quantize_i8};

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

/// Writes `matrix · query` (one cosine score per enrolled vector) into `out`, with the
/// kernel of the matrix's storage. `query` is the float32 unit-length embedding. A large
/// matrix is split over the available cores (at most 8).
pub fn scores_into(matrix: &Vectors, query: &[f32], out: &mut Vec<f32>) {
    let threads = if matrix.rows() >= PARALLEL_ROWS {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(8)
    } else {
        1
    };
    scores_on(matrix, query, out, threads);
}

/// [`scores_into`] on exactly `threads` threads (the benchmark compares one thread with the
/// memory-bandwidth floor).
pub fn scores_on(matrix: &Vectors, query: &[f32], out: &mut Vec<f32>, threads: usize) {
    let (rows, dim) = (matrix.rows(), matrix.dim());
    assert_eq!(
        query.len(),
        dim,
        "query dimension {} != index dimension {dim}",
        query.len()
    );
    out.clear();
    out.resize(rows, 0.0);
    let query = matrix.prepare(query);
    if threads <= 1 {
        matrix.scores_range(&query, 0..rows, out);
        return;
    }
    let per = rows.div_ceil(threads).max(1);
    std::thread::scope(|s| {
        for (k, o) in out.chunks_mut(per).enumerate() {
            let (query, start) = (&query, k * per);
            s.spawn(move || matrix.scores_range(query, start..start + o.len(), o));
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
            let v = Vectors::from_f32(Storage::F32, dim, m.as_slice().unwrap());
            let mut out = Vec::new();
            scores_into(&v, q.as_slice().unwrap(), &mut out);
            let want = m.dot(&q);
            assert_eq!(out.len(), rows);
            for (a, b) in out.iter().zip(want.iter()) {
                assert!((a - b).abs() < 1e-4, "{rows}x{dim}: {a} vs {b}");
            }
        }
    }

    fn unit_rows(rows: usize, dim: usize, seed: u64) -> Vec<f32> {
        let mut x = seed;
        let mut out = Vec::with_capacity(rows * dim);
        for _ in 0..rows {
            let mut v: Vec<f32> = (0..dim)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((x >> 33) as f32 / (1u64 << 31) as f32) - 0.5
                })
                .collect();
            assert!(normalize(&mut v));
            out.extend(v);
        }
        out
    }

    /// Every storage, on one and on several threads, gives the float32 scores within the
    /// documented error (f16: half rounding; int8: two roundings of at most s/2 each).
    #[test]
    fn compact_storages_score_within_their_error() {
        let dim = 1280;
        for rows in [5usize, 20_000] {
            let data = unit_rows(rows, dim, 7);
            let q = unit_rows(1, dim, 99);
            let mut want = Vec::new();
            scores_into(&Vectors::from_f32(Storage::F32, dim, &data), &q, &mut want);
            for (storage, tol) in [(Storage::F16, 2e-3f32), (Storage::Int8, 5e-3)] {
                let v = Vectors::from_f32(storage, dim, &data);
                assert_eq!(v.byte_len(), rows * storage.row_bytes(dim));
                let mut got = Vec::new();
                scores_into(&v, &q, &mut got);
                let worst = got
                    .iter()
                    .zip(&want)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0f32, f32::max);
                assert!(worst < tol, "{storage} at {rows} rows: worst error {worst}");
            }
        }
    }

    #[test]
    fn rows_round_trip_through_their_bytes_and_retain_keeps_order() {
        let dim = 9;
        let data = unit_rows(4, dim, 3);
        for storage in Storage::ALL {
            let v = Vectors::from_f32(storage, dim, &data);
            let mut back = Vectors::new(storage, dim);
            for i in 0..v.rows() {
                let mut b = Vec::new();
                v.encode_row(i, &mut b);
                assert_eq!(b.len(), storage.row_bytes(dim));
                back.push_encoded(&b).unwrap();
            }
            assert_eq!(back, v, "{storage}");
            assert!(back.push_encoded(&[0; 3]).is_err());
            let mut kept = v.clone();
            kept.retain(|r| r != 1);
            assert_eq!(kept.rows(), 3);
            let (mut a, mut b) = (vec![0f32; dim], vec![0f32; dim]);
            kept.row_f32(1, &mut a);
            v.row_f32(2, &mut b);
            assert_eq!(a, b, "{storage}: row 2 moved up");
            let f = v.to_f32();
            let tol = if storage == Storage::F32 { 0.0 } else { 0.01 };
            assert!(
                f.iter().zip(&data).all(|(x, y)| (x - y).abs() <= tol),
                "{storage}"
            );
            assert_eq!(Storage::parse(storage.as_str()), Some(storage));
        }
    }

    #[test]
    fn a_zero_vector_quantises_to_zero_and_scores_zero() {
        let mut q = Vec::new();
        assert_eq!(quantize_i8(&[0.0; 4], &mut q), 0.0);
        assert_eq!(q, vec![0; 4]);
        let v = Vectors::from_f32(Storage::Int8, 4, &[0.0; 4]);
        let mut out = Vec::new();
        scores_into(&v, &[0.5, 0.5, 0.5, 0.5], &mut out);
        assert_eq!(out, vec![0.0]);
    }
}
