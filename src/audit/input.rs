//! Reading decided cases: encoding detection (UTF-8 or GBK/GB18030, which Chinese offices export),
//! splitting a CSV stream into chunks at record boundaries (csv-core) so that workers can parse
//! them in parallel, reading a chunk's records, and streaming an XLSX sheet's cells.
//!
//! The file is streamed: memory holds a few chunks at a time, never the file. A row longer than
//! [`MAX_ROW_BYTES`] (a corrupt or hostile file: "a 1 GB line") is skipped while it streams past and
//! reported as a bad row.

use crate::error::{Error, Result};
use std::io::Read;

/// A chunk handed to a worker: about this many bytes, cut at a row boundary.
pub const CHUNK_BYTES: usize = 1 << 20;
/// The longest row accepted. Longer rows are skipped without being held in memory.
pub const MAX_ROW_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Utf8,
    Gb18030,
}

/// Decides the encoding from the first bytes: a UTF-8 BOM or valid UTF-8 is UTF-8, anything else
/// is taken as GB18030 (a superset of GBK and GB2312).
pub fn detect(head: &[u8]) -> Encoding {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Encoding::Utf8;
    }
    // Line by line, so that one row pasted in from another encoding does not decide for the
    // whole file: the encoding of most non-ASCII lines wins (ties and pure ASCII: UTF-8).
    let (mut utf8, mut other) = (0usize, 0usize);
    let mut lines = head.split(|b| *b == b'\n').peekable();
    while let Some(line) = lines.next() {
        if line.is_ascii() {
            continue;
        }
        match std::str::from_utf8(line) {
            Ok(_) => utf8 += 1,
            // A character cut by the end of the sample (the last line) is still UTF-8.
            Err(e) if e.error_len().is_none() && lines.peek().is_none() => utf8 += 1,
            Err(_) => other += 1,
        }
    }
    if other > utf8 {
        Encoding::Gb18030
    } else {
        Encoding::Utf8
    }
}

/// A piece of the input: complete records, and where they start.
#[derive(Debug)]
pub struct Chunk {
    pub index: usize,
    /// The 1-based line number of the first record in `bytes`.
    pub first_line: u64,
    /// Whether the byte before `bytes` was a CR (so a leading LF ends no new line).
    pub after_cr: bool,
    pub bytes: Vec<u8>,
    /// Records that were too long, skipped before this chunk: (line number, length in bytes).
    pub oversized: Vec<(u64, u64)>,
}

/// Counts lines the way spreadsheets end them: LF, CR and CRLF each end one line. It carries a
/// CR across calls, so a CRLF split between two buffers counts once.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineCounter {
    prev_cr: bool,
}

impl LineCounter {
    pub fn after(prev_cr: bool) -> LineCounter {
        LineCounter { prev_cr }
    }

    /// Line ends in `b`.
    pub fn feed(&mut self, b: &[u8]) -> u64 {
        let mut n = 0u64;
        for i in memchr::memchr2_iter(b'\r', b'\n', b) {
            let after_cr = if i == 0 {
                self.prev_cr
            } else {
                b[i - 1] == b'\r'
            };
            // A LF right after a CR is the second half of one CRLF.
            if b[i] == b'\r' || !after_cr {
                n += 1;
            }
        }
        if let Some(last) = b.last() {
            self.prev_cr = *last == b'\r';
        }
        n
    }
}

/// The CSV dialect of decided-case files, as spreadsheets write and read them: a quote opens a
/// field only at its start (elsewhere it is text), `""` is a quote inside a quoted field, and
/// CR, LF and CRLF all end a record. csv-core (the csv crate's state machine) does the parsing.
pub fn csv_reader() -> csv_core::Reader {
    csv_core::ReaderBuilder::new()
        .terminator(csv_core::Terminator::CRLF)
        .build()
}

/// Splits a byte stream into chunks of whole CSV records, so that workers can parse them in
/// parallel. One csv-core reader runs over the whole stream and says where each record ends;
/// chunks are cut only there.
pub struct Chunker<R: Read> {
    chunk_bytes: usize,
    max_row: usize,
    src: R,
    buf: Vec<u8>,
    /// `buf[..scanned]` has been fed to `reader`.
    scanned: usize,
    /// The end of the last complete record in `buf`.
    last_end: usize,
    /// csv-core is between records (nothing of a record fed to it yet).
    at_start: bool,
    reader: csv_core::Reader,
    scratch: Vec<u8>,
    ends: Vec<usize>,
    eof: bool,
    /// csv-core has reported the end of the input.
    done: bool,
    next_index: usize,
    next_line: u64,
    lines: LineCounter,
    /// The last byte handed out was a CR.
    after_cr: bool,
    pub bytes_read: u64,
}

impl<R: Read> Chunker<R> {
    pub fn new(src: R, first_line: u64) -> Chunker<R> {
        Chunker::with_limits(src, first_line, CHUNK_BYTES, MAX_ROW_BYTES)
    }

    /// With other sizes (tests use small ones to cross many chunk boundaries).
    pub fn with_limits(src: R, first_line: u64, chunk: usize, max_row: usize) -> Chunker<R> {
        Chunker {
            chunk_bytes: chunk.max(1),
            max_row: max_row.max(1),
            src,
            buf: Vec::with_capacity(chunk + max_row),
            scanned: 0,
            last_end: 0,
            at_start: true,
            reader: csv_reader(),
            scratch: vec![0; 64 * 1024],
            ends: vec![0; 1024],
            eof: false,
            done: false,
            next_index: 0,
            next_line: first_line,
            lines: LineCounter::default(),
            after_cr: false,
            bytes_read: 0,
        }
    }

    fn fill(&mut self, want: usize) -> Result<()> {
        while !self.eof && self.buf.len() < want {
            let old = self.buf.len();
            self.buf.resize(want, 0);
            let n = self
                .src
                .read(&mut self.buf[old..])
                .map_err(|e| Error::io("input", e))?;
            self.buf.truncate(old + n);
            self.bytes_read += n as u64;
            if n == 0 {
                self.eof = true;
            }
        }
        Ok(())
    }

    /// Feeds what is unscanned to csv-core; moves `last_end` to the end of the last complete
    /// record. At the end of the input an unterminated last record is complete too.
    fn scan(&mut self) {
        self.scan_records(false)
    }

    /// As `scan`, stopping after the first record that completes when `first_only`.
    fn scan_records(&mut self, first_only: bool) {
        if self.done {
            return;
        }
        // Most files hold no quote at all: there every CR or LF ends a record, and memchr finds
        // the last one far faster than the state machine walks to it. The state machine takes
        // over from the first quote (and csv-core is only bypassed between records).
        if self.at_start && !first_only {
            let input = &self.buf[self.scanned..];
            if memchr::memchr(b'"', input).is_none() {
                if let Some(i) = memchr::memrchr2(b'\r', b'\n', input) {
                    self.scanned += i + 1;
                    self.last_end = self.scanned;
                }
                if !self.eof {
                    return;
                }
                // At the end, what follows the last line end is the last record.
                if self.scanned < self.buf.len() {
                    self.scanned = self.buf.len();
                    self.last_end = self.scanned;
                }
                self.done = true;
                return;
            }
        }
        loop {
            let input = &self.buf[self.scanned..];
            let was_empty = input.is_empty();
            // An empty input tells csv-core the file has ended: only say so at the end.
            if was_empty && !self.eof {
                return;
            }
            let (res, nin, _, _) =
                self.reader
                    .read_record(input, &mut self.scratch, &mut self.ends);
            self.scanned += nin;
            if nin > 0 {
                self.at_start = false;
            }
            match res {
                csv_core::ReadRecordResult::Record => {
                    self.last_end = self.scanned;
                    self.at_start = true;
                    if first_only {
                        return;
                    }
                }
                // Field contents are not needed here: the same scratch space serves again.
                csv_core::ReadRecordResult::OutputFull
                | csv_core::ReadRecordResult::OutputEndsFull => {}
                // All of the input is consumed. At the end of the file, an empty input then
                // tells csv-core to finish the last (unterminated) record.
                csv_core::ReadRecordResult::InputEmpty if !self.eof || !was_empty => {
                    if !self.eof {
                        return;
                    }
                }
                csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => {
                    self.done = true;
                    return;
                }
            }
        }
    }

    /// The next chunk, or None at the end of the input.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk>> {
        let mut oversized = Vec::new();
        loop {
            self.fill(self.chunk_bytes)?;
            self.scan();
            if self.last_end == 0 && !self.done {
                // No record ends within a chunk: read further, up to the record limit.
                self.fill(self.max_row + self.chunk_bytes)?;
                self.scan();
                if self.last_end == 0 && !self.done {
                    // A record longer than the limit: skip it to its end without keeping it.
                    let line = self.next_line;
                    let skipped = self.skip_record()?;
                    oversized.push((line, skipped));
                    continue;
                }
            }
            if self.last_end == 0 {
                // The end: what is left holds no record (blank lines). A long last record
                // skipped on the way is still reported.
                self.buf.clear();
                self.scanned = 0;
                if oversized.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(self.take(0, oversized)));
            }
            let end = self.last_end;
            return Ok(Some(self.take(end, oversized)));
        }
    }

    /// Hands out `buf[..end]` (complete records) as a chunk.
    fn take(&mut self, end: usize, oversized: Vec<(u64, u64)>) -> Chunk {
        let rest = self.buf.split_off(end);
        let bytes = std::mem::replace(&mut self.buf, rest);
        self.scanned -= end;
        self.last_end = 0;
        let chunk = Chunk {
            index: self.next_index,
            first_line: self.next_line,
            after_cr: self.after_cr,
            bytes,
            oversized,
        };
        self.next_line += self.lines.feed(&chunk.bytes);
        if let Some(l) = chunk.bytes.last() {
            self.after_cr = *l == b'\r';
        }
        self.next_index += 1;
        chunk
    }

    /// Drops the record that starts `buf`, however long, feeding it to csv-core as it streams
    /// past; returns its length. Its lines are counted.
    fn skip_record(&mut self) -> Result<u64> {
        let mut skipped = 0u64;
        loop {
            // Everything scanned so far belongs to the long record.
            let drop_to = if self.last_end > 0 {
                self.last_end
            } else {
                self.scanned
            };
            let dropped: Vec<u8> = self.buf.drain(..drop_to).collect();
            self.next_line += self.lines.feed(&dropped);
            if let Some(l) = dropped.last() {
                self.after_cr = *l == b'\r';
            }
            skipped += dropped.len() as u64;
            self.scanned -= drop_to;
            if self.last_end > 0 {
                self.last_end = 0;
                return Ok(skipped);
            }
            if self.done {
                return Ok(skipped);
            }
            self.fill(self.chunk_bytes)?;
            // Only up to the end of the long record: what follows is handed out as usual.
            self.scan_records(true);
            if self.buf.is_empty() && self.eof {
                return Ok(skipped);
            }
        }
    }
}

/// One record of a chunk, as a worker meets it.
pub enum Record<'r, 'a> {
    /// The fields, decoded.
    Fields(&'r [std::borrow::Cow<'a, str>]),
    /// A field is not valid in the file's encoding.
    BadEncoding,
    /// Longer than [`MAX_ROW_BYTES`] (bytes).
    TooLong(usize),
}

/// Reads the records of a chunk: for each, its line number and its fields decoded from `enc`.
/// The same dialect as the chunker. A chunk without a quote (most are) is decoded once and split
/// at line ends and commas; any other goes through the csv crate record by record.
pub fn records(
    chunk: &[u8],
    enc: Encoding,
    first_line: u64,
    after_cr: bool,
    mut each: impl FnMut(u64, Record),
) -> Result<()> {
    use std::borrow::Cow;
    if memchr::memchr(b'"', chunk).is_none() {
        let text: Option<Cow<str>> = match enc {
            Encoding::Utf8 => simdutf8::basic::from_utf8(chunk).ok().map(Cow::Borrowed),
            Encoding::Gb18030 => {
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(chunk)
            }
        };
        if let Some(text) = text {
            let b = text.as_bytes();
            let mut fields: Vec<Cow<str>> = Vec::with_capacity(16);
            let mut line = first_line;
            let mut prev_cr = after_cr;
            let mut start = 0usize;
            // CR and LF are ASCII: their positions are character boundaries of the text.
            for i in memchr::memchr2_iter(b'\r', b'\n', b).chain(std::iter::once(b.len())) {
                let row = &text[start..i];
                if row.len() > MAX_ROW_BYTES {
                    each(line, Record::TooLong(row.len()));
                } else if !row.is_empty() {
                    fields.clear();
                    // ',' is ASCII, so each position memchr finds is a character boundary.
                    let mut from = 0usize;
                    for j in memchr::memchr_iter(b',', row.as_bytes()) {
                        fields.push(Cow::Borrowed(&row[from..j]));
                        from = j + 1;
                    }
                    fields.push(Cow::Borrowed(&row[from..]));
                    let first = fields.first_mut();
                    if let Some(f) = first {
                        if let Some(rest) = f.strip_prefix('\u{feff}') {
                            *f = Cow::Owned(rest.to_string());
                        }
                    }
                    each(line, Record::Fields(&fields));
                }
                if i < b.len() {
                    let after = if i == 0 { prev_cr } else { b[i - 1] == b'\r' };
                    // A LF right after a CR is the second half of one CRLF.
                    if b[i] == b'\r' || !after {
                        line += 1;
                    }
                    prev_cr = b[i] == b'\r';
                }
                start = i + 1;
            }
            return Ok(());
        }
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_reader(chunk);
    let mut rec = csv::ByteRecord::new();
    let mut lines = LineCounter::after(after_cr);
    let mut line = first_line;
    let mut at = 0usize;
    loop {
        let more = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| Error::BadInput {
                what: format!("line {line}"),
                reason: e.to_string(),
            })?;
        if !more {
            return Ok(());
        }
        let mut start = rec.position().map(|p| p.byte() as usize).unwrap_or(at);
        // csv's position is before the blank lines it skipped; a record never starts with a line
        // end, so leading CR and LF are those blank lines.
        while start < chunk.len() && matches!(chunk[start], b'\r' | b'\n') {
            start += 1;
        }
        let start = start.min(chunk.len());
        line += lines.feed(&chunk[at.min(start)..start]);
        at = start;
        let len = rec.as_slice().len() + rec.len();
        if len > MAX_ROW_BYTES {
            each(line, Record::TooLong(len));
            continue;
        }
        let mut fields = Vec::with_capacity(rec.len());
        if decode_fields(enc, &rec, &mut fields) {
            each(line, Record::Fields(&fields));
        } else {
            each(line, Record::BadEncoding);
        }
    }
}

/// Decodes a record's fields to text in the file's encoding; false when a field is not valid in
/// it. CSV structure is ASCII in both encodings (no GB18030 trail byte is a quote, a comma, CR
/// or LF), so records can be cut before decoding.
pub fn decode_fields<'a>(
    enc: Encoding,
    rec: &'a csv::ByteRecord,
    out: &mut Vec<std::borrow::Cow<'a, str>>,
) -> bool {
    out.clear();
    for f in rec.iter() {
        let text = match enc {
            Encoding::Utf8 => match simdutf8::basic::from_utf8(f) {
                Ok(t) => std::borrow::Cow::Borrowed(t),
                Err(_) => return false,
            },
            Encoding::Gb18030 => {
                match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(f) {
                    Some(t) => t,
                    None => return false,
                }
            }
        };
        out.push(text);
    }
    if let Some(first) = out.first_mut() {
        if let Some(rest) = first.strip_prefix('\u{feff}') {
            *first = std::borrow::Cow::Owned(rest.to_string());
        }
    }
    true
}

/// Takes the header record off the first chunk: (the header's fields, the chunk of rows after it).
pub fn split_header(chunk: Chunk) -> Result<(csv::ByteRecord, Chunk)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_reader(&chunk.bytes[..]);
    let mut header = csv::ByteRecord::new();
    let found = rdr
        .read_byte_record(&mut header)
        .map_err(|e| Error::BadInput {
            what: "line 1".into(),
            reason: e.to_string(),
        })?;
    if !found {
        return Err(Error::BadInput {
            what: "line 1".into(),
            reason: "the file is empty: no header row".into(),
        });
    }
    let end = (rdr.position().byte() as usize).min(chunk.bytes.len());
    let mut lines = LineCounter::after(chunk.after_cr);
    let first_line = chunk.first_line + lines.feed(&chunk.bytes[..end]);
    let after_cr = end > 0 && chunk.bytes[end - 1] == b'\r';
    let bytes = chunk.bytes[end..].to_vec();
    Ok((
        header,
        Chunk {
            index: chunk.index,
            first_line,
            after_cr,
            bytes,
            oversized: chunk.oversized,
        },
    ))
}

/// The most columns of a decided-case sheet that are read; cells further right are ignored (the
/// layout needs a dozen). A hostile sheet's far cell (XFD1048576) costs nothing.
pub const MAX_XLSX_COLS: u32 = 256;
/// Excel's own row limit; a sheet that declares more is not a spreadsheet Excel wrote.
pub const MAX_XLSX_ROWS: u32 = 1_048_576;

/// The sheet an XLSX review reads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SheetInfo {
    pub sheet: String,
    pub sheets: Vec<String>,
}

/// Streams the rows of one sheet of an XLSX workbook (the one named, else the first) to `each`
/// as (row number, cells, how many non-empty cells lay beyond [`MAX_XLSX_COLS`]), skipping blank
/// rows. Cells are read one by one from the sheet's XML,
/// never as a dense range, so memory follows the cells present, not the sheet's extent.
pub fn xlsx_rows(
    path: &std::path::Path,
    sheet: Option<&str>,
    mut each: impl FnMut(u64, &[String], usize),
) -> Result<SheetInfo> {
    use calamine::{open_workbook, DataRef, DataType, Reader, Xlsx};
    let what = path.display().to_string();
    let bad = |reason: String| Error::BadInput {
        what: what.clone(),
        reason,
    };
    let mut wb: Xlsx<_> = open_workbook(path)
        .map_err(|e: calamine::XlsxError| bad(format!("not a readable XLSX workbook: {e}")))?;
    let sheets = wb.sheet_names();
    let name = match sheet {
        Some(s) => sheets
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                bad(format!(
                    "no sheet “{s}”; the sheets are: {}",
                    sheets.join("、")
                ))
            })?,
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| bad("the workbook has no sheet".into()))?,
    };
    let mut cells = wb
        .worksheet_cells_reader(&name)
        .map_err(|e| bad(format!("sheet “{name}”: {e}")))?;
    let dims = cells.dimensions();
    if dims.end.0 >= MAX_XLSX_ROWS {
        return Err(bad(format!(
            "sheet “{name}” declares {} rows, more than a spreadsheet holds",
            u64::from(dims.end.0) + 1
        )));
    }
    let text = |v: &DataRef| -> String {
        match v {
            DataRef::Empty => String::new(),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                if matches!(v, DataRef::String(_)) {
                    s.clone()
                } else {
                    s.chars().take(10).collect()
                }
            }
            DataRef::SharedString(s) => s.to_string(),
            DataRef::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    format!("{}", *f as i64)
                } else {
                    f.to_string()
                }
            }
            DataRef::Int(i) => i.to_string(),
            DataRef::Bool(b) => b.to_string(),
            // Excel serial days count from 1899-12-30.
            DataRef::DateTime(d) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|base| {
                    base.checked_add_signed(chrono::Duration::days(d.as_f64().floor() as i64))
                })
                .map(|x| x.to_string())
                .unwrap_or_else(|| d.to_string()),
            DataRef::Error(e) => format!("#{e:?}"),
        }
    };
    let mut row: Vec<String> = Vec::new();
    let mut row_no: Option<u32> = None;
    let mut beyond = 0usize;
    let mut flush = |no: Option<u32>, row: &mut Vec<String>, beyond: &mut usize| {
        if let Some(n) = no {
            if *beyond > 0 || row.iter().any(|c| !c.trim().is_empty()) {
                each(u64::from(n) + 1, row, *beyond);
            }
        }
        row.clear();
        *beyond = 0;
    };
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| bad(format!("sheet “{name}”: {e}")))?
    {
        let (r, c) = cell.get_position();
        if r >= MAX_XLSX_ROWS {
            return Err(bad(format!(
                "sheet “{name}”: a cell beyond Excel's last row"
            )));
        }
        if row_no != Some(r) {
            flush(row_no, &mut row, &mut beyond);
            row_no = Some(r);
        }
        if c >= MAX_XLSX_COLS {
            if !cell.get_value().is_empty() {
                beyond += 1;
            }
            continue;
        }
        let c = c as usize;
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text(cell.get_value());
    }
    flush(row_no, &mut row, &mut beyond);
    Ok(SheetInfo {
        sheet: name,
        sheets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_detection() {
        assert_eq!(detect("案件编号,执法单位".as_bytes()), Encoding::Utf8);
        let (gbk, _, _) = encoding_rs::GBK.encode("案件编号,执法单位");
        assert_eq!(detect(&gbk), Encoding::Gb18030);
        let mut got = Vec::new();
        records(&gbk, Encoding::Gb18030, 1, false, |_, r| {
            if let Record::Fields(f) = r {
                got.extend(f.iter().map(|x| x.to_string()));
            }
        })
        .unwrap();
        assert_eq!(got, ["案件编号", "执法单位"]);
        // A sample that ends inside a character is still UTF-8.
        let s = "执法".as_bytes();
        assert_eq!(detect(&s[..4]), Encoding::Utf8);
    }

    #[test]
    fn chunks_cut_at_rows_outside_quotes_and_count_lines() {
        let mut text = String::from("h1,h2\n");
        for i in 0..200_000 {
            text.push_str(&format!("{i},\"multi\nline\"\n"));
        }
        let mut c = Chunker::new(text.as_bytes(), 1);
        let mut total = 0usize;
        let mut lines = 1u64;
        while let Some(ch) = c.next_chunk().unwrap() {
            assert_eq!(ch.first_line, lines);
            let s = std::str::from_utf8(&ch.bytes).unwrap();
            assert!(s.ends_with('\n'));
            lines += s.matches('\n').count() as u64;
            total += ch.bytes.len();
        }
        assert_eq!(total, text.len());
    }

    /// Every record the chunker and the record reader give: (line, fields), and skipped ones.
    fn read_all(text: &[u8], chunk: usize, max_row: usize) -> (Vec<(u64, Vec<String>)>, Vec<u64>) {
        let mut c = Chunker::with_limits(text, 1, chunk, max_row);
        let mut got = Vec::new();
        let mut skipped = Vec::new();
        while let Some(ch) = c.next_chunk().unwrap() {
            skipped.extend(ch.oversized.iter().map(|x| x.0));
            records(
                &ch.bytes,
                Encoding::Utf8,
                ch.first_line,
                ch.after_cr,
                |line, r| {
                    if let Record::Fields(f) = r {
                        got.push((line, f.iter().map(|x| x.to_string()).collect()))
                    }
                },
            )
            .unwrap();
        }
        (got, skipped)
    }

    #[test]
    fn records_as_spreadsheets_read_them() {
        for chunk in [3, 7, 64, 1 << 20] {
            // A stray quote inside a field is text; it opens nothing.
            let (r, _) = read_all("a,b\n市\"人力,x\nc,d\n".as_bytes(), chunk, 1 << 20);
            assert_eq!(r.len(), 3, "chunk {chunk}: {r:?}");
            assert_eq!(r[1].1, ["市\"人力", "x"]);
            assert_eq!(r[2], (3, vec!["c".to_string(), "d".to_string()]));
            // CR alone ends a line, and so do LF and CRLF, mixed.
            let (r, _) = read_all(b"h\r1\r2\n3\r\n4\r\r6", chunk, 1 << 20);
            let lines: Vec<u64> = r.iter().map(|x| x.0).collect();
            assert_eq!(lines, [1, 2, 3, 4, 5, 7], "chunk {chunk}: {r:?}");
            // A quoted field keeps its line end; the next record's line counts it.
            let (r, _) = read_all(b"a,\"x\r\ny\"\nb\n", chunk, 1 << 20);
            assert_eq!(r[0].1[1], "x\r\ny");
            assert_eq!(r[1].0, 3);
            // The last record needs no line end.
            let (r, _) = read_all(b"a\nb", chunk, 1 << 20);
            assert_eq!(r.len(), 2);
        }
    }

    #[test]
    fn an_over_long_last_record_is_reported_not_dropped() {
        let mut text = b"a,b\n1,2\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 100));
        let (r, skipped) = read_all(&text, 16, 32);
        assert_eq!(r.len(), 2);
        assert_eq!(skipped, [3]);
        // In the middle too, and the records after it keep their lines.
        text.extend_from_slice(b"\n3,4\n");
        let (r, skipped) = read_all(&text, 16, 32);
        assert_eq!(skipped, [3]);
        assert_eq!(
            r.last().unwrap(),
            &(4, vec!["3".to_string(), "4".to_string()])
        );
    }

    #[test]
    fn random_records_round_trip_through_chunks() {
        // Seeded: records written by the csv crate's writer with random content (quotes,
        // commas, CR, LF, CJK) and random line ends come back one for one, in order.
        let mut rng = crate::cases::Rng::new(20261206);
        let alphabet = ["a", "1", ",", "\"", "\r", "\n", "市", " ", "\"\"", "x,y"];
        for round in 0..300 {
            let term = match round % 3 {
                0 => csv::Terminator::Any(b'\n'),
                1 => csv::Terminator::CRLF,
                _ => csv::Terminator::Any(b'\r'),
            };
            let mut w = csv::WriterBuilder::new()
                .terminator(term)
                .flexible(true)
                .from_writer(Vec::new());
            let n = 1 + rng.below(40);
            let mut want = Vec::new();
            for _ in 0..n {
                let fields: Vec<String> = (0..1 + rng.below(5))
                    .map(|_| {
                        (0..rng.below(6))
                            .map(|_| alphabet[rng.below(alphabet.len())])
                            .collect()
                    })
                    .collect();
                // A record of one empty field is a blank line, which is no record.
                if fields.len() == 1 && fields[0].is_empty() {
                    continue;
                }
                w.write_record(&fields).unwrap();
                want.push(fields);
            }
            let text = w.into_inner().unwrap();
            let chunk = 1 + rng.below(50);
            let (got, skipped) = read_all(&text, chunk, 1 << 20);
            assert!(skipped.is_empty());
            let got: Vec<Vec<String>> = got.into_iter().map(|x| x.1).collect();
            assert_eq!(
                got,
                want,
                "round {round}, chunk {chunk}: {:?}",
                String::from_utf8_lossy(&text)
            );
        }
    }

    #[test]
    fn an_oversized_row_is_skipped_not_held() {
        let mut text = String::from("a,b\n1,2\n");
        text.push_str(&"x".repeat(MAX_ROW_BYTES + CHUNK_BYTES + 10));
        text.push_str("\n3,4\n");
        let mut c = Chunker::new(text.as_bytes(), 1);
        let mut got = String::new();
        let mut over = Vec::new();
        while let Some(ch) = c.next_chunk().unwrap() {
            over.extend(ch.oversized.clone());
            got.push_str(std::str::from_utf8(&ch.bytes).unwrap());
        }
        assert_eq!(over.len(), 1);
        assert_eq!(over[0].0, 3, "the long row is line 3");
        assert!(got.contains("3,4"));
        assert!(!got.contains("xxx"));
    }
}
