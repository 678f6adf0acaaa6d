//! The bundled library (rules/): the counts the city's report sets, coverage of the required
//! topics, provenance on every item, every typical case reproduced, and the built-in copy in the
//! binary identical to rules/.

use cailiang::model::Library;
use cailiang::{cases, embedded, library, rules};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        rules::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap()
    })
}

const DEPARTMENTS: [&str; 15] = [
    "市发展和改革委员会",
    "市自然资源和规划局",
    "市生态环境局",
    "市交通运输局",
    "市市场监督管理局",
    "市农业农村局",
    "市应急管理局",
    "市文化旅游广电体育局",
    "市人力资源和社会保障局",
    "市住房和城乡建设局",
    "市城市管理和综合执法局",
    "市卫生健康委员会",
    "市水利局",
    "市商务局",
    "市林业局",
];

#[test]
fn fifteen_departments_and_exactly_263_exemption_items() {
    let l = lib();
    let names: Vec<&str> = l.departments.iter().map(|d| d.name.as_str()).collect();
    for d in DEPARTMENTS {
        assert!(names.contains(&d), "missing department {d}");
    }
    assert_eq!(l.departments.len(), 15);
    assert_eq!(l.exemption_count(), 263);
    let non_exempt = l
        .benchmarks
        .iter()
        .filter(|b| b.exemptions.is_empty())
        .count();
    assert!(non_exempt >= 80, "{non_exempt} benchmarks are never exempt");
    assert!(l.laws.len() >= 60, "{} laws", l.laws.len());
    assert!(l.synonyms.len() >= 300, "{} synonyms", l.synonyms.len());
    assert!(l.cases.len() >= 45, "{} typical cases", l.cases.len());
}

#[test]
fn every_department_has_three_typical_cases_and_all_reproduce() {
    let l = lib();
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &l.cases {
        let b = l.benchmark(&c.benchmark).unwrap();
        *per.entry(b.department.as_str()).or_default() += 1;
        let chk = cases::check(l, c);
        assert!(
            chk.problems.is_empty(),
            "{} ({}): {:?}",
            c.id,
            c.origin,
            chk.problems
        );
    }
    for d in &l.departments {
        assert!(
            per.get(d.code.as_str()).copied().unwrap_or(0) >= 3,
            "{} has fewer than 3 cases",
            d.code
        );
    }
}

#[test]
fn every_item_says_where_it_comes_from() {
    let l = lib();
    for b in &l.benchmarks {
        assert!(!b.provenance.trim().is_empty(), "{}", b.id);
        assert!(
            !b.current().violated.is_empty()
                || !b.current().penalty.is_empty()
                || b.regimes.len() > 1,
            "{}",
            b.id
        );
        for e in &b.exemptions {
            assert!(!e.provenance.trim().is_empty(), "{}", e.id);
            assert!(
                // 责令改正, or the order the statute words otherwise: 责令纠正 (植物检疫条例),
                // 责令停止建设 (环境影响评价: the act is stopped, 第二十八条).
                e.measures
                    .iter()
                    .chain(&b.current().measures)
                    .any(|m| m.contains("改正") || m.contains("纠正") || m.contains("责令停止")),
                "{}: 免罚不免责",
                e.id
            );
        }
    }
    // A list without a 文号 either says it is a reference list, or names where the published
    // list was read and says its 文号 was not seen.
    for d in &l.departments {
        for list in &d.lists {
            if list.doc_number.is_none() {
                let reference =
                    list.provenance.contains("参考") || list.provenance.contains("本库");
                let published =
                    list.provenance.contains("http") && list.provenance.contains("文号");
                assert!(reference || published, "{}: {}", list.id, list.provenance);
            }
        }
    }
}

#[test]
fn the_required_topics_are_covered() {
    let l = lib();
    let topics: &[(&str, &[&str])] = &[
        ("明码标价", &["明码标价"]),
        ("营业执照公示", &["营业执照"]),
        ("从业人员健康证明", &["健康证明"]),
        ("食品进货查验记录", &["进货查验", "查验"]),
        ("电子商务经营者亮照亮证", &["电子商务经营者"]),
        ("计量器具强制检定", &["强制检定"]),
        ("广告绝对化用语", &["最佳", "国家级"]),
        ("特种设备使用登记", &["使用登记"]),
        ("固定资产投资项目节能审查", &["节能"]),
        ("企业投资项目备案", &["备案"]),
        ("测绘成果汇交", &["汇交"]),
        ("临时用地到期恢复", &["临时用地"]),
        ("未按建设工程规划许可建设", &["建设工程规划许可"]),
        ("危险废物识别标志", &["识别标志"]),
        ("施工扬尘", &["扬尘", "防尘"]),
        ("餐饮油烟净化设施", &["油烟"]),
        ("环境影响登记表备案", &["登记表"]),
        ("夜间施工噪声", &["噪声"]),
        ("排污单位自行监测", &["监测"]),
        ("道路运输证随车携带", &["营运证"]),
        ("超限运输", &["超过公路", "超限"]),
        ("公路用地堆放物品", &["公路用地"]),
        ("未成年人禁入标志", &["禁入"]),
        ("旅游合同", &["旅游合同"]),
        ("导游佩戴导游证", &["导游证"]),
        ("娱乐场所警示标志", &["娱乐场所"]),
        ("农药经营台账", &["台账"]),
        ("兽药购销记录", &["购销记录"]),
        ("种子标签", &["标签"]),
        ("禁渔期捕捞", &["禁渔"]),
        ("畜禽标识", &["畜禽标识"]),
        ("安全生产教育培训记录", &["教育和培训", "培训"]),
        ("特种作业人员持证上岗", &["特种作业"]),
        ("安全警示标志", &["警示标志"]),
        ("应急救援预案与演练", &["应急救援预案"]),
        ("职工名册", &["职工名册"]),
        ("工资支付台账", &["工资支付台账"]),
        ("人力资源服务机构公示", &["人力资源服务机构"]),
        ("房地产经纪机构公示", &["经纪机构"]),
        ("施工现场围挡与安全防护", &["围挡"]),
        ("店外经营与占道", &["占用城市道路", "街道两侧"]),
        ("户外广告设施设置", &["户外广告"]),
        ("建筑垃圾运输遗撒", &["遗撒", "渣土"]),
        ("占用损毁城市绿地", &["绿化用地", "绿化"]),
        ("公共场所从业人员健康合格证明", &["健康合格证明"]),
        ("卫生许可证公示", &["卫生许可证"]),
        ("医疗废物分类", &["医疗废物"]),
        ("公共场所吸烟", &["吸烟"]),
        ("河道管理范围内堆放", &["河道"]),
        ("水土保持方案", &["水土保持方案"]),
        ("取水计量设施", &["计量设施"]),
        ("单用途预付卡备案", &["单用途卡", "预付卡"]),
        ("再生资源回收经营者备案", &["再生资源"]),
        ("植物检疫证书", &["检疫"]),
        ("林木采伐许可", &["采伐许可证"]),
    ];
    for (topic, words) in topics {
        let found = l.benchmarks.iter().any(|b| {
            let text = format!("{}{}", b.violation, b.aliases.join(""));
            words.iter().any(|w| text.contains(w))
        });
        assert!(found, "no benchmark for the topic {topic}");
    }
}

/// The kinds of item real published lists hold, by department (issue 15's sample review): each
/// department holds a benchmark whose violation names the kind. Kinds the sweep could not ground
/// in a law text it read (施工铭牌, 工程造价咨询备案, 出租汽车服务监督卡, 旅行社许可证公示,
/// 艺术品经营备案, 节能审查) are not listed here; docs/library.md says why.
#[test]
fn each_department_holds_the_kinds_published_lists_hold() {
    let l = lib();
    let kinds: &[(&str, &str, &[&str])] = &[
        ("ZJJ", "资质", &["资质"]),
        ("ZJJ", "变更注册", &["变更注册"]),
        ("ZJJ", "信用档案", &["信用档案"]),
        ("ZJJ", "商品房预售", &["预售"]),
        ("ZJJ", "物业招标", &["招投标", "招标"]),
        ("CGJ", "排水许可", &["排水管网许可"]),
        ("CGJ", "城市道路施工", &["城市道路"]),
        ("WJW", "消毒产品", &["消毒"]),
        ("WJW", "职业健康监护", &["职业健康"]),
        ("WJW", "职业病危害告知", &["职业病危害"]),
        ("RSJ", "职业中介押金", &["押金"]),
        ("RSJ", "扣押证件", &["身份证"]),
        ("RSJ", "农民工实名制", &["实名"]),
        ("SWJ", "家庭服务机构", &["家庭服务"]),
        ("SLJ", "河道管理范围内建设", &["跨河", "穿河", "临河"]),
        ("SLJ", "水库大坝", &["大坝"]),
        ("FGW", "粮食质量标准", &["质量标准"]),
        ("FGW", "招标投标", &["招标"]),
        ("ZRZY", "采矿许可变更", &["变更"]),
        ("ZRZY", "地图审核", &["地图"]),
        ("WHLY", "旅行社", &["旅行社"]),
        ("WHLY", "网吧身份核对", &["身份证"]),
        ("JTYS", "危险货物运输从业资格", &["危险"]),
        ("LYJ", "林地临时使用", &["临时使用林地", "临时占用林地"]),
        ("LYJ", "野生动物出售", &["野生动物"]),
        ("SCJG", "药品广告审查", &["药品+广告+审查"]),
        ("SCJG", "法定计量单位", &["法定计量单位"]),
        ("STHJ", "排污许可执行报告", &["执行报告"]),
        ("YJGL", "危险化学品安全标签", &["安全标签"]),
        ("YJGL", "烟花爆竹经营许可", &["烟花爆竹"]),
        ("NYNC", "动物检疫证明", &["检疫证明"]),
        ("NYNC", "品种审定", &["审定"]),
    ];
    let mut missing = Vec::new();
    for (dept, kind, words) in kinds {
        // Any alternative; within one, every `+`-joined word.
        let found = l.benchmarks.iter().any(|b| {
            b.id.starts_with(&format!("{dept}-"))
                && words
                    .iter()
                    .any(|alt| alt.split('+').all(|w| b.violation.contains(w)))
        });
        if !found {
            missing.push(format!("{dept} {kind}"));
        }
    }
    assert!(
        missing.is_empty(),
        "departments without the kind: {missing:?}"
    );
}

#[test]
fn synonyms_point_at_words_the_library_uses() {
    let l = lib();
    let text: String = l
        .benchmarks
        .iter()
        .map(|b| format!("{}{}", b.violation, b.aliases.join("")))
        .collect();
    let dead: Vec<_> = l
        .synonyms
        .iter()
        .filter(|(_, v)| !v.iter().any(|t| text.contains(t.as_str())))
        .map(|(k, _)| k.clone())
        .collect();
    assert!(
        dead.len() * 20 <= l.synonyms.len(),
        "synonyms whose legal terms occur nowhere: {dead:?}"
    );
}

#[test]
fn the_binary_carries_exactly_rules() {
    let files =
        rules::RuleFiles::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap();
    assert_eq!(
        files.content_hash(),
        embedded::CONTENT_HASH,
        "rebuild: the embedded rules are stale"
    );
    assert_eq!(
        embedded::rule_files().content_hash(),
        embedded::CONTENT_HASH
    );
    // The built-in library opens through its cache and is the same library.
    let cache = std::env::temp_dir().join(format!("cailiang-builtin-test-{}", std::process::id()));
    std::env::set_var("CAILIANG_CACHE_DIR", &cache);
    // A library another build cached (same rules, same version, other code) is neither read
    // nor kept; files that are not cached libraries are left alone.
    std::fs::create_dir_all(&cache).unwrap();
    let other_build = cache.join(format!(
        "library-{}-{}-000000000000.sqlite",
        &embedded::CONTENT_HASH[..16],
        env!("CARGO_PKG_VERSION")
    ));
    std::fs::write(&other_build, b"written by another build").unwrap();
    std::fs::write(cache.join("notes.txt"), b"not ours").unwrap();
    let first = library::open_builtin().unwrap();
    assert!(first.path.as_ref().is_some_and(|p| p.starts_with(&cache)));
    assert_ne!(first.path.as_deref(), Some(other_build.as_path()));
    assert!(!other_build.exists(), "the other build's cache is removed");
    assert!(cache.join("notes.txt").exists());
    let again = library::open_builtin().unwrap();
    assert_eq!(again.lib, first.lib);
    assert_eq!(first.lib.content_hash, lib().content_hash);
    // A damaged cache is rebuilt, not trusted.
    let p = first.path.clone().unwrap();
    std::fs::write(&p, b"not a database").unwrap();
    let rebuilt = library::open_builtin().unwrap();
    assert_eq!(rebuilt.lib.benchmarks.len(), lib().benchmarks.len());
    let _ = std::fs::remove_dir_all(&cache);
}

#[test]
fn a_damaged_or_edited_library_file_is_an_error_never_a_panic() {
    let dir = std::env::temp_dir().join(format!("cailiang-tamper-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture =
        rules::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules"))
            .unwrap();
    let fresh = |name: &str| {
        let p = dir.join(name);
        let _ = std::fs::remove_file(&p);
        library::build(&fixture, &p).unwrap();
        p
    };
    // A benchmark edited to have no regime (the engine relies on one).
    let p = fresh("regimes.sqlite");
    let c = rusqlite::Connection::open(&p).unwrap();
    c.execute(
        "UPDATE benchmarks SET json = json_set(json, '$.regimes', json('[]')) WHERE rowid = 1",
        [],
    )
    .unwrap();
    drop(c);
    let e = library::open(&p).err().expect("refused");
    assert!(e.to_string().contains("no regime"), "{e}");
    // A fine edited to a value that is not an amount.
    let p = fresh("fine.sqlite");
    let c = rusqlite::Connection::open(&p).unwrap();
    c.execute(
        "UPDATE benchmarks SET json = json_set(json, '$.regimes[0].tiers', json('[{\"tier\":\"light\",\"party\":null,\"fine\":{\"min_yuan\":-5,\"max_yuan\":1},\"when\":[],\"note\":null}]')) WHERE rowid = 1",
        [],
    )
    .unwrap();
    drop(c);
    assert!(library::open(&p).is_err());
    // The search index's bytes overwritten.
    let p = fresh("index.sqlite");
    let c = rusqlite::Connection::open(&p).unwrap();
    c.execute("UPDATE search_index SET data = zeroblob(length(data))", [])
        .unwrap();
    drop(c);
    let e = library::open(&p).err().expect("refused");
    assert!(e.to_string().contains("search index"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}
