//! Consistency review (同案同罚): decided cases re-evaluated with the engine, one finding per input
//! row, statistics by unit, item and tier, and the dispersion of outcomes among like cases.
//!
//! The input is streamed in chunks; workers parse and evaluate chunks in parallel; one writer puts
//! the results back in input order, detects duplicate case numbers, aggregates the statistics and
//! writes the findings. Memory holds a few chunks, the statistics and one 8-byte hash per case
//! number (for duplicates), never the file.

mod expect;
mod fxhash;
pub mod input;
mod judge;
pub mod report;
mod row;
mod sink;
mod stats;
pub mod zh;

use crate::error::{Error, Result};
use crate::library::Store;
use input::{Chunk, Chunker, Encoding};
pub use row::{finding_zh, Finding, FindingRow, FINDING_CODES, FINDING_ZH};
use serde::Serialize;
use stats::Stats;
pub use stats::Summary;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::Instant;

/// Options of a run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Write the findings CSV here (UTF-8 with BOM).
    pub findings: Option<PathBuf>,
    /// Write the offline HTML report here.
    pub report: Option<PathBuf>,
    /// Like-case groups smaller than this show no dispersion figures.
    pub min_group: usize,
    /// Worker threads (default: the machine's cores).
    pub threads: usize,
    /// The XLSX sheet to read (default: the first; the summary says which was read).
    pub sheet: Option<String>,
    /// Keep this many deviation rows, typed, in the summary (for a table; 0: none).
    pub table_rows: usize,
    /// The office the review is for, named on the report's cover.
    pub office: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            findings: None,
            report: None,
            min_group: 5,
            sheet: None,
            table_rows: 0,
            office: None,
            threads: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
        }
    }
}

/// Progress of a run, for a progress bar.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Progress {
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub rows: u64,
}

/// The column names accepted, English first, then Chinese (contract in DESIGN.md).
pub const COLUMNS: &[(&str, &[&str])] = &[
    ("case_no", &["case_no", "案件编号", "案号", "编号"]),
    ("unit", &["unit", "执法单位", "办案单位", "处罚机关"]),
    ("item", &["item", "事项", "事项编号", "违法行为", "案由"]),
    ("facts", &["facts", "情节", "裁量情节"]),
    (
        "amount_yuan",
        &["amount_yuan", "amount", "涉案金额", "货值金额"],
    ),
    ("gain_yuan", &["gain_yuan", "gain", "违法所得"]),
    ("occurred", &["occurred", "违法日期", "违法行为发生日期"]),
    ("decided", &["decided", "决定日期", "处罚决定日期"]),
    ("penalty", &["penalty", "处罚种类", "处罚结果"]),
    ("fine_yuan", &["fine_yuan", "fine", "罚款金额", "罚款"]),
];
const REQUIRED: &[&str] = &["case_no", "unit", "item", "penalty"];

/// Where each known column is in the file.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub idx: [Option<usize>; 10],
}

fn norm_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .trim()
        .to_ascii_lowercase()
        .replace(['（', '('], "(")
        .split('(')
        .next()
        .unwrap_or("")
        .replace(' ', "")
}

/// Maps a header row to the known columns; missing required columns are an error naming them.
pub fn layout(headers: &[String]) -> Result<Layout> {
    let norm: Vec<String> = headers.iter().map(|h| norm_header(h)).collect();
    let mut l = Layout::default();
    for (i, (_, names)) in COLUMNS.iter().enumerate() {
        l.idx[i] = norm.iter().position(|h| names.iter().any(|n| h == n));
    }
    let missing: Vec<String> = COLUMNS
        .iter()
        .enumerate()
        .filter(|(i, (name, _))| REQUIRED.contains(name) && l.idx[*i].is_none())
        .map(|(_, (name, names))| format!("{name}（{}）", names[1]))
        .collect();
    if !missing.is_empty() {
        return Err(Error::BadInput {
            what: "header".into(),
            reason: format!(
                "missing required column(s): {}; the first row has {} column(s), none of them by these names",
                missing.join(", "),
                headers.len()
            ),
        });
    }
    Ok(l)
}

/// Runs a review of `input` (CSV or XLSX). `progress` is called after each chunk; returning
/// false cancels the run (no output file is left behind).
pub fn run(
    store: &Store,
    input: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Summary> {
    let started = Instant::now();
    let total = std::fs::metadata(input)
        .map_err(|e| Error::io(input, e))?
        .len();
    let is_xlsx = input
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    // Temporary files that a killed run left beside these outputs go first.
    for p in opts.findings.iter().chain(opts.report.iter()) {
        crate::tempfiles::remove_stale(p);
    }
    let tmp_findings = opts
        .findings
        .as_ref()
        .map(|p| p.with_extension(format!("tmp{}", std::process::id())));
    let mut out: Option<BufWriter<std::fs::File>> = match &tmp_findings {
        Some(p) => Some(BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(p).map_err(|e| Error::io(p, e))?,
        )),
        None => None,
    };
    let cleanup = || {
        if let Some(p) = &tmp_findings {
            let _ = std::fs::remove_file(p);
        }
    };
    if let Some(w) = out.as_mut() {
        w.write_all("\u{feff}".as_bytes())
            .map_err(|e| Error::io("findings", e))?;
        w.write_all(row::FINDINGS_HEADER.as_bytes())
            .map_err(|e| Error::io("findings", e))?;
    }
    let result = if is_xlsx {
        run_xlsx(store, input, opts, out.as_mut(), total)
    } else {
        run_csv(store, input, opts, out.as_mut(), total, progress)
    };
    let (mut stats, format, encoding) = match result {
        Ok(x) => x,
        Err(e) => {
            drop(out);
            cleanup();
            return Err(e);
        }
    };
    // The findings and the report are written beside their destinations first; only when both
    // are complete do they replace what was there, so a full disk or a crash leaves the previous
    // outputs whole and never mixes a new findings file with an old report.
    let tmp_report = opts
        .report
        .as_ref()
        .map(|p| p.with_extension(format!("tmp{}", std::process::id())));
    let written: Result<Summary> = (|| {
        if let Some(w) = out {
            let f = w
                .into_inner()
                .map_err(|e| Error::io("findings", e.into_error()))?;
            f.sync_all().map_err(|e| Error::io("findings", e))?;
        }
        let mut summary = stats.finish(store, opts.min_group);
        summary.office = opts
            .office
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(String::from);
        summary.input = stats::InputInfo {
            path: input.display().to_string(),
            format: format.into(),
            encoding,
            bytes: total,
            sheet: stats.sheet.take(),
        };
        summary.findings_csv = opts.findings.as_ref().map(|p| p.display().to_string());
        summary.report_html = opts.report.as_ref().map(|p| p.display().to_string());
        summary.took_ms = started.elapsed().as_millis() as u64;
        if let Some(tmp) = &tmp_report {
            let mut f = std::fs::File::create(tmp).map_err(|e| Error::io(tmp, e))?;
            f.write_all(report::html(&summary).as_bytes())
                .and_then(|_| f.sync_all())
                .map_err(|e| Error::io(tmp, e))?;
        }
        for (tmp, dst) in [(&tmp_findings, &opts.findings), (&tmp_report, &opts.report)] {
            if let (Some(tmp), Some(dst)) = (tmp, dst) {
                std::fs::rename(tmp, dst).map_err(|e| Error::io(dst, e))?;
            }
        }
        Ok(summary)
    })();
    let summary = match written {
        Ok(s) => s,
        Err(e) => {
            cleanup();
            if let Some(t) = &tmp_report {
                let _ = std::fs::remove_file(t);
            }
            return Err(e);
        }
    };
    stats.clear();
    Ok(summary)
}

type RunResult = Result<(Stats, &'static str, Option<Encoding>)>;

fn run_xlsx(
    store: &Store,
    input: &Path,
    opts: &Options,
    out: Option<&mut BufWriter<std::fs::File>>,
    total: u64,
) -> RunResult {
    let mut stats = Stats::new(store, total / 80 + 16);
    stats.keep_rows = opts.table_rows;
    let mut ev = row::Evaluator::new(store);
    let mut buf = Vec::new();
    let mut metas = Vec::new();
    let mut units = row::Units::default();
    let mut layout: Option<Layout> = None;
    let mut failed: Option<Error> = None;
    let mut out = out;
    // Rows are reviewed as they stream out of the sheet and written in batches, so memory stays
    // flat whatever the sheet's size.
    let info = input::xlsx_rows(input, opts.sheet.as_deref(), |line, r, beyond| {
        if failed.is_some() {
            return;
        }
        if beyond > 0 && r.iter().all(|c| c.trim().is_empty()) {
            // Content only where no column of the layout can be: said, not dropped.
            ev.bad(
                line,
                "",
                "row",
                &format!("第{}列之后有内容，超出可读取的列", input::MAX_XLSX_COLS),
                &mut buf,
                &mut metas,
                &mut units,
            );
            return;
        }
        let Some(l) = &layout else {
            match self::layout(r) {
                Ok(l) => layout = Some(l),
                Err(e) => failed = Some(e),
            }
            return;
        };
        let cells: Vec<std::borrow::Cow<str>> = r
            .iter()
            .map(|s| std::borrow::Cow::Borrowed(s.as_str()))
            .collect();
        ev.row(
            l,
            line,
            &cells,
            &mut buf,
            &mut metas,
            &mut units,
            opts.min_group,
        );
        if metas.len() >= 10_000 {
            let w = out.as_deref_mut().map(|x| x as &mut dyn Write);
            if let Err(e) = stats.absorb(&buf, &metas, &units, w) {
                failed = Some(e);
            }
            buf.clear();
            metas.clear();
            units = row::Units::default();
        }
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    if layout.is_none() {
        return Err(Error::BadInput {
            what: format!("{}:{}", input.display(), info.sheet),
            reason: "the sheet is empty: no header row".into(),
        });
    }
    stats.absorb(&buf, &metas, &units, out.map(|x| x as &mut dyn Write))?;
    stats.sheet = Some(info);
    Ok((stats, "xlsx", None))
}

/// What a worker sends back for a chunk.
struct Done {
    index: usize,
    oversized: Vec<(u64, u64)>,
    out: Vec<u8>,
    metas: Vec<row::Meta>,
    units: row::Units,
    bytes: u64,
}

fn run_csv(
    store: &Store,
    input: &Path,
    opts: &Options,
    out: Option<&mut BufWriter<std::fs::File>>,
    total: u64,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> RunResult {
    let CsvStart {
        encoding,
        rows_per_byte_sample: (head_len, sample_rows),
        mut chunker,
        first,
        header_end,
        layout,
    } = open_csv(input)?;
    let threads = opts.threads.max(1);
    let cancelled = AtomicBool::new(false);
    // Size the duplicate table from the rows in the first 64 KiB.
    let mut stats = Stats::new(store, total / (head_len as u64 / sample_rows).max(16) + 16);
    stats.keep_rows = opts.table_rows;
    let mut out = out;
    let min_group = opts.min_group;
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Chunk>(threads);
    let mut first = Some(first);
    let chunk_rx = Mutex::new(chunk_rx);
    let (done_tx, done_rx) = mpsc::sync_channel::<Result<Done>>(threads);
    let mut bytes_done = header_end;
    let mut rows_done = 0u64;

    let outcome: Result<()> = std::thread::scope(|s| {
        // Chunks in flight (read, not yet written) are bounded by tickets: the reader takes one
        // per chunk and the writer gives it back once the chunk is written, so a slow writer or
        // disk stops the reader instead of piling findings up in memory. The tickets live in
        // this closure, so an early return frees a reader waiting for one.
        let in_flight = 2 * threads + 2;
        let (ticket_tx, ticket_rx) = mpsc::sync_channel::<()>(in_flight);
        for _ in 0..in_flight {
            let _ = ticket_tx.send(());
        }
        // Reader.
        let reader_cancel = &cancelled;
        let reader_done = done_tx.clone();
        let first_tx = chunk_tx.clone();
        s.spawn(move || loop {
            if reader_cancel.load(Ordering::Relaxed) || ticket_rx.recv().is_err() {
                break;
            }
            if let Some(c) = first.take() {
                if first_tx.send(c).is_err() {
                    break;
                }
                continue;
            }
            match chunker.next_chunk() {
                Ok(Some(c)) => {
                    if chunk_tx.send(c).is_err() {
                        break;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    let _ = reader_done.send(Err(e));
                    break;
                }
            }
        });
        // Workers.
        for _ in 0..threads {
            let rx = &chunk_rx;
            let tx = done_tx.clone();
            let layout = &layout;
            s.spawn(move || {
                let mut ev = row::Evaluator::new(store);
                loop {
                    let next = match rx.lock() {
                        Ok(g) => g.recv(),
                        Err(_) => break,
                    };
                    let Ok(chunk) = next else { break };
                    let done = work(&mut ev, layout, encoding, chunk, min_group);
                    if tx.send(Ok(done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // Writer: put chunks back in order.
        let mut pending: std::collections::BTreeMap<usize, Done> = Default::default();
        let mut next = 0usize;
        for msg in done_rx.iter() {
            let d = match msg {
                Ok(d) => d,
                Err(e) => {
                    cancelled.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            };
            pending.insert(d.index, d);
            while let Some(d) = pending.remove(&next) {
                next += 1;
                for (line, len) in &d.oversized {
                    stats.oversized(
                        *line,
                        *len,
                        out.as_deref_mut().map(|x| x as &mut dyn Write),
                    )?;
                }
                stats.absorb(
                    &d.out,
                    &d.metas,
                    &d.units,
                    out.as_deref_mut().map(|x| x as &mut dyn Write),
                )?;
                bytes_done += d.bytes;
                rows_done += d.metas.len() as u64;
                let _ = ticket_tx.send(());
                if !progress(Progress {
                    bytes_done,
                    bytes_total: total,
                    rows: rows_done,
                }) {
                    cancelled.store(true, Ordering::Relaxed);
                    // Drain so that the reader and workers end.
                    for _ in done_rx.iter() {}
                    return Err(Error::Cancelled);
                }
            }
        }
        Ok(())
    });
    outcome?;
    if stats.rows() == 0 && stats.oversized_rows() == 0 {
        return Err(Error::BadInput {
            what: input.display().to_string(),
            reason: "no case rows after the header".into(),
        });
    }
    Ok((stats, "csv", Some(encoding)))
}

/// A CSV file opened for review: its encoding, its header read into a layout, and the reader
/// positioned after the header.
struct CsvStart {
    encoding: Encoding,
    /// Bytes and rows in the first 64 KiB, to size the duplicate table.
    rows_per_byte_sample: (usize, u64),
    chunker: Chunker<std::io::Chain<std::io::Cursor<Vec<u8>>, std::fs::File>>,
    /// The first chunk of rows (what followed the header in the first chunk read).
    first: Chunk,
    header_end: u64,
    layout: Layout,
}

/// Opens a CSV file: the encoding from its first 64 KiB, the header (a quoted header cell may
/// hold a line end, so it is the first record, not the first line) and the columns it names.
fn open_csv(input: &Path) -> Result<CsvStart> {
    let mut file = std::fs::File::open(input).map_err(|e| Error::io(input, e))?;
    // The encoding, from the first 64 KiB.
    let mut head = vec![0u8; 64 * 1024];
    let n = read_full(&mut file, &mut head).map_err(|e| Error::io(input, e))?;
    head.truncate(n);
    if head.is_empty() {
        return Err(Error::BadInput {
            what: input.display().to_string(),
            reason: "the file is empty: no header row".into(),
        });
    }
    let encoding = input::detect(&head);
    let sample_rows = input::LineCounter::default().feed(&head).max(1);
    let head_len = head.len();
    let src = std::io::Cursor::new(head).chain(file);
    let mut chunker = Chunker::new(src, 1);
    // The header is the first record (a quoted header cell may hold a line end).
    let first = chunker.next_chunk()?.ok_or_else(|| Error::BadInput {
        what: input.display().to_string(),
        reason: "the file is empty: no header row".into(),
    })?;
    let first_len = first.bytes.len() as u64;
    let (header, first) = input::split_header(first).map_err(|e| match e {
        Error::BadInput { reason, .. } => Error::BadInput {
            what: format!("{}:1", input.display()),
            reason,
        },
        e => e,
    })?;
    let header_end = first_len - first.bytes.len() as u64;
    let mut hf = Vec::new();
    if !input::decode_fields(encoding, &header, &mut hf) {
        return Err(Error::BadInput {
            what: format!("{}:1", input.display()),
            reason: "the header row is not valid UTF-8 or GB18030".into(),
        });
    }
    let headers: Vec<String> = hf.iter().map(|c| c.trim().to_string()).collect();
    let layout = layout(&headers).map_err(|e| match e {
        Error::BadInput { reason, .. } => Error::BadInput {
            what: format!("{}:1", input.display()),
            reason,
        },
        e => e,
    })?;
    Ok(CsvStart {
        encoding,
        rows_per_byte_sample: (head_len, sample_rows),
        chunker,
        first,
        header_end,
        layout,
    })
}

fn work(
    ev: &mut row::Evaluator,
    layout: &Layout,
    enc: Encoding,
    chunk: Chunk,
    min_group: usize,
) -> Done {
    let bytes = chunk.bytes.len() as u64;
    let mut out = Vec::with_capacity(chunk.bytes.len());
    let mut metas = Vec::new();
    let mut units = row::Units::default();
    let read = input::records(
        &chunk.bytes,
        enc,
        chunk.first_line,
        chunk.after_cr,
        |line, rec| match rec {
            input::Record::Fields(fields) => ev.row(
                layout, line, fields, &mut out, &mut metas, &mut units, min_group,
            ),
            input::Record::TooLong(len) => ev.bad(
                line,
                "",
                "row",
                &format!("行长度 {len} 字节，超过上限"),
                &mut out,
                &mut metas,
                &mut units,
            ),
            input::Record::BadEncoding => ev.bad(
                line,
                "",
                "row",
                match enc {
                    Encoding::Utf8 => "编码错误：不是有效的 UTF-8（文件其余部分为 UTF-8）",
                    Encoding::Gb18030 => "编码错误：不是有效的 GB18030/GBK",
                },
                &mut out,
                &mut metas,
                &mut units,
            ),
        },
    );
    if let Err(e) = read {
        // csv reads any bytes as records; kept so that a reader error can never drop rows
        // silently: it becomes a bad row at the chunk's first line.
        ev.bad(
            chunk.first_line,
            "",
            "row",
            &format!("无法读取：{e}"),
            &mut out,
            &mut metas,
            &mut units,
        );
    }
    Done {
        index: chunk.index,
        oversized: chunk.oversized,
        out,
        metas,
        units,
        bytes,
    }
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}
