//! Latency percentiles and the comparison with SQLite FTS5, printed as a table.
//! Run: `cargo bench --bench latency`.
//!
//! * search, warm: every labelled query (tests/data/queries.tsv) 200 times; p50, p99.
//! * decide: p50, p99 over the same items with mixed facts.
//! * `cailiang search` as a whole process (release binary, library cache warm): p50, p99 of 30 runs.
//! * SQLite FTS5 `trigram` on the same texts and queries (OR of the query's trigrams, bm25): recall
//!   and latency, beside ours.

use cailiang::engine::{decide, Query};
use cailiang::model::Fact;
use cailiang::{eval, library};
use rusqlite::Connection;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn pct(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

fn show(name: &str, v: Vec<Duration>) {
    println!(
        "{name:<44} n={:<6} p50={:>10.1?} p99={:>10.1?}",
        v.len(),
        pct(v.clone(), 0.5),
        pct(v, 0.99)
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let store = library::open_rules_dir(&root.join("rules")).unwrap();
    let lib = &store.lib;
    let set =
        eval::parse_tsv(&std::fs::read_to_string(root.join("tests/data/queries.tsv")).unwrap());

    // Warm search.
    for l in &set {
        store.searcher.search(lib, &l.query, 10, None).unwrap();
    }
    let mut t = Vec::new();
    for _ in 0..200 {
        for l in &set {
            let s = Instant::now();
            std::hint::black_box(store.searcher.search(lib, &l.query, 10, None).unwrap());
            t.push(s.elapsed());
        }
    }
    show("search, warm, full library", t);

    // Search with the confidence rule, as every caller that acts on hit 1 runs it: stability costs
    // a search per word of the query when the verdict turns on it.
    let mut t = Vec::new();
    for _ in 0..50 {
        for l in &set {
            let s = Instant::now();
            std::hint::black_box(store.searcher.find(lib, &l.query, 10, None).unwrap());
            t.push(s.elapsed());
        }
    }
    show("find (search + confidence), warm", t);

    // Decide.
    let facts: [&[Fact]; 4] = [
        &[],
        &[Fact::FirstOffense, Fact::CorrectedInTime],
        &[Fact::Repeat, Fact::Confessed],
        &[Fact::Emergency],
    ];
    let mut t = Vec::new();
    for _ in 0..50 {
        for b in &lib.benchmarks {
            for f in facts {
                let q = Query::with_facts(f);
                let s = Instant::now();
                let _ = std::hint::black_box(decide(lib, b, &q));
                t.push(s.elapsed());
            }
        }
    }
    show("decide", t);

    // Whole process.
    let bin = env!("CARGO_BIN_EXE_cailiang");
    let cache = std::env::temp_dir().join("cailiang-bench-cache");
    let run = || {
        Command::new(bin)
            .args(["search", "超市商品没贴价签", "--json"])
            .env("CAILIANG_CACHE_DIR", &cache)
            .output()
            .unwrap()
    };
    let first = Instant::now();
    assert!(run().status.success());
    println!(
        "{:<44} {:>10.1?} (builds the library cache once)",
        "`cailiang search`, first run ever",
        first.elapsed()
    );
    let mut t = Vec::new();
    for _ in 0..30 {
        let s = Instant::now();
        assert!(run().status.success());
        t.push(s.elapsed());
    }
    show("`cailiang search` process, cold", t);

    // FTS5 trigram on the same texts.
    let conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, title, aliases, tokenize='trigram');",
    )
    .unwrap();
    for b in &lib.benchmarks {
        conn.execute(
            "INSERT INTO t VALUES (?1, ?2, ?3)",
            (&b.id, &b.violation, b.aliases.join("；")),
        )
        .unwrap();
    }
    let fts = |q: &str| -> Vec<String> {
        let chars: Vec<char> = q.chars().filter(|c| c.is_alphanumeric()).collect();
        let grams: Vec<String> = chars
            .windows(3)
            .map(|w| format!("\"{}\"", w.iter().collect::<String>()))
            .collect();
        if grams.is_empty() {
            return vec![];
        }
        let mut st = conn
            .prepare_cached("SELECT id FROM t WHERE t MATCH ?1 ORDER BY bm25(t) LIMIT 10")
            .unwrap();
        st.query_map([grams.join(" OR ")], |r| r.get(0))
            .unwrap()
            .map(|x| x.unwrap())
            .collect()
    };
    let ours = eval::recall(&set, |q| {
        store
            .searcher
            .search(lib, q, 3, None)
            .unwrap()
            .into_iter()
            .map(|h| h.id)
            .collect()
    });
    let theirs = eval::recall(&set, |q| fts(q));
    let mut t = Vec::new();
    for _ in 0..50 {
        for l in &set {
            let s = Instant::now();
            std::hint::black_box(fts(&l.query));
            t.push(s.elapsed());
        }
    }
    show("FTS5 trigram, OR of query trigrams", t);
    println!("recall on {} labelled queries:", set.len());
    println!(
        "  cailiang (jieba + 1-2-grams + synonyms)  R@1 {:.3}  R@3 {:.3}",
        ours.at1, ours.at3
    );
    println!(
        "  SQLite FTS5 trigram                       R@1 {:.3}  R@3 {:.3}",
        theirs.at1, theirs.at3
    );
}
