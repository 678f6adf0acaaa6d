//! A list's conditions (不予处罚的条件) in the engine's fact codes: 初次违法 / 首次被发现 →
//! `first_offense`, 危害后果轻微 → `minor_harm`, 没有造成危害后果 → `no_harm`, 及时改正 / 在责令期限内改正
//! → `corrected_in_time`, 违法行为轻微 → `minor_violation`; amount caps (货值金额不超过500元,
//! 违法所得不足100元) become the item's caps. The published text is kept beside them.

use crate::model::Fact;

/// What a conditions cell says, in the engine's terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conditions {
    pub facts: Vec<Fact>,
    pub max_amount: Option<f64>,
    pub max_gain: Option<f64>,
}

const WORDS: &[(&[&str], Fact)] = &[
    (
        &[
            "初次违法",
            "首次违法",
            "首次被发现",
            "首次发现",
            "首违",
            "第一次被发现",
            "初次被发现",
            "首次实施",
            "初次实施",
            "系初次",
            "属初次",
            "首次",
        ],
        Fact::FirstOffense,
    ),
    (
        &[
            "没有造成危害后果",
            "未造成危害后果",
            "无危害后果",
            "未造成实际危害",
            "没有造成实际危害",
            "未产生危害后果",
            "未造成不良后果",
            "未造成社会危害",
        ],
        Fact::NoHarm,
    ),
    (
        &["危害后果轻微", "后果轻微", "危害轻微", "社会危害性较小"],
        Fact::MinorHarm,
    ),
    (
        &[
            "及时改正",
            "及时纠正",
            "责令期限内改正",
            "责令改正期限内改正",
            "限期内改正",
            "主动改正",
            "立即改正",
            "当场改正",
            "及时整改",
            "按期改正",
            "按要求改正",
            "自行改正",
            "及时补办",
            "主动消除",
        ],
        Fact::CorrectedInTime,
    ),
    (&["违法行为轻微", "情节轻微"], Fact::MinorViolation),
    (&["没有主观过错", "无主观过错"], Fact::NoFault),
];

/// Reads the yuan after a cap phrase: 500元, 5000 元, 1万元, 五百元 is left (no guessing).
fn amount_after(text: &str, at: usize) -> Option<f64> {
    let rest = &text[at..];
    let digits: String = rest
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    if digits.is_empty() {
        return None;
    }
    // The number must come right after the phrase (a few characters at most: 不超过 / 在…以下).
    let gap = rest.chars().take_while(|c| !c.is_ascii_digit()).count();
    if gap > 4 {
        return None;
    }
    let mut v: f64 = digits.parse().ok()?;
    let after: String = rest
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .skip_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .take(2)
        .collect();
    if after.starts_with('万') {
        v *= 10_000.0;
    }
    Some(v)
}

fn cap(text: &str, subjects: &[&str]) -> Option<f64> {
    for s in subjects {
        if let Some(i) = text.find(s) {
            let at = i + s.len();
            for limit in [
                "不超过",
                "不足",
                "低于",
                "未超过",
                "在",
                "少于",
                "小于",
                "以下",
            ] {
                if text[at..].starts_with(limit) {
                    return amount_after(text, at + limit.len());
                }
            }
        }
    }
    None
}

/// Reads a conditions cell.
pub fn read(text: &str) -> Conditions {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut facts = Vec::new();
    for (words, fact) in WORDS {
        if words.iter().any(|w| t.contains(w)) && !facts.contains(fact) {
            facts.push(*fact);
        }
    }
    // "没有造成危害后果" also contains "危害后果", not "危害后果轻微": no conflict. But "首次" alone is
    // read as first_offense only when no later word contradicts it (首次 is rarely anything else).
    Conditions {
        facts,
        max_amount: cap(
            &t,
            &["货值金额", "涉案金额", "违法经营额", "涉案货值", "案值"],
        ),
        max_gain: cap(&t, &["违法所得"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_conditions_and_caps() {
        let c = read("初次违法，且危害后果轻微并及时改正的；货值金额不超过500元");
        assert_eq!(
            c.facts,
            vec![Fact::FirstOffense, Fact::MinorHarm, Fact::CorrectedInTime]
        );
        assert_eq!(c.max_amount, Some(500.0));
        assert_eq!(c.max_gain, None);
        let c = read("首次被发现，没有造成危害后果，在责令期限内改正；违法所得不足1万元");
        assert_eq!(
            c.facts,
            vec![Fact::FirstOffense, Fact::NoHarm, Fact::CorrectedInTime]
        );
        assert_eq!(c.max_gain, Some(10_000.0));
        assert_eq!(read("其他").facts, vec![]);
    }
}
