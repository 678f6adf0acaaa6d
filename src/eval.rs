//! Evaluation of search on a labelled query set: recall@k over colloquial descriptions, so that
//! tokenizer, synonym and weight changes are measured, not guessed.

/// One labelled query: what a user typed and the ids that are a correct answer.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub query: String,
    pub expected: Vec<String>,
}

/// Parses `query<TAB>id,id` lines; `#` starts a comment line.
pub fn parse_tsv(text: &str) -> Vec<Labelled> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (q, ids) = l.split_once('\t')?;
            Some(Labelled {
                query: q.trim().to_string(),
                expected: ids
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            })
        })
        .collect()
}

/// Recall at 1 and at 3, and the queries whose answer was not in the top 3.
#[derive(Debug, Clone, Default)]
pub struct Recall {
    pub n: usize,
    pub at1: f64,
    pub at3: f64,
    pub misses: Vec<(String, Vec<String>)>,
}

/// Runs `search` (query -> ranked ids) over the set.
pub fn recall(set: &[Labelled], mut search: impl FnMut(&str) -> Vec<String>) -> Recall {
    let (mut h1, mut h3) = (0usize, 0usize);
    let mut misses = Vec::new();
    for l in set {
        let got = search(&l.query);
        let hit_at = got.iter().position(|id| l.expected.contains(id));
        match hit_at {
            Some(0) => {
                h1 += 1;
                h3 += 1
            }
            Some(i) if i < 3 => h3 += 1,
            _ => misses.push((l.query.clone(), got.into_iter().take(3).collect())),
        }
    }
    let n = set.len().max(1) as f64;
    Recall {
        n: set.len(),
        at1: h1 as f64 / n,
        at3: h3 as f64 / n,
        misses,
    }
}
