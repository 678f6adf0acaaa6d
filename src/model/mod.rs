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

mod codes;
mod fine;
mod parse;

pub(crate) use codes::labelled;
pub use codes::*;
pub use fine::*;
pub use parse::*;

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
    pub chosen: Vec<Ground>,
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
    /// The signed pack the library was opened from (None: the built-in library or a rules
    /// directory); receipts name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<PackSource>,
}

/// A signed pack a library came from: its version and the signer's key id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackSource {
    pub version: String,
    pub signer: String,
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
