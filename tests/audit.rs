//! The consistency review: it finds exactly the deviations `cases gen` planted, gives every input
//! row exactly one finding, and turns bad input into bad-row findings or clear errors.

use cailiang::audit::{self, Options, Summary};
use cailiang::library::{self, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "support/xlsx.rs"]
mod xlsx;
use xlsx::{sheet_xml, write_workbook, XLSX_HEADER};

fn store() -> &'static Store {
    static S: OnceLock<Store> = OnceLock::new();
    S.get_or_init(|| {
        library::open_rules_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    })
}

struct Tmp(PathBuf);
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
fn tmp() -> Tmp {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let p = std::env::temp_dir().join(format!(
        "cailiang-audit-{}-{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&p).unwrap();
    Tmp(p)
}

fn run(path: &Path, findings: &Path) -> cailiang::Result<Summary> {
    let opts = Options {
        findings: Some(findings.to_path_buf()),
        ..Default::default()
    };
    audit::run(store(), path, &opts, &mut |_| true)
}

/// The findings file as (line, finding, column, detail) rows.
fn findings(p: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(p).unwrap();
    assert!(
        text.starts_with('\u{feff}'),
        "findings carry a BOM for Excel and WPS"
    );
    let body = text.trim_start_matches('\u{feff}');
    assert!(body.starts_with("line,case_no,unit,item"));
    // Read as a spreadsheet would: a cell may hold a comma, a quote or a line end.
    csv::Reader::from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

const HEADER: &str =
    "case_no,unit,item,facts,amount_yuan,gain_yuan,occurred,decided,penalty,fine_yuan\n";

#[test]
fn finds_exactly_the_planted_deviations() {
    let t = tmp();
    let input = t.0.join("cases.csv");
    let mut f = std::fs::File::create(&input).unwrap();
    cailiang::cases::generate(&store().lib, 30_000, 11, Default::default(), &mut f).unwrap();
    drop(f);
    // The acts spread over 2020–2027, across the library's law changes, so the review's cached
    // expectations are checked against the engine (which planted them) on every side of each.
    let years: std::collections::BTreeSet<String> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(6).map(|d| d[..4].to_string()))
        .collect();
    assert_eq!(years.len(), 8, "{years:?}");
    let out = t.0.join("findings.csv");
    let s = run(&input, &out).unwrap();
    assert_eq!(s.cases, 30_000);
    assert_eq!(s.bad_rows, 0);
    let planted: Vec<String> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap().to_string())
        .collect();
    let got = findings(&out);
    assert_eq!(got.len(), planted.len());
    let mut deviations = 0;
    for (i, (p, g)) in planted.iter().zip(&got).enumerate() {
        assert_eq!(g[0], (i + 2).to_string(), "rows stay in input order");
        assert_eq!(&g[6], p, "row {}: planted {p}, found {}", i + 2, g[6]);
        if p != "consistent" {
            deviations += 1;
        }
    }
    assert!(
        deviations > 1_000,
        "the generator planted {deviations} deviations"
    );
    assert_eq!(s.deviations, deviations);
    // The same file reviewed with one thread gives the same findings.
    let out1 = t.0.join("findings1.csv");
    let s1 = audit::run(
        store(),
        &input,
        &Options {
            findings: Some(out1.clone()),
            threads: 1,
            ..Default::default()
        },
        &mut |_| true,
    )
    .unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out1).unwrap());
    assert_eq!(s1.findings, s.findings);
}

#[test]
fn statistics_by_unit_item_tier_and_dispersion() {
    let t = tmp();
    let input = t.0.join("cases.csv");
    let mut f = std::fs::File::create(&input).unwrap();
    cailiang::cases::generate(&store().lib, 20_000, 5, Default::default(), &mut f).unwrap();
    drop(f);
    let report = t.0.join("report.html");
    let opts = Options {
        report: Some(report.clone()),
        min_group: 10,
        ..Default::default()
    };
    let s = audit::run(store(), &input, &opts, &mut |_| true).unwrap();
    assert_eq!(s.by_unit.iter().map(|u| u.cases).sum::<u64>(), 20_000);
    assert_eq!(s.by_item.iter().map(|u| u.cases).sum::<u64>(), 20_000);
    assert_eq!(s.by_tier.values().sum::<u64>(), 20_000);
    assert!(s.by_unit.len() > 10);
    assert!(!s.dispersion.is_empty());
    for g in &s.dispersion {
        assert!(g.cases >= 10, "groups under min_group are not shown");
        assert!((0.0..=1.0).contains(&g.inconsistency));
        assert_eq!(g.outcomes.values().sum::<u64>(), g.cases);
    }
    assert!(s.by_unit.iter().all(|u| u
        .inconsistency_index
        .is_some_and(|x| (0.0..=1.0).contains(&x))));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<svg") && html.contains("同案不同罚指数"));
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "the report is self-contained"
    );
}

#[test]
fn chinese_headers_gbk_and_loose_formats() {
    let t = tmp();
    let text = "案件编号,执法单位,事项,情节,涉案金额,违法所得,违法日期,决定日期,处罚种类,罚款金额\r\n\
                A1,市场监管一队,SCJG-001,初次违法;及时改正;没有造成危害后果,,,2026/3/1,2026年3月5日,不予处罚,\r\n\
                A2,市场监管一队,超市商品没贴价签,再次违法,\"1,200元\",,2026-03-01,2026-03-20,罚款,\"4,500\"\r\n\
                A3,市场监管一队,SCJG-001,,,,2026-03-01,2026-03-20,警告,\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let input = t.0.join("gbk.csv");
    std::fs::write(&input, &gbk).unwrap();
    let out = t.0.join("f.csv");
    let s = run(&input, &out).unwrap();
    assert_eq!(s.input.encoding, Some(audit::input::Encoding::Gb18030));
    let rows = findings(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][6], "consistent", "{:?}", rows[0]);
    assert_eq!(rows[1][4], "SCJG-001", "a description is matched by search");
    assert!(!rows[1][5].is_empty(), "and its score recorded");
    assert_eq!(rows[1][6], "consistent", "{:?}", rows[1]);
    assert_eq!(
        rows[2][6], "below_band",
        "a warning where a fine is due: {:?}",
        rows[2]
    );
}

#[test]
fn bad_rows_name_the_column_and_every_row_has_one_finding() {
    let t = tmp();
    let mut text = String::from(HEADER);
    text.push_str("B1,u,SCJG-001,drunk,,,2026-03-01,2026-03-20,罚款,100\n"); // unknown fact
    text.push_str("B2,u,SCJG-001,,12x,,2026-03-01,2026-03-20,罚款,100\n"); // malformed amount
    text.push_str("B3,u,SCJG-001,,,,2026-13-01,2026-03-20,罚款,100\n"); // malformed date
    text.push_str("B4,u,SCJG-001,,,,2026-03-01,2026-03-20,罚款,\n"); // fine without amount
    text.push_str("B5,u,SCJG-001,,,,2026-03-20,2026-03-01,罚款,100\n"); // decided before occurred
    text.push_str("B6,u,SCJG-001,,,,2026-03-01,2026-03-20,罚款,2000\n"); // fine, consistent
    text.push_str("B6,u,SCJG-001,,,,2026-03-01,2026-03-20,罚款,2000\n"); // duplicate case number
    text.push_str("B8,u,今天天气很好适合出游,,,,2026-03-01,2026-03-20,罚款,2000\n"); // unknown item
    text.push_str("B9,u,SCJG-001,,,,2026-03-01,2026-03-20,鞭刑,\n"); // unknown penalty
    text.push_str("B10,u,SCJG-001,,,,2026-03-01,2026-03-20,罚款,9000\n"); // above the legal max
    text.push_str("B11,u,SCJG-001,,,,2026-03-01"); // truncated row
    let input = t.0.join("bad.csv");
    std::fs::write(&input, &text).unwrap();
    let out = t.0.join("f.csv");
    let s = run(&input, &out).unwrap();
    let rows = findings(&out);
    assert_eq!(rows.len(), 11, "one finding per input row");
    let code = |i: usize| (rows[i][6].as_str(), rows[i][7].as_str());
    assert_eq!(code(0), ("bad_row", "facts"));
    assert!(rows[0][16].contains("drunk"));
    assert_eq!(code(1), ("bad_row", "amount_yuan"));
    assert_eq!(code(2), ("bad_row", "occurred"));
    assert_eq!(code(3), ("bad_row", "fine_yuan"));
    assert_eq!(code(4), ("bad_row", "decided"));
    assert_eq!(code(5).0, "consistent");
    assert_eq!(code(6), ("bad_row", "case_no"));
    assert_eq!(code(7).0, "unknown_item");
    assert_eq!(code(8), ("bad_row", "penalty"));
    assert_eq!(code(9).0, "above_legal_max");
    assert_eq!(code(10).0, "bad_row");
    assert_eq!(s.cases, 11);
    assert_eq!(s.bad_rows, 8);
    assert_eq!(rows[10][0], "12", "line numbers name the place");
}

#[test]
fn missing_columns_empty_files_and_xlsx() {
    let t = tmp();
    let out = t.0.join("f.csv");
    let p = t.0.join("nocols.csv");
    std::fs::write(&p, "case_no,item,fine_yuan\nX,SCJG-001,100\n").unwrap();
    let e = run(&p, &out).unwrap_err().to_string();
    assert!(
        e.contains("unit（执法单位）") && e.contains("penalty（处罚种类）"),
        "{e}"
    );
    assert!(!out.exists(), "no findings file is left after an error");
    let p = t.0.join("empty.csv");
    std::fs::write(&p, "").unwrap();
    assert!(run(&p, &out).unwrap_err().to_string().contains("empty"));
    let p = t.0.join("header.csv");
    std::fs::write(&p, HEADER).unwrap();
    assert!(run(&p, &out)
        .unwrap_err()
        .to_string()
        .contains("no case rows"));

    // XLSX with Chinese headers, written here as a minimal workbook.
    let p = t.0.join("cases.xlsx");
    write_xlsx(
        &p,
        &[
            &[
                "案件编号",
                "执法单位",
                "事项",
                "情节",
                "违法日期",
                "决定日期",
                "处罚种类",
                "罚款金额",
            ],
            &[
                "X1",
                "一队",
                "SCJG-001",
                "first_offense;corrected_in_time;no_harm",
                "2026-03-01",
                "2026-03-05",
                "不予处罚",
                "",
            ],
            &[
                "X2",
                "一队",
                "SCJG-001",
                "",
                "2026-03-01",
                "2026-03-05",
                "罚款",
                "9000",
            ],
        ],
    );
    let s = run(&p, &out).unwrap();
    assert_eq!(s.cases, 2);
    let rows = findings(&out);
    assert_eq!(rows[0][6], "consistent", "{:?}", rows[0]);
    assert_eq!(rows[1][6], "above_legal_max");
}

#[test]
fn a_row_of_a_gigabyte_is_skipped_without_holding_it() {
    let t = tmp();
    let p = t.0.join("huge.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    f.write_all(HEADER.as_bytes()).unwrap();
    f.write_all("H1,u,SCJG-001,,,,2026-03-01,2026-03-20,罚款,2000\n".as_bytes())
        .unwrap();
    let block = vec![b'x'; 1 << 20];
    f.write_all(b"H2,u,").unwrap();
    for _ in 0..1024 {
        f.write_all(&block).unwrap();
    }
    f.write_all("\nH3,u,SCJG-001,,,,2026-03-01,2026-03-20,罚款,2000\n".as_bytes())
        .unwrap();
    drop(f);
    let out = t.0.join("f.csv");
    let s = run(&p, &out).unwrap();
    assert_eq!(s.cases, 3);
    let rows = findings(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][6], "bad_row");
    assert_eq!(rows[1][0], "3");
    assert_eq!(rows[2][6], "consistent");
}

#[test]
fn a_cancelled_run_leaves_no_file() {
    let t = tmp();
    let input = t.0.join("cases.csv");
    let mut f = std::fs::File::create(&input).unwrap();
    cailiang::cases::generate(&store().lib, 200_000, 2, Default::default(), &mut f).unwrap();
    drop(f);
    let out = t.0.join("f.csv");
    let opts = Options {
        findings: Some(out.clone()),
        ..Default::default()
    };
    let mut calls = 0;
    let r = audit::run(store(), &input, &opts, &mut |p| {
        calls += 1;
        assert!(p.bytes_done <= p.bytes_total);
        false
    });
    assert!(matches!(r, Err(cailiang::Error::Cancelled)));
    assert_eq!(calls, 1);
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(&t.0).unwrap().count(),
        1,
        "no temporary file either"
    );
}

fn write_xlsx(path: &Path, rows: &[&[&str]]) {
    write_workbook(path, &[("案件", sheet_xml(rows, ""))]);
}

#[test]
fn a_hostile_or_many_sheet_workbook_is_streamed_and_says_which_sheet() {
    let t = tmp();
    let row = |no: &'static str| -> Vec<&'static str> {
        vec![
            no,
            "u",
            "SCJG-001",
            "",
            "",
            "",
            "2026-03-01",
            "2026-03-20",
            "罚款",
            "2000",
        ]
    };
    let (r1, r2) = (row("X1"), row("X2"));
    // A blank row, and one cell at the sheet's far corner (XFD1048576): a dense read of this
    // 2 KB file would ask for hundreds of gigabytes.
    let extra = r#"<row r="4"><c r="A4" t="inlineStr"><is><t> </t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let first = sheet_xml(&[XLSX_HEADER, &r1, &r2], extra);
    let second = sheet_xml(&[XLSX_HEADER, &row("Y1")], "");
    let p = t.0.join("two.xlsx");
    write_workbook(&p, &[("案件", first), ("其他", second)]);
    let out = t.0.join("f.csv");
    let s = run(&p, &out).unwrap();
    // The two cases, and the far cell's row (not blank) as a bad row; the blank row is skipped.
    assert_eq!(s.cases, 3, "{:?}", findings(&out));
    let sheet = s.input.sheet.clone().unwrap();
    assert_eq!(sheet.sheet, "案件");
    assert_eq!(sheet.sheets, ["案件", "其他"]);
    // The sheet the user picks is the one read.
    let opts = Options {
        findings: Some(out.clone()),
        sheet: Some("其他".into()),
        ..Default::default()
    };
    let s = audit::run(store(), &p, &opts, &mut |_| true).unwrap();
    assert_eq!(s.cases, 1);
    assert_eq!(findings(&out)[0][1], "Y1");
    // An unknown sheet is an error that lists the sheets.
    let opts = Options {
        sheet: Some("无此表".into()),
        ..Default::default()
    };
    let e = audit::run(store(), &p, &opts, &mut |_| true).unwrap_err();
    assert!(e.to_string().contains("其他"), "{e}");
}

#[test]
fn a_row_in_the_wrong_encoding_is_a_bad_row_and_the_rest_is_reviewed() {
    let t = tmp();
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice("E1,u,SCJG-001,,,,2026-03-01,2026-03-20,罚款,2000\n".as_bytes());
    // A row pasted in from a GBK file into a UTF-8 one.
    let (gbk, _, _) =
        encoding_rs::GBK.encode("E2,执法一队,SCJG-001,,,,2026-03-01,2026-03-20,罚款,2000\n");
    bytes.extend_from_slice(&gbk);
    bytes.extend_from_slice("E3,u,SCJG-001,,,,2026-03-01,2026-03-20,罚款,2000\n".as_bytes());
    let input = t.0.join("mixed.csv");
    std::fs::write(&input, &bytes).unwrap();
    let out = t.0.join("f.csv");
    let s = run(&input, &out).unwrap();
    assert_eq!(s.input.encoding, Some(audit::input::Encoding::Utf8));
    let rows = findings(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][6], "consistent");
    assert_eq!((rows[1][6].as_str(), rows[1][0].as_str()), ("bad_row", "3"));
    assert!(rows[1][16].contains("编码"), "{:?}", rows[1]);
    assert_eq!(rows[2][6], "consistent");
}

#[test]
fn the_table_gets_typed_rows_whatever_the_cells_hold() {
    // A unit whose name holds ",consistent," and a line end: the old table, which re-read the
    // findings CSV line by line, lost the first and broke the second into two rows.
    let t = tmp();
    let p = t.0.join("odd.csv");
    let text = format!(
        "{HEADER}T1,\"一队,consistent,二组\",SCJG-001,,,,2026-03-01,2026-03-20,罚款,900000\n\
         T2,\"三队\n四组\",SCJG-001,,,,2026-03-01,2026-03-20,罚款,800000\n\
         T3,u,SCJG-001,,,,2026-03-01,2026-03-20,罚款,2000\n"
    );
    std::fs::write(&p, text).unwrap();
    let opts = Options {
        table_rows: 10,
        ..Default::default()
    };
    let s = audit::run(store(), &p, &opts, &mut |_| true).unwrap();
    assert_eq!(s.cases, 3);
    let rows = &s.deviation_rows;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].unit, "一队,consistent,二组");
    assert_eq!(rows[0].finding, "above_legal_max");
    assert_eq!(rows[0].finding_zh, "超过法定上限");
    assert_eq!(rows[1].unit, "三队\n四组");
    assert_eq!(rows[1].line, "3");
    assert!(!s.deviation_rows_truncated);
}

#[test]
fn a_run_that_cannot_finish_leaves_the_previous_outputs_whole() {
    let t = tmp();
    let input = t.0.join("cases.csv");
    let mut f = std::fs::File::create(&input).unwrap();
    cailiang::cases::generate(&store().lib, 200, 3, Default::default(), &mut f).unwrap();
    drop(f);
    let findings_path = t.0.join("findings.csv");
    std::fs::write(&findings_path, "previous findings").unwrap();
    // A temporary file a killed run left (no process has this pid) is removed.
    let stale = t.0.join("findings.tmp4000000000");
    std::fs::write(&stale, "partial").unwrap();
    // The report cannot be written (its folder does not exist): nothing is replaced.
    let opts = Options {
        findings: Some(findings_path.clone()),
        report: Some(t.0.join("no-such-folder/report.html")),
        ..Default::default()
    };
    assert!(audit::run(store(), &input, &opts, &mut |_| true).is_err());
    assert_eq!(
        std::fs::read_to_string(&findings_path).unwrap(),
        "previous findings"
    );
    let left: Vec<_> = std::fs::read_dir(&t.0)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn a_case_that_only_harm_would_bar_says_the_limitation_was_assumed() {
    // SCJG-008 concerns health (第三十六条: 5 years where harm occurred, else 2). Harm is not
    // stated in either row; the first was discovered within 2 years, the second after 3: only the
    // second rests on the assumption that harm occurred, and the two must not share a cached
    // expectation.
    let t = tmp();
    let input = t.0.join("cases.csv");
    std::fs::write(
        &input,
        format!(
            "{HEADER}H1,u,SCJG-008,corrected_in_time,,,2024-01-10,2025-01-10,罚款,1000\n\
             H2,u,SCJG-008,corrected_in_time,,,2022-01-10,2025-06-10,罚款,1000\n"
        ),
    )
    .unwrap();
    let out = t.0.join("f.csv");
    run(&input, &out).unwrap();
    let rows = findings(&out);
    assert!(!rows[0][15].contains("harm_unstated"), "{:?}", rows[0]);
    assert!(
        rows[1][15].contains("art36_time_limit:harm_unstated_assumed_not_barred"),
        "{:?}",
        rows[1]
    );
    assert_ne!(rows[1][6], "time_limit_passed", "{:?}", rows[1]);
}

/// The contract "every input record yields exactly one finding", with records counted as
/// Python's csv module counts them (the reference reader of the issue that found the review
/// merging and dropping rows): seeded hostile files — stray quotes inside fields, quotes left
/// open, lone CRs, mixed line ends, blank lines, short and long rows — each reviewed, and the
/// findings counted against `csv.reader` (strict off, as Python's default).
#[test]
fn hostile_csv_gives_one_finding_per_record_as_python_counts_them() {
    let t = tmp();
    let mut rng = cailiang::cases::Rng::new(20261206);
    let pieces = [
        "SCJG-001",
        "u",
        "2026-03-01",
        "罚款",
        "2000",
        "市",
        " ",
        ",",
        "\"",
        "\"\"",
        "x\"y",
        "\r",
        "\n",
        "\r\n",
        "",
        "a,b",
        "\"q,r\"",
    ];
    let mut paths = Vec::new();
    for round in 0..120 {
        let mut text = String::from(HEADER);
        for _ in 0..1 + rng.below(30) {
            let fields: Vec<String> = (0..1 + rng.below(12))
                .map(|_| {
                    (0..rng.below(4))
                        .map(|_| pieces[rng.below(pieces.len())])
                        .collect()
                })
                .collect();
            text.push_str(&fields.join(","));
            text.push_str(["\n", "\r\n", "\r"][rng.below(3)]);
        }
        let p = t.0.join(format!("h{round}.csv"));
        std::fs::write(&p, text).unwrap();
        paths.push(p);
    }
    let python = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import csv, sys\n\
             for p in sys.argv[1:]:\n\
             \x20   rows = [r for r in csv.reader(open(p, newline='', encoding='utf-8')) if r]\n\
             \x20   print(len(rows) - 1)\n",
        )
        .args(&paths)
        .output()
        .expect("python3 (installed by scripts/setup.sh) counts the records");
    assert!(python.status.success(), "{python:?}");
    let counts: Vec<u64> = String::from_utf8(python.stdout)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(counts.len(), paths.len());
    let mut differ = Vec::new();
    for (p, want) in paths.iter().zip(&counts) {
        let out = p.with_extension("findings.csv");
        let s = run(p, &out).unwrap();
        let got = findings(&out).len() as u64;
        assert_eq!(
            got,
            s.cases,
            "{}: the summary counts every finding",
            p.display()
        );
        if got != *want {
            differ.push(format!(
                "{}: {got} findings, {want} records: {:?}",
                p.display(),
                std::fs::read_to_string(p).unwrap()
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// The same contract for workbooks: seeded sheets with gaps between rows and cells, blank rows
/// (cells holding only spaces), short rows and cells far to the right or far down. One finding
/// per row that holds anything, as a spreadsheet shows them; never a dense read of the sheet's
/// extent.
#[test]
fn hostile_workbooks_give_one_finding_per_row_that_holds_anything() {
    let t = tmp();
    let mut rng = cailiang::cases::Rng::new(7_2026);
    let values = [
        "SCJG-001",
        "u",
        "2026-03-01",
        "罚款",
        "2000",
        "市",
        " ",
        "",
        "x\"y",
        "a,b",
    ];
    let cols = [
        "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "AA", "XFD",
    ];
    for round in 0..40 {
        let mut extra = String::new();
        let mut row = 1u32;
        let mut holding = 0u64;
        for _ in 0..1 + rng.below(25) {
            row += 1 + if rng.below(5) == 0 {
                rng.below(5000) as u32
            } else {
                0
            };
            let mut cells = String::new();
            let mut any = false;
            for c in cols.iter().take(1 + rng.below(cols.len())) {
                let v = values[rng.below(values.len())];
                if rng.below(3) == 0 {
                    continue; // a gap
                }
                any |= !v.trim().is_empty();
                let v = v.replace('"', "&quot;");
                cells.push_str(&format!(
                    r#"<c r="{c}{row}" t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>"#
                ));
            }
            extra.push_str(&format!(r#"<row r="{row}">{cells}</row>"#));
            holding += any as u64;
        }
        let p = t.0.join(format!("h{round}.xlsx"));
        write_workbook(&p, &[("案件", sheet_xml(&[XLSX_HEADER], &extra))]);
        let out = t.0.join(format!("h{round}.csv"));
        let s = run(&p, &out).unwrap();
        assert_eq!(s.cases, holding, "round {round}: {extra}");
        assert_eq!(findings(&out).len() as u64, holding, "round {round}");
    }
}

/// RSJ-025 fines only "有违法所得的". A row that states no gains and gives no penalty cannot be
/// called unpenalised: it is consistent, and the driver says the gains decide. A row with gains
/// of 0 that was fined is fined when no penalty was due; with gains, no penalty is a finding.
#[test]
fn a_fine_tied_to_gains_is_judged_on_the_gains_the_row_states() {
    let t = tmp();
    let input = t.0.join("cases.csv");
    std::fs::write(
        &input,
        format!(
            "{HEADER}G1,u,RSJ-025,,,,2026-10-01,2026-11-20,不予处罚,\n\
             G2,u,RSJ-025,,,0,2026-10-01,2026-11-20,罚款,20000\n\
             G3,u,RSJ-025,,,5000,2026-10-01,2026-11-20,不予处罚,\n\
             G4,u,RSJ-025,,,5000,2026-10-01,2026-11-20,罚款,30000\n"
        ),
    )
    .unwrap();
    let out = t.0.join("f.csv");
    run(&input, &out).unwrap();
    let rows = findings(&out);
    let finding: Vec<&str> = rows.iter().map(|r| r[6].as_str()).collect();
    assert_eq!(
        finding,
        [
            "consistent",
            "fined_when_exempt",
            "unpenalised_when_due",
            "consistent"
        ],
        "{rows:?}"
    );
    assert!(
        rows[0][15].contains("fine_requires_gain:gain_unstated"),
        "{:?}",
        rows[0]
    );
    assert!(!rows[3][15].contains("gain_unstated"), "{:?}", rows[3]);
}

#[test]
fn an_officers_records_exported_are_reviewed_like_any_batch() {
    use cailiang::engine::{self, Query};
    use cailiang::history::{History, NewRecord};
    use cailiang::model::{Fact, Party, Tier};
    let lib = &store().lib;
    let t = tmp();
    let h = History::open(&t.0.join("h.sqlite")).unwrap();
    let item = lib.benchmark("SCJG-001").unwrap();
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d);
    let q = |facts: &[Fact]| Query {
        party: Some(Party::Organization),
        occurred: day(10, 1),
        decided: day(11, 20),
        ..Query::with_facts(facts)
    };
    let exempt = engine::decide(
        lib,
        item,
        &q(&[Fact::FirstOffense, Fact::CorrectedInTime, Fact::NoHarm]),
    )
    .unwrap();
    assert_eq!(exempt.tier, Tier::Exempt);
    let standard = engine::decide(lib, item, &q(&[])).unwrap();
    let band = standard.fine.unwrap();
    let record = |d, case: &str, fine: Option<f64>, why: Option<&str>| NewRecord {
        decision: d,
        officer_tier: None,
        departure_reason: why.map(String::from),
        case_ref: Some(case.to_string()).filter(|c| !c.is_empty()),
        note: None,
        unit: Some("某区市场监督管理局".into()),
        penalty: None,
        fine_yuan: fine,
    };
    for r in [
        record(&exempt, "R1", None, None),
        record(&standard, "R2", Some(band.min_yuan), None),
        record(
            &standard,
            "R3",
            Some(band.max_yuan + 500.0),
            Some("多次提醒仍未改正"),
        ),
        record(&standard, "", Some(band.max_yuan), None),
    ] {
        h.save(&r).unwrap();
    }
    let csv = t.0.join("records.csv");
    h.export_csv(&mut std::fs::File::create(&csv).unwrap())
        .unwrap();
    let out = t.0.join("f.csv");
    let s = run(&csv, &out).unwrap();
    assert_eq!(s.cases, 4);
    let rows = findings(&out);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[6].as_str()))
        .collect();
    // A record without a case number is kept and named, not dropped.
    assert_eq!(
        got,
        [
            ("R1", "consistent"),
            ("R2", "consistent"),
            ("R3", "above_band"),
            ("", "bad_row")
        ],
        "{rows:?}"
    );
    assert_eq!(rows[3][7], "case_no", "{:?}", rows[3]);
}

#[test]
fn every_finding_echoes_what_its_case_stated_even_a_duplicate() {
    let t = tmp();
    let input = t.0.join("cases.csv");
    std::fs::write(
        &input,
        format!(
            "{HEADER}E1,u,SCJG-001,首次违法、及时改正,800,,2026-03-01,2026-03-20,不予处罚,\n\
             E1,u,SCJG-001,再次违法,900,100,2026-03-02,2026-03-21,罚款,2000\n\
             E2,u,SCJG-001,,,,3月1日,2026-03-22,罚款,2000\n"
        ),
    )
    .unwrap();
    let out = t.0.join("f.csv");
    run(&input, &out).unwrap();
    let rows = findings(&out);
    let echo: Vec<&[String]> = rows.iter().map(|r| &r[17..]).collect();
    assert_eq!(
        echo[0],
        ["首次违法、及时改正", "800", "", "2026-03-01", "2026-03-20"]
    );
    // The duplicate is a bad row, and still says what its own row stated.
    assert_eq!(rows[1][6], "bad_row");
    assert_eq!(
        echo[1],
        ["再次违法", "900", "100", "2026-03-02", "2026-03-21"]
    );
    // A row that cannot be read echoes its cells as written.
    assert_eq!(
        (rows[2][6].as_str(), echo[2][3].as_str()),
        ("bad_row", "3月1日")
    );
}
