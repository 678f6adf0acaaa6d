//! Writing an import: the base rules copied to the output directory, the department's file
//! edited in place (its comments and layout kept) with the new list and each item under its
//! benchmark, and the result validated. A directory that would not pass `rules check`, or whose
//! items did not land under their benchmarks, is removed: nothing half-written is left.

use crate::error::{Error, Result};
use crate::model::{Fact, Library};
use crate::rules::RuleFiles;
use std::path::Path;
use toml_edit::{value, Array, ArrayOfTables, DocumentMut, Item, Table};

pub struct NewList {
    pub id: String,
    pub title: String,
    pub list_type: &'static str,
    pub doc_number: Option<String>,
    pub effective: chrono::NaiveDate,
    pub provenance: String,
}

pub struct NewItem {
    pub benchmark: String,
    pub id: String,
    pub number: u32,
    pub conditions: Vec<Fact>,
    pub conditions_text: String,
    pub max_amount: Option<f64>,
    pub max_gain: Option<f64>,
    pub measures: Vec<String>,
    pub provenance: String,
}

/// The kinds of list the rules know.
pub const LIST_TYPES: [&str; 3] = ["轻微不罚", "首违不罚", "无过错不罚"];

/// 首违不罚 / 无过错不罚 by the list's name; else 轻微不罚.
pub fn list_type(title: &str) -> &'static str {
    if title.contains("首违") || title.contains("初次") {
        "首违不罚"
    } else if title.contains("无过错") || title.contains("无主观过错") {
        "无过错不罚"
    } else {
        "轻微不罚"
    }
}

fn numbered(ids: impl Iterator<Item = String>, prefix: &str) -> u32 {
    ids.filter_map(|id| id.strip_prefix(prefix).and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0)
        + 1
}

/// The next free list id of a department (SCJG-L6 after SCJG-L5).
pub fn next_list_id(lib: &Library, dept: &str) -> String {
    let ids = lib
        .departments
        .iter()
        .flat_map(|d| d.lists.iter())
        .map(|l| l.id.clone());
    format!("{dept}-L{}", numbered(ids, &format!("{dept}-L")))
}

/// The next free exemption number of a department (SCJG-E031 after SCJG-E030).
pub fn next_exemption_number(lib: &Library, dept: &str) -> u32 {
    let ids = lib
        .benchmarks
        .iter()
        .flat_map(|b| b.exemptions.iter())
        .map(|e| e.id.clone());
    numbered(ids, &format!("{dept}-E"))
}

fn strings(v: &[String]) -> Array {
    v.iter().map(|s| s.as_str()).collect()
}

fn edit(text: &str, file: &str, list: &NewList, items: &[NewItem]) -> Result<String> {
    let mut doc: DocumentMut = text.parse().map_err(|e| Error::BadInput {
        what: file.into(),
        reason: format!("cannot be edited: {e}"),
    })?;
    let mut t = Table::new();
    t["id"] = value(list.id.as_str());
    t["title"] = value(list.title.as_str());
    t["list_type"] = value(list.list_type);
    t["effective"] = value(list.effective.to_string());
    if let Some(d) = &list.doc_number {
        t["doc_number"] = value(d.as_str());
    }
    t["provenance"] = value(list.provenance.as_str());
    match doc.get_mut("lists") {
        Some(Item::ArrayOfTables(a)) => a.push(t),
        None => {
            let mut a = ArrayOfTables::new();
            a.push(t);
            doc["lists"] = Item::ArrayOfTables(a);
        }
        Some(_) => {
            return Err(Error::BadInput {
                what: file.into(),
                reason: "`lists` is not written as [[lists]] tables".into(),
            })
        }
    }
    let Some(Item::ArrayOfTables(benchmarks)) = doc.get_mut("benchmarks") else {
        return Err(Error::BadInput {
            what: file.into(),
            reason: "no [[benchmarks]] tables".into(),
        });
    };
    for it in items {
        let b = benchmarks
            .iter_mut()
            .find(|b| b.get("id").and_then(|v| v.as_str()) == Some(it.benchmark.as_str()))
            .ok_or_else(|| Error::BadInput {
                what: file.into(),
                reason: format!("benchmark {} is not written in this file", it.benchmark),
            })?;
        let mut e = Table::new();
        e["id"] = value(it.id.as_str());
        e["list"] = value(list.id.as_str());
        e["number"] = value(i64::from(it.number));
        let codes: Vec<String> = it.conditions.iter().map(|f| f.code().to_string()).collect();
        e["conditions"] = value(strings(&codes));
        e["conditions_text"] = value(it.conditions_text.as_str());
        if let Some(a) = it.max_amount {
            e["max_amount"] = value(a);
        }
        if let Some(g) = it.max_gain {
            e["max_gain"] = value(g);
        }
        if !it.measures.is_empty() {
            e["measures"] = value(strings(&it.measures));
        }
        e["provenance"] = value(it.provenance.as_str());
        match b.get_mut("exemptions") {
            Some(Item::ArrayOfTables(a)) => a.push(e),
            _ => {
                let mut a = ArrayOfTables::new();
                a.push(e);
                b.insert("exemptions", Item::ArrayOfTables(a));
            }
        }
    }
    Ok(doc.to_string())
}

/// Writes the base rules with the import to `out` (which must not exist or be empty) and checks
/// the result.
pub fn write_rules(
    base: &RuleFiles,
    dept: &str,
    list: &NewList,
    items: &[NewItem],
    out: &Path,
) -> Result<()> {
    if out.exists()
        && std::fs::read_dir(out)
            .map_err(|e| Error::io(out, e))?
            .next()
            .is_some()
    {
        return Err(Error::BadInput {
            what: out.display().to_string(),
            reason: "exists and is not empty: an import never writes over a directory".into(),
        });
    }
    let file = format!("departments/{dept}.toml");
    let text = base
        .files
        .iter()
        .find(|(p, _)| *p == file)
        .map(|(_, t)| t.as_str())
        .ok_or_else(|| Error::BadInput {
            what: file.clone(),
            reason: "the department's file is not in the rules".into(),
        })?;
    let edited = edit(text, &file, list, items)?;
    let result = (|| -> Result<()> {
        for (p, t) in &base.files {
            let path = out.join(p);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            let t = if *p == file {
                edited.as_str()
            } else {
                t.as_str()
            };
            std::fs::write(&path, t).map_err(|e| Error::io(&path, e))?;
        }
        let lib = crate::rules::load_dir(out)?;
        for it in items {
            let landed = lib
                .benchmark(&it.benchmark)
                .is_some_and(|b| b.exemptions.iter().any(|e| e.id == it.id));
            if !landed {
                return Err(Error::BadInput {
                    what: file.clone(),
                    reason: format!("{} did not land under {}", it.id, it.benchmark),
                });
            }
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(out);
    }
    result
}
