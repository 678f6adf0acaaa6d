//! The query searched again once per word, that word left out: whether hit 1 stays first
//! (stability, for the confidence rule) and which hits the whole description supports (`find`
//! ranks the hits again by it when the wording alone does not settle hit 1).
//!
//! Why: BM25 over a colloquial description can put first an item that one word of it carries (人行道
//! in 烟头丢到人行道上 pulls a pavement-obstruction item ahead of the litter item). Summing each
//! hit's share of the best score over the variants favours the hit the rest of the description
//! also supports. On the tuning sets this raised R@1 from 0.923 to 0.942 (queries-tuning.tsv with
//! queries-tuning-2.tsv) and from 0.675 to 0.691 (queries-tuning-3.tsv).

use super::{normalize, Hit, Searcher, MAX_QUERY_CHARS};
use crate::error::Result;
use crate::model::Library;

/// The hits of `query` searched once per word of two characters or more, that word left out (the
/// same domain and synonyms); none for a query of no such word.
pub(super) fn variants(
    searcher: &Searcher,
    lib: &Library,
    query: &str,
    domain: Option<&str>,
    synonyms: bool,
    limit: usize,
) -> Result<Vec<Vec<Hit>>> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let norm = normalize(&query);
    let mut words: Vec<String> = Vec::new();
    for w in searcher.words().words(&norm) {
        if w.chars().count() >= 2 && !words.contains(&w) {
            words.push(w);
        }
    }
    words
        .iter()
        .map(|w| {
            let without = norm.replacen(w.as_str(), "，", 1);
            searcher.search_with(lib, &without, limit, domain, synonyms)
        })
        .collect()
}

/// Whether `id` is hit 1 of every variant: stable. With no variant there is nothing to vary, and
/// the hit is not stable.
pub(super) fn first_in_all(variants: &[Vec<Hit>], id: &str) -> bool {
    !variants.is_empty()
        && variants
            .iter()
            .all(|v| v.first().is_some_and(|h| h.id == id))
}

/// Each of `hits` (the full query's): the sum, over the full query and its variants, of its score
/// as a share of that search's best. Only the full query's hits are weighed: a hit that only a
/// variant finds has no score for the description as given.
pub(super) fn support(hits: &[Hit], variants: &[Vec<Hit>]) -> Vec<f32> {
    let share = |list: &[Hit], id: &str| -> f32 {
        match list.first() {
            Some(best) if best.score > 0.0 => list
                .iter()
                .find(|h| h.id == id)
                .map_or(0.0, |h| h.score / best.score),
            _ => 0.0,
        }
    };
    hits.iter()
        .map(|h| share(hits, &h.id) + variants.iter().map(|v| share(v, &h.id)).sum::<f32>())
        .collect()
}

/// Orders `hits` by `support`, most first; equal support keeps the full query's order. The
/// hits keep their scores for the full query.
pub(super) fn rerank(hits: &mut Vec<Hit>, variants: &[Vec<Hit>]) {
    let sums = support(hits, variants);
    let mut order: Vec<usize> = (0..hits.len()).collect();
    // A stable sort: equal sums keep the full query's order.
    order.sort_by(|a, b| sums[*b].total_cmp(&sums[*a]));
    let mut taken: Vec<Option<Hit>> = hits.drain(..).map(Some).collect();
    hits.extend(order.iter().filter_map(|i| taken[*i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(id: &str, score: f32) -> Hit {
        Hit {
            id: id.into(),
            department: String::new(),
            department_name: String::new(),
            domain: String::new(),
            violation: String::new(),
            exempt_item: None,
            exempt_items: 0,
            basis: Vec::new(),
            score,
            matched_synonyms: Vec::new(),
        }
    }

    fn ids(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|h| h.id.as_str()).collect()
    }

    #[test]
    fn the_hit_the_variants_support_comes_first() {
        // A leads the full query, but only through the word the second variant leaves out.
        let mut hits = vec![hit("A", 10.0), hit("B", 9.0), hit("C", 1.0)];
        let variants = vec![
            vec![hit("A", 6.0), hit("B", 6.0)],
            vec![hit("B", 8.0), hit("A", 2.0)],
        ];
        // A: 1 + 1 + 0.25; B: 0.9 + 1 + 1; C: 0.1 and absent elsewhere.
        let sums = support(&hits, &variants);
        rerank(&mut hits, &variants);
        assert_eq!(ids(&hits), ["B", "A", "C"]);
        let want = [2.25f32, 2.9, 0.1];
        for (got, want) in sums.iter().zip(want) {
            assert!((got - want).abs() < 1e-5, "{sums:?}");
        }
        // The scores stay those of the full query.
        assert_eq!(hits[0].score, 9.0);
    }

    #[test]
    fn equal_support_keeps_the_order_of_the_full_query() {
        let mut hits = vec![hit("A", 5.0), hit("B", 5.0)];
        rerank(&mut hits, &[]);
        assert_eq!(ids(&hits), ["A", "B"]);
        let mut none: Vec<Hit> = Vec::new();
        rerank(&mut none, &[vec![hit("A", 1.0)]]);
        assert!(none.is_empty());
    }

    #[test]
    fn stable_means_first_in_every_variant_and_there_is_one() {
        let v = vec![vec![hit("A", 3.0)], vec![hit("A", 1.0), hit("B", 0.5)]];
        assert!(first_in_all(&v, "A"));
        assert!(!first_in_all(&v, "B"));
        assert!(!first_in_all(&[], "A"), "nothing to vary");
        assert!(!first_in_all(&[vec![]], "A"), "a variant with no hit");
    }
}
