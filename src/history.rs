//! The officer's own records (记录): every decision saved with its receipt, in a SQLite file in the
//! user's data directory — never in the shipped library. Records can be reopened, deleted and
//! exported as CSV (UTF-8 with BOM, so Excel and WPS open it right).

use crate::engine::Decision;
use crate::error::{Error, Result};
use crate::model::Tier;
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
                return Err(Error::BadInput {
                    what: "departure_reason".into(),
                    reason: format!(
                        "选择了与建议（{}）不同的裁量结果（{}），请填写理由",
                        d.tier.zh(),
                        t.zh()
                    ),
                });
            }
        }
        let facts: Vec<&str> = d.receipt.facts.iter().map(|f| f.code()).collect();
        let json = serde_json::to_string(d).map_err(|e| Error::BadInput {
            what: "decision".into(),
            reason: e.to_string(),
        })?;
        self.conn.execute(
            "INSERT INTO records(saved_at, item_id, violation, facts, tier, fine_min, fine_max, officer_tier,
                                 departure_reason, case_ref, note, rules_version, library_hash, decision_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
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
                d.receipt.library_hash,
                json
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
        })
    }

    const COLUMNS: &'static str =
        "id, saved_at, item_id, violation, facts, tier, fine_min, fine_max, officer_tier, \
                                   departure_reason, case_ref, note, rules_version, library_hash";

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
                Ok((Self::summary(r)?, r.get::<_, String>(14)?))
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

    /// Writes every record as CSV (UTF-8 with BOM). Returns the number of rows.
    pub fn export_csv(&self, out: &mut dyn Write) -> Result<usize> {
        let io = |e| Error::io("csv", e);
        out.write_all("\u{feff}".as_bytes()).map_err(io)?;
        writeln!(
            out,
            "编号,保存时间,事项编号,违法行为,情节,建议结论,建议罚款下限,建议罚款上限,实际结论,偏离理由,案件编号,备注,规则版本,库哈希"
        )
        .map_err(io)?;
        let all = self.list(usize::MAX >> 1)?;
        for r in all.iter().rev() {
            let cells = [
                r.id.to_string(),
                r.saved_at.clone(),
                r.item_id.clone(),
                r.violation.clone(),
                r.facts.join(";"),
                Tier::parse(&r.tier)
                    .map(|t| t.zh().to_string())
                    .unwrap_or(r.tier.clone()),
                r.fine_min.map(|x| x.to_string()).unwrap_or_default(),
                r.fine_max.map(|x| x.to_string()).unwrap_or_default(),
                r.officer_tier
                    .as_deref()
                    .and_then(Tier::parse)
                    .map(|t| t.zh().to_string())
                    .unwrap_or_default(),
                r.departure_reason.clone().unwrap_or_default(),
                r.case_ref.clone().unwrap_or_default(),
                r.note.clone().unwrap_or_default(),
                r.rules_version.clone(),
                r.library_hash.chars().take(12).collect(),
            ];
            let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
            writeln!(out, "{}", line.join(",")).map_err(io)?;
        }
        Ok(all.len())
    }
}

/// Quotes a CSV cell when needed; a leading = + - @ is neutralised so that a spreadsheet never
/// runs it as a formula.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{decide, Query};
    use crate::model::Fact;

    fn lib() -> crate::model::Library {
        crate::rules::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules"))
            .unwrap()
    }

    /// The guidance for a repeat offence on SCJG-001 (从重) in the fixture library.
    fn repeat_offence(l: &crate::model::Library) -> crate::engine::Decision {
        decide(
            l,
            l.benchmark("SCJG-001").unwrap(),
            &Query::with_facts(&[Fact::Repeat]),
        )
        .unwrap()
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
                decision: &d,
                officer_tier: None,
                departure_reason: None,
                case_ref: Some("案2026-001".into()),
                note: None,
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
        assert!(
            text.contains("SCJG-001") && text.contains("从重处罚") && text.contains("案2026-001")
        );
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
            decision: &d,
            officer_tier: Some(Tier::Standard),
            departure_reason: Some("   ".into()),
            case_ref: None,
            note: None,
        };
        assert!(h.save(&r).is_err());
        r.departure_reason = Some("当事人系残疾人，经集体讨论从宽".into());
        let id = h.save(&r).unwrap();
        let s = h.get(id).unwrap().unwrap().summary;
        assert_eq!(s.officer_tier.as_deref(), Some("standard"));
        assert!(s.departure_reason.unwrap().contains("集体讨论"));
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=cmd()"), "'=cmd()");
        assert_eq!(csv_cell("-5"), "-5");
    }
}
