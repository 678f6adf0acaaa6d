//! `rules export --xlsx`: the library written in the form lists are published in — one sheet per
//! list (named by its id), a title row with the list's name and 文号, then 序号, 违法行为, 违反条款,
//! 处罚依据, 不予处罚的条件, 措施 and 基准编号 — so that an office can read, edit and re-import it. The
//! conditions are written in the words `rules import` reads (初次违法；危害后果轻微；及时改正；货值金额
//! 不超过500元), the published wording beside them in 原文表述, so a sheet imported back gives the
//! same items.

use crate::error::{Error, Result};
use crate::model::{Citation, Fact, Library};
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

const HEADER: [&str; 8] = [
    "序号",
    "违法行为",
    "违反条款",
    "处罚依据",
    "不予处罚的条件",
    "措施",
    "原文表述",
    "基准编号",
];

fn cites(lib: &Library, cs: &[Citation]) -> String {
    cs.iter()
        .map(|c| {
            let name = lib.law(&c.law).map(|l| l.name.as_str()).unwrap_or(&c.law);
            format!("《{name}》{}", c.article)
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// The conditions cell: the facts in the words the importer reads, then the caps.
pub fn conditions_cell(facts: &[Fact], max_amount: Option<f64>, max_gain: Option<f64>) -> String {
    let mut parts: Vec<String> = facts.iter().map(|f| f.zh().to_string()).collect();
    let yuan = |v: f64| crate::engine::yuan(v);
    if let Some(a) = max_amount {
        parts.push(format!("货值金额不超过{}元", yuan(a)));
    }
    if let Some(g) = max_gain {
        parts.push(format!("违法所得不超过{}元", yuan(g)));
    }
    parts.join("；")
}

/// Writes every list of the library to `out`; returns the number of items written.
pub fn write_xlsx(lib: &Library, out: &Path) -> Result<usize> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::BadInput {
        what: out.display().to_string(),
        reason: format!("cannot write the workbook: {e}"),
    };
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let mut written = 0;
    for dept in &lib.departments {
        for list in &dept.lists {
            let mut items: Vec<_> = lib
                .benchmarks
                .iter()
                .flat_map(|b| b.exemptions.iter().map(move |e| (b, e)))
                .filter(|(_, e)| e.list == list.id)
                .collect();
            items.sort_by_key(|(_, e)| e.number);
            let ws = wb.add_worksheet();
            ws.set_name(list.id.as_str()).map_err(fail)?;
            let title = match &list.doc_number {
                Some(d) => format!("{}（{d}）", list.title),
                None => list.title.clone(),
            };
            ws.write_string_with_format(0, 0, &title, &bold)
                .map_err(fail)?;
            for (c, h) in HEADER.iter().enumerate() {
                ws.write_string_with_format(1, c as u16, *h, &bold)
                    .map_err(fail)?;
            }
            for (i, (b, e)) in items.iter().enumerate() {
                let r = i as u32 + 2;
                let regime = b.current();
                ws.write_number(r, 0, f64::from(e.number)).map_err(fail)?;
                ws.write_string(r, 1, &b.violation).map_err(fail)?;
                ws.write_string(r, 2, cites(lib, &regime.violated))
                    .map_err(fail)?;
                ws.write_string(r, 3, cites(lib, &regime.penalty))
                    .map_err(fail)?;
                ws.write_string(
                    r,
                    4,
                    conditions_cell(&e.conditions, e.max_amount, e.max_gain),
                )
                .map_err(fail)?;
                ws.write_string(r, 5, e.measures.join("、")).map_err(fail)?;
                ws.write_string(r, 6, &e.conditions_text).map_err(fail)?;
                ws.write_string(r, 7, &b.id).map_err(fail)?;
                written += 1;
            }
            for (c, w) in [6.0, 40.0, 36.0, 36.0, 40.0, 20.0, 60.0, 12.0]
                .iter()
                .enumerate()
            {
                ws.set_column_width(c as u16, *w).map_err(fail)?;
            }
        }
    }
    if written == 0 && lib.departments.iter().all(|d| d.lists.is_empty()) {
        return Err(Error::BadInput {
            what: out.display().to_string(),
            reason: "the library holds no list to export".into(),
        });
    }
    wb.save(out).map_err(fail)?;
    Ok(written)
}
