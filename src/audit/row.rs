//! One decided case: parse its cells, resolve the item, re-evaluate with the engine (cached by
//! everything the result depends on), compare with what was decided, and write one finding row.

use super::expect::{Expect, Key};
use super::fxhash::FxMap;
use super::judge::{judge, parse_penalty, Outcome, PenaltyKind};
use super::sink::{Judged, Place, Sink};
use super::Layout;
use crate::library::Store;
use crate::model::*;
use std::borrow::Cow;
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
    /// The case as its row stated it: the facts as codes (those the engine knows), the amounts
    /// and dates as written — what 裁量 needs to open the case again.
    pub facts: Vec<String>,
    pub amount: String,
    pub gain: String,
    pub occurred: String,
    pub decided: String,
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
            finding_zh: finding_zh(&finding).unwrap_or_default().to_string(),
            finding,
            column: g(7),
            expected_tier: g(8),
            expected_min: g(9),
            expected_max: g(10),
            actual_penalty: g(13),
            actual_fine: g(14),
            driver: g(15),
            detail: g(16),
            facts: crate::request::fact_parts(&g(17))
                .filter_map(crate::model::Fact::parse)
                .map(|f| f.code().to_string())
                .collect(),
            amount: g(18),
            gain: g(19),
            occurred: g(20),
            decided: g(21),
        })
    }
}

/// The Chinese name of a finding code.
pub fn finding_zh(code: &str) -> Option<&'static str> {
    FINDING_CODES
        .iter()
        .position(|c| *c == code)
        .map(|i| FINDING_ZH[i])
}

/// The findings file's columns; the last five echo the case's own cells as the input gave them.
pub const FINDINGS_HEADER: &str = "line,case_no,unit,item,matched_item,match_score,finding,column,expected_tier,expected_min_yuan,expected_max_yuan,legal_min_yuan,legal_max_yuan,actual_penalty,actual_fine_yuan,driver,detail,facts,amount_yuan,gain_yuan,occurred,decided\n";

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
    /// The decision date as days from the common era (0: not given), for the review's period.
    pub decided: i32,
    /// Bytes of the echoed case cells at the row's end (before its newline).
    pub echo_len: u32,
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

pub struct Evaluator<'a> {
    pub(super) store: &'a Store,
    pub(super) ids: FxMap<String, u32>,
    /// Items whose result depends on the amounts (multiples, amount limits of exemption items).
    pub(super) amount_sensitive: Vec<bool>,
    /// Per item, the validity window of each exemption item's list.
    /// Per item, the list of each exemption item (None: a list the library lacks, never in force).
    pub(super) list_windows: Vec<Vec<Option<ExemptionList>>>,
    pub(super) cache: FxMap<Key, Arc<Expect>>,
    pub(super) described: FxMap<String, Result<(u32, f32), String>>,
    pub(super) facts_seen: FxMap<String, Result<(u32, Vec<Fact>), String>>,
    pub(super) penalties_seen: FxMap<String, Option<PenaltyKind>>,
    pub(super) today: chrono::NaiveDate,
    pub(super) facts_buf: Vec<Fact>,
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

    /// Writes a bad-row finding for a record that has no cells to read.
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
        let place = Place {
            line,
            case_no,
            unit_name: "",
            item_text: "",
            unit: u32::MAX,
            echo: [""; 5],
        };
        Sink { out, metas }.bad(&place, column, reason);
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
        let mut sink = Sink { out, metas };
        let unit_name = Self::cell(layout, cells, 1);
        let place = Place {
            line,
            case_no: Self::cell(layout, cells, 0),
            unit_name,
            item_text: Self::cell(layout, cells, 2),
            unit: units.id(unit_name),
            echo: [3, 4, 5, 6, 7].map(|k| Self::cell(layout, cells, k)),
        };
        let c = match self.parse_case(layout, cells, &place) {
            Ok(c) => c,
            Err((column, reason)) => return sink.bad(&place, column, &reason),
        };
        let store = self.store;
        let resolved = self.resolve(place.item_text).and_then(|(i, score)| {
            let b = store.lib.benchmarks.get(i as usize).ok_or("事项不存在")?;
            Ok((i, score, b))
        });
        let (item_idx, score, item) = match resolved {
            Ok(x) => x,
            Err(reason) => {
                return sink.finding(&place, unknown(&c, &reason, None, None, u32::MAX));
            }
        };
        let exp = match self.expectation(item_idx, item, &c) {
            Ok(e) => e,
            Err(why) => {
                let j = unknown(&c, &why, Some(&item.id), score, item_idx);
                return sink.finding(&place, j);
            }
        };
        let (finding, detail) = judge(&exp, c.outcome);
        sink.finding(
            &place,
            Judged {
                matched: Some(&item.id),
                score,
                finding,
                exp: Some(&exp),
                outcome: c.outcome,
                driver: &exp.driver,
                detail: &detail,
                item: item_idx,
                facts: c.facts_mask,
                decided: days(c.decided),
            },
        );
    }

    /// Reads a row's cells into a case, or names the column that cannot be read and why.
    fn parse_case(
        &mut self,
        layout: &Layout,
        cells: &[Cow<str>],
        place: &Place,
    ) -> Result<Case, (&'static str, String)> {
        macro_rules! bad {
            ($col:expr, $($arg:tt)*) => {{
                return Err(($col, format!($($arg)*)));
            }};
        }
        if place.case_no.is_empty() {
            bad!("case_no", "案件编号为空");
        }
        if place.unit_name.is_empty() {
            bad!("unit", "执法单位为空");
        }
        if place.item_text.is_empty() {
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
        Ok(Case {
            facts_mask,
            amount,
            gain,
            occurred,
            decided,
            outcome,
        })
    }
}

/// A decided case as read from its row (its facts are in `Evaluator::facts_buf`).
pub(super) struct Case {
    pub(super) facts_mask: u32,
    pub(super) amount: Option<f64>,
    pub(super) gain: Option<f64>,
    pub(super) occurred: Option<chrono::NaiveDate>,
    pub(super) decided: Option<chrono::NaiveDate>,
    pub(super) outcome: Outcome,
}

/// The finding for a row whose item cannot be judged: no item, or an act the library cannot
/// decide.
fn unknown<'j>(
    c: &Case,
    reason: &'j str,
    matched: Option<&'j str>,
    score: Option<f32>,
    item: u32,
) -> Judged<'j> {
    Judged {
        matched,
        score,
        finding: Finding::UnknownItem,
        exp: None,
        outcome: c.outcome,
        driver: "",
        detail: reason,
        item,
        facts: c.facts_mask,
        decided: days(c.decided),
    }
}

/// A date as days from the common era; 0 for none (no decision is dated in year 1).
fn days(d: Option<chrono::NaiveDate>) -> i32 {
    use chrono::Datelike;
    d.map_or(0, |d| d.num_days_from_ce())
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
