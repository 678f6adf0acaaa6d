//! Running the `cailiang` binary in a temporary directory of its own, for the integration tests
//! of import, packs and documents. Each test binary uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary directory, removed when dropped.
pub struct Tmp(pub PathBuf);

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh directory `cailiang-<prefix>-<name>-<pid>`; tests running at once each name their own.
pub fn tmp(prefix: &str, name: &str) -> Tmp {
    let d = std::env::temp_dir().join(format!("cailiang-{prefix}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    Tmp(d)
}

/// Runs `cailiang` in `dir`, with its library cache there too.
pub fn cailiang(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cailiang"))
        .args(args)
        .current_dir(dir)
        .env("CAILIANG_CACHE_DIR", dir.join("cache"))
        .output()
        .expect("run cailiang")
}

/// Copies a directory tree (a rules directory to edit in a test).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}
