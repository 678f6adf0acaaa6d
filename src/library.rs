//! The SQLite library: one file holding the validated rules (as tables a reviewer can query) and
//! the search index (as blobs), so that opening it rebuilds nothing.
//!
//! Schema (version 1):
//!
//! | table | columns | what |
//! |---|---|---|
//! | `meta` | key, value | `schema_version`, `rules_version`, `rules_sha256`, `title`, `engine_version`, `policy` (JSON) |
//! | `laws` | id, name, kind, issuer, json | one row per law; `json` is the whole record |
//! | `articles` | law_id, version, no, gist | every cited article of every version |
//! | `departments` | code, name, domain, json | with their exemption lists in `json` |
//! | `lists` | id, department, title, list_type, doc_number, effective, until, provenance | exemption lists |
//! | `benchmarks` | id, department, domain, violation, aliases, json | 裁量基准; `json` is the record |
//! | `exemptions` | id, benchmark, list, number, conditions, provenance | 免罚事项 |
//! | `synonyms` | term, legal | colloquial term -> legal term |
//! | `cases` | id, benchmark, title, expected_tier, json | typical cases |
//! | `search_index` | name, data | the tantivy index files |
//!
//! A library is written to a temporary file and renamed into place, so a failed build never
//! leaves a half-written library where a good one was.

use crate::embedded;
use crate::error::{Error, Result};
use crate::model::*;
use crate::rules;
use crate::search::{self, IndexFiles, Searcher};
use rusqlite::{params, Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub const SCHEMA_VERSION: &str = "1";

const SCHEMA: &str = "
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE laws(id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, issuer TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE articles(law_id TEXT NOT NULL, version TEXT NOT NULL, no TEXT NOT NULL, gist TEXT NOT NULL,
                      PRIMARY KEY(law_id, version, no));
CREATE TABLE departments(code TEXT PRIMARY KEY, name TEXT NOT NULL, domain TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE lists(id TEXT PRIMARY KEY, department TEXT NOT NULL, title TEXT NOT NULL, list_type TEXT NOT NULL,
                   doc_number TEXT, effective TEXT NOT NULL, until TEXT, provenance TEXT NOT NULL);
CREATE TABLE benchmarks(id TEXT PRIMARY KEY, department TEXT NOT NULL, domain TEXT NOT NULL,
                        violation TEXT NOT NULL, aliases TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE exemptions(id TEXT PRIMARY KEY, benchmark TEXT NOT NULL, list TEXT NOT NULL, number INTEGER NOT NULL,
                        conditions TEXT NOT NULL, provenance TEXT NOT NULL);
CREATE TABLE synonyms(term TEXT NOT NULL, legal TEXT NOT NULL, PRIMARY KEY(term, legal));
CREATE TABLE cases(id TEXT PRIMARY KEY, benchmark TEXT NOT NULL, title TEXT NOT NULL, expected_tier TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE search_index(name TEXT PRIMARY KEY, data BLOB NOT NULL);
";

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::BadInput {
        what: "library".into(),
        reason: e.to_string(),
    })
}

/// Writes `lib` and its search index to `out` (atomically).
pub fn build(lib: &Library, out: &Path) -> Result<()> {
    crate::tempfiles::remove_stale(out);
    let tmp_dir = search::tempdir()?;
    let files = search::build_index(lib, tmp_dir.path())?;
    let tmp = out.with_extension(format!("tmp{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = write(lib, &files, &tmp)
        .and_then(|_| std::fs::rename(&tmp, out).map_err(|e| Error::io(out, e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn write(lib: &Library, files: &IndexFiles, path: &Path) -> Result<()> {
    let mut conn = Connection::open(path)?;
    conn.execute_batch(SCHEMA)?;
    let tx = conn.transaction()?;
    {
        let mut meta = tx.prepare("INSERT INTO meta(key, value) VALUES (?1, ?2)")?;
        meta.execute(params!["schema_version", SCHEMA_VERSION])?;
        meta.execute(params!["rules_version", lib.version])?;
        meta.execute(params!["rules_sha256", lib.content_hash])?;
        meta.execute(params!["title", lib.title])?;
        meta.execute(params!["engine_version", crate::engine::ENGINE_VERSION])?;
        meta.execute(params!["policy", json(&lib.policy)?])?;

        let mut law = tx.prepare("INSERT INTO laws VALUES (?1, ?2, ?3, ?4, ?5)")?;
        let mut art = tx.prepare("INSERT INTO articles VALUES (?1, ?2, ?3, ?4)")?;
        for l in &lib.laws {
            law.execute(params![l.id, l.name, l.kind, l.issuer, json(l)?])?;
            for v in &l.versions {
                for a in &v.articles {
                    art.execute(params![l.id, v.label, a.no, a.gist])?;
                }
            }
        }
        let mut dept = tx.prepare("INSERT INTO departments VALUES (?1, ?2, ?3, ?4)")?;
        let mut list = tx.prepare("INSERT INTO lists VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        for d in &lib.departments {
            dept.execute(params![d.code, d.name, d.domain, json(d)?])?;
            for l in &d.lists {
                list.execute(params![
                    l.id,
                    d.code,
                    l.title,
                    l.list_type,
                    l.doc_number,
                    l.effective.to_string(),
                    l.until.map(|u| u.to_string()),
                    l.provenance
                ])?;
            }
        }
        let mut bench = tx.prepare("INSERT INTO benchmarks VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        let mut ex = tx.prepare("INSERT INTO exemptions VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for b in &lib.benchmarks {
            bench.execute(params![
                b.id,
                b.department,
                b.domain,
                b.violation,
                b.aliases.join("；"),
                json(b)?
            ])?;
            for e in &b.exemptions {
                let conds: Vec<&str> = e.conditions.iter().map(|f| f.code()).collect();
                ex.execute(params![
                    e.id,
                    b.id,
                    e.list,
                    e.number,
                    conds.join(";"),
                    e.provenance
                ])?;
            }
        }
        let mut syn = tx.prepare("INSERT INTO synonyms VALUES (?1, ?2)")?;
        for (k, vs) in &lib.synonyms {
            for v in vs {
                syn.execute(params![k, v])?;
            }
        }
        let mut case = tx.prepare("INSERT INTO cases VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for c in &lib.cases {
            case.execute(params![
                c.id,
                c.benchmark,
                c.title,
                c.expected_tier.code(),
                json(c)?
            ])?;
        }
        let mut idx = tx.prepare("INSERT INTO search_index VALUES (?1, ?2)")?;
        for (name, data) in files {
            idx.execute(params![name, data])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// An opened library: the rules and a searcher over them.
pub struct Store {
    pub lib: Library,
    pub searcher: Searcher,
    /// Where it was opened from (for messages and `关于`).
    pub path: Option<PathBuf>,
}

fn bad(path: &Path, reason: impl Into<String>) -> Error {
    Error::BadLibrary {
        path: path.display().to_string(),
        reason: reason.into(),
    }
}

/// Opens a library file written by [`build`].
pub fn open(path: &Path) -> Result<Store> {
    if !path.is_file() {
        return Err(bad(path, "no such file"));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| bad(path, e.to_string()))?;
    let meta = |k: &str| -> Result<String> {
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
            .map_err(|_| bad(path, format!("not a Cailiang library (meta `{k}` missing)")))
    };
    let schema = meta("schema_version")?;
    if schema != SCHEMA_VERSION {
        return Err(bad(path, format!("schema version {schema}, this program reads {SCHEMA_VERSION}; rebuild it with `cailiang rules build`")));
    }
    let parse = |what: &str, s: &str| -> Result<serde_json::Value> {
        serde_json::from_str(s).map_err(|e| bad(path, format!("{what}: {e}")))
    };
    fn rows<T: serde::de::DeserializeOwned>(
        conn: &Connection,
        path: &Path,
        sql: &str,
    ) -> Result<Vec<T>> {
        let mut st = conn.prepare(sql)?;
        let it = st.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for s in it {
            let s = s?;
            out.push(serde_json::from_str(&s).map_err(|e| bad(path, e.to_string()))?);
        }
        Ok(out)
    }
    let policy: Policy = serde_json::from_value(parse("policy", &meta("policy")?)?)
        .map_err(|e| bad(path, format!("policy: {e}")))?;
    let laws: Vec<Law> = rows(&conn, path, "SELECT json FROM laws ORDER BY rowid")?;
    let departments: Vec<Department> =
        rows(&conn, path, "SELECT json FROM departments ORDER BY rowid")?;
    let benchmarks: Vec<Benchmark> =
        rows(&conn, path, "SELECT json FROM benchmarks ORDER BY rowid")?;
    let cases: Vec<TypicalCase> = rows(&conn, path, "SELECT json FROM cases ORDER BY rowid")?;
    let mut synonyms = std::collections::BTreeMap::<String, Vec<String>>::new();
    {
        let mut st = conn.prepare("SELECT term, legal FROM synonyms ORDER BY rowid")?;
        let it = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for x in it {
            let (k, v) = x?;
            synonyms.entry(k).or_default().push(v);
        }
    }
    let mut files: IndexFiles = Vec::new();
    {
        let mut st = conn.prepare("SELECT name, data FROM search_index")?;
        let it = st.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
        })?;
        for x in it {
            files.push(x?);
        }
    }
    let lib = Library {
        version: meta("rules_version")?,
        title: meta("title")?,
        content_hash: meta("rules_sha256")?,
        policy,
        laws,
        departments,
        benchmarks,
        synonyms,
        cases,
        pack: None,
    };
    lib.check_invariants().map_err(|e| bad(path, e))?;
    let searcher =
        Searcher::open(&lib, &files).map_err(|e| bad(path, format!("search index: {e}")))?;
    // A damaged index can open and fail only when read; one query here finds it now, as an error
    // the caller can act on (the built-in cache is rebuilt), not as a panic in a later search.
    // tantivy may panic on corrupt segment data, so the probe is guarded.
    let probe = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        searcher.search(&lib, "未按照规定", 1, None)
    }));
    match probe {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => return Err(bad(path, format!("search index: {e}"))),
        Err(_) => return Err(bad(path, "search index is damaged")),
    }
    Ok(Store {
        lib,
        searcher,
        path: Some(path.to_path_buf()),
    })
}

/// The user's cache folder for Cailiang: `CAILIANG_CACHE_DIR`, else `$XDG_CACHE_HOME/cailiang`
/// (the built-in library, the model's checked stamp, a pack's sentence vectors).
pub fn cache_dir() -> Option<PathBuf> {
    std::env::var_os("CAILIANG_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::cache_dir().map(|d| d.join("cailiang")))
}

/// Where the built-in library is cached:
/// `$XDG_CACHE_HOME/cailiang/library-<rules hash>-<version>-<program hash>.sqlite`.
pub fn builtin_cache_path() -> Option<PathBuf> {
    let dir = cache_dir()?;
    // Keyed by the rules and by the code that builds a library: a program never reads a library
    // that another build wrote, even for the same rules and version (its index could differ).
    Some(dir.join(format!(
        "{CACHE_PREFIX}{}-{}-{}.sqlite",
        &embedded::CONTENT_HASH[..16],
        env!("CARGO_PKG_VERSION"),
        &embedded::PROGRAM_HASH[..12]
    )))
}

const CACHE_PREFIX: &str = "library-";

/// Removes the libraries other builds cached beside `current` (each is a few megabytes, and a
/// program never reads another's). Best effort: a file another process holds stays.
fn remove_other_caches(current: &Path) {
    let (Some(dir), Some(name)) = (current.parent(), current.file_name()) else {
        return;
    };
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let other = e.file_name();
        let other = other.to_string_lossy();
        if other.starts_with(CACHE_PREFIX) && other.ends_with(".sqlite") && *other != *name {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Opens the library built into the binary. The first run builds it into the user's cache
/// (keyed by the rules' hash, so a new version never reads an old cache); later runs open it.
/// Where no cache directory is writable it is built in a temporary place for this run only.
pub fn open_builtin() -> Result<Store> {
    if let Some(path) = builtin_cache_path() {
        if path.is_file() {
            match open(&path) {
                Ok(s) => return Ok(s),
                // A damaged cache is rebuilt, never trusted.
                Err(_) => {
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        let lib = rules::load(&embedded::rule_files())?;
        if let Some(dir) = path.parent() {
            if std::fs::create_dir_all(dir).is_ok() && build(&lib, &path).is_ok() {
                remove_other_caches(&path);
                return open(&path);
            }
        }
        let searcher = Searcher::build_in_memory(&lib)?;
        return Ok(Store {
            lib,
            searcher,
            path: None,
        });
    }
    let lib = rules::load(&embedded::rule_files())?;
    let searcher = Searcher::build_in_memory(&lib)?;
    Ok(Store {
        lib,
        searcher,
        path: None,
    })
}

/// Opens the library a front end was pointed at: a signed pack (`.clpack`, which needs the
/// public keys it may be signed with), a library file built by `rules build`, a rules
/// directory, or else the built-in library. The CLI and the desktop share this rule.
pub fn open_configured(
    library: Option<&Path>,
    rules_dir: Option<&Path>,
    trust: &[PathBuf],
) -> Result<Store> {
    match (library, rules_dir) {
        (Some(p), _) if p.extension().is_some_and(|e| e == "clpack") => {
            let trusted = crate::pack::read_public_keys(trust)?;
            if trusted.is_empty() {
                return Err(Error::BadInput {
                    what: p.display().to_string(),
                    reason: "a pack is opened only with the public key (KEY.pub) of the office that signed it (--trust, or CAILIANG_TRUST for the desktop)".into(),
                });
            }
            open_pack(p, &trusted)
        }
        (Some(p), _) => open(p),
        (None, Some(d)) => open_rules_dir(d),
        (None, None) => open_builtin(),
    }
}

/// Opens a signed library pack, refusing one that is unsigned, changed or signed by a key not
/// in `trusted` (see `crate::pack`); builds its searcher in memory.
pub fn open_pack(path: &Path, trusted: &[crate::pack::PublicKey]) -> Result<Store> {
    let (lib, _) = crate::pack::open(path, trusted)?;
    let searcher = Searcher::build_in_memory(&lib)?;
    Ok(Store {
        lib,
        searcher,
        path: Some(path.to_path_buf()),
    })
}

/// Loads a rules directory and builds a searcher for it in memory (no files written).
pub fn open_rules_dir(dir: &Path) -> Result<Store> {
    let lib = rules::load_dir(dir)?;
    let searcher = Searcher::build_in_memory(&lib)?;
    Ok(Store {
        lib,
        searcher,
        path: None,
    })
}
