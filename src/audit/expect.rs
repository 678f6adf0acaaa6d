//! What the engine expects for a decided case: the tier, band and legal range a finding is
//! judged against, cached by everything the result depends on (the item, the facts, the regimes
//! on both dates, the lists in force, the limitation state, and the amounts where they matter).

use super::row::{Case, Evaluator};
use super::sink::{csv_push, expected_cols};
use crate::decision::QuestionCode;
use crate::engine::{self, Query, Step};
use crate::model::*;
use std::sync::Arc;

/// What the engine expects for a case (the parts a finding needs).
#[derive(Debug)]
pub(super) struct Expect {
    /// Set when the fine is a multiple of an amount (basis, min and max multiple): a row's own
    /// amount gives its legal range, and the tier's band follows by the policy, exactly as the
    /// engine computes them.
    pub(super) multiple: Option<(Basis, f64, f64)>,
    pub(super) tier: Tier,
    pub(super) ground: String,
    pub(super) fine: Option<Band>,
    pub(super) legal: Option<Band>,
    pub(super) warning_ok: bool,
    /// The fine hangs on illegal gains the row does not state: no penalty may be right.
    pub(super) gain_decides: bool,
    pub(super) driver: String,
    /// `expected_cols` and the escaped driver, preformatted for cached expectations.
    pub(super) cols: String,
    pub(super) driver_csv: String,
}

impl Expect {
    pub(super) fn preformat(mut self) -> Expect {
        let mut b = Vec::new();
        expected_cols(&mut b, Some(&self));
        self.cols = String::from_utf8(b).unwrap_or_default();
        let mut d = Vec::new();
        csv_push(&mut d, &self.driver);
        self.driver_csv = String::from_utf8(d).unwrap_or_default();
        self
    }
}

#[derive(Hash, PartialEq, Eq)]
pub(super) struct Key {
    pub(super) item: u32,
    pub(super) facts: u32,
    pub(super) act: u8,
    pub(super) dec: u8,
    pub(super) lists: u32,
    pub(super) limitation: engine::Limitation,
    pub(super) amount: u64,
    pub(super) gain: u64,
}

impl Evaluator<'_> {
    /// The expectation for a case on an item, or why the library cannot judge it.
    pub(super) fn expectation(
        &mut self,
        item_idx: u32,
        item: &Benchmark,
        c: &Case,
    ) -> Result<Arc<Expect>, String> {
        let key = self.key(item_idx, item, c);
        let exp = match self.cache.get(&key) {
            Some(e) => e.clone(),
            None => self.evaluate(key, item, c)?,
        };
        Ok(self.for_amount(exp, c))
    }

    /// The decision date (or the act's, or today) and the act's date (or the decision's).
    pub(super) fn dates(&self, c: &Case) -> (chrono::NaiveDate, chrono::NaiveDate) {
        let dec = c.decided.or(c.occurred).unwrap_or(self.today);
        (c.occurred.unwrap_or(dec), dec)
    }

    /// The cache key: everything the expectation depends on.
    fn key(&mut self, item_idx: u32, item: &Benchmark, c: &Case) -> Key {
        let (occ, dec) = self.dates(c);
        let (amount, gain) = (c.amount, c.gain);
        let lib = &self.store.lib;
        let regime_idx = |d: chrono::NaiveDate| -> u8 {
            // u8::MAX: no regime the library holds covers the day (an act before the earliest).
            item.regimes
                .iter()
                .position(|r| r.applies_on(d))
                .map(|i| i as u8)
                .unwrap_or(u8::MAX)
        };
        let mut lists = 0u32;
        for (i, list) in self.list_windows[item_idx as usize]
            .iter()
            .enumerate()
            .take(32)
        {
            if list.as_ref().is_some_and(|l| l.in_force_on(dec)) {
                lists |= 1 << i;
            }
        }
        let sensitive = self.amount_sensitive[item_idx as usize];
        let (act, dec_i) = (regime_idx(occ), regime_idx(dec));
        let base = |per: &Basis| match per {
            Basis::Gain => gain,
            Basis::Amount => amount,
        };
        // Amounts enter the key as classes (which side of each threshold) where the result is
        // linear in them; under 从旧兼从轻 (two regimes) the comparison may turn on the exact
        // figures, so those keep them exactly.
        let (amount_key, gain_key) = if !sensitive {
            (0, 0)
        } else if act == dec_i && act != u8::MAX && !item.splits_by_party() {
            // (A range split by party is judged on both parties' ranges: exact amounts below.)
            let r = &item.regimes[dec_i as usize];
            let mut bits = 1u64 << 63;
            let rules = r
                .fine
                .iter()
                .chain(r.escalations.iter().filter_map(|e| e.fine.as_ref()))
                .flat_map(|f| f.rules())
                .map(|(_, rule)| rule);
            for (k, rule) in rules.enumerate().take(16) {
                if let FineRule::Multiple {
                    per,
                    fallback_below,
                    ..
                } = rule
                {
                    if base(per).is_some_and(|x| x > 0.0 && x >= *fallback_below) {
                        bits |= 1 << k;
                    }
                }
            }
            // "有违法所得的，…并处罚款": whether gains are unknown, nil or some decides the outcome.
            if r.fine_requires_gain {
                match gain {
                    None => {}
                    Some(g) if g <= 0.0 => bits |= 1 << 60,
                    Some(_) => bits |= 1 << 61,
                }
            }
            for (k, e) in item.exemptions.iter().enumerate().take(20) {
                if e.max_amount.is_some_and(|m| amount.is_some_and(|a| a > m)) {
                    bits |= 1 << (16 + 2 * k);
                }
                if e.max_gain.is_some_and(|m| gain.is_some_and(|g| g > m)) {
                    bits |= 1 << (17 + 2 * k);
                }
            }
            (bits, 0)
        } else {
            if self.cache.len() > 200_000 {
                self.cache.clear();
            }
            (
                amount.map(f64::to_bits).unwrap_or(1),
                gain.map(f64::to_bits).unwrap_or(1),
            )
        };
        Key {
            item: item_idx,
            facts: c.facts_mask,
            act,
            dec: dec_i,
            lists,
            limitation: engine::limitation(
                &lib.policy,
                item,
                item.regime_on(occ),
                engine::harm_from(|f| self.facts_buf.contains(&f)),
                occ,
                dec,
            ),
            amount: amount_key,
            gain: gain_key,
        }
    }

    /// Runs the engine for a case the cache does not hold, and caches what may be reused.
    fn evaluate(&mut self, key: Key, item: &Benchmark, c: &Case) -> Result<Arc<Expect>, String> {
        let (occ, dec) = self.dates(c);
        let (amount, gain) = (c.amount, c.gain);
        let lib = &self.store.lib;
        let base = |per: &Basis| match per {
            Basis::Gain => gain,
            Basis::Amount => amount,
        };
        let q = Query {
            facts: self.facts_buf.iter().copied().collect(),
            amount,
            gain,
            occurred: Some(occ),
            decided: Some(dec),
            ..Query::default()
        };
        let d = match engine::assess(lib, item, &q) {
            Ok(d) => d,
            // The library cannot judge this case (an act before the earliest rule it holds):
            // said, never guessed.
            Err(why) => return Err(why.to_string()),
        };
        let driver = driver_of(&d);
        // Where the range depends on the party and the row does not say it, only what
        // is outside both parties' ranges is certain.
        let legal = d.legal_range.or_else(|| {
            let ranges: Vec<Band> = d.by_party.iter().filter_map(|p| p.legal_range).collect();
            (!ranges.is_empty()).then(|| {
                Band::new(
                    ranges.iter().map(|b| b.min_yuan).fold(f64::MAX, f64::min),
                    ranges.iter().map(|b| b.max_yuan).fold(0.0, f64::max),
                )
            })
        });
        // Is the range a multiple of this row's amount? Then keep it per yuan of it.
        let per = if key.amount >> 63 == 1 {
            let r = &item.regimes[key.dec as usize];
            let mut rules = r
                .fine
                .iter()
                .chain(r.escalations.iter().filter_map(|e| e.fine.as_ref()))
                .filter(|f| !f.splits_by_party())
                .flat_map(|f| f.rules())
                .map(|(_, rule)| rule);
            rules.find_map(|rule| match rule {
                FineRule::Multiple {
                    per,
                    min_times,
                    max_times,
                    ..
                } => {
                    let x = base(per)?;
                    let l = legal?;
                    let linear = x > 0.0
                        && (l.min_yuan - engine::round2(x * min_times)).abs() < 0.001
                        && (l.max_yuan - engine::round2(x * max_times)).abs() < 0.001;
                    linear.then_some((*per, *min_times, *max_times))
                }
                FineRule::Fixed { .. } => None,
            })
        } else {
            None
        };
        // The band must be the policy's for this tier (no published amounts apply to a
        // multiple); otherwise keep the figures of this row only.
        let linear = per.is_some();
        let per = per
            .filter(|_| legal.and_then(|l| engine::policy_band(&lib.policy, l, d.tier)) == d.fine);
        let e = Arc::new(
            Expect {
                multiple: per,
                tier: d.tier,
                ground: d
                    .grounds
                    .first()
                    .map(|g| g.code().to_string())
                    .unwrap_or_default(),
                fine: d.fine,
                legal,
                warning_ok: d
                    .penalties
                    .iter()
                    .any(|p| p.kind == engine::PenaltyKind::Warning)
                    && d.fine.is_none_or(|b| b.min_yuan <= 0.0),
                gain_decides: gain_decides(&d),
                driver,
                cols: String::new(),
                driver_csv: String::new(),
            }
            .preformat(),
        );
        // A range that is a multiple but whose band does not follow the policy (e.g. 减轻
        // with no legal minimum) is good for this row's amount only: not cached.
        if !(linear && per.is_none()) {
            self.cache.insert(key, e.clone());
        }
        Ok(e)
    }

    /// A range that is a multiple of an amount, cached per yuan of it, scaled to this row's.
    fn for_amount(&self, exp: Arc<Expect>, c: &Case) -> Arc<Expect> {
        let lib = &self.store.lib;
        let base = |per: &Basis| match per {
            Basis::Gain => c.gain,
            Basis::Amount => c.amount,
        };
        match exp
            .multiple
            .and_then(|(p, lo, hi)| Some((base(&p)?, lo, hi)))
        {
            Some((x, lo, hi)) => Arc::new(Expect {
                multiple: None,
                tier: exp.tier,
                ground: exp.ground.clone(),
                fine: engine::policy_band(
                    &lib.policy,
                    Band::new(engine::round2(x * lo), engine::round2(x * hi)),
                    exp.tier,
                ),
                legal: Some(Band::new(engine::round2(x * lo), engine::round2(x * hi))),
                warning_ok: exp.warning_ok,
                gain_decides: exp.gain_decides,
                driver: exp.driver.clone(),
                cols: String::new(),
                driver_csv: exp.driver_csv.clone(),
            }),
            None => exp,
        }
    }
}

/// The facts and grounds that set the expectation, for the `driver` column.
pub(super) fn driver_of(d: &engine::Decision) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(g) = d.grounds.first() {
        parts.push(g.code().to_string());
    }
    for r in &d.reasons {
        if matches!(
            r.step,
            Step::Aggravating
                | Step::ForcingHeavy
                | Step::StatutoryMitigating
                | Step::OrdinaryMitigating
                | Step::Conflict
                | Step::BenchmarkTier
                | Step::Escalation
                | Step::ExemptionList
                | Step::Art33Minor
                | Step::Art33First
        ) && !r.facts.is_empty()
        {
            parts.push(format!(
                "{}:{}",
                r.step,
                r.facts
                    .iter()
                    .map(|f| f.code())
                    .collect::<Vec<_>>()
                    .join("+")
            ));
        }
    }
    // Past the short limitation period, within the long one, harm not stated: the expectation
    // assumes the case is not barred, and the reviewer must see that it rests on an assumption.
    if d.questions.iter().any(|q| q.code == QuestionCode::Harm) {
        parts.push("art36_time_limit:harm_unstated_assumed_not_barred".into());
    }
    if gain_decides(d) {
        parts.push("fine_requires_gain:gain_unstated".into());
    }
    if parts.is_empty() {
        parts.push(d.tier.code().to_string());
    }
    parts.join("; ")
}

/// The fine is due only where there are illegal gains, and the case does not state them.
fn gain_decides(d: &engine::Decision) -> bool {
    d.penalties.iter().any(|p| {
        p.kind == engine::PenaltyKind::Fine
            && p.condition
                .as_deref()
                .is_some_and(|c| c.starts_with("有违法所得的"))
    })
}
