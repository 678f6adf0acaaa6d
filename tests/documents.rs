//! Decision documents (`decide … --docx`): each kind of outcome gets its document, the officer's
//! fields are carried in, the remedies carry their time limits, and the text survives a real
//! conversion to PDF (LibreOffice headless, then pdftotext) as real CJK characters — 食 and 行
//! come back as themselves, not as look-alike radicals (⻝, ⾏).

#[path = "support/cli.rs"]
mod cli;

use cli::{cailiang, Tmp};
use std::path::Path;
use std::process::Command;

fn tmp(name: &str) -> Tmp {
    cli::tmp("docs", name)
}

/// The text of a .docx after LibreOffice turned it into a PDF.
fn pdf_text(dir: &Path, docx: &str) -> String {
    let profile = format!("file://{}", dir.join("lo-profile").display());
    let o = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(dir.join(docx))
        .output()
        .expect("LibreOffice (soffice) is installed by scripts/setup.sh");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = dir.join(docx.replace(".docx", ".pdf"));
    let o = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    assert!(o.status.success());
    // pdftotext breaks long lines and may space Latin runs; compare without whitespace.
    String::from_utf8(o.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn each_outcome_gets_its_document_and_its_text_survives_a_pdf() {
    let t = tmp("kinds");
    let d = &t.0;
    let dates = ["--occurred", "2026-10-01", "--decided", "2026-11-20"];
    let run = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend_from_slice(&dates);
        let o = cailiang(d, &all);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run(&[
        "decide",
        "SCJG-001",
        "--facts",
        "repeat",
        "--party",
        "organization",
        "--docx",
        "penalty.docx",
        "--case-no",
        "某市监罚〔2026〕12号",
        "--party-name",
        "某某食品超市有限公司",
        "--party-id",
        "91430100MA4L000000",
        "--party-address",
        "某市某区某路1号",
        "--fine",
        "4000",
    ]);
    run(&[
        "decide",
        "SCJG-001",
        "--facts",
        "first_offense,minor_harm,corrected_in_time",
        "--party",
        "individual",
        "--docx",
        "exempt.docx",
        "--party-name",
        "张三",
    ]);
    run(&["decide", "SCJG-038", "--docx", "notice.docx"]);

    let p = pdf_text(d, "penalty.docx");
    // No discovery date given: the day the case was opened is a blank, not the decision date.
    assert!(
        p.contains("本机关于＿＿＿＿年＿＿＿＿月＿＿＿＿日立案调查"),
        "{p}"
    );
    for want in [
        "行政处罚决定书",
        "某市监罚〔2026〕12号",
        "某某食品超市有限公司",
        "统一社会信用代码：91430100MA4L000000",
        "罚款人民币4000元（裁量幅度：3500元至5000元）",
        "从重处罚",
        "陈述、申辩权利",
        "十五日内",
        "六十日内",
        "六个月内",
        "《中华人民共和国价格法》第四十二条",
        "（印章）",
        "2026年11月20日",
    ] {
        assert!(p.contains(want), "penalty document lacks {want}: {p}");
    }
    // 食 and 行 as themselves, never as Kangxi or supplement radicals.
    assert!(p.contains('食') && p.contains('行'));
    assert!(!p.contains('⻝') && !p.contains('⾏'), "{p}");

    let e = pdf_text(d, "exempt.docx");
    for want in [
        "不予行政处罚决定书",
        "张三",
        "身份证件号码",
        "不予行政处罚",
        "第三十三条",
        "六十日内",
    ] {
        assert!(e.contains(want), "exempt document lacks {want}: {e}");
    }
    assert!(!e.contains("缴纳罚款") && !e.contains("罚款人民币"), "{e}");

    let n = pdf_text(d, "notice.docx");
    for want in [
        "责令改正通知书",
        "现责令你（单位）于",
        "《中华人民共和国市场主体登记管理条例》第四十三条",
        "特此通知",
    ] {
        assert!(n.contains(want), "notice lacks {want}: {n}");
    }
    assert!(!n.contains("罚款人民币"), "{n}");
}

#[test]
fn a_fine_above_the_legal_maximum_or_where_none_is_due_is_not_drafted() {
    let t = tmp("fines");
    let d = &t.0;
    let o = cailiang(
        d,
        &[
            "decide",
            "SCJG-001",
            "--facts",
            "repeat",
            "--docx",
            "x.docx",
            "--fine",
            "9000",
            "--decided",
            "2026-11-20",
        ],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("above the legal maximum"));
    let o = cailiang(
        d,
        &[
            "decide",
            "SCJG-038",
            "--docx",
            "y.docx",
            "--fine",
            "100",
            "--decided",
            "2026-11-20",
        ],
    );
    assert!(!o.status.success());
    assert!(!d.join("x.docx").exists() && !d.join("y.docx").exists());
    // A fine outside the band is drafted with a warning to give the reasons for the departure.
    let o = cailiang(
        d,
        &[
            "decide",
            "SCJG-001",
            "--facts",
            "repeat",
            "--docx",
            "z.docx",
            "--fine",
            "3000",
            "--occurred",
            "2026-10-01",
            "--decided",
            "2026-11-20",
        ],
    );
    assert!(o.status.success());
    let text = pdf_text(d, "z.docx");
    assert!(text.contains("不在从重处罚幅度"), "{text}");
}
