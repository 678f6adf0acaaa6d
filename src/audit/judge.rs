//! Judging what was decided against what the engine expects: one finding per case.

use super::expect::Expect;
use super::row::Finding;
use crate::model::*;

/// Outcome as decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Outcome {
    None,
    Warning,
    Other,
    Fine(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum PenaltyKind {
    None,
    Warning,
    Fine,
    Other,
}

pub(super) fn parse_penalty(s: &str) -> Option<PenaltyKind> {
    let t = s.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    if t.contains("罚款") || t == "fine" {
        return Some(PenaltyKind::Fine);
    }
    Some(match t.as_str() {
        "none" | "不予处罚" | "不予行政处罚" | "免予处罚" | "免罚" | "无" | "责令改正"
        | "correction" => PenaltyKind::None,
        "warning" | "警告" => PenaltyKind::Warning,
        _ if t.contains("警告") => PenaltyKind::Warning,
        _ if t.contains("没收")
            || t.contains("吊销")
            || t.contains("停产")
            || t.contains("停业")
            || t.contains("拘留") =>
        {
            PenaltyKind::Other
        }
        _ => return None,
    })
}

pub(super) fn judge(e: &Expect, o: Outcome) -> (Finding, String) {
    let yuan = crate::engine::yuan;
    if e.tier.is_no_penalty() {
        return match o {
            Outcome::None => (Finding::Consistent, String::new()),
            _ if e.ground == "art36_time_limit" => {
                (Finding::TimeLimitPassed, "已过追责时效仍予处罚".into())
            }
            _ => (
                Finding::FinedWhenExempt,
                format!("依据应不予处罚（{}）", e.ground),
            ),
        };
    }
    match o {
        Outcome::None if e.gain_decides => (
            Finding::Consistent,
            "违法所得未填写：没有违法所得的，罚则不设处罚".into(),
        ),
        Outcome::None => (Finding::UnpenalisedWhenDue, format!("应予{}", e.tier.zh())),
        Outcome::Warning | Outcome::Other => {
            if e.fine.is_none() || e.warning_ok {
                (Finding::Consistent, String::new())
            } else {
                (Finding::BelowBand, "未处罚款，低于裁量幅度".into())
            }
        }
        Outcome::Fine(v) => {
            if let Some(l) = e.legal {
                if v > l.max_yuan + 0.01 {
                    return (
                        Finding::AboveLegalMax,
                        format!("罚款{}元超过法定上限{}元", yuan(v), yuan(l.max_yuan)),
                    );
                }
                if v < l.min_yuan - 0.01 && e.tier != Tier::Mitigated {
                    return (
                        Finding::BelowLegalMin,
                        format!(
                            "罚款{}元低于法定下限{}元且无减轻情节",
                            yuan(v),
                            yuan(l.min_yuan)
                        ),
                    );
                }
            }
            match e.fine {
                Some(b) if v > b.max_yuan + 0.01 => (
                    Finding::AboveBand,
                    format!(
                        "罚款{}元高于{}幅度上限{}元",
                        yuan(v),
                        e.tier.zh(),
                        yuan(b.max_yuan)
                    ),
                ),
                Some(b) if v < b.min_yuan - 0.01 => (
                    Finding::BelowBand,
                    format!(
                        "罚款{}元低于{}幅度下限{}元",
                        yuan(v),
                        e.tier.zh(),
                        yuan(b.min_yuan)
                    ),
                ),
                _ => (Finding::Consistent, String::new()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penalties_in_english_and_chinese() {
        assert_eq!(parse_penalty("不予处罚"), Some(PenaltyKind::None));
        assert_eq!(parse_penalty("Warning"), Some(PenaltyKind::Warning));
        assert_eq!(parse_penalty("警告、罚款"), Some(PenaltyKind::Fine));
        assert_eq!(parse_penalty("没收违法所得"), Some(PenaltyKind::Other));
        assert_eq!(parse_penalty("批评"), None);
    }

    #[test]
    fn judging_against_a_band() {
        let e = Expect {
            multiple: None,
            tier: Tier::Standard,
            ground: String::new(),
            fine: Some(Band::new(1500.0, 3500.0)),
            legal: Some(Band::new(1000.0, 5000.0)),
            warning_ok: false,
            gain_decides: false,
            driver: String::new(),
            cols: String::new(),
            driver_csv: String::new(),
        };
        assert_eq!(judge(&e, Outcome::Fine(2000.0)).0, Finding::Consistent);
        assert_eq!(judge(&e, Outcome::Fine(1200.0)).0, Finding::BelowBand);
        assert_eq!(judge(&e, Outcome::Fine(900.0)).0, Finding::BelowLegalMin);
        assert_eq!(judge(&e, Outcome::Fine(4000.0)).0, Finding::AboveBand);
        assert_eq!(judge(&e, Outcome::Fine(6000.0)).0, Finding::AboveLegalMax);
        assert_eq!(judge(&e, Outcome::None).0, Finding::UnpenalisedWhenDue);
        assert_eq!(judge(&e, Outcome::Warning).0, Finding::BelowBand);
        let x = Expect {
            multiple: None,
            tier: Tier::Exempt,
            ground: "art36_time_limit".into(),
            fine: None,
            legal: None,
            warning_ok: false,
            gain_decides: false,
            driver: String::new(),
            cols: String::new(),
            driver_csv: String::new(),
        };
        assert_eq!(judge(&x, Outcome::Fine(100.0)).0, Finding::TimeLimitPassed);
        assert_eq!(judge(&x, Outcome::None).0, Finding::Consistent);
    }
}
