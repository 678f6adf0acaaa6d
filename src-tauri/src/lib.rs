//! The desktop shell: Tauri commands are thin — parse a typed payload, call the `cailiang`
//! library, return a typed result or an error message. The library is opened once at start-up
//! and lives in `tauri::State`.

use cailiang::engine::{self, Decision, Query};
use cailiang::library::{self, Store};
use cailiang::model::{parse_date, Fact};
use cailiang::search::Hit;
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct DecideRequest {
    pub item: String,
    #[serde(default)]
    pub facts: Vec<String>,
    pub amount: Option<String>,
    pub gain: Option<String>,
    pub occurred: Option<String>,
    pub decided: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LibraryInfo {
    pub title: String,
    pub version: String,
    pub hash: String,
    pub stats: serde_json::Value,
    pub facts: Vec<(String, String)>,
}

#[tauri::command]
fn search(
    query: String,
    limit: Option<usize>,
    domain: Option<String>,
    store: tauri::State<'_, Store>,
) -> Result<Vec<Hit>, String> {
    store
        .searcher
        .search(
            &store.lib,
            &query,
            limit.unwrap_or(20).min(100),
            domain.as_deref().filter(|d| !d.is_empty()),
        )
        .map_err(|e| e.to_string())
}

fn optional<T>(
    s: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Option<T>, String> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => parse(v)
            .map(Some)
            .ok_or_else(|| format!("{what}：无法识别“{v}”")),
    }
}

#[tauri::command]
fn decide(req: DecideRequest, store: tauri::State<'_, Store>) -> Result<Decision, String> {
    let lib = &store.lib;
    let item = lib
        .benchmark(&req.item)
        .ok_or_else(|| format!("没有编号为 {} 的事项", req.item))?;
    let facts = cailiang::cli::parse_facts(&req.facts).map_err(|e| e.to_string())?;
    let q = Query {
        facts: facts.into_iter().collect(),
        amount: optional(&req.amount, cailiang::cli::parse_yuan, "金额")?,
        gain: optional(&req.gain, cailiang::cli::parse_yuan, "违法所得")?,
        occurred: optional(&req.occurred, parse_date, "违法日期")?,
        decided: optional(&req.decided, parse_date, "决定日期")?,
    };
    if let (Some(o), Some(d)) = (q.occurred, q.decided) {
        if d < o {
            return Err("决定日期早于违法日期".into());
        }
    }
    Ok(engine::decide(lib, item, &q))
}

#[tauri::command]
fn library_info(store: tauri::State<'_, Store>) -> LibraryInfo {
    let lib = &store.lib;
    LibraryInfo {
        title: lib.title.clone(),
        version: lib.version.clone(),
        hash: lib.short_hash().to_string(),
        stats: cailiang::cli::stats(lib),
        facts: Fact::ALL
            .iter()
            .map(|f| (f.code().to_string(), f.zh().to_string()))
            .collect(),
    }
}

/// Starts the app on the built-in library (or `CAILIANG_LIBRARY`, a file built by `rules build`).
pub fn run() {
    let store = match std::env::var_os("CAILIANG_LIBRARY") {
        Some(p) => library::open(std::path::Path::new(&p)),
        None => library::open_builtin(),
    };
    let store = match store {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cailiang-desktop: cannot open the library: {e}");
            std::process::exit(1);
        }
    };
    let result = tauri::Builder::default()
        .manage(store)
        .invoke_handler(tauri::generate_handler![search, decide, library_info])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("cailiang-desktop: {e}");
        std::process::exit(1);
    }
}
