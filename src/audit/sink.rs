//! Writing finding rows: the CSV cells of each row and the per-row data the statistics need,
//! through one sink so that every path (bad row, unknown item, judged case) writes the same shape.

use super::expect::Expect;
use super::judge::Outcome;
use super::row::{Finding, Meta};
use std::borrow::Cow;
use std::fmt::Write as _;

/// The cells a bad row has after `finding,column`: the expected and decided columns are empty.
const BAD_TAIL: &str = ",,,,,,,,";

/// Where finding rows go: the formatted bytes, and one `Meta` per row.
pub(super) struct Sink<'o> {
    pub(super) out: &'o mut Vec<u8>,
    pub(super) metas: &'o mut Vec<Meta>,
}

/// The row a finding is about: its line and the cells that name it.
pub(super) struct Place<'c> {
    pub(super) line: u64,
    pub(super) case_no: &'c str,
    pub(super) unit_name: &'c str,
    pub(super) item_text: &'c str,
    /// The unit's index among the chunk's interned names (u32::MAX: none).
    pub(super) unit: u32,
    /// The case's own cells echoed at the end of its finding (facts, amount, gain, occurred,
    /// decided), so that a finding can be opened in 裁量 with what the case stated.
    pub(super) echo: [&'c str; 5],
}

/// Writes the echoed cells, each after a comma; returns their length in bytes.
fn push_echo(out: &mut Vec<u8>, echo: &[&str; 5]) -> u32 {
    let start = out.len();
    for c in echo {
        out.push(b',');
        csv_push(out, c);
    }
    (out.len() - start) as u32
}

/// What was found for a row.
pub(super) struct Judged<'j> {
    pub(super) matched: Option<&'j str>,
    pub(super) score: Option<f32>,
    pub(super) finding: Finding,
    pub(super) exp: Option<&'j Expect>,
    pub(super) outcome: Outcome,
    pub(super) driver: &'j str,
    pub(super) detail: &'j str,
    /// The item's index (u32::MAX: none) and the facts' bit mask.
    pub(super) item: u32,
    pub(super) facts: u32,
    /// The decision date as days from the common era (0: not given).
    pub(super) decided: i32,
}

impl Sink<'_> {
    /// A row that could not be read: the column and the reason.
    pub(super) fn bad(&mut self, p: &Place, column: &str, reason: &str) {
        let start = self.out.len();
        row_start(self.out, p.line, p.case_no, p.unit_name, p.item_text);
        self.out.extend_from_slice(b",,");
        let prefix_len = (self.out.len() - start) as u32;
        self.out.extend_from_slice(b"bad_row,");
        csv_push(self.out, column);
        self.out.extend_from_slice(BAD_TAIL.as_bytes());
        self.out.push(b',');
        csv_push(self.out, reason);
        let echo_len = push_echo(self.out, &p.echo);
        self.out.push(b'\n');
        self.metas.push(Meta {
            case_hash: if p.case_no.is_empty() {
                0
            } else {
                hash_case(p.case_no)
            },
            len: (self.out.len() - start) as u32,
            prefix_len,
            unit: p.unit,
            item: u32::MAX,
            facts: 0,
            finding: Finding::BadRow,
            expected: None,
            category: 0,
            fine: 0.0,
            decided: 0,
            echo_len,
        });
    }

    /// A row that was read: its finding, what was expected and what was decided.
    pub(super) fn finding(&mut self, p: &Place, j: Judged) {
        let start = self.out.len();
        row_start(self.out, p.line, p.case_no, p.unit_name, p.item_text);
        if let Some(m) = j.matched {
            self.out.extend_from_slice(m.as_bytes());
        }
        self.out.push(b',');
        if let Some(s) = j.score {
            let _ = write!(LineWriter(self.out), "{s:.2}");
        }
        self.out.push(b',');
        let prefix_len = (self.out.len() - start) as u32;
        self.out.extend_from_slice(j.finding.code().as_bytes());
        self.out.extend_from_slice(b",,");
        match j.exp {
            // Formatted once per cached expectation.
            Some(e) if !e.cols.is_empty() => self.out.extend_from_slice(e.cols.as_bytes()),
            _ => expected_cols(self.out, j.exp),
        }
        self.out.extend_from_slice(
            match j.outcome {
                Outcome::None => "none",
                Outcome::Warning => "warning",
                Outcome::Other => "other",
                Outcome::Fine(_) => "fine",
            }
            .as_bytes(),
        );
        self.out.push(b',');
        if let Outcome::Fine(v) = j.outcome {
            num(self.out, Some(v));
        }
        self.out.push(b',');
        match j.exp {
            Some(e) if !e.driver_csv.is_empty() => {
                self.out.extend_from_slice(e.driver_csv.as_bytes())
            }
            _ => csv_push(self.out, j.driver),
        }
        self.out.push(b',');
        csv_push(self.out, j.detail);
        let echo_len = push_echo(self.out, &p.echo);
        self.out.push(b'\n');
        let legal = j.exp.and_then(|e| e.legal);
        let category = match j.outcome {
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
        self.metas.push(Meta {
            case_hash: hash_case(p.case_no),
            len: (self.out.len() - start) as u32,
            prefix_len,
            unit: p.unit,
            item: j.item,
            facts: j.facts,
            finding: j.finding,
            expected: j.exp.map(|e| e.tier),
            category,
            fine: match j.outcome {
                Outcome::Fine(v) => v,
                _ => 0.0,
            },
            decided: j.decided,
            echo_len,
        });
    }
}

pub(super) fn csv_push(out: &mut Vec<u8>, s: &str) {
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

/// The expected columns: tier, band and legal range, each followed by a comma.
pub(super) fn expected_cols(out: &mut Vec<u8>, exp: Option<&Expect>) {
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
