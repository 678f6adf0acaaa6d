//! The desktop's own shelf of libraries: the signed packs an office handed out, the public keys
//! its administrator trusts, and which library is in use — kept in the user's data folder, so the
//! choice survives a restart and no environment variable is needed.
//!
//! Layout under the shelf's root (`<data dir>/library`):
//! - `trusted/<key id>.pub`: the public keys packs may be signed with;
//! - `packs/<version>-<content hash>.clpack`: every pack imported, kept whole so the officer can
//!   go back to one;
//! - `active`: the file name of the pack in use (no file: the built-in library).
//!
//! Every pack is verified against the trusted keys when imported and again each time it is
//! opened: a pack changed on disk, or whose key was removed, is not used. Files are written
//! beside their final name and renamed into place, so an interrupted import leaves the shelf as
//! it was.

use crate::error::{Error, Result};
use crate::library::{self, Store};
use crate::model::Library;
use crate::pack::{self, Changes, Manifest, PublicKey};
use crate::tempfiles::write_whole;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub struct Shelf {
    root: PathBuf,
}

/// A pack on the shelf, as 库管理 lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ShelfPack {
    pub file: String,
    pub manifest: Option<Manifest>,
    /// Why it cannot be used now (changed on disk, its key no longer trusted …).
    pub problem: Option<String>,
    pub active: bool,
}

/// A trusted key, as 库管理 lists it.
#[derive(Debug, Clone, Serialize)]
pub struct TrustedKey {
    pub id: String,
    pub file: String,
}

/// What importing a pack would do, shown before it is switched on.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub manifest: Manifest,
    /// Items added, removed and changed against the library in use now.
    pub against_current: Changes,
    pub benchmarks: usize,
    pub exemptions: usize,
}

fn bad(what: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::BadInput {
        what: what.into(),
        reason: reason.into(),
    }
}

impl Shelf {
    pub fn at(root: &Path) -> Shelf {
        Shelf {
            root: root.to_path_buf(),
        }
    }

    /// `<data dir>/library`, beside the officer's records.
    pub fn default_place() -> Option<Shelf> {
        let records = crate::history::History::default_path()?;
        Some(Shelf::at(&records.parent()?.join("library")))
    }

    fn trusted_dir(&self) -> PathBuf {
        self.root.join("trusted")
    }
    fn packs_dir(&self) -> PathBuf {
        self.root.join("packs")
    }
    fn active_file(&self) -> PathBuf {
        self.root.join("active")
    }

    /// The trusted keys; a file that is not a readable key is an error naming it (an
    /// administrator's mistake to see, not to skip).
    pub fn trusted(&self) -> Result<Vec<(TrustedKey, PublicKey)>> {
        let dir = self.trusted_dir();
        let Ok(read) = std::fs::read_dir(&dir) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for entry in read {
            let path = entry.map_err(|e| Error::io(&dir, e))?.path();
            if path.extension().is_some_and(|e| e == "pub") {
                let key = pack::read_public_key(&path)?;
                let file = path.display().to_string();
                out.push((
                    TrustedKey {
                        id: key.id.clone(),
                        file,
                    },
                    key,
                ));
            }
        }
        out.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        Ok(out)
    }

    fn trusted_keys(&self) -> Result<Vec<PublicKey>> {
        Ok(self.trusted()?.into_iter().map(|(_, k)| k).collect())
    }

    /// Adds a public key file (checked first) as `trusted/<id>.pub`; returns its id.
    pub fn add_key(&self, src: &Path) -> Result<String> {
        let key = pack::read_public_key(src)?;
        let bytes = std::fs::read(src).map_err(|e| Error::io(src, e))?;
        write_whole(&self.trusted_dir().join(format!("{}.pub", key.id)), &bytes)?;
        Ok(key.id)
    }

    /// Removes a trusted key; packs signed with it can no longer be opened.
    pub fn remove_key(&self, id: &str) -> Result<bool> {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad("key id", format!("“{id}” is not a key id")));
        }
        let p = self.trusted_dir().join(format!("{id}.pub"));
        match std::fs::remove_file(&p) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(Error::io(&p, e)),
        }
    }

    /// Verifies a pack against the trusted keys and says what switching to it would change
    /// against `current`. Nothing is written.
    pub fn inspect(&self, path: &Path, current: &Library) -> Result<Inspection> {
        let keys = self.trusted_keys()?;
        if keys.is_empty() {
            return Err(bad(
                path.display().to_string(),
                "no public key is trusted yet: the administrator adds the office's KEY.pub first",
            ));
        }
        let (lib, manifest) = pack::open(path, &keys)?;
        Ok(Inspection {
            against_current: pack::changes_between(current, &lib, current.version.clone()),
            benchmarks: lib.benchmarks.len(),
            exemptions: lib.benchmarks.iter().map(|b| b.exemptions.len()).sum(),
            manifest,
        })
    }

    /// Verifies a pack, copies it onto the shelf and makes it the library in use. Returns its
    /// file name on the shelf.
    pub fn install(&self, path: &Path) -> Result<String> {
        let keys = self.trusted_keys()?;
        let (_, manifest) = pack::open(path, &keys)?;
        let safe = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' {
                        c
                    } else {
                        '_'
                    }
                })
                .take(40)
                .collect()
        };
        let name = format!(
            "{}-{}.clpack",
            safe(&manifest.version),
            safe(&manifest.content_hash.chars().take(12).collect::<String>())
        );
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        write_whole(&self.packs_dir().join(&name), &bytes)?;
        self.use_pack(&name)?;
        Ok(name)
    }

    /// Makes a pack already on the shelf the one in use (it must still verify).
    pub fn use_pack(&self, file: &str) -> Result<()> {
        let p = self.pack_path(file)?;
        pack::open(&p, &self.trusted_keys()?)?;
        write_whole(&self.active_file(), file.as_bytes())
    }

    /// Goes back to the built-in library.
    pub fn use_builtin(&self) -> Result<()> {
        match std::fs::remove_file(self.active_file()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io(self.active_file(), e)),
        }
    }

    /// A pack's path on the shelf from its file name (never a path elsewhere).
    fn pack_path(&self, file: &str) -> Result<PathBuf> {
        let plain = !file.is_empty()
            && file.ends_with(".clpack")
            && !file.contains(['/', '\\'])
            && !file.starts_with('.');
        if !plain {
            return Err(bad("pack", format!("“{file}” is not a pack on the shelf")));
        }
        Ok(self.packs_dir().join(file))
    }

    /// The pack in use, if one is set.
    pub fn active(&self) -> Option<String> {
        let name = std::fs::read_to_string(self.active_file()).ok()?;
        Some(name.trim().to_string()).filter(|n| !n.is_empty())
    }

    /// Every pack on the shelf, newest file first, each verified now.
    pub fn packs(&self) -> Result<Vec<ShelfPack>> {
        let active = self.active();
        let keys = self.trusted_keys().unwrap_or_default();
        let Ok(read) = std::fs::read_dir(self.packs_dir()) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for entry in read.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "clpack") {
                continue;
            }
            let file = entry.file_name().to_string_lossy().to_string();
            let (manifest, problem) = match pack::open(&path, &keys) {
                Ok((_, m)) => (Some(m), None),
                Err(e) => (None, Some(e.to_string())),
            };
            out.push(ShelfPack {
                active: active.as_deref() == Some(file.as_str()),
                file,
                manifest,
                problem,
            });
        }
        out.sort_by(|a, b| b.file.cmp(&a.file));
        Ok(out)
    }

    /// Opens the library in use: the active pack, verified, or the built-in library. When the
    /// active pack cannot be used, the built-in library is opened and the reason returned, for
    /// the app to show — an officer is never left without a library, nor told it is the pack.
    pub fn open_in_use(&self) -> Result<(Store, Option<String>)> {
        let Some(file) = self.active() else {
            return Ok((library::open_builtin()?, None));
        };
        let opened = self
            .pack_path(&file)
            .and_then(|p| Ok((p, self.trusted_keys()?)))
            .and_then(|(p, keys)| library::open_pack(&p, &keys));
        match opened {
            Ok(store) => Ok((store, None)),
            Err(e) => Ok((
                library::open_builtin()?,
                Some(format!(
                    "设定使用的库 {file} 无法打开，已改用内置参考库：{e}"
                )),
            )),
        }
    }
}
