//! Limitation periods (第三十六条, or a regime's own law): which applies, and where a case stands
//! against it. One rule for the engine's step and the review's cache key.

use super::*;

/// What sets a limitation period: 第三十六条 itself, or the regime's own law.
#[derive(Clone, Copy)]
pub(super) enum PeriodBasis<'a> {
    Art36,
    Law(&'a Citation),
}

/// The limitation periods of a regime (第三十六条: two years; five where life/health or financial
/// safety is concerned and harm occurred; or the period the regime's own law sets): the one that
/// applies without harm and, where harm lengthens it, the longer one. One rule for the engine's step and the review's cache key.
pub(super) struct Periods<'a> {
    pub(super) base: (u32, PeriodBasis<'a>),
    pub(super) longer: Option<(u32, PeriodBasis<'a>)>,
}

pub(super) fn periods<'a>(p: &Policy, item: &Benchmark, regime: &'a Regime) -> Periods<'a> {
    let mut base = (p.limit_years, PeriodBasis::Art36);
    let mut longer = item
        .health_safety
        .then_some((p.limit_years_health, PeriodBasis::Art36));
    if let Some(l) = &regime.limitation {
        let own = (l.years, PeriodBasis::Law(&l.basis));
        if !l.harm_required {
            // The special law's period replaces 第三十六条's (法律另有规定的除外).
            base = own;
            longer = None;
        } else if longer.is_none_or(|(y, _)| l.years > y) {
            longer = Some(own);
        }
    }
    Periods { base, longer }
}

impl Periods<'_> {
    /// The period for a case: the longer one where harm occurred or is not established (so that
    /// no case is barred on an assumption), else the base.
    fn years(&self, harm: Option<bool>) -> u32 {
        match (self.longer, harm) {
            (Some((y, _)), h) if h != Some(false) => y,
            _ => self.base.0,
        }
    }
}

pub(super) fn basis_citation(lib: &Library, b: PeriodBasis) -> Option<CitationOut> {
    match b {
        PeriodBasis::Art36 => statute(lib, "第三十六条"),
        PeriodBasis::Law(c) => cite(lib, c),
    }
}

/// Where a case stands against its limitation period (第三十六条, or the regime's own) on the date
/// it was discovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limitation {
    Within,
    Passed,
    /// Past the base period but within the longer one, and harm not stated: whether the case is
    /// barred depends on a fact nobody gave. Not barred, and said (question `harm`).
    HarmDecides,
}

/// The limitation state of a case, by the same rule `decide` applies (the review keys its cached
/// expectations on it, so a case that depends on harm never shares one with a case that does not).
pub fn limitation(
    p: &Policy,
    item: &Benchmark,
    regime: &Regime,
    harm: Option<bool>,
    occurred: NaiveDate,
    discovered: NaiveDate,
) -> Limitation {
    let ps = periods(p, item, regime);
    let passed = |years: u32| discovered > add_years(occurred, years);
    match (ps.longer, harm) {
        (Some((longer, _)), None) if passed(ps.base.0) && !passed(longer) => {
            Limitation::HarmDecides
        }
        _ if passed(ps.years(harm)) => Limitation::Passed,
        _ => Limitation::Within,
    }
}

pub(super) fn add_years(d: NaiveDate, years: u32) -> NaiveDate {
    let y = d.year() + years as i32;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        // 29 February: the period ends on 28 February.
        .or_else(|| NaiveDate::from_ymd_opt(y, d.month(), 28))
        .unwrap_or(d)
}
