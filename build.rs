//! Embeds `rules/` into the binary so that `cailiang` works on a fresh machine with no set-up,
//! and computes the rules' content hash (the same as `rules::RuleFiles::content_hash`) so the
//! built-in library's cache is keyed without hashing at start-up. Also hashes the code that
//! builds a library (`src/` and Cargo.lock, which pins tantivy and jieba): a cache written by a
//! program built from other code is never read, even under the same version number.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    for sub in ["", "laws", "departments", "synonyms", "cases"] {
        let dir = if sub.is_empty() {
            root.clone()
        } else {
            root.join(sub)
        };
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_file() && p.extension().and_then(|x| x.to_str()) == Some("toml") {
                let name = p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
                    .to_string();
                let rel = if sub.is_empty() {
                    name
                } else {
                    format!("{sub}/{name}")
                };
                files.push((rel, p));
            }
        }
    }
    files.sort();
    let mut h = Sha256::new();
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for (rel, p) in &files {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        h.update(rel.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            p.display().to_string()
        );
    }
    code.push_str("];\n");
    let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let _ = writeln!(code, "pub const CONTENT_HASH: &str = {hash:?};");
    let _ = writeln!(code, "pub const PROGRAM_HASH: &str = {:?};", program_hash());
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("embedded_rules.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=could not write {}: {e}", out.display());
    }
}

/// sha256 over the library code (every file under src/, by path) and Cargo.lock.
fn program_hash() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect_files(&root.join("src"), &mut files);
    files.push(root.join("Cargo.lock"));
    files.sort();
    let mut h = Sha256::new();
    for p in &files {
        let rel = p.strip_prefix(root).unwrap_or(p);
        h.update(rel.to_string_lossy().as_bytes());
        h.update([0]);
        h.update(std::fs::read(p).unwrap_or_default());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_files(&p, out);
        } else {
            out.push(p);
        }
    }
}
