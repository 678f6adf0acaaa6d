//! Signed library packs (`keys gen`, `rules pack`, `pack verify`, `--library FILE.clpack
//! --trust KEY.pub`): a pack opens only unchanged and signed by a trusted key, every refusal
//! says which check failed, receipts name the pack, and a pack records what changed since the
//! one it replaces.

#[path = "support/cli.rs"]
mod cli;

use cli::{cailiang, copy_dir, Tmp};
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn refused(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "accepted: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp(name: &str) -> Tmp {
    cli::tmp("pack", name)
}

/// `rules pack RULES --key KEY --out OUT` and any further arguments, run in `d`.
fn pack(d: &Path, rules: &str, key: &str, out: &str, more: &[&str]) -> Output {
    let mut args = vec!["rules", "pack", rules, "--key", key, "--out", out];
    args.extend_from_slice(more);
    cailiang(d, &args)
}

fn fixture_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// Rewrites a pack's entries through `edit` (None drops the entry), as a tamperer would.
fn rewrite(from: &Path, to: &Path, edit: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) {
    let mut z = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..z.len() {
        let mut e = z.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if let Some(b) = edit(&name, bytes) {
            w.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(&b).unwrap();
        }
    }
    w.finish().unwrap();
}

#[test]
fn a_pack_opens_only_unchanged_and_signed_by_a_trusted_key() {
    let t = tmp("trust");
    let d = &t.0;
    let rules = fixture_rules();
    ok(&cailiang(d, &["keys", "gen", "--out", "office.key"]));
    ok(&cailiang(d, &["keys", "gen", "--out", "other.key"]));
    // A key is never overwritten.
    assert!(
        refused(&cailiang(d, &["keys", "gen", "--out", "office.key"])).contains("exists already")
    );
    let made = ok(&pack(
        d,
        rules.to_str().unwrap(),
        "office.key",
        "a.clpack",
        &["--json"],
    ));
    let m: Value = serde_json::from_str(&made).unwrap();
    let signer = m["signer"].as_str().unwrap().to_string();
    assert_eq!(m["version"], "test.1");
    assert!(m["lists"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["id"] == "SCJG-L1"));
    assert!(!std::fs::read_to_string(d.join("office.key.pub"))
        .unwrap()
        .contains("secret"));

    ok(&cailiang(
        d,
        &["pack", "verify", "a.clpack", "--trust", "office.key.pub"],
    ));
    let e = refused(&cailiang(
        d,
        &["pack", "verify", "a.clpack", "--trust", "other.key.pub"],
    ));
    assert!(e.contains(&signer) && e.contains("not trusted"), "{e}");
    let e = refused(&cailiang(d, &["pack", "verify", "a.clpack"]));
    assert!(e.contains("not trusted"), "{e}");
    // A secret key is not a public key, and a public key cannot sign.
    assert!(refused(&cailiang(
        d,
        &["pack", "verify", "a.clpack", "--trust", "office.key"]
    ))
    .contains("not a public key"));
    assert!(refused(&pack(
        d,
        rules.to_str().unwrap(),
        "office.key.pub",
        "x.clpack",
        &[]
    ))
    .contains("cannot sign"));

    // Tampered packs, each refused with the check that failed.
    let a = d.join("a.clpack");
    rewrite(&a, &d.join("changed.clpack"), |n, b| {
        Some(if n == "rules/policy.toml" {
            String::from_utf8(b)
                .unwrap()
                .replacen("0.3", "0.4", 1)
                .into_bytes()
        } else {
            b
        })
    });
    rewrite(&a, &d.join("unsigned.clpack"), |n, b| {
        (n != "manifest.sig").then_some(b)
    });
    rewrite(&a, &d.join("manifest.clpack"), |n, b| {
        Some(if n == "manifest.json" {
            String::from_utf8(b)
                .unwrap()
                .replacen("test.1", "test.9", 1)
                .into_bytes()
        } else {
            b
        })
    });
    rewrite(&a, &d.join("missing.clpack"), |n, b| {
        (n != "rules/policy.toml").then_some(b)
    });
    rewrite(&a, &d.join("added.clpack"), |n, b| {
        Some(if n == "rules/synonyms/fixture.toml" {
            let mut s = String::from_utf8(b).unwrap();
            s.push('\n');
            s.into_bytes()
        } else {
            b
        })
    });
    std::fs::copy(&a, d.join("extra.clpack")).unwrap();
    {
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(d.join("extra.clpack"))
            .unwrap();
        let mut w = zip::ZipWriter::new_append(f).unwrap();
        w.start_file(
            "rules/departments/ZZ.toml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(b"code = \"ZZ\"\n").unwrap();
        w.finish().unwrap();
    }
    let mut flipped = std::fs::read(&a).unwrap();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x20;
    std::fs::write(d.join("flipped.clpack"), flipped).unwrap();
    for (file, says) in [
        (
            "changed.clpack",
            "rules/policy.toml was changed after signing",
        ),
        ("unsigned.clpack", "not signed"),
        ("manifest.clpack", "the manifest was changed after signing"),
        ("missing.clpack", "rules/policy.toml is missing"),
        (
            "added.clpack",
            "rules/synonyms/fixture.toml was changed after signing",
        ),
        (
            "extra.clpack",
            "rules/departments/ZZ.toml was added after signing",
        ),
        ("flipped.clpack", "refused"),
    ] {
        let e = refused(&cailiang(
            d,
            &["pack", "verify", file, "--trust", "office.key.pub"],
        ));
        assert!(
            e.contains(says) || (says == "refused" && e.contains("changed")),
            "{file}: {e}"
        );
        // The same pack is refused as a library too.
        refused(&cailiang(
            d,
            &[
                "--library",
                file,
                "--trust",
                "office.key.pub",
                "decide",
                "SCJG-001",
            ],
        ));
    }

    // Receipts name the pack the answer came from; a pack without --trust is refused.
    let out = ok(&cailiang(
        d,
        &[
            "--library",
            "a.clpack",
            "--trust",
            "office.key.pub",
            "decide",
            "SCJG-001",
            "--json",
        ],
    ));
    let dec: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(dec["receipt"]["pack"]["signer"], signer.as_str());
    assert_eq!(dec["receipt"]["pack"]["version"], "test.1");
    assert!(refused(&cailiang(
        d,
        &["--library", "a.clpack", "decide", "SCJG-001"]
    ))
    .contains("--trust"));
}

#[test]
fn a_pack_records_what_changed_since_the_pack_it_replaces() {
    let t = tmp("changes");
    let d = &t.0;
    let v1 = d.join("v1");
    copy_dir(&fixture_rules(), &v1);
    ok(&cailiang(d, &["keys", "gen", "--out", "office.key"]));
    ok(&pack(d, "v1", "office.key", "v1.clpack", &[]));
    // Version 2: one benchmark's legal range changes.
    let v2 = d.join("v2");
    copy_dir(&v1, &v2);
    let scjg = v2.join("departments/SCJG.toml");
    let text = std::fs::read_to_string(&scjg).unwrap();
    let changed = text.replacen(
        "fine = { min = 0, max = 5000 }",
        "fine = { min = 0, max = 6000 }",
        1,
    );
    assert_ne!(changed, text, "the fixture's first fine is 0–5000");
    std::fs::write(&scjg, changed).unwrap();
    let rules_toml = v2.join("rules.toml");
    let r = std::fs::read_to_string(&rules_toml).unwrap();
    std::fs::write(&rules_toml, r.replacen("test.1", "test.2", 1)).unwrap();
    let out = ok(&pack(
        d,
        "v2",
        "office.key",
        "v2.clpack",
        &[
            "--replaces",
            "v1.clpack",
            "--trust",
            "office.key.pub",
            "--json",
        ],
    ));
    let m: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(m["version"], "test.2");
    assert_eq!(m["changes"]["since"], "test.1");
    assert_eq!(
        m["changes"]["changed"],
        serde_json::json!(["SCJG-001"]),
        "{m}"
    );
    assert_eq!(m["changes"]["added"], serde_json::json!([]));
    assert_eq!(m["changes"]["removed"], serde_json::json!([]));
    let v: Value = serde_json::from_str(&ok(&cailiang(
        d,
        &[
            "pack",
            "verify",
            "v2.clpack",
            "--trust",
            "office.key.pub",
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(v["changes"]["changed"], serde_json::json!(["SCJG-001"]));
    // Replacing a pack nobody trusts is refused.
    assert!(refused(&pack(
        d,
        "v2",
        "office.key",
        "v3.clpack",
        &["--replaces", "v1.clpack"]
    ))
    .contains("--trust"));
}

#[test]
fn the_shelf_imports_a_verified_pack_switches_to_it_and_back_and_survives_a_restart() {
    use cailiang::shelf::Shelf;
    let t = tmp("shelf");
    let d = &t.0;
    ok(&cailiang(d, &["keys", "gen", "--out", "office.key"]));
    ok(&cailiang(d, &["keys", "gen", "--out", "other.key"]));
    let rules = fixture_rules();
    for (key, out) in [("office.key", "a.clpack"), ("other.key", "b.clpack")] {
        ok(&pack(d, rules.to_str().unwrap(), key, out, &[]));
    }
    let shelf = Shelf::at(&d.join("shelf"));
    let (builtin, warning) = shelf.open_in_use().unwrap();
    assert!(warning.is_none() && builtin.lib.pack.is_none());
    // Nothing is trusted yet: the pack is refused, and says what to do.
    let e = shelf
        .inspect(&d.join("a.clpack"), &builtin.lib)
        .unwrap_err();
    assert!(e.to_string().contains("KEY.pub"), "{e}");
    // A secret key is not accepted as a trusted key.
    assert!(shelf.add_key(&d.join("office.key")).is_err());
    let id = shelf.add_key(&d.join("office.key.pub")).unwrap();
    assert_eq!(shelf.trusted().unwrap().len(), 1);

    // Inspecting says what would change against the library in use, and writes nothing.
    let seen = shelf.inspect(&d.join("a.clpack"), &builtin.lib).unwrap();
    assert_eq!(seen.manifest.version, "test.1");
    assert!(seen.benchmarks > 0 && !seen.against_current.removed.is_empty());
    assert!(shelf.active().is_none());
    // A pack signed by a key not trusted is refused and not installed.
    assert!(shelf.install(&d.join("b.clpack")).is_err());
    assert!(shelf.packs().unwrap().is_empty());

    let name = shelf.install(&d.join("a.clpack")).unwrap();
    std::fs::remove_file(d.join("a.clpack")).unwrap();
    // A restart: a new shelf over the same folder opens the pack, signed and named.
    let shelf = Shelf::at(&d.join("shelf"));
    let (store, warning) = shelf.open_in_use().unwrap();
    assert!(warning.is_none());
    assert_eq!(store.lib.pack.as_ref().unwrap().version, "test.1");
    assert!(store.lib.benchmark("SCJG-001").is_some());
    let packs = shelf.packs().unwrap();
    assert_eq!(packs.len(), 1);
    assert!(packs[0].active && packs[0].problem.is_none() && packs[0].file == name);

    // Back to the built-in library, then to the pack again.
    shelf.use_builtin().unwrap();
    assert!(shelf.open_in_use().unwrap().0.lib.pack.is_none());
    shelf.use_pack(&name).unwrap();
    assert!(shelf.use_pack("../a.clpack").is_err());

    // The pack changed on disk: not used; the built-in library opens and the reason is given.
    let on_shelf = d.join("shelf/packs").join(&name);
    let mut bytes = std::fs::read(&on_shelf).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0x55;
    std::fs::write(&on_shelf, bytes).unwrap();
    let (store, warning) = shelf.open_in_use().unwrap();
    assert!(store.lib.pack.is_none());
    assert!(warning.unwrap().contains("内置参考库"));
    assert!(shelf.packs().unwrap()[0].problem.is_some());
    // Removing the key: its packs can no longer be switched on.
    assert!(shelf.remove_key(&id).unwrap());
    assert!(!shelf.remove_key(&id).unwrap());
    assert!(shelf.remove_key("../x").is_err());
}

#[test]
fn a_pack_of_an_older_format_is_refused_by_name_even_when_properly_signed() {
    use base64::Engine as _;
    use ed25519_dalek::Signer as _;
    let t = tmp("format");
    let d = &t.0;
    ok(&cailiang(d, &["keys", "gen", "--out", "office.key"]));
    let rules = fixture_rules();
    ok(&pack(
        d,
        rules.to_str().unwrap(),
        "office.key",
        "a.clpack",
        &[],
    ));
    // The office re-signs a manifest that says format 0: the signature holds, the format does not.
    let key = cailiang::pack::read_secret_key(&d.join("office.key")).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut z = zip::ZipArchive::new(std::fs::File::open(d.join("a.clpack")).unwrap()).unwrap();
    let mut manifest = String::new();
    z.by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let old = manifest.replacen("cailiang-pack/1", "cailiang-pack/0", 1);
    assert_ne!(old, manifest);
    let mut sig = String::new();
    z.by_name("manifest.sig")
        .unwrap()
        .read_to_string(&mut sig)
        .unwrap();
    let signer = sig.lines().next().unwrap().to_string();
    let new_sig = format!(
        "{signer}\n{}\n",
        b64.encode(key.sign(old.as_bytes()).to_bytes())
    );
    rewrite(&d.join("a.clpack"), &d.join("old.clpack"), |n, b| {
        Some(match n {
            "manifest.json" => old.clone().into_bytes(),
            "manifest.sig" => new_sig.clone().into_bytes(),
            _ => b,
        })
    });
    let e = refused(&cailiang(
        d,
        &["pack", "verify", "old.clpack", "--trust", "office.key.pub"],
    ));
    assert!(
        e.contains("pack format cailiang-pack/0 is not one this version reads"),
        "{e}"
    );
}
