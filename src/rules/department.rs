//! Reading a department's file (its lists and benchmarks with their regimes and exemption items)
//! and a typical case.

use super::*;

impl Cx {
    pub(super) fn department(
        &mut self,
        d: RawDept,
        laws: &HashMap<&str, &Law>,
        seen: &mut HashMap<String, String>,
    ) -> Option<(Department, Vec<Benchmark>)> {
        let code = d.code.get_ref().trim().to_string();
        let code_line = self.line(&d.code);
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            self.err(
                code_line,
                format!("department code `{code}`: use upper-case letters and digits"),
            );
        }
        let stem = self
            .file
            .trim_start_matches("departments/")
            .trim_end_matches(".toml")
            .to_string();
        if stem != code {
            self.err(
                code_line,
                format!("department code `{code}` differs from the file name `{stem}`"),
            );
        }
        self.unique(seen, &code, code_line, "department");
        let prefix = format!("{code}-");
        let mut lists = Vec::new();
        for sl in &d.lists {
            let l = self.list(sl, &prefix, seen);
            lists.push(l);
        }
        let mut numbers: HashSet<(String, u32)> = HashSet::new();
        let mut benchmarks = Vec::new();
        for sb in d.benchmarks {
            let bl = self.line(&sb);
            let b = sb.into_inner();
            if !b.id.starts_with(&prefix) {
                self.err(
                    bl,
                    format!("benchmark id `{}` must start with `{prefix}`", b.id),
                );
            }
            self.unique(seen, &b.id, bl, "benchmark");
            if b.violation.trim().is_empty() {
                self.err(bl, format!("benchmark {}: violation is empty", b.id));
            }
            if b.provenance.trim().is_empty() {
                self.err(bl, format!("benchmark {}: provenance is required", b.id));
            }
            if b.penalty.is_empty() && b.previous.is_empty() && b.violated.is_empty() {
                self.err(
                    bl,
                    format!(
                        "benchmark {}: cite at least the violated or the penalty provision",
                        b.id
                    ),
                );
            }
            let current_raw = RawRegime {
                from: b.from,
                until: None,
                fine_by_party: b.fine_by_party,
                limitation: b.limitation,
                first_punishable: b.first_punishable,
                violated: b.violated,
                penalty: b.penalty,
                kinds: b.kinds,
                fine: b.fine,
                fine_requires: b.fine_requires,
                measures: b.measures,
                tiers: b.tiers,
                escalations: b.escalations,
                first_penalty: b.first_penalty,
                fine_requires_gain: b.fine_requires_gain,
                one_of: b.one_of,
            };
            let regimes = self.regimes(bl, &b.id, &current_raw, &b.previous, laws);
            let not_minor = b
                .not_minor
                .as_ref()
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty());
            if b.not_minor.is_some() && not_minor.is_none() {
                self.err(
                    bl,
                    format!("benchmark {}: not_minor needs its reason", b.id),
                );
            }
            if not_minor.is_some() && !b.exemptions.is_empty() {
                self.err(
                    bl,
                    format!(
                        "benchmark {}: it says its violation cannot be minor (not_minor), so it cannot carry an exemption item",
                        b.id
                    ),
                );
            }

            let mut exemptions = Vec::new();
            for se in &b.exemptions {
                let e = self.exemption(se, &prefix, &lists, &mut numbers, seen);
                exemptions.push(e);
            }
            benchmarks.push(Benchmark {
                id: b.id.clone(),
                department: code.clone(),
                domain: b.domain.clone().unwrap_or_else(|| d.domain.clone()),
                violation: b.violation.trim().to_string(),
                aliases: b
                    .aliases
                    .iter()
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect(),
                category: b.category.clone(),
                health_safety: b.health_safety,
                amount_label: b.amount_label.clone(),
                provenance: b.provenance.clone(),
                not_minor,
                regimes,
                exemptions,
                origin: self.origin(bl),
            });
        }
        let dept = Department {
            code: code.clone(),
            name: d.name,
            domain: d.domain,
            first_offense_rule: d.first_offense_rule,
            lists,
            origin: self.origin(code_line),
        };
        Some((dept, benchmarks))
    }

    pub(super) fn case(
        &mut self,
        sc: Spanned<RawCase>,
        benchmarks: &HashSet<&str>,
        seen: &mut HashMap<String, String>,
    ) -> Option<TypicalCase> {
        let line = self.line(&sc);
        let c = sc.into_inner();
        self.unique(seen, &c.id, line, "case");
        if !benchmarks.contains(c.benchmark.as_str()) {
            self.err(
                line,
                format!("case {}: benchmark `{}` does not exist", c.id, c.benchmark),
            );
        }
        let facts = self.facts(&c.facts);
        let occurred = c.occurred.as_ref().and_then(|d| self.date(d, "occurred"));
        let decided = c.decided.as_ref().and_then(|d| self.date(d, "decided"));
        let discovered = c
            .discovered
            .as_ref()
            .and_then(|d| self.date(d, "discovered"));
        let party = match &c.party {
            None => None,
            Some(p) => {
                let parsed = Party::parse(p.get_ref());
                if parsed.is_none() {
                    let l = self.line(p);
                    self.err(
                        l,
                        format!("party `{}`: use individual or organization", p.get_ref()),
                    );
                }
                parsed
            }
        };
        for (what, v) in [("amount", c.amount), ("gain", c.gain)] {
            if v.is_some_and(|v| !v.is_finite() || !(0.0..=MAX_YUAN).contains(&v)) {
                self.err(
                    line,
                    format!("case {}: {what} is not an amount in yuan", c.id),
                );
            }
        }
        let mut chosen = Vec::new();
        for sc in &c.choose {
            match crate::model::Ground::parse(sc.get_ref()) {
                Some(g @ crate::model::Ground::Art33First) => chosen.push(g),
                _ => {
                    let l = self.line(sc);
                    self.err(
                        l,
                        format!(
                            "choose `{}`: the option that can be chosen is art33_first",
                            sc.get_ref()
                        ),
                    );
                }
            }
        }
        if let (Some(o), Some(d)) = (occurred, discovered) {
            if d < o {
                self.err(
                    line,
                    format!("case {}: discovered {d} is before occurred {o}", c.id),
                );
            }
        }
        if let (Some(o), Some(d)) = (occurred, decided) {
            if d < o {
                self.err(
                    line,
                    format!("case {}: decided {d} is before occurred {o}", c.id),
                );
            }
        }
        let tier = match Tier::parse(c.expected_tier.get_ref()) {
            Some(t) => t,
            None => {
                let l = self.line(&c.expected_tier);
                self.err(
                    l,
                    format!(
                        "expected_tier `{}` is not a tier",
                        c.expected_tier.get_ref()
                    ),
                );
                return None;
            }
        };
        let expected_fine = match c.expected_fine {
            Some(b) => self.band(line, b, "expected_fine"),
            None => None,
        };
        Some(TypicalCase {
            id: c.id,
            title: c.title,
            benchmark: c.benchmark,
            narrative: c.narrative,
            facts,
            amount: c.amount,
            gain: c.gain,
            occurred,
            discovered,
            decided,
            party,
            chosen,
            expected_tier: tier,
            expected_grounds: c.expected_grounds,
            expected_fine,
            explanation: c.explanation,
            origin: self.origin(line),
        })
    }

    /// One exemption list (免罚清单) the department's items follow.
    fn list(
        &mut self,
        sl: &Spanned<RawList>,
        prefix: &str,
        seen: &mut HashMap<String, String>,
    ) -> ExemptionList {
        let ll = self.line(sl);
        let l = sl.get_ref();
        if !l.id.starts_with(prefix) {
            self.err(ll, format!("list id `{}` must start with `{prefix}`", l.id));
        }
        self.unique(seen, &l.id, ll, "list");
        if !["轻微不罚", "首违不罚", "无过错不罚"].contains(&l.list_type.as_str()) {
            self.err(
                ll,
                format!(
                    "list_type `{}`: use 轻微不罚, 首违不罚 or 无过错不罚",
                    l.list_type
                ),
            );
        }
        if l.provenance.trim().is_empty() {
            self.err(ll, format!("list {}: provenance is required", l.id));
        }
        let eff = self.date(&l.effective, "effective");
        let until = l.until.as_ref().and_then(|u| self.date(u, "until"));
        if let (Some(e), Some(u)) = (eff, until) {
            if u < e {
                self.err(ll, format!("list {}: until is before effective", l.id));
            }
        }
        ExemptionList {
            id: l.id.clone(),
            title: l.title.clone(),
            list_type: l.list_type.clone(),
            doc_number: l.doc_number.clone(),
            effective: eff.unwrap_or_default(),
            until,
            provenance: l.provenance.clone(),
        }
    }

    /// A benchmark's regimes in time order: the previous ones (each with `until`) and the
    /// current one, which starts the day after the last previous one ends.
    fn regimes(
        &mut self,
        bl: u32,
        id: &str,
        current_raw: &RawRegime,
        previous: &[Spanned<RawRegime>],
        laws: &HashMap<&str, &Law>,
    ) -> Vec<Regime> {
        let mut regimes = Vec::new();
        for sp in previous {
            let pl = self.line(sp);
            let p = sp.get_ref();
            if p.until.is_none() {
                self.err(
                    pl,
                    format!("benchmark {}: a previous regime needs `until`", id),
                );
            }
            regimes.push(self.regime(pl, p, laws));
        }
        regimes.sort_by_key(|r| r.until);
        let mut current = self.regime(bl, current_raw, laws);
        // The current regime starts the day after the last previous one ends.
        let last_until = regimes.last().and_then(|r: &Regime| r.until);
        if let Some(u) = last_until {
            match current.from {
                None => current.from = u.succ_opt(),
                Some(f) if f <= u => self.err(
                    bl,
                    format!(
                        "benchmark {}: from {f} overlaps the previous regime (until {u})",
                        id
                    ),
                ),
                _ => {}
            }
        }
        for w in regimes.windows(2) {
            if let (Some(u), Some(f)) = (w[0].until, w[1].from) {
                if f <= u {
                    self.err(bl, format!("benchmark {}: previous regimes overlap", id));
                }
            }
        }
        regimes.push(current);
        for (i, r) in regimes.iter().enumerate() {
            if r.first_punishable && i > 0 {
                self.err(
                    bl,
                    format!(
                        "benchmark {}: first_punishable belongs on the earliest regime",
                        id
                    ),
                );
            }
        }
        regimes
    }

    /// One exemption item: on a list this file declares, its number unique in the list, its
    /// conditions over fact codes, its caps in yuan.
    fn exemption(
        &mut self,
        se: &Spanned<RawExemption>,
        prefix: &str,
        lists: &[ExemptionList],
        numbers: &mut HashSet<(String, u32)>,
        seen: &mut HashMap<String, String>,
    ) -> Exemption {
        let el = self.line(se);
        let e = se.get_ref();
        if !e.id.starts_with(prefix) {
            self.err(
                el,
                format!("exemption id `{}` must start with `{prefix}`", e.id),
            );
        }
        self.unique(seen, &e.id, el, "exemption item");
        if !lists.iter().any(|l: &ExemptionList| l.id == e.list) {
            self.err(
                el,
                format!(
                    "exemption {}: list `{}` is not declared in this file",
                    e.id, e.list
                ),
            );
        }
        if !numbers.insert((e.list.clone(), e.number)) {
            self.err(
                el,
                format!(
                    "exemption {}: number {} is used twice in list {}",
                    e.id, e.number, e.list
                ),
            );
        }
        for (what, v) in [("max_amount", e.max_amount), ("max_gain", e.max_gain)] {
            if v.is_some_and(|v| !v.is_finite() || !(0.0..=MAX_YUAN).contains(&v)) {
                self.err(
                    el,
                    format!("exemption {}: {what} is not an amount in yuan", e.id),
                );
            }
        }
        let conditions = self.facts(&e.conditions);
        if conditions.is_empty() {
            self.err(el, format!("exemption {}: at least one condition", e.id));
        }
        if e.provenance.trim().is_empty() {
            self.err(el, format!("exemption {}: provenance is required", e.id));
        }
        Exemption {
            id: e.id.clone(),
            list: e.list.clone(),
            number: e.number,
            conditions,
            conditions_text: e.conditions_text.clone(),
            excluded_if: self.facts(&e.excluded_if),
            max_amount: e.max_amount,
            max_gain: e.max_gain,
            measures: e.measures.clone(),
            follow_up: e.follow_up.clone(),
            provenance: e.provenance.clone(),
            origin: self.origin(el),
        }
    }
}
