//! Computes the sentence vectors of the library's texts that `rules/vectors.bin` lacks, and
//! writes the file again with exactly the texts the library has now (run by
//! `scripts/update-vectors.sh` after any change to names or aliases under rules/).
//!
//! ```text
//! cargo run --release --example embed_library [rules-dir] [vectors-file]
//! ```

use cailiang::search::e5;
use cailiang::search::{semantic, vectors};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rules = PathBuf::from(args.first().map(String::as_str).unwrap_or("rules"));
    let out = PathBuf::from(
        args.get(1)
            .map(String::as_str)
            .unwrap_or("rules/vectors.bin"),
    );
    let store = cailiang::library::open_rules_dir(&rules)?;
    let old = match std::fs::read(&out) {
        Ok(bytes) => vectors::Vectors::parse(&bytes)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Default::default(),
        Err(e) => return Err(e.into()),
    };
    let mut texts: Vec<&str> = store
        .lib
        .benchmarks
        .iter()
        .flat_map(semantic::texts)
        .collect();
    texts.sort_unstable();
    texts.dedup();
    let mut pairs: Vec<(u64, Vec<f32>)> = Vec::new();
    let mut todo: Vec<&str> = Vec::new();
    for t in &texts {
        match old.get(vectors::key(t)) {
            Some(v) => pairs.push((vectors::key(t), v.to_vec())),
            None => todo.push(t),
        }
    }
    eprintln!(
        "embed_library: {} texts, {} stored, {} to compute",
        texts.len(),
        pairs.len(),
        todo.len()
    );
    if !todo.is_empty() {
        let model = e5::load_default().ok_or("no model: run scripts/fetch-e5.sh")??;
        let progress = |done: usize, total: usize| {
            if done.is_multiple_of(200) || done == total {
                eprintln!("embed_library: {done}/{total}");
            }
        };
        pairs.extend(semantic::embed_all(&model, &todo, &progress)?);
    }
    let v = vectors::Vectors::from_pairs(pairs)?;
    v.write(&out)?;
    eprintln!(
        "embed_library: wrote {} vectors to {}",
        v.len(),
        out.display()
    );
    Ok(())
}
