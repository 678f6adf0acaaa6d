//! The document an outcome calls for, as a Word draft: 不予行政处罚决定书 for `exempt`, 行政处罚决定书
//! for a penalty, 责令改正通知书 for `correct_first`. It follows the layout such documents use —
//! issuing body, 文号, party, facts found, evidence, the violated and penalty provisions, the
//! discretion reasons factor by factor, the decision, 陈述申辩 and 听证, remedies with their time
//! limits, date and seal — and carries in what the officer gave (case number, party, dates,
//! amounts, the fine decided). What nobody gave is left as a blank line to fill (＿＿), never
//! invented, and a decision with open questions says so at the top: it is a draft.

use crate::decision::{zh_list, CitationOut, Decision, FineProblem, PenaltyKind};
use crate::error::{Error, Result};
use crate::model::{Benchmark, Library, Party, Tier};
use crate::reasoning::{join_cites, provisions_of, zh_date};
use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts};
use std::path::Path;

/// A blank for the officer to fill.
const BLANK: &str = "＿＿＿＿";

/// What the officer filled in beside the case's facts.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub case_no: Option<String>,
    pub party_name: Option<String>,
    /// ID card number or unified social credit code.
    pub party_id: Option<String>,
    pub party_address: Option<String>,
    /// The fine decided (yuan), inside the band.
    pub fine: Option<f64>,
}

/// Which document an outcome calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NoPenalty,
    Penalty,
    CorrectionNotice,
}

impl Kind {
    pub fn of(d: &Decision) -> Kind {
        match d.tier {
            Tier::Exempt => Kind::NoPenalty,
            Tier::CorrectFirst => Kind::CorrectionNotice,
            _ => Kind::Penalty,
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Kind::NoPenalty => "不予行政处罚决定书",
            Kind::Penalty => "行政处罚决定书",
            Kind::CorrectionNotice => "责令改正通知书",
        }
    }
}

fn or_blank(v: &Option<String>) -> &str {
    v.as_deref()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(BLANK)
}

fn cites(cs: &[&CitationOut]) -> String {
    if cs.is_empty() {
        return BLANK.to_string();
    }
    join_cites(cs)
}

/// The document's text, paragraph by paragraph: (text, style).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Issuer,
    Title,
    Number,
    Body,
    Heading,
    Signature,
    Warning,
}

struct Text(Vec<(String, Style)>);

impl Text {
    fn push(&mut self, style: Style, s: impl Into<String>) {
        self.0.push((s.into(), style));
    }
}

/// The paragraphs of the document for a decision.
fn paragraphs(lib: &Library, item: &Benchmark, d: &Decision, f: &Fields) -> Vec<(String, Style)> {
    let kind = Kind::of(d);
    let (violated, penalty) = provisions_of(lib, item, d);
    let mut t = Text(Vec::new());
    if let (Some(v), Some(b)) = (f.fine, d.fine) {
        if v < b.min_yuan - 0.005 || v > b.max_yuan + 0.005 {
            t.push(
                Style::Warning,
                format!(
                    "【注意：罚款{}元不在{}幅度（{}）内，偏离基准须在裁量理由中说明理由】",
                    crate::decision::yuan(v),
                    d.tier.zh(),
                    crate::decision::yuan_range(b)
                ),
            );
        }
    }
    if !d.questions.is_empty() {
        let open: Vec<&str> = d.questions.iter().map(|q| q.zh).collect();
        t.push(
            Style::Warning,
            format!(
                "【草稿：以下事项尚待认定，认定后重新生成】{}",
                open.join("；")
            ),
        );
    }
    t.push(Style::Issuer, d.item.department_name.clone());
    t.push(Style::Title, kind.title());
    t.push(
        Style::Number,
        format!("文号：{}〔{}〕{}号", BLANK, BLANK, BLANK),
    );
    if let Some(no) = &f.case_no {
        t.push(Style::Number, format!("案件编号：{no}"));
    }
    party(&mut t, d, f);
    match kind {
        Kind::CorrectionNotice => correction_notice(&mut t, d, &violated, &penalty),
        Kind::NoPenalty | Kind::Penalty => {
            facts_found(&mut t, d, f);
            t.push(Style::Heading, "本机关认为：");
            t.push(Style::Body, d.reasoning.clone());
            reasons(&mut t, d);
            hearing(&mut t, d, kind);
            decision(&mut t, d, f, kind, &penalty);
            remedies(&mut t);
        }
    }
    t.push(
        Style::Signature,
        format!("{}（印章）", d.item.department_name),
    );
    let date = if d.receipt.decided_is_today {
        format!("{BLANK}年{BLANK}月{BLANK}日")
    } else {
        zh_date(d.receipt.decided)
    };
    t.push(Style::Signature, date);
    t.0
}

fn party(t: &mut Text, d: &Decision, f: &Fields) {
    let (kind, id_label, addr_label) = match d.receipt.party {
        Some(Party::Individual) => ("个人", "身份证件号码", "住址"),
        Some(Party::Organization) => ("单位", "统一社会信用代码", "住所"),
        None => (BLANK, "统一社会信用代码（身份证件号码）", "住所（住址）"),
    };
    t.push(Style::Body, format!("当事人：{}", or_blank(&f.party_name)));
    t.push(Style::Body, format!("当事人类型：{kind}"));
    t.push(
        Style::Body,
        format!("{id_label}：{}", or_blank(&f.party_id)),
    );
    t.push(
        Style::Body,
        format!("{addr_label}：{}", or_blank(&f.party_address)),
    );
}

fn facts_found(t: &mut Text, d: &Decision, f: &Fields) {
    let r = &d.receipt;
    // The day the case was opened is the discovery date the officer gave; the engine's stand-in
    // (the decision date) is not written as a fact.
    let assumed = d
        .notes
        .iter()
        .any(|n| n.code == crate::decision::NoteCode::DiscoveredAssumed);
    let opened = if r.decided_is_today || assumed {
        format!("{BLANK}年{BLANK}月{BLANK}日")
    } else {
        zh_date(r.discovered)
    };
    t.push(
        Style::Body,
        format!(
            "当事人{}涉嫌{}一案，本机关于{opened}立案调查，现已调查终结。",
            or_blank(&f.party_name),
            d.item.violation
        ),
    );
    t.push(Style::Heading, "经查明：");
    let mut s = format!("当事人存在{}的行为", d.item.violation);
    if let Some(o) = r.occurred {
        s.push_str(&format!("，违法行为发生于{}", zh_date(o)));
    }
    if let Some(a) = r.amount {
        s.push_str(&format!("，涉案金额{}元", crate::decision::yuan(a)));
    }
    if let Some(g) = r.gain {
        s.push_str(&format!("，违法所得{}元", crate::decision::yuan(g)));
    }
    if !r.facts.is_empty() {
        s.push_str(&format!("。经调查，当事人{}", zh_list(&r.facts)));
    }
    s.push('。');
    t.push(Style::Body, s);
    t.push(
        Style::Body,
        format!("上述事实，有下列证据证明：1．{BLANK}；2．{BLANK}；3．{BLANK}。"),
    );
}

/// The discretion reasons, one by one, as the engine's trace gives them.
fn reasons(t: &mut Text, d: &Decision) {
    if d.reasons.is_empty() {
        return;
    }
    t.push(Style::Heading, "裁量理由：");
    for (i, r) in d.reasons.iter().enumerate() {
        t.push(Style::Body, format!("{}．{}：{}", i + 1, r.step_zh, r.text));
    }
}

/// 第六十三条 lists the penalties that carry a right to a hearing; 较大数额 is set by the province.
fn hearing(t: &mut Text, d: &Decision, kind: Kind) {
    if kind == Kind::NoPenalty {
        return;
    }
    let heavy_kind = d.penalties.iter().any(|p| {
        matches!(
            p.kind,
            PenaltyKind::RevokeLicence
                | PenaltyKind::SuspendBusiness
                | PenaltyKind::Close
                | PenaltyKind::LowerQualification
                | PenaltyKind::BarEmployment
                | PenaltyKind::RestrictBusiness
        ) && p.condition.is_none()
    });
    let hearing = if heavy_kind {
        "，以及要求听证的权利".to_string()
    } else {
        "（罚款、没收违法所得或者没收非法财物的数额达到本省规定的较大数额标准的，并告知要求听证的权利）"
            .to_string()
    };
    t.push(
        Style::Body,
        format!(
            "本机关于{BLANK}年{BLANK}月{BLANK}日向当事人告知了拟作出行政处罚的事实、理由、依据及其依法享有的陈述、申辩权利{hearing}。当事人{BLANK}（未提出陈述、申辩／提出的陈述、申辩意见经复核{BLANK}）。"
        ),
    );
}

fn decision(t: &mut Text, d: &Decision, f: &Fields, kind: Kind, penalty: &[&CitationOut]) {
    match kind {
        Kind::NoPenalty => {
            t.push(Style::Heading, "本机关决定：");
            t.push(Style::Body, "对当事人不予行政处罚。");
            for m in &d.measures {
                t.push(Style::Body, format!("{m}。"));
            }
        }
        _ => {
            t.push(
                Style::Heading,
                format!("依据{}的规定，本机关决定：", cites(penalty)),
            );
            let mut n = 0;
            for p in &d.penalties {
                n += 1;
                let line = match p.kind {
                    PenaltyKind::Fine => {
                        let amount = f
                            .fine
                            .map(crate::decision::yuan)
                            .unwrap_or_else(|| BLANK.to_string());
                        let band = p
                            .fine
                            .map(|b| format!("（裁量幅度：{}）", crate::decision::yuan_range(b)))
                            .unwrap_or_default();
                        format!("罚款人民币{amount}元{band}")
                    }
                    _ => p.zh.clone(),
                };
                let cond = p
                    .condition
                    .as_deref()
                    .map(|c| format!("（{c}）"))
                    .unwrap_or_default();
                t.push(Style::Body, format!("{n}．{line}{cond}；"));
            }
            for m in &d.measures {
                n += 1;
                t.push(Style::Body, format!("{n}．{m}。"));
            }
            if d.penalties.iter().any(|p| p.kind == PenaltyKind::Fine) {
                t.push(
                    Style::Body,
                    format!("当事人应当自收到本决定书之日起十五日内，到{BLANK}（指定银行）或者通过电子支付系统缴纳罚款。到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额。"),
                );
            }
        }
    }
}

fn remedies(t: &mut Text) {
    t.push(
        Style::Body,
        format!("当事人如不服本决定，可以自收到本决定书之日起六十日内向{BLANK}申请行政复议，也可以自收到本决定书之日起六个月内依法向{BLANK}人民法院提起行政诉讼。申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。"),
    );
}

fn correction_notice(
    t: &mut Text,
    d: &Decision,
    violated: &[&CitationOut],
    penalty: &[&CitationOut],
) {
    t.push(
        Style::Body,
        format!(
            "经查，你（单位）存在{}的行为，违反了{}的规定。",
            d.item.violation,
            cites(violated)
        ),
    );
    let orders: Vec<&str> = d
        .measures
        .iter()
        .map(|m| m.as_str())
        .filter(|m| *m != "责令改正")
        .collect();
    let orders = if orders.is_empty() {
        String::new()
    } else {
        format!("（{}）", orders.join("、"))
    };
    t.push(
        Style::Body,
        format!(
            "依据{}的规定，现责令你（单位）于{BLANK}年{BLANK}月{BLANK}日前改正上述违法行为{orders}。逾期不改正的，本机关将依据{}的规定依法处理。",
            cites(penalty),
            cites(penalty)
        ),
    );
    if !d.reasons.is_empty() {
        t.push(Style::Heading, "说明：");
        t.push(Style::Body, d.reasoning.clone());
    }
    t.push(Style::Body, "特此通知。");
}

/// Why `fine` cannot be written into the draft of `d`'s document: the outcome has no fine, or the
/// amount does not pass `Decision::check_fine`. The CLI and the desktop both ask this.
pub fn fine_problem(d: &Decision, fine: f64) -> Option<FineProblem> {
    if d.penalties.iter().any(|p| p.kind == PenaltyKind::Fine) {
        d.check_fine(fine).err()
    } else {
        Some(FineProblem::NoneDue { tier: d.tier })
    }
}

/// A fine above the legal maximum, or a fine where no fine is due, is never drafted.
fn check_fine(d: &Decision, f: &Fields, out: &Path) -> Result<()> {
    let Some(v) = f.fine else {
        return Ok(());
    };
    match fine_problem(d, v) {
        None => Ok(()),
        Some(p) => Err(Error::BadInput {
            what: out.display().to_string(),
            reason: format!(
                "{p}: a fine of {} yuan cannot be drafted",
                crate::decision::yuan(v)
            ),
        }),
    }
}

/// Writes the document for a decision to `out` (.docx).
pub fn write_docx(
    lib: &Library,
    item: &Benchmark,
    d: &Decision,
    f: &Fields,
    out: &Path,
) -> Result<Kind> {
    check_fine(d, f, out)?;
    let song = RunFonts::new().east_asia("宋体").ascii("Times New Roman");
    let hei = RunFonts::new().east_asia("黑体").ascii("Times New Roman");
    let mut doc = Docx::new().default_fonts(song.clone()).default_size(28);
    for (text, style) in paragraphs(lib, item, d, f) {
        let run = Run::new().add_text(text);
        let p = match style {
            Style::Issuer => Paragraph::new()
                .add_run(run.size(36).bold().fonts(hei.clone()))
                .align(AlignmentType::Center),
            Style::Title => Paragraph::new()
                .add_run(run.size(44).bold().fonts(hei.clone()))
                .align(AlignmentType::Center),
            Style::Number => Paragraph::new().add_run(run).align(AlignmentType::Right),
            Style::Heading => Paragraph::new().add_run(run.bold().fonts(hei.clone())),
            Style::Body => Paragraph::new().add_run(run),
            Style::Signature => Paragraph::new().add_run(run).align(AlignmentType::Right),
            Style::Warning => Paragraph::new().add_run(run.bold().color("C00000")),
        };
        doc = doc.add_paragraph(p);
    }
    let tmp = out.with_extension("docx.partial");
    let file = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
    if let Err(e) = doc.build().pack(file) {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::BadInput {
            what: out.display().to_string(),
            reason: format!("cannot write the document: {e}"),
        });
    }
    std::fs::rename(&tmp, out).map_err(|e| Error::io(out, e))?;
    Ok(Kind::of(d))
}
