//! Aggregation in input order: duplicate case numbers, counts by code, unit, item and tier, and
//! the dispersion of outcomes among like cases (same item, same set of facts).

use super::fxhash::FxMap;
use super::input::Encoding;
use super::row::{Finding, Meta, Units, FINDING_CODES};
use crate::error::{Error, Result};
use crate::library::Store;
use crate::model::{Fact, Tier};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// Case-number hashes seen so far: open addressing over u64 (0 = empty), about 10 bytes a case —
/// a general hash set would take 20 or more, and a city's year is 3.8 million cases.
struct SeenTable {
    slots: Vec<u64>,
    len: usize,
}

impl SeenTable {
    fn with_capacity(n: u64) -> SeenTable {
        let cap = ((n as f64 * 1.25) as usize).max(1024);
        SeenTable {
            slots: vec![0; cap],
            len: 0,
        }
    }
    /// Reads the slots these hashes will probe, so that the loads overlap (memory-level
    /// parallelism) before the inserts, which then hit the cache: a chunk's rows fit in L2.
    fn warm(&self, hashes: impl Iterator<Item = u64>) -> u64 {
        let mut acc = 0u64;
        for h in hashes {
            acc ^= self.slots[self.slot(h.wrapping_mul(0x9E37_79B9_7F4A_7C15))];
        }
        acc
    }
    fn slot(&self, h: u64) -> usize {
        ((h as u128 * self.slots.len() as u128) >> 64) as usize
    }
    /// Inserts; false if it was there already.
    fn insert(&mut self, h: u64) -> bool {
        if (self.len + 1) * 100 > self.slots.len() * 85 {
            self.grow();
        }
        let n = self.slots.len();
        let mut i = self.slot(h.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = h;
                    self.len += 1;
                    return true;
                }
                x if x == h => return false,
                _ => i = if i + 1 == n { 0 } else { i + 1 },
            }
        }
    }
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![0; old.len() * 3 / 2 + 1024];
        self.len = 0;
        for h in old.into_iter().filter(|h| *h != 0) {
            self.insert(h);
        }
    }
}

#[derive(Default, Clone)]
struct Acc {
    cases: u64,
    evaluated: u64,
    deviations: u64,
    codes: [u64; 10],
}

impl Acc {
    fn add(&mut self, f: Finding) {
        self.cases += 1;
        self.codes[f as usize] += 1;
        if !matches!(f, Finding::BadRow | Finding::UnknownItem) {
            self.evaluated += 1;
            if f != Finding::Consistent {
                self.deviations += 1;
            }
        }
    }
}

#[derive(Default, Clone)]
struct Group {
    n: u64,
    cats: [u64; 5],
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
}

impl Group {
    fn add(&mut self, cat: u8, amount: f64) {
        if self.n == 0 {
            self.min = amount;
            self.max = amount;
        }
        self.n += 1;
        self.cats[cat as usize] += 1;
        let d = amount - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (amount - self.mean);
        self.min = self.min.min(amount);
        self.max = self.max.max(amount);
    }
    fn modal(&self) -> usize {
        (0..5).max_by_key(|i| (self.cats[*i], 5 - *i)).unwrap_or(0)
    }
}

pub struct Stats {
    /// For XLSX: the sheet read.
    pub sheet: Option<super::input::SheetInfo>,
    /// Deviation rows kept for a table, at most `keep_rows`, in input order.
    pub keep_rows: usize,
    pub deviation_rows: Vec<super::row::FindingRow>,
    pub deviation_rows_truncated: bool,
    seen: SeenTable,
    all: Acc,
    units: Vec<(String, Acc)>,
    unit_ids: FxMap<String, u32>,
    items: Vec<Acc>,
    tiers: [u64; Tier::ALL.len()],
    groups: FxMap<(u32, u32), Group>,
    unit_groups: FxMap<(u32, u32, u32), [u32; 5]>,
    oversized: u64,
    /// The earliest and latest decision dates read (days from the common era).
    decided_range: Option<(i32, i32)>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct InputInfo {
    pub path: String,
    pub format: String,
    pub encoding: Option<Encoding>,
    pub bytes: u64,
    /// For XLSX: the sheet read and every sheet of the workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<super::input::SheetInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub unit: String,
    pub cases: u64,
    pub evaluated: u64,
    pub deviations: u64,
    pub deviation_rate: f64,
    pub findings: BTreeMap<&'static str, u64>,
    /// 同案不同罚指数: the share of this unit's cases (in like-case groups of at least
    /// `min_group`) whose outcome differs from the group's most common outcome.
    pub inconsistency_index: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub item: String,
    pub violation: String,
    pub cases: u64,
    pub evaluated: u64,
    pub deviations: u64,
    pub deviation_rate: f64,
    pub findings: BTreeMap<&'static str, u64>,
    pub groups_shown: usize,
    pub inconsistency_index: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub item: String,
    pub violation: String,
    pub facts: Vec<&'static str>,
    pub cases: u64,
    /// Outcomes: 不予处罚, 警告 (or another kind without a fine), and fines by third of the legal range.
    pub outcomes: BTreeMap<&'static str, u64>,
    pub modal: &'static str,
    /// Fines with 不予处罚 and 警告 counted as 0 yuan.
    pub fine_mean: f64,
    pub fine_sd: f64,
    pub fine_cv: Option<f64>,
    pub fine_min: f64,
    pub fine_max: f64,
    pub inconsistency: f64,
}

/// The result of a review (contract: cases, bad_rows, findings, by_unit, by_item, rules_version,
/// took_ms; the rest adds detail).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub input: InputInfo,
    pub cases: u64,
    pub bad_rows: u64,
    pub evaluated: u64,
    pub deviations: u64,
    pub deviation_rate: f64,
    pub findings: BTreeMap<&'static str, u64>,
    pub by_unit: Vec<UnitRow>,
    pub by_item: Vec<ItemRow>,
    pub by_tier: BTreeMap<&'static str, u64>,
    pub dispersion: Vec<GroupRow>,
    pub min_group: usize,
    pub rules_version: String,
    pub library_hash: String,
    pub took_ms: u64,
    pub findings_csv: Option<String>,
    pub report_html: Option<String>,
    /// Rows that are not `consistent`, typed, in input order, when the run asked for them
    /// (`Options::table_rows`); the findings CSV has every row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deviation_rows: Vec<super::row::FindingRow>,
    pub deviation_rows_truncated: bool,
    /// The first and last decision dates among the rows read, when any row gives one.
    pub period: Option<Period>,
    /// The office the review is for (the report's cover), when the reviewer names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

/// The span of decision dates a review covers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Period {
    pub first: chrono::NaiveDate,
    pub last: chrono::NaiveDate,
}

const OUTCOMES: [&str; 5] = [
    "不予处罚",
    "警告等",
    "罚款（低）",
    "罚款（中）",
    "罚款（高）",
];

fn rate(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn codes(a: &Acc) -> BTreeMap<&'static str, u64> {
    FINDING_CODES
        .iter()
        .zip(a.codes.iter())
        .map(|(k, v)| (*k, *v))
        .collect()
}

fn w(out: &mut Option<&mut dyn Write>, bytes: &[u8]) -> Result<()> {
    if let Some(o) = out.as_mut() {
        o.write_all(bytes).map_err(|e| Error::io("findings", e))?;
    }
    Ok(())
}

/// A row whose case number came earlier, rewritten as a bad row: its own start (line, case
/// number, unit, item) and its echoed cells, the finding and reason in between.
fn duplicate_row(row: &[u8], m: &Meta) -> Vec<u8> {
    let echo_end = row.len().saturating_sub(1);
    let echo_start = echo_end.saturating_sub(m.echo_len as usize);
    let mut r = row[..m.prefix_len as usize].to_vec();
    r.extend_from_slice("bad_row,case_no,,,,,,,,,重复的案件编号（与前面的行相同）".as_bytes());
    r.extend_from_slice(&row[echo_start..echo_end]);
    r.push(b'\n');
    r
}

impl Stats {
    pub fn new(store: &Store, expected_rows: u64) -> Stats {
        Stats {
            sheet: None,
            keep_rows: 0,
            deviation_rows: Vec::new(),
            deviation_rows_truncated: false,
            seen: SeenTable::with_capacity(expected_rows),
            all: Acc::default(),
            units: Vec::new(),
            unit_ids: FxMap::default(),
            items: vec![Acc::default(); store.lib.benchmarks.len()],
            tiers: [0; Tier::ALL.len()],
            groups: FxMap::default(),
            unit_groups: FxMap::default(),
            oversized: 0,
            decided_range: None,
        }
    }

    pub fn rows(&self) -> u64 {
        self.all.cases
    }
    pub fn oversized_rows(&self) -> u64 {
        self.oversized
    }

    /// A row too long to read: one bad-row finding.
    pub fn oversized(&mut self, line: u64, len: u64, out: Option<&mut dyn Write>) -> Result<()> {
        self.oversized += 1;
        self.all.add(Finding::BadRow);
        let s =
            format!("{line},,,,,,bad_row,row,,,,,,,,,行长度 {len} 字节，超过上限，已跳过,,,,,\n");
        let mut out = out;
        w(&mut out, s.as_bytes())
    }

    /// Takes a worker's rows, in input order.
    pub fn absorb(
        &mut self,
        bytes: &[u8],
        metas: &[Meta],
        units: &Units,
        mut out: Option<&mut dyn Write>,
    ) -> Result<()> {
        let map: Vec<u32> = units
            .names
            .iter()
            .map(|n| match self.unit_ids.get(n) {
                Some(i) => *i,
                None => {
                    let i = self.units.len() as u32;
                    self.units.push((n.clone(), Acc::default()));
                    self.unit_ids.insert(n.clone(), i);
                    i
                }
            })
            .collect();
        std::hint::black_box(
            self.seen
                .warm(metas.iter().map(|m| m.case_hash).filter(|h| *h != 0)),
        );
        let mut at = 0usize;
        let mut run_start = 0usize;
        for m in metas {
            let end = at + m.len as usize;
            let mut finding = m.finding;
            if m.case_hash != 0 && !self.seen.insert(m.case_hash) {
                // A duplicate: flush what came before, then write this row as a bad row.
                w(&mut out, &bytes[run_start..at])?;
                w(&mut out, &duplicate_row(&bytes[at..end], m))?;
                run_start = end;
                finding = Finding::BadRow;
            }
            if finding != Finding::Consistent && self.keep_rows > 0 {
                if self.deviation_rows.len() < self.keep_rows {
                    let row = if finding == Finding::BadRow && m.finding != Finding::BadRow {
                        super::row::FindingRow::parse(&duplicate_row(&bytes[at..end], m))
                    } else {
                        super::row::FindingRow::parse(&bytes[at..end])
                    };
                    self.deviation_rows.extend(row);
                } else {
                    self.deviation_rows_truncated = true;
                }
            }
            at = end;
            if m.decided != 0 {
                let (lo, hi) = self.decided_range.unwrap_or((m.decided, m.decided));
                self.decided_range = Some((lo.min(m.decided), hi.max(m.decided)));
            }
            self.all.add(finding);
            let unit = map.get(m.unit as usize).copied();
            if let Some(u) = unit {
                self.units[u as usize].1.add(finding);
            }
            if finding == Finding::BadRow || m.item == u32::MAX {
                continue;
            }
            if let Some(a) = self.items.get_mut(m.item as usize) {
                a.add(finding);
            }
            if let Some(t) = m.expected {
                self.tiers[t as usize] += 1;
            }
            self.groups
                .entry((m.item, m.facts))
                .or_default()
                .add(m.category, m.fine);
            if let Some(u) = unit {
                self.unit_groups.entry((u, m.item, m.facts)).or_default()[m.category as usize] += 1;
            }
        }
        w(&mut out, &bytes[run_start..at])
    }

    pub fn clear(&mut self) {
        self.seen = SeenTable::with_capacity(0);
    }

    pub fn finish(&mut self, store: &Store, min_group: usize) -> Summary {
        let lib = &store.lib;
        let min_group = min_group.max(1) as u64;
        let eligible = |g: &Group| g.n >= min_group;
        // Per item: groups shown and their inconsistency.
        let mut item_incons: HashMap<u32, (u64, u64, usize)> = HashMap::new();
        let mut dispersion = Vec::new();
        for ((item, facts), g) in &self.groups {
            if !eligible(g) {
                continue;
            }
            let modal = g.modal();
            let off = g.n - g.cats[modal];
            let e = item_incons.entry(*item).or_default();
            e.0 += off;
            e.1 += g.n;
            e.2 += 1;
            let b = &lib.benchmarks[*item as usize];
            let sd = if g.n > 1 {
                (g.m2 / (g.n - 1) as f64).sqrt()
            } else {
                0.0
            };
            dispersion.push(GroupRow {
                item: b.id.clone(),
                violation: b.violation.clone(),
                facts: Fact::ALL
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| facts & (1 << i) != 0)
                    .map(|(_, f)| f.code())
                    .collect(),
                cases: g.n,
                outcomes: OUTCOMES
                    .iter()
                    .zip(g.cats.iter())
                    .map(|(k, v)| (*k, *v))
                    .collect(),
                modal: OUTCOMES[modal],
                fine_mean: (g.mean * 100.0).round() / 100.0,
                fine_sd: (sd * 100.0).round() / 100.0,
                fine_cv: (g.mean > 0.0).then(|| ((sd / g.mean) * 1000.0).round() / 1000.0),
                fine_min: g.min,
                fine_max: g.max,
                inconsistency: rate(off, g.n),
            });
        }
        dispersion.sort_by(|a, b| {
            b.inconsistency
                .total_cmp(&a.inconsistency)
                .then(b.cases.cmp(&a.cases))
        });
        dispersion.truncate(200);
        // Per unit: its cases in eligible groups that differ from the group's modal outcome.
        let mut unit_incons: HashMap<u32, (u64, u64)> = HashMap::new();
        for ((u, item, facts), cats) in &self.unit_groups {
            if let Some(g) = self.groups.get(&(*item, *facts)) {
                if eligible(g) {
                    let modal = g.modal();
                    let n: u64 = cats.iter().map(|x| *x as u64).sum();
                    let e = unit_incons.entry(*u).or_default();
                    e.0 += n - cats[modal] as u64;
                    e.1 += n;
                }
            }
        }
        let mut by_unit: Vec<UnitRow> = self
            .units
            .iter()
            .enumerate()
            .map(|(i, (name, a))| UnitRow {
                unit: name.clone(),
                cases: a.cases,
                evaluated: a.evaluated,
                deviations: a.deviations,
                deviation_rate: rate(a.deviations, a.evaluated),
                findings: codes(a),
                inconsistency_index: unit_incons
                    .get(&(i as u32))
                    .filter(|x| x.1 > 0)
                    .map(|x| rate(x.0, x.1)),
            })
            .collect();
        by_unit.sort_by(|a, b| {
            b.deviation_rate
                .total_cmp(&a.deviation_rate)
                .then(a.unit.cmp(&b.unit))
        });
        let mut by_item: Vec<ItemRow> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, a)| a.cases > 0)
            .map(|(i, a)| {
                let b = &lib.benchmarks[i];
                let inc = item_incons.get(&(i as u32));
                ItemRow {
                    item: b.id.clone(),
                    violation: b.violation.clone(),
                    cases: a.cases,
                    evaluated: a.evaluated,
                    deviations: a.deviations,
                    deviation_rate: rate(a.deviations, a.evaluated),
                    findings: codes(a),
                    groups_shown: inc.map(|x| x.2).unwrap_or(0),
                    inconsistency_index: inc.filter(|x| x.1 > 0).map(|x| rate(x.0, x.1)),
                }
            })
            .collect();
        by_item.sort_by(|a, b| b.cases.cmp(&a.cases).then(a.item.cmp(&b.item)));
        Summary {
            input: InputInfo::default(),
            cases: self.all.cases,
            bad_rows: self.all.codes[Finding::BadRow as usize],
            evaluated: self.all.evaluated,
            deviations: self.all.deviations,
            deviation_rate: rate(self.all.deviations, self.all.evaluated),
            findings: codes(&self.all),
            by_unit,
            by_item,
            by_tier: Tier::ALL
                .iter()
                .map(|t| (t.code(), self.tiers[*t as usize]))
                .collect(),
            dispersion,
            min_group: min_group as usize,
            rules_version: lib.version.clone(),
            library_hash: lib.content_hash.clone(),
            took_ms: 0,
            findings_csv: None,
            report_html: None,
            deviation_rows: std::mem::take(&mut self.deviation_rows),
            deviation_rows_truncated: self.deviation_rows_truncated,
            period: self.decided_range.and_then(|(lo, hi)| {
                Some(Period {
                    first: chrono::NaiveDate::from_num_days_from_ce_opt(lo)?,
                    last: chrono::NaiveDate::from_num_days_from_ce_opt(hi)?,
                })
            }),
            office: None,
        }
    }
}
