//! Reading decided cases: encoding detection (UTF-8 or GBK/GB18030, which Chinese offices export),
//! splitting a CSV stream into chunks at row boundaries (quotes respected) so that workers can parse
//! in parallel, CSV field splitting, and XLSX sheets.
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

/// Decodes a chunk to UTF-8. Splitting GB18030 text at `\n` is safe: 0x0A is never a trail byte.
pub fn decode(enc: Encoding, bytes: Vec<u8>) -> std::result::Result<String, Vec<u8>> {
    match enc {
        Encoding::Utf8 => String::from_utf8(bytes).map_err(|e| e.into_bytes()),
        Encoding::Gb18030 => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(&bytes);
            if had_errors {
                Err(bytes)
            } else {
                Ok(text.into_owned())
            }
        }
    }
}

/// A piece of the input: complete rows, and where they start.
#[derive(Debug)]
pub struct Chunk {
    pub index: usize,
    /// The 1-based line number of the first row in `bytes`.
    pub first_line: u64,
    pub bytes: Vec<u8>,
    /// Rows that were too long, skipped before this chunk: (line number, length in bytes).
    pub oversized: Vec<(u64, u64)>,
}

/// Splits a byte stream into chunks of whole rows. Quote state is tracked across the whole
/// stream, so a quoted field with a newline inside stays in one row.
pub struct Chunker<R: Read> {
    src: R,
    buf: Vec<u8>,
    eof: bool,
    next_index: usize,
    next_line: u64,
    pub bytes_read: u64,
}

impl<R: Read> Chunker<R> {
    pub fn new(src: R, first_line: u64) -> Chunker<R> {
        Chunker {
            src,
            buf: Vec::with_capacity(CHUNK_BYTES + MAX_ROW_BYTES),
            eof: false,
            next_index: 0,
            next_line: first_line,
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

    /// The end (exclusive) of the last complete row in `buf[..limit]`, counting lines.
    fn cut(&self, limit: usize) -> Option<(usize, u64)> {
        let b = &self.buf[..limit];
        let mut in_quotes = false;
        let mut last = None;
        let mut lines = 0u64;
        let mut lines_at_last = 0u64;
        for i in memchr::memchr2_iter(b'"', b'\n', b) {
            if b[i] == b'"' {
                in_quotes = !in_quotes;
            } else {
                lines += 1;
                if !in_quotes {
                    last = Some(i + 1);
                    lines_at_last = lines;
                }
            }
        }
        last.map(|e| (e, lines_at_last))
    }

    /// The next chunk, or None at the end of the input.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk>> {
        let mut oversized = Vec::new();
        loop {
            self.fill(CHUNK_BYTES)?;
            if self.buf.is_empty() {
                return Ok(None);
            }
            let limit = self.buf.len();
            let (end, lines) = match self.cut(limit) {
                Some(x) => x,
                None if self.eof => {
                    // The last row has no newline.
                    let lines = memchr::memchr_iter(b'\n', &self.buf).count() as u64 + 1;
                    (limit, lines)
                }
                None => {
                    // No row ends within a whole chunk: read further, up to the row limit.
                    self.fill(MAX_ROW_BYTES + CHUNK_BYTES)?;
                    if let Some(x) = self.cut(self.buf.len()) {
                        x
                    } else if self.eof {
                        let lines = memchr::memchr_iter(b'\n', &self.buf).count() as u64 + 1;
                        (self.buf.len(), lines)
                    } else {
                        // A row longer than the limit: skip it to its end without keeping it.
                        let skipped = self.skip_row()?;
                        oversized.push((self.next_line, skipped));
                        self.next_line += 1;
                        continue;
                    }
                }
            };
            let rest = self.buf.split_off(end);
            let bytes = std::mem::replace(&mut self.buf, rest);
            let chunk = Chunk {
                index: self.next_index,
                first_line: self.next_line,
                bytes,
                oversized,
            };
            self.next_index += 1;
            self.next_line += lines;
            return Ok(Some(chunk));
        }
    }

    /// Drops bytes up to and including the next newline outside quotes; returns how many.
    fn skip_row(&mut self) -> Result<u64> {
        let mut skipped = 0u64;
        let mut in_quotes = false;
        loop {
            if self.buf.is_empty() {
                self.fill(CHUNK_BYTES)?;
                if self.buf.is_empty() {
                    return Ok(skipped);
                }
            }
            let mut end = None;
            for i in memchr::memchr2_iter(b'"', b'\n', &self.buf) {
                if self.buf[i] == b'"' {
                    in_quotes = !in_quotes;
                } else if !in_quotes {
                    end = Some(i + 1);
                    break;
                }
            }
            match end {
                Some(e) => {
                    skipped += e as u64;
                    self.buf.drain(..e);
                    return Ok(skipped);
                }
                None => {
                    skipped += self.buf.len() as u64;
                    self.buf.clear();
                }
            }
        }
    }
}

/// Splits one CSV row into fields (RFC 4180 quotes, `""` for a quote). Reuses `out`.
pub fn split_fields<'a>(line: &'a str, out: &mut Vec<std::borrow::Cow<'a, str>>) {
    out.clear();
    let line = line.strip_suffix('\r').unwrap_or(line);
    let b = line.as_bytes();
    let mut i = 0;
    loop {
        if i < b.len() && b[i] == b'"' {
            // Quoted field.
            let mut s = String::new();
            let mut j = i + 1;
            let mut start = j;
            loop {
                match memchr::memchr(b'"', &b[j..]) {
                    None => {
                        s.push_str(&line[start..]);
                        j = b.len();
                        break;
                    }
                    Some(k) => {
                        let q = j + k;
                        s.push_str(&line[start..q]);
                        if q + 1 < b.len() && b[q + 1] == b'"' {
                            s.push('"');
                            j = q + 2;
                            start = j;
                        } else {
                            j = q + 1;
                            break;
                        }
                    }
                }
            }
            out.push(std::borrow::Cow::Owned(s));
            // Skip to the separator.
            match memchr::memchr(b',', &b[j.min(b.len())..]) {
                Some(k) => i = j + k + 1,
                None => return,
            }
        } else {
            match memchr::memchr(b',', &b[i..]) {
                Some(k) => {
                    out.push(std::borrow::Cow::Borrowed(&line[i..i + k]));
                    i += k + 1;
                }
                None => {
                    out.push(std::borrow::Cow::Borrowed(&line[i..]));
                    return;
                }
            }
        }
    }
}

/// Rows of the first sheet of an XLSX workbook, as strings. XLSX sheets are at most about a
/// million rows, and the format must be unzipped whole anyway.
pub fn xlsx_rows(path: &std::path::Path) -> Result<Vec<Vec<String>>> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> =
        open_workbook(path).map_err(|e: calamine::XlsxError| Error::BadInput {
            what: path.display().to_string(),
            reason: format!("not a readable XLSX workbook: {e}"),
        })?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| Error::BadInput {
            what: path.display().to_string(),
            reason: "the workbook has no sheet".into(),
        })?;
    let range = wb.worksheet_range(&name).map_err(|e| Error::BadInput {
        what: format!("{}:{name}", path.display()),
        reason: e.to_string(),
    })?;
    Ok(range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => {
                        if f.fract() == 0.0 && f.abs() < 1e15 {
                            format!("{}", *f as i64)
                        } else {
                            f.to_string()
                        }
                    }
                    Data::Int(i) => i.to_string(),
                    Data::Bool(b) => b.to_string(),
                    // Excel serial days count from 1899-12-30.
                    Data::DateTime(d) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                        .and_then(|base| {
                            base.checked_add_signed(chrono::Duration::days(
                                d.as_f64().floor() as i64
                            ))
                        })
                        .map(|x| x.to_string())
                        .unwrap_or_else(|| d.to_string()),
                    Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
                    Data::Error(e) => format!("#{e:?}"),
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        split_fields(s, &mut v);
        v.into_iter().map(|c| c.into_owned()).collect()
    }

    #[test]
    fn csv_fields_with_quotes() {
        assert_eq!(fields("a,b,,c"), ["a", "b", "", "c"]);
        assert_eq!(
            fields("\"a,b\",\"say \"\"hi\"\"\",x\r"),
            ["a,b", "say \"hi\"", "x"]
        );
        assert_eq!(fields(""), [""]);
        assert_eq!(fields("x,"), ["x", ""]);
    }

    #[test]
    fn encoding_detection() {
        assert_eq!(detect("案件编号,执法单位".as_bytes()), Encoding::Utf8);
        let (gbk, _, _) = encoding_rs::GBK.encode("案件编号,执法单位");
        assert_eq!(detect(&gbk), Encoding::Gb18030);
        assert_eq!(
            decode(Encoding::Gb18030, gbk.into_owned()).unwrap(),
            "案件编号,执法单位"
        );
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
