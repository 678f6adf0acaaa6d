//! Ranking by meaning: the query's sentence vector against the vectors of each item's name and
//! aliases (an item scores its best text's cosine). Officers describe acts in words the legal
//! text does not share (肉都臭了 vs 腐败变质); words shared are what the lexical search and its
//! confidence rule rest on, and meaning is what they miss.

use super::e5::{Model, Side, DIM};
use super::vectors::{key, Vectors};
use crate::error::{Error, Result};
use crate::model::{Benchmark, Library};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The built-in library's stored vectors (see `vectors`).
static BUILT_IN: &[u8] = include_bytes!("../../rules/vectors.bin");

/// The texts of an item that get a vector: its name and its aliases.
pub fn texts(b: &Benchmark) -> impl Iterator<Item = &str> {
    std::iter::once(b.violation.as_str()).chain(b.aliases.iter().map(String::as_str))
}

/// The built-in vectors.
pub fn built_in() -> Result<Vectors> {
    Vectors::parse(BUILT_IN)
}

/// The library's texts with a vector, by item.
pub struct Index {
    /// (benchmark index, vector) per text.
    rows: Vec<(usize, Vec<f32>)>,
    /// Texts of the library with no stored vector (a pack's own items, or rules changed since
    /// `scripts/update-vectors.sh`).
    pub missing: usize,
    /// Benchmarks in the library.
    items: usize,
}

impl Index {
    /// The library's texts with their vectors, looked up in `stores` in order.
    pub fn new(lib: &Library, stores: &[&Vectors]) -> Index {
        let (mut rows, mut missing) = (Vec::new(), 0);
        for (i, b) in lib.benchmarks.iter().enumerate() {
            for t in texts(b) {
                let k = key(t);
                match stores.iter().find_map(|s| s.get(k)) {
                    Some(v) => rows.push((i, v.to_vec())),
                    None => missing += 1,
                }
            }
        }
        Index {
            rows,
            missing,
            items: lib.benchmarks.len(),
        }
    }

    /// Each item's best cosine with `query` (items with no vector are absent), best first.
    pub fn rank(&self, query: &[f32]) -> Vec<(usize, f32)> {
        let mut best: Vec<Option<f32>> = vec![None; self.items];
        for (i, v) in &self.rows {
            let c: f32 = v.iter().zip(query).map(|(a, b)| a * b).sum();
            if let Some(e) = best.get_mut(*i) {
                *e = Some(e.map_or(c, |b| b.max(c)));
            }
        }
        let mut out: Vec<(usize, f32)> = best
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|c| (i, c)))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

/// Embeds a query.
pub fn embed_query(model: &Model, query: &str) -> Result<Vec<f32>> {
    let v = model.embed(query, Side::Query)?;
    debug_assert_eq!(v.len(), DIM);
    Ok(v)
}

/// The model, loaded once per process (checking its digest reads 72 MB), or why it cannot be.
fn shared_model() -> std::result::Result<&'static Model, String> {
    static MODEL: std::sync::OnceLock<std::result::Result<Model, String>> =
        std::sync::OnceLock::new();
    MODEL
        .get_or_init(|| match super::e5::load_default() {
            None => Err(format!(
                "no embedding model ({}); run scripts/fetch-e5.sh or set CAILIANG_E5_MODEL",
                super::e5::MODEL_FILE
            )),
            Some(r) => r.map_err(|e| e.to_string()),
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The built-in vectors, parsed once per process.
fn shared_vectors() -> std::result::Result<&'static Vectors, String> {
    static VECTORS: std::sync::OnceLock<std::result::Result<Vectors, String>> =
        std::sync::OnceLock::new();
    VECTORS
        .get_or_init(|| built_in().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// Ranking by meaning over one library.
pub struct Semantic {
    model: &'static Model,
    index: Index,
}

impl Semantic {
    /// The model and the library's stored vectors; Err says why ranking by meaning is not
    /// available (search then ranks and judges by words alone).
    ///
    /// A library with texts that have no vector is searched by words alone: ranked by meaning,
    /// its items without vectors could never come first, and fusion would push them below
    /// items that have one (computing a pack's vectors when it is installed is not built yet).
    pub fn load(lib: &Library) -> std::result::Result<Semantic, String> {
        let model = shared_model()?;
        let index = Index::new(lib, &[shared_vectors()?, &cached()]);
        if index.missing > 0 {
            return Err(format!(
                "{} of the library's item names and aliases have no stored sentence vector \
                 (`cailiang rules vectors` computes a library's; after changing rules/, run \
                 scripts/update-vectors.sh)",
                index.missing
            ));
        }
        Ok(Semantic { model, index })
    }

    /// The model file in use.
    pub fn model_path(&self) -> &std::path::Path {
        self.model.path()
    }

    /// The `limit` items nearest to `query` in meaning, as (benchmark index, cosine), only of
    /// `domain` when given.
    pub fn rank(
        &self,
        lib: &Library,
        query: &str,
        domain: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(usize, f32)>> {
        let q = embed_query(self.model, query)?;
        Ok(self
            .index
            .rank(&q)
            .into_iter()
            .filter(|(i, _)| {
                domain.is_none_or(|d| lib.benchmarks.get(*i).is_some_and(|b| b.domain == d))
            })
            .take(limit)
            .collect())
    }
}

/// Where vectors computed on this machine are kept: those of texts the built-in file lacks (an
/// office pack's own items, a rules directory being edited), keyed like the built-in ones.
pub fn cache_path() -> Option<PathBuf> {
    crate::library::cache_dir().map(|d| d.join("vectors-e5-small-q4.bin"))
}

/// The cached vectors; none when there is no cache. A damaged cache counts as none: its texts
/// are computed again by the next `complete`, which writes it whole.
fn cached() -> Vectors {
    cache_path()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| Vectors::parse(&b).ok())
        .unwrap_or_default()
}

/// Computes the vectors of `lib`'s texts that neither the built-in file nor the cache holds, and
/// adds them to the cache; returns how many it computed. `progress(done, total)` is called as
/// they are done. A search opened afterwards ranks the library by meaning.
pub fn complete(lib: &Library, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<usize> {
    let built = shared_vectors().map_err(|reason| Error::BadInput {
        what: "stored sentence vectors".into(),
        reason,
    })?;
    let old = cached();
    let mut todo: Vec<&str> = lib
        .benchmarks
        .iter()
        .flat_map(texts)
        .filter(|t| built.get(key(t)).is_none() && old.get(key(t)).is_none())
        .collect();
    todo.sort_unstable();
    todo.dedup();
    if todo.is_empty() {
        return Ok(0);
    }
    let path = cache_path().ok_or_else(|| Error::BadInput {
        what: "vector cache".into(),
        reason: "no cache directory (set CAILIANG_CACHE_DIR)".into(),
    })?;
    let model = shared_model().map_err(|reason| Error::BadInput {
        what: "embedding model".into(),
        reason,
    })?;
    let mut pairs: Vec<(u64, Vec<f32>)> = old.pairs().map(|(k, v)| (k, v.to_vec())).collect();
    pairs.extend(embed_all(model, &todo, progress)?);
    Vectors::from_pairs(pairs)?.write(&path)?;
    Ok(todo.len())
}

/// Vectors by the key of their text.
pub type Keyed = Vec<(u64, Vec<f32>)>;

/// The passage vectors of `texts`, on every core, keyed by text.
pub fn embed_all(
    model: &Model,
    texts: &[&str],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Keyed> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = texts.len().div_ceil(threads).max(1);
    let done = AtomicUsize::new(0);
    let parts: Vec<Result<Keyed>> = std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .chunks(chunk)
            .map(|part| {
                let done = &done;
                s.spawn(move || {
                    let mut out = Vec::with_capacity(part.len());
                    for t in part {
                        out.push((key(t), model.embed(t, Side::Passage)?));
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, texts.len());
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::BadInput {
                        what: "embedding".into(),
                        reason: "a worker thread panicked".into(),
                    })
                })
            })
            .collect()
    });
    let mut out = Vec::with_capacity(texts.len());
    for p in parts {
        out.extend(p?);
    }
    Ok(out)
}

/// Reciprocal-rank fusion's constant (Cormack, Clarke and Büttcher 2009): ranks deep in either
/// list count for little, and the two lists weigh the same.
const RRF_K: f32 = 60.0;

/// The order of two rankings fused by reciprocal rank: each id scores the sum of 1/(60 + rank)
/// over the lists it is in. Ties keep the words' order, then the meaning's.
pub fn fuse(by_words: &[String], by_meaning: &[String]) -> Vec<String> {
    let mut scored: Vec<(String, f32, usize)> = Vec::new();
    for (list, offset) in [(by_words, 0), (by_meaning, by_words.len())] {
        for (rank, id) in list.iter().enumerate() {
            let s = 1.0 / (RRF_K + rank as f32);
            match scored.iter_mut().find(|(x, _, _)| x == id) {
                Some(e) => e.1 += s,
                None => scored.push((id.clone(), s, offset + rank)),
            }
        }
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    scored.into_iter().map(|(id, _, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn an_item_both_rankings_hold_high_passes_one_only_the_words_put_first() {
        let fused = fuse(&ids(&["A", "B", "C"]), &ids(&["B", "D", "A"]));
        assert_eq!(fused, ids(&["B", "A", "D", "C"]));
    }

    #[test]
    fn without_meaning_the_words_order_stands() {
        assert_eq!(fuse(&ids(&["A", "B"]), &[]), ids(&["A", "B"]));
    }

    #[test]
    fn a_library_with_a_text_that_has_no_vector_is_searched_by_words_alone() {
        let mut lib = crate::rules::load(&crate::embedded::rule_files()).unwrap();
        assert!(Semantic::load(&lib).is_ok());
        lib.benchmarks[0]
            .aliases
            .push("一个从未计算过向量的别名".into());
        let why = Semantic::load(&lib).err().unwrap();
        assert!(why.starts_with("1 of the library's"), "{why}");
    }

    #[test]
    fn every_built_in_text_has_a_stored_vector() {
        let lib = crate::rules::load(&crate::embedded::rule_files()).unwrap();
        let index = Index::new(&lib, &[&built_in().unwrap()]);
        assert_eq!(
            index.missing, 0,
            "texts under rules/ changed: run scripts/update-vectors.sh"
        );
    }
}
