//! The findings for a reviewer to read: the same rows as the findings CSV, under Chinese headers,
//! with findings, tiers, columns and drivers in words, and the English codes kept in the last
//! columns for scripts. The machine file stays as it is (its header is what scripts read); this
//! edition is what the desktop saves for a reviewer.

use super::row::{finding_zh, FINDINGS_HEADER};
use crate::decision::Step;
use crate::error::{Error, Result};
use crate::model::{Fact, Ground, Tier};
use std::io::{Read, Write};

/// The Chinese header; the last three columns keep the codes of 审查结论, 基准结论 and 裁量依据.
pub const HEADER_ZH: [&str; 25] = [
    "行号",
    "案件编号",
    "执法单位",
    "事项（原文）",
    "对应事项",
    "匹配分",
    "审查结论",
    "问题所在列",
    "基准结论",
    "基准罚款下限（元）",
    "基准罚款上限（元）",
    "法定罚款下限（元）",
    "法定罚款上限（元）",
    "实际处罚",
    "实际罚款（元）",
    "裁量依据",
    "说明",
    "情节",
    "涉案金额",
    "违法所得",
    "违法日期",
    "决定日期",
    "finding",
    "expected_tier",
    "driver",
];

/// A column code of the input (`case_no`) as the reviewer's file names it (案件编号).
fn column_zh(code: &str) -> String {
    super::COLUMNS
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, names)| names.get(1))
        .map_or_else(|| code.to_string(), |n| n.to_string())
}

/// One code of a driver in words: a step, a ground, a fact or a tier; unknown ones as they are.
fn code_zh(code: &str) -> String {
    if let Some(s) = Step::parse(code) {
        return s.zh().to_string();
    }
    if let Some(g) = Ground::parse(code) {
        return g.zh().to_string();
    }
    if let Some(f) = Fact::parse(code) {
        return f.zh().to_string();
    }
    if let Some(t) = Tier::parse(code) {
        return t.zh().to_string();
    }
    match code {
        "gain_unstated" => "违法所得未载明".into(),
        "fine_requires_gain" => "有违法所得的方处罚款".into(),
        "harm_unstated_assumed_not_barred" => "危害后果未载明，按未过追责期限复核".into(),
        _ => code.to_string(),
    }
}

/// `art33_minor:corrected_in_time+no_harm; heavy` in words.
pub fn driver_zh(driver: &str) -> String {
    driver
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| match part.split_once(':') {
            Some((what, facts)) => format!(
                "{}（{}）",
                code_zh(what),
                facts.split('+').map(code_zh).collect::<Vec<_>>().join("、")
            ),
            None => code_zh(part),
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// Rewrites a findings CSV (as `audit` writes it) into the reviewer's edition. Returns the
/// number of rows; a file that is not a findings CSV is refused, not half-translated.
pub fn findings_zh(input: &mut dyn Read, out: &mut dyn Write) -> Result<u64> {
    let bad = |reason: String| Error::BadInput {
        what: "findings".into(),
        reason,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| bad(e.to_string()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    if header.join(",") != FINDINGS_HEADER.trim_end() {
        return Err(bad("not a findings file written by the review".into()));
    }
    out.write_all("\u{feff}".as_bytes())
        .map_err(|e| Error::io("findings", e))?;
    let mut w = csv::Writer::from_writer(out);
    let csv_err = |e: csv::Error| bad(e.to_string());
    w.write_record(HEADER_ZH).map_err(csv_err)?;
    let mut n = 0u64;
    for rec in rdr.records() {
        let rec = rec.map_err(csv_err)?;
        let g = |k: usize| rec.get(k).unwrap_or_default();
        let (finding, column, tier, driver) = (g(6), g(7), g(8), g(15));
        // The findings' columns in order, four of them in words; then the codes, for filtering.
        let mut row: Vec<String> = (0..=21)
            .map(|k| match k {
                6 => finding_zh(finding).unwrap_or(finding).into(),
                7 if column.is_empty() => String::new(),
                7 => column_zh(column),
                8 => Tier::parse(tier).map_or(tier, |t| t.zh()).into(),
                15 => driver_zh(driver),
                _ => g(k).into(),
            })
            .collect();
        row.extend([finding, tier, driver].map(String::from));
        w.write_record(&row).map_err(csv_err)?;
        n += 1;
    }
    w.flush().map_err(|e| Error::io("findings", e))?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drivers_read_as_words() {
        assert_eq!(
            driver_zh("fine_requires_gain:gain_unstated"),
            "有违法所得的方处罚款（违法所得未载明）"
        );
        let d = driver_zh("art33_minor:corrected_in_time+no_harm");
        assert!(
            d.contains(Fact::CorrectedInTime.zh()) && d.contains(Fact::NoHarm.zh()),
            "{d}"
        );
        assert!(!d.contains("art33") && !d.contains("no_harm"), "{d}");
        assert_eq!(driver_zh("heavy"), Tier::Heavy.zh());
        assert_eq!(driver_zh(""), "");
    }

    #[test]
    fn a_findings_file_is_translated_row_for_row_and_keeps_its_codes() {
        let src = format!(
            "\u{feff}{FINDINGS_HEADER}2,A1,甲局,SCJG-001,SCJG-001,,above_band,,standard,1500,3500,0,5000,罚款,4000,standard,\"高于幅度, 500 元\",初次违法,,,2026-03-01,2026-03-20\n\
             3,A2,甲局,,,,bad_row,occurred,,,,,,,,,日期格式错误,,,,3月1日,\n"
        );
        let mut out = Vec::new();
        assert_eq!(findings_zh(&mut src.as_bytes(), &mut out).unwrap(), 2);
        let text = String::from_utf8(out).unwrap();
        let rows: Vec<Vec<String>> =
            csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect();
        assert_eq!(rows[0][6], "高于裁量幅度");
        assert_eq!(rows[0][8], Tier::Standard.zh());
        assert_eq!(rows[0][16], "高于幅度, 500 元");
        assert_eq!(rows[0][17], "初次违法");
        assert_eq!(rows[0][22..], ["above_band", "standard", "standard"]);
        assert_eq!(
            (rows[1][6].as_str(), rows[1][7].as_str()),
            ("格式错误", "违法日期")
        );
        // Anything else is refused whole.
        assert!(findings_zh(&mut "a,b\n1,2\n".as_bytes(), &mut Vec::new()).is_err());
    }
}
