//! `keys gen`, `rules pack` and `pack verify`: an office's signed library packs.

use super::*;
use cailiang::pack;
use std::path::Path;

pub fn keys(command: &KeysCommand) -> Result<Output> {
    match command {
        KeysCommand::Gen { out } => {
            let public_path = PathBuf::from(format!("{}.pub", out.display()));
            for p in [out, &public_path] {
                if p.exists() {
                    return Err(Error::BadInput {
                        what: p.display().to_string(),
                        reason: "exists already: a key is never overwritten".into(),
                    });
                }
            }
            let (secret, public, id) = pack::generate_keys()?;
            write_new(out, &secret)?;
            write_new(&public_path, &public)?;
            ok(format!(
                "密钥 {id}：私钥 {}（签发机关保管），公钥 {}（分发给各终端）\n",
                out.display(),
                public_path.display()
            ))
        }
    }
}

/// Writes a file that must not exist yet; a secret key is readable by its owner only.
fn write_new(path: &Path, text: &str) -> Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(if path.extension().is_some_and(|e| e == "pub") {
            0o644
        } else {
            0o600
        });
    }
    let mut f = o.open(path).map_err(|e| Error::io(path, e))?;
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| Error::io(path, e))
}

pub fn make(
    cli: &Cli,
    dir: &Path,
    key: &Path,
    out: &Path,
    replaces: Option<&Path>,
    json: bool,
) -> Result<Output> {
    let key = pack::read_secret_key(key)?;
    let trusted = trusted_keys(cli)?;
    let previous = match replaces {
        None => None,
        Some(p) => {
            let Some(k) = trusted.first() else {
                return Err(Error::BadInput {
                    what: p.display().to_string(),
                    reason: "the pack replaced is read only with --trust KEY.pub".into(),
                });
            };
            Some((p, k))
        }
    };
    let m = pack::make(dir, &key, previous, out)?;
    if json {
        return ok(to_json(&m));
    }
    ok(format!(
        "已签发 {}：版本 {}，签发密钥 {}，{} 个文件，{} 份清单；变更：新增 {}、删除 {}、修改 {}\n",
        out.display(),
        m.version,
        m.signer,
        m.files.len(),
        m.lists.len(),
        m.changes.added.len(),
        m.changes.removed.len(),
        m.changes.changed.len()
    ))
}

pub fn pack(cli: &Cli, command: &PackCommand) -> Result<Output> {
    match command {
        PackCommand::Verify { file, json } => {
            let trusted = trusted_keys(cli)?;
            let (lib, m) = pack::open(file, &trusted)?;
            if *json {
                return ok(to_json(&json!({
                    "ok": true,
                    "version": m.version,
                    "title": m.title,
                    "signer": m.signer,
                    "created": m.created,
                    "benchmarks": lib.benchmarks.len(),
                    "lists": m.lists,
                    "changes": m.changes,
                })));
            }
            ok(format!(
                "签名有效：{} 版本 {}，签发密钥 {}，{} 个事项\n",
                m.title,
                m.version,
                m.signer,
                lib.benchmarks.len()
            ))
        }
    }
}
