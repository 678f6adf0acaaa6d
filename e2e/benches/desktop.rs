//! Desktop performance in a real window, printed as figures (never asserted):
//! * time to interactive: from asking WebDriver for a session (which launches the app) until the
//!   search box is on screen — an upper bound, since it includes WebKitWebDriver's own start;
//! * first results: from the last keystroke (an `input` event) until the expected first hit is
//!   in the list, measured in the page;
//! * idle memory: proportional resident memory (PSS) of the app and its WebKit processes
//!   together, twice: after a search in a WebDriver session (WebKit's automation adds to both
//!   processes), and for the app started directly, as an officer starts it, once its page is up;
//! * the reviewer's 审查 view on 200,000 cases: from 开始审查 to the findings table, and one
//!   filter over its 20,000 rows, with JavaScriptCore's JIT off (as shipped) and on.
//!
//! Run (release app): cargo build --release -p cailiang-desktop &&
//!   APP_BINARY=$PWD/target/release/cailiang-desktop xvfb-run -a cargo bench -p cailiang-e2e --bench desktop

use cailiang_e2e::*;
use std::time::{Duration, Instant};

const QUERIES: [(&str, &str); 5] = [
    ("超市商品没贴价签", "SCJG-001"),
    ("饭馆油烟直接排出去没装净化器", "STHJ-012"),
    ("禁渔期偷偷下网捕鱼", "NYNC-033"),
    ("网吧门口没挂未成年人禁入牌子", "WHLY-001"),
    ("营运证没带在车上", "JTYS-001"),
];

/// Proportional set size: resident memory with the pages the three processes share (WebKit,
/// GTK and the C library) divided among them, so that the sum is what the app really occupies.
fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn ppid(pid: u32) -> Option<u32> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    s.rsplit(')')
        .next()?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The app's processes: cailiang-desktop and every descendant (WebKit's web and network processes).
fn app_memory() -> (u64, Vec<String>) {
    app_memory_of(|p| comm(p).starts_with("cailiang-deskto"))
}

fn app_memory_of(is_root: impl Fn(u32) -> bool) -> (u64, Vec<String>) {
    let pids: Vec<u32> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    let roots: Vec<u32> = pids.iter().copied().filter(|p| is_root(*p)).collect();
    let mut total = 0;
    let mut names = Vec::new();
    for p in &pids {
        let mut cur = Some(*p);
        while let Some(c) = cur {
            if roots.contains(&c) {
                total += pss_kib(*p);
                let rss = std::fs::read_to_string(format!("/proc/{p}/status"))
                    .unwrap_or_default()
                    .lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                    .unwrap_or(0);
                names.push(format!(
                    "{} PSS {} MiB (RSS {} MiB)",
                    comm(*p),
                    pss_kib(*p) / 1024,
                    rss / 1024
                ));
                break;
            }
            cur = ppid(c).filter(|x| *x > 1);
        }
    }
    (total, names)
}

/// Starts the app as an officer would (no WebDriver), waits until its web process has been up
/// for `settle`, and measures. Data and cache directories are under `dir`: the first start in
/// a new `dir` builds the library cache, as an officer's first start does; later starts open it.
/// Waits (up to 20 s) until no WebKit process, app or MiniBrowser runs on this machine.
fn wait_until_no_webkit() {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        let busy = std::fs::read_dir("/proc")
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .any(|p| {
                let c = comm(p);
                c.starts_with("WebKit") || c.starts_with("cailiang-deskto") || c == "MiniBrowser"
            });
        if !busy {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!("(other WebKit processes still running: the memory figures below are low)");
}

fn direct_launch_memory(dir: &std::path::Path, settle: Duration) -> (u64, Vec<String>) {
    let mut app = std::process::Command::new(app_binary());
    app.env("CAILIANG_DATA_DIR", dir.join("data"))
        .env("CAILIANG_CACHE_DIR", dir.join("cache"));
    launch_memory(app, settle)
}

/// Where Debian's WebKitGTK keeps its own small browser.
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// WebKitGTK's floor on this machine: its MiniBrowser on an empty page, with the WebKit
/// settings the app ships with (src-tauri/src/main.rs), measured like the app.
fn webkit_floor_memory(settle: Duration) -> Option<(u64, Vec<String>)> {
    if !std::path::Path::new(MINIBROWSER).exists() {
        return None;
    }
    let mut browser = std::process::Command::new(MINIBROWSER);
    browser
        .arg("about:blank")
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .env("JSC_useJIT", "0");
    Some(launch_memory(browser, settle))
}

/// Starts `cmd`, waits until it and its two WebKit processes are up, then `settle` more, and
/// measures all three.
fn launch_memory(mut cmd: std::process::Command, settle: Duration) -> (u64, Vec<String>) {
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the program to measure");
    let pid = child.id();
    let start = Instant::now();
    while app_memory_of(|p| p == pid).1.len() < 3 && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(settle);
    let measured = app_memory_of(|p| p == pid);
    let _ = child.kill();
    let _ = child.wait();
    measured
}

/// 审查 on `cases`: milliseconds from 开始审查 until the findings table has rows, and for one
/// filter (事项 "SCJG") over the rows the view holds, measured in the page.
async fn review_timings(driver: &Driver, cases: &std::path::Path) -> (f64, f64) {
    // The app reads a typed path only inside its import folder (the driver's own folder; any
    // other file must be chosen in its dialog), so the cases go there.
    let local = driver.dir.join("cases.csv");
    if std::fs::hard_link(cases, &local).is_err() {
        std::fs::copy(cases, &local).expect("copy the cases into the app's import folder");
    }
    let c = driver.session().await;
    open_review(&c, &local).await;
    let t = Instant::now();
    click(&c, "#audit-start").await;
    let js_rows = r#"
        const done = arguments[0];
        const tick = () => document.querySelector('#audit-findings tbody tr')
            ? done(true) : requestAnimationFrame(tick);
        tick();
    "#;
    c.execute_async(js_rows, vec![])
        .await
        .expect("findings shown");
    let shown = t.elapsed().as_secs_f64() * 1000.0;
    let js_filter = r#"
        const f = document.querySelector('#filter-item');
        const t = performance.now();
        f.value = 'SCJG';
        f.dispatchEvent(new Event('input', { bubbles: true }));
        return performance.now() - t;
    "#;
    let filter = c
        .execute(js_filter, vec![])
        .await
        .expect("filter")
        .as_f64()
        .unwrap_or(f64::NAN);
    c.close().await.unwrap();
    (shown, filter)
}

#[tokio::main]
async fn main() {
    println!("app: {}", app_binary().display());
    // Memory first, each program alone: PSS splits the pages of a shared library among the
    // processes mapping it, so a WebKit process still exiting would lower the figure.
    wait_until_no_webkit();
    if let Some((kib, names)) = webkit_floor_memory(Duration::from_secs(5)) {
        println!(
            "for reference, WebKitGTK's MiniBrowser on about:blank, same WebKit settings: {} MiB ({})",
            kib / 1024,
            names.join(", ")
        );
    }
    wait_until_no_webkit();
    let dir = std::env::temp_dir().join(format!("cailiang-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut direct = Vec::new();
    for i in 0..4 {
        let (kib, names) = direct_launch_memory(&dir, Duration::from_secs(5));
        if i == 1 {
            println!("started directly: {}", names.join(", "));
        }
        direct.push(kib / 1024);
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "idle memory (PSS), started directly, app + WebKit processes, MiB: first start (builds the cache) {}, later starts {:?}",
        direct[0],
        &direct[1..]
    );
    let mut tti = Vec::new();
    let mut first = Vec::new();
    let mut memory = Vec::new();
    for (i, (q, want)) in QUERIES.iter().enumerate() {
        let driver = Driver::start_as_shipped(4600 + 10 * i as u16);
        let t = Instant::now();
        let c = driver.session().await;
        tti.push(t.elapsed());
        let js = r#"
            const [query, want, done] = arguments;
            const q = document.querySelector('#q');
            q.focus();
            q.value = query;
            const t = performance.now();
            q.dispatchEvent(new Event('input', { bubbles: true }));
            const tick = () => {
                const li = document.querySelector('#results li.result');
                if (li && li.dataset.id === want) done(performance.now() - t);
                else requestAnimationFrame(tick);
            };
            tick();
        "#;
        let ms = c
            .execute_async(js, vec![(*q).into(), (*want).into()])
            .await
            .expect("first results")
            .as_f64()
            .unwrap_or(f64::NAN);
        first.push(ms);
        tokio::time::sleep(Duration::from_secs(3)).await;
        let (kib, names) = app_memory();
        memory.push(kib);
        if i == 0 {
            println!("processes: {}", names.join(", "));
        }
        c.close().await.unwrap();
    }
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    println!(
        "time to interactive (session request → search box), ms: {:?}",
        tti.iter().map(|d| ms(d).round()).collect::<Vec<_>>()
    );
    println!(
        "first results after the last keystroke (60 ms pause included), ms: {:?}",
        first.iter().map(|x| x.round()).collect::<Vec<_>>()
    );
    println!(
        "idle memory (PSS) after a search in a WebDriver session, app + WebKit processes, MiB: {:?}",
        memory.iter().map(|k| k / 1024).collect::<Vec<_>>()
    );
    // The reviewer's view, with the JIT as shipped (off) and on.
    let cases =
        std::env::temp_dir().join(format!("cailiang-bench-cases-{}.csv", std::process::id()));
    let cli = app_binary().with_file_name("cailiang");
    let st = std::process::Command::new(&cli)
        .args(["cases", "gen", "--n", "200000", "--seed", "3"])
        .arg("--out")
        .arg(&cases)
        .status()
        .unwrap_or_else(|e| panic!("run {}: {e}", cli.display()));
    assert!(st.success());
    for (label, env) in [("JIT off (shipped)", "0"), ("JIT on", "1")] {
        let mut shown = Vec::new();
        let mut filter = Vec::new();
        for i in 0..3 {
            let driver = Driver::start_with_env(4700 + 10 * i, &[("JSC_useJIT", env)]);
            let (s, f) = review_timings(&driver, &cases).await;
            shown.push(s.round());
            filter.push(f.round());
        }
        println!(
            "审查, 200,000 cases, {label}: 开始审查 → findings shown, ms: {shown:?}; one filter over the rows held, ms: {filter:?}"
        );
    }
    let _ = std::fs::remove_file(&cases);
}
