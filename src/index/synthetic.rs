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
    // xorshift: deterministic, dependency-free pseudo-random numbers.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
    };
    let mut v = vec![0f32; dim];
    for i in 0..n {
        v.iter_mut().for_each(|x| *x = next());
        crate::search::normalize(&mut v);
        index
            .add_sample(ids[i % classes], "synthetic", &v, None, None, 0)
            .expect("dimension matches");
    }
    let mut q: Vec<f32> = (0..dim).map(|_| next()).collect();
    crate::search::normalize(&mut q);
    (index, q)
}
