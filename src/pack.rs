//! Signed library packs: how an office hands its own lists to its officers' laptops in a form
//! each laptop can check.
//!
//! A pack (`.clpack`) is a ZIP file holding the rules directory it was made from (`rules/…`, the
//! same files the built-in library is made of), a manifest (`manifest.json`: the library's
//! version and title, its lists with 文号 and dates, the changes since the pack it replaces, the
//! signer's key id, and the SHA-256 of every file) and an Ed25519 signature over the manifest's
//! bytes (`manifest.sig`). Opening a pack checks, in this order: the signature is there, its key
//! is one the user trusts, the signature holds, every file is the one the manifest names (no
//! file changed, missing or added). Each failure is refused with a message that says which.
//! The rules are then validated like any rules directory.
//!
//! Keys are text files: `KEY` holds the secret seed, `KEY.pub` the public key with its id (the
//! first 16 hex digits of its SHA-256), so a receipt can name who signed the library it used.

use crate::error::{Error, Result};
use crate::model::{Library, PackSource};
use crate::rules::{self, RuleFiles};
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;

const FORMAT: &str = "cailiang-pack/1";
const SECRET_HEADER: &str = "cailiang secret key";
const PUBLIC_HEADER: &str = "cailiang public key";
/// A pack is a rules directory (a few MB); anything far larger is not one.
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ENTRIES: usize = 5_000;

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn bad(what: &Path, reason: impl Into<String>) -> Error {
    Error::BadInput {
        what: what.display().to_string(),
        reason: reason.into(),
    }
}

/// A public key a user trusts, with its id.
#[derive(Debug, Clone)]
pub struct PublicKey {
    pub id: String,
    key: VerifyingKey,
}

fn key_id(key: &VerifyingKey) -> String {
    sha256_hex(key.as_bytes())[..16].to_string()
}

/// Makes a key pair: the secret key's text and the public key's text (write them to `KEY` and
/// `KEY.pub`), and the key id.
pub fn generate_keys() -> Result<(String, String, String)> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| Error::BadInput {
        what: "keys gen".into(),
        reason: format!("the system's random source failed: {e}"),
    })?;
    let secret = SigningKey::from_bytes(&seed);
    let public = secret.verifying_key();
    let id = key_id(&public);
    Ok((
        format!("{SECRET_HEADER}\n{}\n", b64().encode(seed)),
        format!(
            "{PUBLIC_HEADER} {id}\n{}\n",
            b64().encode(public.as_bytes())
        ),
        id,
    ))
}

/// Reads a secret key file.
pub fn read_secret_key(path: &Path) -> Result<SigningKey> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut lines = text.lines();
    if lines.next().map(str::trim) != Some(SECRET_HEADER) {
        return Err(bad(
            path,
            "not a secret key made by `cailiang keys gen` (a public key .pub cannot sign)",
        ));
    }
    let seed = lines
        .next()
        .and_then(|l| b64().decode(l.trim()).ok())
        .and_then(|v| <[u8; 32]>::try_from(v).ok())
        .ok_or_else(|| bad(path, "the secret key is damaged"))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Reads a public key file (`KEY.pub`).
pub fn read_public_key(path: &Path) -> Result<PublicKey> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("").trim();
    let Some(id) = header.strip_prefix(PUBLIC_HEADER).map(str::trim) else {
        return Err(bad(path, "not a public key made by `cailiang keys gen`"));
    };
    let bytes = lines
        .next()
        .and_then(|l| b64().decode(l.trim()).ok())
        .and_then(|v| <[u8; 32]>::try_from(v).ok())
        .ok_or_else(|| bad(path, "the public key is damaged"))?;
    let key =
        VerifyingKey::from_bytes(&bytes).map_err(|_| bad(path, "the public key is damaged"))?;
    if key_id(&key) != id {
        return Err(bad(path, "the key id does not match the key"));
    }
    Ok(PublicKey {
        id: id.to_string(),
        key,
    })
}

/// Reads every public key file a user trusts.
pub fn read_public_keys(paths: &[std::path::PathBuf]) -> Result<Vec<PublicKey>> {
    paths.iter().map(|p| read_public_key(p)).collect()
}

/// A list the pack's library follows, as the manifest names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListInfo {
    pub id: String,
    pub title: String,
    pub doc_number: Option<String>,
    pub effective: chrono::NaiveDate,
    pub until: Option<chrono::NaiveDate>,
}

/// The lists a library follows, with their 文号 and dates.
pub fn lists_of(lib: &Library) -> Vec<ListInfo> {
    lib.departments
        .iter()
        .flat_map(|d| d.lists.iter())
        .map(|l| ListInfo {
            id: l.id.clone(),
            title: l.title.clone(),
            doc_number: l.doc_number.clone(),
            effective: l.effective,
            until: l.until,
        })
        .collect()
}

/// What changed since the pack this one replaces (ids of benchmarks and exemption items).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// The version of the pack replaced; None for a first pack.
    pub since: Option<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

/// The signed part of a pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: String,
    pub title: String,
    /// The library's content hash (as receipts show it).
    pub content_hash: String,
    pub created: chrono::NaiveDate,
    pub signer: String,
    pub lists: Vec<ListInfo>,
    pub changes: Changes,
    /// Path inside the pack -> SHA-256 of its bytes.
    pub files: BTreeMap<String, String>,
}

/// Makes a pack from a rules directory: validates it, compares it with the pack it replaces
/// (when given, which must verify under `previous_trust`), signs it, writes `out`.
pub fn make(
    dir: &Path,
    key: &SigningKey,
    previous: Option<(&Path, &PublicKey)>,
    out: &Path,
) -> Result<Manifest> {
    let files = RuleFiles::read_dir(dir)?;
    let lib = rules::load(&files)?;
    let changes = match previous {
        None => Changes::default(),
        Some((p, trust)) => {
            let (old, m) = open(p, std::slice::from_ref(trust))?;
            changes_between(&old, &lib, m.version)
        }
    };
    let mut listed = BTreeMap::new();
    for (path, text) in &files.files {
        listed.insert(format!("rules/{path}"), sha256_hex(text.as_bytes()));
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: lib.version.clone(),
        title: lib.title.clone(),
        content_hash: lib.content_hash.clone(),
        created: chrono::Local::now().date_naive(),
        signer: key_id(&key.verifying_key()),
        lists: lists_of(&lib),
        changes,
        files: listed,
    };
    let manifest_bytes =
        serde_json::to_vec_pretty(&manifest).map_err(|e| bad(out, e.to_string()))?;
    let signature = key.sign(&manifest_bytes);
    let sig_text = format!(
        "{}\n{}\n",
        manifest.signer,
        b64().encode(signature.to_bytes())
    );
    // Written beside the target and renamed: a failed run never leaves half a pack.
    let tmp = out.with_extension("clpack.partial");
    let write = || -> std::result::Result<(), Box<dyn std::error::Error>> {
        let f = std::fs::File::create(&tmp)?;
        let mut z = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("manifest.json", opts)?;
        z.write_all(&manifest_bytes)?;
        z.start_file("manifest.sig", opts)?;
        z.write_all(sig_text.as_bytes())?;
        for (path, text) in &files.files {
            z.start_file(format!("rules/{path}"), opts)?;
            z.write_all(text.as_bytes())?;
        }
        z.finish()?.sync_all()?;
        Ok(())
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(bad(out, format!("cannot write the pack: {e}")));
    }
    std::fs::rename(&tmp, out).map_err(|e| Error::io(out, e))?;
    Ok(manifest)
}

/// Benchmarks and exemption items added, removed and changed from `old` to `new`.
pub fn changes_between(old: &Library, new: &Library, since: String) -> Changes {
    fn items(lib: &Library) -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        for b in &lib.benchmarks {
            // Where an item is written (its origin) is not a change of the item.
            let mut b = b.clone();
            b.origin = Default::default();
            for e in &mut b.exemptions {
                e.origin = Default::default();
            }
            for e in &b.exemptions {
                m.insert(e.id.clone(), serde_json::to_string(e).unwrap_or_default());
            }
            b.exemptions.clear();
            m.insert(b.id.clone(), serde_json::to_string(&b).unwrap_or_default());
        }
        m
    }
    let (a, b) = (items(old), items(new));
    let ka: BTreeSet<&String> = a.keys().collect();
    let kb: BTreeSet<&String> = b.keys().collect();
    Changes {
        since: Some(since),
        added: kb.difference(&ka).map(|s| s.to_string()).collect(),
        removed: ka.difference(&kb).map(|s| s.to_string()).collect(),
        changed: ka
            .intersection(&kb)
            .filter(|k| a.get(**k) != b.get(**k))
            .map(|s| s.to_string())
            .collect(),
    }
}

/// Opens and checks a pack against the trusted keys; returns its validated library (with its
/// source set) and its manifest.
pub fn open(path: &Path, trusted: &[PublicKey]) -> Result<(Library, Manifest)> {
    let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut z =
        zip::ZipArchive::new(f).map_err(|_| bad(path, "not a library pack (not a ZIP file)"))?;
    if z.len() > MAX_ENTRIES {
        return Err(bad(path, "not a library pack (too many entries)"));
    }
    let mut entries: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for i in 0..z.len() {
        let mut e = z
            .by_index(i)
            .map_err(|e| bad(path, format!("the pack is damaged: {e}")))?;
        if e.is_dir() {
            continue;
        }
        let name = e
            .name()
            .map_err(|_| bad(path, "the pack is damaged (an entry name cannot be read)"))?
            .to_string();
        if e.size() > MAX_ENTRY_BYTES {
            return Err(bad(path, format!("{name}: too large for a library file")));
        }
        let mut buf = Vec::new();
        e.by_ref()
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut buf)
            // A changed byte of compressed data fails the ZIP checksum here.
            .map_err(|_| {
                bad(
                    path,
                    format!("{name} was changed after signing (checksum fails)"),
                )
            })?;
        entries.insert(name, buf);
    }
    let manifest_bytes = entries
        .remove("manifest.json")
        .ok_or_else(|| bad(path, "not a library pack (no manifest.json)"))?;
    let sig = entries
        .remove("manifest.sig")
        .ok_or_else(|| bad(path, "the pack is not signed (no manifest.sig): refused"))?;
    let sig = String::from_utf8_lossy(&sig);
    let mut lines = sig.lines();
    let signer = lines.next().unwrap_or("").trim().to_string();
    let Some(key) = trusted.iter().find(|k| k.id == signer) else {
        return Err(bad(
            path,
            format!(
                "signed by key {signer}, which is not trusted here (trusted: {}): refused",
                if trusted.is_empty() {
                    "none".to_string()
                } else {
                    trusted
                        .iter()
                        .map(|k| k.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ),
        ));
    };
    let signature = lines
        .next()
        .and_then(|l| b64().decode(l.trim()).ok())
        .and_then(|v| Signature::from_slice(&v).ok())
        .ok_or_else(|| bad(path, "the signature is damaged: refused"))?;
    key.key.verify(&manifest_bytes, &signature).map_err(|_| {
        bad(
            path,
            "the manifest was changed after signing (the signature does not hold): refused",
        )
    })?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| bad(path, format!("the manifest cannot be read: {e}")))?;
    if manifest.format != FORMAT {
        return Err(bad(
            path,
            format!(
                "pack format {} is not one this version reads ({FORMAT})",
                manifest.format
            ),
        ));
    }
    if manifest.signer != signer {
        return Err(bad(
            path,
            "the manifest names another signer than the signature: refused",
        ));
    }
    for (name, hash) in &manifest.files {
        let Some(bytes) = entries.get(name) else {
            return Err(bad(
                path,
                format!("{name} is missing from the pack: refused"),
            ));
        };
        if sha256_hex(bytes) != *hash {
            return Err(bad(
                path,
                format!("{name} was changed after signing: refused"),
            ));
        }
    }
    if let Some(extra) = entries.keys().find(|k| !manifest.files.contains_key(*k)) {
        return Err(bad(
            path,
            format!("{extra} was added after signing: refused"),
        ));
    }
    let mut files = RuleFiles::default();
    for (name, bytes) in entries {
        let rel = name.strip_prefix("rules/").unwrap_or(&name).to_string();
        let text =
            String::from_utf8(bytes).map_err(|_| bad(path, format!("{name} is not UTF-8")))?;
        files.files.push((rel, text));
    }
    files.files.sort();
    let mut lib = rules::load(&files)?;
    lib.pack = Some(PackSource {
        version: manifest.version.clone(),
        signer: manifest.signer.clone(),
    });
    Ok((lib, manifest))
}
