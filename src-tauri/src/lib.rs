//! The desktop shell: Tauri commands are thin — parse a typed payload, call the `cailiang`
//! library, return a typed result or an error message in Chinese. The library and the officer's
//! records are opened once at start-up and live in `tauri::State`.

use cailiang::catalog::{self, DepartmentRow, ItemDetail};
use cailiang::engine::{self, Decision, ItemSummary};
use cailiang::history::{History, NewRecord, Record, RecordSummary};
use cailiang::library::{self, Store};
use cailiang::model::{Fact, Tier, TypicalCase};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use tauri::Emitter;

mod export;
mod library_admin;
mod meaning;
mod window;

/// The inputs of a decision, as the questionnaire sends them: the item, and the request's
/// fields as typed (read by the core, `cailiang::request`).
#[derive(Debug, Clone, Deserialize)]
pub struct DecideRequest {
    pub item: String,
    #[serde(flatten)]
    pub request: cailiang::request::RawRequest,
}

#[derive(Debug, Deserialize)]
pub struct SaveRequest {
    pub decide: DecideRequest,
    /// The tier the officer decides on, when it differs from the guidance.
    pub officer_tier: Option<String>,
    pub departure_reason: Option<String>,
    pub case_ref: Option<String>,
    pub note: Option<String>,
    /// 执法单位.
    pub unit: Option<String>,
    /// The penalty imposed, in words; empty for the outcome's own.
    pub penalty: Option<String>,
    /// The fine imposed, as typed (2000, 2,000, 2万).
    pub fine: Option<String>,
}

/// A Word draft of the document an outcome calls for, with what the officer filled in.
#[derive(Debug, Deserialize)]
pub struct DocumentRequest {
    pub decide: DecideRequest,
    pub case_no: Option<String>,
    pub party_name: Option<String>,
    pub party_id: Option<String>,
    pub party_address: Option<String>,
    pub fine: Option<String>,
}

/// An amount the officer typed, or a message naming the field.
fn typed_yuan(field: &str, text: &Option<String>) -> Result<Option<f64>, String> {
    match text.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => cailiang::model::parse_yuan(s)
            .map(Some)
            .ok_or_else(|| format!("{field}“{s}”不是以元为单位的金额")),
    }
}

#[derive(Debug, Serialize)]
pub struct LibraryInfo {
    pub title: String,
    pub version: String,
    pub hash: String,
    pub stats: serde_json::Value,
    pub facts: Vec<(String, String)>,
    pub domains: Vec<String>,
    pub library_path: Option<String>,
    pub history_path: Option<String>,
    /// The signed pack the library was opened from, if any.
    pub pack: Option<cailiang::model::PackSource>,
    /// Whether search ranks by meaning yet (关于 asks `meaning_status` again while it prepares).
    pub meaning: meaning::Status,
}

pub struct Records(Mutex<Result<History, String>>);

/// The library in use. 库管理 switches it while the app runs; a command holds its own `Arc`, so
/// a review running on the old library finishes on it.
pub struct Current {
    store: std::sync::RwLock<std::sync::Arc<Store>>,
    /// Named by `CAILIANG_LIBRARY`: an administrator's setting that 库管理 does not override.
    pinned: bool,
    /// Why the library chosen in 库管理 could not be opened (the built-in one is used instead).
    warning: Mutex<Option<String>>,
    /// Ranking by meaning, prepared for each library put in use.
    meaning: std::sync::Arc<meaning::Meaning>,
}

impl Current {
    fn new(store: Store, pinned: bool, warning: Option<String>) -> Current {
        Current {
            store: std::sync::RwLock::new(std::sync::Arc::new(store)),
            pinned,
            warning: Mutex::new(warning),
            meaning: Default::default(),
        }
    }

    pub fn get(&self) -> std::sync::Arc<Store> {
        match self.store.read() {
            Ok(g) => g.clone(),
            // A panic while swapping cannot leave a half-written Arc: the old one is still whole.
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set(&self, store: Store) {
        let new = std::sync::Arc::new(store);
        self.meaning.prepare(new.clone());
        match self.store.write() {
            Ok(mut g) => *g = new,
            Err(poisoned) => *poisoned.into_inner() = new,
        }
        if let Ok(mut w) = self.warning.lock() {
            *w = None;
        }
    }
}

fn with_history<T>(
    records: &Records,
    f: impl FnOnce(&History) -> cailiang::Result<T>,
) -> Result<T, String> {
    let guard = records.0.lock().map_err(|_| "记录库不可用".to_string())?;
    match &*guard {
        Ok(h) => f(h).map_err(|e| e.to_string()),
        Err(e) => Err(format!("记录库无法打开：{e}")),
    }
}

fn run_decision(store: &Store, req: &DecideRequest) -> Result<Decision, String> {
    let lib = &store.lib;
    let item = lib
        .benchmark(&req.item)
        .ok_or_else(|| format!("没有编号为 {} 的事项", req.item))?;
    let q = cailiang::request::query(&req.request).map_err(|e| e.zh())?;
    engine::decide(lib, item, &q).map_err(|e| e.to_string())
}

#[tauri::command]
fn library_info(
    current: tauri::State<'_, Current>,
    records: tauri::State<'_, Records>,
) -> LibraryInfo {
    let store = current.get();
    let lib = &store.lib;
    let mut domains: Vec<String> = lib.departments.iter().map(|d| d.domain.clone()).collect();
    // `dedup` alone keeps a domain twice when its departments are not adjacent.
    domains.sort();
    domains.dedup();
    LibraryInfo {
        title: lib.title.clone(),
        version: lib.version.clone(),
        hash: lib.short_hash().to_string(),
        stats: cailiang::catalog::stats(lib),
        facts: Fact::ALL
            .iter()
            .map(|f| (f.code().to_string(), f.zh().to_string()))
            .collect(),
        domains,
        library_path: store.path.as_ref().map(|p| p.display().to_string()),
        history_path: with_history(&records, |h| Ok(h.path().display().to_string())).ok(),
        pack: lib.pack.clone(),
        meaning: current.meaning.status(),
    }
}

/// Whether search ranks by meaning yet, for 关于 (it asks again while the library prepares).
#[tauri::command]
fn meaning_status(store: tauri::State<'_, Current>) -> meaning::Status {
    store.meaning.status()
}

/// Chinese labels for every code (tiers, grounds, steps, notes, questions, penalties, parties).
#[tauri::command]
fn labels() -> cailiang::labels::Labels {
    cailiang::labels::all()
}

// Off the main thread: the first search may wait for the embedding model to load.
#[tauri::command(async)]
fn search(
    query: String,
    limit: Option<usize>,
    domain: Option<String>,
    store: tauri::State<'_, Current>,
) -> Result<cailiang::search::SearchResult, String> {
    let store = store.get();
    // Hits and whether the first can be trusted (one rule, shared with the CLI and the audit).
    store
        .searcher
        .find(
            &store.lib,
            &query,
            limit.unwrap_or(20).min(100),
            domain.as_deref().filter(|d| !d.is_empty()),
        )
        .map_err(|e| e.to_string())
}

#[tauri::command]
fn item_detail(id: String, store: tauri::State<'_, Current>) -> Result<ItemDetail, String> {
    let store = store.get();
    catalog::detail(&store.lib, &id).ok_or_else(|| format!("没有编号为 {id} 的事项"))
}

#[tauri::command]
fn departments(store: tauri::State<'_, Current>) -> Vec<DepartmentRow> {
    let store = store.get();
    catalog::departments(&store.lib)
}

#[tauri::command]
fn items(
    department: Option<String>,
    domain: Option<String>,
    exempt_only: Option<bool>,
    store: tauri::State<'_, Current>,
) -> Vec<ItemSummary> {
    let store = store.get();
    catalog::items(
        &store.lib,
        department.as_deref(),
        domain.as_deref(),
        exempt_only.unwrap_or(false),
    )
}

#[tauri::command]
fn decide(req: DecideRequest, store: tauri::State<'_, Current>) -> Result<Decision, String> {
    let store = store.get();
    run_decision(&store, &req)
}

#[tauri::command]
fn cases(store: tauri::State<'_, Current>) -> Vec<TypicalCase> {
    let store = store.get();
    store.lib.cases.clone()
}

#[tauri::command]
fn case_decision(id: String, store: tauri::State<'_, Current>) -> Result<Decision, String> {
    let store = store.get();
    let lib = &store.lib;
    let c = lib
        .cases
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| format!("没有编号为 {id} 的案例"))?;
    let item = lib
        .benchmark(&c.benchmark)
        .ok_or_else(|| format!("案例 {id} 的事项不存在"))?;
    engine::decide(lib, item, &cailiang::cases::query_of(c)).map_err(|e| e.to_string())
}

#[tauri::command]
fn history_save(
    req: SaveRequest,
    store: tauri::State<'_, Current>,
    records: tauri::State<'_, Records>,
) -> Result<i64, String> {
    let store = store.get();
    // The decision is made again here from its inputs: the record holds what the engine said,
    // never a result sent by the page.
    let d = run_decision(&store, &req.decide)?;
    let fine_yuan = typed_yuan("罚款金额", &req.fine)?;
    let officer_tier = match req.officer_tier.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(t) => Some(Tier::parse(t).ok_or_else(|| format!("无法识别的裁量结果：{t}"))?),
    };
    with_history(&records, |h| {
        h.save(&NewRecord {
            decision: &d,
            officer_tier,
            departure_reason: req.departure_reason.clone(),
            case_ref: req.case_ref.clone(),
            note: req.note.clone(),
            unit: req.unit.clone(),
            penalty: req.penalty.clone(),
            fine_yuan,
        })
    })
}

#[tauri::command]
fn history_list(
    limit: Option<usize>,
    records: tauri::State<'_, Records>,
) -> Result<Vec<RecordSummary>, String> {
    with_history(&records, |h| h.list(limit.unwrap_or(500)))
}

#[tauri::command]
fn history_get(id: i64, records: tauri::State<'_, Records>) -> Result<Option<Record>, String> {
    with_history(&records, |h| h.get(id))
}

#[tauri::command]
fn history_delete(id: i64, records: tauri::State<'_, Records>) -> Result<bool, String> {
    with_history(&records, |h| h.delete(id))
}

/// Writes every record to a CSV file where the officer chooses (the review's columns first, so
/// an office can review its own records in 审查). The path, or None when cancelled.
#[tauri::command(async)]
fn history_export_csv(
    app: tauri::AppHandle,
    records: tauri::State<'_, Records>,
) -> Result<Option<String>, String> {
    let mut bytes = Vec::new();
    with_history(&records, |h| h.export_csv(&mut bytes))?;
    save_bytes(&app, "裁量通记录", export::CSV, &bytes)
}

/// Asks where (or claims a new file in the export folder) and writes `bytes` there whole.
fn save_bytes(
    app: &tauri::AppHandle,
    stem: &str,
    kind: export::Kind,
    bytes: &[u8],
) -> Result<Option<String>, String> {
    let Some(path) = export::destination(app, &export::stamped(stem, kind), kind)? else {
        return Ok(None);
    };
    export::write_whole(&path, bytes)?;
    Ok(Some(path.display().to_string()))
}

/// Saves a text the page made (a handout, a score sheet, a table) as CSV or HTML where the
/// officer chooses. CSV gets a BOM so that Excel and WPS read it as UTF-8.
#[tauri::command(async)]
fn save_text(
    app: tauri::AppHandle,
    stem: String,
    kind: String,
    text: String,
) -> Result<Option<String>, String> {
    let stem: String = stem
        .chars()
        .filter(|c| {
            !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control()
        })
        .take(60)
        .collect();
    let stem = if stem.trim().is_empty() {
        "裁量通导出".to_string()
    } else {
        stem
    };
    match kind.as_str() {
        "csv" => {
            let body = format!("\u{feff}{}", text.trim_start_matches('\u{feff}'));
            save_bytes(&app, &stem, export::CSV, body.as_bytes())
        }
        "html" => save_bytes(&app, &stem, export::HTML, text.as_bytes()),
        other => Err(format!("不支持保存为 {other}")),
    }
}

/// Writes the Word draft of the document the outcome calls for (不予行政处罚决定书, 行政处罚决定书
/// or 责令改正通知书) where the officer chooses. The decision is made again here from its inputs.
#[tauri::command(async)]
fn document_save(
    app: tauri::AppHandle,
    req: DocumentRequest,
    store: tauri::State<'_, Current>,
) -> Result<Option<String>, String> {
    let store = store.get();
    let d = run_decision(&store, &req.decide)?;
    let fields = cailiang::document::Fields {
        case_no: req.case_no.clone(),
        party_name: req.party_name.clone(),
        party_id: req.party_id.clone(),
        party_address: req.party_address.clone(),
        fine: typed_yuan("罚款金额", &req.fine)?,
    };
    // Checked before the save dialog opens, in the officer's words.
    if let Some(p) = fields
        .fine
        .and_then(|v| cailiang::document::fine_problem(&d, v))
    {
        return Err(p.zh());
    }
    let kind = cailiang::document::Kind::of(&d);
    let item = store
        .lib
        .benchmark(&req.decide.item)
        .ok_or_else(|| format!("没有编号为 {} 的事项", req.decide.item))?;
    let Some(path) = export::destination(
        &app,
        &export::stamped(kind.title(), export::DOCX),
        export::DOCX,
    )?
    else {
        return Ok(None);
    };
    cailiang::document::write_docx(&store.lib, item, &d, &fields, &path)
        .map_err(|e| e.to_string())?;
    Ok(Some(path.display().to_string()))
}

/// The review (审查) in progress, if any, and the last result.
#[derive(Default)]
pub struct Audits {
    cancel: AtomicBool,
    running: AtomicBool,
}

#[derive(Debug, Serialize)]
pub struct AuditView {
    pub summary: cailiang::audit::Summary,
    /// Rows that are not `consistent`, at most `MAX_ROWS_SHOWN`, in input order.
    pub rows: Vec<cailiang::audit::FindingRow>,
    pub rows_truncated: bool,
    pub findings_csv: String,
    pub report_html: String,
}

/// The table shows at most this many deviations; the findings CSV has every row.
const MAX_ROWS_SHOWN: usize = 20_000;

fn audit_dir() -> std::path::PathBuf {
    History::default_path()
        .and_then(|p| p.parent().map(|d| d.to_path_buf()))
        .unwrap_or_else(std::env::temp_dir)
        .join("audits")
        .join(chrono::Local::now().format("%Y%m%d-%H%M%S").to_string())
}

/// Reviews a file of decided cases; emits `audit-progress` events ({bytes_done, bytes_total,
/// rows}) and can be stopped with `audit_cancel`. Runs off the main thread.
/// The native open dialog for a file of decided cases, run here so that the chosen file is
/// recorded as one the page may then review: a path, or None when cancelled.
#[tauri::command(async)]
fn audit_choose_file(
    app: tauri::AppHandle,
    gate: tauri::State<'_, cailiang::paths::PathGate>,
) -> Result<Option<String>, String> {
    use tauri_plugin_dialog::DialogExt;
    let picked = app
        .dialog()
        .file()
        .add_filter("已决案件", &["csv", "xlsx"])
        .blocking_pick_file();
    let Some(p) = picked.and_then(|f| f.into_path().ok()) else {
        return Ok(None);
    };
    let c = gate.choose(&p).map_err(|e| e.to_string())?;
    Ok(Some(c.display().to_string()))
}

/// What the page asks of a review: the file, the smallest like-case group, the sheet of a
/// workbook, and the office named on the report's cover.
#[derive(Debug, Deserialize)]
pub struct AuditStart {
    pub path: String,
    pub min_group: Option<usize>,
    pub sheet: Option<String>,
    pub office: Option<String>,
}

#[tauri::command(async)]
fn audit_run(
    req: AuditStart,
    app: tauri::AppHandle,
    store: tauri::State<'_, Current>,
    audits: tauri::State<'_, Audits>,
    gate: tauri::State<'_, cailiang::paths::PathGate>,
) -> Result<AuditView, String> {
    let store = store.get();
    let AuditStart {
        path,
        min_group,
        sheet,
        office,
    } = req;
    if audits.running.swap(true, Ordering::SeqCst) {
        return Err("已有审查正在进行".into());
    }
    audits.cancel.store(false, Ordering::SeqCst);
    let result = (|| {
        // Only a file the user chose (or one in the administrator's import folder).
        let input = gate
            .readable(std::path::Path::new(path.trim()))
            .map_err(|e| e.to_string())?;
        let dir = audit_dir();
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let findings = dir.join("findings.csv");
        let report = dir.join("report.html");
        let opts = cailiang::audit::Options {
            findings: Some(findings.clone()),
            report: Some(report.clone()),
            min_group: min_group.unwrap_or(5).max(1),
            table_rows: MAX_ROWS_SHOWN,
            // A workbook's sheet the reviewer picked after a first run named them (else the first).
            sheet: sheet.filter(|s| !s.trim().is_empty()),
            office,
            ..Default::default()
        };
        let mut summary = cailiang::audit::run(&store, &input, &opts, &mut |p| {
            let _ = app.emit("audit-progress", p);
            !audits.cancel.load(Ordering::SeqCst)
        })
        .map_err(|e| match e {
            cailiang::Error::Cancelled => "审查已取消".to_string(),
            e => e.to_string(),
        })?;
        gate.wrote(&findings);
        gate.wrote(&report);
        // Typed rows from the core, never a re-read of the CSV.
        let rows = std::mem::take(&mut summary.deviation_rows);
        let rows_truncated = summary.deviation_rows_truncated;
        Ok(AuditView {
            summary,
            rows,
            rows_truncated,
            findings_csv: findings.display().to_string(),
            report_html: report.display().to_string(),
        })
    })();
    audits.running.store(false, Ordering::SeqCst);
    result
}

#[tauri::command]
fn audit_cancel(audits: tauri::State<'_, Audits>) {
    audits.cancel.store(true, Ordering::SeqCst);
}

/// Saves a result file of the last review (findings CSV or HTML report) where the officer
/// chooses: the path, or None when cancelled.
#[tauri::command(async)]
fn audit_export(
    source: String,
    app: tauri::AppHandle,
    gate: tauri::State<'_, cailiang::paths::PathGate>,
) -> Result<Option<String>, String> {
    // Only files this app wrote, checked on the canonical path (no `..`, no symlink out).
    let src = gate
        .exportable(std::path::Path::new(&source))
        .map_err(|e| e.to_string())?;
    let kind = match src.extension().and_then(|e| e.to_str()) {
        Some("html") => export::HTML,
        _ => export::CSV,
    };
    let mut file =
        std::fs::File::open(&src).map_err(|e| format!("无法读取 {}：{e}", src.display()))?;
    let mut bytes = Vec::new();
    if kind.ext == "csv" {
        // The reviewer's edition: Chinese headers and words, the codes kept in the last columns.
        cailiang::audit::zh::findings_zh(&mut file, &mut bytes).map_err(|e| e.to_string())?;
        return save_bytes(&app, "裁量审查结果", kind, &bytes);
    }
    std::io::Read::read_to_end(&mut file, &mut bytes)
        .map_err(|e| format!("无法读取 {}：{e}", src.display()))?;
    save_bytes(&app, "裁量审查报告", kind, &bytes)
}

/// Starts the app on the built-in library, or on `CAILIANG_LIBRARY`: a file built by `rules
/// build`, or a signed pack (`.clpack`) opened with the public keys in `CAILIANG_TRUST`
/// (paths separated as in PATH).
pub fn run() {
    let library = std::env::var_os("CAILIANG_LIBRARY").map(std::path::PathBuf::from);
    let trust: Vec<std::path::PathBuf> = std::env::var_os("CAILIANG_TRUST")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    // The administrator's variable wins; otherwise the library chosen in 库管理 (or built-in).
    let opened = match (&library, cailiang::shelf::Shelf::default_place()) {
        (None, Some(shelf)) => shelf.open_in_use(),
        _ => library::open_configured(library.as_deref(), None, &trust).map(|s| (s, None)),
    };
    let (store, warning) = match opened {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cailiang-desktop: cannot open the library: {e}");
            std::process::exit(1);
        }
    };
    let current = Current::new(store, library.is_some(), warning);
    let history = match History::default_path() {
        Some(p) => History::open(&p).map_err(|e| e.to_string()),
        None => Err("no data directory".to_string()),
    };
    let result = tauri::Builder::default()
        // First: a second start hands over to the running app (its window comes to the front)
        // and exits before opening anything. Without a D-Bus session bus it starts normally.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            window::bring_to_front(app)
        }))
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(window::REMEMBERED)
                .build(),
        )
        .manage(current)
        .manage(Records(Mutex::new(history)))
        .manage(Audits::default())
        .manage(cailiang::paths::PathGate::new(
            std::env::var_os("CAILIANG_IMPORT_DIR")
                .map(std::path::PathBuf::from)
                .as_deref(),
        ))
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // The embedding model is one of the bundle's resources.
            if let Ok(dir) = tauri::Manager::path(app).resource_dir() {
                cailiang::search::e5::set_model_dir(&dir);
            }
            // Segment once and load the embedding model in the background, so that the
            // officer's first search does not wait for the query dictionary or the model.
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                let store = tauri::Manager::state::<Current>(&handle).get();
                let _ = store.searcher.words().words("预热");
            });
            let current = tauri::Manager::state::<Current>(app.handle());
            current.meaning.prepare(current.get());
            window::keep_state(app.handle());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            library_info,
            meaning_status,
            labels,
            search,
            item_detail,
            departments,
            items,
            decide,
            cases,
            case_decision,
            history_save,
            history_list,
            history_get,
            history_delete,
            history_export_csv,
            audit_choose_file,
            audit_run,
            audit_cancel,
            audit_export,
            save_text,
            document_save,
            library_admin::shelf_view,
            library_admin::shelf_choose_file,
            library_admin::shelf_inspect,
            library_admin::shelf_install,
            library_admin::shelf_use,
            library_admin::shelf_add_key,
            library_admin::shelf_remove_key
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("cailiang-desktop: {e}");
        std::process::exit(1);
    }
}
