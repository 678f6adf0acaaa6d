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
    h.push_str("<h1>裁量一致性审查报告（同案同罚）</h1>");
    h.push_str(&format!(
        "<p class=\"muted\">输入：{}（{}，{} 字节）· 规则 {} · 库 {} · 用时 {} 毫秒</p>",
        esc(&s.input.path),
        esc(&s.input.format),
        s.input.bytes,
        esc(&s.rules_version),
        esc(&s.library_hash.chars().take(12).collect::<String>()),
        s.took_ms
    ));
    h.push_str(&format!(
        "<p>案件 <b>{}</b> 件，其中可复核 {} 件，格式错误 {} 件；偏离基准 <b>{}</b> 件，偏离率 <b>{}</b>。</p>",
        s.cases,
        s.evaluated,
        s.bad_rows,
        s.deviations,
        pct(s.deviation_rate)
    ));
    h.push_str("<h2>发现分类</h2>");
    let zh = |c: &str| super::row::finding_zh(c).unwrap_or("");
    let rows: Vec<(String, f64, String)> = s
        .findings
        .iter()
        .map(|(k, v)| (format!("{}（{k}）", zh(k)), *v as f64, v.to_string()))
        .collect();
    h.push_str(&bars(&rows, "#9b1c1c"));
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
