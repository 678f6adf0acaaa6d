//! Where the files the officer takes away go (records CSV, review findings and report, Word
//! drafts, handouts): the place they name in the system's save dialog, or — when
//! `CAILIANG_EXPORT_DIR` is set (a managed desktop, the end-to-end tests) — a new file in that
//! folder. A new file never replaces one already there: two exports in the same second get two
//! names.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// What kind of file is saved: the dialog's filter name and the extension.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub label: &'static str,
    pub ext: &'static str,
}

pub const CSV: Kind = Kind {
    label: "CSV 表格",
    ext: "csv",
};
pub const HTML: Kind = Kind {
    label: "网页报告",
    ext: "html",
};
pub const DOCX: Kind = Kind {
    label: "Word 文档",
    ext: "docx",
};

/// `stem-20261206-103015.ext`, the date and time to the second of the local clock.
pub fn stamped(stem: &str, kind: Kind) -> String {
    format!(
        "{stem}-{}.{}",
        chrono::Local::now().format("%Y%m%d-%H%M%S"),
        kind.ext
    )
}

/// Creates a file named `name` in `dir` that did not exist before, adding -2, -3 … before the
/// extension when the name is taken. Claiming with `create_new` makes this safe between two
/// exports racing in the same second.
pub fn claim_new(dir: &Path, name: &str) -> std::io::Result<(PathBuf, File)> {
    std::fs::create_dir_all(dir)?;
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    for n in 1..10_000u32 {
        let candidate = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{stem}-{n}{ext}"))
        };
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(f) => return Ok((candidate, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("{} already holds 9,999 files named {name}", dir.display()),
    ))
}

/// The folder `CAILIANG_EXPORT_DIR` names, if set: exports go there without a dialog.
fn fixed_dir() -> Option<PathBuf> {
    std::env::var_os("CAILIANG_EXPORT_DIR").map(PathBuf::from)
}

/// Asks where to save a file (suggesting `name` in Downloads) and returns the path chosen, or
/// None when the officer cancels. With `CAILIANG_EXPORT_DIR` set, a new file there is claimed
/// instead and its path returned (the file exists, empty, and is to be overwritten by the caller).
pub fn destination(
    app: &tauri::AppHandle,
    name: &str,
    kind: Kind,
) -> Result<Option<PathBuf>, String> {
    if let Some(dir) = fixed_dir() {
        let (path, _) = claim_new(&dir, name)
            .map_err(|e| format!("无法在 {} 中新建文件：{e}", dir.display()))?;
        return Ok(Some(path));
    }
    use tauri_plugin_dialog::DialogExt;
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(name)
        .add_filter(kind.label, &[kind.ext]);
    if let Some(d) = dirs::download_dir().or_else(dirs::home_dir) {
        dialog = dialog.set_directory(d);
    }
    Ok(dialog.blocking_save_file().and_then(|f| f.into_path().ok()))
}

/// Writes `bytes` to `path` whole (`cailiang::tempfiles::write_whole`): a failed write never
/// leaves half a file under the name the officer chose.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    cailiang::tempfiles::write_whole(path, bytes)
        .map_err(|e| format!("无法写入 {}：{e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_name_taken_gets_the_next_number_and_nothing_is_overwritten() {
        let dir = std::env::temp_dir().join(format!("cailiang-export-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (a, mut fa) = claim_new(&dir, "记录-20261206-103015.csv").unwrap();
        fa.write_all(b"first").unwrap();
        let (b, _) = claim_new(&dir, "记录-20261206-103015.csv").unwrap();
        let (c, _) = claim_new(&dir, "记录-20261206-103015.csv").unwrap();
        assert_eq!(a.file_name().unwrap(), "记录-20261206-103015.csv");
        assert_eq!(b.file_name().unwrap(), "记录-20261206-103015-2.csv");
        assert_eq!(c.file_name().unwrap(), "记录-20261206-103015-3.csv");
        assert_eq!(std::fs::read(&a).unwrap(), b"first");
        let (d, _) = claim_new(&dir, "noext").unwrap();
        let (e, _) = claim_new(&dir, "noext").unwrap();
        assert_eq!(
            (d.file_name().unwrap(), e.file_name().unwrap()),
            ("noext".as_ref(), "noext-2".as_ref())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
