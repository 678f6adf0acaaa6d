//! One decided case: parse its cells, resolve the item, re-evaluate with the engine (cached by
//! everything the result depends on), compare with what was decided, and write one finding row.

use super::fxhash::FxMap;
use super::Layout;
use crate::decision::QuestionCode;
use crate::engine::{self, Query, Step};
use crate::library::Store;
use crate::model::*;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::Arc;

/// The finding codes (contract), in the order used for counts.
pub const FINDING_CODES: [&str; 10] = [
    "consistent",
    "fined_when_exempt",
    "unpenalised_when_due",
    "below_band",
    "above_band",
    "above_legal_max",
    "below_legal_min",
    "time_limit_passed",
    "unknown_item",
    "bad_row",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Finding {
    Consistent = 0,
    FinedWhenExempt,
    UnpenalisedWhenDue,
    BelowBand,
    AboveBand,
    AboveLegalMax,
    BelowLegalMin,
    TimeLimitPassed,
    UnknownItem,
    BadRow,
}

/// The Chinese names of the finding codes, in the order of [`FINDING_CODES`].
pub const FINDING_ZH: [&str; 10] = [
    "符合基准",
    "应免罚而处罚",
    "应罚未罚",
    "低于裁量幅度",
    "高于裁量幅度",
    "超过法定上限",
    "低于法定下限",
    "超过追责时效",
    "事项无法识别",
    "格式错误",
];

impl Finding {
    pub fn code(self) -> &'static str {
        FINDING_CODES[self as usize]
    }
    pub fn zh(self) -> &'static str {
        FINDING_ZH[self as usize]
    }
}

/// One row of the findings file, typed, for tables (the desktop's 审查 view).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FindingRow {
    pub line: String,
    pub case_no: String,
    pub unit: String,
    pub item: String,
    pub matched_item: String,
    pub finding: String,
    pub finding_zh: String,
    pub column: String,
    pub expected_tier: String,
    pub expected_min: String,
    pub expected_max: String,
    pub actual_penalty: String,
    pub actual_fine: String,
    pub driver: String,
    pub detail: String,
}

impl FindingRow {
    /// Reads one row as this module wrote it (columns of [`FINDINGS_HEADER`]), with the csv crate:
    /// a cell may hold commas, quotes or line ends.
    pub fn parse(row: &[u8]) -> Option<FindingRow> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(row);
        let rec = rdr.records().next()?.ok()?;
        let g = |k: usize| rec.get(k).unwrap_or_default().to_string();
        let finding = g(6);
        Some(FindingRow {
            line: g(0),
            case_no: g(1),
            unit: g(2),
            item: g(3),
            matched_item: g(4),
            finding_zh: crate::labels::zh(&finding).unwrap_or_default().to_string(),
            finding,
            column: g(7),
            expected_tier: g(8),
            expected_min: g(9),
            expected_max: g(10),
            actual_penalty: g(13),
            actual_fine: g(14),
            driver: g(15),
            detail: g(16),
        })
    }
}

pub const FINDINGS_HEADER: &str = "line,case_no,unit,item,matched_item,match_score,finding,column,expected_tier,expected_min_yuan,expected_max_yuan,legal_min_yuan,legal_max_yuan,actual_penalty,actual_fine_yuan,driver,detail\n";
/// The empty cells after `finding,column` of a bad row.
const BAD_TAIL: &str = ",,,,,,,,";

/// Per-row data the writer needs after the worker formatted the row.
#[derive(Debug, Clone, Copy)]
pub struct Meta {
    /// Hash of the case number (0: none), for duplicate detection in input order.
    pub case_hash: u64,
    /// Bytes of the formatted row, and of its part before the `finding` cell.
    pub len: u32,
    pub prefix_len: u32,
    pub unit: u32,
    pub item: u32,
    pub facts: u32,
    pub finding: Finding,
    pub expected: Option<Tier>,
    pub category: u8,
    pub fine: f64,
}

/// Unit names of one chunk, interned.
#[derive(Debug, Default)]
pub struct Units {
    pub names: Vec<String>,
    map: FxMap<String, u32>,
}

impl Units {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(i) = self.map.get(name) {
            return *i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.map.insert(name.to_string(), i);
        i
    }
}

/// What the engine expects for a case (the parts a finding needs).
#[derive(Debug)]
struct Expect {
    /// Set when the fine is a multiple of an amount (basis, min and max multiple): a row's own
    /// amount gives its legal range, and the tier's band follows by the policy, exactly as the
    /// engine computes them.
    multiple: Option<(Basis, f64, f64)>,
    tier: Tier,
    ground: String,
    fine: Option<Band>,
    legal: Option<Band>,
    warning_ok: bool,
    /// The fine hangs on illegal gains the row does not state: no penalty may be right.
    gain_decides: bool,
    driver: String,
    /// `expected_cols` and the escaped driver, preformatted for cached expectations.
    cols: String,
    driver_csv: String,
}

impl Expect {
    fn preformat(mut self) -> Expect {
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
struct Key {
    item: u32,
    facts: u32,
    act: u8,
    dec: u8,
    lists: u32,
    limitation: engine::Limitation,
    amount: u64,
    gain: u64,
}

/// Outcome as decided.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    None,
    Warning,
    Other,
    Fine(f64),
}

pub struct Evaluator<'a> {
    store: &'a Store,
    ids: FxMap<String, u32>,
    /// Items whose result depends on the amounts (multiples, amount limits of exemption items).
    amount_sensitive: Vec<bool>,
    /// Per item, the validity window of each exemption item's list.
    /// Per item, the list of each exemption item (None: a list the library lacks, never in force).
    list_windows: Vec<Vec<Option<ExemptionList>>>,
    cache: FxMap<Key, Arc<Expect>>,
    described: FxMap<String, Result<(u32, f32), String>>,
    facts_seen: FxMap<String, Result<(u32, Vec<Fact>), String>>,
    penalties_seen: FxMap<String, Option<PenaltyKind>>,
    today: chrono::NaiveDate,
    facts_buf: Vec<Fact>,
}

fn csv_push(out: &mut Vec<u8>, s: &str) {
    let s = if matches!(s.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@'))
        && s.parse::<f64>().is_err()
    {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    };
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

fn num(out: &mut Vec<u8>, x: Option<f64>) {
    if let Some(v) = x {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            let _ = write!(LineWriter(out), "{}", v as i64);
        } else {
            let _ = write!(LineWriter(out), "{v:.2}");
        }
    }
}

pub fn hash_case(s: &str) -> u64 {
    // FNV-1a: fast and stable across runs (std's hasher is randomly seeded).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.max(1)
}

impl<'a> Evaluator<'a> {
    pub fn new(store: &'a Store) -> Evaluator<'a> {
        let lib = &store.lib;
        let ids = lib
            .benchmarks
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.to_ascii_uppercase(), i as u32))
            .collect();
        let amount_sensitive = lib
            .benchmarks
            .iter()
            .map(|b| {
                b.regimes.iter().any(|r| {
                    r.fine
                        .iter()
                        .chain(r.escalations.iter().filter_map(|e| e.fine.as_ref()))
                        .flat_map(|f| f.rules())
                        .any(|(_, rule)| matches!(rule, FineRule::Multiple { .. }))
                }) || b.regimes.iter().any(|r| r.fine_requires_gain)
                    || b.exemptions
                        .iter()
                        .any(|e| e.max_amount.is_some() || e.max_gain.is_some())
            })
            .collect();
        let list_windows = lib
            .benchmarks
            .iter()
            .map(|b| {
                b.exemptions
                    .iter()
                    .map(|e| lib.list(&e.list).cloned())
                    .collect()
            })
            .collect();
        Evaluator {
            store,
            ids,
            amount_sensitive,
            list_windows,
            cache: FxMap::default(),
            described: FxMap::default(),
            facts_seen: FxMap::default(),
            penalties_seen: FxMap::default(),
            today: chrono::Local::now().date_naive(),
            facts_buf: Vec::new(),
        }
    }

    fn cell<'c>(layout: &Layout, cells: &'c [Cow<'c, str>], col: usize) -> &'c str {
        layout.idx[col]
            .and_then(|i| cells.get(i))
            .map(|c| c.trim())
            .unwrap_or("")
    }

    /// Writes a bad-row finding.
    #[allow(clippy::too_many_arguments)]
    pub fn bad(
        &mut self,
        line: u64,
        case_no: &str,
        column: &str,
        reason: &str,
        out: &mut Vec<u8>,
        metas: &mut Vec<Meta>,
        _units: &mut Units,
    ) {
        self.bad_full(line, case_no, "", "", column, reason, out, metas, u32::MAX);
    }

    #[allow(clippy::too_many_arguments)]
    fn bad_full(
        &mut self,
        line: u64,
        case_no: &str,
        unit_name: &str,
        item: &str,
        column: &str,
        reason: &str,
        out: &mut Vec<u8>,
        metas: &mut Vec<Meta>,
        unit: u32,
    ) {
        let start = out.len();
        row_start(out, line, case_no, unit_name, item);
        out.extend_from_slice(b",,");
        let prefix_len = (out.len() - start) as u32;
        out.extend_from_slice(b"bad_row,");
        csv_push(out, column);
        out.extend_from_slice(BAD_TAIL.as_bytes());
        out.push(b',');
        csv_push(out, reason);
        out.push(b'\n');
        metas.push(Meta {
            case_hash: if case_no.is_empty() {
                0
            } else {
                hash_case(case_no)
            },
            len: (out.len() - start) as u32,
            prefix_len,
            unit,
            item: u32::MAX,
            facts: 0,
            finding: Finding::BadRow,
            expected: None,
            category: 0,
            fine: 0.0,
        });
    }

    fn resolve(&mut self, item: &str) -> Result<(u32, Option<f32>), String> {
        if let Some(i) = self.ids.get(item) {
            return Ok((*i, None));
        }
        if let Some(i) = self.ids.get(&item.to_ascii_uppercase()) {
            return Ok((*i, None));
        }
        if let Some(r) = self.described.get(item) {
            return r.clone().map(|(i, s)| (i, Some(s)));
        }
        let lib = &self.store.lib;
        // The same confidence rule as `search` and `decide`: a description that does not name
        // an item with confidence is unknown_item, with the nearest candidate named.
        let found = self.store.searcher.find(lib, item, 1, None);
        let r = match found.as_ref().map(|f| (f.hits.first(), f.match_)) {
            Err(_) | Ok((None, _)) => Err("无法匹配任何事项".to_string()),
            Ok((Some(top), crate::search::Match::Confident)) => {
                let idx = self
                    .ids
                    .get(&top.id.to_ascii_uppercase())
                    .copied()
                    .unwrap_or(u32::MAX);
                Ok((idx, top.score))
            }
            Ok((Some(top), m)) => Err(format!(
                "{}：最接近 {} {}",
                if m == crate::search::Match::None {
                    "未找到确切对应的事项"
                } else {
                    "描述未能确切对应事项"
                },
                top.id,
                top.violation
            )),
        };
        self.described.insert(item.to_string(), r.clone());
        r.map(|(i, s)| (i, Some(s)))
    }

    /// Evaluates one row and writes its finding.
    #[allow(clippy::too_many_arguments)]
    pub fn row(
        &mut self,
        layout: &Layout,
        line: u64,
        cells: &[Cow<str>],
        out: &mut Vec<u8>,
        metas: &mut Vec<Meta>,
        units: &mut Units,
        _min_group: usize,
    ) {
        let case_no = Self::cell(layout, cells, 0);
        let unit_name = Self::cell(layout, cells, 1);
        let item_text = Self::cell(layout, cells, 2);
        let unit = units.id(unit_name);
        macro_rules! bad {
            ($col:expr, $($arg:tt)*) => {{
                let reason = format!($($arg)*);
                self.bad_full(line, case_no, unit_name, item_text, $col, &reason, out, metas, unit);
                return;
            }};
        }
        if case_no.is_empty() {
            bad!("case_no", "案件编号为空");
        }
        if unit_name.is_empty() {
            bad!("unit", "执法单位为空");
        }
        if item_text.is_empty() {
            bad!("item", "事项为空");
        }
        // Facts: a column of few distinct values, parsed once each.
        let facts_cell = Self::cell(layout, cells, 3);
        if self.facts_seen.len() > 100_000 {
            self.facts_seen.clear();
        }
        if !self.facts_seen.contains_key(facts_cell) {
            self.facts_seen
                .insert(facts_cell.to_string(), parse_facts(facts_cell));
        }
        let facts_mask = match self.facts_seen.get(facts_cell) {
            Some(Ok((mask, facts))) => {
                self.facts_buf.clear();
                self.facts_buf.extend_from_slice(facts);
                *mask
            }
            Some(Err(part)) => {
                let part = part.clone();
                bad!("facts", "无法识别的情节“{part}”")
            }
            None => 0,
        };
        let amount = match parse_cell(Self::cell(layout, cells, 4), parse_yuan) {
            Ok(v) => v,
            Err(c) => bad!("amount_yuan", "金额格式错误“{c}”"),
        };
        let gain = match parse_cell(Self::cell(layout, cells, 5), parse_yuan) {
            Ok(v) => v,
            Err(c) => bad!("gain_yuan", "违法所得格式错误“{c}”"),
        };
        let occurred = match parse_cell(Self::cell(layout, cells, 6), parse_date) {
            Ok(v) => v,
            Err(c) => bad!("occurred", "日期格式错误“{c}”"),
        };
        let decided = match parse_cell(Self::cell(layout, cells, 7), parse_date) {
            Ok(v) => v,
            Err(c) => bad!("decided", "日期格式错误“{c}”"),
        };
        if let (Some(o), Some(d)) = (occurred, decided) {
            if d < o {
                bad!("decided", "决定日期 {d} 早于违法日期 {o}");
            }
        }
        let penalty_cell = Self::cell(layout, cells, 8);
        let fine_cell = Self::cell(layout, cells, 9);
        let fine_value = match parse_cell(fine_cell, parse_yuan) {
            Ok(v) => v,
            Err(c) => bad!("fine_yuan", "罚款金额格式错误“{c}”"),
        };
        let kind = match self.penalties_seen.get(penalty_cell) {
            Some(k) => *k,
            None => {
                let k = parse_penalty(penalty_cell);
                if self.penalties_seen.len() < 10_000 {
                    self.penalties_seen.insert(penalty_cell.to_string(), k);
                }
                k
            }
        };
        let outcome = match kind {
            Some(PenaltyKind::Fine) => match fine_value {
                Some(v) => Outcome::Fine(v),
                None => bad!("fine_yuan", "处罚种类为罚款，但罚款金额为空"),
            },
            Some(PenaltyKind::None) => Outcome::None,
            Some(PenaltyKind::Warning) => Outcome::Warning,
            Some(PenaltyKind::Other) => match fine_value {
                Some(v) if v > 0.0 => Outcome::Fine(v),
                _ => Outcome::Other,
            },
            None if penalty_cell.is_empty() => match fine_value {
                Some(v) if v > 0.0 => Outcome::Fine(v),
                _ => bad!("penalty", "处罚种类为空"),
            },
            None => bad!("penalty", "无法识别的处罚种类“{penalty_cell}”"),
        };

        // The item.
        let store = self.store;
        let resolved = self.resolve(item_text).and_then(|(i, score)| {
            let b = store.lib.benchmarks.get(i as usize).ok_or("事项不存在")?;
            Ok((i, score, b))
        });
        let (item_idx, score, item) = match resolved {
            Ok(x) => x,
            Err(reason) => {
                self.write_row(
                    line,
                    case_no,
                    unit_name,
                    item_text,
                    None,
                    None,
                    Finding::UnknownItem,
                    None,
                    outcome,
                    "",
                    &reason,
                    out,
                    metas,
                    unit,
                    u32::MAX,
                    facts_mask,
                );
                return;
            }
        };

        // The expectation, cached by everything it depends on.
        let dec = decided.or(occurred).unwrap_or(self.today);
        let occ = occurred.unwrap_or(dec);
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
        let key = Key {
            item: item_idx,
            facts: facts_mask,
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
        };
        let exp = match self.cache.get(&key) {
            Some(e) => e.clone(),
            None => {
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
                    Err(why) => {
                        // The library cannot judge this case (an act before the earliest rule it
                        // holds): said, never guessed.
                        self.write_row(
                            line,
                            case_no,
                            unit_name,
                            item_text,
                            Some(&item.id),
                            score,
                            Finding::UnknownItem,
                            None,
                            outcome,
                            "",
                            &why.to_string(),
                            out,
                            metas,
                            unit,
                            item_idx,
                            facts_mask,
                        );
                        return;
                    }
                };
                let driver = driver_of(&d);
                // Where the range depends on the party and the row does not say it, only what
                // is outside both parties' ranges is certain.
                let legal = d.legal_range.or_else(|| {
                    let ranges: Vec<Band> =
                        d.by_party.iter().filter_map(|p| p.legal_range).collect();
                    (!ranges.is_empty()).then(|| {
                        Band::new(
                            ranges.iter().map(|b| b.min_yuan).fold(f64::MAX, f64::min),
                            ranges.iter().map(|b| b.max_yuan).fold(0.0, f64::max),
                        )
                    })
                });
                // Is the range a multiple of this row's amount? Then keep it per yuan of it.
                let per = if amount_key >> 63 == 1 {
                    let r = &item.regimes[dec_i as usize];
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
                let per = per.filter(|_| {
                    legal.and_then(|l| engine::policy_band(&lib.policy, l, d.tier)) == d.fine
                });
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
                e
            }
        };
        let exp = match exp
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
        };
        let (finding, detail) = judge(&exp, outcome);
        self.write_row(
            line,
            case_no,
            unit_name,
            item_text,
            Some(&item.id),
            score,
            finding,
            Some(&exp),
            outcome,
            &exp.driver,
            &detail,
            out,
            metas,
            unit,
            item_idx,
            facts_mask,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn write_row(
        &mut self,
        line: u64,
        case_no: &str,
        unit_name: &str,
        item_text: &str,
        matched: Option<&str>,
        score: Option<f32>,
        finding: Finding,
        exp: Option<&Expect>,
        outcome: Outcome,
        driver: &str,
        detail: &str,
        out: &mut Vec<u8>,
        metas: &mut Vec<Meta>,
        unit: u32,
        item: u32,
        facts: u32,
    ) {
        let start = out.len();
        row_start(out, line, case_no, unit_name, item_text);
        if let Some(m) = matched {
            out.extend_from_slice(m.as_bytes());
        }
        out.push(b',');
        if let Some(s) = score {
            let _ = write!(LineWriter(out), "{s:.2}");
        }
        out.push(b',');
        let prefix_len = (out.len() - start) as u32;
        out.extend_from_slice(finding.code().as_bytes());
        out.extend_from_slice(b",,");
        match exp {
            // Formatted once per cached expectation.
            Some(e) if !e.cols.is_empty() => out.extend_from_slice(e.cols.as_bytes()),
            _ => expected_cols(out, exp),
        }
        out.extend_from_slice(
            match outcome {
                Outcome::None => "none",
                Outcome::Warning => "warning",
                Outcome::Other => "other",
                Outcome::Fine(_) => "fine",
            }
            .as_bytes(),
        );
        out.push(b',');
        if let Outcome::Fine(v) = outcome {
            num(out, Some(v));
        }
        out.push(b',');
        match exp {
            Some(e) if !e.driver_csv.is_empty() => out.extend_from_slice(e.driver_csv.as_bytes()),
            _ => csv_push(out, driver),
        }
        out.push(b',');
        csv_push(out, detail);
        out.push(b'\n');
        let legal = exp.and_then(|e| e.legal);
        let category = match outcome {
            Outcome::None => 0,
            Outcome::Warning | Outcome::Other => 1,
            Outcome::Fine(v) => match legal {
                Some(l) if l.max_yuan > l.min_yuan => {
                    let r = (v - l.min_yuan) / (l.max_yuan - l.min_yuan);
                    if r < 1.0 / 3.0 {
                        2
                    } else if r < 2.0 / 3.0 {
                        3
                    } else {
                        4
                    }
                }
                _ => 3,
            },
        };
        metas.push(Meta {
            case_hash: hash_case(case_no),
            len: (out.len() - start) as u32,
            prefix_len,
            unit,
            item,
            facts,
            finding,
            expected: exp.map(|e| e.tier),
            category,
            fine: match outcome {
                Outcome::Fine(v) => v,
                _ => 0.0,
            },
        });
    }
}

/// The expected columns: tier, band and legal range, each followed by a comma.
fn expected_cols(out: &mut Vec<u8>, exp: Option<&Expect>) {
    if let Some(e) = exp {
        out.extend_from_slice(e.tier.code().as_bytes());
    }
    out.push(b',');
    num(out, exp.and_then(|e| e.fine).map(|b| b.min_yuan));
    out.push(b',');
    num(out, exp.and_then(|e| e.fine).map(|b| b.max_yuan));
    out.push(b',');
    num(out, exp.and_then(|e| e.legal).map(|b| b.min_yuan));
    out.push(b',');
    num(out, exp.and_then(|e| e.legal).map(|b| b.max_yuan));
    out.push(b',');
}

/// The facts and grounds that set the expectation, for the `driver` column.
fn driver_of(d: &engine::Decision) -> String {
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

#[derive(Debug, Clone, Copy, PartialEq)]
enum PenaltyKind {
    None,
    Warning,
    Fine,
    Other,
}

fn parse_penalty(s: &str) -> Option<PenaltyKind> {
    let t = s.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    if t.contains("罚款") || t == "fine" {
        return Some(PenaltyKind::Fine);
    }
    Some(match t.as_str() {
        "none" | "不予处罚" | "不予行政处罚" | "免予处罚" | "免罚" | "无" | "责令改正"
        | "correction" => PenaltyKind::None,
        "warning" | "警告" => PenaltyKind::Warning,
        _ if t.contains("警告") => PenaltyKind::Warning,
        _ if t.contains("没收")
            || t.contains("吊销")
            || t.contains("停产")
            || t.contains("停业")
            || t.contains("拘留") =>
        {
            PenaltyKind::Other
        }
        _ => return None,
    })
}

fn judge(e: &Expect, o: Outcome) -> (Finding, String) {
    let yuan = crate::engine::yuan;
    if e.tier.is_no_penalty() {
        return match o {
            Outcome::None => (Finding::Consistent, String::new()),
            _ if e.ground == "art36_time_limit" => {
                (Finding::TimeLimitPassed, "已过追责时效仍予处罚".into())
            }
            _ => (
                Finding::FinedWhenExempt,
                format!("依据应不予处罚（{}）", e.ground),
            ),
        };
    }
    match o {
        Outcome::None if e.gain_decides => (
            Finding::Consistent,
            "违法所得未填写：没有违法所得的，罚则不设处罚".into(),
        ),
        Outcome::None => (Finding::UnpenalisedWhenDue, format!("应予{}", e.tier.zh())),
        Outcome::Warning | Outcome::Other => {
            if e.fine.is_none() || e.warning_ok {
                (Finding::Consistent, String::new())
            } else {
                (Finding::BelowBand, "未处罚款，低于裁量幅度".into())
            }
        }
        Outcome::Fine(v) => {
            if let Some(l) = e.legal {
                if v > l.max_yuan + 0.01 {
                    return (
                        Finding::AboveLegalMax,
                        format!("罚款{}元超过法定上限{}元", yuan(v), yuan(l.max_yuan)),
                    );
                }
                if v < l.min_yuan - 0.01 && e.tier != Tier::Mitigated {
                    return (
                        Finding::BelowLegalMin,
                        format!(
                            "罚款{}元低于法定下限{}元且无减轻情节",
                            yuan(v),
                            yuan(l.min_yuan)
                        ),
                    );
                }
            }
            match e.fine {
                Some(b) if v > b.max_yuan + 0.01 => (
                    Finding::AboveBand,
                    format!(
                        "罚款{}元高于{}幅度上限{}元",
                        yuan(v),
                        e.tier.zh(),
                        yuan(b.max_yuan)
                    ),
                ),
                Some(b) if v < b.min_yuan - 0.01 => (
                    Finding::BelowBand,
                    format!(
                        "罚款{}元低于{}幅度下限{}元",
                        yuan(v),
                        e.tier.zh(),
                        yuan(b.min_yuan)
                    ),
                ),
                _ => (Finding::Consistent, String::new()),
            }
        }
    }
}

/// `write!` into a byte vector.
struct LineWriter<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for LineWriter<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// The cells every finding row starts with: `line,case_no,unit,item,`.
fn row_start(out: &mut Vec<u8>, line: u64, case_no: &str, unit: &str, item: &str) {
    let _ = write!(LineWriter(out), "{line},");
    csv_push(out, case_no);
    out.push(b',');
    csv_push(out, unit);
    out.push(b',');
    csv_push(out, item);
    out.push(b',');
}

/// An optional cell: empty is None; the cell's text is the error when it does not parse.
fn parse_cell<T>(cell: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<T>, &str> {
    if cell.is_empty() {
        Ok(None)
    } else {
        parse(cell).map(Some).ok_or(cell)
    }
}

/// Parses a facts cell into a bit mask (bit i = `Fact::ALL[i]`) and the facts, with the
/// separators every front end uses (`request::fact_parts`); the error is the part that is not a
/// known fact.
fn parse_facts(cell: &str) -> Result<(u32, Vec<Fact>), String> {
    let mut mask = 0u32;
    let mut facts = Vec::new();
    for part in crate::request::fact_parts(cell) {
        let f = Fact::parse(part).ok_or_else(|| part.to_string())?;
        let bit = Fact::ALL.iter().position(|x| *x == f).unwrap_or(0);
        if mask & (1 << bit) == 0 {
            facts.push(f);
        }
        mask |= 1 << bit;
    }
    Ok((mask, facts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penalties_in_english_and_chinese() {
        assert_eq!(parse_penalty("不予处罚"), Some(PenaltyKind::None));
        assert_eq!(parse_penalty("Warning"), Some(PenaltyKind::Warning));
        assert_eq!(parse_penalty("警告、罚款"), Some(PenaltyKind::Fine));
        assert_eq!(parse_penalty("没收违法所得"), Some(PenaltyKind::Other));
        assert_eq!(parse_penalty("批评"), None);
    }

    #[test]
    fn judging_against_a_band() {
        let e = Expect {
            multiple: None,
            tier: Tier::Standard,
            ground: String::new(),
            fine: Some(Band::new(1500.0, 3500.0)),
            legal: Some(Band::new(1000.0, 5000.0)),
            warning_ok: false,
            gain_decides: false,
            driver: String::new(),
            cols: String::new(),
            driver_csv: String::new(),
        };
        assert_eq!(judge(&e, Outcome::Fine(2000.0)).0, Finding::Consistent);
        assert_eq!(judge(&e, Outcome::Fine(1200.0)).0, Finding::BelowBand);
        assert_eq!(judge(&e, Outcome::Fine(900.0)).0, Finding::BelowLegalMin);
        assert_eq!(judge(&e, Outcome::Fine(4000.0)).0, Finding::AboveBand);
        assert_eq!(judge(&e, Outcome::Fine(6000.0)).0, Finding::AboveLegalMax);
        assert_eq!(judge(&e, Outcome::None).0, Finding::UnpenalisedWhenDue);
        assert_eq!(judge(&e, Outcome::Warning).0, Finding::BelowBand);
        let x = Expect {
            multiple: None,
            tier: Tier::Exempt,
            ground: "art36_time_limit".into(),
            fine: None,
            legal: None,
            warning_ok: false,
            gain_decides: false,
            driver: String::new(),
            cols: String::new(),
            driver_csv: String::new(),
        };
        assert_eq!(judge(&x, Outcome::Fine(100.0)).0, Finding::TimeLimitPassed);
        assert_eq!(judge(&x, Outcome::None).0, Finding::Consistent);
    }
}
