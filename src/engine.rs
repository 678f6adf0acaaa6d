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

fn education_measures() -> Vec<String> {
    vec!["责令改正".into(), "批评教育".into()]
}

/// A step either lets the case go on (`Ok`, with its context) or ends it (`Err`, with the
/// evaluation), so that the steps read in order with `?`.
type Flow<'a> = Result<Ctx<'a>, Box<Evaluation>>;

fn evaluate(
    lib: &Library,
    item: &Benchmark,
    regime: &Regime,
    q: &Query,
    dates: &Dates,
    party: Option<Party>,
    when: When,
) -> Evaluation {
    let p = &lib.policy;
    let party = party.unwrap_or(Party::Organization);
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
                    .and_then(|f| legal_band(f.for_party(party), q))
                    .map(|b| b.max_yuan)
                    .unwrap_or(0.0)
            };
            m(a).total_cmp(&m(b))
        });
    let cx = Ctx {
        lib,
        item,
        regime,
        q,
        dates,
        party,
        when,
        aggravating,
        escalation,
        reasons: Vec::new(),
        citations: Vec::new(),
        questions: Vec::new(),
        options: Vec::new(),
    };
    match statutory_steps(cx) {
        Ok(cx) => penalty(cx),
        Err(done) => *done,
    }
}

/// The statutory steps in their order; the first that applies ends the case.
fn statutory_steps(cx: Ctx) -> Flow {
    let cx = step_transfer(cx)?;
    let cx = step_no_penalty_provision(cx)?;
    let cx = step_art30_under_14(cx)?;
    let cx = step_art36_time_limit(cx)?;
    let cx = step_art33_no_fault(cx)?;
    let cx = step_exemption_list(cx)?;
    let cx = step_art33_minor(cx)?;
    let cx = step_art33_first(cx)?;
    let cx = step_correct_first(cx)?;
    step_no_gain(cx)
}

/// 行刑衔接: a case that may be a crime is flagged whatever its tier.
fn step_transfer(mut cx: Ctx) -> Flow {
    if cx.q.has(Fact::CrimeThreshold) {
        cx.reason(
            Step::Transfer,
            vec![Fact::CrimeThreshold],
            None,
            "涉案金额或情节达到刑事追诉标准，应当移送司法机关".into(),
        );
    }
    Ok(cx)
}

/// The act is not punishable under this regime at all (the penalty was repealed).
fn step_no_penalty_provision(mut cx: Ctx) -> Flow {
    if !cx.regime.no_penalty() {
        return Ok(cx);
    }
    cx.reason(
        Step::NoPenaltyProvision,
        vec![],
        None,
        "该时期的规定对此行为未设定行政处罚".into(),
    );
    // The orders the law still makes (责令改正, 责令退还, 责令支付 …) stand without a penalty.
    let mut measures = cx.regime.measures.clone();
    if !measures.iter().any(|m| m.starts_with("责令")) {
        measures.insert(0, "责令改正".into());
    }
    Err(cx.exempt(Ground::NoPenaltyProvision, measures))
}

/// 第三十条: under 14, no penalty; the guardian is ordered to discipline.
fn step_art30_under_14(mut cx: Ctx) -> Flow {
    if !cx.q.has(Fact::Under14) {
        return Ok(cx);
    }
    let c = statute(cx.lib, "第三十条");
    cx.reason(
        Step::Art30Under14,
        vec![Fact::Under14],
        c,
        "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教".into(),
    );
    Err(cx.exempt(Ground::Art30Under14, vec!["责令监护人加以管教".into()]))
}

/// The limitation period that applies: (years, the clause that sets it, the longer period if
/// it depends on harm that is not established).
/// What sets a limitation period: 第三十六条 itself, or the regime's own law.
#[derive(Clone, Copy)]
enum PeriodBasis<'a> {
    Art36,
    Law(&'a Citation),
}

/// The limitation periods of a regime: the one that applies without harm and, where harm
/// lengthens it, the longer one. One rule for the engine's step and the review's cache key.
struct Periods<'a> {
    base: (u32, PeriodBasis<'a>),
    longer: Option<(u32, PeriodBasis<'a>)>,
}

fn periods<'a>(p: &Policy, item: &Benchmark, regime: &'a Regime) -> Periods<'a> {
    let mut base = (p.limit_years, PeriodBasis::Art36);
    let mut longer = item
        .health_safety
        .then_some((p.limit_years_health, PeriodBasis::Art36));
    if let Some(l) = &regime.limitation {
        let own = (l.years, PeriodBasis::Law(&l.basis));
        if !l.harm_required {
            // The special law's period replaces 第三十六条's (法律另有规定的除外).
            base = own;
            longer = None;
        } else if longer.is_none_or(|(y, _)| l.years > y) {
            longer = Some(own);
        }
    }
    Periods { base, longer }
}

impl Periods<'_> {
    /// The period for a case: the longer one where harm occurred or is not established (so that
    /// no case is barred on an assumption), else the base.
    fn years(&self, harm: Option<bool>) -> u32 {
        match (self.longer, harm) {
            (Some((y, _)), h) if h != Some(false) => y,
            _ => self.base.0,
        }
    }
}

fn basis_citation(lib: &Library, b: PeriodBasis) -> Option<CitationOut> {
    match b {
        PeriodBasis::Art36 => statute(lib, "第三十六条"),
        PeriodBasis::Law(c) => cite(lib, c),
    }
}

/// 第三十六条: not discovered within two years (five, or another law's period, where harm
/// occurred), counted from the act (or the end of a continuing act) to its discovery.
fn step_art36_time_limit(mut cx: Ctx) -> Flow {
    let Some(start) = cx.dates.ended.or(cx.dates.occurred) else {
        return Ok(cx);
    };
    let end = cx.dates.discovered;
    let ps = periods(&cx.lib.policy, cx.item, cx.regime);
    // Harm stated: its period. Not stated: the base period, with the longer one asked about.
    let ((years, basis), longer) = match (ps.longer, cx.q.harm()) {
        (Some(l), Some(true)) => (l, None),
        (Some(l), None) => (ps.base, Some(l)),
        _ => (ps.base, None),
    };
    let basis = basis_citation(cx.lib, basis);
    let longer = longer.map(|(y, b)| (y, basis_citation(cx.lib, b)));
    let passed = |y: u32| end > add_years(start, y);
    if !passed(years) {
        return Ok(cx);
    }
    if let Some((ly, lc)) = longer {
        if !passed(ly) {
            // Barred after the short period, not after the long one: it depends on harm.
            let law = lc
                .as_ref()
                .map(crate::decision::cite_text)
                .unwrap_or_default();
            cx.ask(
                    QuestionCode::Harm,
                    format!("违法行为至发现已超过{years}年、未超过{ly}年：造成危害后果的，依{law}追责期限为{ly}年，仍应处罚；没有造成危害后果的，不再处罚"),
                );
            cx.reason(
                    Step::Art36TimeLimit,
                    vec![],
                    lc,
                    format!("违法行为自{start}起至发现之日{end}已超过{years}年但未超过{ly}年；是否造成危害后果未认定，暂按未超过追责期限处理"),
                );
            return Ok(cx);
        }
    }
    let continuing = if cx.dates.ended.is_some() {
        "（违法行为有连续或者继续状态的，从行为终了之日起计算）"
    } else {
        ""
    };
    cx.reason(
        Step::Art36TimeLimit,
        vec![],
        basis,
        format!("违法行为自{start}起至发现之日{end}已超过{years}年{continuing}，不再给予行政处罚"),
    );
    Err(cx.exempt(Ground::Art36TimeLimit, vec![]))
}

/// 第三十三条第二款: sufficient proof of no subjective fault.
fn step_art33_no_fault(mut cx: Ctx) -> Flow {
    if !cx.q.has(Fact::NoFault) {
        return Ok(cx);
    }
    let c = statute_clause(cx.lib, "第三十三条", "第二款");
    cx.reason(
        Step::Art33NoFault,
        vec![Fact::NoFault],
        c,
        "当事人有证据足以证明没有主观过错，不予行政处罚".into(),
    );
    Err(cx.exempt(Ground::Art33NoFault, education_measures()))
}

/// An exemption item's test: conditions, exclusions, amount caps (an amount the cap needs but
/// the officer did not give is not established).
struct ItemTest {
    missing: Vec<Fact>,
    barred: Vec<Fact>,
    caps: Vec<String>,
    amounts_needed: Vec<QuestionCode>,
}

impl ItemTest {
    fn of(e: &Exemption, q: &Query, aggravating: &[Fact], amount_label: &str) -> ItemTest {
        let missing = e
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
        let mut caps = Vec::new();
        let mut amounts_needed = Vec::new();
        for (cap, given, label, code) in [
            (e.max_amount, q.amount, amount_label, QuestionCode::Amount),
            (e.max_gain, q.gain, "违法所得", QuestionCode::Gain),
        ] {
            let Some(cap) = cap else { continue };
            match given {
                Some(v) if v > cap => {
                    caps.push(format!("{label}{}元超过清单限额{}元", yuan(v), yuan(cap)))
                }
                Some(_) => {}
                None => {
                    caps.push(format!("清单要求{label}不超过{}元，金额未填写", yuan(cap)));
                    amounts_needed.push(code);
                }
            }
        }
        ItemTest {
            missing,
            barred,
            caps,
            amounts_needed,
        }
    }
    fn holds(&self) -> bool {
        self.missing.is_empty() && self.barred.is_empty() && self.caps.is_empty()
    }
}

/// The exemption list: an item whose conditions all hold, none of its exclusions and no
/// aggravating fact, its caps met, on a list in force on the decision date.
fn step_exemption_list(mut cx: Ctx) -> Flow {
    if let Some(why) = cx.item.not_minor.clone() {
        // An officer's "minor" does not change what the benchmark rules out.
        let facts = if cx.q.has(Fact::MinorViolation) {
            vec![Fact::MinorViolation]
        } else {
            vec![]
        };
        cx.reason(
            Step::NotMinor,
            facts,
            None,
            format!("本基准规定该违法行为不属于违法行为轻微，不适用第三十三条第一款：{why}"),
        );
        return Ok(cx);
    }
    let decided = cx.dates.decided;
    let label = cx
        .item
        .amount_label
        .clone()
        .unwrap_or_else(|| "涉案金额".into());
    for e in &cx.item.exemptions {
        let list = cx.lib.list(&e.list);
        let in_force = list.is_some_and(|l| l.in_force_on(decided));
        let t = ItemTest::of(e, cx.q, &cx.aggravating, &label);
        let name = cx.lib.list_item_label(e);
        if t.holds() {
            if !in_force {
                cx.reason(
                    Step::ExemptionListUnmet,
                    e.conditions.clone(),
                    None,
                    format!("符合{name}的条件，但该清单在决定日{decided}不在有效期内"),
                );
                continue;
            }
            let mut measures = e.measures.clone();
            push_unique(&mut measures, "责令改正");
            push_unique(&mut measures, "批评教育");
            let c = if list.is_some_and(|l| l.list_type == "无过错不罚") {
                statute_clause(cx.lib, "第三十三条", "第二款")
            } else {
                statute_clause(cx.lib, "第三十三条", "第一款")
            };
            cx.reason(
                Step::ExemptionList,
                e.conditions.clone(),
                c,
                format!("符合{name}（{}）的适用条件：{}", e.id, e.conditions_text),
            );
            let follow_up = e.follow_up.clone();
            let id = e.id.clone();
            return Err(cx.no_penalty(
                Tier::Exempt,
                Ground::ExemptionList,
                measures,
                follow_up,
                Some(id),
            ));
        }
        let relevant = t.missing.len() < e.conditions.len() || !t.barred.is_empty();
        if relevant {
            let mut why = Vec::new();
            if !t.missing.is_empty() {
                why.push(format!("不具备：{}", zh_list(&t.missing)));
            }
            if !t.barred.is_empty() {
                why.push(format!("存在排除情形：{}", zh_list(&t.barred)));
            }
            why.extend(t.caps.iter().cloned());
            cx.reason(
                Step::ExemptionListUnmet,
                t.barred.clone(),
                None,
                format!("不适用{name}：{}", why.join("；")),
            );
            if t.missing.is_empty() && t.barred.is_empty() {
                for code in &t.amounts_needed {
                    cx.ask(*code, format!("{name}设有金额限额"));
                }
            }
        }
    }
    Ok(cx)
}

/// Whether 违法行为轻微 is established: the officer says so, or a listed situation of an
/// exemption item whose conditions all hold (a list out of force still describes what is minor).
fn minor_established(cx: &Ctx) -> Option<String> {
    if cx.q.has(Fact::MinorViolation) {
        return Some("执法人员认定违法行为轻微".into());
    }
    let label = cx
        .item
        .amount_label
        .clone()
        .unwrap_or_else(|| "涉案金额".into());
    cx.item
        .exemptions
        .iter()
        .find(|e| ItemTest::of(e, cx.q, &cx.aggravating, &label).holds())
        .map(|e| format!("符合{}所列情形", cx.lib.list_item_label(e)))
}

/// 第三十三条第一款前段: 违法行为轻微 + 及时改正 + 没有造成危害后果 → shall not be punished. Each
/// element must be established; "nothing aggravating" is not 轻微.
fn step_art33_minor(mut cx: Ctx) -> Flow {
    if cx.item.not_minor.is_some() {
        return Ok(cx);
    }
    let corrected = cx.q.has(Fact::CorrectedInTime);
    let no_harm = cx.q.has(Fact::NoHarm);
    let minor = minor_established(&cx);
    let c = statute_clause(cx.lib, "第三十三条", "第一款");
    if !cx.aggravating.is_empty() {
        if cx.q.has(Fact::MinorViolation) || (corrected && no_harm) {
            let agg = cx.aggravating.clone();
            cx.reason(
                Step::Art33MinorUnmet,
                agg.clone(),
                c,
                format!(
                    "具有从重情节（{}），不适用第三十三条第一款不予处罚",
                    zh_list(&agg)
                ),
            );
        }
        return Ok(cx);
    }
    match (minor, corrected, no_harm) {
        (Some(how), true, true) => {
            let mut facts = vec![Fact::CorrectedInTime, Fact::NoHarm];
            if cx.q.has(Fact::MinorViolation) {
                facts.insert(0, Fact::MinorViolation);
            }
            cx.reason(
                Step::Art33Minor,
                facts,
                c,
                format!("违法行为轻微（{how}）并及时改正，没有造成危害后果，不予行政处罚"),
            );
            Err(cx.exempt(Ground::Art33Minor, education_measures()))
        }
        (minor, corrected, no_harm) => {
            let given: Vec<Fact> = [
                (
                    minor.is_some() && cx.q.has(Fact::MinorViolation),
                    Fact::MinorViolation,
                ),
                (corrected, Fact::CorrectedInTime),
                (no_harm, Fact::NoHarm),
            ]
            .into_iter()
            .filter_map(|(b, f)| b.then_some(f))
            .collect();
            let mut lacking = Vec::new();
            if minor.is_none() {
                lacking.push("违法行为轻微");
            }
            if !corrected {
                lacking.push("及时改正");
            }
            if !no_harm {
                lacking.push("没有造成危害后果");
            }
            // Said only when the case comes close: two of the three elements are there.
            if lacking.len() == 1 {
                if minor.is_none() {
                    cx.ask(
                            QuestionCode::MinorViolation,
                            "已及时改正且没有造成危害后果；如认定违法行为轻微，依第三十三条第一款应当不予处罚".into(),
                        );
                }
                cx.reason(
                        Step::Art33MinorUnmet,
                        given,
                        c,
                        format!(
                            "第三十三条第一款不予处罚须同时具备违法行为轻微、及时改正、没有造成危害后果，本案尚未认定：{}",
                            lacking.join("、")
                        ),
                    );
            }
            Ok(cx)
        }
    }
}

/// 第三十三条第一款后段: first offence, slight harm, corrected in time → **may** be exempt.
/// Outside a list it is an option the officer chooses, with its reasons; not decided here.
fn step_art33_first(mut cx: Ctx) -> Flow {
    let holds = cx.item.not_minor.is_none()
        && cx.aggravating.is_empty()
        && cx.q.has(Fact::FirstOffense)
        && cx.q.has(Fact::MinorHarm)
        && cx.q.has(Fact::CorrectedInTime);
    if !holds {
        return Ok(cx);
    }
    let c = statute_clause(cx.lib, "第三十三条", "第一款");
    let facts = vec![Fact::FirstOffense, Fact::MinorHarm, Fact::CorrectedInTime];
    if cx.q.chosen.contains(&Ground::Art33First) {
        cx.reason(
                Step::Art33First,
                facts,
                c,
                "初次违法且危害后果轻微并及时改正，经裁量决定不予行政处罚（第三十三条第一款：可以不予行政处罚）".into(),
            );
        return Err(cx.exempt(Ground::Art33First, education_measures()));
    }
    let text = "初次违法且危害后果轻微并及时改正，依第三十三条第一款可以不予行政处罚：是否适用由执法人员裁量决定（首违不罚）".to_string();
    cx.reason(Step::Art33First, facts, c.clone(), text.clone());
    cx.options.push(OptionOut {
        ground: Ground::Art33First,
        tier: Tier::Exempt,
        text,
        citation: c,
    });
    Ok(cx)
}

/// A provision that punishes only a refusal to correct ("责令改正；拒不改正的，处…"): without
/// the refusal, an order to correct and no penalty now — or the warning the provision gives
/// first ("责令改正，给予警告；拒不改正的，处…罚款").
fn step_correct_first(mut cx: Ctx) -> Flow {
    // An escalated range carries its own conditions ("情节严重的，…"): it needs no refusal.
    if cx.escalation.is_some() {
        return Ok(cx);
    }
    let missing: Vec<Fact> = cx
        .regime
        .fine_requires
        .iter()
        .copied()
        .filter(|f| !cx.q.has(*f))
        .collect();
    if missing.is_empty() {
        return Ok(cx);
    }
    let pen = cx.cited(&cx.regime.penalty);
    cx.reason(
        Step::CorrectionOrderOnly,
        vec![],
        pen.first().cloned(),
        format!(
            "罚则以“{}”为处罚前提，当前不具备，依法责令改正",
            zh_list(&missing)
        ),
    );
    for c in pen {
        if !cx.citations.contains(&c) {
            cx.citations.push(c);
        }
    }
    let mut measures = vec!["责令改正".to_string()];
    for m in &cx.regime.measures {
        push_unique(&mut measures, m);
    }
    if cx.regime.first_penalty.is_empty() {
        return Err(cx.no_penalty(
            Tier::CorrectFirst,
            Ground::CorrectionOrderOnly,
            measures,
            vec![],
            None,
        ));
    }
    // The warning is due now.
    let first = cx.regime.first_penalty.clone();
    cx.reason(
        Step::FirstPenalty,
        vec![],
        None,
        format!("依法先予{}，并责令改正", first.join("、")),
    );
    measures.retain(|m| !first.contains(m) && PenaltyKind::classify(m).is_none());
    let mut citations = cx.cited(&cx.regime.violated);
    for c in std::mem::take(&mut cx.citations) {
        if !citations.contains(&c) {
            citations.push(c);
        }
    }
    let penalties = first
        .iter()
        .map(|k| PenaltyOut {
            kind: PenaltyKind::classify(k).unwrap_or(PenaltyKind::Warning),
            zh: k.clone(),
            fine: None,
            condition: None,
        })
        .collect();
    Err(Box::new(cx.penalised(
        Tier::Standard,
        (None, None),
        penalties,
        measures,
        citations,
    )))
}

/// A provision that confiscates and fines only where there are illegal gains ("有违法所得的，没收
/// 违法所得，并处…罚款"): gains found to be nil leave no penalty, only the law's orders.
fn step_no_gain(mut cx: Ctx) -> Flow {
    let nil = cx.q.gain.is_some_and(|g| g <= 0.0);
    if !cx.regime.fine_requires_gain || cx.escalation.is_some() || !nil {
        return Ok(cx);
    }
    let pen = cx.cited(&cx.regime.penalty);
    cx.reason(
        Step::NoGain,
        vec![],
        pen.first().cloned(),
        "罚则仅对有违法所得的没收违法所得并处罚款，当事人没有违法所得，依法不予罚款".into(),
    );
    let gain_bound = |k: &String| {
        matches!(
            PenaltyKind::classify(k),
            Some(PenaltyKind::Fine | PenaltyKind::ConfiscateGains)
        )
    };
    let others: Vec<String> = cx
        .regime
        .kinds
        .iter()
        .filter(|k| !gain_bound(k))
        .cloned()
        .collect();
    if !others.is_empty() {
        // Such kinds hang on circumstances the engine is not told (情节严重 …): named, not given.
        cx.reason(
            Step::NoGain,
            vec![],
            None,
            format!(
                "罚则所列{}以情节为条件，本结论未予适用；认定具备该情节的，须依罚则另行裁量",
                others.join("、")
            ),
        );
    }
    let mut measures = vec!["责令改正".to_string()];
    for m in cx.regime.measures.iter().filter(|m| !gain_bound(m)) {
        push_unique(&mut measures, m);
    }
    Err(cx.exempt(Ground::NoGain, measures))
}

/// The tier when a penalty is due: forcing facts, the benchmark's own tiers, aggravating and
/// mitigating facts under the policy's precedence.
fn choose_tier(cx: &mut Ctx) -> Tier {
    let p = &cx.lib.policy;
    let q = cx.q;
    // Facts as given (here `no_harm` does not also count as `minor_harm`).
    let held =
        |fs: &[Fact]| -> Vec<Fact> { fs.iter().copied().filter(|f| q.facts.contains(f)).collect() };
    let statutory = held(&p.statutory_mitigating);
    let mut ordinary = held(&p.ordinary_mitigating);
    if cx.item.not_minor.is_some() {
        ordinary.retain(|f| *f != Fact::MinorViolation);
    }
    let forcing = held(&p.forcing_heavy);
    // A fact that defines the legal range (the refusal a "拒不改正的，处…" fine requires, the facts
    // of an escalated range) is not counted again inside that range.
    let range_facts: Vec<Fact> = cx
        .regime
        .fine_requires
        .iter()
        .chain(cx.escalation.iter().flat_map(|e| e.when.iter()))
        .copied()
        .collect();
    let aggravating: Vec<Fact> = cx
        .aggravating
        .iter()
        .copied()
        .filter(|f| !range_facts.contains(f))
        .collect();
    let item_tier = cx
        .regime
        .tiers
        .iter()
        .find(|t| !t.when.is_empty() && t.when.iter().all(|f| q.has(*f)));
    if !forcing.is_empty() {
        let c = statute(cx.lib, "第四十九条");
        cx.reason(
            Step::ForcingHeavy,
            forcing.clone(),
            c,
            format!("{}，依法从重处罚", zh_list(&forcing)),
        );
        return Tier::Heavy;
    }
    if let Some(t) = item_tier {
        let (when, tier, note) = (t.when.clone(), t.tier, t.note.clone());
        cx.reason(
            Step::BenchmarkTier,
            when.clone(),
            None,
            format!(
                "本基准规定：{}的，适用{}{}",
                zh_list(&when),
                tier.zh(),
                note.map(|n| format!("（{n}）")).unwrap_or_default()
            ),
        );
        return tier;
    }
    if !aggravating.is_empty() && !statutory.is_empty() {
        let t = match p.on_conflict {
            Conflict::Offset => Tier::Standard,
            Conflict::AggravatingWins => Tier::Heavy,
            Conflict::MitigatingWins => Tier::Light,
        };
        let c = statute(cx.lib, "第三十二条");
        cx.reason(
            Step::Conflict,
            aggravating
                .iter()
                .chain(statutory.iter())
                .copied()
                .collect(),
            c,
            format!(
                "同时具有从重情节（{}）和法定从轻、减轻情节（{}），综合考量后适用{}",
                zh_list(&aggravating),
                zh_list(&statutory),
                t.zh()
            ),
        );
        return t;
    }
    if !aggravating.is_empty() {
        cx.reason(
            Step::Aggravating,
            aggravating.clone(),
            None,
            format!("具有从重情节：{}", zh_list(&aggravating)),
        );
        return Tier::Heavy;
    }
    if !statutory.is_empty() {
        let c = statute(cx.lib, statutory_article(&statutory));
        let t = if statutory.len() >= p.mitigated_min_facts {
            Tier::Mitigated
        } else {
            Tier::Light
        };
        cx.reason(
            Step::StatutoryMitigating,
            statutory.clone(),
            c,
            format!(
                "具有法定从轻、减轻情节：{}，依法{}",
                zh_list(&statutory),
                t.zh()
            ),
        );
        return t;
    }
    if !ordinary.is_empty() {
        cx.reason(
            Step::OrdinaryMitigating,
            ordinary.clone(),
            None,
            format!("具有从轻情节：{}", zh_list(&ordinary)),
        );
        return Tier::Light;
    }
    cx.reason(
        Step::Standard,
        vec![],
        None,
        "无从重、从轻或减轻情节，适用一般处罚".into(),
    );
    Tier::Standard
}

/// A penalty is due: the tier, the range, the band and every penalty the case gets.
fn penalty(mut cx: Ctx) -> Evaluation {
    let tier = choose_tier(&mut cx);
    let q = cx.q;
    let regime = cx.regime;
    let party = cx.party;
    if let Some(e) = cx.escalation {
        cx.reason(
            Step::Escalation,
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
    let rule = cx
        .escalation
        .and_then(|e| e.fine.as_ref())
        .or(regime.fine.as_ref())
        .map(|f| f.for_party(party));
    let band = band_for(&cx, rule, tier);
    if let Some(t) = &band.text {
        cx.reason(Step::Band, vec![], None, t.clone());
    }
    if band.needs_amount {
        let code = match rule {
            Some(FineRule::Multiple {
                per: Basis::Gain, ..
            }) => QuestionCode::Gain,
            _ => QuestionCode::Amount,
        };
        cx.ask(code, "罚款以金额的倍数计算".into());
    }
    let legal_fine = rule.and_then(|f| legal_band(f, q));

    // Measures and penalties: 责令改正 is a measure; a "measure" that is a penalty in fact
    // (没收违法所得和违法经营的食品 …) is listed with the penalties.
    let mut measures = vec!["责令改正".to_string()];
    let mut words: Vec<(String, bool)> = regime.kinds.iter().map(|k| (k.clone(), false)).collect();
    if let Some(e) = cx.escalation {
        words.extend(e.kinds.iter().map(|k| (k.clone(), true)));
    }
    let is_confiscation = |k: Option<PenaltyKind>| {
        matches!(
            k,
            Some(PenaltyKind::ConfiscateGains | PenaltyKind::ConfiscateProperty)
        )
    };
    let kinds_confiscate = words
        .iter()
        .any(|(w, _)| is_confiscation(PenaltyKind::classify(w)));
    for m in &regime.measures {
        match PenaltyKind::classify(m) {
            None => push_unique(&mut measures, m),
            // "没收违法所得和违法经营的食品" restates the kinds' confiscations.
            k if is_confiscation(k) && kinds_confiscate => {}
            Some(_) => words.push((m.clone(), false)),
        }
    }
    // "有违法所得的，…并处罚款": with gains not given, the fine hangs on them, and the officer is asked.
    let fine_needs_gain = regime.fine_requires_gain && cx.escalation.is_none();
    if fine_needs_gain && q.gain.is_none() {
        cx.reason(
            Step::NoGain,
            vec![],
            None,
            "违法所得未填写：罚则仅对有违法所得的并处罚款，没有违法所得的不予罚款".into(),
        );
        cx.ask(QuestionCode::Gain, "罚则仅对有违法所得的处以罚款".into());
    }
    let kinds = KindsOut {
        words: &words,
        has_fine_rule: rule.is_some(),
        fine_needs_gain,
        one_of: &regime.one_of,
    };
    let penalties = penalties_of(&kinds, &band, tier, q);
    if penalties.is_empty() {
        cx.reason(
            Step::Penalties,
            vec![],
            None,
            "罚则列明的处罚种类未录入本基准，请依罚则确定".into(),
        );
    }
    if penalties
        .iter()
        .any(|p| p.kind == PenaltyKind::ConfiscateGains && p.condition.is_some())
    {
        cx.reason(
            Step::GainConfiscation,
            vec![],
            None,
            "违法所得未填写：有违法所得的，依法没收".into(),
        );
    }

    let mut citations = cx.cited(&regime.violated);
    for c in cx.cited(&regime.penalty) {
        if !citations.contains(&c) {
            citations.push(c);
        }
    }
    for c in std::mem::take(&mut cx.citations) {
        if !citations.contains(&c) {
            citations.push(c);
        }
    }
    cx.penalised(
        tier,
        (band.band, legal_fine),
        penalties,
        measures,
        citations,
    )
}

/// Every penalty the case gets, from the provision's kinds (and an escalation's), with the band
/// on the fine. Kinds a provision allows only in some situations are marked with a condition.
fn penalties_of(kinds: &KindsOut, band: &BandOut, tier: Tier, q: &Query) -> Vec<PenaltyOut> {
    let words = kinds.words;
    let mut out: Vec<PenaltyOut> = Vec::new();
    let gain_unknown = kinds.fine_needs_gain && q.gain.is_none();
    let warning_instead = band.kind_instead.is_some();
    if let Some(k) = &band.kind_instead {
        out.push(PenaltyOut {
            kind: PenaltyKind::Warning,
            zh: k.clone(),
            fine: None,
            condition: None,
        });
    }
    let mut has_fine = false;
    for (w, from_escalation) in words {
        let Some(kind) = PenaltyKind::classify(w) else {
            continue;
        };
        if out.iter().any(|p| p.zh == *w) {
            continue;
        }
        match kind {
            PenaltyKind::Fine => {
                if warning_instead {
                    continue;
                }
                has_fine = true;
                out.push(PenaltyOut {
                    kind,
                    zh: w.clone(),
                    fine: band.band,
                    condition: fine_condition(band, gain_unknown),
                });
            }
            PenaltyKind::Warning => {
                if !warning_instead {
                    out.push(PenaltyOut {
                        kind,
                        zh: w.clone(),
                        fine: None,
                        condition: None,
                    });
                }
            }
            PenaltyKind::ConfiscateGains => {
                if warning_instead || q.gain.is_some_and(|g| g <= 0.0) {
                    continue;
                }
                out.push(PenaltyOut {
                    kind,
                    zh: w.clone(),
                    fine: None,
                    condition: q.gain.is_none().then(|| "有违法所得的".into()),
                });
            }
            _ if warning_instead => {}
            _ => {
                let conditional =
                    !from_escalation && !matches!(kind, PenaltyKind::ConfiscateProperty);
                out.push(PenaltyOut {
                    kind,
                    zh: w.clone(),
                    fine: None,
                    condition: (conditional && tier != Tier::Heavy)
                        .then(|| "罚则所列处罚种类，视情节依法适用".into()),
                });
            }
        }
    }
    if kinds.has_fine_rule && !has_fine && !warning_instead {
        out.push(PenaltyOut {
            kind: PenaltyKind::Fine,
            zh: "罚款".into(),
            fine: band.band,
            condition: fine_condition(band, gain_unknown),
        });
    }
    // "警告或者罚款": each of the alternatives given is marked as one to choose between.
    let given = out.iter().filter(|p| kinds.one_of.contains(&p.zh)).count();
    if given >= 2 {
        let choice = format!("择一适用：{}", kinds.one_of.join("或者"));
        for p in out.iter_mut() {
            if kinds.one_of.contains(&p.zh) && p.condition.is_none() {
                p.condition = Some(choice.clone());
            }
        }
    }
    out
}

/// What `penalties_of` needs to know about the provision's kinds.
struct KindsOut<'a> {
    /// The kinds (and measures that are penalties), each marked when an escalation adds it.
    words: &'a [(String, bool)],
    has_fine_rule: bool,
    /// The fine is due only where there are illegal gains.
    fine_needs_gain: bool,
    /// Kinds of which one is imposed.
    one_of: &'a [String],
}

/// The condition shown beside the fine: gains it hangs on, or an amount still to be fixed.
fn fine_condition(band: &BandOut, gain_unknown: bool) -> Option<String> {
    let amount = band
        .band
        .is_none()
        .then(|| band.text.clone().unwrap_or_else(|| "数额待定".into()));
    match (gain_unknown, amount) {
        (true, Some(a)) => Some(format!("有违法所得的；{a}")),
        (true, None) => Some("有违法所得的".into()),
        (false, a) => a,
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
/// the legal minimum). None for the no-penalty tiers, and for 减轻 when the range has no minimum.
pub fn policy_band(p: &Policy, legal: Band, tier: Tier) -> Option<Band> {
    match tier {
        Tier::Exempt | Tier::CorrectFirst => None,
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

/// The band a tier gets, and how it was found.
struct BandOut {
    band: Option<Band>,
    /// A lighter kind given instead of the fine (减轻 where the fine has no minimum: 警告).
    kind_instead: Option<String>,
    text: Option<String>,
    needs_amount: bool,
}

fn band_for(cx: &Ctx, rule: Option<&FineRule>, tier: Tier) -> BandOut {
    let p = &cx.lib.policy;
    let none = |text: Option<String>| BandOut {
        band: None,
        kind_instead: None,
        text,
        needs_amount: false,
    };
    let Some(rule) = rule else {
        return none(Some("罚则未设定罚款，依法适用其他处罚种类".into()));
    };
    let Some(legal) = legal_band(rule, cx.q) else {
        let label = cx
            .item
            .amount_label
            .as_deref()
            .unwrap_or("违法所得或涉案金额");
        let mut b = none(Some(format!(
            "罚款按{label}的倍数计算，金额未填写，暂不能确定数额"
        )));
        b.needs_amount = true;
        return b;
    };
    let using_multiple =
        matches!(rule, FineRule::Multiple { .. }) && Some(legal) != fallback_of(rule);
    // Published amounts are in yuan, so they apply to fixed ranges (and to a multiple's fallback).
    let published = if using_multiple || cx.escalation.and_then(|e| e.fine.as_ref()).is_some() {
        None
    } else {
        cx.regime
            .tiers
            .iter()
            .find(|t| t.tier == tier && t.party.is_none_or(|p| p == cx.party))
            .and_then(|t| t.fine)
    };
    if let Some(b) = published {
        return BandOut {
            band: Some(b),
            kind_instead: None,
            text: Some(format!("依本基准{}档：{}", tier.zh(), yuan_range(b))),
            needs_amount: false,
        };
    }
    let band = match tier {
        Tier::Exempt | Tier::CorrectFirst => return none(None),
        Tier::Light | Tier::Standard | Tier::Heavy => policy_band(p, legal, tier).unwrap_or(legal),
        Tier::Mitigated => {
            if legal.min_yuan > 0.0 {
                policy_band(p, legal, tier).unwrap_or(legal)
            } else if cx.regime.kinds.iter().any(|k| k == "警告") {
                return BandOut {
                    band: None,
                    kind_instead: Some("警告".into()),
                    text: Some("法定罚款无下限，减轻处罚即适用较轻的处罚种类：警告".into()),
                    needs_amount: false,
                };
            } else {
                // No floor to go below and no lighter kind: the bottom third of the 从轻 band.
                let light = split(legal, p.light);
                let b = Band::new(
                    light.min_yuan,
                    round2(light.min_yuan + (light.max_yuan - light.min_yuan) / 3.0),
                );
                return BandOut {
                    band: Some(b),
                    kind_instead: None,
                    text: Some(format!(
                        "法定罚款无下限且无较轻种类，减轻处罚在从轻幅度的低端确定：{}",
                        yuan_range(b)
                    )),
                    needs_amount: false,
                };
            }
        }
    };
    let how = if tier == Tier::Mitigated {
        format!("减轻处罚：低于法定最低罚款{}元", yuan(legal.min_yuan))
    } else {
        format!(
            "法定罚款{}，按裁量政策{}档为{}",
            yuan_range(legal),
            tier.zh().trim_end_matches("处罚"),
            yuan_range(band)
        )
    };
    BandOut {
        band: Some(band),
        kind_instead: None,
        text: Some(how),
        needs_amount: false,
    }
}

fn fallback_of(rule: &FineRule) -> Option<Band> {
    match rule {
        FineRule::Multiple { fallback, .. } => *fallback,
        FineRule::Fixed { band } => Some(*band),
    }
}

/// 第三十六条: two years; five where life/health or financial safety is concerned and harm
/// occurred; or the period the regime's own law sets. `harm`: None when not established (then
/// the longer period is used, so that no case is barred on an assumption).
/// Where a case stands against its limitation period (第三十六条, or the regime's own) on the date
/// it was discovered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limitation {
    Within,
    Passed,
    /// Past the base period but within the longer one, and harm not stated: whether the case is
    /// barred depends on a fact nobody gave. Not barred, and said (question `harm`).
    HarmDecides,
}

/// The limitation state of a case, by the same rule `decide` applies (the review keys its cached
/// expectations on it, so a case that depends on harm never shares one with a case that does not).
pub fn limitation(
    p: &Policy,
    item: &Benchmark,
    regime: &Regime,
    harm: Option<bool>,
    occurred: NaiveDate,
    discovered: NaiveDate,
) -> Limitation {
    let ps = periods(p, item, regime);
    let passed = |years: u32| discovered > add_years(occurred, years);
    match (ps.longer, harm) {
        (Some((longer, _)), None) if passed(ps.base.0) && !passed(longer) => {
            Limitation::HarmDecides
        }
        _ if passed(ps.years(harm)) => Limitation::Passed,
        _ => Limitation::Within,
    }
}

fn add_years(d: NaiveDate, years: u32) -> NaiveDate {
    let y = d.year() + years as i32;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        // 29 February: the period ends on 28 February.
        .or_else(|| NaiveDate::from_ymd_opt(y, d.month(), 28))
        .unwrap_or(d)
}
