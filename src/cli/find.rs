//! `search` and `decide`: a description or an id to an item, and a case to its guidance.

use super::*;

/// Says on stderr when the wording left hit 1 unsettled and meaning could not be asked (no
/// model, or a library whose texts lack vectors): the answer then rests on words alone.
fn note_words_only(store: &Store, m: Match) {
    if m == Match::Confident {
        return;
    }
    if let Some(why) = store.searcher.meaning_unavailable(&store.lib) {
        eprintln!("注意：未能按意思查找，以下结果仅按字词：{why}");
    }
}

pub fn search(cli: &Cli, a: &SearchArgs) -> Result<Output> {
    let SearchArgs {
        query,
        limit,
        domain,
        json,
    } = a;
    let store = open_store(cli)?;
    let t = Instant::now();
    let found = store
        .searcher
        .find(&store.lib, query, *limit, domain.as_deref())?;
    let took_us = t.elapsed().as_micros() as u64;
    note_words_only(&store, found.match_);
    let hits = found.hits;
    if *json {
        return ok(to_json(&json!({
            "query": query,
            "took_us": took_us,
            "match": found.match_,
            "hits": hits
        })));
    }
    let mut s = String::new();
    if hits.is_empty() {
        s.push_str(&format!(
            "没有找到与“{query}”相符的事项，请换个说法或输入事项编号。\n"
        ));
    } else {
        match found.match_ {
            Match::Confident => {}
            Match::Uncertain => s.push_str(
                "以下事项可能相关，但未能确切对应所述行为；请核实，必要时请教法制机构。\n",
            ),
            Match::None => s.push_str(
                "未找到确切对应的事项。以下是最接近的事项，仅供参考；请换个说法，或请教法制机构。\n",
            ),
        }
    }
    for (i, h) in hits.iter().enumerate() {
        s.push_str(&format!(
            "{:>2}. {}  {}\n    {} · {}{}{}\n",
            i + 1,
            h.id,
            h.violation,
            h.department_name,
            h.domain,
            if h.exempt_item.is_some() {
                " · 免罚清单事项"
            } else {
                ""
            },
            if h.matched_synonyms.is_empty() {
                String::new()
            } else {
                format!(" · 同义词：{}", h.matched_synonyms.join("、"))
            }
        ));
        if !h.basis.is_empty() {
            s.push_str(&format!("    依据：{}\n", h.basis.join("；")));
        }
    }
    ok(s)
}

pub fn decide(cli: &Cli, a: &DecideArgs) -> Result<Output> {
    let DecideArgs {
        item,
        facts,
        amount: am,
        gain,
        party,
        occurred,
        ended,
        discovered,
        decided,
        chosen,
        pick,
        json,
        ..
    } = a;
    let q = request::query(&RawRequest {
        facts: facts.clone(),
        amount: am.clone(),
        gain: gain.clone(),
        party: party.clone(),
        occurred: occurred.clone(),
        ended: ended.clone(),
        discovered: discovered.clone(),
        decided: decided.clone(),
        chosen: chosen.clone(),
    })?;
    let store = open_store(cli)?;
    let lib = &store.lib;
    let (bench, matched) = match lib.benchmark(item) {
        Some(b) => (b, None),
        None if looks_like_id(item) => {
            return Err(Error::UnknownItem {
                id: item.clone(),
                examples: lib
                    .benchmarks
                    .iter()
                    .take(3)
                    .map(|b| b.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
        None => {
            let found = store.searcher.find(lib, item, DECIDE_CANDIDATES, None)?;
            note_words_only(&store, found.match_);
            let hits = found.hits;
            if hits.is_empty() {
                return Err(Error::NoMatch {
                    query: item.clone(),
                });
            }
            let chosen = match pick {
                Some(n) if (1..=hits.len()).contains(n) => n - 1,
                Some(n) => {
                    return Err(Error::BadInput {
                        what: "--pick".into(),
                        reason: format!("{n}: choose one of the candidates 1 to {}", hits.len()),
                    })
                }
                // An act the library may not hold is never decided on a guess: the
                // officer sees the candidates and picks one, or rephrases.
                None if found.match_ != Match::Confident => {
                    return Ok(not_confident(item, found.match_, &hits, *json));
                }
                None => 0,
            };
            let b = lib
                .benchmark(&hits[chosen].id)
                .ok_or_else(|| Error::NoMatch {
                    query: item.clone(),
                })?;
            (b, Some((hits, found.match_, chosen)))
        }
    };
    if pick.is_some() && matched.is_none() {
        return Err(Error::BadInput {
            what: "--pick".into(),
            reason: format!(
                "`{item}` is an item id; --pick chooses among the candidates of a description"
            ),
        });
    }
    let d = engine::decide(lib, bench, &q)?;
    if let Some(path) = &a.docx {
        let fields = cailiang::document::Fields {
            case_no: a.case_no.clone(),
            party_name: a.party_name.clone(),
            party_id: a.party_id.clone(),
            party_address: a.party_address.clone(),
            fine: match &a.fine {
                None => None,
                Some(s) => Some(
                    cailiang::model::parse_yuan(s).ok_or_else(|| Error::BadInput {
                        what: "--fine".into(),
                        reason: format!("`{s}` is not an amount in yuan"),
                    })?,
                ),
            },
        };
        let kind = cailiang::document::write_docx(lib, bench, &d, &fields, path)?;
        if !*json {
            eprintln!("已写入{}：{}", kind.title(), path.display());
        }
    }
    if *json {
        let mut v = serde_json::to_value(&d).unwrap_or_default();
        if let (Some((hits, m, chosen)), Some(obj)) = (&matched, v.as_object_mut()) {
            obj.insert(
                "matched".into(),
                json!({
                    "query": item,
                    "match": m,
                    "picked": pick,
                    "score": hits[*chosen].score,
                    "alternatives": hits
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i != chosen)
                        .map(|(_, h)| json!({"id": h.id, "violation": h.violation, "score": h.score}))
                        .collect::<Vec<_>>()
                }),
            );
        }
        return ok(to_json(&v));
    }
    let mut s = String::new();
    if let Some((hits, _, chosen)) = &matched {
        s.push_str(&format!(
            "{}：{}（其他候选：{}）\n",
            if pick.is_some() {
                "按描述选定候选"
            } else {
                "按描述匹配到"
            },
            hits[*chosen].id,
            hits.iter()
                .enumerate()
                .filter(|(i, _)| i != chosen)
                .map(|(_, h)| format!("{} {}", h.id, h.violation))
                .collect::<Vec<_>>()
                .join("；")
        ));
    }
    s.push_str(&human_decision(lib, &d));
    ok(s)
}

/// `decide "<描述>"` whose match is not confident: exit 3 with the candidates (JSON on stdout,
/// text on stderr, since nothing was decided), so that a script or an officer must pick one.
fn not_confident(query: &str, m: Match, hits: &[cailiang::search::Hit], json: bool) -> Output {
    if json {
        let candidates: Vec<_> = hits
            .iter()
            .enumerate()
            .map(|(i, h)| {
                json!({
                    "pick": i + 1,
                    "id": h.id,
                    "violation": h.violation,
                    "department": h.department,
                    "domain": h.domain,
                    "score": h.score
                })
            })
            .collect();
        return Output {
            stdout: to_json(&json!({"query": query, "match": m, "candidates": candidates})),
            code: 3,
        };
    }
    let mut s = match m {
        Match::None => format!("未找到确切对应的事项：“{query}”。最接近的事项（仅供参考）：\n"),
        _ => format!("“{query}”未能确切对应某一事项，以下事项可能相关：\n"),
    };
    for (i, h) in hits.iter().enumerate() {
        s.push_str(&format!(
            "{:>2}. {}  {}（{}）\n",
            i + 1,
            h.id,
            h.violation,
            h.department_name
        ));
    }
    s.push_str("请核实后用 --pick N 选定其一，或换个说法、输入事项编号；拿不准时请教法制机构。\n");
    eprint!("{s}");
    Output {
        stdout: String::new(),
        code: 3,
    }
}

fn looks_like_id(s: &str) -> bool {
    let s = s.trim();
    s.contains('-') && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn human_decision(lib: &Library, d: &engine::Decision) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "事项：{} {}（{}）\n",
        d.item.id, d.item.violation, d.item.department_name
    ));
    s.push_str(&format!("结论：{}", d.tier_zh));
    if !d.grounds.is_empty() {
        let g: Vec<&str> = d.grounds.iter().map(|g| g.zh()).collect();
        s.push_str(&format!("（{}）", g.join("、")));
    }
    s.push('\n');
    if d.transfer {
        s.push_str("！涉嫌犯罪：应当移送司法机关（行刑衔接）\n");
    }
    for p in &d.penalties {
        let band = p
            .fine
            .map(|b| format!("：{}", yuan_range(b)))
            .unwrap_or_default();
        let cond = p
            .condition
            .as_ref()
            .map(|c| format!("（{c}）"))
            .unwrap_or_default();
        s.push_str(&format!("处罚：{}{band}{cond}\n", p.zh));
    }
    for p in &d.by_party {
        s.push_str(&format!(
            "  当事人为{}：{}\n",
            p.party_zh,
            p.fine.map(yuan_range).unwrap_or_else(|| p.tier.zh().into())
        ));
    }
    if let Some(l) = d.legal_range {
        s.push_str(&format!("法定罚款幅度：{}\n", yuan_range(l)));
    }
    if !d.measures.is_empty() {
        s.push_str(&format!("措施：{}\n", d.measures.join("、")));
    }
    if !d.follow_up.is_empty() {
        s.push_str(&format!("配套监管：{}\n", d.follow_up.join("、")));
    }
    s.push_str("依据：\n");
    for c in &d.citations {
        s.push_str(&format!("  {}  {}\n", cite_text(c), c.gist));
    }
    s.push_str("理由：\n");
    for (i, r) in d.reasons.iter().enumerate() {
        s.push_str(&format!("  {}. {}\n", i + 1, r.text));
    }
    for e in &d.evaluations {
        s.push_str(&format!(
            "  [{}] {}{}\n",
            if e.when == engine::When::Act {
                "行为时规定"
            } else {
                "决定时规定"
            },
            e.tier.zh(),
            e.fine
                .map(|b| format!("，罚款{}", yuan_range(b)))
                .unwrap_or_default()
        ));
    }
    for n in &d.notes {
        s.push_str(&format!("提示：{}\n", n.text));
    }
    for q in &d.questions {
        s.push_str(&format!("待确认：{}（{}）\n", q.zh, q.why));
    }
    for o in &d.options {
        s.push_str(&format!(
            "可选：{}（以 --choose {} 适用）\n",
            o.text,
            o.ground.code()
        ));
    }
    s.push_str(&format!("说理：{}\n", d.reasoning));
    s.push_str(&format!(
        "回执：规则 {} · 库 {} · 引擎 {}\n",
        d.rules_version,
        &lib.content_hash[..lib.content_hash.len().min(12)],
        d.receipt.engine_version
    ));
    s
}
