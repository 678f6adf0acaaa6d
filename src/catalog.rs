//! The library browser's views (基准库): items by department and domain, and one item in full,
//! with the gist of every cited article — what the desktop app shows, computed here so that its
//! commands stay thin.

use crate::engine::{summarize, CitationOut, ItemSummary};
use crate::model::*;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DepartmentRow {
    pub code: String,
    pub name: String,
    pub domain: String,
    pub benchmarks: usize,
    pub exemption_items: usize,
    pub first_offense_rule: String,
    pub lists: Vec<ExemptionList>,
}

pub fn departments(lib: &Library) -> Vec<DepartmentRow> {
    lib.departments
        .iter()
        .map(|d| {
            let items: Vec<&Benchmark> = lib
                .benchmarks
                .iter()
                .filter(|b| b.department == d.code)
                .collect();
            DepartmentRow {
                code: d.code.clone(),
                name: d.name.clone(),
                domain: d.domain.clone(),
                benchmarks: items.len(),
                exemption_items: items.iter().map(|b| b.exemptions.len()).sum(),
                first_offense_rule: d.first_offense_rule.clone(),
                lists: d.lists.clone(),
            }
        })
        .collect()
}

/// Items filtered by department code, domain and exemption; all when the filters are empty.
pub fn items(
    lib: &Library,
    department: Option<&str>,
    domain: Option<&str>,
    exempt_only: bool,
) -> Vec<ItemSummary> {
    lib.benchmarks
        .iter()
        .filter(|b| department.is_none_or(|d| d.is_empty() || b.department == d))
        .filter(|b| domain.is_none_or(|d| d.is_empty() || b.domain == d))
        .filter(|b| !exempt_only || !b.exemptions.is_empty())
        .map(|b| summarize(lib, b))
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct RegimeView {
    pub from: Option<chrono::NaiveDate>,
    pub until: Option<chrono::NaiveDate>,
    pub violated: Vec<CitationOut>,
    pub penalty: Vec<CitationOut>,
    pub kinds: Vec<String>,
    pub legal_fine: Option<Band>,
    pub fine_text: String,
    pub fine_requires: Vec<Fact>,
    pub first_penalty: Vec<String>,
    pub fine_requires_gain: bool,
    pub one_of: Vec<String>,
    pub measures: Vec<String>,
    /// Tier bands for this regime: published amounts, else the policy split of the legal range.
    pub tiers: Vec<TierView>,
    pub escalations: Vec<Escalation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierView {
    pub tier: Tier,
    pub tier_zh: &'static str,
    pub fine: Option<Band>,
    pub published: bool,
    pub when: Vec<Fact>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExemptionView {
    #[serde(flatten)]
    pub item: Exemption,
    pub list_title: String,
    pub list_type: String,
    pub doc_number: Option<String>,
    pub conditions_zh: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemDetail {
    pub summary: ItemSummary,
    pub aliases: Vec<String>,
    pub category: Option<String>,
    pub health_safety: bool,
    pub provenance: String,
    pub first_offense_rule: String,
    /// Oldest first; the last one is in force.
    pub regimes: Vec<RegimeView>,
    pub exemptions: Vec<ExemptionView>,
}

fn cite(lib: &Library, c: &Citation) -> CitationOut {
    let law = lib.law(&c.law);
    CitationOut {
        law: law.map(|l| l.name.clone()).unwrap_or_else(|| c.law.clone()),
        article: c.article.clone(),
        gist: lib.gist(c).unwrap_or_default().to_string(),
        version: c
            .version
            .clone()
            .filter(|v| law.and_then(|l| l.versions.last()).map(|x| &x.label) != Some(v)),
    }
}

fn fine_text(f: &Option<Fine>, label: Option<&str>) -> String {
    match f {
        None => "未设定罚款".into(),
        Some(Fine::All(r)) => rule_text(r, label),
        Some(Fine::ByParty(p)) => format!(
            "个人：{}；单位：{}",
            rule_text(&p.individual, label),
            rule_text(&p.organization, label)
        ),
    }
}

fn rule_text(f: &FineRule, label: Option<&str>) -> String {
    match Some(f) {
        None => "未设定罚款".into(),
        Some(FineRule::Fixed { band }) => crate::engine::yuan_range(*band),
        Some(FineRule::Multiple {
            per,
            min_times,
            max_times,
            fallback,
            fallback_below,
        }) => {
            let base = match per {
                Basis::Gain => "违法所得",
                Basis::Amount => label.unwrap_or("涉案金额"),
            };
            let mut s = format!("{base}{min_times}倍以上{max_times}倍以下");
            if let Some(b) = fallback {
                if *fallback_below > 0.0 {
                    s.push_str(&format!(
                        "；{base}不足{}的，{}",
                        crate::engine::yuan(*fallback_below),
                        crate::engine::yuan_range(*b)
                    ));
                } else {
                    s.push_str(&format!(
                        "；没有{base}的，{}",
                        crate::engine::yuan_range(*b)
                    ));
                }
            }
            s
        }
    }
}

pub fn detail(lib: &Library, id: &str) -> Option<ItemDetail> {
    let b = lib.benchmark(id)?;
    let p = &lib.policy;
    let regimes = b
        .regimes
        .iter()
        .map(|r| {
            // Where the range splits by party, the tiers shown are the organisation's (the text
            // gives both).
            let legal = r.fine_for(Party::Organization).and_then(|f| match f {
                FineRule::Fixed { band } => Some(*band),
                FineRule::Multiple { fallback, .. } => *fallback,
            });
            let split = |t: Tier, f: (f64, f64)| {
                let published = r
                    .tiers
                    .iter()
                    .find(|x| x.tier == t && x.party != Some(Party::Individual));
                TierView {
                    tier: t,
                    tier_zh: t.zh(),
                    fine: published.and_then(|x| x.fine).or_else(|| {
                        legal.map(|l| {
                            let w = l.max_yuan - l.min_yuan;
                            Band::new(l.min_yuan + w * f.0, l.min_yuan + w * f.1)
                        })
                    }),
                    published: published.is_some_and(|x| x.fine.is_some()),
                    when: published.map(|x| x.when.clone()).unwrap_or_default(),
                    note: published.and_then(|x| x.note.clone()),
                }
            };
            RegimeView {
                from: r.from,
                until: r.until,
                violated: r.violated.iter().map(|c| cite(lib, c)).collect(),
                penalty: r.penalty.iter().map(|c| cite(lib, c)).collect(),
                kinds: r.kinds.clone(),
                legal_fine: legal,
                fine_text: fine_text(&r.fine, b.amount_label.as_deref()),
                fine_requires: r.fine_requires.clone(),
                first_penalty: r.first_penalty.clone(),
                fine_requires_gain: r.fine_requires_gain,
                one_of: r.one_of.clone(),
                measures: r.measures.clone(),
                tiers: vec![
                    split(Tier::Light, p.light),
                    split(Tier::Standard, p.standard),
                    split(Tier::Heavy, p.heavy),
                ],
                escalations: r.escalations.clone(),
            }
        })
        .collect();
    let exemptions = b
        .exemptions
        .iter()
        .map(|e| {
            let list = lib.list(&e.list);
            ExemptionView {
                item: e.clone(),
                list_title: list.map(|l| l.title.clone()).unwrap_or_default(),
                list_type: list.map(|l| l.list_type.clone()).unwrap_or_default(),
                doc_number: list.and_then(|l| l.doc_number.clone()),
                conditions_zh: e.conditions.iter().map(|f| f.zh()).collect(),
            }
        })
        .collect();
    Some(ItemDetail {
        summary: summarize(lib, b),
        aliases: b.aliases.clone(),
        category: b.category.clone(),
        health_safety: b.health_safety,
        provenance: b.provenance.clone(),
        first_offense_rule: lib
            .department(&b.department)
            .map(|d| d.first_offense_rule.clone())
            .unwrap_or_default(),
        regimes,
        exemptions,
    })
}

pub fn stats(lib: &Library) -> serde_json::Value {
    serde_json::json!({
        "departments": lib.departments.len(),
        "exemption_items": lib.exemption_count(),
        // Items on a list with a 文号: they follow a published list (DESIGN contract).
        "published_list_items": lib
            .benchmarks
            .iter()
            .flat_map(|b| b.exemptions.iter())
            .filter(|e| lib.list(&e.list).is_some_and(|l| l.doc_number.is_some()))
            .count(),
        "benchmarks": lib.benchmarks.len(),
        "laws": lib.laws.len(),
        "cases": lib.cases.len(),
        "synonyms": lib.synonyms.len(),
        "articles": lib.laws.iter().flat_map(|l| l.versions.iter()).map(|v| v.articles.len()).sum::<usize>(),
        "rules_version": lib.version,
        "rules_sha256": lib.content_hash,
    })
}

/// The whole library, with exemption items also listed flat (contract of `rules export`).
pub fn export(lib: &Library) -> serde_json::Value {
    let items: Vec<serde_json::Value> = lib
        .benchmarks
        .iter()
        .flat_map(|b| {
            b.exemptions.iter().map(move |e| {
                let mut v = serde_json::to_value(e).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("benchmark".into(), serde_json::json!(b.id));
                    o.insert("violation".into(), serde_json::json!(b.violation));
                    o.insert("department".into(), serde_json::json!(b.department));
                }
                v
            })
        })
        .collect();
    serde_json::json!({
        "rules_version": lib.version,
        "rules_sha256": lib.content_hash,
        "title": lib.title,
        "policy": lib.policy,
        "laws": lib.laws,
        "departments": lib.departments,
        "benchmarks": lib.benchmarks,
        "exemption_items": items,
        "synonyms": lib.synonyms,
        "cases": lib.cases,
    })
}
