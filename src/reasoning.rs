//! 说理: renders an evaluation as a paragraph in the register of a 行政处罚决定书, with citations in
//! 《…》第N条 form, so an officer can paste it into a decision document.

use crate::engine::{yuan_range, zh_list, CitationOut, Evaluation, Query};
use crate::model::*;
use chrono::NaiveDate;

/// 《中华人民共和国价格法》第四十二条
pub fn cite_text(c: &CitationOut) -> String {
    match &c.version {
        Some(v) => format!("《{}》（{}）{}", c.law, v, c.article),
        None => format!("《{}》{}", c.law, c.article),
    }
}

fn join_cites(cs: &[CitationOut]) -> String {
    cs.iter().map(cite_text).collect::<Vec<_>>().join("、")
}

fn find<'a>(e: &'a Evaluation, step: &str) -> Option<&'a crate::engine::Reason> {
    e.reasons.iter().find(|r| r.step == step)
}

fn statute_text(e: &Evaluation, step: &str, fallback: &str) -> String {
    find(e, step)
        .and_then(|r| r.citation.as_ref())
        .map(cite_text)
        .unwrap_or_else(|| fallback.to_string())
}

fn measures_text(m: &[String]) -> String {
    if m.is_empty() {
        return String::new();
    }
    format!("，并{}", m.join("、"))
}

pub fn render(
    lib: &Library,
    item: &Benchmark,
    e: &Evaluation,
    q: &Query,
    occurred: NaiveDate,
    decided: NaiveDate,
    evaluations: &[Evaluation],
) -> String {
    let regime = item
        .regimes
        .iter()
        .find(|r| r.from == e.regime_from && r.until == e.regime_until)
        .unwrap_or_else(|| item.current());
    let violated: Vec<CitationOut> = regime
        .violated
        .iter()
        .filter_map(|c| {
            e.citations
                .iter()
                .find(|x| {
                    x.article == c.article && lib.law(&c.law).is_some_and(|l| l.name == x.law)
                })
                .cloned()
        })
        .collect();
    let penalty: Vec<CitationOut> = regime
        .penalty
        .iter()
        .filter_map(|c| {
            e.citations
                .iter()
                .find(|x| {
                    x.article == c.article && lib.law(&c.law).is_some_and(|l| l.name == x.law)
                })
                .cloned()
        })
        .collect();

    let mut s = String::new();
    s.push_str(&format!("经查，当事人存在{}的行为", item.violation));
    if violated.is_empty() {
        s.push('。');
    } else {
        s.push_str(&format!("，违反了{}的规定。", join_cites(&violated)));
    }

    if !evaluations.is_empty() {
        if let Some(r) = find(e, "art37") {
            let cite = r
                .citation
                .as_ref()
                .map(cite_text)
                .unwrap_or_else(|| "《中华人民共和国行政处罚法》第三十七条".into());
            let text = r
                .text
                .replace("（从旧兼从轻）", "")
                .replace(
                    "依法适用新的规定",
                    &format!("依据{cite}的规定，适用新的规定"),
                )
                .replace(
                    "适用行为时的规定；",
                    &format!("依据{cite}的规定，适用行为时的规定；"),
                );
            s.push_str(&format!("{text}。"));
        }
    }

    let ground = e.grounds.first().map(String::as_str).unwrap_or("");
    let measures = measures_text(&e.measures);
    match (e.tier, ground) {
        (Tier::Exempt, "exemption_list") => {
            let r = find(e, "exemption_list");
            let facts = r.map(|r| zh_list(&r.facts)).unwrap_or_default();
            let which = e
                .exemption
                .as_ref()
                .and_then(|id| item.exemptions.iter().find(|x| &x.id == id))
                .map(|x| {
                    let title = lib.list(&x.list).map(|l| l.title.clone()).unwrap_or_default();
                    format!("{title}第{}项", x.number)
                })
                .unwrap_or_default();
            s.push_str(&format!(
                "鉴于当事人{facts}，符合{which}规定的情形，依据{}的规定，决定不予行政处罚{measures}。",
                statute_text(e, "exemption_list", "《中华人民共和国行政处罚法》第三十三条")
            ));
        }
        (Tier::Exempt, "art33_minor") => s.push_str(&format!(
            "鉴于当事人的违法行为轻微并已及时改正，没有造成危害后果，依据{}的规定，决定不予行政处罚{measures}。",
            statute_text(e, "art33_minor", "《中华人民共和国行政处罚法》第三十三条第一款")
        )),
        (Tier::Exempt, "art33_first") => s.push_str(&format!(
            "鉴于当事人系初次违法，危害后果轻微并已及时改正，依据{}的规定，可以不予行政处罚{measures}。",
            statute_text(e, "art33_first", "《中华人民共和国行政处罚法》第三十三条第一款")
        )),
        (Tier::Exempt, "art33_no_fault") => s.push_str(&format!(
            "鉴于当事人有证据足以证明没有主观过错，依据{}的规定，决定不予行政处罚{measures}。",
            statute_text(e, "art33_no_fault", "《中华人民共和国行政处罚法》第三十三条第二款")
        )),
        (Tier::Exempt, "art30_under_14") => s.push_str(&format!(
            "鉴于当事人实施违法行为时不满十四周岁，依据{}的规定，不予行政处罚，责令其监护人加以管教。",
            statute_text(e, "art30_under_14", "《中华人民共和国行政处罚法》第三十条")
        )),
        (Tier::Exempt, "art36_time_limit") => s.push_str(&format!(
            "当事人的违法行为发生于{}，至{}已超过法定追责期限，依据{}的规定，不再给予行政处罚。",
            zh_date(occurred),
            zh_date(decided),
            statute_text(e, "art36_time_limit", "《中华人民共和国行政处罚法》第三十六条")
        )),
        (Tier::Exempt, "correction_order_only") => s.push_str(&format!(
            "依据{}的规定，对该行为应当先责令改正，拒不改正的方可处以罚款。现责令当事人限期改正{}。",
            join_cites(&penalty),
            if e.measures.len() > 1 { format!("，并{}", e.measures.iter().filter(|m| *m != "责令改正").cloned().collect::<Vec<_>>().join("、")) } else { String::new() }
        )),
        (Tier::Exempt, "no_penalty_provision") => s.push_str(&format!(
            "适用的规定对该行为未设定行政处罚，不予行政处罚{measures}。"
        )),
        (Tier::Exempt, _) => s.push_str(&format!("该行为依法不予行政处罚{measures}。")),
        (tier, _) => {
            if !penalty.is_empty() {
                s.push_str(&format!("依据{}的规定，", join_cites(&penalty)));
            }
            let mut circumstances = Vec::new();
            for r in &e.reasons {
                match r.step {
                    "aggravating" | "forcing_heavy" => circumstances.push(format!(
                        "当事人{}，{}",
                        zh_list(&r.facts),
                        r.citation.as_ref().map(|c| format!("依据{}的规定，应当从重处罚", cite_text(c))).unwrap_or_else(|| "应当从重处罚".into())
                    )),
                    "statutory_mitigating" => circumstances.push(format!(
                        "鉴于当事人{}，依据{}的规定，应当从轻或者减轻处罚",
                        zh_list(&r.facts),
                        r.citation.as_ref().map(cite_text).unwrap_or_default()
                    )),
                    "ordinary_mitigating" => circumstances.push(format!("鉴于当事人{}，可以从轻处罚", zh_list(&r.facts))),
                    "conflict" | "benchmark_tier" => circumstances.push(r.text.clone()),
                    _ => {}
                }
            }
            if !circumstances.is_empty() {
                s.push_str(&circumstances.join("；"));
                s.push('，');
            }
            s.push_str(&format!("决定对当事人予以{}", tier.zh()));
            match e.fine {
                Some(b) => s.push_str(&format!("，罚款数额在{}范围内确定", yuan_range(b))),
                None if e.kinds.len() == 1 && e.kinds[0] == "警告" => s.push_str("，给予警告"),
                None => {}
            }
            s.push_str(&format!("{measures}。"));
        }
    }
    if q.facts.contains(&Fact::CrimeThreshold) {
        s.push_str("当事人的行为涉嫌犯罪，依法移送司法机关处理。");
    }
    s
}

fn zh_date(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}
