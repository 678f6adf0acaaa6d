//! Criterion benchmarks of the hot paths on the bundled library: warm search and decide.
//! Run: `cargo bench --bench core`. Percentiles (p99) and the cold process are in
//! `benches/latency.rs`.

use cailiang::engine::{decide, Query};
use cailiang::library;
use cailiang::model::Fact;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;

fn benches(c: &mut Criterion) {
    let store =
        library::open_rules_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap();
    let lib = &store.lib;
    c.bench_function("search 超市商品没贴价签", |b| {
        b.iter(|| {
            store
                .searcher
                .search(lib, black_box("超市商品没贴价签"), 10, None)
                .unwrap()
        })
    });
    c.bench_function("search 渣土车没盖篷布一路撒土", |b| {
        b.iter(|| {
            store
                .searcher
                .search(lib, black_box("渣土车没盖篷布一路撒土"), 10, None)
                .unwrap()
        })
    });
    let item = lib.benchmark("SCJG-001").unwrap();
    let q = Query::with_facts(&[Fact::FirstOffense, Fact::CorrectedInTime]);
    c.bench_function("decide SCJG-001 exempt", |b| {
        b.iter(|| decide(lib, item, black_box(&q)))
    });
    let q = Query::with_facts(&[Fact::Repeat, Fact::Confessed]);
    c.bench_function("decide SCJG-001 fined", |b| {
        b.iter(|| decide(lib, item, black_box(&q)))
    });
}

criterion_group!(core, benches);
criterion_main!(core);
