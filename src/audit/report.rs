//! The review as one self-contained HTML file: no scripts, no fonts or images from anywhere,
//! charts as inline SVG, printable.

use super::stats::Summary;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A horizontal bar chart: one bar per (label, value), scaled to the largest value.
fn bars(rows: &[(String, f64, String)], colour: &str) -> String {
    let max = rows.iter().map(|r| r.1).fold(0.0f64, f64::max).max(1e-9);
    let h = 22;
    let mut s = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 760 {}\" width=\"760\" height=\"{}\">",
        rows.len() * h + 4,
        rows.len() * h + 4
    );
    for (i, (label, v, text)) in rows.iter().enumerate() {
        let y = i * h + 2;
        let w = (v / max * 420.0).max(1.0);
        s.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text><rect x=\"250\" y=\"{}\" width=\"{w:.1}\" height=\"16\" fill=\"{colour}\"><title>{}</title></rect><text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{}</text>",
            y + 13,
            esc(&label.chars().take(24).collect::<String>()),
            y,
            esc(text),
            250.0 + w + 6.0,
            y + 13,
            esc(text)
        ));
    }
    s.push_str("</svg>");
    s
}

pub fn html(s: &Summary) -> String {
    let mut h = String::new();
    h.push_str("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>裁量一致性审查报告</title><style>");
    h.push_str("body{font-family:'Noto Sans CJK SC',sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #bbb;padding:.2rem .5rem;font-size:.9rem}th{background:#eee}.num{text-align:right}h2{border-bottom:2px solid #9b1c1c;padding-bottom:.2rem}.muted{color:#555}@media print{body{margin:0}}");
    h.push_str("</style></head><body>");
    h.push_str(&cover(s, chrono::Local::now().date_naive()));
    h.push_str("<h2>结论</h2><ol>");
    for c in conclusions(s) {
        h.push_str(&format!("<li>{}</li>", esc(&c)));
    }
    h.push_str("</ol>");
    h.push_str("<h2>发现分类</h2>");
    // In the order of the codes (符合 first, then from the gravest deviation), not alphabetical.
    let rows: Vec<(String, f64, String)> = super::row::FINDING_CODES
        .iter()
        .zip(super::row::FINDING_ZH)
        .filter_map(|(code, zh)| {
            s.findings
                .get(code)
                .map(|v| (zh.to_string(), *v as f64, v.to_string()))
        })
        .collect();
    h.push_str(&bars(&rows, "#9b1c1c"));
    h.push_str("<h2>按基准结论（从轻到重）</h2>");
    let rows: Vec<(String, f64, String)> = crate::model::Tier::ALL
        .iter()
        .filter_map(|t| {
            s.by_tier
                .get(t.code())
                .filter(|v| **v > 0)
                .map(|v| (t.zh().to_string(), *v as f64, v.to_string()))
        })
        .collect();
    h.push_str(&bars(&rows, "#355c7d"));
    h.push_str("<h2>各执法单位偏离率</h2>");
    let rows: Vec<(String, f64, String)> = s
        .by_unit
        .iter()
        .take(43)
        .map(|u| {
            (
                u.unit.clone(),
                u.deviation_rate,
                format!(
                    "{}（{}/{}）",
                    pct(u.deviation_rate),
                    u.deviations,
                    u.evaluated
                ),
            )
        })
        .collect();
    h.push_str(&bars(&rows, "#b26a00"));
    h.push_str("<table><tr><th>执法单位</th><th>案件</th><th>偏离</th><th>偏离率</th><th>同案不同罚指数</th></tr>");
    for u in &s.by_unit {
        h.push_str(&format!(
            "<tr><td>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td></tr>",
            esc(&u.unit),
            u.cases,
            u.deviations,
            pct(u.deviation_rate),
            u.inconsistency_index.map(pct).unwrap_or_else(|| "—".into())
        ));
    }
    h.push_str("</table>");
    h.push_str("<h2>各事项（按案件数）</h2><table><tr><th>事项</th><th>违法行为</th><th>案件</th><th>偏离率</th><th>同案不同罚指数</th></tr>");
    for i in s.by_item.iter().take(50) {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=num>{}</td><td class=num>{}</td><td class=num>{}</td></tr>",
            esc(&i.item),
            esc(&i.violation),
            i.cases,
            pct(i.deviation_rate),
            i.inconsistency_index.map(pct).unwrap_or_else(|| "—".into())
        ));
    }
    h.push_str("</table>");
    h.push_str(&format!(
        "<h2>同类案件处理结果离散度</h2><p class=\"muted\">同一事项、同一情节组合的案件为一组；少于 {} 件的组不显示。不予处罚和警告按 0 元计入罚款统计。</p>",
        s.min_group
    ));
    h.push_str("<table><tr><th>事项</th><th>情节</th><th>案件</th><th>最常见结果</th><th>不一致比例</th><th>罚款均值</th><th>标准差</th><th>变异系数</th><th>最低</th><th>最高</th></tr>");
    for g in s.dispersion.iter().take(60) {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=num>{}</td><td>{}</td><td class=num>{}</td><td class=num>{:.0}</td><td class=num>{:.0}</td><td class=num>{}</td><td class=num>{:.0}</td><td class=num>{:.0}</td></tr>",
            esc(&g.item),
            esc(&g.facts.join("、")),
            g.cases,
            g.modal,
            pct(g.inconsistency),
            g.fine_mean,
            g.fine_sd,
            g.fine_cv.map(|c| format!("{c:.2}")).unwrap_or_else(|| "—".into()),
            g.fine_min,
            g.fine_max
        ));
    }
    h.push_str("</table>");
    h.push_str("<p class=\"muted\">本报告由裁量通离线生成。参考基准库不是任何机关的正式清单；结论须由法制审核人员复核。</p></body></html>");
    h
}

/// The cover: what a superior reads first — the office, the period the decisions cover, the
/// rules they were compared with, when, and the file reviewed.
fn cover(s: &Summary, today: chrono::NaiveDate) -> String {
    let zh_date = crate::reasoning::zh_date;
    let period = match s.period {
        Some(p) if p.first == p.last => zh_date(p.first),
        Some(p) => format!("{}至{}", zh_date(p.first), zh_date(p.last)),
        None => "输入未载明决定日期".into(),
    };
    let row = |k: &str, v: String| format!("<tr><th>{k}</th><td>{}</td></tr>", esc(&v));
    let mut h = String::from(
        "<section class=\"cover\"><h1>行政处罚裁量一致性审查报告</h1><p class=\"muted\">（同案同罚）</p><table>",
    );
    h.push_str(&row(
        "被审查单位",
        s.office.clone().unwrap_or_else(|| "＿＿＿＿＿＿".into()),
    ));
    h.push_str(&row("决定日期范围", period));
    h.push_str(&row(
        "审查依据",
        format!(
            "裁量基准库 {}（库 {}）",
            s.rules_version,
            s.library_hash.chars().take(12).collect::<String>()
        ),
    ));
    h.push_str(&row("报告日期", zh_date(today)));
    h.push_str(&row(
        "审查文件",
        format!(
            "{}（{}，{} 字节{}）",
            s.input.path,
            s.input.format,
            s.input.bytes,
            s.input
                .sheet
                .as_ref()
                .map(|x| format!("，工作表“{}”", x.sheet))
                .unwrap_or_default()
        ),
    ));
    h.push_str("</table></section>");
    h
}

/// The conclusions, written from the figures alone: how many cases and deviations, the most
/// frequent kind, the legality problems, the unit and the item that stand out, and what could
/// not be reviewed.
pub fn conclusions(s: &Summary) -> Vec<String> {
    let mut out = vec![format!(
        "共审查案件 {} 件，可复核 {} 件；偏离裁量基准 {} 件，偏离率 {}。",
        s.cases,
        s.evaluated,
        s.deviations,
        pct(s.deviation_rate)
    )];
    let worst_kind = super::row::FINDING_CODES
        .iter()
        .zip(super::row::FINDING_ZH)
        .filter(|(c, _)| !matches!(**c, "consistent" | "bad_row"))
        .filter_map(|(c, zh)| s.findings.get(c).filter(|n| **n > 0).map(|n| (zh, *n)))
        .max_by_key(|(_, n)| *n);
    if let Some((zh, n)) = worst_kind {
        out.push(format!("偏离中最多的是“{zh}”，{n} 件。"));
    }
    for (code, what) in [
        ("fined_when_exempt", "依法应不予处罚而作出处罚"),
        ("above_legal_max", "罚款超过法定上限"),
        ("time_limit_passed", "超过追责时效仍予处罚"),
    ] {
        if let Some(n) = s.findings.get(code).filter(|n| **n > 0) {
            out.push(format!("有 {n} 件{what}，属于合法性问题，应优先复核。"));
        }
    }
    // A unit with few reviewable cases is not singled out on a rate.
    if let Some(u) = s
        .by_unit
        .iter()
        .filter(|u| u.evaluated >= 10 && u.deviations > 0)
        .max_by(|a, b| a.deviation_rate.total_cmp(&b.deviation_rate))
    {
        out.push(format!(
            "偏离率最高的执法单位是{}：{}（{}/{} 件）。",
            u.unit,
            pct(u.deviation_rate),
            u.deviations,
            u.evaluated
        ));
    }
    if let Some((i, x)) = s
        .by_item
        .iter()
        .filter_map(|i| i.inconsistency_index.map(|x| (i, x)))
        .filter(|(_, x)| *x > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
    {
        out.push(format!(
            "同案不同罚最突出的事项是 {} {}：情节相同的案件中有 {} 的处理结果与该组最常见的结果不同。",
            i.item,
            i.violation,
            pct(x)
        ));
    }
    if s.bad_rows > 0 {
        out.push(format!(
            "另有 {} 行因格式错误未能复核，明细见审查结果表，补正后可再次审查。",
            s.bad_rows
        ));
    }
    if s.deviations == 0 && s.evaluated > 0 {
        out.push("可复核的案件均符合裁量基准。".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::stats::{Period, UnitRow};
    use super::*;

    fn summary() -> Summary {
        Summary {
            input: Default::default(),
            cases: 120,
            bad_rows: 2,
            evaluated: 118,
            deviations: 18,
            deviation_rate: 18.0 / 118.0,
            findings: [
                ("consistent", 100),
                ("above_band", 11),
                ("fined_when_exempt", 7),
                ("bad_row", 2),
            ]
            .into_iter()
            .collect(),
            by_unit: vec![UnitRow {
                unit: "甲区市场监管局".into(),
                cases: 60,
                evaluated: 60,
                deviations: 12,
                deviation_rate: 0.2,
                findings: Default::default(),
                inconsistency_index: Some(0.25),
            }],
            by_item: Vec::new(),
            by_tier: Default::default(),
            dispersion: Vec::new(),
            min_group: 5,
            rules_version: "2026.11.1".into(),
            library_hash: "abcdef0123456789".into(),
            took_ms: 1,
            findings_csv: None,
            report_html: None,
            deviation_rows: Vec::new(),
            deviation_rows_truncated: false,
            period: Some(Period {
                first: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
                last: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            }),
            office: Some("某市市场监督管理局".into()),
        }
    }

    #[test]
    fn the_conclusions_are_written_from_the_figures() {
        let c = conclusions(&summary());
        assert_eq!(
            c[0],
            "共审查案件 120 件，可复核 118 件；偏离裁量基准 18 件，偏离率 15.3%。"
        );
        assert_eq!(c[1], "偏离中最多的是“高于裁量幅度”，11 件。");
        assert!(c[2].contains("7 件依法应不予处罚而作出处罚") && c[2].contains("优先复核"));
        assert_eq!(
            c[3],
            "偏离率最高的执法单位是甲区市场监管局：20.0%（12/60 件）。"
        );
        assert!(c[4].contains("2 行因格式错误"), "{c:?}");
    }

    #[test]
    fn the_cover_names_office_period_rules_and_date() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let h = cover(&summary(), day);
        for want in [
            "某市市场监督管理局",
            "2026年1月5日至2026年6月30日",
            "2026.11.1",
            "2026年12月6日",
        ] {
            assert!(h.contains(want), "{want}: {h}");
        }
        let mut s = summary();
        s.office = None;
        s.period = None;
        let h = cover(&s, day);
        assert!(
            h.contains("＿＿") && h.contains("输入未载明决定日期"),
            "{h}"
        );
    }

    #[test]
    fn categories_follow_the_codes_order_not_the_alphabet() {
        let page = html(&summary());
        let h = &page[page.find("<h2>发现分类</h2>").unwrap()..];
        let at = |w: &str| h.find(w).unwrap_or_else(|| panic!("{w}"));
        assert!(at("符合基准") < at("应免罚而处罚") && at("应免罚而处罚") < at("高于裁量幅度"));
    }
}
