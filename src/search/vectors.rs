//! Stored sentence vectors of the library's texts (each item's name and aliases), keyed by a
//! digest of the text, so that a text keeps its vector whatever else changes and a changed text
//! is seen to have none. Computing them takes minutes on two cores, so the built-in library's
//! are computed once (`scripts/update-vectors.sh`) and kept in `rules/vectors.bin`.
//!
//! File: `CLVEC001`, dimension (u32 LE), count (u32 LE), then per text, sorted by key: the key
//! (u64 LE) and the vector as IEEE half-precision floats (u16 LE each).

use super::e5::DIM;
use crate::error::{Error, Result};
use half::f16;
use sha2::{Digest, Sha256};

const MAGIC: &[u8; 8] = b"CLVEC001";
/// Names the model and the side in the key: vectors of another model never match.
const KEY_TAG: &str = "e5-small-q4 passage: ";

/// The key of a library text.
pub fn key(text: &str) -> u64 {
    let mut h = Sha256::new();
    h.update(KEY_TAG.as_bytes());
    h.update(text.as_bytes());
    let d = h.finalize();
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    u64::from_le_bytes(b)
}

/// Vectors by key.
#[derive(Debug, Default, Clone)]
pub struct Vectors {
    keys: Vec<u64>,
    /// `keys.len() * DIM` values, row by row.
    data: Vec<f32>,
}

fn bad(reason: String) -> Error {
    Error::BadInput {
        what: "stored sentence vectors".into(),
        reason,
    }
}

impl Vectors {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The vector stored for `key`.
    pub fn get(&self, key: u64) -> Option<&[f32]> {
        let i = self.keys.binary_search(&key).ok()?;
        self.data.get(i * DIM..(i + 1) * DIM)
    }

    /// Builds from (key, vector) pairs; a later pair for the same key wins.
    pub fn from_pairs(mut pairs: Vec<(u64, Vec<f32>)>) -> Result<Vectors> {
        if let Some((_, v)) = pairs.iter().find(|(_, v)| v.len() != DIM) {
            return Err(bad(format!(
                "a vector has {} dimensions, not {DIM}",
                v.len()
            )));
        }
        pairs.reverse();
        pairs.sort_by_key(|(k, _)| *k);
        pairs.dedup_by_key(|(k, _)| *k);
        let mut out = Vectors::default();
        for (k, v) in pairs {
            out.keys.push(k);
            out.data.extend(v);
        }
        Ok(out)
    }

    /// Every (key, vector) pair, in key order.
    pub fn pairs(&self) -> impl Iterator<Item = (u64, &[f32])> {
        self.keys.iter().copied().zip(self.data.chunks_exact(DIM))
    }

    pub fn parse(bytes: &[u8]) -> Result<Vectors> {
        let head = bytes
            .get(..16)
            .ok_or_else(|| bad("shorter than its header".into()))?;
        if &head[..8] != MAGIC {
            return Err(bad("not a CLVEC001 file".into()));
        }
        let word = |i: usize| u32::from_le_bytes([head[i], head[i + 1], head[i + 2], head[i + 3]]);
        let (dim, count) = (word(8) as usize, word(12) as usize);
        if dim != DIM {
            return Err(bad(format!("{dim} dimensions, not {DIM}")));
        }
        let row = 8 + 2 * DIM;
        let body = &bytes[16..];
        if body.len() != count.saturating_mul(row) {
            return Err(bad(format!(
                "{} bytes after the header, expected {count} rows of {row}",
                body.len()
            )));
        }
        let mut out = Vectors {
            keys: Vec::with_capacity(count),
            data: Vec::with_capacity(count * DIM),
        };
        for r in body.chunks_exact(row) {
            let mut k = [0u8; 8];
            k.copy_from_slice(&r[..8]);
            let k = u64::from_le_bytes(k);
            if out.keys.last().is_some_and(|&last| last >= k) {
                return Err(bad("keys are not in increasing order".into()));
            }
            out.keys.push(k);
            out.data.extend(
                r[8..]
                    .chunks_exact(2)
                    .map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32()),
            );
        }
        Ok(out)
    }

    /// Writes the file at `path` (its folder made if need be), aside and then renamed, so that
    /// a reader never sees half a file.
    pub fn write(&self, path: &std::path::Path) -> Result<()> {
        let io = |e: std::io::Error| Error::Io {
            path: path.to_path_buf(),
            source: e,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&tmp, self.to_bytes()).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.len() * (8 + 2 * DIM));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(DIM as u32).to_le_bytes());
        out.extend_from_slice(&(self.len() as u32).to_le_bytes());
        for (k, v) in self.pairs() {
            out.extend_from_slice(&k.to_le_bytes());
            for x in v {
                out.extend_from_slice(&f16::from_f32(*x).to_le_bytes());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vector(seed: f32) -> Vec<f32> {
        (0..DIM).map(|i| (i as f32 * seed).sin() / 20.0).collect()
    }

    #[test]
    fn vectors_survive_the_file_within_half_precision() {
        let v =
            Vectors::from_pairs(vec![(key("b"), vector(0.3)), (key("a"), vector(0.7))]).unwrap();
        let back = Vectors::parse(&v.to_bytes()).unwrap();
        assert_eq!(back.len(), 2);
        for (x, y) in back.get(key("a")).unwrap().iter().zip(vector(0.7)) {
            assert!((x - y).abs() < 1e-4, "{x} vs {y}");
        }
        assert!(back.get(key("c")).is_none());
    }

    #[test]
    fn a_damaged_file_is_refused_with_the_reason() {
        let v = Vectors::from_pairs(vec![(key("a"), vector(0.7))]).unwrap();
        let mut bytes = v.to_bytes();
        bytes.pop();
        let e = Vectors::parse(&bytes).unwrap_err().to_string();
        assert!(e.contains("expected 1 rows"), "{e}");
        let e = Vectors::parse(b"CLVEC002").unwrap_err().to_string();
        assert!(e.contains("header"), "{e}");
    }

    #[test]
    fn a_later_vector_for_the_same_text_wins() {
        let v =
            Vectors::from_pairs(vec![(key("a"), vector(0.1)), (key("a"), vector(0.9))]).unwrap();
        assert_eq!(v.len(), 1);
        assert!((v.get(key("a")).unwrap()[5] - vector(0.9)[5]).abs() < 1e-6);
    }
}
