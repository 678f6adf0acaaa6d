//! Chinese labels for every code a user may meet (tiers, facts, grounds, steps, notes, questions,
//! penalty kinds, parties), served once by the library so that the CLI, the findings CSV, the
//! report and the desktop say the same words.

use crate::audit::{finding_zh, FINDING_CODES, FINDING_ZH};
use crate::decision::{Ground, NoteCode, PenaltyKind, QuestionCode, Step};
use crate::model::{Fact, Party, Tier};
use serde::Serialize;
use std::collections::BTreeMap;

/// code -> 中文, by kind of code.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub tiers: BTreeMap<&'static str, &'static str>,
    pub facts: BTreeMap<&'static str, &'static str>,
    pub grounds: BTreeMap<&'static str, &'static str>,
    pub steps: BTreeMap<&'static str, &'static str>,
    pub notes: BTreeMap<&'static str, &'static str>,
    pub questions: BTreeMap<&'static str, &'static str>,
    pub penalties: BTreeMap<&'static str, &'static str>,
    pub parties: BTreeMap<&'static str, &'static str>,
    /// Findings of the consistency review (审查).
    pub findings: BTreeMap<&'static str, &'static str>,
    /// Tier codes from lightest to heaviest (the order tables and charts use).
    pub tier_order: Vec<&'static str>,
}

pub fn all() -> Labels {
    Labels {
        tiers: Tier::ALL.iter().map(|t| (t.code(), t.zh())).collect(),
        facts: Fact::ALL.iter().map(|f| (f.code(), f.zh())).collect(),
        grounds: Ground::ALL.iter().map(|g| (g.code(), g.zh())).collect(),
        steps: Step::ALL.iter().map(|s| (s.code(), s.zh())).collect(),
        notes: NoteCode::ALL.iter().map(|n| (n.code(), n.zh())).collect(),
        questions: QuestionCode::ALL
            .iter()
            .map(|q| (q.code(), q.zh()))
            .collect(),
        penalties: PenaltyKind::ALL
            .iter()
            .map(|p| (p.code(), p.zh()))
            .collect(),
        parties: Party::ALL.iter().map(|p| (p.code(), p.zh())).collect(),
        findings: FINDING_CODES.iter().copied().zip(FINDING_ZH).collect(),
        tier_order: Tier::ALL.iter().map(|t| t.code()).collect(),
    }
}

/// The Chinese label of any code, whichever kind it is (codes do not collide across kinds
/// except where they mean the same thing, e.g. the step and the ground `exemption_list`).
pub fn zh(code: &str) -> Option<&'static str> {
    Tier::parse(code)
        .filter(|t| t.code() == code)
        .map(|t| t.zh())
        .or_else(|| Ground::parse(code).map(|g| g.zh()))
        .or_else(|| Fact::ALL.iter().find(|f| f.code() == code).map(|f| f.zh()))
        .or_else(|| Step::parse(code).map(|s| s.zh()))
        .or_else(|| NoteCode::parse(code).map(|n| n.zh()))
        .or_else(|| PenaltyKind::parse(code).map(|p| p.zh()))
        .or_else(|| finding_zh(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_chinese_label_and_none_is_left_in_english() {
        let l = all();
        for map in [
            &l.tiers,
            &l.facts,
            &l.grounds,
            &l.steps,
            &l.notes,
            &l.questions,
            &l.penalties,
            &l.parties,
        ] {
            for (code, zh) in map {
                assert!(!zh.is_empty(), "{code}");
                assert!(!zh.is_ascii(), "{code} -> {zh}");
            }
        }
        assert_eq!(zh("correct_first"), Some("责令改正，暂不处罚"));
        assert_eq!(
            zh("correction_order_only"),
            Ground::CorrectionOrderOnly.zh().into()
        );
        assert_eq!(l.tier_order.first(), Some(&"exempt"));
        assert_eq!(zh("above_legal_max"), Some("超过法定上限"));
        assert_eq!(l.findings.len(), FINDING_CODES.len());
    }
}
