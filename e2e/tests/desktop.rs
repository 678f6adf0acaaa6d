//! The desktop app in a real window (WebKitGTK through tauri-driver, under Xvfb): the officer's
//! lookup and decision saved to 记录 across a restart, 首违不罚 offered and chosen with its reason,
//! the party asked where the law splits the range, 责令改正，暂不处罚, the trainer's presentation, the
//! keyboard-only lookup, the reviewer's 审查 import (and a hostile workbook survived, its sheets
//! named), and a screenshot of every view. Printing is tested on the app started directly (WebKit
//! shows no print dialog to WebDriver), through GTK's print dialog to a PDF.
//!
//! Run: `cargo build --workspace --all-targets && xvfb-run -a -s "-screen 0 1280x800x24 -noreset" cargo test -p cailiang-e2e -- --ignored --test-threads=1`
//! (`-noreset`: see scripts/test.sh)

use cailiang_e2e::*;
use fantoccini::{Client, Locator};

#[path = "../../tests/support/xlsx.rs"]
mod xlsx;

const IGNORE: &str =
    "needs a display, tauri-driver and WebKitWebDriver: run under xvfb-run with --ignored";

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run under xvfb-run with --ignored"]
async fn lookup_decide_save_and_find_it_after_a_restart() {
    let _ = IGNORE;
    let driver = Driver::start(4444);
    let c = driver.session().await;
    wait(&c, "#q")
        .await
        .send_keys("超市商品没贴价签")
        .await
        .unwrap();
    let first = wait(&c, "#results li.result").await;
    assert_eq!(
        first.attr("data-id").await.unwrap().as_deref(),
        Some("SCJG-001")
    );
    assert!(
        first.text().await.unwrap().contains("价签"),
        "the matched synonym is shown"
    );
    first.click().await.unwrap();
    wait_text(&c, "#item-title", |t| t.contains("SCJG-001")).await;
    screenshot(&c, "lookup").await;
    click(&c, "#to-decide").await;
    wait(&c, "#tier").await;
    for f in ["first_offense", "corrected_in_time", "no_harm"] {
        click(&c, &format!("input[name=\"fact\"][value=\"{f}\"]")).await;
    }
    wait_attr(&c, "#tier", "data-tier", "exempt").await;
    assert!(text(&c, "#tier").await.contains("不予处罚"));
    let reasoning = wait_text(&c, "#reasoning", |t| t.contains("不予行政处罚")).await;
    assert!(
        reasoning.contains("《中华人民共和国价格法》"),
        "{reasoning}"
    );
    wait(&c, "#case-ref")
        .await
        .send_keys("案-E2E-001")
        .await
        .unwrap();
    click(&c, "#save-record").await;
    wait_text(&c, "#save-status", |t| t.contains("保存")).await;
    screenshot(&c, "decide").await;
    c.close().await.unwrap();

    // A new app process on the same data directory.
    let c = driver.session().await;
    view(&c, "records").await;
    let row = wait_text(&c, "#records tbody tr", |t| t.contains("SCJG-001")).await;
    assert!(row.contains("案-E2E-001"), "{row}");
    screenshot(&c, "records").await;
    c.close().await.unwrap();
}

/// Opens an item in 裁量 by its id and waits for the first result.
async fn open_item(c: &Client, id: &str) {
    view(c, "decide").await;
    wait(c, "#decide-item").await.send_keys(id).await.unwrap();
    click(c, ".item-pick button[type=\"submit\"]").await;
    wait(c, "#tier").await;
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run under xvfb-run with --ignored"]
async fn first_offence_is_the_officers_choice_and_the_party_is_asked() {
    let driver = Driver::start(4484);
    let c = driver.session().await;
    open_item(&c, "SCJG-017").await;
    for f in ["first_offense", "minor_harm", "corrected_in_time"] {
        click(&c, &format!("input[name=\"fact\"][value=\"{f}\"]")).await;
    }
    // 首违不罚 outside a list (第三十三条第一款, "可以") is offered, not decided.
    wait_attr(&c, "#tier", "data-tier", "light").await;
    wait_text(&c, "#options", |t| t.contains("首违不罚")).await;
    click(&c, "#apply-art33_first").await;
    wait_attr(&c, "#tier", "data-tier", "exempt").await;
    wait_text(&c, "#chosen-banner", |t| t.contains("执法人员已选择适用")).await;
    // The officer's choice is saved with its reason, as a departure is.
    click(&c, "#save-record").await;
    wait_text(&c, "#save-status", |t| t.contains("适用理由")).await;
    wait(&c, "#departure-reason")
        .await
        .send_keys("货值很小，已全部下架")
        .await
        .unwrap();
    click(&c, "#save-record").await;
    wait_text(&c, "#save-status", |t| t.contains("已保存")).await;
    view(&c, "records").await;
    let row = wait_text(&c, "#records tbody tr", |t| t.contains("SCJG-017")).await;
    assert!(row.contains("执法人员裁量选择"), "{row}");
    c.close().await.unwrap();

    let c = driver.session().await;
    open_item(&c, "ZJJ-013").await;
    // 城镇燃气管理条例 第四十九条 punishes a refusal to correct: none yet, so 责令改正，暂不处罚.
    wait_attr(&c, "#tier", "data-tier", "correct_first").await;
    assert_eq!(text(&c, "#tier").await, "责令改正，暂不处罚");
    assert!(text(&c, "#tier-explain").await.contains("暂不处罚"));
    // The party is never guessed: both ranges are shown, and the officer says which.
    assert!(wait(&c, "#party-unknown")
        .await
        .is_selected()
        .await
        .unwrap());
    click(&c, "input[name=\"fact\"][value=\"refused_correction\"]").await;
    wait_text(&c, "#by-party", |t| {
        t.contains("个人") && t.contains("单位")
    })
    .await;
    wait_text(&c, "#questions", |t| t.contains("当事人是个人还是单位")).await;
    click(&c, "#by-party button[data-party=\"individual\"]").await;
    wait_text(&c, "#fine", |t| t.contains("300")).await;
    assert!(wait(&c, "#party-individual")
        .await
        .is_selected()
        .await
        .unwrap());
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run under xvfb-run with --ignored"]
async fn training_presentation_reveals_then_judges() {
    let driver = Driver::start(4454);
    let c = driver.session().await;
    view(&c, "training").await;
    wait(&c, "#case-list li").await.click().await.unwrap();
    screenshot(&c, "training").await;
    click(&c, "#present-start").await;
    // Reveal the facts one by one until the audience may choose.
    for _ in 0..40 {
        if c.find(Locator::Css("[data-choose-tier]")).await.is_ok() {
            break;
        }
        click(&c, "#reveal-next").await;
    }
    screenshot(&c, "training-present").await;
    click(&c, "[data-choose-tier=\"exempt\"]").await;
    let r = wait_text(&c, "#present-reasoning", |t| t.contains("经查")).await;
    assert!(r.contains("当事人"), "{r}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run under xvfb-run with --ignored"]
async fn keyboard_only_lookup() {
    // As shipped (no screenshots in this test).
    let driver = Driver::start_as_shipped(4464);
    let c = driver.session().await;
    // Start with focus elsewhere: `/` focuses the search box.
    view(&c, "about").await;
    c.active_element()
        .await
        .unwrap()
        .send_keys("/")
        .await
        .unwrap();
    let active = c.active_element().await.unwrap();
    assert_eq!(active.attr("id").await.unwrap().as_deref(), Some("q"));
    active
        .send_keys("网吧门口没挂未成年人禁入牌子")
        .await
        .unwrap();
    wait(&c, "#results li.result").await;
    let down = char::from(Key::Down).to_string();
    let enter = char::from(Key::Enter).to_string();
    c.active_element()
        .await
        .unwrap()
        .send_keys(&down)
        .await
        .unwrap();
    c.active_element()
        .await
        .unwrap()
        .send_keys(&enter)
        .await
        .unwrap();
    let title = wait_text(&c, "#item-title", |t| !t.is_empty()).await;
    assert!(title.contains('-'), "an item is open: {title}");
    let esc = char::from(Key::Escape).to_string();
    c.active_element()
        .await
        .unwrap()
        .send_keys(&esc)
        .await
        .unwrap();
    let active = c.active_element().await.unwrap();
    assert_eq!(
        active.attr("id").await.unwrap().as_deref(),
        Some("q"),
        "Esc goes back to the search box"
    );
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run under xvfb-run with --ignored"]
async fn review_imports_a_file_and_every_view_is_pictured() {
    let driver = Driver::start(4474);
    // Decided cases to review, written by the CLI's generator.
    let cases = driver.dir.join("cases.csv");
    let cli = cli_binary();
    let st = std::process::Command::new(&cli)
        .args([
            "cases",
            "gen",
            "--n",
            "3000",
            "--seed",
            "9",
            "--out",
            cases.to_str().unwrap(),
        ])
        .env("CAILIANG_CACHE_DIR", driver.dir.join("cache"))
        .status()
        .expect("run the cailiang CLI");
    assert!(st.success());
    let c = driver.session().await;
    open_review(&c, &cases).await;
    click(&c, "#audit-start").await;
    let status = wait_text(&c, "#audit-findings", |t| !t.is_empty()).await;
    assert!(!status.is_empty());
    screenshot(&c, "audit").await;
    // The findings a reviewer saves are in Chinese, the codes kept in the last columns.
    click(&c, "#export-findings").await;
    let saved = wait_text(&c, "#audit-export-status", |t| t.contains("已导出")).await;
    let path = saved
        .split_once('：')
        .map(|x| x.1.trim())
        .unwrap_or_default();
    let saved_text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let header = saved_text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default();
    assert!(
        header.starts_with("行号,案件编号,执法单位")
            && header.ends_with("finding,expected_tier,driver"),
        "{header}"
    );
    assert_eq!(
        saved_text.lines().count(),
        3001,
        "one row per case, and the header"
    );
    // A finding opens in 裁量 with its case's item and facts.
    let open = wait(&c, ".open-case").await;
    let line = open.attr("data-line").await.unwrap().unwrap_or_default();
    open.click().await.unwrap();
    wait(&c, "#tier").await;
    let bar = text(&c, ".item-line").await;
    assert!(bar.contains('-'), "an item is open for line {line}: {bar}");
    // The dates the case stated are filled in (column 违法日期 of the saved findings).
    let mut rdr = csv::Reader::from_reader(saved_text.trim_start_matches('\u{feff}').as_bytes());
    let row = rdr
        .records()
        .map(|r| r.unwrap())
        .find(|r| r.get(0) == Some(line.as_str()))
        .expect("the finding's row in the saved file");
    let occurred = wait(&c, "#occurred").await.prop("value").await.unwrap();
    let stated = row.get(20).unwrap_or("");
    assert!(
        !stated.is_empty(),
        "the generated case states its date: {row:?}"
    );
    assert_eq!(occurred.as_deref().unwrap_or(""), stated);
    view(&c, "library").await;
    wait(&c, "#item-title, .item, li").await;
    screenshot(&c, "library").await;
    view(&c, "about").await;
    // The app as built ranks by meaning, and says so (without the model it says why not).
    wait_text(&c, "main", |t| {
        t.contains("参考") && t.contains("可用：字词对不上时，再按意思查找相近事项")
    })
    .await;
    screenshot(&c, "about").await;
    c.close().await.unwrap();
}

/// Runs xdotool (Debian package xdotool) against the test's X display; its stdout.
fn xdotool(args: &[&str]) -> String {
    let out = std::process::Command::new("xdotool")
        .args(args)
        .output()
        .expect("run xdotool (apt-get install xdotool)");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
#[ignore = "needs a display, xdotool and pdftotext: run under xvfb-run with --ignored"]
fn printing_a_handout_as_shipped_writes_a_pdf_through_the_print_dialog() {
    // WebKit shows no print dialog to a WebDriver session, so this test starts the app as an
    // officer does and uses only the keyboard (xdotool): Alt+4 opens 培训, four Tabs (部门,
    // 演示所选案例, 讲义范围) reach 打印讲义（教师版）, Enter prints the selected case; in GTK's dialog, Down picks "Print to File" (the one printer where
    // no print server runs) and Enter prints to ~/output.pdf. The app runs as shipped:
    // compositing off.
    let app = DirectApp::start();
    let pdf = app.home().join("output.pdf");
    let mut dialog = None;
    // The window shows before its page is ready; keys sent too early are lost, so the
    // sequence is repeated until the dialog opens.
    for _ in 0..10 {
        std::thread::sleep(std::time::Duration::from_secs(1));
        xdotool(&["key", "alt+4"]);
        std::thread::sleep(std::time::Duration::from_millis(500));
        xdotool(&["key", "Tab", "Tab", "Tab", "Tab", "Return"]);
        let start = std::time::Instant::now();
        while dialog.is_none() && start.elapsed() < std::time::Duration::from_secs(3) {
            dialog = xdotool(&["search", "--onlyvisible", "--name", "^(Print|打印)$"])
                .lines()
                .next()
                .map(str::to_string);
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        if dialog.is_some() {
            break;
        }
    }
    let dialog = dialog.expect("打印讲义 opens the system print dialog");
    xdotool(&["windowfocus", "--sync", &dialog]);
    xdotool(&["key", "Down"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    xdotool(&["key", "Return"]);
    let start = std::time::Instant::now();
    loop {
        // GTK writes the file in pieces; the end-of-file marker says it is complete.
        let bytes = std::fs::read(&pdf).unwrap_or_default();
        if bytes.windows(5).any(|w| w == b"%%EOF") {
            break;
        }
        assert!(start.elapsed() < WAIT, "no PDF at {}", pdf.display());
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("run pdftotext (apt-get install poppler-utils)");
    let text: String = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect();
    // Text copied out of the PDF is real CJK text: 行 and 食 as themselves, never the Kangxi
    // radicals (⾏, ⻝) a font that shares their glyphs would give.
    for want in ["培训讲义", "CGJ-001", "案情", "参考答案", "不予处罚", "行"] {
        assert!(text.contains(want), "the handout has {want}: {text}");
    }
    for radical in ['⾏', '⻝', '⾷'] {
        assert!(
            !text.contains(radical),
            "a Kangxi radical {radical} in: {text}"
        );
    }
    for unwanted in ["演示所选案例", "开始测验", "测验题数"] {
        assert!(
            !text.contains(unwanted),
            "the app around the handout is not printed ({unwanted}): {text}"
        );
    }
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run under xvfb-run with --ignored"]
async fn a_violation_the_library_does_not_hold_is_said_and_decide_asks_first() {
    let driver = Driver::start(4494);
    let c = driver.session().await;
    wait(&c, "#q").await.send_keys("无人机黑飞").await.unwrap();
    let status = wait_text(&c, "p.status", |t| t.contains("确切")).await;
    assert!(status.starts_with("未找到确切对应的事项"), "{status}");
    assert!(status.contains("可能相关"), "{status}");
    // The nearest candidate opens, but 裁量 on it asks the officer to check first.
    wait(&c, "#results li.result").await.click().await.unwrap();
    click(&c, "#to-decide").await;
    let warn = wait_text(&c, "#uncertain-decide", |t| !t.is_empty()).await;
    assert!(warn.contains("不是检索的确切匹配"), "{warn}");
    // A new search clears the item shown for the previous one.
    let q = wait(&c, "#q").await;
    q.clear().await.unwrap();
    q.send_keys("超市商品没贴价签").await.unwrap();
    let status = wait_text(&c, "p.status", |t| t.starts_with("找到相符事项")).await;
    assert!(!status.is_empty());
    assert!(c.find(Locator::Css("#uncertain-decide")).await.is_err());
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run under xvfb-run with --ignored"]
async fn a_hostile_workbook_is_reviewed_with_a_message_and_its_other_sheet_offered() {
    let driver = Driver::start(4504);
    let row = |no: &'static str| {
        [
            no,
            "执法一队",
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
    // Two cases, a blank row and one cell at the sheet's far corner: a dense read of this small
    // file would ask for hundreds of gigabytes and kill the app. A second sheet with one case.
    let far = r#"<row r="4"><c r="A4" t="inlineStr"><is><t> </t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let (r1, r2, r3) = (row("X1"), row("X2"), row("Y1"));
    let book = driver.dir.join("hostile.xlsx");
    xlsx::write_workbook(
        &book,
        &[
            ("案件", xlsx::sheet_xml(&[xlsx::XLSX_HEADER, &r1, &r2], far)),
            ("其他", xlsx::sheet_xml(&[xlsx::XLSX_HEADER, &r3], "")),
        ],
    );
    let c = driver.session().await;
    open_review(&c, &book).await;
    click(&c, "#audit-start").await;
    let status = wait_text(&c, "#audit-status", |t| t.starts_with("审查完成")).await;
    // The two cases and the far cell's row (a bad row); the blank row is skipped.
    assert!(status.contains("案件 3 件"), "{status}");
    assert!(status.contains("已审查工作表「案件」"), "{status}");
    assert!(
        status.contains("「其他」"),
        "the unread sheet is named: {status}"
    );
    // The other sheet, picked and reviewed.
    wait(&c, "#audit-sheet")
        .await
        .select_by_value("其他")
        .await
        .unwrap();
    click(&c, "#audit-start").await;
    let status = wait_text(&c, "#audit-status", |t| t.contains("已审查工作表「其他」")).await;
    assert!(status.contains("案件 1 件"), "{status}");
    // A file that is not a workbook at all: a message, and the app goes on working.
    let broken = driver.dir.join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not a zip archive").unwrap();
    let path = wait(&c, "#audit-path").await;
    path.clear().await.unwrap();
    path.send_keys(&broken.to_string_lossy()).await.unwrap();
    click(&c, "#audit-start").await;
    let status = wait_text(&c, "#audit-status", |t| t.starts_with("审查失败")).await;
    assert!(status.contains("broken.xlsx"), "{status}");
    assert!(
        c.find(Locator::Css("#audit-sheet"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .map(|shown| !shown)
            .unwrap(),
        "another file's sheets are not offered"
    );
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run under xvfb-run with --ignored"]
async fn a_fine_is_recorded_its_word_draft_written_and_the_records_reviewable() {
    let driver = Driver::start(4504);
    let exports = driver.dir.join("exports");
    let c = driver.session().await;
    open_item(&c, "SCJG-001").await;
    click(&c, "#party-organization").await;
    wait_attr(&c, "#tier", "data-tier", "standard").await;
    // The party's name and address are for the document, folded away until wanted.
    click(&c, "details.doc-fields summary").await;
    for (css, value) in [
        ("#case-ref", "市监罚〔2026〕88号"),
        ("#unit", "某区市场监督管理局"),
        ("#party-name", "某某食品超市有限公司"),
    ] {
        wait(&c, css).await.send_keys(value).await.unwrap();
    }
    // A fine is named by the outcome: saving without its amount is refused, naming it.
    click(&c, "#save-record").await;
    wait_text(&c, "#save-status", |t| t.contains("请填写实际罚款金额")).await;
    wait(&c, "#fine-imposed")
        .await
        .send_keys("2000")
        .await
        .unwrap();
    click(&c, "#save-record").await;
    wait_text(&c, "#save-status", |t| t.contains("已保存")).await;
    // The fields stay after saving: the draft is for the case just saved.
    click(&c, "#save-docx").await;
    wait_text(&c, "#save-status", |t| t.contains("已生成文书")).await;
    let docx: Vec<_> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    assert_eq!(docx.len(), 1, "{docx:?}");
    let name = docx[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(name.starts_with("行政处罚决定书-"), "{name}");
    let xml = {
        let f = std::fs::File::open(&docx[0]).unwrap();
        let mut z = zip::ZipArchive::new(f).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut s)
            .unwrap();
        s
    };
    for want in [
        "行政处罚决定书",
        "市监罚〔2026〕88号",
        "某某食品超市有限公司",
        "2000",
    ] {
        assert!(xml.contains(want), "the draft has {want}");
    }

    // The records export is a batch the review reads: the fine decided is consistent.
    view(&c, "records").await;
    wait_text(&c, "#records tbody tr", |t| t.contains("2000")).await;
    click(&c, "#export-csv").await;
    let status = wait_text(&c, "#export-status", |t| t.contains("已导出")).await;
    let csv = status.trim_start_matches("已导出 CSV：").trim().to_string();
    let out = std::process::Command::new(cli_binary())
        .args(["audit", &csv, "--json"])
        .env("CAILIANG_CACHE_DIR", driver.dir.join("cache"))
        .output()
        .expect("run the cailiang CLI");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cases"], 1, "{v}");
    assert_eq!(v["findings"]["consistent"], 1, "{v}");
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs a display, tauri-driver and WebKitWebDriver: run under xvfb-run with --ignored"]
async fn an_office_pack_is_verified_switched_on_kept_across_a_restart_and_switched_back() {
    let driver = Driver::start(4514);
    let d = &driver.dir;
    let cli = |args: &[&str]| {
        let st = std::process::Command::new(cli_binary())
            .args(args)
            .current_dir(d)
            .env("CAILIANG_CACHE_DIR", d.join("cache"))
            .status()
            .expect("run the cailiang CLI");
        assert!(st.success(), "cailiang {args:?}");
    };
    let fixture = workspace().join("tests/fixtures/rules");
    cli(&["keys", "gen", "--out", "office.key"]);
    cli(&[
        "rules",
        "pack",
        fixture.to_str().unwrap(),
        "--key",
        "office.key",
        "--out",
        "office.clpack",
    ]);
    let c = driver.session().await;
    view(&c, "about").await;
    wait_text(&c, "#shelf-in-use", |t| t.contains("内置参考库")).await;
    // Before any key is trusted, the pack is refused with what to do.
    let pack = d.join("office.clpack");
    wait(&c, "#pack-path")
        .await
        .send_keys(&pack.to_string_lossy())
        .await
        .unwrap();
    click(&c, "#pack-inspect").await;
    wait_text(&c, "#shelf-status", |t| t.contains("KEY.pub")).await;
    // The administrator adds the office's key; the pack verifies and its changes are shown.
    wait(&c, "#key-path")
        .await
        .send_keys(&d.join("office.key.pub").to_string_lossy())
        .await
        .unwrap();
    click(&c, "#key-add").await;
    wait_text(&c, "#shelf-status", |t| t.contains("已添加公钥")).await;
    click(&c, "#pack-inspect").await;
    let seen = wait_text(&c, "#pack-inspection", |t| t.contains("与当前使用的库相比")).await;
    assert!(
        seen.contains("版本 test.1") && seen.contains("删除"),
        "{seen}"
    );
    click(&c, "#pack-install").await;
    // The page loads again on the pack.
    about_says(&c, "签发包版本 test.1").await;
    // The pack's own texts get their sentence vectors in the background; 关于 follows that, rather
    // than keep what it read when the page loaded (when they had none). Opened again each time:
    // the page may load again after `about_says` saw the old page already name the pack.
    about_shows(&c, "#meaning-status", "可用：字词对不上时").await;
    c.close().await.unwrap();

    // A restart keeps the choice; an answer names the pack it came from.
    let c = driver.session().await;
    open_item(&c, "SCJG-001").await;
    wait_text(&c, "#view", |t| t.contains("签发包")).await;
    about_says(&c, "签发包版本 test.1").await;
    click(&c, "#use-builtin").await;
    about_says(&c, "内置参考库").await;
    c.close().await.unwrap();
}

/// Opens 关于 until 库管理 says `want` of the library in use.
async fn about_says(c: &Client, want: &str) {
    about_shows(c, "#shelf-in-use", want).await;
}

/// Opens 关于 until `css` in it says `want`: a switch loads the page again, and a click on the
/// navigation before that reload is lost with the old page.
async fn about_shows(c: &Client, css: &str, want: &str) {
    let start = std::time::Instant::now();
    loop {
        if let Ok(b) = c
            .find(Locator::Css("nav button[data-view=\"about\"]"))
            .await
        {
            let _ = b.click().await;
        }
        if let Ok(e) = c.find(Locator::Css(css)).await {
            if e.text().await.is_ok_and(|t| t.contains(want)) {
                return;
            }
        }
        if start.elapsed() > std::time::Duration::from_secs(30) {
            let text_of = |sel: &'static str| async move {
                match c.find(Locator::Css(sel)).await {
                    Ok(e) => e.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                }
            };
            let status = text_of("#shelf-status").await;
            let page = text_of("main").await;
            panic!("关于 never said “{want}” in {css}; 库管理 status: {status}; the page: {page}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
}

/// The windows titled 裁量通 that process `pid` shows on the X display (Xvfb). By process, because
/// the window of an app another test just ended can still be on the display, with the same title.
fn windows_of(pid: u32) -> String {
    xdotool(&[
        "search",
        "--onlyvisible",
        "--pid",
        &pid.to_string(),
        "--name",
        "裁量通",
    ])
}

/// The app's main window, once it shows.
fn main_window(app: &DirectApp) -> String {
    let start = std::time::Instant::now();
    loop {
        let found = windows_of(app.pid());
        if let Some(id) = found.lines().next() {
            return id.to_string();
        }
        assert!(start.elapsed() < WAIT, "the app's window never showed");
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

fn geometry(win: &str) -> String {
    xdotool(&["getwindowgeometry", win])
        .lines()
        .find_map(|l| l.trim().strip_prefix("Geometry: ").map(str::to_string))
        .unwrap_or_default()
}

/// Every window on the display titled 裁量通, with its process and size, for a failure report: in
/// some full runs a fresh app's first window measured the size the previous test left its own
/// app's window at.
fn all_windows() -> String {
    xdotool(&["search", "--name", "裁量通"])
        .lines()
        .map(|w| {
            let pid = xdotool(&["getwindowpid", w]);
            format!("window {w}: pid {pid}, {}", geometry(w))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
#[ignore = "needs a display and xdotool: run under xvfb-run with --ignored"]
fn the_window_comes_back_at_the_size_it_was_left() {
    let mut app = DirectApp::start();
    let win = main_window(&app);
    assert_eq!(
        geometry(&win),
        "1200x800",
        "the first start uses the default size (window {win} of pid {}; all: {})",
        app.pid(),
        all_windows()
    );
    // Resized until the window reports the new size. Suspected (not confirmed) cause of one
    // failure in a full run, where the state never held the new size: GTK still applying its
    // startup size just after the window maps, undoing a resize sent at once. A repeat is
    // reported on stderr, so that the logs tell how often it happens.
    let start = std::time::Instant::now();
    for attempt in 0.. {
        xdotool(&["windowsize", &win, "1000", "700"]);
        std::thread::sleep(std::time::Duration::from_millis(300));
        if geometry(&win) == "1000x700" {
            break;
        }
        eprintln!("resize attempt {attempt} undone: window {}", geometry(&win));
        assert!(start.elapsed() < WAIT, "the window never took the new size");
    }
    // The size is written within seconds of the change, so even a killed app keeps it.
    let config = app.dir.join("config");
    let start = std::time::Instant::now();
    while !std::fs::read_to_string(
        walk(&config)
            .into_iter()
            .find(|p| p.ends_with(".window-state.json"))
            .unwrap_or_default(),
    )
    .is_ok_and(|t| t.contains("1000"))
    {
        assert!(
            start.elapsed() < WAIT,
            "no window state with the new size written under {}: window now {}, state {:?}",
            config.display(),
            geometry(&win),
            walk(&config)
                .into_iter()
                .find(|p| p.ends_with(".window-state.json"))
                .and_then(|p| std::fs::read_to_string(p).ok())
        );
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    app.restart();
    let start = std::time::Instant::now();
    loop {
        let g = main_window(&app);
        if geometry(&g) == "1000x700" {
            break;
        }
        assert!(start.elapsed() < WAIT, "restarted at {}", geometry(&g));
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// The saved window state as the app last wrote it.
fn window_state(app: &DirectApp) -> Option<String> {
    walk(&app.dir.join("config"))
        .into_iter()
        .find(|p| p.ends_with(".window-state.json"))
        .and_then(|p| std::fs::read_to_string(p).ok())
}

/// How long the resized app may take to save its size. A debug build on a loaded two-core
/// machine works through a few hundred queued resizes (each a WebKit relayout) before the save
/// queued behind them runs; a hung app never saves, and its threads are shown.
const SAVE_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Saving the window's size while it is being resized once hung the app: the save, made from a
/// background thread, held the plugin's state while waiting for the event loop, whose resize
/// handler waited for that state. Resized a few hundred times, the app must still save the size
/// it is left at (before the fix, three runs of 40 s of resizing out of three hung).
#[test]
#[ignore = "needs a display and xdotool: run under xvfb-run with --ignored"]
fn the_size_is_still_saved_after_the_window_was_resized_many_times() {
    let app = DirectApp::start();
    let win = main_window(&app);
    let start = std::time::Instant::now();
    let mut i = 0u32;
    while start.elapsed() < std::time::Duration::from_secs(12) {
        i += 1;
        let (w, h) = (1000 + i % 40, 700 + i % 30);
        xdotool(&["windowsize", &win, &w.to_string(), &h.to_string()]);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    xdotool(&["windowsize", &win, "960", "660"]);
    let start = std::time::Instant::now();
    while !window_state(&app).is_some_and(|t| t.contains("\"width\": 960")) {
        assert!(
            start.elapsed() < SAVE_WAIT,
            "after {i} resizes the size it was left at was never saved: window {win} {}, state {:?}; windows: {}; the app's threads:\n{}",
            geometry(&win),
            window_state(&app),
            all_windows(),
            stacks(app.pid())
        );
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    // How far behind the app was, for the logs.
    eprintln!(
        "the size was saved {:.1} s after {i} resizes",
        start.elapsed().as_secs_f64()
    );
}

/// Every thread's stack of a running process, by gdb (Debian package gdb), for a failure report;
/// what gdb said when it could not.
fn stacks(pid: u32) -> String {
    match std::process::Command::new("gdb")
        .args([
            "-p",
            &pid.to_string(),
            "-batch",
            "-ex",
            "thread apply all bt 30",
        ])
        .output()
    {
        Ok(o) => {
            String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr)
        }
        Err(e) => format!("gdb: {e}"),
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
#[ignore = "needs a display, xdotool and dbus-daemon: run under xvfb-run with --ignored"]
fn a_second_start_brings_the_running_window_forward_instead_of_a_second_copy() {
    // A D-Bus session bus of the test's own, as a desktop session has.
    let out = std::process::Command::new("dbus-daemon")
        .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
        .output()
        .expect("run dbus-daemon (apt-get install dbus-daemon)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut lines = text.lines();
    let address = lines.next().expect("a bus address").trim().to_string();
    let pid = lines.next().unwrap_or_default().trim().to_string();
    struct Bus(String);
    impl Drop for Bus {
        fn drop(&mut self) {
            let _ = std::process::Command::new("kill").arg(&self.0).status();
        }
    }
    let _bus = Bus(pid);
    let mut app = DirectApp::start_with_env(&[("DBUS_SESSION_BUS_ADDRESS", &address)]);
    main_window(&app);
    let mut second = app.spawn_again();
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = second.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > WAIT {
            // Seen once in a full run, not in isolation: where each copy waits is what tells
            // why, so their threads' stacks go to stderr before the failure.
            eprintln!("second copy:\n{}", stacks(second.id()));
            eprintln!("first copy:\n{}", stacks(app.pid()));
            let _ = second.kill();
            panic!(
                "the second start kept running; the first copy: {}",
                app.ended()
                    .map_or("still running".to_string(), |s| format!("ended, {s}"))
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert!(status.success(), "{status}");
    assert!(app.running(), "the first copy is still there");
    let windows = windows_of(app.pid());
    assert_eq!(windows.lines().count(), 1, "{windows}");
}
