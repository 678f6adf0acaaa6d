//! The discretion engine: facts of a case -> guidance (tier, grounds, penalties, fine band,
//! measures, citations, a trace of reasons, open questions and the 说理 paragraph).
//!
//! The statutory grounds of 行政处罚法 always run, because exemption lists are not exhaustive. One
//! function per statutory step, called in the order docs/rules-format.md gives ("How the engine
//! reads the data"); the first step that ends the case wins. When the act and the decision fall
//! under different regimes of a benchmark, both are evaluated and the lighter one is chosen
//! (第三十七条, 从旧兼从轻).
//!
//! The engine never fills a gap with a default that looks like an answer: a missing party, date,
//! amount or element is a `question` on the decision, and a case the library cannot decide (an act
//! before the earliest rule it holds) is a [`DecideError`].
//!
//! ```
//! use cailiang::{engine, rules};
//! let lib = rules::load(&cailiang::embedded::rule_files()).unwrap();
//! let item = &lib.benchmarks[0];
//! let q = engine::Query::default();
//! let d = engine::decide(&lib, item, &q).unwrap();
//! assert!(!d.measures.is_empty() || d.tier.is_no_penalty());
//! ```

pub use crate::decision::*;
use crate::model::*;
use crate::reasoning;
use chrono::{Datelike, NaiveDate};

mod penalty;
mod periods;
mod steps;

use penalty::*;
pub use penalty::{legal_band, policy_band, round2};
use periods::*;
pub use periods::{limitation, Limitation};
use steps::*;

pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
const PENALTY_LAW: &str = "行政处罚法";

/// The dates of a case as the law counts them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dates {
    pub occurred: Option<NaiveDate>,
    pub ended: Option<NaiveDate>,
    pub discovered: NaiveDate,
    pub decided: NaiveDate,
    pub decided_is_today: bool,
    pub discovered_given: bool,
}

impl Dates {
    /// Checks the dates' order; the decision date defaults to `today`, the discovery date to the
    /// decision date (both said in the notes).
    pub fn resolve(q: &Query, today: NaiveDate) -> Result<Dates, DecideError> {
        let decided = q.decided.unwrap_or(today);
        let discovered = q.discovered.unwrap_or(decided);
        if let Some(o) = q.occurred {
            for (field, value) in [
                ("决定日期", Some(decided)),
                ("发现日期", q.discovered),
                ("行为终了日期", q.ended),
            ] {
                if let Some(v) = value.filter(|v| *v < o) {
                    return Err(DecideError::DateBeforeAct {
                        field,
                        value: v,
                        occurred: o,
                    });
                }
            }
        }
        if discovered > decided {
            return Err(DecideError::DiscoveredAfterDecision {
                discovered,
                decided,
            });
        }
        Ok(Dates {
            occurred: q.occurred,
            ended: q.ended,
            discovered,
            decided,
            decided_is_today: q.decided.is_none(),
            discovered_given: q.discovered.is_some(),
        })
    }

    /// The day of the act as 第三十六条 and 第三十七条 count it: the end of a continuing act, else
    /// the act, else (not given) the decision date.
    pub fn act_day(&self) -> NaiveDate {
        self.ended.or(self.occurred).unwrap_or(self.decided)
    }
}

/// Decides one case, with today as the default decision date.
pub fn decide(lib: &Library, item: &Benchmark, q: &Query) -> Result<Decision, DecideError> {
    decide_on(lib, item, q, chrono::Local::now().date_naive())
}

/// Decides one case; `today` is the decision date when the query gives none.
pub fn decide_on(
    lib: &Library,
    item: &Benchmark,
    q: &Query,
    today: NaiveDate,
) -> Result<Decision, DecideError> {
    decide_with(lib, item, q, today, true)
}

/// The decision without its 说理 paragraph (`reasoning` is empty): what the consistency review
/// compares decided cases with, a million times over, with no document to write.
pub fn assess(lib: &Library, item: &Benchmark, q: &Query) -> Result<Decision, DecideError> {
    decide_with(lib, item, q, chrono::Local::now().date_naive(), false)
}

fn decide_with(
    lib: &Library,
    item: &Benchmark,
    q: &Query,
    today: NaiveDate,
    with_reasoning: bool,
) -> Result<Decision, DecideError> {
    for (what, v) in [("涉案金额", q.amount), ("违法所得", q.gain)] {
        if let Some(v) = v.filter(|v| !v.is_finite() || *v < 0.0 || *v > crate::rules::MAX_YUAN) {
            return Err(DecideError::BadAmount { what, value: v });
        }
    }
    let dates = Dates::resolve(q, today)?;
    if q.party.is_some() || !item.splits_by_party() {
        return decide_for(lib, item, q, &dates, q.party, with_reasoning);
    }
    // The article sets one range for individuals and another for organisations, and the party
    // was not given: show both and ask.
    let ind = decide_for(lib, item, q, &dates, Some(Party::Individual), false)?;
    let mut d = decide_for(lib, item, q, &dates, Some(Party::Organization), false)?;
    // The receipt records what was entered: no party.
    d.receipt.party = None;
    d.by_party = [&ind, &d]
        .iter()
        .zip(Party::ALL)
        .map(|(x, party)| PartyOutcome {
            party,
            party_zh: party.zh(),
            tier: x.tier,
            fine: x.fine,
            legal_range: x.legal_range,
        })
        .collect();
    if d.by_party
        .iter()
        .any(|p| p.fine != d.fine || p.legal_range != d.legal_range)
    {
        let text = d
            .by_party
            .iter()
            .map(|p| {
                format!(
                    "{}：{}",
                    p.party_zh,
                    p.fine
                        .map(yuan_range)
                        .unwrap_or_else(|| p.tier.zh().to_string())
                )
            })
            .collect::<Vec<_>>()
            .join("；");
        d.fine = None;
        d.legal_range = None;
        for p in &mut d.penalties {
            if p.kind == PenaltyKind::Fine {
                p.fine = None;
                p.condition = Some(format!("视当事人类型：{text}"));
            }
        }
        d.reasons.insert(
            0,
            Reason::new(
                Step::Party,
                vec![],
                None,
                format!("罚则对个人和单位规定了不同的罚款幅度，当事人类型未填写：{text}"),
            ),
        );
        d.questions.insert(
            0,
            question(
                QuestionCode::Party,
                "罚则对个人和单位规定了不同的罚款幅度".into(),
            ),
        );
        d.notes.push(Note {
            code: NoteCode::PartyNeeded,
            text: format!("请确认当事人是个人还是单位：{text}"),
        });
    } else {
        d.by_party.clear();
    }
    if with_reasoning {
        d.reasoning = reasoning::render(lib, item, &d, q);
    }
    Ok(d)
}

fn question(code: QuestionCode, why: String) -> Question {
    Question {
        code,
        zh: code.zh(),
        why,
    }
}

/// Decides for one party (None: the article does not distinguish).
fn decide_for(
    lib: &Library,
    item: &Benchmark,
    q: &Query,
    dates: &Dates,
    party: Option<Party>,
    with_reasoning: bool,
) -> Result<Decision, DecideError> {
    let act_day = dates.act_day();
    let decided = dates.decided;
    let dec_regime = item.regime_on(decided);
    let mut evaluations = Vec::new();

    let chosen = match item.regime_at(act_day) {
        None if q.occurred.is_some() && item.earliest().from.is_some_and(|f| act_day < f) => {
            let earliest = item.earliest();
            let from = earliest.from.unwrap_or(act_day);
            if !earliest.first_punishable {
                return Err(DecideError::RuleNotHeld {
                    item: item.id.clone(),
                    act: act_day,
                    from,
                });
            }
            no_rule_in_force(lib, earliest, act_day, from)
        }
        act => {
            let act_regime = act.unwrap_or_else(|| item.current());
            if std::ptr::eq(act_regime, dec_regime) {
                evaluate(lib, item, act_regime, q, dates, party, When::Act)
            } else {
                let old = evaluate(lib, item, act_regime, q, dates, party, When::Act);
                let new = evaluate(lib, item, dec_regime, q, dates, party, When::Decision);
                let pick = art37_choose(lib, &old, &new, dec_regime, act_day, decided);
                evaluations.push(old);
                evaluations.push(new);
                pick
            }
        }
    };

    let mut chosen = chosen;
    account_for_facts(q, &mut chosen);
    let transfer = q.facts.contains(&Fact::CrimeThreshold);
    let notes = notes_for(lib, item, &chosen, q, dates, party, transfer);
    let mut questions = chosen.questions.clone();
    if q.occurred.is_none() {
        questions.push(question(
            QuestionCode::Occurred,
            "未填写违法行为发生日期：追责期限和新旧法律的适用未能核对".into(),
        ));
    }
    let summary = summarize(lib, item);
    let mut d = Decision {
        receipt: Receipt {
            engine_version: ENGINE_VERSION,
            rules_version: lib.version.clone(),
            library_hash: lib.content_hash.clone(),
            item: item.id.clone(),
            facts: q.facts.iter().copied().collect(),
            amount: q.amount,
            gain: q.gain,
            party,
            occurred: q.occurred,
            ended: q.ended,
            discovered: dates.discovered,
            decided,
            decided_is_today: dates.decided_is_today,
            chosen: q.chosen.clone(),
            pack: lib.pack.clone(),
        },
        item: summary,
        tier: chosen.tier,
        tier_zh: chosen.tier.zh(),
        exemption: chosen.exemption.clone(),
        legal_range: chosen.legal_fine,
        grounds: chosen.grounds.clone(),
        fine: chosen.fine,
        penalties: chosen.penalties.clone(),
        measures: chosen.measures.clone(),
        follow_up: chosen.follow_up.clone(),
        citations: chosen.citations.clone(),
        reasons: chosen.reasons.clone(),
        reasoning: String::new(),
        transfer,
        notes,
        questions,
        options: chosen.options.clone(),
        by_party: vec![],
        evaluations,
        rules_version: lib.version.clone(),
    };
    if with_reasoning {
        d.reasoning = reasoning::render(lib, item, &d, q);
    }
    Ok(d)
}

/// 第三十七条: the law of the act, unless the law at the decision is lighter.
fn art37_choose(
    lib: &Library,
    old: &Evaluation,
    new: &Evaluation,
    dec_regime: &Regime,
    act_day: NaiveDate,
    decided: NaiveDate,
) -> Evaluation {
    let new_lighter = lighter(new, old);
    let mut pick = if new_lighter {
        new.clone()
    } else {
        old.clone()
    };
    let art37 = statute(lib, "第三十七条");
    let text = if new_lighter {
        format!(
            "违法行为发生于{act_day}，作出决定时（{decided}）规定已修改，新规定{}，依法适用新的规定（从旧兼从轻）",
            if dec_regime.no_penalty() { "不再处罚该行为" } else { "处罚较轻" }
        )
    } else {
        format!(
            "违法行为发生于{act_day}，适用行为时的规定；作出决定时（{decided}）的新规定并不更轻，不予适用"
        )
    };
    pick.reasons
        .insert(0, Reason::new(Step::Art37, vec![], art37.clone(), text));
    if let Some(c) = art37 {
        pick.citations.push(c);
    }
    pick
}

/// The act was done before any rule the library holds punished it, and the earliest rule says it
/// created the offence (`first_punishable`): 第三十七条, no penalty.
fn no_rule_in_force(
    lib: &Library,
    earliest: &Regime,
    act: NaiveDate,
    from: NaiveDate,
) -> Evaluation {
    let c = statute(lib, "第三十七条");
    let reasons = vec![Reason::new(
        Step::NoRuleInForce,
        vec![],
        c.clone(),
        format!("违法行为发生于{act}，对该行为设定处罚的规定自{from}起施行，行为时没有处罚规定，不予行政处罚"),
    )];
    Evaluation {
        when: When::Act,
        regime_from: earliest.from,
        regime_until: earliest.until,
        tier: Tier::Exempt,
        grounds: vec![Ground::NoRuleInForce],
        fine: None,
        legal_fine: None,
        penalties: vec![],
        measures: vec![],
        follow_up: vec![],
        citations: c.into_iter().collect(),
        reasons,
        options: vec![],
        questions: vec![],
        exemption: None,
    }
}

/// Notes beside the outcome: transfer, the dates that were assumed, the simple procedure, an
/// amount the fine needs, illegal gains beside a no-penalty outcome.
fn notes_for(
    lib: &Library,
    item: &Benchmark,
    e: &Evaluation,
    q: &Query,
    dates: &Dates,
    party: Option<Party>,
    transfer: bool,
) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut note = |code: NoteCode, text: String| notes.push(Note { code, text });
    if transfer {
        note(
            NoteCode::Transfer,
            "涉嫌犯罪：应当依法移送司法机关（行刑衔接），行政处罚不能代替刑事责任".into(),
        );
    }
    if dates.decided_is_today {
        note(
            NoteCode::DecidedToday,
            format!("未填写决定日期，按今天（{}）计算", dates.decided),
        );
    }
    if !dates.discovered_given && q.occurred.is_some() {
        note(
            NoteCode::DiscoveredAssumed,
            format!(
                "未填写发现（立案）日期，追责期限按决定日期{}计算；第三十六条计算至发现之日，请核对",
                dates.decided
            ),
        );
    }
    if q.occurred.is_none() {
        note(
            NoteCode::OccurredMissing,
            "未填写违法行为发生日期：按决定时的规定裁量，追责期限和从旧兼从轻未核对".into(),
        );
    }
    if !e.tier.is_no_penalty() {
        let p = &lib.policy;
        let warning_only = e.fine.is_none()
            && !e.penalties.is_empty()
            && e.penalties.iter().all(|x| x.kind == PenaltyKind::Warning);
        let max = e.fine.map(|b| b.max_yuan);
        let person = max.is_some_and(|m| m <= p.simple_procedure_person_yuan);
        let org = max.is_some_and(|m| m <= p.simple_procedure_org_yuan);
        let fits = match party {
            _ if warning_only => true,
            Some(Party::Individual) => person,
            Some(Party::Organization) => org,
            None => person,
        };
        if fits {
            note(
                NoteCode::SimpleProcedure,
                format!(
                    "可适用简易程序当场作出决定（警告，或对公民{}元以下、对法人或者其他组织{}元以下罚款；行政处罚法第五十一条）",
                    yuan(p.simple_procedure_person_yuan),
                    yuan(p.simple_procedure_org_yuan)
                ),
            );
        } else if party.is_none() && org {
            note(
                NoteCode::SimpleProcedureOrg,
                format!(
                    "当事人为法人或者其他组织的，可适用简易程序当场作出决定（{}元以下罚款；行政处罚法第五十一条）",
                    yuan(p.simple_procedure_org_yuan)
                ),
            );
        }
    }
    if e.fine.is_none()
        && !e.tier.is_no_penalty()
        && matches!(
            item.regime_on(dates.decided)
                .fine
                .as_ref()
                .map(|f| f.for_party(party.unwrap_or(Party::Organization))),
            Some(FineRule::Multiple { fallback: None, .. })
        )
    {
        note(
            NoteCode::AmountNeeded,
            format!(
                "罚款以{}的倍数计算，请填写金额",
                item.amount_label.as_deref().unwrap_or("违法所得或涉案金额")
            ),
        );
    }
    if e.tier.is_no_penalty() && q.gain.is_some_and(|g| g > 0.0) {
        note(
            NoteCode::GainToConfiscate,
            format!(
                "当事人有违法所得{}元：没收违法所得是行政处罚（行政处罚法第九条），不予处罚的决定不能包含没收；违法所得的处理（第二十八条第二款）请经法制审核确定",
                yuan(q.gain.unwrap_or(0.0))
            ),
        );
    }
    for o in &e.options {
        note(NoteCode::OptionOffered, o.text.clone());
    }
    notes
}

/// Every fact given is accounted for: a fact that no step used gets a reason saying why it
/// changed nothing.
fn account_for_facts(q: &Query, e: &mut Evaluation) {
    let used: std::collections::BTreeSet<Fact> = e
        .reasons
        .iter()
        .flat_map(|r| r.facts.iter().copied())
        .collect();
    let outcome = match e.grounds.first() {
        Some(g) => format!("本案已依“{}”作出结论", g.zh()),
        None => format!("本案适用{}", e.tier.zh()),
    };
    for f in q.facts.iter().copied().filter(|f| !used.contains(f)) {
        let why = match f {
            _ if e.tier.is_no_penalty() => format!("{outcome}，该情节不改变结论"),
            Fact::CrimeThreshold => "已提示移送".into(),
            _ if e.fine.is_none() && e.penalties.iter().all(|p| p.kind == PenaltyKind::Warning) => {
                "处罚已为警告，没有更轻的处罚种类，该情节不改变结论".into()
            }
            _ => format!("{outcome}，已有决定档次的情节，该情节不单独改变档次"),
        };
        e.reasons.push(Reason::new(
            Step::FactNoEffect,
            vec![f],
            None,
            format!("{}：{why}", f.zh()),
        ));
    }
}

/// The summary of a benchmark used in decisions and search hits.
pub fn summarize(lib: &Library, item: &Benchmark) -> ItemSummary {
    let r = item.current();
    let fixed = |party: Party| {
        r.fine_for(party).and_then(|f| match f {
            FineRule::Fixed { band } => Some(*band),
            FineRule::Multiple { fallback, .. } => *fallback,
        })
    };
    ItemSummary {
        id: item.id.clone(),
        violation: item.violation.clone(),
        department: item.department.clone(),
        department_name: lib
            .department(&item.department)
            .map(|d| d.name.clone())
            .unwrap_or_default(),
        domain: item.domain.clone(),
        legal_fine: fixed(Party::Organization),
        legal_fine_individual: r
            .fine
            .as_ref()
            .filter(|f| f.splits_by_party())
            .and_then(|_| fixed(Party::Individual)),
        kinds: r.kinds.clone(),
        amount_label: item.amount_label.clone(),
        exemption_items: item.exemptions.iter().map(|e| e.id.clone()).collect(),
        not_minor: item.not_minor.clone(),
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

pub fn cite(lib: &Library, c: &Citation) -> Option<CitationOut> {
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

/// A bare "责令改正" beside the benchmark's own "责令改正（…）" says the same order twice.
fn without_bare_order(mut measures: Vec<String>) -> Vec<String> {
    if measures
        .iter()
        .any(|m| m.starts_with("责令改正") && m != "责令改正")
    {
        measures.retain(|m| m != "责令改正");
    }
    measures
}

/// The state of one evaluation as the steps run.
struct Ctx<'a> {
    lib: &'a Library,
    item: &'a Benchmark,
    regime: &'a Regime,
    q: &'a Query,
    dates: &'a Dates,
    party: Party,
    when: When,
    /// Aggravating facts that hold (all of them bar exemptions).
    aggravating: Vec<Fact>,
    /// The heavier range whose facts hold, if any.
    escalation: Option<&'a Escalation>,
    reasons: Vec<Reason>,
    citations: Vec<CitationOut>,
    questions: Vec<Question>,
    options: Vec<OptionOut>,
}

impl<'a> Ctx<'a> {
    fn reason(
        &mut self,
        step: Step,
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
        self.reasons.push(Reason::new(step, facts, citation, text));
    }

    fn ask(&mut self, code: QuestionCode, why: String) {
        if !self.questions.iter().any(|x| x.code == code) {
            self.questions.push(question(code, why));
        }
    }

    fn cited(&self, cs: &[Citation]) -> Vec<CitationOut> {
        cs.iter().filter_map(|c| cite(self.lib, c)).collect()
    }

    /// A no-penalty outcome: `Exempt` or `CorrectFirst`. Measures that are penalties in fact
    /// (没收违法所得 …) are left out, and the trace says so.
    fn no_penalty(
        mut self,
        tier: Tier,
        ground: Ground,
        measures: Vec<String>,
        follow_up: Vec<String>,
        exemption: Option<String>,
    ) -> Box<Evaluation> {
        let (kept, dropped): (Vec<String>, Vec<String>) = measures
            .into_iter()
            .partition(|m| PenaltyKind::classify(m).is_none());
        if !dropped.is_empty() {
            self.reason(
                Step::Penalties,
                vec![],
                None,
                format!(
                    "“{}”属于行政处罚，{}时不适用",
                    dropped.join("、"),
                    tier.zh()
                ),
            );
        }
        // Even without a penalty the violated provision is what the document names.
        let mut citations = self.cited(&self.regime.violated);
        if tier == Tier::CorrectFirst {
            for c in self.cited(&self.regime.penalty) {
                if !citations.contains(&c) {
                    citations.push(c);
                }
            }
        }
        for c in self.citations {
            if !citations.contains(&c) {
                citations.push(c);
            }
        }
        Box::new(Evaluation {
            when: self.when,
            regime_from: self.regime.from,
            regime_until: self.regime.until,
            tier,
            grounds: vec![ground],
            fine: None,
            legal_fine: None,
            penalties: vec![],
            measures: without_bare_order(kept),
            follow_up,
            citations,
            reasons: self.reasons,
            options: self.options,
            questions: self.questions,
            exemption,
        })
    }

    /// A penalty outcome: its tier, (band, legal range), penalties, measures and citations.
    fn penalised(
        self,
        tier: Tier,
        (fine, legal_fine): (Option<Band>, Option<Band>),
        penalties: Vec<PenaltyOut>,
        measures: Vec<String>,
        citations: Vec<CitationOut>,
    ) -> Evaluation {
        Evaluation {
            when: self.when,
            regime_from: self.regime.from,
            regime_until: self.regime.until,
            tier,
            grounds: vec![],
            fine,
            legal_fine,
            penalties,
            measures: without_bare_order(measures),
            follow_up: vec![],
            citations,
            reasons: self.reasons,
            options: self.options,
            questions: self.questions,
            exemption: None,
        }
    }

    fn exempt(self, ground: Ground, measures: Vec<String>) -> Box<Evaluation> {
        self.no_penalty(Tier::Exempt, ground, measures, vec![], None)
    }
}
