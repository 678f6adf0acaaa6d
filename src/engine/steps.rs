//! The statutory steps of 行政处罚法 in the order docs/rules-format.md gives ("How the engine
//! reads the data"): each lets the case go on or ends it with a no-penalty outcome.

use super::*;

pub(super) fn education_measures() -> Vec<String> {
    vec!["责令改正".into(), "批评教育".into()]
}

/// A step either lets the case go on (`Ok`, with its context) or ends it (`Err`, with the
/// evaluation), so that the steps read in order with `?`.
pub(super) type Flow<'a> = Result<Ctx<'a>, Box<Evaluation>>;

pub(super) fn evaluate(
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
pub(super) fn statutory_steps(cx: Ctx) -> Flow {
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
pub(super) fn step_transfer(mut cx: Ctx) -> Flow {
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
pub(super) fn step_no_penalty_provision(mut cx: Ctx) -> Flow {
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
pub(super) fn step_art30_under_14(mut cx: Ctx) -> Flow {
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

/// 第三十六条: not discovered within two years (five, or another law's period, where harm
/// occurred), counted from the act (or the end of a continuing act) to its discovery.
pub(super) fn step_art36_time_limit(mut cx: Ctx) -> Flow {
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
pub(super) fn step_art33_no_fault(mut cx: Ctx) -> Flow {
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
pub(super) struct ItemTest {
    pub(super) missing: Vec<Fact>,
    pub(super) barred: Vec<Fact>,
    pub(super) caps: Vec<String>,
    pub(super) amounts_needed: Vec<QuestionCode>,
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
pub(super) fn step_exemption_list(mut cx: Ctx) -> Flow {
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
pub(super) fn minor_established(cx: &Ctx) -> Option<String> {
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
pub(super) fn step_art33_minor(mut cx: Ctx) -> Flow {
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
pub(super) fn step_art33_first(mut cx: Ctx) -> Flow {
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
pub(super) fn step_correct_first(mut cx: Ctx) -> Flow {
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
pub(super) fn step_no_gain(mut cx: Ctx) -> Flow {
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
