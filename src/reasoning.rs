//! 说理: renders a decision as a paragraph in the register of a 行政处罚决定书, with citations in
//! 《…》第N条 form, so an officer can paste it into a decision document. It reads the decision's
//! own trace: an element that was not established (违法行为轻微 …) is never written as a fact.

use crate::decision::*;
use crate::model::*;

/// 《法》第N条、《法》第M条.
pub fn join_cites(cs: &[&CitationOut]) -> String {
    cs.iter()
        .map(|c| cite_text(c))
        .collect::<Vec<_>>()
        .join("、")
}

fn find(d: &Decision, step: Step) -> Option<&Reason> {
    d.reasons.iter().find(|r| r.step == step)
}

fn statute_text(d: &Decision, step: Step, fallback: &str) -> String {
    find(d, step)
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

/// The decision's citations that are the benchmark's violated (or penalty) provisions.
fn provisions<'a>(
    lib: &Library,
    item: &Benchmark,
    d: &'a Decision,
    pick: impl Fn(&Regime) -> &Vec<Citation>,
) -> Vec<&'a CitationOut> {
    d.citations
        .iter()
        .filter(|x| {
            item.regimes.iter().any(|r| {
                pick(r).iter().any(|c| {
                    c.article == x.article && lib.law(&c.law).is_some_and(|l| l.name == x.law)
                })
            })
        })
        .collect()
}

/// The decision's violated and penalty provisions (for the decision documents).
pub fn provisions_of<'a>(
    lib: &Library,
    item: &Benchmark,
    d: &'a Decision,
) -> (Vec<&'a CitationOut>, Vec<&'a CitationOut>) {
    (
        provisions(lib, item, d, |r| &r.violated),
        provisions(lib, item, d, |r| &r.penalty),
    )
}

/// 2026年5月1日.
pub fn zh_date(d: chrono::NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

pub fn render(lib: &Library, item: &Benchmark, d: &Decision, q: &Query) -> String {
    let violated = provisions(lib, item, d, |r| &r.violated);
    let penalty = provisions(lib, item, d, |r| &r.penalty);

    let mut s = format!("经查，当事人存在{}的行为", item.violation);
    if violated.is_empty() {
        s.push('。');
    } else {
        s.push_str(&format!("，违反了{}的规定。", join_cites(&violated)));
    }

    if let Some(r) = find(d, Step::Art37) {
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

    let measures = measures_text(&d.measures);
    let ground = d.grounds.first().copied();
    let penalty_law = "《中华人民共和国行政处罚法》";
    match (d.tier, ground) {
        (Tier::Exempt, Some(Ground::ExemptionList)) => {
            let r = find(d, Step::ExemptionList);
            let facts = r.map(|r| zh_list(&r.facts)).unwrap_or_default();
            // The list by its name, 文号 and item number.
            let which = d
                .exemption
                .as_ref()
                .and_then(|id| item.exemptions.iter().find(|x| &x.id == id))
                .map(|x| lib.list_item_label(x))
                .unwrap_or_default();
            s.push_str(&format!(
                "鉴于当事人{facts}，符合{which}规定的情形，依据{}的规定，决定不予行政处罚{measures}。",
                statute_text(d, Step::ExemptionList, &format!("{penalty_law}第三十三条"))
            ));
        }
        (Tier::Exempt, Some(Ground::Art33Minor)) => {
            let how = find(d, Step::Art33Minor)
                .and_then(|r| r.text.split_once('（').and_then(|(_, b)| b.split_once('）')))
                .map(|(h, _)| format!("（{h}）"))
                .unwrap_or_default();
            s.push_str(&format!(
                "鉴于当事人的违法行为轻微{how}并已及时改正，没有造成危害后果，依据{}的规定，决定不予行政处罚{measures}。",
                statute_text(d, Step::Art33Minor, &format!("{penalty_law}第三十三条第一款"))
            ))
        }
        (Tier::Exempt, Some(Ground::Art33First)) => s.push_str(&format!(
            "鉴于当事人系初次违法，危害后果轻微并已及时改正，依据{}的规定，经裁量决定不予行政处罚{measures}。",
            statute_text(d, Step::Art33First, &format!("{penalty_law}第三十三条第一款"))
        )),
        (Tier::Exempt, Some(Ground::Art33NoFault)) => s.push_str(&format!(
            "鉴于当事人有证据足以证明没有主观过错，依据{}的规定，决定不予行政处罚{measures}。",
            statute_text(d, Step::Art33NoFault, &format!("{penalty_law}第三十三条第二款"))
        )),
        (Tier::Exempt, Some(Ground::Art30Under14)) => s.push_str(&format!(
            "鉴于当事人实施违法行为时不满十四周岁，依据{}的规定，不予行政处罚，责令其监护人加以管教。",
            statute_text(d, Step::Art30Under14, &format!("{penalty_law}第三十条"))
        )),
        (Tier::Exempt, Some(Ground::Art36TimeLimit)) => {
            let start = q.ended.or(q.occurred).map(zh_date).unwrap_or_default();
            s.push_str(&format!(
                "当事人的违法行为发生于{start}，至{}发现时已超过法定追责期限，依据{}的规定，不再给予行政处罚。",
                zh_date(d.receipt.discovered),
                statute_text(d, Step::Art36TimeLimit, &format!("{penalty_law}第三十六条"))
            ))
        }
        (Tier::Exempt, Some(Ground::NoRuleInForce)) => s.push_str(&format!(
            "当事人实施该行为时，对该行为设定行政处罚的规定尚未施行，依据{}的规定，不予行政处罚。",
            statute_text(d, Step::NoRuleInForce, &format!("{penalty_law}第三十七条"))
        )),
        (Tier::Exempt, Some(Ground::NoPenaltyProvision)) => s.push_str(&format!(
            "适用的规定对该行为未设定行政处罚，不予行政处罚{measures}。"
        )),
        (Tier::Exempt, Some(Ground::NoGain)) => s.push_str(&format!(
            "依据{}的规定，对该行为有违法所得的，没收违法所得，并处罚款；经查，当事人没有违法所得，决定不予行政处罚{measures}。",
            join_cites(&penalty)
        )),
        (Tier::CorrectFirst, _) => {
            let others: Vec<&String> = d.measures.iter().filter(|m| *m != "责令改正").collect();
            s.push_str(&format!(
                "依据{}的规定，对该行为应当先责令改正，拒不改正的方可处以罚款。现责令当事人限期改正{}，暂不予行政处罚。",
                join_cites(&penalty),
                if others.is_empty() {
                    String::new()
                } else {
                    format!("，并{}", others.iter().map(|m| m.as_str()).collect::<Vec<_>>().join("、"))
                }
            ))
        }
        (Tier::Exempt, _) => s.push_str(&format!("该行为依法不予行政处罚{measures}。")),
        (tier, _) => s.push_str(&penalty_text(d, tier, &penalty, &measures)),
    }
    if q.facts.contains(&Fact::CrimeThreshold) {
        s.push_str("当事人的行为涉嫌犯罪，依法移送司法机关处理。");
    }
    s
}

/// The decision of a penalty outcome: the provisions, the circumstances factor by factor, the
/// tier, the penalties (alternatives as such, a fine that hangs on gains as such) and the band.
fn penalty_text(d: &Decision, tier: Tier, penalty: &[&CitationOut], measures: &str) -> String {
    let mut s = String::new();
    if !penalty.is_empty() {
        s.push_str(&format!("依据{}的规定，", join_cites(penalty)));
    }
    let mut circumstances = Vec::new();
    for r in &d.reasons {
        match r.step {
            Step::Aggravating | Step::ForcingHeavy => circumstances.push(format!(
                "当事人{}，{}",
                zh_list(&r.facts),
                r.citation
                    .as_ref()
                    .map(|c| format!("依据{}的规定，应当从重处罚", cite_text(c)))
                    .unwrap_or_else(|| "应当从重处罚".into())
            )),
            Step::StatutoryMitigating => circumstances.push(format!(
                "鉴于当事人{}，依据{}的规定，应当从轻或者减轻处罚",
                zh_list(&r.facts),
                r.citation.as_ref().map(cite_text).unwrap_or_default()
            )),
            Step::OrdinaryMitigating => {
                circumstances.push(format!("鉴于当事人{}，可以从轻处罚", zh_list(&r.facts)))
            }
            Step::Conflict | Step::BenchmarkTier => circumstances.push(r.text.clone()),
            _ => {}
        }
    }
    if !circumstances.is_empty() {
        s.push_str(&circumstances.join("；"));
        s.push('，');
    }
    s.push_str(&format!("决定对当事人予以{}", tier.zh()));
    let others: Vec<&str> = d
        .penalties
        .iter()
        .filter(|p| p.kind != PenaltyKind::Fine && p.condition.is_none())
        .map(|p| p.zh.as_str())
        .collect();
    if !others.is_empty() {
        s.push_str(&format!("，{}", others.join("、")));
    }
    // "警告或者罚款": the alternatives are named as such, never as both.
    let alternatives: Vec<&str> = d
        .penalties
        .iter()
        .filter(|p| {
            p.condition
                .as_deref()
                .is_some_and(|c| c.starts_with("择一适用"))
        })
        .map(|p| p.zh.as_str())
        .collect();
    if !alternatives.is_empty() {
        s.push_str(&format!("，{}", alternatives.join("或者")));
    }
    // "有违法所得的，没收违法所得，并处罚款" with gains not established: the fine hangs on them.
    let gain_bound = d.penalties.iter().any(|p| {
        p.kind == PenaltyKind::Fine
            && p.condition
                .as_deref()
                .is_some_and(|c| c.starts_with("有违法所得的"))
    });
    match (d.fine, d.by_party.is_empty()) {
        (Some(b), _) if gain_bound => s.push_str(&format!(
            "；查实有违法所得的，没收违法所得，并处罚款，罚款数额在{}范围内确定",
            yuan_range(b)
        )),
        (Some(b), _) => s.push_str(&format!("，罚款数额在{}范围内确定", yuan_range(b))),
        (None, false) => {
            let parts: Vec<String> = d
                .by_party
                .iter()
                .filter_map(|p| p.fine.map(|b| format!("{}为{}", p.party_zh, yuan_range(b))))
                .collect();
            if !parts.is_empty() {
                s.push_str(&format!(
                    "，罚款数额视当事人类型在以下范围内确定：{}",
                    parts.join("，")
                ));
            }
        }
        _ => {}
    }
    s.push_str(&format!("{measures}。"));
    s
}
