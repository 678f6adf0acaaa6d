//! 裁量通 (Cailiang): offline administrative penalty discretion.
//!
//! Data flows one way: `rules/` (TOML reviewed by people) -> [`rules`] (validated [`model`]) ->
//! [`library`] (SQLite + search index) -> [`search`] / [`engine`] / [`audit`] -> the `cailiang`
//! binary's CLI or the desktop app, both turning text into a typed request through [`request`].
//! Nothing here prints; the CLI and the Tauri commands are thin.
//!
//! ```
//! use cailiang::{engine, library, model::Fact};
//! let store = library::open_rules_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules").as_path()).unwrap();
//! let hits = store.searcher.search(&store.lib, "超市商品没贴价签", 3, None).unwrap();
//! let item = store.lib.benchmark(&hits[0].id).unwrap();
//! let d = engine::decide(&store.lib, item, &engine::Query::with_facts(&[Fact::FirstOffense])).unwrap();
//! println!("{} {}", d.tier_zh, d.reasoning);
//! ```

pub mod audit;
pub mod cases;
pub mod catalog;
pub mod decision;
pub mod document;
pub mod embedded;
pub mod engine;
pub mod error;
pub mod eval;
pub mod history;
pub mod import;
pub mod labels;
pub mod library;
pub mod model;
pub mod pack;
pub mod paths;
pub mod reasoning;
pub mod request;
pub mod rules;
pub mod search;
pub mod shelf;
pub mod tempfiles;

pub use error::{Error, Result};
