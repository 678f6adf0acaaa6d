//! The codes of the contract (DESIGN.md): facts, tiers and parties, with their Chinese names and
//! the words officers use for them.

use super::*;

/// A circumstance of a case, as the officer answers the questionnaire. The codes are a contract
/// (DESIGN.md): tests, imports and the UI rely on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    FirstOffense,
    CorrectedInTime,
    NoHarm,
    MinorHarm,
    NoFault,
    Under14,
    Minor14To18,
    MentalLimited,
    Coerced,
    Confessed,
    MitigatedHarm,
    Meritorious,
    Repeat,
    RefusedCorrection,
    Obstructed,
    SeriousHarm,
    VulnerableVictims,
    Emergency,
    CrimeThreshold,
    /// 违法行为轻微: an element of 第三十三条第一款 the officer establishes; "nothing aggravating"
    /// is not the same thing.
    MinorViolation,
}

impl Fact {
    pub const ALL: [Fact; 20] = [
        Fact::FirstOffense,
        Fact::CorrectedInTime,
        Fact::NoHarm,
        Fact::MinorHarm,
        Fact::NoFault,
        Fact::Under14,
        Fact::Minor14To18,
        Fact::MentalLimited,
        Fact::Coerced,
        Fact::Confessed,
        Fact::MitigatedHarm,
        Fact::Meritorious,
        Fact::Repeat,
        Fact::RefusedCorrection,
        Fact::Obstructed,
        Fact::SeriousHarm,
        Fact::VulnerableVictims,
        Fact::Emergency,
        Fact::CrimeThreshold,
        Fact::MinorViolation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Fact::FirstOffense => "first_offense",
            Fact::CorrectedInTime => "corrected_in_time",
            Fact::NoHarm => "no_harm",
            Fact::MinorHarm => "minor_harm",
            Fact::NoFault => "no_fault",
            Fact::Under14 => "under_14",
            Fact::Minor14To18 => "minor_14_18",
            Fact::MentalLimited => "mental_limited",
            Fact::Coerced => "coerced",
            Fact::Confessed => "confessed",
            Fact::MitigatedHarm => "mitigated_harm",
            Fact::Meritorious => "meritorious",
            Fact::Repeat => "repeat",
            Fact::RefusedCorrection => "refused_correction",
            Fact::Obstructed => "obstructed",
            Fact::SeriousHarm => "serious_harm",
            Fact::VulnerableVictims => "vulnerable_victims",
            Fact::Emergency => "emergency",
            Fact::CrimeThreshold => "crime_threshold",
            Fact::MinorViolation => "minor_violation",
        }
    }

    /// The Chinese wording used in questionnaires, findings and 说理.
    pub fn zh(self) -> &'static str {
        match self {
            Fact::FirstOffense => "初次违法",
            Fact::CorrectedInTime => "及时改正",
            Fact::NoHarm => "没有造成危害后果",
            Fact::MinorHarm => "危害后果轻微",
            Fact::NoFault => "有证据足以证明没有主观过错",
            Fact::Under14 => "不满十四周岁",
            Fact::Minor14To18 => "已满十四周岁不满十八周岁",
            Fact::MentalLimited => "尚未完全丧失辨认或者控制自己行为能力",
            Fact::Coerced => "受他人胁迫或者诱骗实施违法行为",
            Fact::Confessed => "主动供述行政机关尚未掌握的违法行为",
            Fact::MitigatedHarm => "主动消除或者减轻违法行为危害后果",
            Fact::Meritorious => "配合行政机关查处违法行为有立功表现",
            Fact::Repeat => "一定期限内再次实施同一违法行为",
            Fact::RefusedCorrection => "拒不改正或逾期不改正",
            Fact::Obstructed => "阻碍、抗拒执法或隐匿、销毁证据",
            Fact::SeriousHarm => "造成严重危害后果",
            Fact::VulnerableVictims => "侵害未成年人、老年人等特殊群体",
            Fact::Emergency => "突发事件期间违反应对措施",
            Fact::CrimeThreshold => "涉案金额或情节达到刑事追诉标准",
            Fact::MinorViolation => "违法行为轻微",
        }
    }

    /// Parses a code (`first_offense`) or its Chinese name (初次违法); a few common short forms
    /// that officers type are accepted too.
    pub fn parse(s: &str) -> Option<Fact> {
        let s = s.trim();
        Fact::ALL
            .iter()
            .copied()
            .find(|f| f.code() == s || f.zh() == s)
            .or_else(|| {
                Some(match s {
                    "首次违法" | "初次" | "首违" => Fact::FirstOffense,
                    "及时改正" | "当场改正" | "责令期限内改正" | "已改正" => {
                        Fact::CorrectedInTime
                    }
                    "无危害后果" | "未造成危害后果" => Fact::NoHarm,
                    "后果轻微" => Fact::MinorHarm,
                    "无主观过错" | "无过错" => Fact::NoFault,
                    "未满十四周岁" => Fact::Under14,
                    "未成年人" => Fact::Minor14To18,
                    "受胁迫" | "受诱骗" => Fact::Coerced,
                    "主动供述" => Fact::Confessed,
                    "立功" => Fact::Meritorious,
                    "再犯" | "屡犯" | "再次违法" => Fact::Repeat,
                    "拒不改正" | "逾期不改正" => Fact::RefusedCorrection,
                    "抗拒执法" | "阻碍执法" => Fact::Obstructed,
                    "严重后果" | "后果严重" => Fact::SeriousHarm,
                    "突发事件" => Fact::Emergency,
                    "涉嫌犯罪" | "移送" => Fact::CrimeThreshold,
                    "轻微" | "情节轻微" | "违法情节轻微" => Fact::MinorViolation,
                    _ => return None,
                })
            })
    }

    pub fn known_codes() -> String {
        Fact::ALL
            .iter()
            .map(|f| format!("{} ({})", f.code(), f.zh()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The outcome scale (contract). Ordered from lightest to heaviest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Exempt,
    /// 责令改正，暂不处罚: the provision punishes only a refusal to correct, and none has happened.
    CorrectFirst,
    Mitigated,
    Light,
    Standard,
    Heavy,
}

impl Tier {
    pub const ALL: [Tier; 6] = [
        Tier::Exempt,
        Tier::CorrectFirst,
        Tier::Mitigated,
        Tier::Light,
        Tier::Standard,
        Tier::Heavy,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Tier::Exempt => "exempt",
            Tier::CorrectFirst => "correct_first",
            Tier::Mitigated => "mitigated",
            Tier::Light => "light",
            Tier::Standard => "standard",
            Tier::Heavy => "heavy",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Tier::Exempt => "不予处罚",
            Tier::CorrectFirst => "责令改正，暂不处罚",
            Tier::Mitigated => "减轻处罚",
            Tier::Light => "从轻处罚",
            Tier::Standard => "一般处罚",
            Tier::Heavy => "从重处罚",
        }
    }

    pub fn parse(s: &str) -> Option<Tier> {
        let s = s.trim();
        Tier::ALL
            .iter()
            .copied()
            .find(|t| t.code() == s || t.zh() == s || t.zh().trim_end_matches("处罚") == s)
            .or_else(|| matches!(s, "责令改正" | "暂不处罚").then_some(Tier::CorrectFirst))
    }

    /// No penalty of any kind: 不予处罚 or 责令改正，暂不处罚.
    pub fn is_no_penalty(self) -> bool {
        matches!(self, Tier::Exempt | Tier::CorrectFirst)
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Who is punished. Many penalty articles set one range for individuals (个人) and another for
/// organisations (单位), and the simple procedure's limits differ too (第五十一条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Individual,
    Organization,
}

impl Party {
    pub const ALL: [Party; 2] = [Party::Individual, Party::Organization];

    pub fn code(self) -> &'static str {
        match self {
            Party::Individual => "individual",
            Party::Organization => "organization",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Party::Individual => "个人",
            Party::Organization => "单位",
        }
    }

    /// `individual`, `organization`, or the Chinese words officers use for them.
    pub fn parse(s: &str) -> Option<Party> {
        match s.trim() {
            "individual" | "person" | "个人" | "公民" | "自然人" | "个体工商户" => {
                Some(Party::Individual)
            }
            "organization"
            | "organisation"
            | "单位"
            | "法人"
            | "法人或者其他组织"
            | "企业"
            | "其他组织" => Some(Party::Organization),
            _ => None,
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An enum of contract codes, each with its Chinese label, parsed from either.
macro_rules! labelled {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $code:literal, $zh:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $code)] $v,)+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v,)+];
            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code,)+ }
            }
            pub fn zh(self) -> &'static str {
                match self { $($name::$v => $zh,)+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|x| x.code() == s || x.zh() == s)
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
pub(crate) use labelled;

labelled! {
    /// Why no penalty is given (contract: DESIGN.md).
    Ground {
        ExemptionList = "exemption_list", "符合免罚清单事项";
        Art33Minor = "art33_minor", "违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）";
        Art33First = "art33_first", "初次违法且危害后果轻微并及时改正（第三十三条第一款，可以不予处罚）";
        Art33NoFault = "art33_no_fault", "没有主观过错（第三十三条第二款）";
        Art30Under14 = "art30_under_14", "不满十四周岁（第三十条）";
        Art36TimeLimit = "art36_time_limit", "超过追责期限（第三十六条）";
        NoRuleInForce = "no_rule_in_force", "行为时没有处罚规定（第三十七条）";
        NoPenaltyProvision = "no_penalty_provision", "适用的规定对该行为未设定行政处罚";
        CorrectionOrderOnly = "correction_order_only", "罚则以拒不改正为处罚前提，先责令改正";
        NoGain = "no_gain", "罚则仅对有违法所得的设定处罚，当事人没有违法所得";
    }
}
