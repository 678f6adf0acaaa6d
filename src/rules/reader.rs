//! The validating reader's basic tools: places, dates, facts, the policy, the laws, citations and
//! fine forms. Every problem becomes a diagnostic at its `file:line`.

use super::*;

impl Cx {
    /// Makes `text` the current file's text.
    pub(super) fn set_text(&mut self, text: String) {
        self.newlines = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        self.text = text;
    }

    pub(super) fn line_of(&self, offset: usize) -> u32 {
        self.newlines.partition_point(|&p| p < offset) as u32 + 1
    }

    pub(super) fn line<T>(&self, s: &Spanned<T>) -> u32 {
        self.line_of(s.span().start)
    }

    pub(super) fn err(&mut self, line: u32, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            file: self.file.clone(),
            line,
            message: message.into(),
        });
    }

    pub(super) fn origin(&self, line: u32) -> Origin {
        Origin {
            file: format!("rules/{}", self.file),
            line,
        }
    }

    pub(super) fn parse<T: for<'de> Deserialize<'de>>(&mut self) -> Option<T> {
        match toml::from_str::<T>(&self.text) {
            Ok(v) => Some(v),
            Err(e) => {
                let line = e.span().map(|s| self.line_of(s.start)).unwrap_or(1);
                let msg = e.message().trim().to_string();
                self.err(line, msg);
                None
            }
        }
    }

    pub(super) fn date(&mut self, s: &Spanned<String>, what: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(s.get_ref().trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                let l = self.line(s);
                self.err(
                    l,
                    format!("{what}: `{}` is not a date (YYYY-MM-DD)", s.get_ref()),
                );
                None
            }
        }
    }

    pub(super) fn facts(&mut self, list: &[Spanned<String>]) -> Vec<Fact> {
        let mut out = Vec::new();
        for f in list {
            match Fact::ALL.iter().find(|x| x.code() == f.get_ref().trim()) {
                Some(x) => {
                    if !out.contains(x) {
                        out.push(*x)
                    }
                }
                None => {
                    let l = self.line(f);
                    self.err(
                        l,
                        format!(
                            "unknown fact code `{}`; known: {}",
                            f.get_ref(),
                            fact_codes()
                        ),
                    );
                }
            }
        }
        out
    }

    pub(super) fn policy(&mut self, p: RawPolicy) -> Option<Policy> {
        let n0 = self.diags.len();
        let band = |cx: &mut Cx, name: &str, b: [f64; 2]| {
            if !(0.0..=1.0).contains(&b[0]) || !(0.0..=1.0).contains(&b[1]) || b[0] > b[1] {
                cx.err(
                    1,
                    format!("bands.{name}: fractions must satisfy 0 <= from <= to <= 1"),
                );
            }
            (b[0], b[1])
        };
        let light = band(self, "light", p.bands.light);
        let standard = band(self, "standard", p.bands.standard);
        let heavy = band(self, "heavy", p.bands.heavy);
        let mitigated = band(self, "mitigated", p.bands.mitigated);
        if light.1 > standard.0 + 1e-9 || standard.1 > heavy.0 + 1e-9 {
            self.err(
                1,
                "bands overlap: light, standard and heavy must follow one another",
            );
        }
        let on_conflict = match p.on_conflict.get_ref().as_str() {
            "offset" => Conflict::Offset,
            "aggravating_wins" => Conflict::AggravatingWins,
            "mitigating_wins" => Conflict::MitigatingWins,
            other => {
                let l = self.line(&p.on_conflict);
                self.err(
                    l,
                    format!(
                        "on_conflict `{other}`: use offset, aggravating_wins or mitigating_wins"
                    ),
                );
                Conflict::Offset
            }
        };
        let policy = Policy {
            light,
            standard,
            heavy,
            mitigated,
            aggravating: self.facts(&p.facts.aggravating),
            statutory_mitigating: self.facts(&p.facts.statutory_mitigating),
            ordinary_mitigating: self.facts(&p.facts.ordinary_mitigating),
            forcing_heavy: self.facts(&p.facts.forcing_heavy),
            mitigated_min_facts: p.mitigated_min_facts.max(1),
            on_conflict,
            limit_years: p.limitation.years,
            limit_years_health: p.limitation.years_health,
            simple_procedure_person_yuan: p.simple_procedure.person_yuan,
            simple_procedure_org_yuan: p.simple_procedure.org_yuan,
        };
        (self.diags.len() == n0).then_some(policy)
    }

    /// Reads the laws, one file per law (`laws/<id>.toml`) with all its versions; a law declared
    /// twice is an error.
    pub(super) fn read_laws(&mut self, raw: Vec<(String, Spanned<RawLaw>, String)>) -> Vec<Law> {
        let mut out: Vec<Law> = Vec::new();
        for (path, sl, text) in raw {
            self.file = path;
            self.set_text(text);
            let line = self.line(&sl);
            let l = sl.into_inner();
            if l.id.trim().is_empty() || l.name.trim().is_empty() {
                self.err(line, "a law needs `id` and `name`");
                continue;
            }
            let stem = Path::new(&self.file).file_stem().and_then(|s| s.to_str());
            if stem != Some(l.id.as_str()) {
                self.err(
                    line,
                    format!("law {}: its file should be laws/{}.toml", l.id, l.id),
                );
            }
            if l.name.contains('《') {
                self.err(
                    line,
                    format!("law name `{}`: write it without 《》", l.name),
                );
            }
            let mut versions = Vec::new();
            for sv in &l.versions {
                let vl = self.line(sv);
                let v = sv.get_ref();
                let eff = self.date(&v.effective, "effective");
                let until = v.until.as_ref().and_then(|u| self.date(u, "until"));
                if let (Some(e), Some(u)) = (eff, until) {
                    if u < e {
                        self.err(
                            vl,
                            format!("version {}: until {u} is before effective {e}", v.label),
                        );
                    }
                }
                let mut articles: Vec<Article> = Vec::new();
                for sa in &v.articles {
                    let a = sa.get_ref();
                    let al = self.line(sa);
                    if !a.no.starts_with('第') || !a.no.ends_with('条') {
                        self.err(
                            al,
                            format!(
                                "article `{}`: write it as 第N条 (款/项 belong in citations)",
                                a.no
                            ),
                        );
                    }
                    if a.gist.trim().is_empty() {
                        self.err(al, format!("article {}: the gist is empty", a.no));
                    }
                    if articles.iter().any(|x| x.no == a.no) {
                        self.err(
                            al,
                            format!("article {} listed twice in version {}", a.no, v.label),
                        );
                        continue;
                    }
                    articles.push(Article {
                        no: a.no.clone(),
                        gist: a.gist.trim().to_string(),
                    });
                }
                if let Some(e) = eff {
                    versions.push(LawVersion {
                        label: v.label.clone(),
                        effective: e,
                        until,
                        articles,
                    });
                }
            }
            if l.versions.is_empty() {
                self.err(
                    line,
                    format!("law {}: at least one [[laws.versions]] is required", l.id),
                );
            }
            match out.iter_mut().find(|x| x.id == l.id) {
                None => {
                    let mut law = Law {
                        id: l.id.clone(),
                        name: l.name.clone(),
                        kind: l.kind.clone(),
                        issuer: l.issuer.clone(),
                        source: l.source.clone(),
                        versions,
                        origin: self.origin(line),
                    };
                    law.versions.sort_by_key(|v| v.effective);
                    out.push(law);
                }
                Some(existing) => {
                    // One file per law: a second declaration would be a second, silently merged
                    // source of truth for the same statute.
                    let o = existing.origin.to_string();
                    self.err(
                        line,
                        format!(
                            "law {} is also declared at {o}; a law and all its versions live in one file, laws/<id>.toml",
                            l.id
                        ),
                    );
                }
            }
        }
        out
    }

    pub(super) fn citation(
        &mut self,
        sc: &Spanned<RawCitation>,
        laws: &HashMap<&str, &Law>,
        on: Option<NaiveDate>,
    ) -> Option<Citation> {
        let line = self.line(sc);
        self.citation_at(line, sc.get_ref(), laws, on)
    }

    pub(super) fn citation_at(
        &mut self,
        line: u32,
        c: &RawCitation,
        laws: &HashMap<&str, &Law>,
        on: Option<NaiveDate>,
    ) -> Option<Citation> {
        let Some(law) = laws.get(c.law.as_str()) else {
            self.err(
                line,
                format!("citation to `{}`, which is not in rules/laws/", c.law),
            );
            return None;
        };
        if !c.article.starts_with('第') || !c.article.contains('条') {
            self.err(
                line,
                format!(
                    "article `{}`: it must start with the article, e.g. 第四十二条",
                    c.article
                ),
            );
            return None;
        }
        let version = match &c.version {
            Some(label) => law.versions.iter().find(|v| &v.label == label),
            // Without a label: the version in force on the regime's first day, else the newest.
            None => on
                .and_then(|d| {
                    law.versions
                        .iter()
                        .rev()
                        .find(|v| v.effective <= d && v.until.is_none_or(|u| d <= u))
                })
                .or(law.versions.last()),
        };
        let Some(version) = version else {
            let labels: Vec<_> = law.versions.iter().map(|v| v.label.as_str()).collect();
            self.err(
                line,
                format!(
                    "{}: no version `{}` (known: {})",
                    c.law,
                    c.version.clone().unwrap_or_default(),
                    labels.join(", ")
                ),
            );
            return None;
        };
        let art = article_part(&c.article);
        if !version.articles.iter().any(|a| a.no == art) {
            self.err(
                line,
                format!(
                    "citation {}{}: article {} is not listed for version {} in rules/laws/",
                    c.law, c.article, art, version.label
                ),
            );
            return None;
        }
        Some(Citation {
            law: c.law.clone(),
            version: Some(version.label.clone()),
            article: c.article.clone(),
        })
    }

    pub(super) fn band(&mut self, line: u32, b: RawBand, what: &str) -> Option<Band> {
        if !(b.min.is_finite() && b.max.is_finite())
            || b.min < 0.0
            || b.min > b.max
            || b.max > MAX_YUAN
        {
            self.err(
                line,
                format!(
                    "{what}: need 0 <= min <= max <= {MAX_YUAN} yuan (got {} .. {})",
                    b.min, b.max
                ),
            );
            return None;
        }
        Some(Band::new(b.min, b.max))
    }

    /// The fine of a regime or an escalation: `fine` for every party, or `fine_by_party`.
    pub(super) fn fine(
        &mut self,
        line: u32,
        fine: Option<&Spanned<RawFine>>,
        by_party: Option<&Spanned<RawPartyFine>>,
    ) -> Option<Fine> {
        match (fine, by_party) {
            (Some(_), Some(_)) => {
                self.err(
                    line,
                    "give `fine` (every party) or `fine_by_party`, not both",
                );
                None
            }
            (Some(f), None) => {
                let l = self.line(f);
                self.fine_rule(l, f.get_ref()).map(Fine::All)
            }
            (None, Some(p)) => {
                let l = self.line(p);
                let individual = self.fine_rule(l, &p.get_ref().individual);
                let organization = self.fine_rule(l, &p.get_ref().organization);
                Some(Fine::ByParty(PartyFines {
                    individual: individual?,
                    organization: organization?,
                }))
            }
            (None, None) => None,
        }
    }

    pub(super) fn fine_rule(&mut self, line: u32, f: &RawFine) -> Option<FineRule> {
        match f.per.as_deref() {
            None => {
                if f.min_times.is_some() || f.max_times.is_some() || f.fallback.is_some() {
                    self.err(
                        line,
                        "fine: min_times/max_times/fallback need `per` (gain or amount)",
                    );
                    return None;
                }
                match (f.min, f.max) {
                    (Some(min), Some(max)) => self
                        .band(line, RawBand { min, max }, "fine")
                        .map(|band| FineRule::Fixed { band }),
                    _ => {
                        self.err(
                            line,
                            "fine: give both `min` and `max` (五千元以下 is min = 0)",
                        );
                        None
                    }
                }
            }
            Some(per) => {
                let per = match per {
                    "gain" => Basis::Gain,
                    "amount" => Basis::Amount,
                    other => {
                        self.err(line, format!("fine.per `{other}`: use gain or amount"));
                        return None;
                    }
                };
                let (Some(lo), Some(hi)) = (f.min_times, f.max_times) else {
                    self.err(line, "fine: a multiple needs min_times and max_times");
                    return None;
                };
                if !lo.is_finite() || lo < 0.0 || lo > hi || !hi.is_finite() || hi > MAX_TIMES {
                    self.err(
                        line,
                        format!("fine: need 0 <= min_times <= max_times (got {lo} .. {hi})"),
                    );
                    return None;
                }
                if f.min.is_some() || f.max.is_some() {
                    self.err(line, "fine: with `per`, give the fixed range as `fallback`");
                    return None;
                }
                if let Some(below) = f.fallback_below {
                    if !below.is_finite() || !(0.0..=MAX_YUAN).contains(&below) {
                        self.err(
                            line,
                            format!("fine.fallback_below {below}: not an amount in yuan"),
                        );
                        return None;
                    }
                }
                let fallback = match f.fallback {
                    Some(b) => Some(self.band(line, b, "fine.fallback")?),
                    None => None,
                };
                Some(FineRule::Multiple {
                    per,
                    min_times: lo,
                    max_times: hi,
                    fallback,
                    fallback_below: f.fallback_below.unwrap_or(0.0),
                })
            }
        }
    }

    pub(super) fn unique(
        &mut self,
        seen: &mut HashMap<String, String>,
        id: &str,
        line: u32,
        what: &str,
    ) {
        let here = format!("{}:{line}", self.file);
        if let Some(prev) = seen.get(id) {
            let msg = format!("duplicate {what} id `{id}` (first at {prev})");
            self.err(line, msg);
        } else {
            seen.insert(id.to_string(), here);
        }
    }
}
