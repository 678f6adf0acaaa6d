//! The rules as files: reading a directory within limits, and the content hash.

use super::*;

/// The rules as files: (path relative to the rules directory, with `/`, content).
#[derive(Debug, Clone, Default)]
pub struct RuleFiles {
    pub files: Vec<(String, String)>,
}

impl RuleFiles {
    /// Reads the TOML files of a rules directory (top level, laws/, departments/, synonyms/, cases/).
    pub fn read_dir(dir: &Path) -> Result<RuleFiles> {
        let mut files = Vec::new();
        if !dir.is_dir() {
            return Err(Error::BadInput {
                what: dir.display().to_string(),
                reason: "not a rules directory".into(),
            });
        }
        for sub in ["", "laws", "departments", "synonyms", "cases"] {
            let d = if sub.is_empty() {
                dir.to_path_buf()
            } else {
                dir.join(sub)
            };
            if !d.is_dir() {
                continue;
            }
            let rd = std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))?;
            for entry in rd {
                let entry = entry.map_err(|e| Error::io(&d, e))?;
                let path = entry.path();
                if path.extension().and_then(|e| e.to_str()) != Some("toml") || !path.is_file() {
                    continue;
                }
                let meta = entry.metadata().map_err(|e| Error::io(&path, e))?;
                // A .toml file whose name is not UTF-8 cannot be named in a diagnostic or a hash.
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    return Err(Error::BadInput {
                        what: path.display().to_string(),
                        reason: "the file name is not UTF-8".into(),
                    });
                };
                let rel = if sub.is_empty() {
                    name.to_string()
                } else {
                    format!("{sub}/{name}")
                };
                if meta.len() > MAX_FILE_BYTES {
                    return Err(Error::InvalidRules(vec![Diagnostic {
                        file: rel,
                        line: 1,
                        message: format!("file larger than {MAX_FILE_BYTES} bytes"),
                    }]));
                }
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        // Say where: the line and the byte, so the file can be fixed.
                        let at = e.utf8_error().valid_up_to();
                        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
                        return Err(Error::InvalidRules(vec![Diagnostic {
                            file: rel,
                            line: line as u32,
                            message: format!(
                                "not UTF-8 at byte {at}: save the file as UTF-8 (rules files are UTF-8 text)"
                            ),
                        }]));
                    }
                };
                files.push((rel, text));
                if files.len() > MAX_FILES {
                    return Err(Error::BadInput {
                        what: dir.display().to_string(),
                        reason: format!("more than {MAX_FILES} rules files"),
                    });
                }
            }
        }
        files.sort();
        Ok(RuleFiles { files })
    }

    /// sha256 over every file's path and content, in path order.
    pub fn content_hash(&self) -> String {
        let mut h = Sha256::new();
        for (p, t) in &self.files {
            h.update(p.as_bytes());
            h.update([0]);
            h.update(t.as_bytes());
            h.update([0]);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}
