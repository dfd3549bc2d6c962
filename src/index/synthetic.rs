//! A synthetic index: the fixture of `cbrd bench`, the criterion benches and the scale tests.

use super::Index;
use crate::embed::ModelIdentity;

/// A random index of `n` unit vectors in `classes` classes, and a query: the fixture of
/// `cbrd bench`, the criterion benches and the scale tests.
pub fn synthetic_index(n: usize, dim: usize, classes: usize) -> (Index, Vec<f32>) {
    let identity = ModelIdentity {
        file_name: "synthetic".into(),
        model_sha256: String::new(),
        preprocessing: String::new(),
        dim,
    };
    let mut index = Index::new(identity);
    let ids: Vec<u64> = (0..classes)
        .map(|c| {
            index
                .ensure_class(&format!("class-{c}"), 0)
                .expect("valid label")
        })
        .collect();
    let mut rows = UnitRows::default();
    let mut v = vec![0f32; dim];
    for i in 0..n {
        rows.next_row(&mut v);
        index
            .add_sample(ids[i % classes], "synthetic", &v, None, None, 0)
            .expect("dimension matches");
    }
    let mut q = vec![0f32; dim];
    rows.next_row(&mut q);
    (index, q)
}

/// Pseudo-random unit vectors from a fixed seed (xorshift: deterministic, dependency-free),
/// for fixtures too big to hold as float32 (`cbrd bench` at a million vectors).
pub struct UnitRows(u64);

impl Default for UnitRows {
    fn default() -> UnitRows {
        UnitRows(0x9E37_79B9_7F4A_7C15)
    }
}

impl UnitRows {
    /// Fills `v` with the next vector, L2-normalised.
    pub fn next_row(&mut self, v: &mut [f32]) {
        for x in v.iter_mut() {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            *x = (self.0 >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
        }
        crate::search::normalize(v);
    }
}
