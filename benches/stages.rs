//! Criterion benchmarks of the pure stages (no TFLite library needed): search + aggregation
//! at several index sizes, and preprocessing of a fixture photo.
//!
//! `cargo bench --bench stages`. The model-dependent figures (Invoke, end-to-end classify)
//! come from `cbrd bench`.

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use cbrd::decide::{self, Aggregation, MatchSettings};
use cbrd::preprocess::{self, Limits, Resizer};

fn search_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("search_1280d");
    g.sample_size(20);
    for n in [1_000usize, 10_000, 100_000] {
        let (index, q) = cbrd::index::synthetic_index(n, 1280, (n / 5).max(1));
        let settings = MatchSettings {
            aggregation: Aggregation::Max,
            top_k: 3,
            knn_k: 5,
            min_score: 0.5,
            min_margin: 0.02,
        };
        let mut scores = Vec::new();
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| black_box(decide::classify(&index, &q, &settings, &mut scores)))
        });
    }
    g.finish();
}

fn preprocess_bench(c: &mut Criterion) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/photos/heldout/cat/view-1.jpg");
    let bytes = std::fs::read(&path).expect("fixture photo");
    let limits = Limits::default();
    let mut resizer = Resizer::default();
    c.bench_function("decode_crop_resize_224", |b| {
        b.iter(|| {
            let img = preprocess::decode(black_box(&bytes), &limits).expect("decodes");
            black_box(resizer.square_resize(&img, 224, 224).expect("resizes"))
        })
    });
}

criterion_group!(benches, search_bench, preprocess_bench);
criterion_main!(benches);
