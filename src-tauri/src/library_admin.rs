//! 库管理: the library in use, the office's signed packs and the keys trusted to sign them
//! (`cailiang::shelf`). Thin commands: read the shelf, switch the library, say why not.

use crate::Current;
use cailiang::library::Store;
use cailiang::pack::ListInfo;
use cailiang::paths::PathGate;
use cailiang::shelf::{Inspection, Shelf, ShelfPack, TrustedKey};
use serde::Serialize;

/// What 库管理 shows.
#[derive(Debug, Serialize)]
pub struct ShelfView {
    pub title: String,
    pub version: String,
    pub pack: Option<cailiang::model::PackSource>,
    pub lists: Vec<ListInfo>,
    pub stats: serde_json::Value,
    /// The library was named by CAILIANG_LIBRARY: it cannot be switched here.
    pub pinned: bool,
    /// Why the pack chosen before could not be opened at start (the built-in one is in use).
    pub warning: Option<String>,
    pub packs: Vec<ShelfPack>,
    pub keys: Vec<TrustedKey>,
    /// A problem reading the shelf itself (a damaged key file), shown, not hidden.
    pub shelf_problem: Option<String>,
}

fn shelf() -> Result<Shelf, String> {
    Shelf::default_place().ok_or_else(|| "找不到用户数据目录，无法保存库的设置".to_string())
}

fn view(current: &Current) -> ShelfView {
    let store = current.get();
    let lib = &store.lib;
    let (packs, keys, problem) = match shelf() {
        Err(e) => (Vec::new(), Vec::new(), Some(e)),
        Ok(s) => {
            let keys = s.trusted();
            let problem = keys
                .as_ref()
                .err()
                .map(|e| format!("受信任的公钥有误：{e}"));
            let keys = keys
                .map(|k| k.into_iter().map(|(t, _)| t).collect())
                .unwrap_or_default();
            let packs = s.packs().unwrap_or_default();
            (packs, keys, problem)
        }
    };
    ShelfView {
        title: lib.title.clone(),
        version: lib.version.clone(),
        pack: lib.pack.clone(),
        lists: cailiang::pack::lists_of(lib),
        stats: cailiang::catalog::stats(lib),
        pinned: current.pinned,
        warning: current.warning.lock().ok().and_then(|w| w.clone()),
        packs,
        keys,
        shelf_problem: problem,
    }
}

#[tauri::command]
pub fn shelf_view(current: tauri::State<'_, Current>) -> ShelfView {
    view(&current)
}

/// The native open dialog for a pack (`pack`) or a public key (`key`); the file chosen may then
/// be read by the commands below. A path, or None when cancelled.
#[tauri::command(async)]
pub fn shelf_choose_file(
    kind: String,
    app: tauri::AppHandle,
    gate: tauri::State<'_, PathGate>,
) -> Result<Option<String>, String> {
    use tauri_plugin_dialog::DialogExt;
    let (label, ext) = match kind.as_str() {
        "pack" => ("签名库包", "clpack"),
        "key" => ("公钥", "pub"),
        other => return Err(format!("未知的文件种类：{other}")),
    };
    let picked = app
        .dialog()
        .file()
        .add_filter(label, &[ext])
        .blocking_pick_file();
    let Some(p) = picked.and_then(|f| f.into_path().ok()) else {
        return Ok(None);
    };
    let c = gate.choose(&p).map_err(|e| e.to_string())?;
    Ok(Some(c.display().to_string()))
}

fn readable(gate: &PathGate, path: &str) -> Result<std::path::PathBuf, String> {
    gate.readable(std::path::Path::new(path))
        .map_err(|e| e.to_string())
}

fn not_pinned(current: &Current) -> Result<(), String> {
    if current.pinned {
        return Err("本机的库由管理员以环境变量 CAILIANG_LIBRARY 指定，不能在此切换".to_string());
    }
    Ok(())
}

/// Verifies a pack and says what switching to it would change; nothing is switched yet.
#[tauri::command(async)]
pub fn shelf_inspect(
    path: String,
    current: tauri::State<'_, Current>,
    gate: tauri::State<'_, PathGate>,
) -> Result<Inspection, String> {
    let p = readable(&gate, &path)?;
    let store = current.get();
    shelf()?
        .inspect(&p, &store.lib)
        .map_err(|e| format!("库包未通过核验：{e}"))
}

fn reopen(current: &Current, shelf: &Shelf) -> Result<(), String> {
    let (store, warning): (Store, Option<String>) =
        shelf.open_in_use().map_err(|e| e.to_string())?;
    if let Some(w) = warning {
        return Err(w);
    }
    current.set(store);
    Ok(())
}

/// Imports a verified pack onto the shelf and switches to it.
#[tauri::command(async)]
pub fn shelf_install(
    path: String,
    current: tauri::State<'_, Current>,
    gate: tauri::State<'_, PathGate>,
) -> Result<ShelfView, String> {
    not_pinned(&current)?;
    let p = readable(&gate, &path)?;
    let s = shelf()?;
    s.install(&p).map_err(|e| format!("库包未通过核验：{e}"))?;
    reopen(&current, &s)?;
    Ok(view(&current))
}

/// Switches to a pack already on the shelf (`file`), or to the built-in library (None).
#[tauri::command(async)]
pub fn shelf_use(
    file: Option<String>,
    current: tauri::State<'_, Current>,
) -> Result<ShelfView, String> {
    not_pinned(&current)?;
    let s = shelf()?;
    match file.as_deref().filter(|f| !f.is_empty()) {
        Some(f) => s.use_pack(f).map_err(|e| format!("无法切换到 {f}：{e}"))?,
        None => s.use_builtin().map_err(|e| e.to_string())?,
    }
    reopen(&current, &s)?;
    Ok(view(&current))
}

/// Adds a public key (the administrator's act): packs signed with it can then be imported.
#[tauri::command(async)]
pub fn shelf_add_key(
    path: String,
    current: tauri::State<'_, Current>,
    gate: tauri::State<'_, PathGate>,
) -> Result<ShelfView, String> {
    let p = readable(&gate, &path)?;
    shelf()?
        .add_key(&p)
        .map_err(|e| format!("无法添加公钥：{e}"))?;
    Ok(view(&current))
}

#[tauri::command(async)]
pub fn shelf_remove_key(
    id: String,
    current: tauri::State<'_, Current>,
) -> Result<ShelfView, String> {
    shelf()?.remove_key(&id).map_err(|e| e.to_string())?;
    Ok(view(&current))
}
