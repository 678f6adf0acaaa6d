//! The rules' files as written: TOML shapes with their places (`Spanned`), before validation.
//! Unknown keys are errors (`deny_unknown_fields`), so a misspelt key is never silently ignored.

use super::*;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeta {
    pub(super) version: String,
    pub(super) title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPolicy {
    pub(super) bands: RawPolicyBands,
    pub(super) facts: RawPolicyFacts,
    pub(super) mitigated_min_facts: usize,
    pub(super) on_conflict: Spanned<String>,
    pub(super) limitation: RawLimitation,
    pub(super) simple_procedure: RawSimple,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPolicyBands {
    pub(super) light: [f64; 2],
    pub(super) standard: [f64; 2],
    pub(super) heavy: [f64; 2],
    pub(super) mitigated: [f64; 2],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPolicyFacts {
    pub(super) aggravating: Vec<Spanned<String>>,
    pub(super) statutory_mitigating: Vec<Spanned<String>>,
    pub(super) ordinary_mitigating: Vec<Spanned<String>>,
    pub(super) forcing_heavy: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLimitation {
    pub(super) years: u32,
    pub(super) years_health: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSimple {
    pub(super) person_yuan: f64,
    pub(super) org_yuan: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLawFile {
    #[serde(default)]
    pub(super) laws: Vec<Spanned<RawLaw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLaw {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) kind: String,
    #[serde(default)]
    pub(super) issuer: String,
    #[serde(default)]
    pub(super) source: String,
    pub(super) versions: Vec<Spanned<RawVersion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVersion {
    pub(super) label: String,
    pub(super) effective: Spanned<String>,
    pub(super) until: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) articles: Vec<Spanned<RawArticle>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArticle {
    pub(super) no: String,
    pub(super) gist: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDept {
    pub(super) code: Spanned<String>,
    pub(super) name: String,
    pub(super) domain: String,
    #[serde(default)]
    pub(super) first_offense_rule: String,
    #[serde(default)]
    pub(super) lists: Vec<Spanned<RawList>>,
    #[serde(default)]
    pub(super) benchmarks: Vec<Spanned<RawBenchmark>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawList {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) list_type: String,
    pub(super) doc_number: Option<String>,
    pub(super) effective: Spanned<String>,
    pub(super) until: Option<Spanned<String>>,
    pub(super) provenance: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBenchmark {
    pub(super) id: String,
    pub(super) violation: String,
    #[serde(default)]
    pub(super) aliases: Vec<String>,
    pub(super) category: Option<String>,
    pub(super) domain: Option<String>,
    #[serde(default)]
    pub(super) health_safety: bool,
    pub(super) amount_label: Option<String>,
    #[serde(default)]
    pub(super) provenance: String,
    pub(super) not_minor: Option<String>,
    // The regime in force now (flattened for the common case of one regime).
    pub(super) from: Option<Spanned<String>>,
    pub(super) fine_by_party: Option<Spanned<RawPartyFine>>,
    pub(super) limitation: Option<Spanned<RawLimitationRule>>,
    #[serde(default)]
    pub(super) first_punishable: bool,
    #[serde(default)]
    pub(super) violated: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    pub(super) penalty: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    pub(super) kinds: Vec<String>,
    pub(super) fine: Option<Spanned<RawFine>>,
    #[serde(default)]
    pub(super) fine_requires: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) measures: Vec<String>,
    #[serde(default)]
    pub(super) tiers: Vec<Spanned<RawTier>>,
    #[serde(default)]
    pub(super) escalations: Vec<Spanned<RawEscalation>>,
    #[serde(default)]
    pub(super) first_penalty: Vec<String>,
    #[serde(default)]
    pub(super) fine_requires_gain: bool,
    #[serde(default)]
    pub(super) one_of: Vec<String>,
    #[serde(default)]
    pub(super) exemptions: Vec<Spanned<RawExemption>>,
    #[serde(default)]
    pub(super) previous: Vec<Spanned<RawRegime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEscalation {
    pub(super) when: Vec<Spanned<String>>,
    pub(super) fine: Option<Spanned<RawFine>>,
    pub(super) fine_by_party: Option<Spanned<RawPartyFine>>,
    #[serde(default)]
    pub(super) kinds: Vec<String>,
    pub(super) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegime {
    pub(super) from: Option<Spanned<String>>,
    pub(super) until: Option<Spanned<String>>,
    pub(super) fine_by_party: Option<Spanned<RawPartyFine>>,
    pub(super) limitation: Option<Spanned<RawLimitationRule>>,
    #[serde(default)]
    pub(super) first_punishable: bool,
    #[serde(default)]
    pub(super) violated: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    pub(super) penalty: Vec<Spanned<RawCitation>>,
    #[serde(default)]
    pub(super) kinds: Vec<String>,
    pub(super) fine: Option<Spanned<RawFine>>,
    #[serde(default)]
    pub(super) fine_requires: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) measures: Vec<String>,
    #[serde(default)]
    pub(super) tiers: Vec<Spanned<RawTier>>,
    #[serde(default)]
    pub(super) escalations: Vec<Spanned<RawEscalation>>,
    #[serde(default)]
    pub(super) first_penalty: Vec<String>,
    #[serde(default)]
    pub(super) fine_requires_gain: bool,
    #[serde(default)]
    pub(super) one_of: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCitation {
    pub(super) law: String,
    pub(super) version: Option<String>,
    pub(super) article: String,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBand {
    pub(super) min: f64,
    pub(super) max: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFine {
    pub(super) min: Option<f64>,
    pub(super) max: Option<f64>,
    pub(super) per: Option<String>,
    pub(super) min_times: Option<f64>,
    pub(super) max_times: Option<f64>,
    pub(super) fallback: Option<RawBand>,
    pub(super) fallback_below: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPartyFine {
    pub(super) individual: RawFine,
    pub(super) organization: RawFine,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLimitationRule {
    pub(super) years: u32,
    #[serde(default)]
    pub(super) harm_required: bool,
    pub(super) law: String,
    pub(super) article: String,
    pub(super) version: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTier {
    pub(super) tier: String,
    pub(super) party: Option<String>,
    pub(super) fine: Option<RawBand>,
    #[serde(default)]
    pub(super) when: Vec<Spanned<String>>,
    pub(super) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExemption {
    pub(super) id: String,
    pub(super) list: String,
    pub(super) number: u32,
    pub(super) conditions: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) conditions_text: String,
    #[serde(default)]
    pub(super) excluded_if: Vec<Spanned<String>>,
    pub(super) max_amount: Option<f64>,
    pub(super) max_gain: Option<f64>,
    #[serde(default)]
    pub(super) measures: Vec<String>,
    #[serde(default)]
    pub(super) follow_up: Vec<String>,
    #[serde(default)]
    pub(super) provenance: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSynonyms {
    #[serde(default)]
    pub(super) synonyms: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCaseFile {
    #[serde(default)]
    pub(super) cases: Vec<Spanned<RawCase>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCase {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) benchmark: String,
    pub(super) narrative: String,
    #[serde(default)]
    pub(super) facts: Vec<Spanned<String>>,
    pub(super) amount: Option<f64>,
    pub(super) gain: Option<f64>,
    pub(super) occurred: Option<Spanned<String>>,
    pub(super) discovered: Option<Spanned<String>>,
    pub(super) decided: Option<Spanned<String>>,
    pub(super) party: Option<Spanned<String>>,
    /// Discretionary options the case applies (art33_first: 首违不罚, chosen by the officer).
    #[serde(default)]
    pub(super) choose: Vec<Spanned<String>>,
    pub(super) expected_tier: Spanned<String>,
    #[serde(default)]
    pub(super) expected_grounds: Vec<String>,
    pub(super) expected_fine: Option<RawBand>,
    #[serde(default)]
    pub(super) explanation: String,
}
