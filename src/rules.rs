//! Loading and validating `rules/`: TOML written by people -> a [`Library`] the engine can trust.
//!
//! Every problem is reported with its place (`file:line: message`), and all problems are reported
//! at once so that a reviewer fixes a file in one pass. Nothing here panics on input.

use crate::error::{Diagnostic, Error, Result};
use crate::model::*;
use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use toml::Spanned;

/// Limits that keep a malformed or hostile rules directory from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
pub const MAX_FILES: usize = 2_000;
/// No Chinese penalty provision reaches ten billion yuan; a larger figure (or `nan`, `inf`) is a
/// slip of the pen that would print as nonsense in a decision.
pub const MAX_YUAN: f64 = 1e10;
/// A multiple is either of an amount (药品管理法: 三十倍) or per head (劳动保障监察条例: 每人五千元,
/// with the headcount as the amount); nothing reaches a hundred thousand.
pub const MAX_TIMES: f64 = 100_000.0;

/// The rules as files: (path relative to the rules directory, with `/`, content).
#[derive(Debug, Clone, Default)]
pub struct RuleFiles {
    pub files: Vec<(String, String)>,
}

impl RuleFiles {
    /// Reads the TOML files of a rules directory (top level, laws/, departments/, synonyms/, cases/).
    pub fn read_dir(dir: &Path) -> Result<RuleFiles> {
        let mut files = Vec::new();
        if !dir.is_dir() {
            return Err(Error::BadInput {
                what: dir.display().to_string(),
                reason: "not a rules directory".into(),
            });
        }
        for sub in ["", "laws", "departments", "synonyms", "cases"] {
            let d = if sub.is_empty() {
                dir.to_path_buf()
            } else {
                dir.join(sub)
            };
            if !d.is_dir() {
                continue;
            }
            let rd = std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))?;
            for entry in rd {
                let entry = entry.map_err(|e| Error::io(&d, e))?;
                let path = entry.path();
                if path.extension().and_then(|e| e.to_str()) != Some("toml") || !path.is_file() {
                    continue;
                }
                let meta = entry.metadata().map_err(|e| Error::io(&path, e))?;
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                let rel = if sub.is_empty() {
                    name.to_string()
                } else {
                    format!("{sub}/{name}")
                };
                if meta.len() > MAX_FILE_BYTES {
                    return Err(Error::InvalidRules(vec![Diagnostic {
                        file: rel,
                        line: 1,
                        message: format!("file larger than {MAX_FILE_BYTES} bytes"),
                    }]));
                }
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        // Say where: the line and the byte, so the file can be fixed.
                        let at = e.utf8_error().valid_up_to();
                        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
                        return Err(Error::InvalidRules(vec![Diagnostic {
                            file: rel,
                            line: line as u32,
                            message: format!(
                                "not UTF-8 at byte {at}: save the file as UTF-8 (rules files are UTF-8 text)"
                            ),
                        }]));
                    }
                };
                files.push((rel, text));
                if files.len() > MAX_FILES {
                    return Err(Error::BadInput {
                        what: dir.display().to_string(),
                        reason: format!("more than {MAX_FILES} rules files"),
                    });
                }
            }
        }
        files.sort();
        Ok(RuleFiles { files })
    }

    /// sha256 over every file's path and content, in path order.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        for (p, t) in &self.files {
            h.update(p.as_bytes());
            h.update([0]);
            h.update(t.as_bytes());
            h.update([0]);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Loads and validates a rules directory.
pub fn load_dir(dir: &Path) -> Result<Library> {
    load(&RuleFiles::read_dir(dir)?)
}

/// Validates rule files into a library, or returns every problem found.
pub fn load(files: &RuleFiles) -> Result<Library> {
    let mut cx = Cx::default();
    let mut meta: Option<(String, String)> = None;
    let mut policy: Option<Policy> = None;
    let mut laws: Vec<(String, Spanned<RawLaw>, String)> = Vec::new();
    let mut depts: Vec<(String, RawDept, String)> = Vec::new();
    let mut synonyms: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut cases: Vec<(String, Spanned<RawCase>, String)> = Vec::new();

    for (path, text) in &files.files {
        cx.file = path.clone();
        cx.text = text.clone();
        if path == "rules.toml" {
            if let Some(r) = cx.parse::<RawMeta>() {
                meta = Some((r.version, r.title));
            }
        } else if path == "policy.toml" {
            if let Some(p) = cx.parse::<RawPolicy>() {
                policy = cx.policy(p);
            }
        } else if path.starts_with("laws/") {
            if let Some(f) = cx.parse::<RawLawFile>() {
                laws.extend(f.laws.into_iter().map(|l| (path.clone(), l, text.clone())));
            }
        } else if path.starts_with("departments/") {
            if let Some(d) = cx.parse::<RawDept>() {
                depts.push((path.clone(), d, text.clone()));
            }
        } else if path.starts_with("synonyms/") {
            if let Some(s) = cx.parse::<RawSynonyms>() {
                for (k, v) in s.synonyms {
                    let k = k.trim().to_string();
                    let vals: Vec<String> = v
                        .into_iter()
                        .map(|x| x.trim().to_string())
                        .filter(|x| !x.is_empty())
                        .collect();
                    if k.is_empty() || vals.is_empty() {
                        cx.err(1, format!("synonym `{k}` has an empty term"));
                        continue;
                    }
                    let e = synonyms.entry(k).or_default();
                    for x in vals {
                        if !e.contains(&x) {
                            e.push(x);
                        }
                    }
                }
            }
        } else if path.starts_with("cases/") {
            if let Some(c) = cx.parse::<RawCaseFile>() {
                cases.extend(c.cases.into_iter().map(|x| (path.clone(), x, text.clone())));
            }
        }
    }

    if meta.is_none() {
        cx.diags.push(diag(
            "rules.toml",
            1,
            "missing: it must give `version` and `title`",
        ));
    }
    if policy.is_none() && !files.files.iter().any(|(p, _)| p == "policy.toml") {
        cx.diags.push(diag(
            "policy.toml",
            1,
            "missing: the discretion policy is required",
        ));
    }

    let laws = cx.read_laws(laws);
    let law_index: HashMap<&str, &Law> = laws.iter().map(|l| (l.id.as_str(), l)).collect();

    let mut departments = Vec::new();
    let mut benchmarks = Vec::new();
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    for (path, d, text) in depts {
        cx.file = path;
        cx.text = text;
        if let Some((dept, bms)) = cx.department(d, &law_index, &mut seen_ids) {
            departments.push(dept);
            benchmarks.extend(bms);
        }
    }
    let bench_ids: HashSet<&str> = benchmarks.iter().map(|b| b.id.as_str()).collect();

    let mut typical = Vec::new();
    for (path, c, text) in cases {
        cx.file = path;
        cx.text = text;
        if let Some(tc) = cx.case(c, &bench_ids, &mut seen_ids) {
            typical.push(tc);
        }
    }

    if !cx.diags.is_empty() {
        return Err(Error::InvalidRules(cx.diags));
    }
    let (version, title) = meta.unwrap_or_default();
    let policy = policy
        .ok_or_else(|| Error::InvalidRules(vec![diag("policy.toml", 1, "could not be read")]))?;
    Ok(Library {
        version,
        title,
        content_hash: files.content_hash(),
        policy,
        laws,
        departments,
        benchmarks,
        synonyms,
        cases: typical,
    })
}

/// Warnings on a valid library: places where the data may say less than the law. A penalty
/// article whose gist sets ranges for 个人 and 单位 while the benchmark stores one range, or a
/// 逾期不改正 / 拒不改正 range that neither `fine_requires` nor an escalation models. A benchmark
/// whose provenance discusses the party (e.g. "本项只处罚单位") has been looked at and is quiet.
pub fn lint(lib: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for b in &lib.benchmarks {
        for r in &b.regimes {
            let gists: Vec<&str> = r.penalty.iter().filter_map(|c| lib.gist(c)).collect();
            let says = |w: &str| gists.iter().any(|g| g.contains(w));
            let at = |m: String| Diagnostic {
                file: b.origin.file.clone(),
                line: b.origin.line,
                message: format!("warning: {} {m}", b.id),
            };
            let split = r.fine.as_ref().is_some_and(Fine::splits_by_party)
                || r.escalations
                    .iter()
                    .any(|e| e.fine.as_ref().is_some_and(Fine::splits_by_party));
            if says("个人") && says("单位") && !split && !b.provenance.contains("个人") {
                out.push(at(
                    "the penalty article names 个人 and 单位 but one range is stored (fine_by_party?)"
                        .into(),
                ));
            }
            let refusal_modelled = r.fine_requires.contains(&Fact::RefusedCorrection)
                || r.escalations
                    .iter()
                    .any(|e| e.when.contains(&Fact::RefusedCorrection));
            let refusal_words = ["逾期不改正", "拒不改正", "逾期未改正"];
            if refusal_words.iter().any(|w| says(w))
                && !refusal_modelled
                && !refusal_words.iter().any(|w| b.provenance.contains(w))
                && r.fine.is_some()
            {
                out.push(at(
                    "the penalty article has a range for 逾期不改正/拒不改正 that no fine_requires or escalation models"
                        .into(),
                ));
            }
        }
    }
    out.dedup();
    out
}

fn diag(file: &str, line: u32, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Raw TOML shapes. `deny_unknown_fields` turns a misspelt key into an error instead of silence.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    version: String,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    bands: RawPolicyBands,
    facts: RawPolicyFacts,
    mitigated_min_facts: usize,
    on_conflict: Spanned<String>,
    limitation: RawLimitation,
    simple_procedure: RawSimple,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicyBands {
    light: [f64; 2],
    standard: [f64; 2],
    heavy: [f64; 2],
    mitigated: [f64; 2],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicyFacts {
    aggravating: Vec<Spanned<String>>,
    statutory_mitigating: Vec<Spanned<String>>,
    ordinary_mitigating: Vec<Spanned<String>>,
    forcing_heavy: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimitation {
    years: u32,
    years_health: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSimple {
    person_yuan: f64,
    org_yuan: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLawFile {
    #[serde(default)]
    laws: Vec<Spanned<RawLaw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLaw {
    id: String,
    name: String,
    kind: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    source: String,
    versions: Vec<Spanned<RawVersion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersion {
    label: String,
    effective: Spanned<String>,
    until: Option<Spanned<String>>,
    #[serde(default)]
    articles: Vec<Spanned<RawArticle>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    no: String,
    gist: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDept {
    code: Spanned<String>,
    name: String,
    domain: String,
    #[serde(default)]
    first_offense_rule: String,
    #[serde(default)]
    lists: Vec<Spanned<RawList>>,
    #[serde(default)]
    benchmarks: Vec<Spanned<RawBenchmark>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    id: String,
    title: String,
    list_type: String,
    doc_number: Option<String>,
    effective: Spanned<String>,
    until: Option<Spanned<String>>,
    provenance: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBenchmark {
    id: String,
    violation: String,
    #[serde(default)]
    aliases: Vec<String>,
    category: Option<String>,
    domain: Option<String>,
    #[serde(default)]
    health_safety: bool,
    amount_label: Option<String>,
    #[serde(default)]
    provenance: String,
    not_minor: Option<String>,
    // The regime in force now (flattened for the common case of one regime).
    from: Option<Spanned<String>>,
    fine_by_party: Option<Spanned<RawPartyFine>>,
    limitation: Option<Spanned<RawLimitationRule>>,
    #[serde(default)]
    first_punishable: bool,
    #[serde(default)]
    violated: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    penalty: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    kinds: Vec<String>,
    fine: Option<Spanned<RawFine>>,
    #[serde(default)]
    fine_requires: Vec<Spanned<String>>,
    #[serde(default)]
    measures: Vec<String>,
    #[serde(default)]
    tiers: Vec<Spanned<RawTier>>,
    #[serde(default)]
    escalations: Vec<Spanned<RawEscalation>>,
    #[serde(default)]
    first_penalty: Vec<String>,
    #[serde(default)]
    fine_requires_gain: bool,
    #[serde(default)]
    one_of: Vec<String>,
    #[serde(default)]
    exemptions: Vec<Spanned<RawExemption>>,
    #[serde(default)]
    previous: Vec<Spanned<RawRegime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEscalation {
    when: Vec<Spanned<String>>,
    fine: Option<Spanned<RawFine>>,
    fine_by_party: Option<Spanned<RawPartyFine>>,
    #[serde(default)]
    kinds: Vec<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegime {
    from: Option<Spanned<String>>,
    until: Option<Spanned<String>>,
    fine_by_party: Option<Spanned<RawPartyFine>>,
    limitation: Option<Spanned<RawLimitationRule>>,
    #[serde(default)]
    first_punishable: bool,
    #[serde(default)]
    violated: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    penalty: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    kinds: Vec<String>,
    fine: Option<Spanned<RawFine>>,
    #[serde(default)]
    fine_requires: Vec<Spanned<String>>,
    #[serde(default)]
    measures: Vec<String>,
    #[serde(default)]
    tiers: Vec<Spanned<RawTier>>,
    #[serde(default)]
    escalations: Vec<Spanned<RawEscalation>>,
    #[serde(default)]
    first_penalty: Vec<String>,
    #[serde(default)]
    fine_requires_gain: bool,
    #[serde(default)]
    one_of: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCitation {
    law: String,
    version: Option<String>,
    article: String,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct RawBand {
    min: f64,
    max: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFine {
    min: Option<f64>,
    max: Option<f64>,
    per: Option<String>,
    min_times: Option<f64>,
    max_times: Option<f64>,
    fallback: Option<RawBand>,
    fallback_below: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartyFine {
    individual: RawFine,
    organization: RawFine,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimitationRule {
    years: u32,
    #[serde(default)]
    harm_required: bool,
    law: String,
    article: String,
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    tier: String,
    party: Option<String>,
    fine: Option<RawBand>,
    #[serde(default)]
    when: Vec<Spanned<String>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExemption {
    id: String,
    list: String,
    number: u32,
    conditions: Vec<Spanned<String>>,
    #[serde(default)]
    conditions_text: String,
    #[serde(default)]
    excluded_if: Vec<Spanned<String>>,
    max_amount: Option<f64>,
    max_gain: Option<f64>,
    #[serde(default)]
    measures: Vec<String>,
    #[serde(default)]
    follow_up: Vec<String>,
    #[serde(default)]
    provenance: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSynonyms {
    #[serde(default)]
    synonyms: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCaseFile {
    #[serde(default)]
    cases: Vec<Spanned<RawCase>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    id: String,
    title: String,
    benchmark: String,
    narrative: String,
    #[serde(default)]
    facts: Vec<Spanned<String>>,
    amount: Option<f64>,
    gain: Option<f64>,
    occurred: Option<Spanned<String>>,
    discovered: Option<Spanned<String>>,
    decided: Option<Spanned<String>>,
    party: Option<Spanned<String>>,
    /// Discretionary options the case applies (art33_first: 首违不罚, chosen by the officer).
    #[serde(default)]
    choose: Vec<Spanned<String>>,
    expected_tier: Spanned<String>,
    #[serde(default)]
    expected_grounds: Vec<String>,
    expected_fine: Option<RawBand>,
    #[serde(default)]
    explanation: String,
}

// ---------------------------------------------------------------------------------------------
// The validating context: the current file, and every diagnostic so far.

#[derive(Default)]
struct Cx {
    file: String,
    text: String,
    diags: Vec<Diagnostic>,
}

impl Cx {
    fn line_of(&self, offset: usize) -> u32 {
        let end = offset.min(self.text.len());
        let upto = self.text.get(..end).unwrap_or(&self.text);
        upto.bytes().filter(|b| *b == b'\n').count() as u32 + 1
    }

    fn line<T>(&self, s: &Spanned<T>) -> u32 {
        self.line_of(s.span().start)
    }

    fn err(&mut self, line: u32, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            file: self.file.clone(),
            line,
            message: message.into(),
        });
    }

    fn origin(&self, line: u32) -> Origin {
        Origin {
            file: format!("rules/{}", self.file),
            line,
        }
    }

    fn parse<T: for<'de> Deserialize<'de>>(&mut self) -> Option<T> {
        match toml::from_str::<T>(&self.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let line = e.span().map(|s| self.line_of(s.start)).unwrap_or(1);
                let msg = e.message().trim().to_string();
                self.err(line, msg);
                None
            }
        }
    }

    fn date(&mut self, s: &Spanned<String>, what: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(s.get_ref().trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                let l = self.line(s);
                self.err(
                    l,
                    format!("{what}: `{}` is not a date (YYYY-MM-DD)", s.get_ref()),
                );
                None
            }
        }
    }

    fn facts(&mut self, list: &[Spanned<String>]) -> Vec<Fact> {
        let mut out = Vec::new();
        for f in list {
            match Fact::ALL.iter().find(|x| x.code() == f.get_ref().trim()) {
                Some(x) => {
                    if !out.contains(x) {
                        out.push(*x)
                    }
                }
                None => {
                    let l = self.line(f);
                    self.err(
                        l,
                        format!(
                            "unknown fact code `{}`; known: {}",
                            f.get_ref(),
                            fact_codes()
                        ),
                    );
                }
            }
        }
        out
    }

    fn policy(&mut self, p: RawPolicy) -> Option<Policy> {
        let n0 = self.diags.len();
        let band = |cx: &mut Cx, name: &str, b: [f64; 2]| {
            if !(0.0..=1.0).contains(&b[0]) || !(0.0..=1.0).contains(&b[1]) || b[0] > b[1] {
                cx.err(
                    1,
                    format!("bands.{name}: fractions must satisfy 0 <= from <= to <= 1"),
                );
            }
            (b[0], b[1])
        };
        let light = band(self, "light", p.bands.light);
        let standard = band(self, "standard", p.bands.standard);
        let heavy = band(self, "heavy", p.bands.heavy);
        let mitigated = band(self, "mitigated", p.bands.mitigated);
        if light.1 > standard.0 + 1e-9 || standard.1 > heavy.0 + 1e-9 {
            self.err(
                1,
                "bands overlap: light, standard and heavy must follow one another",
            );
        }
        let on_conflict = match p.on_conflict.get_ref().as_str() {
            "offset" => Conflict::Offset,
            "aggravating_wins" => Conflict::AggravatingWins,
            "mitigating_wins" => Conflict::MitigatingWins,
            other => {
                let l = self.line(&p.on_conflict);
                self.err(
                    l,
                    format!(
                        "on_conflict `{other}`: use offset, aggravating_wins or mitigating_wins"
                    ),
                );
                Conflict::Offset
            }
        };
        let policy = Policy {
            light,
            standard,
            heavy,
            mitigated,
            aggravating: self.facts(&p.facts.aggravating),
            statutory_mitigating: self.facts(&p.facts.statutory_mitigating),
            ordinary_mitigating: self.facts(&p.facts.ordinary_mitigating),
            forcing_heavy: self.facts(&p.facts.forcing_heavy),
            mitigated_min_facts: p.mitigated_min_facts.max(1),
            on_conflict,
            limit_years: p.limitation.years,
            limit_years_health: p.limitation.years_health,
            simple_procedure_person_yuan: p.simple_procedure.person_yuan,
            simple_procedure_org_yuan: p.simple_procedure.org_yuan,
        };
        (self.diags.len() == n0).then_some(policy)
    }

    /// Reads the laws, one file per law (`laws/<id>.toml`) with all its versions; a law declared
    /// twice is an error.
    fn read_laws(&mut self, raw: Vec<(String, Spanned<RawLaw>, String)>) -> Vec<Law> {
        let mut out: Vec<Law> = Vec::new();
        for (path, sl, text) in raw {
            self.file = path;
            self.text = text;
            let line = self.line(&sl);
            let l = sl.into_inner();
            if l.id.trim().is_empty() || l.name.trim().is_empty() {
                self.err(line, "a law needs `id` and `name`");
                continue;
            }
            let stem = Path::new(&self.file).file_stem().and_then(|s| s.to_str());
            if stem != Some(l.id.as_str()) {
                self.err(
                    line,
                    format!("law {}: its file should be laws/{}.toml", l.id, l.id),
                );
            }
            if l.name.contains('《') {
                self.err(
                    line,
                    format!("law name `{}`: write it without 《》", l.name),
                );
            }
            let mut versions = Vec::new();
            for sv in &l.versions {
                let vl = self.line(sv);
                let v = sv.get_ref();
                let eff = self.date(&v.effective, "effective");
                let until = v.until.as_ref().and_then(|u| self.date(u, "until"));
                if let (Some(e), Some(u)) = (eff, until) {
                    if u < e {
                        self.err(
                            vl,
                            format!("version {}: until {u} is before effective {e}", v.label),
                        );
                    }
                }
                let mut articles: Vec<Article> = Vec::new();
                for sa in &v.articles {
                    let a = sa.get_ref();
                    let al = self.line(sa);
                    if !a.no.starts_with('第') || !a.no.ends_with('条') {
                        self.err(
                            al,
                            format!(
                                "article `{}`: write it as 第N条 (款/项 belong in citations)",
                                a.no
                            ),
                        );
                    }
                    if a.gist.trim().is_empty() {
                        self.err(al, format!("article {}: the gist is empty", a.no));
                    }
                    if articles.iter().any(|x| x.no == a.no) {
                        self.err(
                            al,
                            format!("article {} listed twice in version {}", a.no, v.label),
                        );
                        continue;
                    }
                    articles.push(Article {
                        no: a.no.clone(),
                        gist: a.gist.trim().to_string(),
                    });
                }
                if let Some(e) = eff {
                    versions.push(LawVersion {
                        label: v.label.clone(),
                        effective: e,
                        until,
                        articles,
                    });
                }
            }
            if l.versions.is_empty() {
                self.err(
                    line,
                    format!("law {}: at least one [[laws.versions]] is required", l.id),
                );
            }
            match out.iter_mut().find(|x| x.id == l.id) {
                None => {
                    let mut law = Law {
                        id: l.id.clone(),
                        name: l.name.clone(),
                        kind: l.kind.clone(),
                        issuer: l.issuer.clone(),
                        source: l.source.clone(),
                        versions,
                        origin: self.origin(line),
                    };
                    law.versions.sort_by_key(|v| v.effective);
                    out.push(law);
                }
                Some(existing) => {
                    // One file per law: a second declaration would be a second, silently merged
                    // source of truth for the same statute.
                    let o = existing.origin.to_string();
                    self.err(
                        line,
                        format!(
                            "law {} is also declared at {o}; a law and all its versions live in one file, laws/<id>.toml",
                            l.id
                        ),
                    );
                }
            }
        }
        out
    }

    fn citation(
        &mut self,
        sc: &Spanned<RawCitation>,
        laws: &HashMap<&str, &Law>,
        on: Option<NaiveDate>,
    ) -> Option<Citation> {
        let line = self.line(sc);
        self.citation_at(line, sc.get_ref(), laws, on)
    }

    fn citation_at(
        &mut self,
        line: u32,
        c: &RawCitation,
        laws: &HashMap<&str, &Law>,
        on: Option<NaiveDate>,
    ) -> Option<Citation> {
        let Some(law) = laws.get(c.law.as_str()) else {
            self.err(
                line,
                format!("citation to `{}`, which is not in rules/laws/", c.law),
            );
            return None;
        };
        if !c.article.starts_with('第') || !c.article.contains('条') {
            self.err(
                line,
                format!(
                    "article `{}`: it must start with the article, e.g. 第四十二条",
                    c.article
                ),
            );
            return None;
        }
        let version = match &c.version {
            Some(label) => law.versions.iter().find(|v| &v.label == label),
            // Without a label: the version in force on the regime's first day, else the newest.
            None => on
                .and_then(|d| {
                    law.versions
                        .iter()
                        .rev()
                        .find(|v| v.effective <= d && v.until.is_none_or(|u| d <= u))
                })
                .or(law.versions.last()),
        };
        let Some(version) = version else {
            let labels: Vec<_> = law.versions.iter().map(|v| v.label.as_str()).collect();
            self.err(
                line,
                format!(
                    "{}: no version `{}` (known: {})",
                    c.law,
                    c.version.clone().unwrap_or_default(),
                    labels.join(", ")
                ),
            );
            return None;
        };
        let art = article_part(&c.article);
        if !version.articles.iter().any(|a| a.no == art) {
            self.err(
                line,
                format!(
                    "citation {}{}: article {} is not listed for version {} in rules/laws/",
                    c.law, c.article, art, version.label
                ),
            );
            return None;
        }
        Some(Citation {
            law: c.law.clone(),
            version: Some(version.label.clone()),
            article: c.article.clone(),
        })
    }

    fn band(&mut self, line: u32, b: RawBand, what: &str) -> Option<Band> {
        if !(b.min.is_finite() && b.max.is_finite())
            || b.min < 0.0
            || b.min > b.max
            || b.max > MAX_YUAN
        {
            self.err(
                line,
                format!(
                    "{what}: need 0 <= min <= max <= {MAX_YUAN} yuan (got {} .. {})",
                    b.min, b.max
                ),
            );
            return None;
        }
        Some(Band::new(b.min, b.max))
    }

    /// The fine of a regime or an escalation: `fine` for every party, or `fine_by_party`.
    fn fine(
        &mut self,
        line: u32,
        fine: Option<&Spanned<RawFine>>,
        by_party: Option<&Spanned<RawPartyFine>>,
    ) -> Option<Fine> {
        match (fine, by_party) {
            (Some(_), Some(_)) => {
                self.err(
                    line,
                    "give `fine` (every party) or `fine_by_party`, not both",
                );
                None
            }
            (Some(f), None) => {
                let l = self.line(f);
                self.fine_rule(l, f.get_ref()).map(Fine::All)
            }
            (None, Some(p)) => {
                let l = self.line(p);
                let individual = self.fine_rule(l, &p.get_ref().individual);
                let organization = self.fine_rule(l, &p.get_ref().organization);
                Some(Fine::ByParty(PartyFines {
                    individual: individual?,
                    organization: organization?,
                }))
            }
            (None, None) => None,
        }
    }

    fn fine_rule(&mut self, line: u32, f: &RawFine) -> Option<FineRule> {
        match f.per.as_deref() {
            None => {
                if f.min_times.is_some() || f.max_times.is_some() || f.fallback.is_some() {
                    self.err(
                        line,
                        "fine: min_times/max_times/fallback need `per` (gain or amount)",
                    );
                    return None;
                }
                match (f.min, f.max) {
                    (Some(min), Some(max)) => self
                        .band(line, RawBand { min, max }, "fine")
                        .map(|band| FineRule::Fixed { band }),
                    _ => {
                        self.err(
                            line,
                            "fine: give both `min` and `max` (五千元以下 is min = 0)",
                        );
                        None
                    }
                }
            }
            Some(per) => {
                let per = match per {
                    "gain" => Basis::Gain,
                    "amount" => Basis::Amount,
                    other => {
                        self.err(line, format!("fine.per `{other}`: use gain or amount"));
                        return None;
                    }
                };
                let (Some(lo), Some(hi)) = (f.min_times, f.max_times) else {
                    self.err(line, "fine: a multiple needs min_times and max_times");
                    return None;
                };
                if !lo.is_finite() || lo < 0.0 || lo > hi || !hi.is_finite() || hi > MAX_TIMES {
                    self.err(
                        line,
                        format!("fine: need 0 <= min_times <= max_times (got {lo} .. {hi})"),
                    );
                    return None;
                }
                if f.min.is_some() || f.max.is_some() {
                    self.err(line, "fine: with `per`, give the fixed range as `fallback`");
                    return None;
                }
                if let Some(below) = f.fallback_below {
                    if !below.is_finite() || !(0.0..=MAX_YUAN).contains(&below) {
                        self.err(
                            line,
                            format!("fine.fallback_below {below}: not an amount in yuan"),
                        );
                        return None;
                    }
                }
                let fallback = match f.fallback {
                    Some(b) => Some(self.band(line, b, "fine.fallback")?),
                    None => None,
                };
                Some(FineRule::Multiple {
                    per,
                    min_times: lo,
                    max_times: hi,
                    fallback,
                    fallback_below: f.fallback_below.unwrap_or(0.0),
                })
            }
        }
    }

    fn regime(&mut self, line: u32, r: &RawRegime, laws: &HashMap<&str, &Law>) -> Regime {
        let RawRegime {
            from,
            until,
            fine_by_party,
            limitation,
            first_punishable,
            violated,
            penalty,
            kinds,
            fine,
            fine_requires,
            measures,
            tiers,
            escalations,
            first_penalty,
            fine_requires_gain,
            one_of,
        } = r;
        let from = from.as_ref().and_then(|d| self.date(d, "from"));
        let until = until.as_ref().and_then(|d| self.date(d, "until"));
        // Citations without a version label mean the version in force during the regime.
        let on = until.or(from);
        if let (Some(f), Some(u)) = (from, until) {
            if u < f {
                self.err(line, format!("regime: until {u} is before from {f}"));
            }
        }
        let no_penalty_written = penalty.is_empty();
        let violated: Vec<Citation> = violated
            .iter()
            .filter_map(|c| self.citation(c, laws, on))
            .collect();
        let penalty: Vec<Citation> = penalty
            .iter()
            .filter_map(|c| self.citation(c, laws, on))
            .collect();
        let fine = self.fine(line, fine.as_ref(), fine_by_party.as_ref());
        if fine.is_some() && no_penalty_written {
            self.err(
                line,
                "a fine needs a penalty provision (`penalty`) to rest on",
            );
        }
        let fixed = |r: &FineRule| match r {
            FineRule::Fixed { band } => Some(*band),
            FineRule::Multiple { fallback, .. } => *fallback,
        };
        let splits = fine.as_ref().is_some_and(Fine::splits_by_party);
        let mut tb: Vec<TierBand> = Vec::new();
        for st in tiers {
            let tl = self.line(st);
            let t = st.get_ref();
            let Some(tier) = Tier::parse(&t.tier) else {
                self.err(
                    tl,
                    format!("tier `{}`: use light, standard, heavy or mitigated", t.tier),
                );
                continue;
            };
            if tier == Tier::Exempt {
                self.err(
                    tl,
                    "tier exempt: exemptions are written as [[benchmarks.exemptions]]",
                );
                continue;
            }
            let party = match t.party.as_deref().map(|p| (p, Party::parse(p))) {
                None => None,
                Some((_, Some(p))) => Some(p),
                Some((p, None)) => {
                    self.err(
                        tl,
                        format!("tier party `{p}`: use individual or organization"),
                    );
                    continue;
                }
            };
            if splits && t.fine.is_some() && party.is_none() {
                self.err(
                    tl,
                    format!("tier {tier}: the fine is split by party, so a published amount names its `party`"),
                );
            }
            if tb.iter().any(|x| x.tier == tier && x.party == party) {
                self.err(tl, format!("tier {tier} given twice"));
                continue;
            }
            let legal = fine
                .as_ref()
                .and_then(|f| fixed(f.for_party(party.unwrap_or(Party::Organization))));
            let band = match t.fine {
                Some(b) => self.band(tl, b, "tier fine"),
                None => None,
            };
            if let (Some(b), Some(l)) = (band, legal) {
                let ok = if tier == Tier::Mitigated {
                    b.max_yuan <= l.min_yuan + 0.01
                } else {
                    b.within(&l)
                };
                if !ok {
                    self.err(
                        tl,
                        format!(
                            "tier {tier}: band {}..{} is outside the legal range {}..{}",
                            b.min_yuan, b.max_yuan, l.min_yuan, l.max_yuan
                        ),
                    );
                }
            }
            if band.is_some() && fine.is_none() {
                self.err(tl, format!("tier {tier}: a band needs the regime's `fine`"));
            }
            let when = self.facts(&t.when);
            tb.push(TierBand {
                tier,
                party,
                fine: band,
                when,
                note: t.note.clone(),
            });
        }
        // Bands must not overlap: mitigated < light <= standard <= heavy.
        let mut ordered: Vec<&TierBand> = tb.iter().filter(|t| t.fine.is_some()).collect();
        ordered.sort_by_key(|t| (t.party, t.tier));
        for w in ordered.windows(2).filter(|w| w[0].party == w[1].party) {
            let (a, b) = (
                w[0].fine.unwrap_or(Band::new(0.0, 0.0)),
                w[1].fine.unwrap_or(Band::new(0.0, 0.0)),
            );
            if a.max_yuan > b.min_yuan + 0.01 {
                self.err(
                    line,
                    format!(
                        "tiers overlap: {} ends at {} but {} starts at {}",
                        w[0].tier, a.max_yuan, w[1].tier, b.min_yuan
                    ),
                );
            }
        }
        let mut esc = Vec::new();
        for se in escalations {
            let el = self.line(se);
            let e = se.get_ref();
            let when = self.facts(&e.when);
            if when.is_empty() {
                self.err(el, "escalation: `when` needs at least one fact");
            }
            let efine = self.fine(el, e.fine.as_ref(), e.fine_by_party.as_ref());
            if efine.is_none() && e.kinds.is_empty() {
                self.err(el, "escalation: give the heavier `fine` or `kinds`");
            }
            if no_penalty_written {
                self.err(el, "escalation: needs the regime's penalty provision");
            }
            esc.push(Escalation {
                when,
                fine: efine,
                kinds: e.kinds.clone(),
                note: e.note.clone(),
            });
        }
        let fine_requires = self.facts(fine_requires);
        if !first_penalty.is_empty() && fine_requires.is_empty() {
            self.err(line, "first_penalty: only meaningful with fine_requires");
        }
        if *fine_requires_gain && fine.is_none() {
            self.err(line, "fine_requires_gain: only meaningful with a fine");
        }
        if !one_of.is_empty() {
            if one_of.len() < 2 {
                self.err(line, "one_of: name at least two kinds to choose between");
            }
            for k in one_of {
                if !kinds.contains(k) {
                    self.err(
                        line,
                        format!("one_of: “{k}” is not one of the regime's kinds"),
                    );
                }
            }
        }
        let limitation = limitation.as_ref().and_then(|sl| {
            let ll = self.line(sl);
            let l = sl.get_ref();
            if !(1..=20).contains(&l.years) {
                self.err(
                    ll,
                    format!("limitation: {} years is not a period a law sets", l.years),
                );
            }
            let raw = RawCitation {
                law: l.law.clone(),
                version: l.version.clone(),
                article: l.article.clone(),
            };
            let basis = self.citation_at(ll, &raw, laws, on)?;
            Some(Limitation {
                years: l.years,
                harm_required: l.harm_required,
                basis,
            })
        });
        if *first_punishable && from.is_none() {
            self.err(
                line,
                "first_punishable: needs the `from` date on which the act became punishable",
            );
        }
        Regime {
            from,
            until,
            violated,
            penalty,
            kinds: kinds.to_vec(),
            fine,
            fine_requires,
            first_penalty: first_penalty.to_vec(),
            fine_requires_gain: *fine_requires_gain,
            one_of: one_of.to_vec(),
            measures: measures.to_vec(),
            tiers: tb,
            escalations: esc,
            limitation,
            first_punishable: *first_punishable,
        }
    }

    fn department(
        &mut self,
        d: RawDept,
        laws: &HashMap<&str, &Law>,
        seen: &mut HashMap<String, String>,
    ) -> Option<(Department, Vec<Benchmark>)> {
        let code = d.code.get_ref().trim().to_string();
        let code_line = self.line(&d.code);
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            self.err(
                code_line,
                format!("department code `{code}`: use upper-case letters and digits"),
            );
        }
        let stem = self
            .file
            .trim_start_matches("departments/")
            .trim_end_matches(".toml")
            .to_string();
        if stem != code {
            self.err(
                code_line,
                format!("department code `{code}` differs from the file name `{stem}`"),
            );
        }
        self.unique(seen, &code, code_line, "department");
        let prefix = format!("{code}-");
        let mut lists = Vec::new();
        for sl in &d.lists {
            let ll = self.line(sl);
            let l = sl.get_ref();
            if !l.id.starts_with(&prefix) {
                self.err(ll, format!("list id `{}` must start with `{prefix}`", l.id));
            }
            self.unique(seen, &l.id, ll, "list");
            if !["轻微不罚", "首违不罚", "无过错不罚"].contains(&l.list_type.as_str())
            {
                self.err(
                    ll,
                    format!(
                        "list_type `{}`: use 轻微不罚, 首违不罚 or 无过错不罚",
                        l.list_type
                    ),
                );
            }
            if l.provenance.trim().is_empty() {
                self.err(ll, format!("list {}: provenance is required", l.id));
            }
            let eff = self.date(&l.effective, "effective");
            let until = l.until.as_ref().and_then(|u| self.date(u, "until"));
            if let (Some(e), Some(u)) = (eff, until) {
                if u < e {
                    self.err(ll, format!("list {}: until is before effective", l.id));
                }
            }
            lists.push(ExemptionList {
                id: l.id.clone(),
                title: l.title.clone(),
                list_type: l.list_type.clone(),
                doc_number: l.doc_number.clone(),
                effective: eff.unwrap_or_default(),
                until,
                provenance: l.provenance.clone(),
            });
        }
        let mut numbers: HashSet<(String, u32)> = HashSet::new();
        let mut benchmarks = Vec::new();
        for sb in d.benchmarks {
            let bl = self.line(&sb);
            let b = sb.into_inner();
            if !b.id.starts_with(&prefix) {
                self.err(
                    bl,
                    format!("benchmark id `{}` must start with `{prefix}`", b.id),
                );
            }
            self.unique(seen, &b.id, bl, "benchmark");
            if b.violation.trim().is_empty() {
                self.err(bl, format!("benchmark {}: violation is empty", b.id));
            }
            if b.provenance.trim().is_empty() {
                self.err(bl, format!("benchmark {}: provenance is required", b.id));
            }
            if b.penalty.is_empty() && b.previous.is_empty() && b.violated.is_empty() {
                self.err(
                    bl,
                    format!(
                        "benchmark {}: cite at least the violated or the penalty provision",
                        b.id
                    ),
                );
            }
            let mut regimes = Vec::new();
            for sp in &b.previous {
                let pl = self.line(sp);
                let p = sp.get_ref();
                if p.until.is_none() {
                    self.err(
                        pl,
                        format!("benchmark {}: a previous regime needs `until`", b.id),
                    );
                }
                regimes.push(self.regime(pl, p, laws));
            }
            regimes.sort_by_key(|r| r.until);
            let current_raw = RawRegime {
                from: b.from,
                until: None,
                fine_by_party: b.fine_by_party,
                limitation: b.limitation,
                first_punishable: b.first_punishable,
                violated: b.violated,
                penalty: b.penalty,
                kinds: b.kinds,
                fine: b.fine,
                fine_requires: b.fine_requires,
                measures: b.measures,
                tiers: b.tiers,
                escalations: b.escalations,
                first_penalty: b.first_penalty,
                fine_requires_gain: b.fine_requires_gain,
                one_of: b.one_of,
            };
            let mut current = self.regime(bl, &current_raw, laws);
            // The current regime starts the day after the last previous one ends.
            let last_until = regimes.last().and_then(|r: &Regime| r.until);
            if let Some(u) = last_until {
                match current.from {
                    None => current.from = u.succ_opt(),
                    Some(f) if f <= u => self.err(
                        bl,
                        format!(
                            "benchmark {}: from {f} overlaps the previous regime (until {u})",
                            b.id
                        ),
                    ),
                    _ => {}
                }
            }
            for w in regimes.windows(2) {
                if let (Some(u), Some(f)) = (w[0].until, w[1].from) {
                    if f <= u {
                        self.err(bl, format!("benchmark {}: previous regimes overlap", b.id));
                    }
                }
            }
            regimes.push(current);
            for (i, r) in regimes.iter().enumerate() {
                if r.first_punishable && i > 0 {
                    self.err(
                        bl,
                        format!(
                            "benchmark {}: first_punishable belongs on the earliest regime",
                            b.id
                        ),
                    );
                }
            }
            let not_minor = b
                .not_minor
                .as_ref()
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty());
            if b.not_minor.is_some() && not_minor.is_none() {
                self.err(
                    bl,
                    format!("benchmark {}: not_minor needs its reason", b.id),
                );
            }
            if not_minor.is_some() && !b.exemptions.is_empty() {
                self.err(
                    bl,
                    format!(
                        "benchmark {}: it says its violation cannot be minor (not_minor), so it cannot carry an exemption item",
                        b.id
                    ),
                );
            }

            let mut exemptions = Vec::new();
            for se in &b.exemptions {
                let el = self.line(se);
                let e = se.get_ref();
                if !e.id.starts_with(&prefix) {
                    self.err(
                        el,
                        format!("exemption id `{}` must start with `{prefix}`", e.id),
                    );
                }
                self.unique(seen, &e.id, el, "exemption item");
                if !lists.iter().any(|l: &ExemptionList| l.id == e.list) {
                    self.err(
                        el,
                        format!(
                            "exemption {}: list `{}` is not declared in this file",
                            e.id, e.list
                        ),
                    );
                }
                if !numbers.insert((e.list.clone(), e.number)) {
                    self.err(
                        el,
                        format!(
                            "exemption {}: number {} is used twice in list {}",
                            e.id, e.number, e.list
                        ),
                    );
                }
                for (what, v) in [("max_amount", e.max_amount), ("max_gain", e.max_gain)] {
                    if v.is_some_and(|v| !v.is_finite() || !(0.0..=MAX_YUAN).contains(&v)) {
                        self.err(
                            el,
                            format!("exemption {}: {what} is not an amount in yuan", e.id),
                        );
                    }
                }
                let conditions = self.facts(&e.conditions);
                if conditions.is_empty() {
                    self.err(el, format!("exemption {}: at least one condition", e.id));
                }
                if e.provenance.trim().is_empty() {
                    self.err(el, format!("exemption {}: provenance is required", e.id));
                }
                exemptions.push(Exemption {
                    id: e.id.clone(),
                    list: e.list.clone(),
                    number: e.number,
                    conditions,
                    conditions_text: e.conditions_text.clone(),
                    excluded_if: self.facts(&e.excluded_if),
                    max_amount: e.max_amount,
                    max_gain: e.max_gain,
                    measures: e.measures.clone(),
                    follow_up: e.follow_up.clone(),
                    provenance: e.provenance.clone(),
                    origin: self.origin(el),
                });
            }
            benchmarks.push(Benchmark {
                id: b.id.clone(),
                department: code.clone(),
                domain: b.domain.clone().unwrap_or_else(|| d.domain.clone()),
                violation: b.violation.trim().to_string(),
                aliases: b
                    .aliases
                    .iter()
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect(),
                category: b.category.clone(),
                health_safety: b.health_safety,
                amount_label: b.amount_label.clone(),
                provenance: b.provenance.clone(),
                not_minor,
                regimes,
                exemptions,
                origin: self.origin(bl),
            });
        }
        let dept = Department {
            code: code.clone(),
            name: d.name,
            domain: d.domain,
            first_offense_rule: d.first_offense_rule,
            lists,
            origin: self.origin(code_line),
        };
        Some((dept, benchmarks))
    }

    fn case(
        &mut self,
        sc: Spanned<RawCase>,
        benchmarks: &HashSet<&str>,
        seen: &mut HashMap<String, String>,
    ) -> Option<TypicalCase> {
        let line = self.line(&sc);
        let c = sc.into_inner();
        self.unique(seen, &c.id, line, "case");
        if !benchmarks.contains(c.benchmark.as_str()) {
            self.err(
                line,
                format!("case {}: benchmark `{}` does not exist", c.id, c.benchmark),
            );
        }
        let facts = self.facts(&c.facts);
        let occurred = c.occurred.as_ref().and_then(|d| self.date(d, "occurred"));
        let decided = c.decided.as_ref().and_then(|d| self.date(d, "decided"));
        let discovered = c
            .discovered
            .as_ref()
            .and_then(|d| self.date(d, "discovered"));
        let party = match &c.party {
            None => None,
            Some(p) => {
                let parsed = Party::parse(p.get_ref());
                if parsed.is_none() {
                    let l = self.line(p);
                    self.err(
                        l,
                        format!("party `{}`: use individual or organization", p.get_ref()),
                    );
                }
                parsed
            }
        };
        for (what, v) in [("amount", c.amount), ("gain", c.gain)] {
            if v.is_some_and(|v| !v.is_finite() || !(0.0..=MAX_YUAN).contains(&v)) {
                self.err(
                    line,
                    format!("case {}: {what} is not an amount in yuan", c.id),
                );
            }
        }
        let mut chosen = Vec::new();
        for sc in &c.choose {
            match crate::decision::Ground::parse(sc.get_ref()) {
                Some(g @ crate::decision::Ground::Art33First) => chosen.push(g),
                _ => {
                    let l = self.line(sc);
                    self.err(
                        l,
                        format!(
                            "choose `{}`: the option that can be chosen is art33_first",
                            sc.get_ref()
                        ),
                    );
                }
            }
        }
        if let (Some(o), Some(d)) = (occurred, discovered) {
            if d < o {
                self.err(
                    line,
                    format!("case {}: discovered {d} is before occurred {o}", c.id),
                );
            }
        }
        if let (Some(o), Some(d)) = (occurred, decided) {
            if d < o {
                self.err(
                    line,
                    format!("case {}: decided {d} is before occurred {o}", c.id),
                );
            }
        }
        let tier = match Tier::parse(c.expected_tier.get_ref()) {
            Some(t) => t,
            None => {
                let l = self.line(&c.expected_tier);
                self.err(
                    l,
                    format!(
                        "expected_tier `{}` is not a tier",
                        c.expected_tier.get_ref()
                    ),
                );
                return None;
            }
        };
        let expected_fine = match c.expected_fine {
            Some(b) => self.band(line, b, "expected_fine"),
            None => None,
        };
        Some(TypicalCase {
            id: c.id,
            title: c.title,
            benchmark: c.benchmark,
            narrative: c.narrative,
            facts,
            amount: c.amount,
            gain: c.gain,
            occurred,
            discovered,
            decided,
            party,
            chosen,
            expected_tier: tier,
            expected_grounds: c.expected_grounds,
            expected_fine,
            explanation: c.explanation,
            origin: self.origin(line),
        })
    }

    fn unique(&mut self, seen: &mut HashMap<String, String>, id: &str, line: u32, what: &str) {
        let here = format!("{}:{line}", self.file);
        if let Some(prev) = seen.get(id) {
            let msg = format!("duplicate {what} id `{id}` (first at {prev})");
            self.err(line, msg);
        } else {
            seen.insert(id.to_string(), here);
        }
    }
}

fn fact_codes() -> String {
    Fact::ALL
        .iter()
        .map(|f| f.code())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> RuleFiles {
        RuleFiles::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules"))
            .unwrap()
    }

    /// The fixture with `path` replaced (or added).
    fn with(path: &str, text: &str) -> RuleFiles {
        let mut f = fixture();
        f.files.retain(|(p, _)| p != path);
        f.files.push((path.to_string(), text.to_string()));
        f.files.sort();
        f
    }

    fn errors(files: &RuleFiles) -> Vec<String> {
        match load(files) {
            Ok(_) => vec![],
            Err(Error::InvalidRules(d)) => d.iter().map(|x| x.to_string()).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    const DEPT_HEAD: &str = "code = \"ZZ\"\nname = \"测试局\"\ndomain = \"测试\"\n";

    fn bench(extra: &str) -> String {
        format!(
            "{DEPT_HEAD}\n[[benchmarks]]\nid = \"ZZ-001\"\nviolation = \"未明码标价\"\nprovenance = \"t\"\n\
             violated = [{{ law = \"价格法\", article = \"第十三条\" }}]\n\
             penalty = [{{ law = \"价格法\", article = \"第四十二条\" }}]\n\
             fine = {{ min = 0, max = 5000 }}\n{extra}"
        )
    }

    #[test]
    fn the_fixture_is_valid_and_hashed() {
        let lib = load(&fixture()).unwrap();
        assert_eq!(lib.content_hash.len(), 64);
        assert_eq!(lib.version, "test.1");
        // Citations without a version get the version in force during their regime.
        let b = lib.benchmark("NYNC-001").unwrap();
        assert_eq!(b.regimes.len(), 2);
        assert_eq!(b.regimes[1].from, NaiveDate::from_ymd_opt(2026, 5, 1));
        assert_eq!(b.regimes[1].penalty[0].version.as_deref(), Some("2025修订"));
    }

    #[test]
    fn the_hash_changes_with_any_byte() {
        let a = fixture().content_hash();
        let mut f = fixture();
        f.files[0].1.push(' ');
        assert_ne!(a, f.content_hash());
    }

    #[test]
    fn unknown_fact_code_is_reported_at_its_line() {
        let e = errors(&with(
            "departments/ZZ.toml",
            &bench("fine_requires = [\"refused\"]\n"),
        ));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("departments/ZZ.toml:12: unknown fact code `refused`"),
            "{e:?}"
        );
    }

    #[test]
    fn alternatives_must_be_kinds_of_the_regime() {
        let e = errors(&with(
            "departments/ZZ.toml",
            &bench("kinds = [\"警告\", \"罚款\"]\none_of = [\"警告\", \"通报批评\"]\n"),
        ));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].contains("one_of: “通报批评” is not one of the regime's kinds"),
            "{e:?}"
        );
        let ok = errors(&with(
            "departments/ZZ.toml",
            &bench("kinds = [\"警告\", \"罚款\"]\none_of = [\"警告\", \"罚款\"]\nfine_requires_gain = true\n"),
        ));
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn citation_to_an_unlisted_article_or_law_fails() {
        let t = bench("").replace("第四十二条", "第九十九条");
        let e = errors(&with("departments/ZZ.toml", &t));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("departments/ZZ.toml:10:") && e[0].contains("第九十九条"),
            "{e:?}"
        );
        let t = bench("").replace(
            "law = \"价格法\", article = \"第十三条\"",
            "law = \"价格条例\", article = \"第十三条\"",
        );
        let e = errors(&with("departments/ZZ.toml", &t));
        assert!(e[0].contains("价格条例") && e[0].contains(":9:"), "{e:?}");
    }

    #[test]
    fn duplicate_ids_name_the_first_place() {
        let t = format!("{}\n[[benchmarks]]\nid = \"ZZ-001\"\nviolation = \"x\"\nprovenance = \"t\"\nviolated = [{{ law = \"价格法\", article = \"第十三条\" }}]\n", bench(""));
        let e = errors(&with("departments/ZZ.toml", &t));
        assert!(
            e.iter()
                .any(|x| x
                    .contains("duplicate benchmark id `ZZ-001` (first at departments/ZZ.toml:5)")),
            "{e:?}"
        );
    }

    #[test]
    fn the_new_legal_fields_are_checked() {
        // A benchmark that cannot be minor cannot carry an exemption item (第三十三条第一款).
        let t = bench("not_minor = \"危及安全\"\n");
        assert!(errors(&with("departments/ZZ.toml", &t)).is_empty());
        let t = bench(
            "not_minor = \"危及安全\"\n\n[[benchmarks.exemptions]]\nid = \"ZZ-E1\"\nlist = \"ZZ-L1\"\nnumber = 1\nconditions = [\"no_harm\"]\nprovenance = \"t\"\n",
        );
        let e = errors(&with("departments/ZZ.toml", &t));
        assert!(
            e.iter()
                .any(|x| x.contains("cannot carry an exemption item")),
            "{e:?}"
        );
        // One fine form per regime; both parties' ranges valid.
        let t = bench("fine_by_party = { individual = { min = 0, max = 1000 }, organization = { min = 0, max = 100000 } }\n");
        let e = errors(&with("departments/ZZ.toml", &t));
        assert!(e.iter().any(|x| x.contains("not both")), "{e:?}");
        // Non-finite and absurd amounts are refused where they are written.
        for bad in ["nan", "inf", "1e308"] {
            let t = format!("{DEPT_HEAD}\n[[benchmarks]]\nid = \"ZZ-001\"\nviolation = \"v\"\nprovenance = \"t\"\npenalty = [{{ law = \"价格法\", article = \"第四十二条\" }}]\nfine = {{ min = 0, max = {bad} }}\n");
            let e = errors(&with("departments/ZZ.toml", &t));
            assert!(
                e.iter().any(|x| x.contains("fine: need 0 <= min <= max")),
                "{bad}: {e:?}"
            );
        }
        // first_punishable needs the date on which the act became punishable.
        let t = bench("first_punishable = true\n");
        let e = errors(&with("departments/ZZ.toml", &t));
        assert!(e.iter().any(|x| x.contains("first_punishable")), "{e:?}");
    }

    #[test]
    fn bands_outside_the_legal_range_and_overlapping_tiers_fail() {
        let t =
            bench("\n[[benchmarks.tiers]]\ntier = \"heavy\"\nfine = { min = 4000, max = 6000 }\n");
        let e = errors(&with("departments/ZZ.toml", &t));
        assert!(
            e.iter().any(|x| x
                .contains(":13: tier heavy: band 4000..6000 is outside the legal range 0..5000")),
            "{e:?}"
        );
        let t = bench(
            "\n[[benchmarks.tiers]]\ntier = \"light\"\nfine = { min = 0, max = 2000 }\n\
             \n[[benchmarks.tiers]]\ntier = \"standard\"\nfine = { min = 1500, max = 3000 }\n",
        );
        let e = errors(&with("departments/ZZ.toml", &t));
        assert!(
            e.iter().any(
                |x| x.contains("tiers overlap: light ends at 2000 but standard starts at 1500")
            ),
            "{e:?}"
        );
    }

    #[test]
    fn bad_dates_and_toml_syntax_are_located() {
        let t = format!(
            "{DEPT_HEAD}\n[[lists]]\nid = \"ZZ-L1\"\ntitle = \"t\"\nlist_type = \"轻微不罚\"\neffective = \"2024-13-01\"\nprovenance = \"t\"\n"
        );
        let e = errors(&with("departments/ZZ.toml", &t));
        assert_eq!(
            e,
            ["departments/ZZ.toml:9: effective: `2024-13-01` is not a date (YYYY-MM-DD)"]
        );
        let e = errors(&with("departments/ZZ.toml", "code = \"ZZ\"\nname = \n"));
        assert!(e[0].starts_with("departments/ZZ.toml:2:"), "{e:?}");
    }

    #[test]
    fn misspelt_keys_are_errors_not_silence() {
        let e = errors(&with(
            "departments/ZZ.toml",
            &bench("measure = [\"责令改正\"]\n"),
        ));
        assert!(e[0].contains("unknown field `measure`"), "{e:?}");
    }

    #[test]
    fn a_law_lives_in_one_file_named_after_it() {
        let t = "[[laws]]\nid = \"价格法\"\nname = \"价格管理法\"\nkind = \"法律\"\n\n[[laws.versions]]\nlabel = \"1997\"\neffective = \"1998-05-01\"\narticles = []\n";
        let e = errors(&with("laws/zz.toml", t));
        assert!(
            e.iter()
                .any(|x| x == "laws/zz.toml:1: law 价格法: its file should be laws/价格法.toml"),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|x| x.starts_with("laws/价格法.toml:4: law 价格法 is also declared at")),
            "{e:?}"
        );
    }

    #[test]
    fn cases_must_point_at_benchmarks_and_tiers() {
        let t = "[[cases]]\nid = \"C1\"\ntitle = \"t\"\nbenchmark = \"NOPE-1\"\nnarrative = \"n\"\nexpected_tier = \"harsh\"\n";
        let e = errors(&with("cases/zz.toml", t));
        assert!(
            e.iter()
                .any(|x| x.contains("benchmark `NOPE-1` does not exist")),
            "{e:?}"
        );
        assert!(
            e.iter()
                .any(|x| x.contains("cases/zz.toml:6: expected_tier `harsh`")),
            "{e:?}"
        );
    }
}
