//! Search quality on the bundled library: colloquial queries written unlike the rules text
//! (tests/data/queries.tsv), recall@1 and recall@3 asserted against thresholds.

use cailiang::{eval, library};
use std::path::Path;

#[test]
fn colloquial_queries_find_their_benchmark() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let store = library::open_rules_dir(&root.join("rules")).unwrap();
    let set =
        eval::parse_tsv(&std::fs::read_to_string(root.join("tests/data/queries.tsv")).unwrap());
    assert!(
        set.len() >= 60,
        "the labelled set has {} queries",
        set.len()
    );
    for l in &set {
        for id in &l.expected {
            assert!(
                store.lib.benchmark(id).is_some(),
                "{}: label {id} is not in the library",
                l.query
            );
        }
    }
    let r = eval::recall(&set, |q| {
        store
            .searcher
            .search(&store.lib, q, 3, None)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    });
    println!("n={} recall@1={:.3} recall@3={:.3}", r.n, r.at1, r.at3);
    for (q, got) in &r.misses {
        println!("miss: {q} -> {got:?}");
    }
    assert!(r.at1 >= 0.85, "recall@1 {:.3}", r.at1);
    assert!(r.at3 >= 0.95, "recall@3 {:.3}", r.at3);
}
