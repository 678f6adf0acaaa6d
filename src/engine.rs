//! The discretion engine: facts of a case -> guidance (tier, grounds, fine band, measures,
//! citations, a trace of reasons and the 说理 paragraph).
//!
//! The statutory grounds of 行政处罚法 always run, because exemption lists are not exhaustive; the
//! order of the steps is documented in docs/rules-format.md ("How the engine reads the data").
//! When the act and the decision fall under different regimes of a benchmark, both are evaluated
//! and the lighter one is chosen (第三十七条, 从旧兼从轻).
//!
//! ```
//! use cailiang::{engine, rules};
//! let lib = rules::load(&cailiang::embedded::rule_files()).unwrap();
//! let item = &lib.benchmarks[0];
//! let q = engine::Query::default();
//! let d = engine::decide(&lib, item, &q);
//! assert!(!d.measures.is_empty() || d.tier == cailiang::model::Tier::Exempt);
//! ```

use crate::model::*;
use crate::reasoning;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeSet;

pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
const PENALTY_LAW: &str = "行政处罚法";

/// The circumstances of one case.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Query {
    pub facts: BTreeSet<Fact>,
    /// 涉案金额 / 货值金额 (yuan): the benchmark's `amount_label` says which.
    pub amount: Option<f64>,
    /// 违法所得 (yuan).
    pub gain: Option<f64>,
    pub occurred: Option<NaiveDate>,
    pub decided: Option<NaiveDate>,
}

impl Query {
    pub fn with_facts(facts: &[Fact]) -> Query {
        Query {
            facts: facts.iter().copied().collect(),
            ..Query::default()
        }
    }
    fn has(&self, f: Fact) -> bool {
        // No harm is less than slight harm: it satisfies a `minor_harm` condition.
        self.facts.contains(&f) || (f == Fact::MinorHarm && self.facts.contains(&Fact::NoHarm))
    }
}

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

/// One step of the trace: which facts, under which clause, had which effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub step: &'static str,
    pub facts: Vec<Fact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<CitationOut>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub code: &'static str,
    pub text: String,
}

/// The result under one regime.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// `act` (the law when the act occurred) or `decision` (the law when deciding).
    pub when: &'static str,
    pub regime_from: Option<NaiveDate>,
    pub regime_until: Option<NaiveDate>,
    pub tier: Tier,
    pub grounds: Vec<String>,
    pub fine: Option<Band>,
    /// The legal range that applied to this case (after multiples and escalations).
    pub legal_fine: Option<Band>,
    pub kinds: Vec<String>,
    pub measures: Vec<String>,
    pub follow_up: Vec<String>,
    pub citations: Vec<CitationOut>,
    pub reasons: Vec<Reason>,
    #[serde(skip)]
    pub exemption: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemSummary {
    pub id: String,
    pub violation: String,
    pub department: String,
    pub department_name: String,
    pub domain: String,
    pub legal_fine: Option<Band>,
    pub kinds: Vec<String>,
    pub amount_label: Option<String>,
    pub exemption_items: Vec<String>,
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
    pub occurred: NaiveDate,
    pub decided: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub item: ItemSummary,
    pub tier: Tier,
    pub tier_zh: &'static str,
    /// The legal range that applied to this case (the chosen regime, after multiples and
    /// escalations); `item.legal_fine` is the current provision's general range.
    pub legal_range: Option<Band>,
    pub grounds: Vec<String>,
    pub fine: Option<Band>,
    pub kinds: Vec<String>,
    pub measures: Vec<String>,
    pub follow_up: Vec<String>,
    pub citations: Vec<CitationOut>,
    pub reasons: Vec<Reason>,
    /// 说理: a paragraph for the decision document.
    pub reasoning: String,
    pub transfer: bool,
    pub notes: Vec<Note>,
    /// Both evaluations when 从旧兼从轻 applies (act first, then decision); empty otherwise.
    pub evaluations: Vec<Evaluation>,
    pub rules_version: String,
    pub receipt: Receipt,
}

/// Decides one case. Never fails: every input has an answer, possibly "no penalty".
pub fn decide(lib: &Library, item: &Benchmark, q: &Query) -> Decision {
    let today = chrono::Local::now().date_naive();
    let decided = q.decided.or(q.occurred).unwrap_or(today);
    let occurred = q.occurred.unwrap_or(decided);

    let act_regime = item.regime_on(occurred);
    let dec_regime = item.regime_on(decided);
    let mut evaluations = Vec::new();
    let chosen = if std::ptr::eq(act_regime, dec_regime) {
        evaluate(lib, item, act_regime, q, occurred, decided, "act")
    } else {
        let old = evaluate(lib, item, act_regime, q, occurred, decided, "act");
        let new = evaluate(lib, item, dec_regime, q, occurred, decided, "decision");
        let new_lighter = lighter(&new, &old);
        let mut pick = if new_lighter {
            new.clone()
        } else {
            old.clone()
        };
        let art37 = statute(lib, "第三十七条");
        let text = if new_lighter {
            format!(
                "违法行为发生于{occurred}，作出决定时（{decided}）规定已修改，新规定{}，依法适用新的规定（从旧兼从轻）",
                if dec_regime.no_penalty() { "不再处罚该行为" } else { "处罚较轻" }
            )
        } else {
            format!(
                "违法行为发生于{occurred}，适用行为时的规定；作出决定时（{decided}）的新规定并不更轻，不予适用"
            )
        };
        pick.reasons.insert(
            0,
            Reason {
                step: "art37",
                facts: vec![],
                citation: art37.clone(),
                text,
            },
        );
        if let Some(c) = art37 {
            pick.citations.push(c);
        }
        evaluations.push(old);
        evaluations.push(new);
        pick
    };

    let transfer = q.facts.contains(&Fact::CrimeThreshold);
    let mut notes = Vec::new();
    if transfer {
        notes.push(Note {
            code: "transfer",
            text: "涉嫌犯罪：应当依法移送司法机关（行刑衔接），行政处罚不能代替刑事责任".into(),
        });
    }
    if chosen.tier != Tier::Exempt {
        let p = &lib.policy;
        let warning_only = chosen.fine.is_none() && chosen.kinds.iter().any(|k| k == "警告");
        let max = chosen.fine.map(|b| b.max_yuan);
        if warning_only || max.is_some_and(|m| m <= p.simple_procedure_person_yuan) {
            notes.push(Note {
                code: "simple_procedure",
                text: format!(
                    "可适用简易程序当场作出决定（警告，或对公民{}元以下、对法人或者其他组织{}元以下罚款；行政处罚法第五十一条）",
                    p.simple_procedure_person_yuan, p.simple_procedure_org_yuan
                ),
            });
        } else if max.is_some_and(|m| m <= p.simple_procedure_org_yuan) {
            notes.push(Note {
                code: "simple_procedure_org",
                text: format!(
                    "当事人为法人或者其他组织的，可适用简易程序当场作出决定（{}元以下罚款；行政处罚法第五十一条）",
                    p.simple_procedure_org_yuan
                ),
            });
        }
    }
    if chosen.fine.is_none()
        && chosen.tier != Tier::Exempt
        && matches!(
            item.regime_on(decided).fine,
            Some(FineRule::Multiple { fallback: None, .. })
        )
    {
        notes.push(Note {
            code: "amount_needed",
            text: format!(
                "罚款以{}的倍数计算，请填写金额",
                item.amount_label.as_deref().unwrap_or("违法所得或涉案金额")
            ),
        });
    }

    let summary = summarize(lib, item);
    let reasoning = reasoning::render(lib, item, &chosen, q, occurred, decided, &evaluations);
    Decision {
        receipt: Receipt {
            engine_version: ENGINE_VERSION,
            rules_version: lib.version.clone(),
            library_hash: lib.content_hash.clone(),
            item: item.id.clone(),
            facts: q.facts.iter().copied().collect(),
            amount: q.amount,
            gain: q.gain,
            occurred,
            decided,
        },
        item: summary,
        tier: chosen.tier,
        tier_zh: chosen.tier.zh(),
        legal_range: chosen.legal_fine,
        grounds: chosen.grounds.clone(),
        fine: chosen.fine,
        kinds: chosen.kinds.clone(),
        measures: chosen.measures.clone(),
        follow_up: chosen.follow_up.clone(),
        citations: chosen.citations.clone(),
        reasons: chosen.reasons.clone(),
        reasoning,
        transfer,
        notes,
        evaluations,
        rules_version: lib.version.clone(),
    }
}

/// The summary of a benchmark used in decisions and search hits.
pub fn summarize(lib: &Library, item: &Benchmark) -> ItemSummary {
    let r = item.current();
    ItemSummary {
        id: item.id.clone(),
        violation: item.violation.clone(),
        department: item.department.clone(),
        department_name: lib
            .department(&item.department)
            .map(|d| d.name.clone())
            .unwrap_or_default(),
        domain: item.domain.clone(),
        legal_fine: r.fine.as_ref().and_then(|f| match f {
            FineRule::Fixed { band } => Some(*band),
            FineRule::Multiple { fallback, .. } => *fallback,
        }),
        kinds: r.kinds.clone(),
        amount_label: item.amount_label.clone(),
        exemption_items: item.exemptions.iter().map(|e| e.id.clone()).collect(),
        origin: item.origin.to_string(),
    }
}

/// Is `a` lighter than `b`? Tier first, then the top and the bottom of the fine band.
fn lighter(a: &Evaluation, b: &Evaluation) -> bool {
    let key = |e: &Evaluation| {
        (
            e.tier,
            e.fine.map(|f| f.max_yuan).unwrap_or(0.0),
            e.fine.map(|f| f.min_yuan).unwrap_or(0.0),
        )
    };
    let (ka, kb) = (key(a), key(b));
    if ka.0 != kb.0 {
        return ka.0 < kb.0;
    }
    if (ka.1 - kb.1).abs() > 0.005 {
        return ka.1 < kb.1;
    }
    ka.2 < kb.2 - 0.005
}

fn statute(lib: &Library, article: &str) -> Option<CitationOut> {
    cite(
        lib,
        &Citation {
            law: PENALTY_LAW.into(),
            version: None,
            article: article.into(),
        },
    )
}

fn statute_clause(lib: &Library, article: &str, clause: &str) -> Option<CitationOut> {
    statute(lib, article).map(|mut c| {
        c.article = format!("{article}{clause}");
        c
    })
}

fn cite(lib: &Library, c: &Citation) -> Option<CitationOut> {
    let law = lib.law(&c.law)?;
    let newest = law.versions.last().map(|v| v.label.as_str());
    Some(CitationOut {
        law: law.name.clone(),
        article: c.article.clone(),
        gist: lib.gist(c).unwrap_or_default().to_string(),
        version: c.version.clone().filter(|v| Some(v.as_str()) != newest),
    })
}

/// Adds `m` to `v` unless present.
fn push_unique(v: &mut Vec<String>, m: &str) {
    if !v.iter().any(|x| x == m) {
        v.push(m.to_string());
    }
}

struct Ctx<'a> {
    lib: &'a Library,
    regime: &'a Regime,
    reasons: Vec<Reason>,
    citations: Vec<CitationOut>,
}

impl Ctx<'_> {
    fn exempt(
        mut self,
        when: &'static str,
        ground: &str,
        measures: Vec<String>,
        follow_up: Vec<String>,
        exemption: Option<String>,
    ) -> Evaluation {
        // Even without a penalty the violated provision is what the document names.
        let mut citations: Vec<CitationOut> = self
            .regime
            .violated
            .iter()
            .filter_map(|c| cite(self.lib, c))
            .collect();
        citations.append(&mut self.citations);
        Evaluation {
            when,
            regime_from: self.regime.from,
            regime_until: self.regime.until,
            tier: Tier::Exempt,
            grounds: vec![ground.to_string()],
            fine: None,
            legal_fine: None,
            kinds: vec![],
            measures,
            follow_up,
            citations,
            reasons: self.reasons,
            exemption,
        }
    }

    fn reason(
        &mut self,
        step: &'static str,
        facts: Vec<Fact>,
        citation: Option<CitationOut>,
        text: String,
    ) {
        if let Some(c) = &citation {
            if !self
                .citations
                .iter()
                .any(|x| x.law == c.law && x.article == c.article)
            {
                self.citations.push(c.clone());
            }
        }
        self.reasons.push(Reason {
            step,
            facts,
            citation,
            text,
        });
    }
}

fn education_measures() -> Vec<String> {
    vec!["责令改正".into(), "批评教育".into()]
}

fn evaluate(
    lib: &Library,
    item: &Benchmark,
    regime: &Regime,
    q: &Query,
    occurred: NaiveDate,
    decided: NaiveDate,
    when: &'static str,
) -> Evaluation {
    let p = &lib.policy;
    let mut cx = Ctx {
        lib,
        regime,
        reasons: Vec::new(),
        citations: Vec::new(),
    };
    // All aggravating facts bar exemptions; but a fact that defines the legal range (the refusal
    // that a "拒不改正的，处…" fine requires, the facts of an escalated range) is not counted again
    // when choosing the tier inside that range.
    let aggravating: Vec<Fact> = p
        .aggravating
        .iter()
        .copied()
        .filter(|f| q.has(*f))
        .collect();
    let escalation = regime
        .escalations
        .iter()
        .filter(|e| e.when.iter().all(|f| q.has(*f)))
        .max_by(|a, b| {
            let m = |e: &Escalation| {
                e.fine
                    .as_ref()
                    .and_then(|f| legal_band(f, q))
                    .map(|b| b.max_yuan)
                    .unwrap_or(0.0)
            };
            m(a).total_cmp(&m(b))
        });
    let range_facts: Vec<Fact> = regime
        .fine_requires
        .iter()
        .chain(escalation.iter().flat_map(|e| e.when.iter()))
        .copied()
        .collect();
    let aggravating_in_range: Vec<Fact> = aggravating
        .iter()
        .copied()
        .filter(|f| !range_facts.contains(f))
        .collect();

    if q.has(Fact::CrimeThreshold) {
        cx.reason(
            "transfer",
            vec![Fact::CrimeThreshold],
            None,
            "涉案金额或情节达到刑事追诉标准，应当移送司法机关".into(),
        );
    }

    // The act is not punishable under this regime at all (e.g. the penalty was repealed).
    if regime.no_penalty() {
        cx.reason(
            "no_penalty_provision",
            vec![],
            None,
            "该时期的规定对此行为未设定行政处罚".into(),
        );
        return cx.exempt(
            when,
            "no_penalty_provision",
            vec!["责令改正".into()],
            vec![],
            None,
        );
    }

    // 1. 第三十条: under 14.
    if q.has(Fact::Under14) {
        let c = statute(lib, "第三十条");
        cx.reason(
            "art30_under_14",
            vec![Fact::Under14],
            c,
            "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教".into(),
        );
        return cx.exempt(
            when,
            "art30_under_14",
            vec!["责令监护人加以管教".into()],
            vec![],
            None,
        );
    }

    // 2. 第三十六条: limitation period, counted here to the decision date (the latest possible
    // discovery date); the officer must check the actual discovery date.
    let years = limitation_years(p, item, q.has(Fact::NoHarm));
    if limitation_passed(p, item, q.has(Fact::NoHarm), occurred, decided) {
        let c = statute(lib, "第三十六条");
        cx.reason(
            "art36_time_limit",
            vec![],
            c,
            format!(
                "违法行为发生于{occurred}，至{decided}已超过{years}年{}，不再给予行政处罚（以发现之日为准核对）",
                if years > p.limit_years { "（涉及生命健康安全或金融安全且有危害后果）" } else { "" }
            ),
        );
        return cx.exempt(when, "art36_time_limit", vec![], vec![], None);
    }

    // 3. 第三十三条第二款: no fault.
    if q.has(Fact::NoFault) {
        let c = statute_clause(lib, "第三十三条", "第二款");
        cx.reason(
            "art33_no_fault",
            vec![Fact::NoFault],
            c,
            "当事人有证据足以证明没有主观过错，不予行政处罚".into(),
        );
        return cx.exempt(when, "art33_no_fault", education_measures(), vec![], None);
    }

    // 4. The exemption list.
    for e in &item.exemptions {
        let list = lib.list(&e.list);
        let in_force =
            list.is_some_and(|l| l.effective <= decided && l.until.is_none_or(|u| decided <= u));
        let missing: Vec<Fact> = e
            .conditions
            .iter()
            .copied()
            .filter(|f| !q.has(*f))
            .collect();
        let mut barred: Vec<Fact> = e
            .excluded_if
            .iter()
            .chain(aggravating.iter())
            .copied()
            .filter(|f| q.has(*f))
            .collect();
        barred.sort();
        barred.dedup();
        let over_amount = e
            .max_amount
            .is_some_and(|m| q.amount.is_some_and(|a| a > m));
        let over_gain = e.max_gain.is_some_and(|m| q.gain.is_some_and(|g| g > m));
        let list_name = list.map(|l| l.title.as_str()).unwrap_or(&e.list);
        if missing.is_empty() && barred.is_empty() && !over_amount && !over_gain {
            if !in_force {
                cx.reason(
                    "exemption_list",
                    vec![],
                    None,
                    format!(
                        "符合{list_name}第{}项的条件，但该清单在决定日{decided}不在有效期内",
                        e.number
                    ),
                );
                continue;
            }
            let mut measures = e.measures.clone();
            push_unique(&mut measures, "责令改正");
            push_unique(&mut measures, "批评教育");
            let c = if list.is_some_and(|l| l.list_type == "无过错不罚") {
                statute_clause(lib, "第三十三条", "第二款")
            } else {
                statute_clause(lib, "第三十三条", "第一款")
            };
            cx.reason(
                "exemption_list",
                e.conditions.clone(),
                c,
                format!(
                    "符合{list_name}第{}项（{}）的适用条件：{}",
                    e.number, e.id, e.conditions_text
                ),
            );
            return cx.exempt(
                when,
                "exemption_list",
                measures,
                e.follow_up.clone(),
                Some(e.id.clone()),
            );
        }
        if missing.len() < e.conditions.len() || !barred.is_empty() {
            let mut why = Vec::new();
            if !missing.is_empty() {
                why.push(format!("不具备：{}", zh_list(&missing)));
            }
            if !barred.is_empty() {
                why.push(format!("存在排除情形：{}", zh_list(&barred)));
            }
            if over_amount || over_gain {
                why.push("金额超过清单限额".into());
            }
            cx.reason(
                "exemption_list_unmet",
                barred.clone(),
                None,
                format!("不适用{list_name}第{}项：{}", e.number, why.join("；")),
            );
        }
    }

    // 5. 第三十三条第一款前段: minor, corrected in time, no harm (mandatory).
    if aggravating.is_empty() && q.has(Fact::CorrectedInTime) && q.has(Fact::NoHarm) {
        let c = statute_clause(lib, "第三十三条", "第一款");
        cx.reason(
            "art33_minor",
            vec![Fact::CorrectedInTime, Fact::NoHarm],
            c,
            "违法行为轻微并及时改正，没有造成危害后果，不予行政处罚（无从重情节，视为轻微）".into(),
        );
        return cx.exempt(when, "art33_minor", education_measures(), vec![], None);
    }

    // 6. 第三十三条第一款后段: first offence, slight harm, corrected in time (discretionary).
    if aggravating.is_empty()
        && q.has(Fact::FirstOffense)
        && q.has(Fact::MinorHarm)
        && q.has(Fact::CorrectedInTime)
    {
        let c = statute_clause(lib, "第三十三条", "第一款");
        cx.reason(
            "art33_first",
            vec![Fact::FirstOffense, Fact::MinorHarm, Fact::CorrectedInTime],
            c,
            "初次违法且危害后果轻微并及时改正，可以不予行政处罚".into(),
        );
        return cx.exempt(when, "art33_first", education_measures(), vec![], None);
    }

    // 7. A fine only after an order was ignored.
    // An escalated range carries its own conditions ("情节严重的，…"): it needs no prior refusal.
    let missing_req: Vec<Fact> = if escalation.is_some() {
        vec![]
    } else {
        regime
            .fine_requires
            .iter()
            .copied()
            .filter(|f| !q.has(*f))
            .collect()
    };
    if !missing_req.is_empty() {
        let pen: Vec<CitationOut> = regime.penalty.iter().filter_map(|c| cite(lib, c)).collect();
        let c = pen.first().cloned();
        cx.reason(
            "correction_order_only",
            vec![],
            c,
            format!(
                "罚则以“{}”为处罚前提，当前不具备，依法责令改正",
                zh_list(&missing_req)
            ),
        );
        for c in pen {
            if !cx.citations.contains(&c) {
                cx.citations.push(c);
            }
        }
        let mut measures = regime.measures.clone();
        push_unique(&mut measures, "责令改正");
        if !regime.first_penalty.is_empty() {
            // "责令改正，给予警告；拒不改正的，处…罚款": the warning is due now.
            cx.reasons.push(Reason {
                step: "first_penalty",
                facts: vec![],
                citation: None,
                text: format!("依法先予{}，并责令改正", regime.first_penalty.join("、")),
            });
            let mut citations: Vec<CitationOut> = regime
                .violated
                .iter()
                .filter_map(|c| cite(lib, c))
                .collect();
            for c in cx.citations {
                if !citations.contains(&c) {
                    citations.push(c);
                }
            }
            measures.retain(|m| !regime.first_penalty.contains(m));
            return Evaluation {
                when,
                regime_from: regime.from,
                regime_until: regime.until,
                tier: Tier::Standard,
                grounds: vec![],
                fine: None,
                legal_fine: None,
                kinds: regime.first_penalty.clone(),
                measures,
                follow_up: vec![],
                citations,
                reasons: cx.reasons,
                exemption: None,
            };
        }
        return cx.exempt(when, "correction_order_only", measures, vec![], None);
    }

    // 8. The tier.
    let statutory: Vec<Fact> = p
        .statutory_mitigating
        .iter()
        .copied()
        .filter(|f| q.has(*f))
        .collect();
    let ordinary: Vec<Fact> = p
        .ordinary_mitigating
        .iter()
        .copied()
        .filter(|f| q.has(*f))
        .collect();
    let forcing: Vec<Fact> = p
        .forcing_heavy
        .iter()
        .copied()
        .filter(|f| q.has(*f))
        .collect();
    let item_tier = regime
        .tiers
        .iter()
        .find(|t| !t.when.is_empty() && t.when.iter().all(|f| q.has(*f)));
    let tier = if !forcing.is_empty() {
        let c = statute(lib, "第四十九条");
        cx.reason(
            "forcing_heavy",
            forcing.clone(),
            c,
            format!("{}，依法从重处罚", zh_list(&forcing)),
        );
        Tier::Heavy
    } else if let Some(t) = item_tier {
        cx.reason(
            "benchmark_tier",
            t.when.clone(),
            None,
            format!(
                "本基准规定：{}的，适用{}{}",
                zh_list(&t.when),
                t.tier.zh(),
                t.note
                    .as_deref()
                    .map(|n| format!("（{n}）"))
                    .unwrap_or_default()
            ),
        );
        t.tier
    } else if !aggravating_in_range.is_empty() && !statutory.is_empty() {
        let t = match p.on_conflict {
            Conflict::Offset => Tier::Standard,
            Conflict::AggravatingWins => Tier::Heavy,
            Conflict::MitigatingWins => Tier::Light,
        };
        let c = statute(lib, "第三十二条");
        cx.reason(
            "conflict",
            aggravating
                .iter()
                .chain(statutory.iter())
                .copied()
                .collect(),
            c,
            format!(
                "同时具有从重情节（{}）和法定从轻、减轻情节（{}），综合考量后适用{}",
                zh_list(&aggravating_in_range),
                zh_list(&statutory),
                t.zh()
            ),
        );
        t
    } else if !aggravating_in_range.is_empty() {
        cx.reason(
            "aggravating",
            aggravating_in_range.clone(),
            None,
            format!("具有从重情节：{}", zh_list(&aggravating_in_range)),
        );
        Tier::Heavy
    } else if !statutory.is_empty() {
        let art = statutory_article(&statutory);
        let c = statute(lib, art);
        let t = if statutory.len() >= p.mitigated_min_facts {
            Tier::Mitigated
        } else {
            Tier::Light
        };
        cx.reason(
            "statutory_mitigating",
            statutory.clone(),
            c,
            format!(
                "具有法定从轻、减轻情节：{}，依法{}",
                zh_list(&statutory),
                t.zh()
            ),
        );
        t
    } else if !ordinary.is_empty() {
        cx.reason(
            "ordinary_mitigating",
            ordinary.clone(),
            None,
            format!("具有从轻情节：{}", zh_list(&ordinary)),
        );
        Tier::Light
    } else {
        cx.reason(
            "standard",
            vec![],
            None,
            "无从重、从轻或减轻情节，适用一般处罚".into(),
        );
        Tier::Standard
    };

    // 9. The band, in the escalated range where its facts hold.
    if let Some(e) = escalation {
        cx.reason(
            "escalation",
            e.when.clone(),
            None,
            format!(
                "{}，适用较重的法定幅度{}",
                zh_list(&e.when),
                e.note
                    .as_deref()
                    .map(|n| format!("（{n}）"))
                    .unwrap_or_default()
            ),
        );
    }
    let (fine, mut kinds, band_text) = band_for(lib, item, regime, escalation, tier, q);
    let legal_fine = escalation
        .and_then(|e| e.fine.as_ref())
        .or(regime.fine.as_ref())
        .and_then(|f| legal_band(f, q));
    if let Some(t) = band_text {
        cx.reason("band", vec![], None, t);
    }
    if kinds.is_empty() {
        kinds = regime.kinds.clone();
        if let Some(e) = escalation {
            for k in &e.kinds {
                push_unique(&mut kinds, k);
            }
        }
    }
    let mut measures = vec!["责令改正".to_string()];
    for m in &regime.measures {
        push_unique(&mut measures, m);
    }
    let mut citations: Vec<CitationOut> = regime
        .violated
        .iter()
        .chain(regime.penalty.iter())
        .filter_map(|c| cite(lib, c))
        .collect();
    for c in cx.citations {
        if !citations.contains(&c) {
            citations.push(c);
        }
    }
    Evaluation {
        when,
        regime_from: regime.from,
        regime_until: regime.until,
        tier,
        grounds: vec![],
        fine,
        legal_fine,
        kinds,
        measures,
        follow_up: vec![],
        citations,
        reasons: cx.reasons,
        exemption: None,
    }
}

fn statutory_article(facts: &[Fact]) -> &'static str {
    if facts.contains(&Fact::Minor14To18) {
        "第三十条"
    } else if facts.contains(&Fact::MentalLimited) && facts.len() == 1 {
        "第三十一条"
    } else {
        "第三十二条"
    }
}

/// The legal range for this case: a fixed band, or a multiple of the amount with its fallback.
pub fn legal_band(rule: &FineRule, q: &Query) -> Option<Band> {
    match rule {
        FineRule::Fixed { band } => Some(*band),
        FineRule::Multiple {
            per,
            min_times,
            max_times,
            fallback,
            fallback_below,
        } => {
            let base = match per {
                Basis::Gain => q.gain,
                Basis::Amount => q.amount,
            };
            match base {
                Some(x) if x > 0.0 && x >= *fallback_below => {
                    Some(Band::new(round2(x * min_times), round2(x * max_times)))
                }
                _ => *fallback,
            }
        }
    }
}

/// The band of a tier in a legal range by the policy's fractions (从轻 lowest 30 % …; 减轻 below
/// the legal minimum). None for 不予处罚, and for 减轻 when the range has no minimum to go below.
pub fn policy_band(p: &Policy, legal: Band, tier: Tier) -> Option<Band> {
    match tier {
        Tier::Exempt => None,
        Tier::Light => Some(split(legal, p.light)),
        Tier::Standard => Some(split(legal, p.standard)),
        Tier::Heavy => Some(split(legal, p.heavy)),
        Tier::Mitigated => (legal.min_yuan > 0.0).then(|| {
            Band::new(
                round2(legal.min_yuan * p.mitigated.0),
                round2(legal.min_yuan * p.mitigated.1),
            )
        }),
    }
}

/// Rounds to the cent (bands are computed from fractions of ranges).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Splits `legal` by the policy fractions `(from, to)`.
fn split(legal: Band, f: (f64, f64)) -> Band {
    let w = legal.max_yuan - legal.min_yuan;
    Band::new(
        round2(legal.min_yuan + w * f.0),
        round2(legal.min_yuan + w * f.1),
    )
}

fn band_for(
    lib: &Library,
    item: &Benchmark,
    regime: &Regime,
    escalation: Option<&Escalation>,
    tier: Tier,
    q: &Query,
) -> (Option<Band>, Vec<String>, Option<String>) {
    let p = &lib.policy;
    let escalated = escalation.and_then(|e| e.fine.as_ref());
    let Some(rule) = escalated.or(regime.fine.as_ref()) else {
        return (
            None,
            vec![],
            Some("罚则未设定罚款，依法适用其他处罚种类".into()),
        );
    };
    let Some(legal) = legal_band(rule, q) else {
        let label = item.amount_label.as_deref().unwrap_or("违法所得或涉案金额");
        return (
            None,
            vec![],
            Some(format!(
                "罚款按{label}的倍数计算，金额未填写，暂不能确定数额"
            )),
        );
    };
    let using_multiple =
        matches!(rule, FineRule::Multiple { .. }) && Some(legal) != fallback_of(rule);
    // Published amounts are in yuan, so they apply to fixed ranges (and to a multiple's fallback).
    let published = if using_multiple || escalated.is_some() {
        None
    } else {
        regime
            .tiers
            .iter()
            .find(|t| t.tier == tier)
            .and_then(|t| t.fine)
    };
    if let Some(b) = published {
        return (
            Some(b),
            vec![],
            Some(format!("依本基准{}档：{}", tier.zh(), yuan_range(b))),
        );
    }
    let band = match tier {
        Tier::Exempt => return (None, vec![], None),
        Tier::Light | Tier::Standard | Tier::Heavy => policy_band(p, legal, tier).unwrap_or(legal),
        Tier::Mitigated => {
            if legal.min_yuan > 0.0 {
                policy_band(p, legal, tier).unwrap_or(legal)
            } else if regime.kinds.iter().any(|k| k == "警告") {
                return (
                    None,
                    vec!["警告".into()],
                    Some("法定罚款无下限，减轻处罚即适用较轻的处罚种类：警告".into()),
                );
            } else {
                // No floor to go below and no lighter kind: the bottom third of the 从轻 band.
                let light = split(legal, p.light);
                let b = Band::new(
                    light.min_yuan,
                    round2(light.min_yuan + (light.max_yuan - light.min_yuan) / 3.0),
                );
                return (
                    Some(b),
                    vec![],
                    Some(format!(
                        "法定罚款无下限且无较轻种类，减轻处罚在从轻幅度的低端确定：{}",
                        yuan_range(b)
                    )),
                );
            }
        }
    };
    let how = if tier == Tier::Mitigated {
        format!("减轻处罚：低于法定最低罚款{}元", legal.min_yuan)
    } else {
        format!(
            "法定罚款{}，按裁量政策{}档为{}",
            yuan_range(legal),
            tier.zh().trim_end_matches("处罚"),
            yuan_range(band)
        )
    };
    (Some(band), vec![], Some(how))
}

fn fallback_of(rule: &FineRule) -> Option<Band> {
    match rule {
        FineRule::Multiple { fallback, .. } => *fallback,
        FineRule::Fixed { band } => Some(*band),
    }
}

pub fn yuan(x: f64) -> String {
    if (x - x.round()).abs() < 0.005 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.2}")
    }
}

pub fn yuan_range(b: Band) -> String {
    if b.min_yuan <= 0.0 {
        format!("{}元以下", yuan(b.max_yuan))
    } else {
        format!("{}元至{}元", yuan(b.min_yuan), yuan(b.max_yuan))
    }
}

pub fn zh_list(f: &[Fact]) -> String {
    f.iter().map(|x| x.zh()).collect::<Vec<_>>().join("、")
}

/// 第三十六条: two years, five where life/health or financial safety is concerned and harm occurred.
pub fn limitation_years(p: &Policy, item: &Benchmark, no_harm: bool) -> u32 {
    if item.health_safety && !no_harm {
        p.limit_years_health
    } else {
        p.limit_years
    }
}

/// Whether the limitation period had run out by the decision date.
pub fn limitation_passed(
    p: &Policy,
    item: &Benchmark,
    no_harm: bool,
    occurred: NaiveDate,
    decided: NaiveDate,
) -> bool {
    decided > add_years(occurred, limitation_years(p, item, no_harm))
}

fn add_years(d: NaiveDate, years: u32) -> NaiveDate {
    let y = d.year() + years as i32;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        // 29 February: the period ends on 28 February.
        .or_else(|| NaiveDate::from_ymd_opt(y, d.month(), 28))
        .unwrap_or(d)
}
