//! Reading the forms officers write: article references, dates and amounts in yuan.

use super::*;

/// `第一百二十六条第一款第（六）项` -> `第一百二十六条`.
pub fn article_part(s: &str) -> &str {
    match s.find('条') {
        Some(i) => &s[..i + '条'.len_utf8()],
        None => s,
    }
}

/// Parses a date as officers write it: 2022-05-01, 2022/5/1, 2022.5.1 or 2022年5月1日.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    // The common case without allocation: 2022-05-01.
    let b = s.trim().as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let d = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |a, c| {
                c.is_ascii_digit().then(|| a * 10 + (c - b'0') as u32)
            })
        };
        return NaiveDate::from_ymd_opt(d(0..4)? as i32, d(5..7)?, d(8..10)?);
    }
    let t = s.trim().trim_end_matches('日');
    let t: String = t
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' => '-',
            c => c,
        })
        .collect();
    let mut parts = t.split('-').map(|p| p.trim().parse::<u32>());
    let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        // 20220501
        if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
            return NaiveDate::parse_from_str(&t, "%Y%m%d").ok();
        }
        return None;
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// `1,234.5`, `1234元`, `１２３４`, `2万` -> yuan. Negative or non-finite amounts are refused.
pub fn parse_yuan(s: &str) -> Option<f64> {
    // The common case without allocation: plain ASCII digits.
    let plain = s.trim();
    if !plain.is_empty() && plain.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return plain.parse::<f64>().ok().filter(|v| v.is_finite());
    }
    let t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF0E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '元' | '¥' | '￥'))
        .collect();
    let (num, mul) = match t.strip_suffix('万') {
        Some(n) => (n, 10_000.0),
        None => (t.as_str(), 1.0),
    };
    let v: f64 = num.parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v * mul)
}
