//! `rules import`: a list as an office publishes it (XLSX, DOCX table, CSV) into a rules
//! directory. Each row is matched to a benchmark of the department by the provisions it cites
//! (and its wording where several share them), its conditions are read into fact codes and caps,
//! and it becomes an exemption item of a new list carrying the list's name, 文号, date and the
//! row's own item number. Every row ends imported or reported with its row, column and reason;
//! the output is a complete rules directory that `rules check` accepts, or nothing is written.

pub mod citations;
pub mod columns;
pub mod conditions;
mod drafts;
pub mod export;
pub mod table;
mod write;

use crate::error::{Error, Result};
use crate::library::Store;
use crate::model::{Benchmark, Fact, Library};
use crate::rules::RuleFiles;
use columns::{Layout, Role};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What to import and where.
#[derive(Debug, Clone)]
pub struct Options {
    pub file: PathBuf,
    pub department: String,
    /// The list's name as published.
    pub list: String,
    pub doc_number: Option<String>,
    /// 轻微不罚, 首违不罚 or 无过错不罚; else read from the list's name (轻微不罚 when it says
    /// neither 首违 nor 无过错).
    pub list_type: Option<String>,
    pub effective: Option<chrono::NaiveDate>,
    /// `--columns role=header,…` for columns the usual names do not find.
    pub columns: Vec<(Role, String)>,
    /// The sheet (or 表格N of a Word document) to read; else the first with a header.
    pub sheet: Option<String>,
    pub out: PathBuf,
}

/// A row not imported, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmapped {
    pub row: u64,
    /// The column (its header as written) the reason concerns, if one.
    pub column: Option<String>,
    pub reason: String,
}

/// One imported row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    pub row: u64,
    pub number: u32,
    pub benchmark: String,
    pub exemption: String,
    pub conditions: Vec<Fact>,
    /// How the benchmark was found: by the provisions, or by wording among them.
    pub matched_by: &'static str,
}

/// The outcome (contract: `rows`, `imported`, `unmapped`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub rows: usize,
    pub imported: Vec<Imported>,
    pub unmapped: Vec<Unmapped>,
    /// The sheet or table read, and the others.
    pub sheet: Option<String>,
    pub other_sheets: Vec<String>,
    pub list_id: String,
    pub out: String,
    /// Where draft benchmarks were written for rows no benchmark holds (outside the rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drafts: Option<String>,
}

fn bad(what: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::BadInput {
        what: what.into(),
        reason: reason.into(),
    }
}

/// A row's cell of a role, trimmed ("" when the column is absent or the row short).
fn cell<'a>(layout: &Layout, cells: &'a [String], role: Role) -> &'a str {
    layout
        .col(role)
        .and_then(|c| cells.get(c))
        .map(|s| s.trim())
        .unwrap_or("")
}

/// The header text of a role's column, for messages.
fn header(table: &table::Table, layout: &Layout, role: Role) -> Option<String> {
    let c = layout.col(role)?;
    table
        .rows
        .iter()
        .filter(|r| r.number <= layout.header_row)
        .rev()
        .find_map(|r| r.cells.get(c).filter(|h| !h.trim().is_empty()).cloned())
        .or_else(|| Some(role.zh().to_string()))
}

/// An item number as lists write it: 1, 1., （一）, 十二.
fn item_number(s: &str) -> Option<u32> {
    let t: String = s
        .chars()
        .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | '.' | '、' | ' ' | '第' | '项'))
        .collect();
    if let Ok(n) = t.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let chars: Vec<char> = t.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// The benchmarks of `dept` a row's citations point at: those sharing a violated provision (the
/// article, whatever 款/项), narrowed by shared penalty provisions when that leaves any.
fn by_provisions<'a>(
    lib: &'a Library,
    dept: &str,
    violated: &[citations::Cited],
    penalty: &[citations::Cited],
) -> Vec<&'a Benchmark> {
    let shares = |cs: &[crate::model::Citation], row: &[citations::Cited]| {
        cs.iter().any(|c| {
            row.iter().any(|r| {
                r.law == c.law
                    && crate::model::article_part(&r.article)
                        == crate::model::article_part(&c.article)
            })
        })
    };
    let in_dept = lib.benchmarks.iter().filter(|b| b.department == dept);
    let mut found: Vec<&Benchmark> = if violated.is_empty() {
        in_dept
            .filter(|b| b.regimes.iter().any(|r| shares(&r.penalty, penalty)))
            .collect()
    } else {
        in_dept
            .filter(|b| b.regimes.iter().any(|r| shares(&r.violated, violated)))
            .collect()
    };
    if !violated.is_empty() && !penalty.is_empty() && found.len() > 1 {
        let narrowed: Vec<&Benchmark> = found
            .iter()
            .copied()
            .filter(|b| b.regimes.iter().any(|r| shares(&r.penalty, penalty)))
            .collect();
        if !narrowed.is_empty() {
            found = narrowed;
        }
    }
    found
}

/// The list's kind: as given (checked before anything is read), or read from its name.
fn list_type_of(opts: &Options) -> Result<&'static str> {
    match opts.list_type.as_deref() {
        Some(t) => write::LIST_TYPES
            .iter()
            .find(|x| **x == t.trim())
            .copied()
            .ok_or_else(|| {
                bad(
                    "--list-type",
                    format!("`{t}`: use 轻微不罚, 首违不罚 or 无过错不罚"),
                )
            }),
        None => Ok(write::list_type(&opts.list)),
    }
}

/// Reads the list, matches its rows, and writes the output rules directory (or nothing).
pub fn run(store: &Store, base: &RuleFiles, opts: &Options) -> Result<Report> {
    let lib = &store.lib;
    let dept = lib.department(&opts.department).ok_or_else(|| {
        bad(
            "--department",
            format!(
                "no department `{}`; the rules hold {}",
                opts.department,
                lib.departments
                    .iter()
                    .map(|d| d.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    let effective = opts.effective.ok_or_else(|| {
        bad(
            "--effective",
            "the date the list took effect is needed: an exemption item applies only to decisions made while its list is in force",
        )
    })?;
    let list_type = list_type_of(opts)?;
    let file = opts.file.display().to_string();
    let tables = table::read(&opts.file, opts.sheet.as_deref())?;
    let found = match &opts.sheet {
        Some(name) => {
            let i = tables
                .iter()
                .position(|t| t.name.as_deref() == Some(name.as_str()))
                .ok_or_else(|| {
                    bad(
                        &file,
                        format!(
                            "no sheet or table “{name}”; there are: {}",
                            tables
                                .iter()
                                .filter_map(|t| t.name.clone())
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                    )
                })?;
            columns::find(&tables[i], &opts.columns).map(|l| (i, l))
        }
        None => tables
            .iter()
            .enumerate()
            .find_map(|(i, t)| columns::find(t, &opts.columns).map(|l| (i, l))),
    };
    let Some((ti, layout)) = found else {
        return Err(bad(
            &file,
            "no header row names the act (违法行为 / 事项名称 …) and another column (违反条款, 不予处罚的条件 …) in the first rows of any sheet or table; name the columns with --columns violation=…,violated=…,conditions=…",
        ));
    };
    let table = &tables[ti];
    for need in [Role::Conditions] {
        if layout.col(need).is_none() {
            return Err(bad(
                &file,
                format!(
                    "no column of {} found in the header (row {}); name it with --columns {}=<header or letter>",
                    need.zh(),
                    layout.header_row,
                    need.code()
                ),
            ));
        }
    }
    if layout.col(Role::Violated).is_none() && layout.col(Role::Penalty).is_none() {
        return Err(bad(
            &file,
            format!(
                "no column of 违反条款 or 处罚依据 found in the header (row {}): a row is matched to a benchmark by its provisions; name it with --columns violated=<header or letter>",
                layout.header_row
            ),
        ));
    }

    let list_id = write::next_list_id(lib, &dept.code);
    let mut report = Report {
        rows: 0,
        imported: Vec::new(),
        unmapped: Vec::new(),
        sheet: table.name.clone(),
        other_sheets: tables
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != ti)
            .filter_map(|(_, t)| t.name.clone())
            .collect(),
        list_id: list_id.clone(),
        out: opts.out.display().to_string(),
        drafts: None,
    };
    let mut items: Vec<write::NewItem> = Vec::new();
    let mut rx = RowState {
        ordinal: 0,
        numbers_used: std::collections::HashSet::new(),
        next_exemption: write::next_exemption_number(lib, &dept.code),
        drafts: Vec::new(),
        list_name: match &opts.doc_number {
            Some(d) => format!("《{}》（{d}）", opts.list),
            None => format!("《{}》", opts.list),
        },
    };
    for row in table.rows.iter().filter(|r| r.number > layout.header_row) {
        report.rows += 1;
        rx.ordinal = report.rows as u32;
        match import_row(store, dept, table, &layout, opts, &file, row, &mut rx) {
            Ok((item, imported)) => {
                items.push(item);
                report.imported.push(imported);
            }
            Err((column, reason)) => report.unmapped.push(Unmapped {
                row: row.number,
                column,
                reason,
            }),
        }
    }
    if items.is_empty() {
        return Err(bad(
            &file,
            format!(
                "no row could be imported ({} rows; first reason: {})",
                report.rows,
                report
                    .unmapped
                    .first()
                    .map(|u| format!("row {}: {}", u.row, u.reason))
                    .unwrap_or_else(|| "no data rows below the header".into())
            ),
        ));
    }
    let list = write::NewList {
        id: list_id,
        title: opts.list.clone(),
        list_type,
        doc_number: opts.doc_number.clone(),
        effective,
        provenance: format!(
            "导入自 {file}{}（{} 行中 {} 行导入）；条件按原文转为情节代码，原文见各事项 conditions_text",
            table.name.as_deref().map(|s| format!("，{s}")).unwrap_or_default(),
            report.rows,
            items.len()
        ),
    };
    write::write_rules(base, &dept.code, &list, &items, &opts.out)?;
    if !rx.drafts.is_empty() {
        let path = drafts::write(&opts.out, &list.id, &rx.drafts)?;
        report.drafts = Some(path.display().to_string());
    }
    Ok(report)
}

/// What carries from row to row: the row's place, the item numbers taken, the next item id.
struct RowState {
    ordinal: u32,
    numbers_used: std::collections::HashSet<u32>,
    next_exemption: u32,
    /// Draft benchmarks for rows whose provisions no benchmark rests on.
    drafts: Vec<drafts::Draft>,
    list_name: String,
}

/// One data row: its item and report line, or the column and reason it was not imported.
#[allow(clippy::too_many_arguments)]
fn import_row(
    store: &Store,
    dept: &crate::model::Department,
    table: &table::Table,
    layout: &Layout,
    opts: &Options,
    file: &str,
    row: &table::Row,
    rx: &mut RowState,
) -> std::result::Result<(write::NewItem, Imported), (Option<String>, String)> {
    let lib = &store.lib;
    let col_name = |role: Role| header(table, layout, role);
    let filled = row.cells.iter().filter(|c| !c.trim().is_empty()).count();
    let violation = cell(layout, &row.cells, Role::Violation);
    if filled <= 1 {
        return Err((
            None,
            "a heading or note row, not an item (one cell only)".into(),
        ));
    }
    if violation.is_empty() {
        return Err((
            col_name(Role::Violation),
            "the act (违法行为) is empty".into(),
        ));
    }
    let (violated, vp) = citations::parse(lib, cell(layout, &row.cells, Role::Violated));
    let (penalty, pp) = citations::parse(lib, cell(layout, &row.cells, Role::Penalty));
    if violated.is_empty() && penalty.is_empty() {
        let why = vp.into_iter().chain(pp).collect::<Vec<_>>().join("；");
        return Err((
            col_name(Role::Violated).or_else(|| col_name(Role::Penalty)),
            if why.is_empty() {
                "no citation (《法名》第N条) found".into()
            } else {
                why
            },
        ));
    }
    let candidates = by_provisions(lib, &dept.code, &violated, &penalty);
    let named = cell(layout, &row.cells, Role::Benchmark).trim();
    let (benchmark, matched_by) = if !named.is_empty() {
        (
            named_benchmark(lib, dept, named, &candidates)
                .map_err(|e| (col_name(Role::Benchmark), e))?,
            "benchmark column",
        )
    } else {
        match candidates.as_slice() {
            [] => {
                let cited: Vec<String> = violated
                    .iter()
                    .chain(penalty.iter())
                    .map(|c| format!("《{}》{}", c.law, c.article))
                    .collect();
                let id = drafts::next_id(lib, &dept.code, rx.drafts.len());
                let number =
                    item_number(cell(layout, &row.cells, Role::Number)).unwrap_or(rx.ordinal);
                rx.drafts.push(drafts::Draft {
                    id: id.clone(),
                    violation: violation.to_string(),
                    provenance: format!(
                        "{}第{number}项（{file} 第 {} 行）；rules import 生成的草稿，处罚种类和罚款幅度待依据处罚条款补全",
                        rx.list_name, row.number
                    ),
                    violated: drafts::cites(&violated),
                    penalty: drafts::cites(&penalty),
                });
                return Err((col_name(Role::Violated),
                    format!(
                        "no benchmark of {} rests on {}: a draft benchmark {id} was written to drafts/ (kinds and fine to be completed from the law, then moved into departments/ and the list imported again)",
                        dept.code,
                        cited.join("、")
                    )));
            }
            [one] => (*one, "provisions"),
            many => (
                by_wording(store, violation, many).map_err(|e| (col_name(Role::Violation), e))?,
                "provisions and wording",
            ),
        }
    };
    if benchmark.not_minor.is_some() {
        return Err((
            col_name(Role::Violation),
            format!(
                "{} says its act cannot be minor (not_minor): an exemption item cannot rest on it",
                benchmark.id
            ),
        ));
    }
    let conditions_text = cell(layout, &row.cells, Role::Conditions);
    let conds = conditions::read(conditions_text);
    if conds.facts.is_empty() {
        return Err((col_name(Role::Conditions),
            "no condition recognised (初次违法, 危害后果轻微, 没有造成危害后果, 及时改正, 违法行为轻微 …)".into()));
    }
    // Without a 序号 column, the row's place among the list's rows.
    let ordinal = rx.ordinal;
    let number = item_number(cell(layout, &row.cells, Role::Number)).unwrap_or(ordinal);
    if !rx.numbers_used.insert(number) {
        return Err((
            col_name(Role::Number),
            format!("item number {number} is used by an earlier row of the list"),
        ));
    }
    let measures: Vec<String> = cell(layout, &row.cells, Role::Measures)
        .split(['、', '，', ',', '；', ';'])
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(String::from)
        .collect();
    let exemption = format!("{}-E{:03}", dept.code, rx.next_exemption);
    rx.next_exemption += 1;
    let item = write::NewItem {
        benchmark: benchmark.id.clone(),
        id: exemption.clone(),
        number,
        conditions: conds.facts.clone(),
        conditions_text: conditions_text.to_string(),
        max_amount: conds.max_amount,
        max_gain: conds.max_gain,
        measures,
        provenance: format!(
            "导入自《{}》{}第{number}项（{}{}第{}行）。原文：{violation}；违反条款：{}；处罚依据：{}",
            opts.list,
            opts.doc_number.as_deref().map(|d| format!("（{d}）")).unwrap_or_default(),
            file,
            table.name.as_deref().map(|s| format!("，{s}")).unwrap_or_default(),
            row.number,
            cell(layout, &row.cells, Role::Violated),
            cell(layout, &row.cells, Role::Penalty),
        ),
    };
    Ok((
        item,
        Imported {
            row: row.number,
            number,
            benchmark: benchmark.id.clone(),
            exemption,
            conditions: conds.facts,
            matched_by,
        },
    ))
}

/// The rules files to import into: a rules directory, or the built-in library's.
pub fn base_files(dir: Option<&Path>) -> Result<RuleFiles> {
    match dir {
        Some(d) => RuleFiles::read_dir(d),
        None => Ok(crate::embedded::rule_files()),
    }
}

/// The benchmark a row's 基准编号 names: it must be the department's and rest on the provisions
/// the row cites (when the row's citations name any benchmark at all).
fn named_benchmark<'a>(
    lib: &'a crate::model::Library,
    dept: &crate::model::Department,
    id: &str,
    candidates: &[&'a crate::model::Benchmark],
) -> std::result::Result<&'a crate::model::Benchmark, String> {
    let b = lib
        .benchmark(id)
        .filter(|b| b.department == dept.code)
        .ok_or_else(|| format!("{} has no benchmark {id}", dept.code))?;
    if !candidates.is_empty() && !candidates.iter().any(|c| c.id == b.id) {
        return Err(format!(
            "{id} does not rest on the provisions the row cites (those of {})",
            candidates
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(b)
}

/// Several benchmarks rest on the cited provisions: the row's wording decides, by the search
/// ranking among them only — and only when the search's own confidence rule trusts the first of
/// them. Otherwise the row is reported with the candidates, for the office to name one.
fn by_wording<'a>(
    store: &Store,
    violation: &str,
    many: &[&'a crate::model::Benchmark],
) -> std::result::Result<&'a crate::model::Benchmark, String> {
    let lib = &store.lib;
    let hits = store
        .searcher
        .search(lib, violation, 200, None)
        .map_err(|e| format!("search failed: {e}"))?;
    let among: Vec<crate::search::Hit> = hits
        .into_iter()
        .filter(|h| many.iter().any(|b| b.id == h.id))
        .collect();
    let first = among
        .first()
        .and_then(|h| many.iter().find(|b| b.id == h.id).copied());
    let trusted = store
        .searcher
        .confidence(lib, violation, &among)
        .map_err(|e| format!("search failed: {e}"))?
        == crate::search::Match::Confident;
    match first {
        Some(b) if trusted => Ok(b),
        _ => Err(format!(
            "several benchmarks rest on the cited provisions and the wording does not clearly pick one{}: {}; name one in a 基准编号 column",
            first.map(|b| format!(" (nearest: {})", b.id)).unwrap_or_default(),
            many.iter()
                .map(|b| format!("{} {}", b.id, b.violation))
                .collect::<Vec<_>>()
                .join("；")
        )),
    }
}
