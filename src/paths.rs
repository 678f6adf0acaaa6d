//! Which files the desktop may read or hand out. The page is not trusted with paths: a file is
//! readable when the user chose it in the native dialog since the app started, or when it lies in
//! an import folder an administrator configured (`CAILIANG_IMPORT_DIR`); a file is exportable only
//! when this app wrote it. Every check is made on the canonical path, so `..`, symlinks and
//! absolute paths lead nowhere else. Errors never echo a file's contents.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("找不到文件，或该路径不是文件")]
    NotAFile,
    #[error("只能审查通过“选择文件”打开的文件")]
    NotChosen,
    #[error("只能导出本次审查生成的文件")]
    NotOurs,
}

/// The set of paths the page may name.
#[derive(Debug, Default)]
pub struct PathGate {
    chosen: Mutex<HashSet<PathBuf>>,
    outputs: Mutex<HashSet<PathBuf>>,
    import_root: Option<PathBuf>,
}

fn canonical_file(p: &Path) -> Result<PathBuf, PathError> {
    let c = p.canonicalize().map_err(|_| PathError::NotAFile)?;
    if c.is_file() {
        Ok(c)
    } else {
        Err(PathError::NotAFile)
    }
}

impl PathGate {
    /// `import_root`: a folder whose files may be opened by typing their path (an
    /// administrator's setting; tests use it, since no test can click a native dialog).
    pub fn new(import_root: Option<&Path>) -> PathGate {
        PathGate {
            import_root: import_root.and_then(|r| r.canonicalize().ok()),
            ..PathGate::default()
        }
    }

    /// Records a file the user chose in the native dialog; returns its canonical path.
    pub fn choose(&self, p: &Path) -> Result<PathBuf, PathError> {
        let c = canonical_file(p)?;
        if let Ok(mut set) = self.chosen.lock() {
            set.insert(c.clone());
        }
        Ok(c)
    }

    /// Records a file this app wrote (a review's findings or report).
    pub fn wrote(&self, p: &Path) {
        if let Ok(c) = p.canonicalize() {
            if let Ok(mut set) = self.outputs.lock() {
                set.insert(c);
            }
        }
    }

    /// The canonical path of a file the page may have read.
    pub fn readable(&self, p: &Path) -> Result<PathBuf, PathError> {
        let c = canonical_file(p)?;
        let chosen = self.chosen.lock().map(|s| s.contains(&c)).unwrap_or(false);
        let imported = self.import_root.as_ref().is_some_and(|r| c.starts_with(r));
        if chosen || imported {
            Ok(c)
        } else {
            Err(PathError::NotChosen)
        }
    }

    /// The canonical path of a file the page may have copied out.
    pub fn exportable(&self, p: &Path) -> Result<PathBuf, PathError> {
        let c = canonical_file(p).map_err(|_| PathError::NotOurs)?;
        if self.outputs.lock().map(|s| s.contains(&c)).unwrap_or(false) {
            Ok(c)
        } else {
            Err(PathError::NotOurs)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_symlinks_and_absolute_paths_lead_nowhere_else() {
        let dir = crate::search::tempdir().unwrap();
        let root = dir.path().join("import");
        let out = dir.path().join("audits/run1");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        let secret = dir.path().join("history.sqlite");
        std::fs::write(&secret, b"records").unwrap();
        let cases = root.join("cases.csv");
        std::fs::write(&cases, b"case_no\n").unwrap();
        let findings = out.join("findings.csv");
        std::fs::write(&findings, b"line\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&secret, root.join("link.csv")).unwrap();

        let gate = PathGate::new(Some(&root));
        gate.wrote(&findings);
        // Readable: inside the import folder; not what `..` or a symlink reaches outside it.
        assert!(gate.readable(&cases).is_ok());
        assert_eq!(
            gate.readable(&root.join("../history.sqlite")),
            Err(PathError::NotChosen)
        );
        #[cfg(unix)]
        assert_eq!(
            gate.readable(&root.join("link.csv")),
            Err(PathError::NotChosen)
        );
        assert_eq!(
            gate.readable(Path::new("/etc/passwd")),
            Err(PathError::NotChosen)
        );
        assert_eq!(gate.readable(&root), Err(PathError::NotAFile));
        // A file chosen in the dialog is readable wherever it is.
        gate.choose(&secret).unwrap();
        assert!(gate.readable(&root.join("../history.sqlite")).is_ok());

        // Exportable: only what the app wrote; `..` from it reaches nothing else.
        assert!(gate.exportable(&findings).is_ok());
        assert!(gate.exportable(&out.join("../run1/findings.csv")).is_ok());
        assert_eq!(
            gate.exportable(&out.join("../../history.sqlite")),
            Err(PathError::NotOurs)
        );
        assert_eq!(
            gate.exportable(Path::new("/etc/passwd")),
            Err(PathError::NotOurs)
        );
        #[cfg(unix)]
        assert_eq!(
            gate.exportable(&root.join("link.csv")),
            Err(PathError::NotOurs)
        );
        // Without an import folder nothing typed is readable until chosen.
        let closed = PathGate::new(None);
        assert_eq!(closed.readable(&cases), Err(PathError::NotChosen));
    }
}
