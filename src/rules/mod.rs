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

mod department;
mod files;
mod raw;
mod reader;
mod regime;

pub use files::RuleFiles;
use raw::*;

/// Limits that keep a malformed or hostile rules directory from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
pub const MAX_FILES: usize = 2_000;
/// No Chinese penalty provision reaches ten billion yuan; a larger figure (or `nan`, `inf`) is a
/// slip of the pen that would print as nonsense in a decision.
pub const MAX_YUAN: f64 = 1e10;
/// A multiple is either of an amount (药品管理法: 三十倍) or per head (劳动保障监察条例: 每人五千元,
/// with the headcount as the amount); nothing reaches a hundred thousand.
pub const MAX_TIMES: f64 = 100_000.0;

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
        cx.set_text(text.clone());
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
        cx.set_text(text);
        if let Some((dept, bms)) = cx.department(d, &law_index, &mut seen_ids) {
            departments.push(dept);
            benchmarks.extend(bms);
        }
    }
    let bench_ids: HashSet<&str> = benchmarks.iter().map(|b| b.id.as_str()).collect();

    let mut typical = Vec::new();
    for (path, c, text) in cases {
        cx.file = path;
        cx.set_text(text);
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
        pack: None,
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

// ---------------------------------------------------------------------------------------------
// The validating context: the current file, and every diagnostic so far.

#[derive(Default)]
struct Cx {
    file: String,
    text: String,
    /// Byte offsets of the text's line ends, so that a place's line is a binary search (counting
    /// them anew for every place made loading quadratic in a file's length).
    newlines: Vec<usize>,
    diags: Vec<Diagnostic>,
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
