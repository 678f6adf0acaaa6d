//! The command line, the binary's own module: argument parsing and output only. Every command is
//! a library call (text becomes a request in `cailiang::request`); with
//! `--json` it prints one JSON document on stdout, otherwise Chinese text for people. Errors go
//! to stderr with a non-zero exit.

use cailiang::decision::cite_text;
use cailiang::engine::{self, yuan_range};
use cailiang::error::{Error, Result};
use cailiang::library::{self, Store};
use cailiang::model::*;
use cailiang::request::{self, RawRequest};
use cailiang::search::Match;
use cailiang::{cases, catalog, rules};
use clap::{Parser, Subcommand};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(name = "cailiang", version, about = "裁量通：行政处罚裁量（离线）", long_about = None)]
pub struct Cli {
    /// Use this library file (built by `rules build`) instead of the built-in one.
    #[arg(long, global = true, value_name = "FILE")]
    pub library: Option<PathBuf>,
    /// Use this rules directory instead of the built-in library.
    #[arg(long, global = true, value_name = "DIR", conflicts_with = "library")]
    pub rules: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Find benchmarks by a description in plain Chinese (e.g. 超市商品没贴价签).
    Search {
        query: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Keep only this enforcement domain (市场监管, 生态环境, …).
        #[arg(long)]
        domain: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Discretion guidance for a case: an item id or a description, and the circumstances.
    Decide {
        /// An item id (SCJG-001) or a description that is matched by search.
        item: String,
        /// Circumstances: fact codes or their Chinese names, comma-separated.
        #[arg(long, value_delimiter = ',')]
        facts: Vec<String>,
        /// Amount involved / goods value (yuan).
        #[arg(long)]
        amount: Option<String>,
        /// Illegal gains (yuan).
        #[arg(long)]
        gain: Option<String>,
        /// The party: individual (个人) or organization (单位). Many articles set a range for each.
        #[arg(long)]
        party: Option<String>,
        /// Date of the violation (2022-05-01, 2022/5/1 or 2022年5月1日).
        #[arg(long)]
        occurred: Option<String>,
        /// For a continuing act, the day it ended (第三十六条 counts from it).
        #[arg(long)]
        ended: Option<String>,
        /// Date the violation was discovered (发现/立案; default: the decision date).
        #[arg(long)]
        discovered: Option<String>,
        /// Date of the decision (default: today; the result says so).
        #[arg(long)]
        decided: Option<String>,
        /// Apply a discretionary option the result offers (art33_first: 首违不罚).
        #[arg(long = "choose", value_delimiter = ',')]
        chosen: Vec<String>,
        /// For a description: use candidate N (1-based) of those listed when the match is not
        /// confident.
        #[arg(long, value_name = "N")]
        pick: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Review decided cases (CSV in UTF-8 or GBK, or XLSX) against the benchmarks: one finding
    /// per row, statistics by unit and item, dispersion among like cases.
    Audit {
        input: PathBuf,
        /// Write the findings CSV here (UTF-8 with BOM).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Write a self-contained HTML report here.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// Like-case groups smaller than this show no dispersion figures.
        #[arg(long, default_value_t = 5)]
        min_group: usize,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// For XLSX: the sheet to read (default: the first; the output says which was read).
        #[arg(long)]
        sheet: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The Chinese label of every code (tiers, facts, grounds, steps, notes, questions, penalty
    /// kinds, parties), as every front end shows them.
    Labels {
        #[arg(long)]
        json: bool,
    },
    /// Validate, build, summarise or export the rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Typical and synthetic cases.
    Cases {
        #[command(subcommand)]
        command: CasesCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Check a rules directory; prints `file:line: message` for every problem, exit 1 if any.
    Check { dir: Option<PathBuf> },
    /// Counts of the library in use.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Build a SQLite library from a rules directory.
    Build {
        dir: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The whole validated library as JSON.
    Export {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum CasesCommand {
    /// Synthetic decided cases (CSV) for the audit benchmark; deterministic for a seed.
    Gen {
        #[arg(long)]
        n: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// First day the acts may fall on (default 2020-01-01).
        #[arg(long)]
        from: Option<String>,
        /// How many years the acts spread over (default 8: 2020–2027, across every law change).
        #[arg(long, default_value_t = 8)]
        years: u32,
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The expected result of every item for each fact pattern `gen` uses, on one date (CSV);
    /// for the DuckDB comparison.
    Expect {
        #[arg(long, default_value = "2022-07-01")]
        date: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Re-run every typical case against the engine.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// List the typical cases.
    List {
        #[arg(long)]
        json: bool,
    },
}

/// What the binary should do after a command: the text for stdout and the exit code.
pub struct Output {
    pub stdout: String,
    pub code: i32,
}

fn ok(stdout: String) -> Result<Output> {
    Ok(Output { stdout, code: 0 })
}

fn to_json(v: &impl serde::Serialize) -> String {
    // Serialising our own types cannot fail (no maps with non-string keys); keep it total anyway.
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

fn default_rules_dir() -> PathBuf {
    PathBuf::from("rules")
}

fn open_store(cli: &Cli) -> Result<Store> {
    match (&cli.library, &cli.rules) {
        (Some(p), _) => library::open(p),
        (None, Some(d)) => library::open_rules_dir(d),
        (None, None) => library::open_builtin(),
    }
}

fn date(what: &str, s: &Option<String>) -> Result<Option<chrono::NaiveDate>> {
    match s {
        None => Ok(None),
        Some(s) => parse_date(s).map(Some).ok_or_else(|| Error::BadInput {
            what: what.into(),
            reason: format!("`{s}` is not a date (2022-05-01, 2022/5/1 or 2022年5月1日)"),
        }),
    }
}

/// Candidates `decide "<描述>"` considers and lists when the match is not confident.
const DECIDE_CANDIDATES: usize = 5;

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

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Output> {
    match &cli.command {
        Command::Search {
            query,
            limit,
            domain,
            json,
        } => {
            let store = open_store(&cli)?;
            let t = Instant::now();
            let found = store
                .searcher
                .find(&store.lib, query, *limit, domain.as_deref())?;
            let took_us = t.elapsed().as_micros() as u64;
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
        Command::Decide {
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
        } => {
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
            let store = open_store(&cli)?;
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
                                reason: format!(
                                    "{n}: choose one of the candidates 1 to {}",
                                    hits.len()
                                ),
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
                    reason: format!("`{item}` is an item id; --pick chooses among the candidates of a description"),
                });
            }
            let d = engine::decide(lib, bench, &q)?;
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
        Command::Audit {
            input,
            out,
            report,
            min_group,
            threads,
            sheet,
            json,
        } => {
            let store = open_store(&cli)?;
            let mut opts = cailiang::audit::Options {
                findings: out.clone(),
                report: report.clone(),
                min_group: *min_group,
                sheet: sheet.clone(),
                ..Default::default()
            };
            if let Some(t) = threads {
                opts.threads = (*t).max(1);
            }
            use std::io::IsTerminal;
            let show = !*json && std::io::stderr().is_terminal();
            let summary = cailiang::audit::run(&store, input, &opts, &mut |p| {
                if show {
                    eprint!(
                        "\r审查中 {:>5.1}% · {} 行",
                        p.bytes_done as f64 * 100.0 / p.bytes_total.max(1) as f64,
                        p.rows
                    );
                }
                true
            })?;
            if show {
                eprintln!();
            }
            if *json {
                return ok(to_json(&summary));
            }
            let mut s = String::new();
            if let Some(sh) = &summary.input.sheet {
                s.push_str(&format!("读取工作表“{}”", sh.sheet));
                if sh.sheets.len() > 1 {
                    s.push_str(&format!(
                        "（工作簿共{}个工作表：{}；用 --sheet 选择其他工作表）",
                        sh.sheets.len(),
                        sh.sheets.join("、")
                    ));
                }
                s.push('\n');
            }
            s.push_str(&format!(
                "案件 {} 件 · 可复核 {} · 格式错误 {} · 偏离 {}（{:.1}%）· 用时 {} 毫秒\n",
                summary.cases,
                summary.evaluated,
                summary.bad_rows,
                summary.deviations,
                summary.deviation_rate * 100.0,
                summary.took_ms
            ));
            for (k, v) in &summary.findings {
                if *v > 0 {
                    let zh = cailiang::labels::zh(k).unwrap_or(k);
                    s.push_str(&format!("  {zh}（{k}） {v}\n"));
                }
            }
            s.push_str("偏离率最高的执法单位：\n");
            for u in summary.by_unit.iter().take(5) {
                s.push_str(&format!(
                    "  {}  {:.1}%（{}/{}）\n",
                    u.unit,
                    u.deviation_rate * 100.0,
                    u.deviations,
                    u.evaluated
                ));
            }
            if let Some(p) = &summary.findings_csv {
                s.push_str(&format!("逐案结果：{p}\n"));
            }
            if let Some(p) = &summary.report_html {
                s.push_str(&format!("报告：{p}\n"));
            }
            ok(s)
        }
        Command::Labels { json } => {
            let l = cailiang::labels::all();
            if *json {
                return ok(to_json(&l));
            }
            let mut s = String::new();
            for (kind, map) in [
                ("tiers", &l.tiers),
                ("facts", &l.facts),
                ("grounds", &l.grounds),
                ("steps", &l.steps),
                ("notes", &l.notes),
                ("questions", &l.questions),
                ("penalties", &l.penalties),
                ("parties", &l.parties),
            ] {
                for (code, zh) in map {
                    s.push_str(&format!("{kind}\t{code}\t{zh}\n"));
                }
            }
            ok(s)
        }
        Command::Rules { command } => match command {
            RulesCommand::Check { dir } => {
                let dir = dir.clone().unwrap_or_else(default_rules_dir);
                match rules::load_dir(&dir) {
                    Ok(lib) => ok(format!(
                        "{}{}: ok — {} departments, {} benchmarks, {} exemption items, {} laws, {} cases, {} synonyms\n",
                        rules::lint(&lib)
                            .iter()
                            .map(|w| format!("{w}\n"))
                            .collect::<String>(),
                        dir.display(),
                        lib.departments.len(),
                        lib.benchmarks.len(),
                        lib.exemption_count(),
                        lib.laws.len(),
                        lib.cases.len(),
                        lib.synonyms.len()
                    )),
                    Err(Error::InvalidRules(diags)) => {
                        let mut s = String::new();
                        for d in &diags {
                            s.push_str(&format!("{}/{d}\n", dir.display()));
                        }
                        s.push_str(&format!("{} problem(s)\n", diags.len()));
                        Ok(Output { stdout: s, code: 1 })
                    }
                    Err(e) => Err(e),
                }
            }
            RulesCommand::Stats { json } => {
                let store = open_store(&cli)?;
                let v = catalog::stats(&store.lib);
                if *json {
                    return ok(to_json(&v));
                }
                ok(format!(
                    "{}\n版本 {} · 内容哈希 {}\n部门 {} · 裁量基准 {} · 免罚事项 {} · 法律法规 {} · 典型案例 {} · 同义词 {}\n",
                    store.lib.title,
                    store.lib.version,
                    store.lib.short_hash(),
                    v["departments"],
                    v["benchmarks"],
                    v["exemption_items"],
                    v["laws"],
                    v["cases"],
                    v["synonyms"]
                ))
            }
            RulesCommand::Build { dir, out } => {
                let dir = dir.clone().unwrap_or_else(default_rules_dir);
                let lib = rules::load_dir(&dir)?;
                library::build(&lib, out)?;
                ok(format!(
                    "{}: {} benchmarks, {} exemption items, rules {} ({})\n",
                    out.display(),
                    lib.benchmarks.len(),
                    lib.exemption_count(),
                    lib.version,
                    lib.short_hash()
                ))
            }
            RulesCommand::Export { .. } => {
                let store = open_store(&cli)?;
                ok(to_json(&catalog::export(&store.lib)))
            }
        },
        Command::Cases { command } => match command {
            CasesCommand::Gen {
                n,
                seed,
                from,
                years,
                out,
            } => {
                let mut spread = cases::Spread {
                    years: *years,
                    ..cases::Spread::default()
                };
                if let Some(d) = date("--from", from)? {
                    spread.from = d;
                }
                let store = open_store(&cli)?;
                match out {
                    Some(p) => {
                        let f = std::fs::File::create(p).map_err(|e| Error::io(p, e))?;
                        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
                        cases::generate(&store.lib, *n, *seed, spread, &mut w)
                            .map_err(|e| Error::io(p, e))?;
                        w.flush().map_err(|e| Error::io(p, e))?;
                        ok(String::new())
                    }
                    None => {
                        let stdout = std::io::stdout();
                        let mut w = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
                        cases::generate(&store.lib, *n, *seed, spread, &mut w)
                            .map_err(|e| Error::io("stdout", e))?;
                        w.flush().map_err(|e| Error::io("stdout", e))?;
                        ok(String::new())
                    }
                }
            }
            CasesCommand::Expect { date: day, out } => {
                let store = open_store(&cli)?;
                let day = date("--date", &Some(day.clone()))?.unwrap_or_default();
                let f = std::fs::File::create(out).map_err(|e| Error::io(out, e))?;
                let mut w = std::io::BufWriter::new(f);
                cases::expectations(&store.lib, day, &mut w).map_err(|e| Error::io(out, e))?;
                w.flush().map_err(|e| Error::io(out, e))?;
                ok(String::new())
            }
            CasesCommand::Check { json } => {
                let store = open_store(&cli)?;
                let checks: Vec<_> = store
                    .lib
                    .cases
                    .iter()
                    .map(|c| cases::check(&store.lib, c))
                    .collect();
                let failed = checks.iter().filter(|c| !c.problems.is_empty()).count();
                let code = if failed > 0 { 1 } else { 0 };
                if *json {
                    return Ok(Output {
                        stdout: to_json(
                            &json!({"cases": checks.len(), "failed": failed, "checks": checks}),
                        ),
                        code,
                    });
                }
                let mut s = String::new();
                for c in &checks {
                    if !c.problems.is_empty() {
                        s.push_str(&format!(
                            "{} ({}): {}\n",
                            c.id,
                            c.benchmark,
                            c.problems.join("; ")
                        ));
                    }
                }
                s.push_str(&format!(
                    "{} typical cases, {} reproduced, {} failed\n",
                    checks.len(),
                    checks.len() - failed,
                    failed
                ));
                Ok(Output { stdout: s, code })
            }
            CasesCommand::List { json } => {
                let store = open_store(&cli)?;
                if *json {
                    return ok(to_json(&store.lib.cases));
                }
                let mut s = String::new();
                for c in &store.lib.cases {
                    s.push_str(&format!(
                        "{}  {}  [{}]  预期：{}\n",
                        c.id,
                        c.title,
                        c.benchmark,
                        c.expected_tier.zh()
                    ));
                }
                ok(s)
            }
        },
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
