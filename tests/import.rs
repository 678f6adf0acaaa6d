//! `rules import`: a list as offices publish it (CSV in UTF-8 or GBK, XLSX with title rows, merged
//! header cells and several sheets, Word tables) becomes a rules directory `rules check` accepts;
//! every row is imported or reported with its row, column and reason; a decision under an
//! imported item cites the list's name, 文号 and item number.

#[path = "support/cli.rs"]
mod cli;

use cli::{cailiang, Tmp};
#[allow(dead_code)]
#[path = "support/xlsx.rs"]
mod xlsx;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn tmp(name: &str) -> Tmp {
    cli::tmp("import", name)
}

fn fixture_rules() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .display()
        .to_string()
}

const LIST: &str = "某市市场监管轻微违法行为不予处罚清单";
const DOC: &str = "某市监规〔2026〕1号";

/// Imports `file` into `out` from the fixture rules; the report as JSON, or the error text.
fn import(dir: &Path, file: &str, out: &str, extra: &[&str]) -> Result<Value, String> {
    let rules = fixture_rules();
    let mut args = vec![
        "--rules",
        &rules,
        "rules",
        "import",
        file,
        "--department",
        "SCJG",
        "--list",
        LIST,
        "--doc-number",
        DOC,
        "--effective",
        "2026-01-01",
        "--out",
        out,
        "--json",
    ];
    args.extend_from_slice(extra);
    let o = cailiang(dir, &args);
    if o.status.success() {
        Ok(serde_json::from_slice(&o.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&o.stderr).into_owned())
    }
}

/// (row, column, reason) of a row not imported.
type Unmapped = (u64, String, String);
/// (row, item number, benchmark) of an imported row.
type Imported = (u64, u64, String);

/// The report's rows not imported and imported.
fn rows(r: &Value) -> (Vec<Unmapped>, Vec<Imported>) {
    let un = r["unmapped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["row"].as_u64().unwrap(),
                u["column"].as_str().unwrap_or("").to_string(),
                u["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let im = r["imported"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["row"].as_u64().unwrap(),
                i["number"].as_u64().unwrap(),
                i["benchmark"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (un, im)
}

const CSV: &str = "某市市场监管轻微违法行为不予处罚清单,,,,\n\
序号,违法行为,违反条款,处罚依据,不予处罚的条件\n\
一、价格类,,,,\n\
1,商品未明码标价,《中华人民共和国价格法》第十三条第一款,《价格法》第四十二条,初次违法，危害后果轻微并及时改正的\n\
2,销售超过保质期的食品,《食品安全法》第三十四条第（十）项,《食品安全法》第一百二十四条,首次被发现，没有造成危害后果，货值金额不超过500元，当场改正\n\
3,无人机黑飞,《无人驾驶航空器飞行管理暂行条例》第二十条,,首次\n\
4,商品标价不规范,《价格法》第十三条,,其他情形\n";

fn check_csv_result(dir: &Path, r: &Value, out: &str) {
    let (un, im) = rows(r);
    assert_eq!(r["rows"], 5, "{r}");
    assert_eq!(
        un.len() + im.len(),
        5,
        "every row is imported or reported: {r}"
    );
    assert_eq!(
        im,
        vec![(4, 1, "SCJG-001".into()), (5, 2, "SCJG-003".into())]
    );
    assert_eq!(un[0].0, 3);
    assert!(un[0].2.contains("heading"), "{un:?}");
    assert_eq!((un[1].0, un[1].1.as_str()), (6, "违反条款"));
    assert!(
        un[1].2.contains("无人驾驶航空器飞行管理暂行条例") && un[1].2.contains("not a law"),
        "{un:?}"
    );
    assert_eq!((un[2].0, un[2].1.as_str()), (7, "不予处罚的条件"));
    // The output is a rules directory `rules check` accepts, and decisions cite the list.
    let check = cailiang(dir, &["rules", "check", out]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let d = cailiang(
        dir,
        &[
            "--rules",
            out,
            "decide",
            "SCJG-001",
            "--facts",
            "first_offense,minor_harm,corrected_in_time",
            "--occurred",
            "2026-05-01",
            "--decided",
            "2026-06-01",
            "--json",
        ],
    );
    let d: Value = serde_json::from_slice(&d.stdout).unwrap();
    assert_eq!(d["tier"], "exempt");
    let reasoning = d["reasoning"].as_str().unwrap();
    assert!(
        reasoning.contains(&format!("《{LIST}》（{DOC}）第1项")),
        "{reasoning}"
    );
    // The cap was read: goods worth more than 500 yuan are not exempt under item 2.
    let over = cailiang(
        dir,
        &[
            "--rules",
            out,
            "decide",
            "SCJG-003",
            "--facts",
            "first_offense,no_harm,corrected_in_time",
            "--amount",
            "800",
            "--occurred",
            "2026-05-01",
            "--decided",
            "2026-06-01",
            "--json",
        ],
    );
    let over: Value = serde_json::from_slice(&over.stdout).unwrap();
    assert_ne!(over["exemption"], "SCJG-E003", "{over}");
}

#[test]
fn a_csv_list_in_utf8_or_gbk_is_imported_row_by_row() {
    let t = tmp("csv");
    let d = &t.0;
    std::fs::write(d.join("list.csv"), CSV).unwrap();
    let r = import(d, "list.csv", "out", &[]).unwrap();
    check_csv_result(d, &r, "out");
    let (gbk, _, _) = encoding_rs::GBK.encode(CSV);
    std::fs::write(d.join("list-gbk.csv"), &gbk).unwrap();
    let r = import(d, "list-gbk.csv", "out-gbk", &[]).unwrap();
    check_csv_result(d, &r, "out-gbk");
}

#[test]
fn an_xlsx_list_with_a_title_a_split_header_and_a_notes_sheet() {
    let t = tmp("xlsx");
    let d = &t.0;
    let notes = xlsx::sheet_xml(&[&["填表说明"], &["本表由法制科汇总"]], "");
    let list = xlsx::sheet_xml(
        &[
            &["某市市场监管轻微违法行为不予处罚清单"],
            &["编号", "事项名称", "依据", "", "适用条件"],
            &["", "", "违法依据", "罚则", ""],
            &[
                "1",
                "商品未明码标价",
                "《价格法》第十三条",
                "《价格法》第四十二条",
                "初次违法且危害后果轻微，在责令期限内改正",
            ],
        ],
        "",
    );
    xlsx::write_workbook(&d.join("list.xlsx"), &[("说明", notes), ("清单", list)]);
    let r = import(d, "list.xlsx", "out", &[]).unwrap();
    assert_eq!(r["sheet"], "清单");
    assert_eq!(r["other_sheets"], serde_json::json!(["说明"]));
    let (un, im) = rows(&r);
    assert!(un.is_empty(), "{un:?}");
    assert_eq!(im, vec![(4, 1, "SCJG-001".into())]);
    assert!(cailiang(d, &["rules", "check", "out"]).status.success());
}

#[test]
fn a_word_table_is_imported() {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
    let t = tmp("docx");
    let d = &t.0;
    let cell =
        |s: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(s)));
    let row = |cells: &[&str]| TableRow::new(cells.iter().map(|c| cell(c)).collect());
    let table = Table::new(vec![
        row(&[
            "序号",
            "违法行为名称",
            "法律依据",
            "处罚依据",
            "不予处罚情形",
        ]),
        row(&[
            "1",
            "商品未明码标价",
            "《价格法》第十三条",
            "《价格法》第四十二条",
            "首次违法，没有造成危害后果，及时改正",
        ]),
        row(&[
            "2",
            "进货不查验",
            "《食品安全法》第五十三条",
            "《食品安全法》第一百二十六条",
            "初次违法且危害后果轻微并及时改正",
        ]),
    ]);
    let f = std::fs::File::create(d.join("list.docx")).unwrap();
    Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(LIST)))
        .add_table(table)
        .build()
        .pack(f)
        .unwrap();
    let r = import(d, "list.docx", "out", &[]).unwrap();
    assert_eq!(r["sheet"], "表格1");
    let (un, im) = rows(&r);
    assert!(un.is_empty(), "{un:?}");
    assert_eq!(im.len(), 2);
    assert_eq!(im[0].2, "SCJG-001");
    assert!(cailiang(d, &["rules", "check", "out"]).status.success());
}

#[test]
fn unusual_column_names_are_named_with_columns_and_nothing_is_left_half_written() {
    let t = tmp("columns");
    let d = &t.0;
    std::fs::write(
        d.join("odd.csv"),
        "行为描述,条文,免罚要件\n商品未明码标价,《价格法》第十三条,初次违法、危害后果轻微、及时改正\n",
    )
    .unwrap();
    let e = import(d, "odd.csv", "out", &[]).unwrap_err();
    assert!(e.contains("--columns"), "{e}");
    assert!(!d.join("out").exists());
    let r = import(
        d,
        "odd.csv",
        "out",
        &[
            "--columns",
            "violation=行为描述,violated=B,conditions=免罚要件",
        ],
    )
    .unwrap();
    assert_eq!(rows(&r).1, vec![(2, 1, "SCJG-001".into())]);
    // An output directory that holds anything is never written over.
    let e = import(
        d,
        "odd.csv",
        "out",
        &["--columns", "violation=行为描述,violated=B,conditions=C"],
    )
    .unwrap_err();
    assert!(e.contains("not empty"), "{e}");
    // The list's effective date is asked for, not assumed.
    let rules = fixture_rules();
    let o = cailiang(
        d,
        &[
            "--rules",
            &rules,
            "rules",
            "import",
            "odd.csv",
            "--department",
            "SCJG",
            "--list",
            LIST,
            "--out",
            "out2",
        ],
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("--effective"));
    assert!(!d.join("out2").exists());
}

/// The round trip on the bundled library: `rules export --xlsx` writes every list, and importing
/// each sheet back gives the same items (benchmark, item number, conditions, caps). The imports
/// run in-process on one opened library (the CLI would build its search index once per list).
#[test]
fn every_bundled_list_exported_and_imported_back_gives_the_same_items() {
    use cailiang::import::{self, Options};
    use cailiang::model::Library;
    let t = tmp("roundtrip");
    let d = &t.0;
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let o = cailiang(
        d,
        &[
            "--rules",
            rules.to_str().unwrap(),
            "rules",
            "export",
            "--xlsx",
            "all.xlsx",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let store = cailiang::library::open_rules_dir(&rules).unwrap();
    let base = import::base_files(Some(&rules)).unwrap();
    type Item = (String, u32, Vec<String>, Option<f64>, Option<f64>);
    let items_of = |lib: &Library, list: &str| -> Vec<Item> {
        let mut v: Vec<Item> = lib
            .benchmarks
            .iter()
            .flat_map(|b| b.exemptions.iter().map(move |e| (b, e)))
            .filter(|(_, e)| e.list == list)
            .map(|(b, e)| {
                let mut c: Vec<String> =
                    e.conditions.iter().map(|f| f.code().to_string()).collect();
                c.sort();
                (b.id.clone(), e.number, c, e.max_amount, e.max_gain)
            })
            .collect();
        v.sort_by_key(|x| x.1);
        v
    };
    let lib = &store.lib;
    let (mut differ, mut lists) = (Vec::new(), 0);
    for dept in &lib.departments {
        for list in &dept.lists {
            let original = items_of(lib, &list.id);
            if original.is_empty() {
                continue;
            }
            lists += 1;
            let out = d.join(format!("out-{}", list.id));
            let opts = Options {
                file: d.join("all.xlsx"),
                department: dept.code.clone(),
                list: list.title.clone(),
                doc_number: list.doc_number.clone(),
                list_type: Some(list.list_type.clone()),
                effective: Some(list.effective),
                columns: Vec::new(),
                sheet: Some(list.id.clone()),
                out: out.clone(),
            };
            let r =
                import::run(&store, &base, &opts).unwrap_or_else(|e| panic!("{}: {e}", list.id));
            assert_eq!(r.rows, original.len(), "{}: every row read", list.id);
            let back = cailiang::rules::load_dir(&out).unwrap();
            let imported = items_of(&back, &r.list_id);
            if imported != original {
                differ.push(format!(
                    "{}: {original:?}\n   back {imported:?}\n   {:?}",
                    list.id, r.unmapped
                ));
            }
            std::fs::remove_dir_all(&out).unwrap();
        }
    }
    assert!(lists >= 40, "{lists} lists");
    assert!(
        differ.is_empty(),
        "{} lists differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
}

/// Fixture rules with a second benchmark on SCJG-001's provisions (价格法 第十三条, 第四十二条).
fn rules_with_two_on_one_article(d: &Path) -> PathBuf {
    let rules = d.join("rules");
    cli::copy_dir(Path::new(&fixture_rules()), &rules);
    let p = rules.join("departments/SCJG.toml");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str(
        "\n[[benchmarks]]\nid = \"SCJG-005\"\nviolation = \"经营者提供服务未按照规定公示收费项目和标准\"\n\
         provenance = \"测试用：与 SCJG-001 同一条文\"\n\
         violated = [{ law = \"价格法\", article = \"第十三条第一款\" }]\n\
         penalty = [{ law = \"价格法\", article = \"第四十二条\" }]\n\
         kinds = [\"罚款\"]\nfine = { min = 0, max = 5000 }\nmeasures = [\"责令改正\"]\n",
    );
    std::fs::write(&p, text).unwrap();
    rules
}

#[test]
fn where_several_benchmarks_share_the_article_an_unclear_wording_is_reported_and_a_named_one_taken()
{
    let t = tmp("tie");
    let d = &t.0;
    let rules = rules_with_two_on_one_article(d);
    std::fs::write(
        d.join("list.csv"),
        "序号,违法行为,违反条款,处罚依据,不予处罚的条件,基准编号\n\
         1,经营者销售商品未按照规定明码标价,《价格法》第十三条第一款,《价格法》第四十二条,初次违法，及时改正,\n\
         2,其他违反本条规定的行为,《价格法》第十三条第一款,《价格法》第四十二条,初次违法，及时改正,\n\
         3,价格违法,《价格法》第十三条第一款,《价格法》第四十二条,初次违法，及时改正,SCJG-005\n\
         4,价格违法,《价格法》第十三条第一款,《价格法》第四十二条,初次违法，及时改正,SCJG-003\n",
    )
    .unwrap();
    let o = cailiang(
        d,
        &[
            "--rules",
            rules.to_str().unwrap(),
            "rules",
            "import",
            "list.csv",
            "--department",
            "SCJG",
            "--list",
            "某市价格领域首违不罚清单",
            "--list-type",
            "轻微不罚",
            "--effective",
            "2026-01-01",
            "--out",
            "out",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let (un, im) = rows(&r);
    // The clear wording picks its benchmark; the benchmark the office names is taken.
    assert_eq!(
        im,
        vec![(2, 1, "SCJG-001".into()), (4, 3, "SCJG-005".into())],
        "{r}"
    );
    // A vague wording is reported with both candidates, for the office to name one.
    assert_eq!((un[0].0, un[0].1.as_str()), (3, "违法行为"), "{un:?}");
    assert!(
        un[0].2.contains("SCJG-001")
            && un[0].2.contains("SCJG-005")
            && un[0].2.contains("基准编号"),
        "{un:?}"
    );
    // A named benchmark that does not rest on the cited provisions is reported at its column.
    assert_eq!((un[1].0, un[1].1.as_str()), (5, "基准编号"), "{un:?}");
    assert!(un[1].2.contains("SCJG-003"), "{un:?}");
    // --list-type wins over the list's name (which says 首违).
    let dept = std::fs::read_to_string(d.join("out/departments/SCJG.toml")).unwrap();
    assert!(dept.contains("list_type = \"轻微不罚\""), "{dept}");
    let bad = cailiang(
        d,
        &[
            "--rules",
            rules.to_str().unwrap(),
            "rules",
            "import",
            "list.csv",
            "--department",
            "SCJG",
            "--list",
            "x",
            "--list-type",
            "从轻",
            "--effective",
            "2026-01-01",
            "--out",
            "out2",
        ],
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--list-type"));
    assert!(!d.join("out2").exists());
}

#[test]
fn a_row_no_benchmark_holds_gets_a_draft_outside_the_rules_with_what_is_missing() {
    let t = tmp("draft");
    let d = &t.0;
    std::fs::write(
        d.join("list.csv"),
        "序号,违法行为,违反条款,处罚依据,不予处罚的条件\n\
         1,商品未明码标价,《价格法》第十三条第一款,《价格法》第四十二条,初次违法，及时改正\n\
         2,市场内货运车辆未随车携带营运证,《道路运输条例》第三十三条,,初次违法，及时改正\n",
    )
    .unwrap();
    let r = import(d, "list.csv", "out", &[]).unwrap();
    let (un, im) = rows(&r);
    assert_eq!(im, vec![(2, 1, "SCJG-001".into())]);
    assert_eq!((un[0].0, un[0].1.as_str()), (3, "违反条款"));
    assert!(un[0].2.contains("draft benchmark SCJG-005"), "{un:?}");
    let path = r["drafts"]
        .as_str()
        .expect("the report names the drafts file");
    let text = std::fs::read_to_string(d.join(path)).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    let b = &v["benchmarks"][0];
    assert_eq!(b["id"].as_str(), Some("SCJG-005"));
    // (The fixture's SCJG has no benchmark on this article; JTYS's is another department's.)
    assert_eq!(
        b["violation"].as_str(),
        Some("市场内货运车辆未随车携带营运证")
    );
    assert_eq!(b["violated"][0]["article"].as_str(), Some("第三十三条"));
    // Nothing is invented: no kinds, no fine — the header says they are to be completed.
    assert!(b.get("kinds").is_none() && b.get("fine").is_none());
    assert!(text.contains("待补全") && text.contains(&format!("《{LIST}》（{DOC}）第2项")));
    // The rules written stay valid: the loader never reads drafts/.
    let check = cailiang(d, &["rules", "check", "out"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
