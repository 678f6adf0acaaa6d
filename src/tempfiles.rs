//! Temporary files: outputs are written as `<name>.tmp<pid>` beside their destination and renamed
//! into place when complete. A process killed in between (kill -9, power loss) leaves its
//! temporary file behind; the next run that writes the same output removes it, but only when the
//! process that wrote it is gone, so two runs at once never remove each other's work.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `dest` whole: through `<name>.tmp<pid>` beside it (its folder made if
/// needed), synced, then renamed into place. A failed write leaves `dest` as it was and no
/// temporary file behind.
pub fn write_whole(dest: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    remove_stale(dest);
    let tmp = dest.with_extension(format!("tmp{}", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, dest));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(dest, e)
    })
}

/// Whether a process with this id is running. Where this cannot be told, it is assumed to run
/// (a stale file is left rather than a live one removed).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// Removes `<stem>.tmp<pid>` files beside `dest` whose process is gone.
pub fn remove_stale(dest: &Path) {
    let (Some(dir), Some(stem)) = (dest.parent(), dest.file_stem().and_then(|s| s.to_str())) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!("{stem}.tmp");
    for path in orphans(dir, |name| name.strip_prefix(&prefix)?.parse().ok()) {
        let _ = std::fs::remove_file(path);
    }
}

/// Removes `<prefix><pid>-…` folders in `dir` whose process is gone (the search index is built
/// in such a folder under the system's temporary directory).
pub fn remove_stale_dirs(dir: &Path, prefix: &str) {
    let pid_of = |name: &str| name.strip_prefix(prefix)?.split('-').next()?.parse().ok();
    for path in orphans(dir, pid_of) {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

/// The entries of `dir` whose name gives (through `pid_of`) the id of a process that is gone.
fn orphans(dir: &Path, pid_of: impl Fn(&str) -> Option<u32>) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let pid = pid_of(e.file_name().to_str()?)?;
            (!alive(pid)).then(|| e.path())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_process_s_temporary_file_goes_a_live_one_stays() {
        let dir = crate::search::tempdir().unwrap();
        let dest = dir.path().join("findings.csv");
        // No process has pid 4,000,000,000 (above Linux's pid_max).
        let dead = dir.path().join("findings.tmp4000000000");
        let live = dir
            .path()
            .join(format!("findings.tmp{}", std::process::id()));
        let other = dir.path().join("report.tmp4000000000");
        for p in [&dead, &live, &other] {
            std::fs::write(p, b"partial").unwrap();
        }
        remove_stale(&dest);
        assert_eq!(dead.exists(), !cfg!(target_os = "linux"));
        assert!(live.exists());
        assert!(other.exists(), "only the files of this output");
        let stale = dir.path().join("cailiang-4000000000-0-1");
        let ours = dir
            .path()
            .join(format!("cailiang-{}-0-1", std::process::id()));
        std::fs::create_dir_all(&stale).unwrap();
        std::fs::create_dir_all(&ours).unwrap();
        remove_stale_dirs(dir.path(), "cailiang-");
        assert_eq!(stale.exists(), !cfg!(target_os = "linux"));
        assert!(ours.exists());
    }
}
