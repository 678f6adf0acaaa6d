//! The engine against the statute: one test per ground of 行政处罚法 and per precedence rule, on
//! the small rules set in tests/fixtures/rules (real provisions; see its rules.toml).

use cailiang::engine::{decide, Decision, Query, Step, When};
use cailiang::model::{Band, Fact, Library, Tier};
use cailiang::rules;
use chrono::NaiveDate;
use std::path::Path;
use std::sync::OnceLock;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        rules::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules"))
            .unwrap()
    })
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A case decided in 2026 (both dates given so that results do not depend on today).
fn q(facts: &[Fact]) -> Query {
    Query {
        occurred: Some(d("2026-03-01")),
        decided: Some(d("2026-03-20")),
        ..Query::with_facts(facts)
    }
}

fn run(id: &str, q: &Query) -> Decision {
    let l = lib();
    decide(l, l.benchmark(id).unwrap(), q).unwrap()
}

fn codes<T: std::fmt::Display>(v: &[T]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// The penalties as the provision words them.
fn kinds(d: &Decision) -> Vec<String> {
    d.penalty_words()
}

fn band(d: &Decision) -> (f64, f64) {
    let b = d.fine.expect("a fine band");
    (b.min_yuan, b.max_yuan)
}

#[test]
fn art30_under_14_is_exempt_and_guardian_is_ordered() {
    let r = run("SCJG-001", &q(&[Fact::Under14, Fact::Repeat]));
    assert_eq!(r.tier, Tier::Exempt);
    assert_eq!(codes(&r.grounds), ["art30_under_14"]);
    assert!(r.measures.iter().any(|m| m.contains("监护人")));
    assert!(r.citations.iter().any(|c| c.article == "第三十条"));
}

#[test]
fn art30_minor_14_18_is_light_and_with_another_statutory_fact_mitigated() {
    let r = run("SCJG-001", &q(&[Fact::Minor14To18]));
    assert_eq!(r.tier, Tier::Light);
    assert_eq!(band(&r), (0.0, 1500.0));
    let r = run("SCJG-001", &q(&[Fact::Minor14To18, Fact::Coerced]));
    assert_eq!(r.tier, Tier::Mitigated);
}

#[test]
fn art31_mental_limited_mitigates() {
    let r = run("SCJG-001", &q(&[Fact::MentalLimited]));
    assert_eq!(r.tier, Tier::Light);
    assert!(r.citations.iter().any(|c| c.article == "第三十一条"));
}

#[test]
fn art32_two_statutory_facts_mitigate_below_the_legal_minimum() {
    // 货值 unknown: the fallback range 5万–10万 applies; 减轻 goes below 5万.
    let r = run("SCJG-003", &q(&[Fact::Confessed, Fact::MitigatedHarm]));
    assert_eq!(r.tier, Tier::Mitigated);
    let (lo, hi) = band(&r);
    assert!(lo >= 0.0 && hi <= 50_000.0, "{lo}..{hi}");
    assert!(r.citations.iter().any(|c| c.article == "第三十二条"));
}

#[test]
fn offsetting_facts_and_mitigation_without_a_legal_minimum() {
    // Aggravating and statutory mitigating facts offset to 一般.
    let r = run("SCJG-001", &q(&[Fact::Repeat, Fact::Confessed]));
    assert_eq!(r.tier, Tier::Standard);
    assert!(r.reasons.iter().any(|x| x.step.code() == "conflict"));
    // The refusal a fine requires is its precondition, not also an aggravating fact: with three
    // statutory facts the case is 减轻, below the 5000 minimum.
    let r = run(
        "SCJG-002",
        &q(&[
            Fact::RefusedCorrection,
            Fact::Confessed,
            Fact::MitigatedHarm,
            Fact::Meritorious,
        ]),
    );
    assert_eq!(r.tier, Tier::Mitigated);
    assert_eq!(band(&r), (0.0, 5000.0));
    // 价格法 第四十二条 has no minimum and no warning: 减轻 stays in the bottom of the 从轻 band.
    let m = run("SCJG-001", &q(&[Fact::Confessed, Fact::Meritorious]));
    assert_eq!(m.tier, Tier::Mitigated);
    assert_eq!(band(&m), (0.0, 500.0));
}

#[test]
fn art33_minor_needs_all_three_elements_and_minor_is_established_not_assumed() {
    // 第三十三条第一款: 违法行为轻微 + 及时改正 + 没有造成危害后果. Without the officer's finding
    // that the act is minor, corrected and harmless is not enough, and the result asks.
    let r = run("SCJG-003", &q(&[Fact::CorrectedInTime, Fact::NoHarm]));
    assert_eq!(r.tier, Tier::Light);
    assert!(r.grounds.is_empty());
    assert!(r
        .questions
        .iter()
        .any(|x| x.code.code() == "minor_violation"));
    assert!(r
        .reasons
        .iter()
        .any(|x| x.step.code() == "art33_minor_unmet" && x.text.contains("违法行为轻微")));
    assert!(!r.reasoning.contains("违法行为轻微"), "{}", r.reasoning);

    let r = run(
        "SCJG-003",
        &q(&[Fact::MinorViolation, Fact::CorrectedInTime, Fact::NoHarm]),
    );
    assert_eq!(r.tier, Tier::Exempt);
    assert_eq!(codes(&r.grounds), ["art33_minor"]);
    assert!(
        r.measures.contains(&"批评教育".to_string()),
        "第三十三条第三款: educate"
    );
    assert!(r.reasoning.contains("第三十三条第一款"), "{}", r.reasoning);
}

#[test]
fn art33_first_offence_with_slight_harm_is_an_option_the_officer_chooses() {
    // 第三十三条第一款后段: 可以不予行政处罚 — offered, not decided.
    let facts = [Fact::FirstOffense, Fact::MinorHarm, Fact::CorrectedInTime];
    let r = run("SCJG-003", &q(&facts));
    assert_eq!(r.tier, Tier::Light);
    assert!(r.grounds.is_empty());
    assert_eq!(r.options.len(), 1);
    assert_eq!(r.options[0].ground.code(), "art33_first");
    assert_eq!(r.options[0].tier, Tier::Exempt);
    let mut chosen = q(&facts);
    chosen.chosen = vec![cailiang::engine::Ground::Art33First];
    let r = run("SCJG-003", &chosen);
    assert_eq!(r.tier, Tier::Exempt);
    assert_eq!(codes(&r.grounds), ["art33_first"]);
    assert!(
        r.reasoning.contains("经裁量决定不予行政处罚"),
        "{}",
        r.reasoning
    );
}

#[test]
fn art33_never_applies_with_an_aggravating_fact() {
    let r = run(
        "SCJG-003",
        &q(&[Fact::CorrectedInTime, Fact::NoHarm, Fact::Repeat]),
    );
    assert_eq!(r.tier, Tier::Heavy);
}

#[test]
fn art33_no_fault_is_exempt() {
    let r = run("SCJG-001", &q(&[Fact::NoFault]));
    assert_eq!(codes(&r.grounds), ["art33_no_fault"]);
    assert!(r.citations.iter().any(|c| c.article == "第三十三条第二款"));
}

#[test]
fn art36_two_years_and_five_for_health_with_harm() {
    let late = |facts: &[Fact]| Query {
        occurred: Some(d("2022-01-10")),
        decided: Some(d("2024-06-01")),
        ..Query::with_facts(facts)
    };
    let r = run("SCJG-001", &late(&[]));
    assert_eq!(codes(&r.grounds), ["art36_time_limit"]);
    // Expired food (health) with harm: five years, so still punishable.
    let r = run("SCJG-003", &late(&[]));
    assert_ne!(r.tier, Tier::Exempt);
    // Without harm the two-year limit applies again.
    let r = run("SCJG-003", &late(&[Fact::NoHarm]));
    assert_eq!(codes(&r.grounds), ["art36_time_limit"]);
    // Exactly two years is still within the limit.
    let edge = Query {
        occurred: Some(d("2022-01-10")),
        decided: Some(d("2024-01-10")),
        ..Query::default()
    };
    assert_ne!(run("SCJG-001", &edge).tier, Tier::Exempt);
}

#[test]
fn exemption_list_item_applies_with_its_measures_and_follow_up() {
    let mut small = q(&[Fact::FirstOffense, Fact::CorrectedInTime]);
    small.amount = Some(300.0);
    let r = run("SCJG-001", &small);
    assert_eq!(codes(&r.grounds), ["exemption_list"]);
    assert_eq!(r.follow_up, ["行政指导"]);
    assert!(r.reasons.iter().any(|x| x.text.contains("SCJG-E001")));
    assert!(
        r.reasoning.contains("《测试轻微不罚清单》第1项"),
        "{}",
        r.reasoning
    );
}

#[test]
fn exemption_list_respects_exclusions_amount_limits_and_validity() {
    let mut over = q(&[Fact::FirstOffense, Fact::CorrectedInTime]);
    over.amount = Some(5000.0);
    let r = run("SCJG-001", &over);
    assert_ne!(codes(&r.grounds), ["exemption_list"]);
    assert_eq!(
        r.tier,
        Tier::Light,
        "first offence and correction still mitigate"
    );
    assert!(
        r.reasons.iter().any(|x| x.text.contains("超过清单限额")),
        "the failing cap is named"
    );
    // A cap whose amount was not given is not established: no exemption, and the result asks.
    let r = run("SCJG-001", &q(&[Fact::FirstOffense, Fact::CorrectedInTime]));
    assert_ne!(r.tier, Tier::Exempt);
    assert!(r.questions.iter().any(|x| x.code.code() == "amount"));

    let r = run(
        "SCJG-001",
        &q(&[Fact::FirstOffense, Fact::CorrectedInTime, Fact::SeriousHarm]),
    );
    assert_eq!(r.tier, Tier::Heavy);
    assert!(r
        .reasons
        .iter()
        .any(|x| x.step.code() == "exemption_list_unmet"));

    // The list is in force 2024-01-01..2028-12-31.
    let mut before = q(&[Fact::FirstOffense, Fact::CorrectedInTime]);
    before.amount = Some(300.0);
    before.occurred = Some(d("2023-05-01"));
    before.decided = Some(d("2023-06-01"));
    let r = run("SCJG-001", &before);
    assert_ne!(codes(&r.grounds), ["exemption_list"]);
}

#[test]
fn fine_only_after_refusal_orders_correction_first() {
    // 市场主体登记管理条例 第四十三条: correction first, a fine only after a refusal.
    let r = run("SCJG-004", &q(&[]));
    assert_eq!(
        r.tier,
        Tier::CorrectFirst,
        "责令改正，暂不处罚 — not 不予处罚"
    );
    assert_eq!(codes(&r.grounds), ["correction_order_only"]);
    assert!(r.fine.is_none());
    assert!(r.penalties.is_empty(), "no penalty now: {:?}", r.penalties);
    assert!(
        !r.measures.iter().any(|m| m.contains("没收")),
        "没收违法所得 is a penalty, never beside a no-penalty outcome: {:?}",
        r.measures
    );
    assert!(
        r.reasoning.contains("拒不改正的方可处以罚款"),
        "{}",
        r.reasoning
    );
    // After the refusal the fine range opens, and the refusal is not counted twice.
    let r = run("SCJG-004", &q(&[Fact::RefusedCorrection]));
    assert_eq!(r.tier, Tier::Standard);
    assert_eq!(band(&r), (37_000.0, 73_000.0));
    let r = run("SCJG-004", &q(&[Fact::RefusedCorrection, Fact::Repeat]));
    assert_eq!(r.tier, Tier::Heavy);
}

#[test]
fn a_warning_before_the_fine_is_a_penalty_now() {
    // 食品安全法 第一百二十六条: 责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款.
    let r = run("SCJG-002", &q(&[]));
    assert_eq!(r.tier, Tier::Standard);
    assert_eq!(kinds(&r), ["警告"]);
    assert!(r.fine.is_none());
    assert!(
        r.notes.iter().any(|n| n.code.code() == "simple_procedure"),
        "a warning can be given on the spot"
    );
    assert!(r.reasoning.contains("警告"), "{}", r.reasoning);
}

#[test]
fn an_escalated_range_applies_with_its_own_conditions() {
    // 情节严重的，责令关闭停业，并处十万元以上五十万元以下罚款 — no prior refusal needed.
    let r = run("SCJG-004", &q(&[Fact::SeriousHarm]));
    assert_eq!(r.legal_range, Some(Band::new(100_000.0, 500_000.0)));
    assert_eq!(
        r.tier,
        Tier::Standard,
        "the fact defining the range is not counted again"
    );
    assert_eq!(band(&r), (220_000.0, 380_000.0));
    assert!(kinds(&r).contains(&"责令关闭停业".to_string()));
    assert!(r.reasons.iter().any(|x| x.step.code() == "escalation"));
}

#[test]
fn bands_split_30_40_30_by_default() {
    assert_eq!(band(&run("SCJG-001", &q(&[]))), (1500.0, 3500.0));
    assert_eq!(
        band(&run("SCJG-001", &q(&[Fact::FirstOffense]))),
        (0.0, 1500.0)
    );
    assert_eq!(
        band(&run(
            "SCJG-004",
            &q(&[Fact::RefusedCorrection, Fact::Repeat])
        )),
        (73_000.0, 100_000.0)
    );
}

#[test]
fn a_published_tier_overrides_the_formula() {
    let r = run("SCJG-001", &q(&[Fact::Repeat, Fact::RefusedCorrection]));
    assert_eq!(r.tier, Tier::Heavy);
    assert_eq!(band(&r), (4000.0, 5000.0));
    assert!(r.reasons.iter().any(|x| x.step.code() == "benchmark_tier"));
}

#[test]
fn multiples_of_goods_value_with_the_statutory_fallback() {
    let mut big = q(&[]);
    big.amount = Some(20_000.0);
    assert_eq!(band(&run("SCJG-003", &big)), (260_000.0, 340_000.0));
    let mut small = q(&[]);
    small.amount = Some(5_000.0);
    assert_eq!(band(&run("SCJG-003", &small)), (65_000.0, 85_000.0));
    // Unknown value: the fallback range too.
    assert_eq!(band(&run("SCJG-003", &q(&[]))), (65_000.0, 85_000.0));
}

#[test]
fn precedence_emergency_forces_heavy_and_conflicts_offset() {
    let r = run("SCJG-001", &q(&[Fact::Emergency, Fact::Confessed]));
    assert_eq!(r.tier, Tier::Heavy);
    assert!(r.citations.iter().any(|c| c.article == "第四十九条"));
    let r = run("SCJG-001", &q(&[Fact::Repeat, Fact::Confessed]));
    assert_eq!(r.tier, Tier::Standard);
    // Ordinary mitigating facts do not offset aggravation.
    let r = run("SCJG-001", &q(&[Fact::Repeat, Fact::FirstOffense]));
    assert_eq!(r.tier, Tier::Heavy);
}

#[test]
fn crime_threshold_sets_transfer_whatever_the_tier() {
    let r = run("SCJG-001", &q(&[Fact::CrimeThreshold]));
    assert!(r.transfer);
    let r = run("SCJG-001", &q(&[Fact::CrimeThreshold, Fact::Under14]));
    assert!(r.transfer);
    assert_eq!(r.tier, Tier::Exempt);
    assert!(!run("SCJG-001", &q(&[])).transfer);
}

#[test]
fn art37_old_law_lighter_is_kept_and_both_evaluations_returned() {
    // 渔业法: up to 5万 before 2026-05-01, up to 20万 after.
    let c = Query {
        occurred: Some(d("2026-03-01")),
        decided: Some(d("2026-06-01")),
        ..Query::default()
    };
    let r = run("NYNC-001", &c);
    assert_eq!(r.evaluations.len(), 2);
    assert_eq!(r.evaluations[0].when, When::Act);
    assert_eq!(r.evaluations[1].when, When::Decision);
    assert_eq!(band(&r), (15_000.0, 35_000.0));
    assert_eq!(r.reasons[0].step, Step::Art37);
    assert!(r.reasoning.contains("适用行为时的规定"), "{}", r.reasoning);
    assert!(r
        .citations
        .iter()
        .any(|c| c.article == "第三十八条第一款" && c.version.as_deref() == Some("2013修正")));
}

#[test]
fn art37_new_law_without_penalty_is_applied() {
    let mut c = Query::with_facts(&[Fact::Repeat]);
    c.occurred = Some(d("2023-06-01"));
    c.decided = Some(d("2023-08-01"));
    let r = run("JTYS-001", &c);
    assert_eq!(r.tier, Tier::Exempt);
    assert_eq!(codes(&r.grounds), ["no_penalty_provision"]);
    assert_eq!(r.evaluations[0].tier, Tier::Heavy);
    assert_eq!(r.evaluations[0].fine, Some(Band::new(146.0, 200.0)));
    assert!(r.reasoning.contains("适用新的规定"), "{}", r.reasoning);
    // Both dates under the old regulation: punished under it.
    c.decided = Some(d("2023-07-01"));
    let r = run("JTYS-001", &c);
    assert!(r.evaluations.is_empty());
    assert_eq!(r.tier, Tier::Heavy);
}

#[test]
fn simple_procedure_note_for_small_fines() {
    let r = run("SCJG-001", &q(&[Fact::FirstOffense]));
    assert!(
        r.notes
            .iter()
            .any(|n| n.code.code() == "simple_procedure_org"),
        "{:?}",
        r.notes
    );
    let r = run("SCJG-001", &q(&[]));
    assert!(!r
        .notes
        .iter()
        .any(|n| n.code.code().starts_with("simple_procedure")));
}

#[test]
fn receipt_and_reasoning_carry_the_rules_and_citations() {
    let l = lib();
    let r = run("SCJG-001", &q(&[Fact::Repeat]));
    assert_eq!(r.receipt.rules_version, "test.1");
    assert_eq!(r.receipt.library_hash, l.content_hash);
    assert_eq!(r.receipt.facts, vec![Fact::Repeat]);
    assert_eq!(r.receipt.occurred, Some(d("2026-03-01")));
    assert!(
        r.reasoning
            .contains("《中华人民共和国价格法》第十三条第一款"),
        "{}",
        r.reasoning
    );
    assert!(r.reasoning.contains("从重处罚"));
    // SCJG-001 publishes its 从重 band (4000–5000), which overrides the formula.
    assert!(r.reasoning.contains("4000元至5000元"), "{}", r.reasoning);
    // Citations name the law as promulgated, without 《》, and start with the article.
    for c in &r.citations {
        assert!(!c.law.contains('《'));
        assert!(c.article.starts_with('第'));
        assert!(!c.gist.is_empty());
    }
    assert_eq!(
        r.measures[0], "责令改正",
        "第二十八条: correction always ordered"
    );
}

#[test]
fn typical_cases_of_the_fixture_reproduce() {
    let l = lib();
    for c in &l.cases {
        let chk = cailiang::cases::check(l, c);
        assert!(chk.problems.is_empty(), "{}: {:?}", c.id, chk.problems);
    }
}
