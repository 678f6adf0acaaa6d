//! `labels`, `rules` and `cases`: the library itself, its checks, and typical and synthetic cases.

use super::*;

pub fn labels(json: bool) -> Result<Output> {
    let l = cailiang::labels::all();
    if json {
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

pub fn rules(cli: &Cli, command: &RulesCommand) -> Result<Output> {
    match command {
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
        RulesCommand::Vectors => {
            let store = open_store(cli)?;
            let progress = |done: usize, total: usize| {
                if done.is_multiple_of(200) || done == total {
                    eprintln!("语义向量：{done}/{total}");
                }
            };
            let n = cailiang::search::semantic::complete(&store.lib, &progress)?;
            let place = cailiang::search::semantic::cache_path()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            if n == 0 {
                ok("本库的事项名称和别名都已有语义向量。\n".to_string())
            } else {
                ok(format!(
                    "已计算 {n} 条事项名称和别名的语义向量，存于 {place}\n"
                ))
            }
        }
        RulesCommand::Stats { json } => {
            let store = open_store(cli)?;
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
        RulesCommand::Import {
            file,
            department,
            list,
            doc_number,
            list_type,
            effective,
            columns,
            sheet,
            out,
            json,
        } => {
            if cli.library.is_some() {
                return Err(Error::BadInput {
                    what: "--library".into(),
                    reason: "an import writes rules files: start from --rules DIR or the built-in library".into(),
                });
            }
            let opts = cailiang::import::Options {
                file: file.clone(),
                department: department.clone(),
                list: list.clone(),
                doc_number: doc_number.clone(),
                list_type: list_type.clone(),
                effective: date("--effective", effective)?,
                columns: match columns {
                    Some(c) => cailiang::import::columns::parse_overrides(c)?,
                    None => Vec::new(),
                },
                sheet: sheet.clone(),
                out: out.clone(),
            };
            let store = open_store(cli)?;
            let base = cailiang::import::base_files(cli.rules.as_deref())?;
            let r = cailiang::import::run(&store, &base, &opts)?;
            if *json {
                return ok(to_json(&r));
            }
            let mut s = format!(
                "已导入 {} / {} 行，清单 {}，写入 {}{}\n",
                r.imported.len(),
                r.rows,
                r.list_id,
                r.out,
                r.sheet
                    .as_deref()
                    .map(|x| format!("（读取“{x}”）"))
                    .unwrap_or_default()
            );
            for i in &r.imported {
                s.push_str(&format!(
                    "  第{}行 → 第{}项 {} {}\n",
                    i.row, i.number, i.exemption, i.benchmark
                ));
            }
            for u in &r.unmapped {
                s.push_str(&format!(
                    "  未导入 第{}行{}：{}\n",
                    u.row,
                    u.column
                        .as_deref()
                        .map(|c| format!("（{c}）"))
                        .unwrap_or_default(),
                    u.reason
                ));
            }
            ok(s)
        }
        RulesCommand::Pack {
            dir,
            key,
            out,
            replaces,
            json,
        } => packs::make(cli, dir, key, out, replaces.as_deref(), *json),
        RulesCommand::Export {
            xlsx: Some(path), ..
        } => {
            let store = open_store(cli)?;
            let n = cailiang::import::export::write_xlsx(&store.lib, path)?;
            ok(format!("已导出 {n} 个免罚事项到 {}\n", path.display()))
        }
        RulesCommand::Export { xlsx: None, .. } => {
            let store = open_store(cli)?;
            ok(to_json(&catalog::export(&store.lib)))
        }
    }
}

pub fn cases(cli: &Cli, command: &CasesCommand) -> Result<Output> {
    match command {
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
            let store = open_store(cli)?;
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
            let store = open_store(cli)?;
            let day = parse_date(day).ok_or_else(|| Error::BadInput {
                what: "--date".into(),
                reason: format!("`{day}` is not a date (2022-05-01, 2022/5/1 or 2022年5月1日)"),
            })?;
            let f = std::fs::File::create(out).map_err(|e| Error::io(out, e))?;
            let mut w = std::io::BufWriter::new(f);
            cases::expectations(&store.lib, day, &mut w).map_err(|e| Error::io(out, e))?;
            w.flush().map_err(|e| Error::io(out, e))?;
            ok(String::new())
        }
        CasesCommand::Check { json } => {
            let store = open_store(cli)?;
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
            let store = open_store(cli)?;
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
    }
}
