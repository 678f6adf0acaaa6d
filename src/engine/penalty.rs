//! When a penalty is due: the tier, the legal range, the band and every penalty the case gets.

use super::*;

/// The tier when a penalty is due: forcing facts, the benchmark's own tiers, aggravating and
/// mitigating facts under the policy's precedence.
pub(super) fn choose_tier(cx: &mut Ctx) -> Tier {
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
pub(super) fn penalty(mut cx: Ctx) -> Evaluation {
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
pub(super) fn penalties_of(
    kinds: &KindsOut,
    band: &BandOut,
    tier: Tier,
    q: &Query,
) -> Vec<PenaltyOut> {
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
pub(super) struct KindsOut<'a> {
    /// The kinds (and measures that are penalties), each marked when an escalation adds it.
    pub(super) words: &'a [(String, bool)],
    pub(super) has_fine_rule: bool,
    /// The fine is due only where there are illegal gains.
    pub(super) fine_needs_gain: bool,
    /// Kinds of which one is imposed.
    pub(super) one_of: &'a [String],
}

/// The condition shown beside the fine: gains it hangs on, or an amount still to be fixed.
pub(super) fn fine_condition(band: &BandOut, gain_unknown: bool) -> Option<String> {
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

pub(super) fn statutory_article(facts: &[Fact]) -> &'static str {
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
pub(super) fn split(legal: Band, f: (f64, f64)) -> Band {
    let w = legal.max_yuan - legal.min_yuan;
    Band::new(
        round2(legal.min_yuan + w * f.0),
        round2(legal.min_yuan + w * f.1),
    )
}

/// The band a tier gets, and how it was found.
pub(super) struct BandOut {
    pub(super) band: Option<Band>,
    /// A lighter kind given instead of the fine (减轻 where the fine has no minimum: 警告).
    pub(super) kind_instead: Option<String>,
    pub(super) text: Option<String>,
    pub(super) needs_amount: bool,
}

pub(super) fn band_for(cx: &Ctx, rule: Option<&FineRule>, tier: Tier) -> BandOut {
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

pub(super) fn fallback_of(rule: &FineRule) -> Option<Band> {
    match rule {
        FineRule::Multiple { fallback, .. } => *fallback,
        FineRule::Fixed { band } => Some(*band),
    }
}
