//! `audit`: a file of decided cases to findings, statistics and a report.

use super::*;

pub fn audit(cli: &Cli, a: &AuditArgs) -> Result<Output> {
    let AuditArgs {
        input,
        out,
        report,
        min_group,
        threads,
        sheet,
        office,
        out_zh,
        json,
    } = a;
    let store = open_store(cli)?;
    let mut opts = cailiang::audit::Options {
        findings: out.clone(),
        report: report.clone(),
        min_group: *min_group,
        sheet: sheet.clone(),
        office: office.clone(),
        ..Default::default()
    };
    if let Some(t) = threads {
        opts.threads = (*t).max(1);
    }
    // The Chinese edition is made from the findings file; without --out, from a file of its own.
    let own_findings = match (out_zh, &opts.findings) {
        (Some(zh), None) => {
            let tmp = zh.with_extension(format!("codes{}.csv", std::process::id()));
            opts.findings = Some(tmp.clone());
            Some(tmp)
        }
        _ => None,
    };
    use std::io::IsTerminal;
    let show = !*json && std::io::stderr().is_terminal();
    let mut summary = cailiang::audit::run(&store, input, &opts, &mut |p| {
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
    if let (Some(zh), Some(src)) = (out_zh, &opts.findings) {
        let written = write_zh(src, zh);
        if let Some(tmp) = &own_findings {
            let _ = std::fs::remove_file(tmp);
            summary.findings_csv = None;
        }
        written?;
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

/// The reviewers' edition of a findings file, written beside its place and renamed into it.
fn write_zh(src: &std::path::Path, dst: &std::path::Path) -> Result<()> {
    let tmp = dst.with_extension(format!("tmp{}", std::process::id()));
    let result = (|| {
        let mut input = std::fs::File::open(src).map_err(|e| Error::io(src, e))?;
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?);
        cailiang::audit::zh::findings_zh(&mut input, &mut out)?;
        out.into_inner()
            .map_err(|e| Error::io(&tmp, e.into_error()))?
            .sync_all()
            .map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, dst).map_err(|e| Error::io(dst, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
