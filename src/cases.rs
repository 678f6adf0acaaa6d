//! Typical cases (典型案例): re-running them against the engine, and generating synthetic decided
//! cases for the audit benchmark (`cailiang cases gen`).

use crate::engine::{self, Decision, Query};
use crate::model::*;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;

/// The outcome of re-running one typical case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseCheck {
    pub id: String,
    pub benchmark: String,
    pub expected_tier: Tier,
    pub tier: Tier,
    pub grounds: Vec<String>,
    pub fine: Option<Band>,
    /// Empty when the engine reproduces the case.
    pub problems: Vec<String>,
}

pub fn query_of(c: &TypicalCase) -> Query {
    Query {
        facts: c.facts.iter().copied().collect(),
        amount: c.amount,
        gain: c.gain,
        party: c.party,
        occurred: c.occurred,
        discovered: c.discovered,
        decided: c.decided,
        chosen: c.chosen.clone(),
        ..Query::default()
    }
}

/// Runs a typical case and compares with what it states.
pub fn check(lib: &Library, c: &TypicalCase) -> CaseCheck {
    let mut problems = Vec::new();
    // A case that cannot be run at all fails with the reason.
    let failed = |problem: String| CaseCheck {
        id: c.id.clone(),
        benchmark: c.benchmark.clone(),
        expected_tier: c.expected_tier,
        tier: Tier::Standard,
        grounds: vec![],
        fine: None,
        problems: vec![problem],
    };
    let Some(item) = lib.benchmark(&c.benchmark) else {
        return failed(format!("benchmark {} missing", c.benchmark));
    };
    let d = match engine::decide(lib, item, &query_of(c)) {
        Ok(d) => d,
        Err(e) => return failed(format!("the engine cannot decide it: {e}")),
    };
    let grounds: Vec<String> = d.grounds.iter().map(|g| g.code().to_string()).collect();
    if d.tier != c.expected_tier {
        problems.push(format!(
            "tier: expected {}, engine gives {}",
            c.expected_tier, d.tier
        ));
    }
    for g in &c.expected_grounds {
        if !grounds.contains(g) {
            problems.push(format!("ground {g} expected, engine gives {grounds:?}"));
        }
    }
    if let Some(exp) = c.expected_fine {
        match d.fine {
            Some(b)
                if (b.min_yuan - exp.min_yuan).abs() < 0.01
                    && (b.max_yuan - exp.max_yuan).abs() < 0.01 => {}
            other => problems.push(format!(
                "fine: expected {}..{}, engine gives {:?}",
                exp.min_yuan,
                exp.max_yuan,
                other.map(|b| (b.min_yuan, b.max_yuan))
            )),
        }
    }
    CaseCheck {
        id: c.id.clone(),
        benchmark: c.benchmark.clone(),
        expected_tier: c.expected_tier,
        tier: d.tier,
        grounds,
        fine: d.fine,
        problems,
    }
}

/// splitmix64: small, fast and deterministic across platforms (the seed must reproduce a file).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Fact patterns of decided cases, with their weights (how often an office meets them).
const PATTERNS: &[(&[Fact], u32)] = &[
    (&[], 30),
    (&[Fact::FirstOffense], 14),
    (
        &[Fact::FirstOffense, Fact::NoHarm, Fact::CorrectedInTime],
        12,
    ),
    (
        &[Fact::FirstOffense, Fact::MinorHarm, Fact::CorrectedInTime],
        8,
    ),
    (&[Fact::CorrectedInTime], 8),
    (&[Fact::Repeat], 6),
    (&[Fact::RefusedCorrection], 5),
    (&[Fact::MitigatedHarm], 4),
    (&[Fact::Confessed, Fact::MitigatedHarm], 3),
    (&[Fact::SeriousHarm], 3),
    (&[Fact::Repeat, Fact::Obstructed], 2),
    (&[Fact::Minor14To18], 1),
    (&[Fact::NoFault], 1),
    (&[Fact::Repeat, Fact::Confessed], 2),
    (&[Fact::RefusedCorrection, Fact::Repeat], 1),
];

/// Units: enforcement bodies named after the departments (43 in the city).
fn units(lib: &Library) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let names = ["执法支队", "第一执法大队", "第二执法大队"];
    let mut i = 0;
    'outer: loop {
        for d in &lib.departments {
            let n = names[i / lib.departments.len().max(1) % names.len()];
            out.push((format!("{}{}", d.name, n), d.code.clone()));
            if out.len() == 43 {
                break 'outer;
            }
            i += 1;
        }
        if lib.departments.is_empty() {
            break;
        }
    }
    out
}

/// The years the synthetic acts fall in.
#[derive(Debug, Clone, Copy)]
pub struct Spread {
    pub from: chrono::NaiveDate,
    pub years: u32,
}

impl Default for Spread {
    /// 2020 to 2027: across every law change the library holds (从旧兼从轻 on both sides of each),
    /// so that the review's cached results are checked against the engine on all of them.
    fn default() -> Spread {
        Spread {
            from: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default(),
            years: 8,
        }
    }
}

/// Writes `n` synthetic decided cases as CSV (with a `planted` column saying what the audit must
/// find). Deterministic for a seed. Deviations are planted in about 12 % of rows.
pub fn generate(
    lib: &Library,
    n: usize,
    seed: u64,
    spread: Spread,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut rng = Rng::new(seed);
    let units = units(lib);
    let by_dept: HashMap<&str, Vec<&Benchmark>> =
        lib.benchmarks.iter().fold(HashMap::new(), |mut m, b| {
            m.entry(b.department.as_str()).or_default().push(b);
            m
        });
    let total_w: u32 = PATTERNS.iter().map(|p| p.1).sum();
    let mut cache: HashMap<(String, usize, usize, usize, u64), Decision> = HashMap::new();
    writeln!(
        out,
        "case_no,unit,item,facts,amount_yuan,gain_yuan,occurred,decided,penalty,fine_yuan,planted"
    )?;
    let start = spread.from;
    let days = (spread.years.max(1) * 365) as usize;
    for i in 0..n {
        let (unit, dept) = &units[rng.below(units.len())];
        let Some(items) = by_dept.get(dept.as_str()) else {
            continue;
        };
        // Zipf-like: a few items make most cases.
        let k = ((items.len() as f64) * rng.f64().powi(3)) as usize;
        let item = items[k.min(items.len() - 1)];
        let mut w = rng.below(total_w as usize) as u32;
        let mut pat = 0;
        for (j, p) in PATTERNS.iter().enumerate() {
            if w < p.1 {
                pat = j;
                break;
            }
            w -= p.1;
        }
        // Acts fall where the library holds a rule for them (an item created later starts later).
        let occurred = (start + chrono::Duration::days(rng.below(days) as i64))
            .max(item.earliest().from.unwrap_or(start));
        let decided = occurred + chrono::Duration::days(5 + rng.below(30) as i64);
        // Multiples need the amount; "有违法所得的，…并处罚款" needs the gains stated.
        let needs_amount = item.current().fine.as_ref().is_some_and(|f| {
            f.rules()
                .iter()
                .any(|(_, r)| matches!(r, FineRule::Multiple { .. }))
        }) || item.regimes.iter().any(|r| r.fine_requires_gain);
        let amount = needs_amount.then(|| (rng.below(20_000) as f64) + 100.0);
        let q = Query {
            facts: PATTERNS[pat].0.iter().copied().collect(),
            amount,
            gain: amount,
            occurred: Some(occurred),
            decided: Some(decided),
            ..Query::default()
        };
        // A decision depends on the amount only for fines that are multiples of it; the rest
        // are cached per item, fact pattern and the regimes in force on the two dates.
        let fresh;
        let d: &Decision = if needs_amount {
            fresh = engine::decide(lib, item, &q).map_err(std::io::Error::other)?;
            &fresh
        } else {
            // Which of the item's exemption lists are in force when the case is decided: a
            // list that starts mid-year changes the expected result of the same pattern.
            let lists: u64 = item
                .exemptions
                .iter()
                .take(64)
                .enumerate()
                .filter(|(_, e)| lib.list(&e.list).is_some_and(|l| l.in_force_on(decided)))
                .fold(0, |m, (k, _)| m | 1 << k);
            let key = (
                item.id.clone(),
                pat,
                regime_index(item, occurred),
                regime_index(item, decided),
                lists,
            );
            if !cache.contains_key(&key) {
                let d = engine::decide(lib, item, &q).map_err(std::io::Error::other)?;
                cache.insert(key.clone(), d);
            }
            match cache.get(&key) {
                Some(d) => d,
                None => continue,
            }
        };
        let (planted, penalty, fine) = plant(d, &mut rng);
        let facts: Vec<&str> = PATTERNS[pat].0.iter().map(|f| f.code()).collect();
        writeln!(
            out,
            "CL{:08},{},{},{},{},{},{},{},{},{},{}",
            i + 1,
            unit,
            item.id,
            facts.join(";"),
            amount.map(|a| a.to_string()).unwrap_or_default(),
            amount.map(|a| a.to_string()).unwrap_or_default(),
            occurred,
            decided,
            penalty,
            fine.map(|f| f.to_string()).unwrap_or_default(),
            planted
        )?;
    }
    Ok(())
}

fn regime_index(item: &Benchmark, day: chrono::NaiveDate) -> usize {
    item.regimes
        .iter()
        .position(|r| r.applies_on(day))
        .unwrap_or(item.regimes.len())
}

fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Chooses what was "decided" for a case whose expected result is `d`: mostly what the
/// benchmark says, and in about 12 % of cases a deviation whose finding code is known.
fn plant(d: &Decision, rng: &mut Rng) -> (&'static str, &'static str, Option<f64>) {
    let roll = rng.f64();
    let legal = d.legal_range;
    let no_fine_kind = if d
        .penalties
        .iter()
        .any(|p| p.kind == engine::PenaltyKind::Warning)
    {
        "警告"
    } else {
        "没收违法所得"
    };
    match (d.tier, d.fine) {
        (t, _) if t.is_no_penalty() && roll < 0.05 => (
            "fined_when_exempt",
            "罚款",
            Some(200.0 + rng.below(800) as f64),
        ),
        (t, _) if t.is_no_penalty() => ("consistent", "不予处罚", None),
        (_, Some(_)) if roll < 0.03 => ("unpenalised_when_due", "不予处罚", None),
        (_, Some(b)) if roll < 0.06 => match legal {
            // Inside the legal range, below the band (never below the legal minimum).
            Some(l) if b.min_yuan - l.min_yuan >= 1.0 => (
                "below_band",
                "罚款",
                Some(cents(l.min_yuan + (b.min_yuan - l.min_yuan) * 0.5)),
            ),
            _ => ("consistent", "罚款", Some(cents(b.min_yuan))),
        },
        (_, Some(b)) if roll < 0.09 => match legal {
            Some(l) if l.max_yuan - b.max_yuan >= 1.0 => (
                "above_band",
                "罚款",
                Some(cents(b.max_yuan + (l.max_yuan - b.max_yuan) * 0.5)),
            ),
            _ => ("consistent", "罚款", Some(cents(b.max_yuan))),
        },
        (_, Some(b)) if roll < 0.10 => match legal {
            Some(l) => (
                "above_legal_max",
                "罚款",
                Some((l.max_yuan * 1.5).ceil() + 1.0),
            ),
            None => ("consistent", "罚款", Some(cents(b.min_yuan))),
        },
        (_, Some(b)) => {
            let v = cents(b.min_yuan + (b.max_yuan - b.min_yuan) * rng.f64());
            ("consistent", "罚款", Some(v.clamp(b.min_yuan, b.max_yuan)))
        }
        (_, None) if roll < 0.03 => ("unpenalised_when_due", "不予处罚", None),
        (_, None) => ("consistent", no_fine_kind, None),
    }
}

/// The expected result for every benchmark and every fact pattern that `generate` uses, on one
/// date (amounts unknown: the fallback ranges). The DuckDB comparison joins decided cases
/// against this table (benches/audit_vs_duckdb.py).
pub fn expectations(
    lib: &Library,
    day: chrono::NaiveDate,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "item,facts,tier,band_min,band_max,legal_min,legal_max,warning_ok"
    )?;
    let f = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for b in &lib.benchmarks {
        for (facts, _) in PATTERNS {
            let q = Query {
                facts: facts.iter().copied().collect(),
                occurred: Some(day),
                decided: Some(day),
                ..Query::default()
            };
            let Ok(d) = engine::decide(lib, b, &q) else {
                // An act before the earliest rule the library holds: no expectation.
                continue;
            };
            let legal = d.legal_range.or(d.item.legal_fine);
            let codes: Vec<&str> = facts.iter().map(|x| x.code()).collect();
            writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                b.id,
                codes.join(";"),
                d.tier.code(),
                f(d.fine.map(|x| x.min_yuan)),
                f(d.fine.map(|x| x.max_yuan)),
                f(legal.map(|x| x.min_yuan)),
                f(legal.map(|x| x.max_yuan)),
                d.penalties
                    .iter()
                    .any(|p| p.kind == engine::PenaltyKind::Warning)
                    && d.fine.is_none_or(|x| x.min_yuan <= 0.0)
            )?;
        }
    }
    Ok(())
}
