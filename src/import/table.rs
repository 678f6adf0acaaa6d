//! Reading a published list as offices publish it: a CSV file (UTF-8 or GBK), an XLSX workbook
//! (every sheet offered; title rows and merged header cells are the column finder's business) or
//! the tables of a Word document. Every row keeps the number a reader sees in the file (the CSV
//! record, the spreadsheet row, the table row), so a message can name it.

use crate::audit::input::{detect, xlsx_rows, Encoding};
use crate::error::{Error, Result};
use std::path::Path;

/// A list is a few hundred rows; a file far larger than this is not one.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// One table of the file: a sheet, a Word table, or the CSV file itself.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's name, or "表格N" for a Word table; None for CSV.
    pub name: Option<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based, as the file shows it.
    pub number: u64,
    pub cells: Vec<String>,
}

fn bad(path: &Path, reason: impl Into<String>) -> Error {
    Error::BadInput {
        what: path.display().to_string(),
        reason: reason.into(),
    }
}

/// Reads the tables of a list file, by its extension. With `only`, the other sheets of a
/// workbook are named but not read.
pub fn read(path: &Path, only: Option<&str>) -> Result<Vec<Table>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > MAX_BYTES {
        return Err(bad(path, "too large for a published list"));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => read_csv(path).map(|t| vec![t]),
        "xlsx" => read_xlsx(path, only),
        "docx" => read_docx(path),
        _ => Err(bad(
            path,
            "a list is read from .xlsx, .docx or .csv (an old .xls or .doc: save it as .xlsx or .docx first)",
        )),
    }
}

fn read_csv(path: &Path) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = match detect(&bytes) {
        Encoding::Utf8 => {
            let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
            String::from_utf8(b.to_vec()).map_err(|_| bad(path, "not valid UTF-8"))?
        }
        Encoding::Gb18030 => {
            let (t, _, had_errors) = encoding_rs::GB18030.decode(&bytes);
            if had_errors {
                return Err(bad(path, "neither UTF-8 nor GBK/GB18030"));
            }
            t.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| bad(path, format!("record {}: {e}", i + 1)))?;
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().any(|c| !c.is_empty()) {
            rows.push(Row {
                number: i as u64 + 1,
                cells,
            });
        }
    }
    Ok(Table { name: None, rows })
}

fn read_xlsx(path: &Path, only: Option<&str>) -> Result<Vec<Table>> {
    use calamine::{open_workbook, Reader, Xlsx};
    let wb: Xlsx<_> = open_workbook(path).map_err(|e: calamine::XlsxError| {
        bad(path, format!("not a readable XLSX workbook: {e}"))
    })?;
    let mut tables = Vec::new();
    for name in wb.sheet_names() {
        let mut rows = Vec::new();
        if only.is_some_and(|o| o != name) {
            tables.push(Table {
                name: Some(name),
                rows,
            });
            continue;
        }
        xlsx_rows(path, Some(&name), |number, cells, _beyond| {
            rows.push(Row {
                number,
                cells: cells.iter().map(|c| c.trim().to_string()).collect(),
            })
        })?;
        tables.push(Table {
            name: Some(name),
            rows,
        });
    }
    Ok(tables)
}

fn read_docx(path: &Path) -> Result<Vec<Table>> {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let doc = docx_rs::read_docx(&bytes)
        .map_err(|e| bad(path, format!("not a readable Word document: {e}")))?;
    let mut tables = Vec::new();
    for child in &doc.document.children {
        let DocumentChild::Table(t) = child else {
            continue;
        };
        let mut rows = Vec::new();
        for (i, TableChild::TableRow(r)) in t.rows.iter().enumerate() {
            let mut cells = Vec::new();
            for TableRowChild::TableCell(c) in &r.cells {
                let mut text = String::new();
                for content in &c.children {
                    if let TableCellContent::Paragraph(p) = content {
                        if !text.is_empty() {
                            text.push('\n');
                        }
                        text.push_str(&p.raw_text());
                    }
                }
                cells.push(text.trim().to_string());
                // A cell merged across columns (gridSpan) stands for that many columns: keep
                // the columns of later cells where the header put them.
                let span = serde_json::to_value(&c.property)
                    .ok()
                    .and_then(|v| v.get("gridSpan").and_then(|s| s.as_u64()))
                    .unwrap_or(1);
                for _ in 1..span.min(64) {
                    cells.push(String::new());
                }
            }
            if cells.iter().any(|c| !c.is_empty()) {
                rows.push(Row {
                    number: i as u64 + 1,
                    cells,
                });
            }
        }
        tables.push(Table {
            name: Some(format!("表格{}", tables.len() + 1)),
            rows,
        });
    }
    if tables.is_empty() {
        return Err(bad(path, "the document holds no table"));
    }
    Ok(tables)
}
