//! Chinese full-text search over the benchmarks: tantivy with two analysed forms of each text —
//! jieba search-mode words and character 1–2-grams — and colloquial synonyms expanded on the
//! query side (and reported in the hit).
//!
//! Why both: officers describe acts in words that are not in the legal text (价签 vs 明码标价).
//! Words are precise where they match; overlapping n-grams recover partial overlaps (健康证 ->
//! 健康证明, 摆地摊 -> 摆摊设点). The measurements behind this are in
//! ../shared/research/search-anchors.md. tantivy's `QueryParser` turns unspaced Chinese into one
//! phrase and finds nothing, so queries are built here as a boosted OR of terms.

mod confidence;
pub mod e5;
mod rerank;
pub mod semantic;
pub mod vectors;
pub use confidence::{Evidence, Match};

use crate::engine;
use crate::error::{Error, Result};
use crate::model::{Benchmark, Library};
use jieba_rs::Jieba;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use tantivy::collector::TopDocs;
use tantivy::directory::{Directory, RamDirectory};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::{doc, Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

const WORDS: &str = "zh_words";
const GRAMS: &str = "zh_grams";

/// Field weights. Titles and aliases carry the meaning; law text is generic (管理, 条例, 规定 …)
/// and only breaks ties. Synonym expansions are weaker than the user's own words.
const W_TITLE_WORDS: f32 = 1.0;
const W_TITLE_GRAMS: f32 = 1.0;
const W_ALIAS_WORDS: f32 = 1.0;
const W_ALIAS_GRAMS: f32 = 0.8;
const W_LAW: f32 = 0.1;
const W_SYNONYM: f32 = 0.7;

/// Particles and pronouns that carry no meaning for matching.
const STOP: &[&str] = &[
    "了", "的", "地", "得", "着", "就", "给", "在", "是", "都", "也", "还", "把", "被", "呢", "吗",
    "啊", "呀", "吧", "和", "与", "及", "我", "你", "他", "她", "它", "们", "这", "那", "个", "些",
    "有", "没", "不", "要", "会", "去", "说", "让", "又", "很", "里", "上", "下", "人",
];

/// A longest query we analyse; longer input is cut (a description, not a document).
pub const MAX_QUERY_CHARS: usize = 200;

/// jieba search-mode words with sequential positions, sharing one dictionary (cloning a `Jieba`
/// copies 350k words: tantivy clones analyzers freely, so hold it behind an `Arc`).
#[derive(Clone)]
pub struct WordTokenizer {
    jieba: Arc<LazyJieba>,
}

/// The dictionary is built on first use (about 0.1 s): commands that never segment text —
/// `decide ID`, an audit of ids — do not pay for it.
pub struct LazyJieba {
    /// Full: jieba's 350k-word dictionary plus these words (for indexing). Vocabulary: only these
    /// words (for queries: a query word that is not in the index can match nothing, so the
    /// index's own vocabulary segments queries at a fraction of the memory and start-up).
    full: bool,
    words: Vec<String>,
    cell: std::sync::OnceLock<Jieba>,
}

impl LazyJieba {
    fn get(&self) -> &Jieba {
        self.cell.get_or_init(|| {
            let mut j = if self.full {
                Jieba::new()
            } else {
                Jieba::empty()
            };
            // An explicit frequency avoids `suggest_freq`, which segments each word (~0.1 ms).
            for w in &self.words {
                if !j.has_word(w) {
                    j.add_word(w, Some(3000), None);
                }
            }
            j
        })
    }
}

impl WordTokenizer {
    /// The tokenizer for a library: the default dictionary plus the library's own terms.
    pub fn for_library(lib: &Library) -> WordTokenizer {
        WordTokenizer {
            jieba: Arc::new(LazyJieba {
                full: true,
                words: library_words(lib),
                cell: std::sync::OnceLock::new(),
            }),
        }
    }

    /// A query-side tokenizer over the index's vocabulary only.
    pub fn from_vocabulary(words: Vec<String>) -> WordTokenizer {
        WordTokenizer {
            jieba: Arc::new(LazyJieba {
                full: false,
                words,
                cell: std::sync::OnceLock::new(),
            }),
        }
    }

    /// Words of `text`, normalised, without stop words and punctuation.
    pub fn words(&self, text: &str) -> Vec<String> {
        let norm = normalize(text);
        self.jieba
            .get()
            .cut_for_search(&norm, false)
            .into_iter()
            .map(|t| t.word.to_string())
            .filter(|w| w.chars().any(|c| c.is_alphanumeric()) && !STOP.contains(&w.as_str()))
            .collect()
    }
}

pub struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

fn stream(words: Vec<String>) -> VecTokenStream {
    let tokens = words
        .into_iter()
        .enumerate()
        .map(|(i, w)| Token {
            offset_from: 0,
            offset_to: 0,
            position: i,
            text: w,
            position_length: 1,
        })
        .collect();
    VecTokenStream { tokens, index: 0 }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        stream(self.words(text))
    }
}

/// Character unigrams and bigrams within runs of letters and digits.
#[derive(Clone, Default)]
pub struct GramTokenizer;

impl GramTokenizer {
    pub fn grams(text: &str) -> Vec<String> {
        let norm = normalize(text);
        let mut out = Vec::new();
        for run in norm.split(|c: char| !c.is_alphanumeric()) {
            let chars: Vec<char> = run.chars().collect();
            for i in 0..chars.len() {
                let one = chars[i].to_string();
                if !STOP.contains(&one.as_str()) {
                    out.push(one);
                }
                if i + 1 < chars.len() {
                    out.push(chars[i..i + 2].iter().collect());
                }
            }
        }
        out
    }
}

impl Tokenizer for GramTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        stream(GramTokenizer::grams(text))
    }
}

/// Full-width ASCII to half-width, lower case: ＡＢＣ１ -> abc1.
pub fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Words added to jieba's dictionary: the library's synonym terms, so that 价签 or 明码标价 stay
/// whole words.
fn library_words(lib: &Library) -> Vec<String> {
    let mut out = Vec::new();
    for (k, vs) in &lib.synonyms {
        for w in std::iter::once(k).chain(vs.iter()) {
            let w = normalize(w);
            let n = w.chars().count();
            if (2..=8).contains(&n) {
                out.push(w);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    domain: Field,
    title_words: Field,
    title_grams: Field,
    alias_words: Field,
    alias_grams: Field,
    law: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tok: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tok)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let f = Fields {
        id: b.add_text_field("id", STRING | STORED),
        domain: b.add_text_field("domain", STRING),
        title_words: b.add_text_field("title_words", text(WORDS)),
        title_grams: b.add_text_field("title_grams", text(GRAMS)),
        alias_words: b.add_text_field("alias_words", text(WORDS)),
        alias_grams: b.add_text_field("alias_grams", text(GRAMS)),
        law: b.add_text_field("law", text(WORDS)),
    };
    (b.build(), f)
}

fn fields_of(schema: &Schema) -> Result<Fields> {
    let get = |n: &str| {
        schema.get_field(n).map_err(|_| Error::BadLibrary {
            path: "search index".into(),
            reason: format!("field {n} missing; rebuild the library"),
        })
    };
    Ok(Fields {
        id: get("id")?,
        domain: get("domain")?,
        title_words: get("title_words")?,
        title_grams: get("title_grams")?,
        alias_words: get("alias_words")?,
        alias_grams: get("alias_grams")?,
        law: get("law")?,
    })
}

fn register(index: &Index, words: &WordTokenizer) {
    index
        .tokenizers()
        .register(WORDS, TextAnalyzer::from(words.clone()));
    index
        .tokenizers()
        .register(GRAMS, TextAnalyzer::from(GramTokenizer));
}

/// The query vocabulary, stored beside the index files (not a tantivy file).
const VOCABULARY_FILE: &str = "cailiang-query-vocabulary.txt";

/// The index files of a built search index: (file name, bytes).
pub type IndexFiles = Vec<(String, Vec<u8>)>;

/// Builds the index for a library in `dir` (empty) and returns its files.
pub fn build_index(lib: &Library, dir: &Path) -> Result<IndexFiles> {
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    let words = WordTokenizer::for_library(lib);
    register(&index, &words);
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 30_000_000)?;
    for b in &lib.benchmarks {
        let laws = law_text(lib, b);
        let aliases = b.aliases.join("；");
        writer.add_document(doc!(
            f.id => b.id.as_str(),
            f.domain => b.domain.as_str(),
            f.title_words => b.violation.as_str(),
            f.title_grams => b.violation.as_str(),
            f.alias_words => aliases.as_str(),
            f.alias_grams => aliases.as_str(),
            f.law => laws.as_str(),
        ))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    // The vocabulary of the word fields, for the query-side tokenizer.
    let mut vocabulary: std::collections::BTreeSet<String> =
        library_words(lib).into_iter().collect();
    for b in &lib.benchmarks {
        for text in [b.violation.clone(), b.aliases.join("；"), law_text(lib, b)] {
            vocabulary.extend(
                words
                    .words(&text)
                    .into_iter()
                    .filter(|w| w.chars().count() > 1),
            );
        }
    }
    let mut files = vec![(
        VOCABULARY_FILE.to_string(),
        vocabulary
            .into_iter()
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
    )];
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in rd {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".lock") {
            continue;
        }
        let data = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        files.push((name, data));
    }
    files.sort();
    Ok(files)
}

/// The names and gists of the provisions a benchmark cites: searchable, but weighted low.
fn law_text(lib: &Library, b: &Benchmark) -> String {
    let r = b.current();
    let mut s = String::new();
    for c in r.violated.iter().chain(r.penalty.iter()) {
        if let Some(l) = lib.law(&c.law) {
            s.push_str(&l.name);
            s.push(' ');
        }
        if let Some(g) = lib.gist(c) {
            s.push_str(g);
            s.push(' ');
        }
    }
    s
}

/// A search hit (contract: id, department, domain, violation, exempt_item, basis, score).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    pub department: String,
    pub department_name: String,
    pub domain: String,
    pub violation: String,
    /// The first exemption item of the benchmark, if it is on an exemption list.
    pub exempt_item: Option<String>,
    pub exempt_items: usize,
    /// The penalty provisions, as 《…》第N条.
    pub basis: Vec<String>,
    pub score: f32,
    /// Colloquial terms of the query that were expanded to legal terms (价签 -> 明码标价).
    pub matched_synonyms: Vec<String>,
}

/// An opened search index over a library.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    words: WordTokenizer,
    /// What the confidence rule needs of the library, built on its first use.
    profile: std::sync::OnceLock<confidence::Profile>,
    /// The library's synonym keys, normalised once, with the key as the library spells it:
    /// normalising 774 keys on every query took about a sixth of a search (574 -> 484 µs per
    /// search of one hit on the regression set, once it stopped).
    synonym_keys: Vec<(String, String)>,
    /// Ranking by meaning, loaded on the first query wording leaves uncertain.
    meaning: std::sync::OnceLock<semantic::Semantic>,
}

/// Hits of a query and whether hit 1 can be trusted (see `confidence`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    #[serde(rename = "match")]
    pub match_: Match,
    /// What the rule saw for hit 1 (None without hits), for evaluation and explanation.
    #[serde(skip)]
    pub evidence: Option<Evidence>,
}

/// Hits `find` ranks again when the wording alone does not settle hit 1 (and at least the two
/// the confidence rule compares).
const RERANK_HITS: usize = 10;
/// Items ranked by meaning that `find` fuses with those ranked by words.
const MEANING_HITS: usize = 20;

impl Searcher {
    /// Opens an index from its files, in memory (the library is small; no temporary files).
    pub fn open(lib: &Library, files: &IndexFiles) -> Result<Searcher> {
        let dir = RamDirectory::create();
        let mut vocabulary = None;
        for (name, data) in files {
            if name == VOCABULARY_FILE {
                let text = String::from_utf8_lossy(data);
                vocabulary = Some(text.lines().map(String::from).collect::<Vec<_>>());
                continue;
            }
            dir.atomic_write(Path::new(name), data)
                .map_err(|e| Error::BadLibrary {
                    path: name.clone(),
                    reason: e.to_string(),
                })?;
        }
        let index = Index::open(dir)?;
        let fields = fields_of(&index.schema())?;
        let words = match vocabulary {
            Some(v) => WordTokenizer::from_vocabulary(v),
            None => WordTokenizer::for_library(lib),
        };
        register(&index, &words);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Searcher {
            reader,
            fields,
            words,
            profile: std::sync::OnceLock::new(),
            meaning: std::sync::OnceLock::new(),
            synonym_keys: lib
                .synonyms
                .keys()
                .map(|k| (normalize(k), k.clone()))
                .collect(),
        })
    }

    /// Builds a throw-away index for a library (tests, `rules check` of a directory).
    pub fn build_in_memory(lib: &Library) -> Result<Searcher> {
        let tmp = tempdir()?;
        let files = build_index(lib, tmp.path())?;
        Searcher::open(lib, &files)
    }

    pub fn words(&self) -> &WordTokenizer {
        &self.words
    }

    /// Searches for a colloquial description and says whether hit 1 can be trusted: what every
    /// caller that acts on hit 1 (decide, audit, the desktop) should use.
    ///
    /// When the wording alone does not make hit 1 confident, the query is searched again once per
    /// word, that word left out, and the first `RERANK_HITS` hits are ranked by their share of
    /// each search's best score, summed: a hit that one word carries drops behind one the whole
    /// description supports. The same searches tell whether hit 1 is stable.
    pub fn find(
        &self,
        lib: &Library,
        query: &str,
        limit: usize,
        domain: Option<&str>,
    ) -> Result<SearchResult> {
        self.find_with(lib, query, limit, domain, true)
    }

    /// `find`, with or without expanding colloquial synonyms (without: to measure what the
    /// synonyms contribute).
    pub fn find_with(
        &self,
        lib: &Library,
        query: &str,
        limit: usize,
        domain: Option<&str>,
        synonyms: bool,
    ) -> Result<SearchResult> {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let mut hits = self.search_with(lib, &query, limit.max(RERANK_HITS), domain, synonyms)?;
        let Some(worded) = self.wording(lib, &query, &hits) else {
            hits.truncate(limit);
            return Ok(SearchResult {
                hits,
                match_: Match::None,
                evidence: None,
            });
        };
        let evidence = if worded.shortfall().is_none() {
            worded
        } else {
            let variants = rerank::variants(self, lib, &query, domain, synonyms, RERANK_HITS)?;
            let raw = hits.clone();
            let raw_first = hits[0].id.clone();
            rerank::rerank(&mut hits, &variants);
            // The margin stays that of the full query's scores, on which the thresholds were
            // set, over its strongest other hit: summed support runs higher, and let a helmetless
            // rider reach a substandard-helmet item with confidence. A hit 1 that the full query
            // does not lead is thus never confident by its margin.
            let rivals: Vec<Hit> = std::iter::once(hits[0].clone())
                .chain(raw.into_iter().filter(|h| h.id != hits[0].id))
                .collect();
            let mut ev = self.wording(lib, &query, &rivals).unwrap_or(worded);
            if ev.stability_matters() {
                ev.stable =
                    Some(hits[0].id == raw_first && rerank::first_in_all(&variants, &raw_first));
            }
            ev
        };
        let evidence = if evidence.verdict() == Match::Confident {
            evidence
        } else {
            self.by_meaning(lib, &query, domain, &mut hits, evidence)?
        };
        hits.truncate(limit);
        Ok(SearchResult {
            hits,
            match_: evidence.verdict(),
            evidence: Some(evidence),
        })
    }

    /// Why ranking by meaning is not available to this searcher, if it is not (loads the model
    /// and the library's vectors on first call).
    pub fn meaning_unavailable(&self, lib: &Library) -> Option<String> {
        self.semantic(lib).err()
    }

    /// The model file ranking by meaning uses, or why there is none (loads it on first call).
    pub fn meaning_model(&self, lib: &Library) -> std::result::Result<&Path, String> {
        self.semantic(lib).map(semantic::Semantic::model_path)
    }

    /// Kept once loaded; a failure is not kept, since the missing vectors may be computed
    /// while the searcher lives (the desktop does so in the background). Each retry costs about
    /// as much as one search.
    fn semantic(&self, lib: &Library) -> std::result::Result<&semantic::Semantic, String> {
        if let Some(s) = self.meaning.get() {
            return Ok(s);
        }
        let loaded = semantic::Semantic::load(lib)?;
        Ok(self.meaning.get_or_init(|| loaded))
    }

    /// Hits ranked by words and by meaning together, when wording left hit 1 uncertain: the
    /// two rankings are fused (`semantic::fuse`), and a hit 1 that both put first is confident
    /// when the query means nearly what one of its texts says (`Evidence::meaning_agrees`).
    /// Without the model, the words' ranking and verdict stand.
    fn by_meaning(
        &self,
        lib: &Library,
        query: &str,
        domain: Option<&str>,
        hits: &mut Vec<Hit>,
        worded: Evidence,
    ) -> Result<Evidence> {
        let Ok(sem) = self.semantic(lib) else {
            return Ok(worded);
        };
        let near = sem.rank(lib, query, domain, MEANING_HITS)?;
        let (Some(&(nearest, cosine)), Some(first)) = (near.first(), hits.first()) else {
            return Ok(worded);
        };
        let by_words = hits.clone();
        let words_first = first.id.clone();
        let ids: Vec<String> = by_words.iter().map(|h| h.id.clone()).collect();
        let meant: Vec<String> = near
            .iter()
            .filter_map(|(i, _)| lib.benchmarks.get(*i).map(|b| b.id.clone()))
            .collect();
        *hits = semantic::fuse(&ids, &meant)
            .into_iter()
            .filter_map(|id| match by_words.iter().find(|h| h.id == id) {
                Some(h) => Some(h.clone()),
                None => lib.benchmark(&id).map(|b| hit(lib, b, 0.0, &[])),
            })
            .collect();
        let Some(new_first) = hits.first().cloned() else {
            return Ok(worded);
        };
        if new_first.id == words_first {
            let mut ev = worded;
            if lib
                .benchmarks
                .get(nearest)
                .is_some_and(|b| b.id == words_first)
            {
                ev.meaning = Some(cosine);
            }
            return Ok(ev);
        }
        // A new hit 1 is judged on its own wording against the words' other hits (as after
        // `rerank`); the rankers disagree on it, so meaning adds nothing to its confidence.
        let rivals: Vec<Hit> = std::iter::once(new_first.clone())
            .chain(by_words.into_iter().filter(|h| h.id != new_first.id))
            .collect();
        Ok(self.wording(lib, query, &rivals).unwrap_or(worded))
    }

    /// The confidence of hit 1 of `hits`, ranked as `search` returned them for `query` (pass at
    /// least two hits: the margin over hit 2 is part of the rule). Unlike `find`, the hits are
    /// judged in the order given.
    pub fn confidence(&self, lib: &Library, query: &str, hits: &[Hit]) -> Result<Match> {
        self.judge(lib, query, hits, None, true).map(verdict)
    }

    /// `confidence` of hits that `search_with` returned with or without synonyms.
    pub fn confidence_with(
        &self,
        lib: &Library,
        query: &str,
        hits: &[Hit],
        synonyms: bool,
    ) -> Result<Match> {
        self.judge(lib, query, hits, None, synonyms).map(verdict)
    }

    /// What the confidence rule sees for hit 1 of `hits`, in the order given (None without hits).
    pub fn evidence(&self, lib: &Library, query: &str, hits: &[Hit]) -> Result<Option<Evidence>> {
        self.judge(lib, query, hits, None, true)
    }

    /// The evidence of the query's wording for hit 1 of `hits` (stability not asked).
    fn wording(&self, lib: &Library, query: &str, hits: &[Hit]) -> Option<Evidence> {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let profile = self.profile.get_or_init(|| confidence::Profile::new(lib));
        let words = self.words.words(&normalize(&query));
        confidence::evidence(profile, lib, &words, &query, hits)
    }

    /// The evidence for hit 1, with its stability when the verdict turns on it: the same search
    /// (domain, synonyms) is run once per word of the query, that word left out.
    fn judge(
        &self,
        lib: &Library,
        query: &str,
        hits: &[Hit],
        domain: Option<&str>,
        synonyms: bool,
    ) -> Result<Option<Evidence>> {
        let (Some(top), Some(mut ev)) = (hits.first(), self.wording(lib, query, hits)) else {
            return Ok(None);
        };
        if ev.stability_matters() {
            let variants = rerank::variants(self, lib, query, domain, synonyms, 1)?;
            ev.stable = Some(rerank::first_in_all(&variants, &top.id));
        }
        Ok(Some(ev))
    }

    /// Searches for a colloquial description. `domain` keeps only hits of that domain.
    pub fn search(
        &self,
        lib: &Library,
        query: &str,
        limit: usize,
        domain: Option<&str>,
    ) -> Result<Vec<Hit>> {
        self.search_with(lib, query, limit, domain, true)
    }

    /// `search`, with or without expanding colloquial synonyms (without: to measure what the
    /// synonyms contribute).
    pub fn search_with(
        &self,
        lib: &Library,
        query: &str,
        limit: usize,
        domain: Option<&str>,
        synonyms: bool,
    ) -> Result<Vec<Hit>> {
        let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
        let norm = normalize(&query);
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut seen: HashSet<(Field, String)> = HashSet::new();
        let mut add =
            |clauses: &mut Vec<(Occur, Box<dyn Query>)>, field: Field, term: &str, w: f32| {
                if seen.insert((field, term.to_string())) {
                    let t = Term::from_field_text(field, term);
                    clauses.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)),
                            w,
                        )),
                    ));
                }
            };
        let words = self.words.words(&norm);
        let grams = GramTokenizer::grams(&norm);
        for w in &words {
            add(&mut clauses, f.title_words, w, W_TITLE_WORDS);
            add(&mut clauses, f.alias_words, w, W_ALIAS_WORDS);
            add(&mut clauses, f.law, w, W_LAW);
        }
        for g in &grams {
            add(&mut clauses, f.title_grams, g, W_TITLE_GRAMS);
            add(&mut clauses, f.alias_grams, g, W_ALIAS_GRAMS);
        }
        let mut matched = Vec::new();
        for (norm_key, key) in self.synonym_keys.iter().filter(|_| synonyms) {
            if let Some(legal) = lib.synonyms.get(key).filter(|_| norm.contains(norm_key)) {
                matched.push(key.clone());
                for term in legal {
                    for w in self.words.words(term) {
                        add(&mut clauses, f.title_words, &w, W_TITLE_WORDS * W_SYNONYM);
                        add(&mut clauses, f.alias_words, &w, W_ALIAS_WORDS * W_SYNONYM);
                    }
                    for g in GramTokenizer::grams(term) {
                        if g.chars().count() == 2 {
                            add(&mut clauses, f.title_grams, &g, W_TITLE_GRAMS * W_SYNONYM);
                            add(&mut clauses, f.alias_grams, &g, W_ALIAS_GRAMS * W_SYNONYM);
                        }
                    }
                }
            }
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let mut q: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        if let Some(d) = domain {
            let t = Term::from_field_text(f.domain, d);
            q = Box::new(BooleanQuery::new(vec![
                (Occur::Must, q),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(t, IndexRecordOption::Basic)),
                ),
            ]));
        }
        let searcher = self.reader.searcher();
        let top = searcher.search(&q, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let Some(id) = d.get_first(f.id).and_then(|v| v.as_str()) else {
                continue;
            };
            let Some(b) = lib.benchmark(id) else {
                continue;
            };
            hits.push(hit(lib, b, score, &matched));
        }
        Ok(hits)
    }
}

fn hit(lib: &Library, b: &Benchmark, score: f32, matched: &[String]) -> Hit {
    let r = b.current();
    // A synonym is reported on a hit only if its legal term is in that hit's text.
    let text = format!("{}{}", b.violation, b.aliases.join(""));
    let matched_synonyms = matched
        .iter()
        .filter(|k| {
            lib.synonyms
                .get(*k)
                .is_some_and(|v| v.iter().any(|t| text.contains(t.as_str())))
        })
        .cloned()
        .collect();
    Hit {
        id: b.id.clone(),
        department: b.department.clone(),
        department_name: engine::summarize(lib, b).department_name,
        domain: b.domain.clone(),
        violation: b.violation.clone(),
        exempt_item: b.exemptions.first().map(|e| e.id.clone()),
        exempt_items: b.exemptions.len(),
        basis: r.penalty.iter().map(|c| lib.cite(c)).collect(),
        score,
        matched_synonyms,
    }
}

fn verdict(evidence: Option<Evidence>) -> Match {
    evidence.map_or(Match::None, |e| e.verdict())
}

/// A temporary directory removed on drop (std has none; this avoids a dependency for one use).
pub struct TempDir(std::path::PathBuf);

impl TempDir {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn tempdir() -> Result<TempDir> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    static SWEPT: std::sync::Once = std::sync::Once::new();
    let base = std::env::temp_dir();
    // Folders that killed runs left behind go, once per process.
    SWEPT.call_once(|| crate::tempfiles::remove_stale_dirs(&base, "cailiang-"));
    for _ in 0..100 {
        let p = base.join(format!(
            "cailiang-{}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0)
        ));
        match std::fs::create_dir(&p) {
            Ok(()) => return Ok(TempDir(p)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(p, e)),
        }
    }
    Err(Error::BadInput {
        what: base.display().to_string(),
        reason: "could not create a temporary directory".into(),
    })
}
