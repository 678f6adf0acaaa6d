//! The officer's own records (记录): every decision saved with its receipt, in a SQLite file in the
//! user's data directory — never in the shipped library. Records can be reopened, deleted and
//! exported as CSV (UTF-8 with BOM, so Excel and WPS open it right).

use crate::engine::Decision;
use crate::error::{Error, Result};
use crate::model::{Fact, Party, Tier};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS records(
  id INTEGER PRIMARY KEY,
  saved_at TEXT NOT NULL,
  item_id TEXT NOT NULL,
  violation TEXT NOT NULL,
  facts TEXT NOT NULL,
  tier TEXT NOT NULL,
  fine_min REAL,
  fine_max REAL,
  officer_tier TEXT,
  departure_reason TEXT,
  case_ref TEXT,
  note TEXT,
  rules_version TEXT NOT NULL,
  library_hash TEXT NOT NULL,
  decision_json TEXT NOT NULL
);
";

/// Columns added after the first release, with how an older record gets its value: what the
/// officer decided (unit, penalty, fine) was not asked then and stays empty; the case's own facts
/// are read back from the saved decision's receipt, so nothing already saved is lost or guessed.
const ADDED_COLUMNS: &[(&str, &str, Option<&str>)] = &[
    ("unit", "TEXT", None),
    ("penalty", "TEXT", None),
    ("fine_yuan", "REAL", None),
    (
        "party",
        "TEXT",
        Some("json_extract(decision_json, '$.receipt.party')"),
    ),
    (
        "amount_yuan",
        "REAL",
        Some("json_extract(decision_json, '$.receipt.amount')"),
    ),
    (
        "gain_yuan",
        "REAL",
        Some("json_extract(decision_json, '$.receipt.gain')"),
    ),
    (
        "occurred",
        "TEXT",
        Some("json_extract(decision_json, '$.receipt.occurred')"),
    ),
    // A decision date the officer left empty was today's stand-in, not a date to record.
    (
        "decided",
        "TEXT",
        Some(
            "CASE WHEN json_extract(decision_json, '$.receipt.decided_is_today') THEN NULL \
              ELSE json_extract(decision_json, '$.receipt.decided') END",
        ),
    ),
];

/// Adds the columns an older records file lacks, in one transaction: either all are added and
/// filled, or the file is left as it was.
fn add_columns(conn: &Connection) -> Result<()> {
    let mut st = conn.prepare("SELECT name FROM pragma_table_info('records')")?;
    let have: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let missing: Vec<_> = ADDED_COLUMNS
        .iter()
        .filter(|(name, _, _)| !have.iter().any(|h| h == name))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut sql = String::from("BEGIN;");
    for (name, ty, fill) in &missing {
        sql.push_str(&format!("ALTER TABLE records ADD COLUMN {name} {ty};"));
        if let Some(expr) = fill {
            sql.push_str(&format!("UPDATE records SET {name} = {expr};"));
        }
    }
    sql.push_str("COMMIT;");
    if let Err(e) = conn.execute_batch(&sql) {
        let _ = conn.execute_batch("ROLLBACK;");
        return Err(e.into());
    }
    Ok(())
}

fn bad(what: &str, reason: String) -> Error {
    Error::BadInput {
        what: what.into(),
        reason,
    }
}

/// Words that name a penalty (行政处罚的种类); a no-penalty outcome has none of them.
const PENALTY_WORDS: &[&str] = &[
    "罚款",
    "警告",
    "通报批评",
    "没收",
    "吊销",
    "暂扣",
    "停产",
    "停业",
    "关闭",
    "拘留",
    "降低资质",
    "限制",
];

/// The penalty and fine recorded, checked against the law and the officer's own tier: no fine
/// where the tier imposes none, a fine whenever the penalty names one, never above the legal
/// maximum, and outside the suggested band only with a reason.
fn actual_penalty(r: &NewRecord, has_reason: bool) -> Result<(Option<String>, Option<f64>)> {
    let d = r.decision;
    let tier = r.officer_tier.unwrap_or(d.tier);
    let given = clip(r.penalty.clone());
    let fine = r.fine_yuan;
    if tier.is_no_penalty() {
        if let Some(p) = given
            .as_deref()
            .filter(|p| PENALTY_WORDS.iter().any(|w| p.contains(w)))
        {
            return Err(bad(
                "penalty",
                format!("裁量结果为“{}”，处罚种类不应为“{p}”", tier.zh()),
            ));
        }
        if fine.is_some_and(|f| f > 0.0) {
            return Err(bad(
                "fine_yuan",
                format!("裁量结果为“{}”，不应有罚款", tier.zh()),
            ));
        }
        let words = if tier == Tier::Exempt {
            "不予处罚"
        } else {
            "责令改正"
        };
        return Ok((Some(given.unwrap_or_else(|| words.into())), None));
    }
    let penalty = match given {
        Some(p) => p,
        // Another penalty tier keeps the provision's kinds; only the amount moves.
        None if !d.penalties.is_empty() => d.penalty_words().join("、"),
        None => {
            return Err(bad(
                "penalty",
                format!("裁量结果为“{}”，请填写实际处罚种类", tier.zh()),
            ))
        }
    };
    let fined = penalty.contains("罚款");
    match fine {
        None if fined => Err(bad("fine_yuan", "处罚含罚款，请填写实际罚款金额".into())),
        None => Ok((Some(penalty), None)),
        Some(_) if !fined => Err(bad(
            "fine_yuan",
            format!("填写了罚款金额，但处罚种类“{penalty}”中没有罚款"),
        )),
        Some(v) => {
            d.check_fine(v).map_err(|p| bad("fine_yuan", p.zh()))?;
            let outside = d
                .fine
                .filter(|b| v < b.min_yuan - 0.005 || v > b.max_yuan + 0.005);
            if let (Some(b), false) = (outside, has_reason) {
                return Err(bad(
                    "departure_reason",
                    format!(
                        "罚款 {} 元不在建议幅度（{}）内，请填写偏离理由",
                        crate::decision::yuan(v),
                        crate::decision::yuan_range(b)
                    ),
                ));
            }
            Ok((Some(penalty), Some(v)))
        }
    }
}

/// Longest free text kept (a departure reason, a note): a paragraph, not a document.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// What the officer saves: the engine's decision and, where they decide otherwise, their tier
/// and the reason for departing from the guidance.
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    pub decision: &'a Decision,
    pub officer_tier: Option<Tier>,
    pub departure_reason: Option<String>,
    pub case_ref: Option<String>,
    pub note: Option<String>,
    /// The enforcement body (执法单位) that decided.
    pub unit: Option<String>,
    /// The penalty actually imposed, in words (警告、罚款); by default the outcome's own.
    pub penalty: Option<String>,
    /// The fine actually imposed, in yuan.
    pub fine_yuan: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RecordSummary {
    pub id: i64,
    pub saved_at: String,
    pub item_id: String,
    pub violation: String,
    pub facts: Vec<String>,
    pub tier: String,
    pub fine_min: Option<f64>,
    pub fine_max: Option<f64>,
    pub officer_tier: Option<String>,
    pub departure_reason: Option<String>,
    pub case_ref: Option<String>,
    pub note: Option<String>,
    pub rules_version: String,
    pub library_hash: String,
    pub unit: Option<String>,
    pub penalty: Option<String>,
    pub fine_yuan: Option<f64>,
    pub party: Option<String>,
    pub amount_yuan: Option<f64>,
    pub gain_yuan: Option<f64>,
    pub occurred: Option<String>,
    pub decided: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Record {
    #[serde(flatten)]
    pub summary: RecordSummary,
    /// The decision as the engine gave it, with its receipt.
    pub decision: serde_json::Value,
}

pub struct History {
    conn: Connection,
    path: PathBuf,
}

fn clip(s: Option<String>) -> Option<String> {
    s.map(|x| x.trim().chars().take(MAX_TEXT_CHARS).collect::<String>())
        .filter(|x| !x.is_empty())
}

impl History {
    /// The default place: `$CAILIANG_DATA_DIR` or the OS data directory (`~/.local/share/cailiang`).
    pub fn default_path() -> Option<PathBuf> {
        std::env::var_os("CAILIANG_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| dirs::data_dir().map(|d| d.join("cailiang")))
            .map(|d| d.join("history.sqlite"))
    }

    pub fn open(path: &Path) -> Result<History> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let conn = Connection::open(path)?;
        // WAL keeps a record written even if the app is killed mid-save.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.execute_batch(SCHEMA)?;
        add_columns(&conn)?;
        Ok(History {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Saves a decision. A tier other than the engine's needs a reason (it is recorded, and
    /// reviewers see it).
    pub fn save(&self, r: &NewRecord) -> Result<i64> {
        let d = r.decision;
        let reason = clip(r.departure_reason.clone());
        if let Some(t) = r.officer_tier {
            if t != d.tier && reason.is_none() {
                return Err(bad(
                    "departure_reason",
                    format!(
                        "选择了与建议（{}）不同的裁量结果（{}），请填写理由",
                        d.tier.zh(),
                        t.zh()
                    ),
                ));
            }
        }
        let (penalty, fine) = actual_penalty(r, reason.is_some())?;
        let facts: Vec<&str> = d.receipt.facts.iter().map(|f| f.code()).collect();
        let json = serde_json::to_string(d).map_err(|e| bad("decision", e.to_string()))?;
        let rc = &d.receipt;
        self.conn.execute(
            "INSERT INTO records(saved_at, item_id, violation, facts, tier, fine_min, fine_max, officer_tier,
                                 departure_reason, case_ref, note, rules_version, library_hash, decision_json,
                                 unit, penalty, fine_yuan, party, amount_yuan, gain_yuan, occurred, decided)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
                     ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
            params![
                chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
                d.item.id,
                d.item.violation,
                facts.join(";"),
                d.tier.code(),
                d.fine.map(|b| b.min_yuan),
                d.fine.map(|b| b.max_yuan),
                r.officer_tier.filter(|t| *t != d.tier).map(|t| t.code()),
                reason,
                clip(r.case_ref.clone()),
                clip(r.note.clone()),
                d.rules_version,
                rc.library_hash,
                json,
                clip(r.unit.clone()),
                penalty,
                fine,
                rc.party.map(|p| p.code()),
                rc.amount,
                rc.gain,
                rc.occurred.map(|x| x.to_string()),
                (!rc.decided_is_today).then(|| rc.decided.to_string()),
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    fn summary(r: &rusqlite::Row) -> rusqlite::Result<RecordSummary> {
        let facts: String = r.get(4)?;
        Ok(RecordSummary {
            id: r.get(0)?,
            saved_at: r.get(1)?,
            item_id: r.get(2)?,
            violation: r.get(3)?,
            facts: facts
                .split(';')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            tier: r.get(5)?,
            fine_min: r.get(6)?,
            fine_max: r.get(7)?,
            officer_tier: r.get(8)?,
            departure_reason: r.get(9)?,
            case_ref: r.get(10)?,
            note: r.get(11)?,
            rules_version: r.get(12)?,
            library_hash: r.get(13)?,
            unit: r.get(14)?,
            penalty: r.get(15)?,
            fine_yuan: r.get(16)?,
            party: r.get(17)?,
            amount_yuan: r.get(18)?,
            gain_yuan: r.get(19)?,
            occurred: r.get(20)?,
            decided: r.get(21)?,
        })
    }

    const COLUMNS: &'static str =
        "id, saved_at, item_id, violation, facts, tier, fine_min, fine_max, officer_tier, \
         departure_reason, case_ref, note, rules_version, library_hash, unit, penalty, fine_yuan, \
         party, amount_yuan, gain_yuan, occurred, decided";

    /// Newest first.
    pub fn list(&self, limit: usize) -> Result<Vec<RecordSummary>> {
        let sql = format!(
            "SELECT {} FROM records ORDER BY id DESC LIMIT ?1",
            Self::COLUMNS
        );
        let mut st = self.conn.prepare(&sql)?;
        let rows = st.query_map([limit as i64], Self::summary)?;
        Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
    }

    pub fn get(&self, id: i64) -> Result<Option<Record>> {
        let sql = format!(
            "SELECT {}, decision_json FROM records WHERE id = ?1",
            Self::COLUMNS
        );
        let row = self
            .conn
            .query_row(&sql, [id], |r| {
                Ok((Self::summary(r)?, r.get::<_, String>(22)?))
            })
            .optional()?;
        Ok(row.map(|(summary, json)| Record {
            summary,
            decision: serde_json::from_str(&json).unwrap_or(serde_json::Value::Null),
        }))
    }

    pub fn delete(&self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM records WHERE id = ?1", [id])?
            > 0)
    }

    /// Writes every record as CSV (UTF-8 with BOM), oldest first. Returns the number of rows.
    /// The first twelve columns are the review's (审查) own, under names it reads, so an office
    /// can review its officers' records like any batch of decided cases; the guidance and the
    /// receipt follow. Nothing the officer did not give is filled in.
    pub fn export_csv(&self, out: &mut dyn Write) -> Result<usize> {
        out.write_all("\u{feff}".as_bytes())
            .map_err(|e| Error::io("csv", e))?;
        let mut w = csv::Writer::from_writer(out);
        let csv_err = |e: csv::Error| bad("csv", e.to_string());
        w.write_record(EXPORT_HEADER).map_err(csv_err)?;
        let all = self.list(usize::MAX >> 1)?;
        for r in all.iter().rev() {
            w.write_record(export_row(r).iter().map(|c| formula_safe(c)))
                .map_err(csv_err)?;
        }
        w.flush().map_err(|e| Error::io("csv", e))?;
        Ok(all.len())
    }
}

/// The export's columns; the first twelve are names the review reads (`audit::COLUMNS`).
pub const EXPORT_HEADER: [&str; 22] = [
    "案件编号",
    "执法单位",
    "事项编号",
    "违法行为名称",
    "情节",
    "当事人类型",
    "涉案金额",
    "违法所得",
    "违法日期",
    "决定日期",
    "处罚种类",
    "罚款金额",
    "建议结论",
    "建议罚款下限",
    "建议罚款上限",
    "实际结论",
    "偏离理由",
    "备注",
    "保存时间",
    "记录序号",
    "规则版本",
    "库哈希",
];

fn export_row(r: &RecordSummary) -> [String; 22] {
    let money = |x: Option<f64>| x.map(crate::decision::yuan).unwrap_or_default();
    let text = |x: &Option<String>| x.clone().unwrap_or_default();
    let tier_zh = |code: &str| Tier::parse(code).map_or(code.to_string(), |t| t.zh().to_string());
    let facts: Vec<String> = r
        .facts
        .iter()
        .map(|c| Fact::parse(c).map_or(c.clone(), |f| f.zh().to_string()))
        .collect();
    let party = r.party.as_deref().and_then(Party::parse);
    [
        text(&r.case_ref),
        text(&r.unit),
        r.item_id.clone(),
        r.violation.clone(),
        facts.join("、"),
        party.map(|p| p.zh().to_string()).unwrap_or_default(),
        money(r.amount_yuan),
        money(r.gain_yuan),
        text(&r.occurred),
        text(&r.decided),
        text(&r.penalty),
        money(r.fine_yuan),
        tier_zh(&r.tier),
        money(r.fine_min),
        money(r.fine_max),
        tier_zh(r.officer_tier.as_deref().unwrap_or(&r.tier)),
        text(&r.departure_reason),
        text(&r.note),
        r.saved_at.clone(),
        r.id.to_string(),
        r.rules_version.clone(),
        r.library_hash.chars().take(12).collect(),
    ]
}

/// A leading = + - @ is neutralised so that a spreadsheet never runs a cell as a formula.
fn formula_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{decide, Query};

    fn lib() -> crate::model::Library {
        crate::rules::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules"))
            .unwrap()
    }

    /// The guidance for a repeat offence by a company on SCJG-001 (从重) in the fixture library.
    fn repeat_offence(l: &crate::model::Library) -> crate::engine::Decision {
        let mut q = Query::with_facts(&[Fact::Repeat]);
        q.party = Some(Party::Organization);
        q.occurred = chrono::NaiveDate::from_ymd_opt(2026, 3, 2);
        decide(l, l.benchmark("SCJG-001").unwrap(), &q).unwrap()
    }

    fn record<'a>(d: &'a crate::engine::Decision) -> NewRecord<'a> {
        NewRecord {
            decision: d,
            officer_tier: None,
            departure_reason: None,
            case_ref: None,
            note: None,
            unit: None,
            penalty: None,
            fine_yuan: d.fine.map(|b| b.max_yuan),
        }
    }

    #[test]
    fn save_reopen_delete_and_export() {
        let l = lib();
        let d = repeat_offence(&l);
        let dir = crate::search::tempdir().unwrap();
        let path = dir.path().join("sub/h.sqlite");
        let h = History::open(&path).unwrap();
        let id = h
            .save(&NewRecord {
                case_ref: Some("案2026-001".into()),
                unit: Some("某区市场监督管理局".into()),
                ..record(&d)
            })
            .unwrap();
        // Records survive closing and reopening the file.
        drop(h);
        let h = History::open(&path).unwrap();
        let r = h.get(id).unwrap().unwrap();
        assert_eq!(r.summary.item_id, "SCJG-001");
        assert_eq!(r.summary.tier, "heavy");
        assert_eq!(r.summary.facts, ["repeat"]);
        assert_eq!(r.decision["receipt"]["item"], "SCJG-001");
        let mut csv = Vec::new();
        assert_eq!(h.export_csv(&mut csv).unwrap(), 1);
        let text = String::from_utf8(csv).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let rows: Vec<Vec<String>> =
            csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect();
        let row = &rows[0];
        let fine = crate::decision::yuan(d.fine.unwrap().max_yuan);
        assert_eq!(
            row[..12],
            [
                "案2026-001",
                "某区市场监督管理局",
                "SCJG-001",
                &d.item.violation,
                Fact::Repeat.zh(),
                "单位",
                "",
                "",
                "2026-03-02",
                "",
                &d.penalty_words().join("、"),
                &fine
            ],
            "{text}"
        );
        assert_eq!(row[12], "从重处罚");
        assert!(h.delete(id).unwrap());
        assert!(h.get(id).unwrap().is_none());
        assert!(!h.delete(id).unwrap());
    }

    #[test]
    fn a_departure_needs_a_reason() {
        let l = lib();
        let d = repeat_offence(&l);
        let dir = crate::search::tempdir().unwrap();
        let h = History::open(&dir.path().join("h.sqlite")).unwrap();
        let mut r = NewRecord {
            officer_tier: Some(Tier::Standard),
            departure_reason: Some("   ".into()),
            ..record(&d)
        };
        assert!(h.save(&r).is_err());
        r.departure_reason = Some("当事人系残疾人，经集体讨论从宽".into());
        let id = h.save(&r).unwrap();
        let s = h.get(id).unwrap().unwrap().summary;
        assert_eq!(s.officer_tier.as_deref(), Some("standard"));
        assert!(s.departure_reason.unwrap().contains("集体讨论"));
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(formula_safe("=cmd()"), "'=cmd()");
        assert_eq!(formula_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(formula_safe("-5"), "-5");
        assert_eq!(formula_safe("a,b"), "a,b");
    }

    #[test]
    fn the_fine_recorded_follows_the_law_and_the_officers_tier() {
        let l = lib();
        let d = repeat_offence(&l);
        let dir = crate::search::tempdir().unwrap();
        let h = History::open(&dir.path().join("h.sqlite")).unwrap();
        let legal = d.legal_range.unwrap();
        let err = |r: &NewRecord| h.save(r).unwrap_err().to_string();
        // A fine is named but not given; a fine above the legal maximum; a fine where the
        // officer's tier imposes none.
        assert!(err(&NewRecord {
            fine_yuan: None,
            ..record(&d)
        })
        .contains("请填写实际罚款金额"));
        let above = NewRecord {
            fine_yuan: Some(legal.max_yuan + 1.0),
            departure_reason: Some("理由".into()),
            ..record(&d)
        };
        assert!(err(&above).contains("超过法定最高额"), "{}", err(&above));
        let exempt = NewRecord {
            officer_tier: Some(Tier::Exempt),
            departure_reason: Some("经集体讨论".into()),
            ..record(&d)
        };
        assert!(err(&exempt).contains("不应有罚款"));
        let id = h
            .save(&NewRecord {
                fine_yuan: None,
                ..exempt
            })
            .unwrap();
        let s = h.get(id).unwrap().unwrap().summary;
        assert_eq!(
            (s.penalty.as_deref(), s.fine_yuan),
            (Some("不予处罚"), None)
        );
        // No legal range known (the amount it depends on not given): no fine is written down.
        let mut unknown = d.clone();
        unknown.legal_range = None;
        unknown.by_party.clear();
        assert!(err(&record(&unknown)).contains("法定罚款幅度未定"));
        // Outside the suggested band but within the law: only with a reason.
        let band = d.fine.unwrap();
        let low = NewRecord {
            fine_yuan: Some(band.min_yuan - 1.0),
            ..record(&d)
        };
        if band.min_yuan - 1.0 >= legal.min_yuan {
            assert!(err(&low).contains("不在建议幅度"));
        }
        let id = h
            .save(&NewRecord {
                departure_reason: Some("配合调查".into()),
                ..low
            })
            .unwrap();
        assert_eq!(
            h.get(id).unwrap().unwrap().summary.fine_yuan,
            Some(band.min_yuan - 1.0)
        );
    }

    #[test]
    fn a_records_file_from_before_gets_its_new_columns_without_losing_a_record() {
        let l = lib();
        let d = repeat_offence(&l);
        let dir = crate::search::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(SCHEMA).unwrap();
            c.execute(
                "INSERT INTO records(saved_at, item_id, violation, facts, tier, rules_version, library_hash, decision_json)
                 VALUES ('2026-01-02 10:00:00', 'SCJG-001', 'x', 'repeat', 'heavy', 'v', 'h', ?1)",
                [serde_json::to_string(&d).unwrap()],
            )
            .unwrap();
        }
        let h = History::open(&path).unwrap();
        let s = &h.list(10).unwrap()[0];
        assert_eq!(s.item_id, "SCJG-001");
        // The case's facts come back from the saved receipt; what was never asked stays empty.
        assert_eq!(s.occurred.as_deref(), Some("2026-03-02"));
        assert_eq!(s.party.as_deref(), Some("organization"));
        assert_eq!(
            (s.decided.as_deref(), s.fine_yuan, s.unit.as_deref()),
            (None, None, None)
        );
        drop(h);
        // Opening it again changes nothing.
        assert_eq!(History::open(&path).unwrap().list(10).unwrap()[0], *s);
    }
}
