//! The validated library: laws, departments, benchmarks (裁量基准), exemption items (免罚事项),
//! synonyms, typical cases and the discretion policy.
//!
//! These types are what every other module works on. They are built only by `rules` (from TOML,
//! after validation) or by `library` (from a SQLite library that `rules` built), so code that holds a
//! [`Library`] may rely on its invariants: ids are unique, every citation resolves, bands lie inside
//! their legal range.
//!
//! Glossary: 裁量基准 = benchmark; 免罚清单 = exemption list; 免罚事项 = exemption item;
//! 违反条款 = violated provision; 罚则 = penalty provision; 说理 = reasoning; 从旧兼从轻 = art. 37.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Where a record was written, so a reviewer can find it: `rules/departments/SCJG.toml:120`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub file: String,
    pub line: u32,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

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

/// A closed range of yuan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub min_yuan: f64,
    pub max_yuan: f64,
}

impl Band {
    pub fn new(min_yuan: f64, max_yuan: f64) -> Band {
        Band { min_yuan, max_yuan }
    }
    pub fn contains(&self, yuan: f64) -> bool {
        // A cent of tolerance: amounts come from rounding percentages of ranges.
        yuan >= self.min_yuan - 0.01 && yuan <= self.max_yuan + 0.01
    }
    pub fn within(&self, outer: &Band) -> bool {
        outer.contains(self.min_yuan) && outer.contains(self.max_yuan)
    }
}

/// What the fine is a multiple of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// 违法所得: `--gain`.
    Gain,
    /// 货值金额, 工程造价 …: `--amount`, named by the benchmark's `amount_label`.
    Amount,
}

/// The fine a penalty provision allows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FineRule {
    /// A fixed range in yuan ("五千元以下" is min 0).
    Fixed { band: Band },
    /// A multiple of an amount, with the fixed range the law gives when the amount is missing or
    /// below `fallback_below` ("没有违法所得的，处……").
    Multiple {
        per: Basis,
        min_times: f64,
        max_times: f64,
        fallback: Option<Band>,
        fallback_below: f64,
    },
}

/// A penalty article that sets one range for individuals and another for organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartyFines {
    pub individual: FineRule,
    pub organization: FineRule,
}

/// The fine of a regime or an escalation: one rule for every party, or one per party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fine {
    All(FineRule),
    ByParty(PartyFines),
}

impl Fine {
    /// The rule for a party (the same for both when the article does not distinguish them).
    pub fn for_party(&self, party: Party) -> &FineRule {
        match self {
            Fine::All(r) => r,
            Fine::ByParty(p) => match party {
                Party::Individual => &p.individual,
                Party::Organization => &p.organization,
            },
        }
    }
    pub fn splits_by_party(&self) -> bool {
        matches!(self, Fine::ByParty(_))
    }
    /// Every rule it holds, with the party it is for (None: every party).
    pub fn rules(&self) -> Vec<(Option<Party>, &FineRule)> {
        match self {
            Fine::All(r) => vec![(None, r)],
            Fine::ByParty(p) => vec![
                (Some(Party::Individual), &p.individual),
                (Some(Party::Organization), &p.organization),
            ],
        }
    }
}

/// A limitation period that the law of a regime sets for itself (第三十六条: "法律另有规定的除外"),
/// e.g. 生态环境法典 第一千零五十四条: five years where pollution or ecological harm occurred.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Limitation {
    pub years: u32,
    /// Applies only where harm occurred.
    pub harm_required: bool,
    pub basis: Citation,
}

/// A reference to a provision: law id, optional version label, article text (第N条第M款…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub law: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub version: Option<String>,
    pub article: String,
}

/// One article of a law version, with a paraphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub no: String,
    pub gist: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LawVersion {
    pub label: String,
    pub effective: NaiveDate,
    pub until: Option<NaiveDate>,
    pub articles: Vec<Article>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Law {
    pub id: String,
    /// The name as promulgated, without 《》.
    pub name: String,
    pub kind: String,
    pub issuer: String,
    pub source: String,
    /// Oldest first.
    pub versions: Vec<LawVersion>,
    pub origin: Origin,
}

impl Law {
    /// The version a citation means: the labelled one, else the newest.
    pub fn version(&self, label: Option<&str>) -> Option<&LawVersion> {
        match label {
            Some(l) => self.versions.iter().find(|v| v.label == l),
            None => self.versions.last(),
        }
    }
}

/// An exemption list a department publishes (免罚清单).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExemptionList {
    pub id: String,
    pub title: String,
    /// 轻微不罚 | 首违不罚 | 无过错不罚
    pub list_type: String,
    pub doc_number: Option<String>,
    pub effective: NaiveDate,
    pub until: Option<NaiveDate>,
    pub provenance: String,
}

impl ExemptionList {
    /// Whether the list is in force on `day` (the decision date: a list applies to the cases
    /// decided while it is in force).
    pub fn in_force_on(&self, day: NaiveDate) -> bool {
        self.effective <= day && self.until.is_none_or(|u| day <= u)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Department {
    pub code: String,
    pub name: String,
    pub domain: String,
    pub first_offense_rule: String,
    pub lists: Vec<ExemptionList>,
    pub origin: Origin,
}

/// A published (or reference) amount for one tier of one benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TierBand {
    pub tier: Tier,
    /// The party the published amount is for, where the article splits its range by party.
    pub party: Option<Party>,
    pub fine: Option<Band>,
    pub when: Vec<Fact>,
    pub note: Option<String>,
}

/// A heavier legal range the provision sets for some facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Escalation {
    pub when: Vec<Fact>,
    pub fine: Option<Fine>,
    pub kinds: Vec<String>,
    pub note: Option<String>,
}

/// The law as it applied over a period: provisions, penalty kinds, fine, measures, tiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Regime {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub violated: Vec<Citation>,
    pub penalty: Vec<Citation>,
    pub kinds: Vec<String>,
    pub fine: Option<Fine>,
    /// Facts without which no fine may be imposed ("拒不改正的，处……").
    pub fine_requires: Vec<Fact>,
    /// Kinds imposed when `fine_requires` is not met ("责令改正，给予警告；拒不改正的，处……": 警告).
    #[serde(default)]
    pub first_penalty: Vec<String>,
    /// The fine (and confiscation) is due only where there are illegal gains ("有违法所得的，没收违法
    /// 所得，并处……罚款"): none when gains are 0, conditional when they are not known.
    #[serde(default)]
    pub fine_requires_gain: bool,
    /// Kinds of which one is imposed, not all ("给予警告或者……罚款").
    #[serde(default)]
    pub one_of: Vec<String>,
    /// Heavier legal ranges that apply when facts hold ("逾期不改正的，处……"; "情节严重的，处……").
    #[serde(default)]
    pub escalations: Vec<Escalation>,
    pub measures: Vec<String>,
    pub tiers: Vec<TierBand>,
    /// The regime's own limitation period, where its law sets one.
    #[serde(default)]
    pub limitation: Option<Limitation>,
    /// No rule punished the act before `from`: an earlier act gets `no_rule_in_force`. Without it,
    /// an act before the earliest regime is one the library cannot decide.
    #[serde(default)]
    pub first_punishable: bool,
}

impl Regime {
    /// The fine rule for a party; None when the regime sets no fine.
    pub fn fine_for(&self, party: Party) -> Option<&FineRule> {
        self.fine.as_ref().map(|f| f.for_party(party))
    }

    /// Whether the party changes the legal range (of the regime or of any escalation).
    pub fn splits_by_party(&self) -> bool {
        self.fine.as_ref().is_some_and(Fine::splits_by_party)
            || self
                .escalations
                .iter()
                .any(|e| e.fine.as_ref().is_some_and(Fine::splits_by_party))
    }

    pub fn applies_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| day >= f) && self.until.is_none_or(|u| day <= u)
    }

    /// True when the act is not punishable under this regime at all: no penalty article, or one
    /// that only orders correction (no kind of penalty, no fine, and no heavier clause adding one).
    pub fn no_penalty(&self) -> bool {
        self.penalty.is_empty()
            || (self.kinds.is_empty()
                && self.fine.is_none()
                && self
                    .escalations
                    .iter()
                    .all(|e| e.kinds.is_empty() && e.fine.is_none()))
    }
}

/// An exemption item (免罚事项) attached to a benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exemption {
    pub id: String,
    pub list: String,
    pub number: u32,
    pub conditions: Vec<Fact>,
    pub conditions_text: String,
    pub excluded_if: Vec<Fact>,
    pub max_amount: Option<f64>,
    pub max_gain: Option<f64>,
    pub measures: Vec<String>,
    pub follow_up: Vec<String>,
    pub provenance: String,
    pub origin: Origin,
}

/// A discretion benchmark (裁量基准) for one violation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Benchmark {
    pub id: String,
    pub department: String,
    pub domain: String,
    pub violation: String,
    pub aliases: Vec<String>,
    pub category: Option<String>,
    pub health_safety: bool,
    pub amount_label: Option<String>,
    pub provenance: String,
    /// Why this violation can never be 违法行为轻微 (第三十三条第一款 does not reach it).
    #[serde(default)]
    pub not_minor: Option<String>,
    /// Oldest first; the last one is in force now.
    pub regimes: Vec<Regime>,
    pub exemptions: Vec<Exemption>,
    pub origin: Origin,
}

impl Benchmark {
    pub fn current(&self) -> &Regime {
        // Invariant (rules::validate): at least one regime.
        &self.regimes[self.regimes.len() - 1]
    }

    /// The regime in force on `day`; the current one when no regime covers the day.
    pub fn regime_on(&self, day: NaiveDate) -> &Regime {
        self.regime_at(day).unwrap_or_else(|| self.current())
    }

    /// The regime in force on `day`, if any regime covers it.
    pub fn regime_at(&self, day: NaiveDate) -> Option<&Regime> {
        self.regimes.iter().find(|r| r.applies_on(day))
    }

    /// The earliest regime (the first the library holds).
    pub fn earliest(&self) -> &Regime {
        // Invariant (rules::validate): at least one regime.
        &self.regimes[0]
    }

    /// Whether the party changes the legal range under any regime.
    pub fn splits_by_party(&self) -> bool {
        self.regimes.iter().any(Regime::splits_by_party)
    }
}

/// A typical case (典型案例) for training; every one is re-run by the tests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypicalCase {
    pub id: String,
    pub title: String,
    pub benchmark: String,
    pub narrative: String,
    pub facts: Vec<Fact>,
    pub amount: Option<f64>,
    pub gain: Option<f64>,
    pub occurred: Option<NaiveDate>,
    pub discovered: Option<NaiveDate>,
    pub decided: Option<NaiveDate>,
    pub party: Option<Party>,
    /// Discretionary options the case applies (首违不罚).
    #[serde(default)]
    pub chosen: Vec<crate::decision::Ground>,
    pub expected_tier: Tier,
    pub expected_grounds: Vec<String>,
    pub expected_fine: Option<Band>,
    pub explanation: String,
    pub origin: Origin,
}

/// What happens when aggravating and statutory mitigating facts meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conflict {
    /// They cancel out: 一般.
    Offset,
    AggravatingWins,
    MitigatingWins,
}

/// Parameters of the discretion policy (`rules/policy.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Fractions of the legal range [min, max] for each tier: (from, to).
    pub light: (f64, f64),
    pub standard: (f64, f64),
    pub heavy: (f64, f64),
    /// 减轻: the band below the legal minimum, as fractions of the minimum.
    pub mitigated: (f64, f64),
    pub aggravating: Vec<Fact>,
    pub statutory_mitigating: Vec<Fact>,
    pub ordinary_mitigating: Vec<Fact>,
    /// Facts that make the case 从重 whatever else holds (art. 49).
    pub forcing_heavy: Vec<Fact>,
    /// How many statutory mitigating facts make 减轻 rather than 从轻.
    pub mitigated_min_facts: usize,
    pub on_conflict: Conflict,
    /// art. 36: years, and the longer period for life/health or financial safety with harm.
    pub limit_years: u32,
    pub limit_years_health: u32,
    /// art. 51: on-the-spot decision thresholds.
    pub simple_procedure_person_yuan: f64,
    pub simple_procedure_org_yuan: f64,
}

/// Everything the rules define, validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Library {
    /// `rules/rules.toml` version, e.g. 2026.11.1.
    pub version: String,
    pub title: String,
    /// sha256 over the rules' files (path and content), hex.
    pub content_hash: String,
    pub policy: Policy,
    pub laws: Vec<Law>,
    pub departments: Vec<Department>,
    pub benchmarks: Vec<Benchmark>,
    /// colloquial term -> legal terms.
    pub synonyms: BTreeMap<String, Vec<String>>,
    pub cases: Vec<TypicalCase>,
}

impl Library {
    pub fn benchmark(&self, id: &str) -> Option<&Benchmark> {
        self.benchmarks
            .iter()
            .find(|b| b.id.eq_ignore_ascii_case(id))
    }
    pub fn law(&self, id: &str) -> Option<&Law> {
        self.laws.iter().find(|l| l.id == id)
    }
    pub fn department(&self, code: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.code == code)
    }
    pub fn list(&self, id: &str) -> Option<&ExemptionList> {
        self.departments
            .iter()
            .flat_map(|d| d.lists.iter())
            .find(|l| l.id == id)
    }
    /// What code relies on and `rules::load` guarantees; checked again when a library file is
    /// opened, so that a damaged or edited file is an error and never a panic.
    pub fn check_invariants(&self) -> std::result::Result<(), String> {
        if self.content_hash.len() < 12 || !self.content_hash.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err("rules hash is not a sha256 in hex".into());
        }
        let band_ok = |b: &Band| {
            b.min_yuan.is_finite()
                && b.max_yuan.is_finite()
                && 0.0 <= b.min_yuan
                && b.min_yuan <= b.max_yuan
        };
        let rule_ok = |r: &FineRule| match r {
            FineRule::Fixed { band } => band_ok(band),
            FineRule::Multiple {
                min_times,
                max_times,
                fallback,
                fallback_below,
                ..
            } => {
                min_times.is_finite()
                    && max_times.is_finite()
                    && fallback_below.is_finite()
                    && fallback.as_ref().is_none_or(band_ok)
            }
        };
        let fine_ok = |f: &Fine| f.rules().iter().all(|(_, r)| rule_ok(r));
        for b in &self.benchmarks {
            if b.regimes.is_empty() {
                return Err(format!("benchmark {} has no regime", b.id));
            }
            for r in &b.regimes {
                let fines_ok = r.fine.as_ref().is_none_or(fine_ok)
                    && r.escalations
                        .iter()
                        .all(|e| e.fine.as_ref().is_none_or(fine_ok))
                    && r.tiers.iter().all(|t| t.fine.as_ref().is_none_or(band_ok));
                if !fines_ok {
                    return Err(format!(
                        "benchmark {}: a fine that is not a valid amount",
                        b.id
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn exemption_count(&self) -> usize {
        self.benchmarks.iter().map(|b| b.exemptions.len()).sum()
    }
    /// 《title》（文号）第N项: how a decision names the list item it rests on.
    pub fn list_item_label(&self, e: &Exemption) -> String {
        match self.list(&e.list) {
            Some(l) => match &l.doc_number {
                Some(n) => format!("《{}》（{}）第{}项", l.title, n, e.number),
                None => format!("《{}》第{}项", l.title, e.number),
            },
            None => format!("{}第{}项", e.list, e.number),
        }
    }

    /// The short hash shown to users and written into receipts.
    pub fn short_hash(&self) -> &str {
        &self.content_hash[..self.content_hash.len().min(12)]
    }

    /// `《中华人民共和国价格法》第四十二条` — the form used in decision documents.
    pub fn cite(&self, c: &Citation) -> String {
        let name = self.law(&c.law).map(|l| l.name.as_str()).unwrap_or(&c.law);
        match &c.version {
            Some(v)
                if self
                    .law(&c.law)
                    .and_then(|l| l.versions.last())
                    .map(|x| &x.label)
                    != Some(v) =>
            {
                format!("《{name}》（{v}）{}", c.article)
            }
            _ => format!("《{name}》{}", c.article),
        }
    }

    /// The gist of the article a citation points at.
    pub fn gist(&self, c: &Citation) -> Option<&str> {
        let law = self.law(&c.law)?;
        let version = law.version(c.version.as_deref())?;
        let art = article_part(&c.article);
        version
            .articles
            .iter()
            .find(|a| a.no == art)
            .map(|a| a.gist.as_str())
    }
}

/// `第一百二十六条第一款第（六）项` -> `第一百二十六条`.
pub fn article_part(s: &str) -> &str {
    match s.find('条') {
        Some(i) => &s[..i + '条'.len_utf8()],
        None => s,
    }
}

/// Parses a date as officers write it: 2022-05-01, 2022/5/1, 2022.5.1 or 2022年5月1日.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    // The common case without allocation: 2022-05-01.
    let b = s.trim().as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let d = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |a, c| {
                c.is_ascii_digit().then(|| a * 10 + (c - b'0') as u32)
            })
        };
        return NaiveDate::from_ymd_opt(d(0..4)? as i32, d(5..7)?, d(8..10)?);
    }
    let t = s.trim().trim_end_matches('日');
    let t: String = t
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' => '-',
            c => c,
        })
        .collect();
    let mut parts = t.split('-').map(|p| p.trim().parse::<u32>());
    let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        // 20220501
        if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
            return NaiveDate::parse_from_str(&t, "%Y%m%d").ok();
        }
        return None;
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// `1,234.5`, `1234元`, `１２３４`, `2万` -> yuan. Negative or non-finite amounts are refused.
pub fn parse_yuan(s: &str) -> Option<f64> {
    // The common case without allocation: plain ASCII digits.
    let plain = s.trim();
    if !plain.is_empty() && plain.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return plain.parse::<f64>().ok().filter(|v| v.is_finite());
    }
    let t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF0E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '元' | '¥' | '￥'))
        .collect();
    let (num, mul) = match t.strip_suffix('万') {
        Some(n) => (n, 10_000.0),
        None => (t.as_str(), 1.0),
    };
    let v: f64 = num.parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v * mul)
}
