//! Reading one regime of a benchmark (the law as it applied over a period): provisions, kinds,
//! fine, escalations, tiers, limitation, each checked against the laws the rules declare.

use super::*;

impl Cx {
    pub(super) fn regime(
        &mut self,
        line: u32,
        r: &RawRegime,
        laws: &HashMap<&str, &Law>,
    ) -> Regime {
        let RawRegime {
            from,
            until,
            fine_by_party,
            limitation,
            first_punishable,
            violated,
            penalty,
            kinds,
            fine,
            fine_requires,
            measures,
            tiers,
            escalations,
            first_penalty,
            fine_requires_gain,
            one_of,
        } = r;
        let from = from.as_ref().and_then(|d| self.date(d, "from"));
        let until = until.as_ref().and_then(|d| self.date(d, "until"));
        // Citations without a version label mean the version in force during the regime.
        let on = until.or(from);
        if let (Some(f), Some(u)) = (from, until) {
            if u < f {
                self.err(line, format!("regime: until {u} is before from {f}"));
            }
        }
        let no_penalty_written = penalty.is_empty();
        let violated: Vec<Citation> = violated
            .iter()
            .filter_map(|c| self.citation(c, laws, on))
            .collect();
        let penalty: Vec<Citation> = penalty
            .iter()
            .filter_map(|c| self.citation(c, laws, on))
            .collect();
        let fine = self.fine(line, fine.as_ref(), fine_by_party.as_ref());
        if fine.is_some() && no_penalty_written {
            self.err(
                line,
                "a fine needs a penalty provision (`penalty`) to rest on",
            );
        }
        let tb = self.tiers(line, tiers, fine.as_ref());
        let esc = self.escalations(escalations, no_penalty_written);
        let fine_requires = self.facts(fine_requires);
        if !first_penalty.is_empty() && fine_requires.is_empty() {
            self.err(line, "first_penalty: only meaningful with fine_requires");
        }
        if *fine_requires_gain && fine.is_none() {
            self.err(line, "fine_requires_gain: only meaningful with a fine");
        }
        if !one_of.is_empty() {
            if one_of.len() < 2 {
                self.err(line, "one_of: name at least two kinds to choose between");
            }
            for k in one_of {
                if !kinds.contains(k) {
                    self.err(
                        line,
                        format!("one_of: “{k}” is not one of the regime's kinds"),
                    );
                }
            }
        }
        let limitation = limitation
            .as_ref()
            .and_then(|sl| self.limitation(sl, laws, on));
        if *first_punishable && from.is_none() {
            self.err(
                line,
                "first_punishable: needs the `from` date on which the act became punishable",
            );
        }
        Regime {
            from,
            until,
            violated,
            penalty,
            kinds: kinds.to_vec(),
            fine,
            fine_requires,
            first_penalty: first_penalty.to_vec(),
            fine_requires_gain: *fine_requires_gain,
            one_of: one_of.to_vec(),
            measures: measures.to_vec(),
            tiers: tb,
            escalations: esc,
            limitation,
            first_punishable: *first_punishable,
        }
    }

    /// The benchmark's tiers: published amounts inside the legal range, in order, not overlapping.
    fn tiers(
        &mut self,
        line: u32,
        tiers: &[Spanned<RawTier>],
        fine: Option<&Fine>,
    ) -> Vec<TierBand> {
        let fixed = |r: &FineRule| match r {
            FineRule::Fixed { band } => Some(*band),
            FineRule::Multiple { fallback, .. } => *fallback,
        };
        let splits = fine.is_some_and(Fine::splits_by_party);
        let mut tb: Vec<TierBand> = Vec::new();
        for st in tiers {
            let tl = self.line(st);
            let t = st.get_ref();
            let Some(tier) = Tier::parse(&t.tier) else {
                self.err(
                    tl,
                    format!("tier `{}`: use light, standard, heavy or mitigated", t.tier),
                );
                continue;
            };
            if tier == Tier::Exempt {
                self.err(
                    tl,
                    "tier exempt: exemptions are written as [[benchmarks.exemptions]]",
                );
                continue;
            }
            let party = match t.party.as_deref().map(|p| (p, Party::parse(p))) {
                None => None,
                Some((_, Some(p))) => Some(p),
                Some((p, None)) => {
                    self.err(
                        tl,
                        format!("tier party `{p}`: use individual or organization"),
                    );
                    continue;
                }
            };
            if splits && t.fine.is_some() && party.is_none() {
                self.err(
                    tl,
                    format!("tier {tier}: the fine is split by party, so a published amount names its `party`"),
                );
            }
            if tb.iter().any(|x| x.tier == tier && x.party == party) {
                self.err(tl, format!("tier {tier} given twice"));
                continue;
            }
            let legal = fine.and_then(|f| fixed(f.for_party(party.unwrap_or(Party::Organization))));
            let band = match t.fine {
                Some(b) => self.band(tl, b, "tier fine"),
                None => None,
            };
            if let (Some(b), Some(l)) = (band, legal) {
                let ok = if tier == Tier::Mitigated {
                    b.max_yuan <= l.min_yuan + 0.01
                } else {
                    b.within(&l)
                };
                if !ok {
                    self.err(
                        tl,
                        format!(
                            "tier {tier}: band {}..{} is outside the legal range {}..{}",
                            b.min_yuan, b.max_yuan, l.min_yuan, l.max_yuan
                        ),
                    );
                }
            }
            if band.is_some() && fine.is_none() {
                self.err(tl, format!("tier {tier}: a band needs the regime's `fine`"));
            }
            let when = self.facts(&t.when);
            tb.push(TierBand {
                tier,
                party,
                fine: band,
                when,
                note: t.note.clone(),
            });
        }
        // Bands must not overlap: mitigated < light <= standard <= heavy.
        let mut ordered: Vec<&TierBand> = tb.iter().filter(|t| t.fine.is_some()).collect();
        ordered.sort_by_key(|t| (t.party, t.tier));
        for w in ordered.windows(2).filter(|w| w[0].party == w[1].party) {
            let (a, b) = (
                w[0].fine.unwrap_or(Band::new(0.0, 0.0)),
                w[1].fine.unwrap_or(Band::new(0.0, 0.0)),
            );
            if a.max_yuan > b.min_yuan + 0.01 {
                self.err(
                    line,
                    format!(
                        "tiers overlap: {} ends at {} but {} starts at {}",
                        w[0].tier, a.max_yuan, w[1].tier, b.min_yuan
                    ),
                );
            }
        }
        tb
    }

    /// Heavier ranges for some facts ("逾期不改正的，处…"; "情节严重的，…").
    fn escalations(
        &mut self,
        escalations: &[Spanned<RawEscalation>],
        no_penalty_written: bool,
    ) -> Vec<Escalation> {
        let mut esc = Vec::new();
        for se in escalations {
            let el = self.line(se);
            let e = se.get_ref();
            let when = self.facts(&e.when);
            if when.is_empty() {
                self.err(el, "escalation: `when` needs at least one fact");
            }
            let efine = self.fine(el, e.fine.as_ref(), e.fine_by_party.as_ref());
            if efine.is_none() && e.kinds.is_empty() {
                self.err(el, "escalation: give the heavier `fine` or `kinds`");
            }
            if no_penalty_written {
                self.err(el, "escalation: needs the regime's penalty provision");
            }
            esc.push(Escalation {
                when,
                fine: efine,
                kinds: e.kinds.clone(),
                note: e.note.clone(),
            });
        }
        esc
    }

    /// The regime's own limitation period, with the article that sets it.
    fn limitation(
        &mut self,
        sl: &Spanned<RawLimitationRule>,
        laws: &HashMap<&str, &Law>,
        on: Option<NaiveDate>,
    ) -> Option<Limitation> {
        let ll = self.line(sl);
        let l = sl.get_ref();
        if !(1..=20).contains(&l.years) {
            self.err(
                ll,
                format!("limitation: {} years is not a period a law sets", l.years),
            );
        }
        let raw = RawCitation {
            law: l.law.clone(),
            version: l.version.clone(),
            article: l.article.clone(),
        };
        let basis = self.citation_at(ll, &raw, laws, on)?;
        Some(Limitation {
            years: l.years,
            harm_required: l.harm_required,
            basis,
        })
    }
}
