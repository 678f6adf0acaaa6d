//! The one place where text becomes a typed request: facts, party, dates, amounts and the
//! officer's choices, as typed on the command line, in the desktop's form or in a review's cells.
//! The CLI, the desktop shell and the review all call this, so that one input means one thing
//! everywhere (the same separators between facts, the same date and amount forms).

use crate::decision::{Ground, Query};
use crate::model::{parse_date, parse_yuan, Fact, Party};

/// A request as typed: every value still text, `None` or empty where not given. The desktop's
/// form sends it as JSON with these names.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RawRequest {
    /// Fact codes or Chinese names; one per entry, or several separated by `,` `，` `、` `;` `；` `|`.
    #[serde(default)]
    pub facts: Vec<String>,
    pub amount: Option<String>,
    pub gain: Option<String>,
    pub party: Option<String>,
    pub occurred: Option<String>,
    pub ended: Option<String>,
    pub discovered: Option<String>,
    pub decided: Option<String>,
    /// Discretionary options the officer chose (art33_first).
    #[serde(default)]
    pub chosen: Vec<String>,
}

/// The field a bad value was given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Facts,
    Amount,
    Gain,
    Party,
    Occurred,
    Ended,
    Discovered,
    Decided,
    Chosen,
}

impl Field {
    /// The command-line flag.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Facts => "--facts",
            Field::Amount => "--amount",
            Field::Gain => "--gain",
            Field::Party => "--party",
            Field::Occurred => "--occurred",
            Field::Ended => "--ended",
            Field::Discovered => "--discovered",
            Field::Decided => "--decided",
            Field::Chosen => "--choose",
        }
    }

    /// The name of the field on a form.
    pub fn zh(self) -> &'static str {
        match self {
            Field::Facts => "情节",
            Field::Amount => "金额",
            Field::Gain => "违法所得",
            Field::Party => "当事人类型",
            Field::Occurred => "违法日期",
            Field::Ended => "行为终了日期",
            Field::Discovered => "发现日期",
            Field::Decided => "决定日期",
            Field::Chosen => "裁量选项",
        }
    }
}

/// A value that could not be read, with the field it was given for.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: `{given}` {}", field.flag(), self.expected())]
pub struct RequestError {
    pub field: Field,
    pub given: String,
}

impl RequestError {
    /// What the field takes, after the value given.
    pub fn expected(&self) -> String {
        match self.field {
            Field::Facts => format!("is not a known fact; known: {}", Fact::known_codes()),
            Field::Amount | Field::Gain => "is not an amount in yuan".into(),
            Field::Party => "is not a party: use individual (个人) or organization (单位)".into(),
            Field::Chosen => "is not an option that can be chosen: art33_first".into(),
            _ => "is not a date (2022-05-01, 2022/5/1 or 2022年5月1日)".into(),
        }
    }

    /// The message in Chinese, for the desktop's form.
    pub fn zh(&self) -> String {
        format!("{}：无法识别“{}”", self.field.zh(), self.given)
    }
}

impl From<RequestError> for crate::Error {
    fn from(e: RequestError) -> Self {
        match e.field {
            Field::Facts => crate::Error::UnknownFact {
                given: e.given,
                known: Fact::known_codes(),
            },
            f => crate::Error::BadInput {
                what: f.flag().into(),
                reason: format!("`{}` {}", e.given, e.expected()),
            },
        }
    }
}

/// The parts of a facts cell or flag, separators and blanks removed.
pub fn fact_parts(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', '，', '、', ';', '；', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Facts from codes or Chinese names, each once, in the order given.
pub fn facts<S: AsRef<str>>(list: &[S]) -> Result<Vec<Fact>, RequestError> {
    let mut out = Vec::new();
    for part in list.iter().flat_map(|s| fact_parts(s.as_ref())) {
        let f = Fact::parse(part).ok_or_else(|| RequestError {
            field: Field::Facts,
            given: part.to_string(),
        })?;
        if !out.contains(&f) {
            out.push(f);
        }
    }
    Ok(out)
}

fn optional<T>(
    field: Field,
    s: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, RequestError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => parse(v).map(Some).ok_or_else(|| RequestError {
            field,
            given: v.to_string(),
        }),
    }
}

/// The typed query, or the first value that could not be read.
pub fn query(raw: &RawRequest) -> Result<Query, RequestError> {
    let chosen = raw
        .chosen
        .iter()
        .map(|c| {
            // Only 首违不罚 is the officer's to choose (第三十三条第一款 后段: 可以).
            Ground::parse(c)
                .filter(|g| *g == Ground::Art33First)
                .ok_or_else(|| RequestError {
                    field: Field::Chosen,
                    given: c.clone(),
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Query {
        facts: facts(&raw.facts)?.into_iter().collect(),
        amount: optional(Field::Amount, &raw.amount, parse_yuan)?,
        gain: optional(Field::Gain, &raw.gain, parse_yuan)?,
        party: optional(Field::Party, &raw.party, Party::parse)?,
        occurred: optional(Field::Occurred, &raw.occurred, parse_date)?,
        ended: optional(Field::Ended, &raw.ended, parse_date)?,
        discovered: optional(Field::Discovered, &raw.discovered, parse_date)?,
        decided: optional(Field::Decided, &raw.decided, parse_date)?,
        chosen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_reading_of_each_field() {
        let raw = RawRequest {
            facts: vec![
                "first_offense，及时改正|no_harm".into(),
                "first_offense".into(),
            ],
            amount: Some(" 1,500 ".into()),
            party: Some("单位".into()),
            occurred: Some("2026年3月1日".into()),
            decided: Some("".into()),
            chosen: vec!["art33_first".into()],
            ..RawRequest::default()
        };
        let q = query(&raw).unwrap();
        assert_eq!(q.facts.len(), 3);
        assert!(q.facts.contains(&Fact::CorrectedInTime));
        assert_eq!(q.amount, Some(1500.0));
        assert_eq!(q.party, Some(Party::Organization));
        assert_eq!(q.occurred, parse_date("2026-03-01"));
        assert_eq!(q.decided, None, "an empty field is not given");
        assert_eq!(q.chosen, vec![Ground::Art33First]);
    }

    #[test]
    fn a_bad_value_names_its_field_in_both_languages() {
        let bad = |raw: RawRequest| query(&raw).unwrap_err();
        let e = bad(RawRequest {
            gain: Some("十二元".into()),
            ..RawRequest::default()
        });
        assert_eq!(e.field, Field::Gain);
        assert_eq!(e.zh(), "违法所得：无法识别“十二元”");
        assert!(e.to_string().starts_with("--gain: `十二元`"), "{e}");
        let e = bad(RawRequest {
            facts: vec!["refused".into()],
            ..RawRequest::default()
        });
        assert!(e.to_string().contains("known: first_offense"), "{e}");
        let e = bad(RawRequest {
            chosen: vec!["exemption_list".into()],
            ..RawRequest::default()
        });
        assert_eq!(e.field, Field::Chosen);
        let e = bad(RawRequest {
            occurred: Some("2026-02-30".into()),
            ..RawRequest::default()
        });
        assert_eq!(e.zh(), "违法日期：无法识别“2026-02-30”");
    }
}
