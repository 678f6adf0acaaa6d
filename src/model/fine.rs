//! Fine forms as penalty provisions write them: a fixed range, a multiple of an amount, one range
//! per party.

use super::*;

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
