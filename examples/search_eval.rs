//! Measures search and its confidence rule on a query set (TSV: query, expected ids or `none`,
//! scope covered / uncovered / outside, source), for tuning on tests/data/queries-tuning.tsv,
//! queries-tuning-2.tsv and queries-tuning-3.tsv. Never tune on tests/data/queries-heldout.tsv:
//! tests/search_heldout.rs measures that one.
//!
//! ```text
//! cargo run --release --example search_eval -- tests/data/queries-tuning.tsv [--rows]
//! ```
//! `--rows` prints every covered row whose hit 1 is wrong or not confident, and every other row
//! that is confident, with the rule's evidence.

use cailiang::library;
use cailiang::search::Match;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .ok_or("usage: search_eval FILE.tsv [--rows]")?;
    let show_rows = args.iter().any(|a| a == "--rows");
    // `--features`: one TSV line per row with the evidence, for studying the rule.
    let features = args.iter().any(|a| a == "--features");
    let store = library::open_rules_dir(Path::new("rules"))?;
    let (lib, s) = (&store.lib, &store.searcher);
    let text = std::fs::read_to_string(path)?;
    let (mut covered, mut r1, mut r3, mut right_conf, mut wrong_conf, mut conf) =
        (0, 0, 0, 0, 0, 0);
    let (mut other, mut other_conf) = ([0usize; 2], [0usize; 2]);
    let mut why: std::collections::BTreeMap<&str, usize> = Default::default();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let (q, scope) = (cols[0].trim(), cols[2].trim());
        let expected: Vec<&str> = cols[1]
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty() && *x != "none")
            .collect();
        let found = s.find(lib, q, 3, None)?;
        let ev = found.evidence.clone();
        let top = found.hits.first().map(|h| h.id.as_str()).unwrap_or("-");
        if features {
            if let Some(e) = &ev {
                let right = expected.contains(&top);
                let score = found.hits.first().map(|h| h.score).unwrap_or(0.0);
                println!(
                    "F\t{scope}\t{right}\t{:.3}\t{}\t{}\t{}\t{:.3}\t{}\t{}\t{score:.2}\t{q}\t{}\t{}\t{}\t{}\t{}",
                    e.coverage(),
                    e.content,
                    e.unknown_run,
                    (!e.specific.is_empty() && e.specific_missing.len() == e.specific.len()) as u8,
                    e.lead,
                    e.covered,
                    e.covered_second,
                    e.specific.len(),
                    e.specific_missing.len(),
                    e.unknown,
                    e.covered_by_phrase,
                    e.meaning.map_or("-".to_string(), |c| format!("{c:.4}")),
                );
            }
        }
        let confident = found.match_ == Match::Confident;
        if scope == "covered" {
            covered += 1;
            let right = expected.contains(&top);
            r1 += right as usize;
            r3 += found
                .hits
                .iter()
                .take(3)
                .any(|h| expected.contains(&h.id.as_str())) as usize;
            conf += confident as usize;
            right_conf += (right && confident) as usize;
            wrong_conf += (!right && confident) as usize;
            if right && !confident {
                if let Some(e) = &ev {
                    let reason = e.shortfall().unwrap_or("confident");
                    *why.entry(reason).or_default() += 1;
                }
            }
            if show_rows && (!right || !confident) {
                println!(
                    "{}\t{q}\twant {}\tgot {top} {:?}\t{:?}",
                    if right { "NOTCONF" } else { "WRONG" },
                    expected.join(","),
                    found.match_,
                    ev
                );
            }
        } else {
            let k = (scope == "outside") as usize;
            other[k] += 1;
            other_conf[k] += confident as usize;
            if show_rows && confident {
                println!("CONF-{scope}\t{q}\tgot {top}\t{ev:?}");
            }
        }
    }
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "covered {covered}: R@1 {:.3}, R@3 {:.3}; confident {conf} ({} right, {wrong_conf} wrong); right top hits confident {:.3}",
        pct(r1, covered),
        pct(r3, covered),
        right_conf,
        pct(right_conf, r1)
    );
    println!("right but not confident, by the first condition that failed: {why:?}");
    println!(
        "uncovered {}: confident {:.3}; outside {}: confident {:.3}",
        other[0],
        pct(other_conf[0], other[0]),
        other[1],
        pct(other_conf[1], other[1])
    );
    Ok(())
}
