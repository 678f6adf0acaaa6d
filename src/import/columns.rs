//! Which column of a published list holds what. Offices name their columns differently
//! (违法行为 / 事项名称 / 违法行为名称; 违反条款 / 法律依据 / 违法依据; 处罚依据 / 罚则; 不予处罚的条件 /
//! 适用条件 / 不予处罚情形 …); the header is found among the first rows (title rows above it are
//! skipped), a header split over two rows by merged cells is joined, and `--columns` names a
//! column the words here do not recognise.

use super::table::{Row, Table};
use crate::error::{Error, Result};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 序号: the item's number in the list.
    Number,
    /// 违法行为: the act.
    Violation,
    /// 违反条款: the provisions violated.
    Violated,
    /// 处罚依据: the penalty provisions.
    Penalty,
    /// 不予处罚的条件: the conditions of the exemption.
    Conditions,
    /// 实施主体: the enforcing body.
    Body,
    /// 措施: measures (责令改正, 批评教育 …).
    Measures,
    /// 基准编号: the benchmark the office says the row follows, where several rest on the same
    /// provisions (`rules export` writes it, so a round trip never depends on wording).
    Benchmark,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Number,
        Role::Violation,
        Role::Violated,
        Role::Penalty,
        Role::Conditions,
        Role::Body,
        Role::Measures,
        Role::Benchmark,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Number => "number",
            Role::Violation => "violation",
            Role::Violated => "violated",
            Role::Penalty => "penalty",
            Role::Conditions => "conditions",
            Role::Body => "body",
            Role::Measures => "measures",
            Role::Benchmark => "benchmark",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Role::Number => "序号",
            Role::Violation => "违法行为",
            Role::Violated => "违反条款",
            Role::Penalty => "处罚依据",
            Role::Conditions => "不予处罚的条件",
            Role::Body => "实施主体",
            Role::Measures => "措施",
            Role::Benchmark => "基准编号",
        }
    }

    /// The role a header cell names, if any. Order matters: 处罚依据 before 依据, 违法行为 before
    /// 违法依据.
    fn of_header(h: &str) -> Option<Role> {
        let h: String = h.chars().filter(|c| !c.is_whitespace()).collect();
        if h.is_empty() {
            return None;
        }
        let has = |ws: &[&str]| ws.iter().any(|w| h.contains(w));
        if h == "序号" || h == "编号" || h == "序" || h.eq_ignore_ascii_case("no") {
            return Some(Role::Number);
        }
        if has(&["基准编号", "对应基准", "裁量基准编号"]) {
            return Some(Role::Benchmark);
        }
        if has(&["处罚依据", "罚则", "处罚条款", "处罚规定"]) {
            return Some(Role::Penalty);
        }
        if has(&["条件", "情形", "适用情况", "免罚标准", "不予处罚标准"]) {
            return Some(Role::Conditions);
        }
        if has(&[
            "违反条款",
            "法律依据",
            "违法依据",
            "违反的法律",
            "设定依据",
            "法规依据",
            "依据",
        ]) {
            return Some(Role::Violated);
        }
        if has(&["违法行为", "事项名称", "事项", "行为名称", "轻微违法行为"]) {
            return Some(Role::Violation);
        }
        if has(&["实施主体", "执法主体", "执法部门", "实施机关", "主体"]) {
            return Some(Role::Body);
        }
        if has(&["措施", "处理方式", "处置"]) {
            return Some(Role::Measures);
        }
        None
    }
}

/// The columns found: each role's column index, where the header is, and the data rows.
#[derive(Debug, Clone)]
pub struct Layout {
    pub columns: Vec<(Role, usize)>,
    /// Number of the (last) header row.
    pub header_row: u64,
}

impl Layout {
    pub fn col(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| *c)
    }
}

/// Column letters (A, B, …, AA) to index.
fn letter_index(s: &str) -> Option<usize> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_alphabetic()) || s.len() > 3 {
        return None;
    }
    let mut n = 0usize;
    for c in s.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    Some(n - 1)
}

/// `--columns violation=事项名称,violated=C`: a role named by its header text or column letter.
pub fn parse_overrides(spec: &str) -> Result<Vec<(Role, String)>> {
    let mut out = Vec::new();
    for part in spec
        .split([',', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (role, col) = part.split_once('=').ok_or_else(|| Error::BadInput {
            what: "--columns".into(),
            reason: format!("`{part}`: write role=column, e.g. violation=事项名称 or violated=C"),
        })?;
        let role = Role::ALL
            .iter()
            .copied()
            .find(|r| r.code() == role.trim() || r.zh() == role.trim())
            .ok_or_else(|| Error::BadInput {
                what: "--columns".into(),
                reason: format!(
                    "unknown role `{role}`; the roles are {}",
                    Role::ALL
                        .iter()
                        .map(|r| r.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
        out.push((role, col.trim().to_string()));
    }
    Ok(out)
}

/// Finds the header of a table among its first rows: the first row in which at least two roles
/// are recognised (violation among them, unless an override names it). A row right below it
/// that names roles in columns the first left empty (a header split by merged cells) is joined.
pub fn find(table: &Table, overrides: &[(Role, String)]) -> Option<Layout> {
    let scan = table.rows.iter().take(12).enumerate();
    for (i, row) in scan {
        let mut columns: Vec<(Role, usize)> = Vec::new();
        let add = |columns: &mut Vec<(Role, usize)>, r: &Row| {
            for (c, h) in r.cells.iter().enumerate() {
                if let Some(role) = Role::of_header(h) {
                    if !columns.iter().any(|(x, col)| *x == role || *col == c) {
                        columns.push((role, c));
                    }
                }
            }
        };
        add(&mut columns, row);
        let mut header_row = row.number;
        // Overrides by header text refer to this row (or the next); by letter, to any table.
        for (role, col) in overrides {
            let idx = letter_index(col).or_else(|| {
                row.cells.iter().position(|h| h.trim() == col).or_else(|| {
                    table
                        .rows
                        .get(i + 1)
                        .and_then(|n| n.cells.iter().position(|h| h.trim() == col))
                })
            });
            if let Some(c) = idx {
                columns.retain(|(r, x)| *r != *role && *x != c);
                columns.push((*role, c));
            }
        }
        let known = columns.iter().filter(|(r, _)| *r != Role::Number).count();
        if known < 2 || !columns.iter().any(|(r, _)| *r == Role::Violation) {
            continue;
        }
        if let Some(next) = table.rows.get(i + 1) {
            let before = columns.len();
            let mut more = Vec::new();
            add(&mut more, next);
            for (role, c) in more {
                let empty_above = row.cells.get(c).is_none_or(|h| h.trim().is_empty());
                if empty_above && !columns.iter().any(|(r, x)| *r == role || *x == c) {
                    columns.push((role, c));
                }
            }
            if columns.len() > before {
                header_row = next.number;
            }
        }
        columns.sort();
        return Some(Layout {
            columns,
            header_row,
        });
    }
    None
}
