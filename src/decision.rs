//! What a decision is made of: the case as asked (`Query`), the trace of reasons, the outcome under
//! one regime (`Evaluation`) and the whole answer (`Decision`). The engine builds these; the 说理
//! renderer, the CLI, the audit and the desktop read them. Kept apart from the engine so that the
//! renderer depends on the types, not on the engine.
//!
//! Every code that reaches a user (step, ground, note, question, penalty kind) is an enum with a
//! Chinese label (`zh`), served to every front end by [`crate::labels`].

use crate::model::labelled;
/// Why no penalty is given: defined beside the other contract codes (a typical case names it).
pub use crate::model::Ground;
use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The circumstances of one case.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Query {
    pub facts: BTreeSet<Fact>,
    /// 涉案金额 / 货值金额 (yuan): the benchmark's `amount_label` says which.
    pub amount: Option<f64>,
    /// 违法所得 (yuan).
    pub gain: Option<f64>,
    /// The party: the range of many penalty articles depends on it.
    pub party: Option<Party>,
    /// The day the act was done (for a continuing act, the day it began).
    pub occurred: Option<NaiveDate>,
    /// For a continuing act (连续或者继续状态), the day it ended: 第三十六条 counts from it.
    pub ended: Option<NaiveDate>,
    /// The day the act was discovered (发现/立案): 第三十六条 counts to it.
    pub discovered: Option<NaiveDate>,
    /// The day of the decision (default: today).
    pub decided: Option<NaiveDate>,
    /// Discretionary options the officer chose to apply (e.g. 首违不罚, `Ground::Art33First`).
    pub chosen: Vec<Ground>,
}

impl Query {
    pub fn with_facts(facts: &[Fact]) -> Query {
        Query {
            facts: facts.iter().copied().collect(),
            ..Query::default()
        }
    }

    /// Whether a fact holds. No harm is less than slight harm: it satisfies a `minor_harm`
    /// condition.
    pub fn has(&self, f: Fact) -> bool {
        self.facts.contains(&f) || (f == Fact::MinorHarm && self.facts.contains(&Fact::NoHarm))
    }

    /// Whether harm occurred: Some(true) when slight or serious harm is stated, Some(false) for
    /// `no_harm`, None when the officer has not said.
    pub fn harm(&self) -> Option<bool> {
        harm_from(|f| self.facts.contains(&f))
    }
}

/// Whether harm occurred, as facts say it: Some(false) for `no_harm`, Some(true) for slight or
/// serious harm, None when not said.
pub fn harm_from(has: impl Fn(Fact) -> bool) -> Option<bool> {
    if has(Fact::NoHarm) {
        Some(false)
    } else if has(Fact::MinorHarm) || has(Fact::SeriousHarm) {
        Some(true)
    } else {
        None
    }
}

/// A case the engine cannot decide: the answer would be a guess.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecideError {
    #[error("{field}（{value}）早于违法行为发生日期（{occurred}），请核对日期")]
    DateBeforeAct {
        field: &'static str,
        value: NaiveDate,
        occurred: NaiveDate,
    },
    #[error("发现日期（{discovered}）晚于决定日期（{decided}），请核对日期")]
    DiscoveredAfterDecision {
        discovered: NaiveDate,
        decided: NaiveDate,
    },
    #[error("违法行为发生于{act}，本库对{item}只收录了{from}起适用的规定；行为时适用的规定未收录，无法裁量，请依行为时的法律核对")]
    RuleNotHeld {
        item: String,
        act: NaiveDate,
        from: NaiveDate,
    },
    #[error("{what}：{value:e} 不是有效的金额（须为0至一百亿元之间的数）")]
    BadAmount { what: &'static str, value: f64 },
}

/// One law citation as shown to users.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitationOut {
    /// The name as promulgated, without 《》.
    pub law: String,
    /// Starts with the article: 第四十二条, 第一百二十六条第一款第（六）项.
    pub article: String,
    pub gist: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

labelled! {
    /// One step of the engine's trace, in the order docs/rules-format.md gives.
    Step {
        Dates = "dates", "日期";
        Party = "party", "当事人类型";
        Transfer = "transfer", "涉嫌犯罪移送";
        NoRuleInForce = "no_rule_in_force", "行为时没有处罚规定";
        NoPenaltyProvision = "no_penalty_provision", "规定未设定处罚";
        Art30Under14 = "art30_under_14", "不满十四周岁";
        Art36TimeLimit = "art36_time_limit", "追责期限";
        Art33NoFault = "art33_no_fault", "没有主观过错";
        NotMinor = "not_minor", "不属于违法行为轻微";
        ExemptionList = "exemption_list", "免罚清单";
        ExemptionListUnmet = "exemption_list_unmet", "免罚清单条件不具备";
        Art33Minor = "art33_minor", "轻微不罚";
        Art33MinorUnmet = "art33_minor_unmet", "轻微不罚要件不具备";
        Art33First = "art33_first", "首违可以不罚";
        CorrectionOrderOnly = "correction_order_only", "先责令改正";
        FirstPenalty = "first_penalty", "先予警告";
        NoGain = "no_gain", "没有违法所得";
        ForcingHeavy = "forcing_heavy", "依法从重";
        BenchmarkTier = "benchmark_tier", "基准规定的档次";
        Conflict = "conflict", "从重与从轻情节并存";
        Aggravating = "aggravating", "从重情节";
        StatutoryMitigating = "statutory_mitigating", "法定从轻减轻情节";
        OrdinaryMitigating = "ordinary_mitigating", "从轻情节";
        Standard = "standard", "一般情节";
        Escalation = "escalation", "较重的法定幅度";
        Band = "band", "罚款幅度";
        Penalties = "penalties", "处罚种类";
        GainConfiscation = "gain_confiscation", "违法所得";
        Art37 = "art37", "从旧兼从轻";
        FactNoEffect = "fact_no_effect", "未改变结论的情节";
    }
}

labelled! {
    /// A note beside the outcome.
    NoteCode {
        Transfer = "transfer", "涉嫌犯罪，应当移送";
        SimpleProcedure = "simple_procedure", "可适用简易程序";
        SimpleProcedureOrg = "simple_procedure_org", "单位可适用简易程序";
        AmountNeeded = "amount_needed", "需要金额";
        DecidedToday = "decided_today", "决定日期按今天";
        DiscoveredAssumed = "discovered_assumed", "发现日期按决定日期";
        OccurredMissing = "occurred_missing", "未填写违法行为发生日期";
        PartyNeeded = "party_needed", "需要当事人类型";
        OptionOffered = "option_offered", "可供选择的裁量";
        GainToConfiscate = "gain_to_confiscate", "有违法所得";
    }
}

labelled! {
    /// What the engine needs to know before its answer is final.
    QuestionCode {
        Party = "party", "当事人是个人还是单位？";
        Occurred = "occurred", "违法行为发生（或终了）于哪一天？";
        Amount = "amount", "涉案金额（货值金额等）是多少？";
        Gain = "gain", "违法所得是多少？";
        Harm = "harm", "是否造成危害后果？";
        MinorViolation = "minor_violation", "违法行为是否轻微？";
    }
}

labelled! {
    /// Kinds of administrative penalty (行政处罚法 第九条). 责令改正 is a measure, never a penalty.
    PenaltyKind {
        Warning = "warning", "警告、通报批评";
        Fine = "fine", "罚款";
        ConfiscateGains = "confiscate_gains", "没收违法所得";
        ConfiscateProperty = "confiscate_property", "没收非法财物";
        SuspendLicence = "suspend_licence", "暂扣许可证件";
        LowerQualification = "lower_qualification", "降低资质等级";
        RevokeLicence = "revoke_licence", "吊销许可证件";
        RestrictBusiness = "restrict_business", "限制开展生产经营活动";
        SuspendBusiness = "suspend_business", "责令停产停业";
        Close = "close", "责令关闭";
        BarEmployment = "bar_employment", "限制从业";
        Detention = "detention", "行政拘留";
    }
}

impl PenaltyKind {
    /// The kind of penalty a provision's wording names, or None for a measure (责令改正, 责令停止
    /// 违法行为, 采取补救措施 …). Wording is what the data and published lists use.
    pub fn classify(s: &str) -> Option<PenaltyKind> {
        let s = s.trim();
        let k = if s.contains("没收违法所得") || s.contains("没收非法所得") {
            PenaltyKind::ConfiscateGains
        } else if s.contains("没收") {
            PenaltyKind::ConfiscateProperty
        } else if s.contains("暂扣") {
            PenaltyKind::SuspendLicence
        } else if s.contains("吊销") {
            PenaltyKind::RevokeLicence
        } else if s.contains("降低资质") {
            PenaltyKind::LowerQualification
        } else if s.contains("关闭") {
            PenaltyKind::Close
        } else if s.contains("停产") || s.contains("停业") || s.contains("停工整治") {
            PenaltyKind::SuspendBusiness
        } else if s.contains("限制生产") || s.contains("限制开展生产经营") {
            PenaltyKind::RestrictBusiness
        } else if s.contains("限制从业") {
            PenaltyKind::BarEmployment
        } else if s.contains("拘留") {
            PenaltyKind::Detention
        } else if s.starts_with("罚款") || s == "罚款" {
            PenaltyKind::Fine
        } else if s.contains("警告") || s.contains("通报批评") {
            PenaltyKind::Warning
        } else {
            return None;
        };
        // "移送公安机关对责任人员处以拘留" is a transfer, not this body's penalty.
        if k == PenaltyKind::Detention && s.contains("移送") {
            return None;
        }
        Some(k)
    }
}

/// One penalty the case gets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PenaltyOut {
    pub kind: PenaltyKind,
    /// The provision's own wording (没收违法经营的食品, 吊销许可证 …).
    pub zh: String,
    /// For 罚款: the band.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fine: Option<Band>,
    /// When the penalty depends on something not yet established (有违法所得的).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// One step of the trace: which facts, under which clause, had which effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub step: Step,
    pub step_zh: &'static str,
    pub facts: Vec<Fact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<CitationOut>,
    pub text: String,
}

impl Reason {
    pub fn new(step: Step, facts: Vec<Fact>, citation: Option<CitationOut>, text: String) -> Self {
        Reason {
            step,
            step_zh: step.zh(),
            facts,
            citation,
            text,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub code: NoteCode,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub code: QuestionCode,
    pub zh: &'static str,
    /// Why it matters for this case.
    pub why: String,
}

/// A discretionary outcome the law allows and the officer may choose (第三十三条第一款 后段: 可以).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionOut {
    pub ground: Ground,
    pub tier: Tier,
    pub text: String,
    pub citation: Option<CitationOut>,
}

/// The outcome for one party, when the penalty article splits its range by party and the party
/// was not given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartyOutcome {
    pub party: Party,
    pub party_zh: &'static str,
    pub tier: Tier,
    pub fine: Option<Band>,
    pub legal_range: Option<Band>,
}

/// When an evaluation applies: the law of the act, or the law of the decision (第三十七条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    Act,
    Decision,
}

/// The result under one regime.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub when: When,
    pub regime_from: Option<NaiveDate>,
    pub regime_until: Option<NaiveDate>,
    pub tier: Tier,
    pub grounds: Vec<Ground>,
    pub fine: Option<Band>,
    /// The legal range that applied to this case (after multiples and escalations).
    pub legal_fine: Option<Band>,
    pub penalties: Vec<PenaltyOut>,
    pub measures: Vec<String>,
    pub follow_up: Vec<String>,
    pub citations: Vec<CitationOut>,
    pub reasons: Vec<Reason>,
    pub options: Vec<OptionOut>,
    pub questions: Vec<Question>,
    /// The exemption item applied, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemption: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemSummary {
    pub id: String,
    pub violation: String,
    pub department: String,
    pub department_name: String,
    pub domain: String,
    /// The current provision's general range (for organisations where it splits by party).
    pub legal_fine: Option<Band>,
    /// The range for individuals, where the current provision sets one of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_fine_individual: Option<Band>,
    pub kinds: Vec<String>,
    pub amount_label: Option<String>,
    pub exemption_items: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_minor: Option<String>,
    pub origin: String,
}

/// What a decision rested on, so it can be reproduced and found again if the rules were wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Receipt {
    pub engine_version: &'static str,
    pub rules_version: String,
    pub library_hash: String,
    pub item: String,
    pub facts: Vec<Fact>,
    pub amount: Option<f64>,
    pub gain: Option<f64>,
    pub party: Option<Party>,
    pub occurred: Option<NaiveDate>,
    pub ended: Option<NaiveDate>,
    pub discovered: NaiveDate,
    pub decided: NaiveDate,
    /// True when the decision date was not given and today was used.
    pub decided_is_today: bool,
    pub chosen: Vec<Ground>,
    /// The signed pack the library came from, when it came from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pack: Option<PackSource>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub item: ItemSummary,
    pub tier: Tier,
    pub tier_zh: &'static str,
    /// The exemption item applied (免罚事项 id), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemption: Option<String>,
    /// The legal range that applied to this case (the chosen regime, after multiples and
    /// escalations); `item.legal_fine` is the current provision's general range.
    pub legal_range: Option<Band>,
    pub grounds: Vec<Ground>,
    pub fine: Option<Band>,
    /// Every penalty the case gets; empty for 不予处罚 and 责令改正，暂不处罚.
    pub penalties: Vec<PenaltyOut>,
    pub measures: Vec<String>,
    pub follow_up: Vec<String>,
    pub citations: Vec<CitationOut>,
    pub reasons: Vec<Reason>,
    /// 说理: a paragraph for the decision document.
    pub reasoning: String,
    pub transfer: bool,
    pub notes: Vec<Note>,
    /// What the officer should still establish; the answer is provisional while any is open.
    pub questions: Vec<Question>,
    /// Discretionary outcomes the officer may choose instead (首违不罚 …).
    pub options: Vec<OptionOut>,
    /// The outcome for each party, when the party was not given and it changes the range.
    pub by_party: Vec<PartyOutcome>,
    /// Both evaluations when 从旧兼从轻 applies (act first, then decision); empty otherwise.
    pub evaluations: Vec<Evaluation>,
    pub rules_version: String,
    pub receipt: Receipt,
}

impl Decision {
    /// The kinds of penalty as the provision words them (for tables and CSV).
    pub fn penalty_words(&self) -> Vec<String> {
        self.penalties.iter().map(|p| p.zh.clone()).collect()
    }

    /// Whether `fine` yuan can be written down for this case under the law: never below zero,
    /// never above the legal maximum, and not while the party — and so the maximum — is unknown.
    /// Whether a fine is due at all is the caller's question (a draft follows the outcome, a
    /// record follows the officer's tier).
    pub fn check_fine(&self, fine: f64) -> Result<(), FineProblem> {
        if !fine.is_finite() || fine < 0.0 {
            return Err(FineProblem::Negative { fine });
        }
        // Without a legal range no amount can be checked, and none is written down unchecked.
        let max = match self.legal_range {
            Some(l) => l.max_yuan,
            None if !self.by_party.is_empty() => return Err(FineProblem::PartyUnknown),
            None => return Err(FineProblem::NoRange),
        };
        if fine > max + 0.005 {
            return Err(FineProblem::AboveMaximum { fine, max });
        }
        Ok(())
    }
}

/// Why a fine amount cannot stand beside a decision.
#[derive(Debug, Clone, PartialEq)]
pub enum FineProblem {
    Negative {
        fine: f64,
    },
    AboveMaximum {
        fine: f64,
        max: f64,
    },
    /// The legal range depends on the party (个人 / 单位), which was not given.
    PartyUnknown,
    /// No legal range is known for this case: the provision sets no fine, or the range depends
    /// on an amount or gains not given.
    NoRange,
    /// The outcome has no fine.
    NoneDue {
        tier: Tier,
    },
}

impl FineProblem {
    pub fn zh(&self) -> String {
        match self {
            FineProblem::Negative { fine } => format!("罚款金额 {fine} 不是有效金额"),
            FineProblem::AboveMaximum { fine, max } => {
                format!("罚款 {} 元超过法定最高额 {} 元", yuan(*fine), yuan(*max))
            }
            FineProblem::PartyUnknown => {
                "当事人是个人还是单位尚未填写，法定罚款幅度因此未定，无法核对罚款金额".into()
            }
            FineProblem::NoRange => {
                "本案的法定罚款幅度未定（该条款不设罚款，或幅度取决于尚未填写的金额、违法所得），无法核对罚款金额".into()
            }
            FineProblem::NoneDue { tier } => {
                format!("裁量结果为“{}”，没有罚款，不能写入罚款金额", tier.zh())
            }
        }
    }
}

impl std::fmt::Display for FineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FineProblem::Negative { fine } => write!(f, "{fine} is not a fine in yuan"),
            FineProblem::AboveMaximum { fine, max } => write!(
                f,
                "a fine of {} yuan is above the legal maximum of {} yuan",
                yuan(*fine),
                yuan(*max)
            ),
            FineProblem::PartyUnknown => write!(
                f,
                "the legal range depends on the party (individual or organisation), which was not given"
            ),
            FineProblem::NoRange => write!(
                f,
                "no legal fine range is known for this case (the provision sets none, or it depends on an amount or gains not given)"
            ),
            FineProblem::NoneDue { tier } => write!(
                f,
                "the outcome ({}) has no fine",
                tier.code()
            ),
        }
    }
}

/// `5000`, `1234.50`.
pub fn yuan(x: f64) -> String {
    if (x - x.round()).abs() < 0.005 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.2}")
    }
}

/// `5000元以下`, `500元至5000元`.
pub fn yuan_range(b: Band) -> String {
    if b.min_yuan <= 0.0 {
        format!("{}元以下", yuan(b.max_yuan))
    } else {
        format!("{}元至{}元", yuan(b.min_yuan), yuan(b.max_yuan))
    }
}

/// 初次违法、及时改正
pub fn zh_list(f: &[Fact]) -> String {
    f.iter().map(|x| x.zh()).collect::<Vec<_>>().join("、")
}

/// 《中华人民共和国价格法》第四十二条
pub fn cite_text(c: &CitationOut) -> String {
    match &c.version {
        Some(v) => format!("《{}》（{}）{}", c.law, v, c.article),
        None => format!("《{}》{}", c.law, c.article),
    }
}
