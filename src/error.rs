//! Typed errors. Every error that comes from input names its place: `file:line` for rules,
//! row and column for imported cases.

use std::fmt;
use std::path::PathBuf;

/// One problem in the rules, at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}", render_diagnostics(.0))]
    InvalidRules(Vec<Diagnostic>),

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("library database: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),

    #[error("library {path}: {reason}")]
    BadLibrary { path: String, reason: String },

    #[error(
        "unknown item id `{id}`; known ids look like {examples} (`cailiang search` finds them)"
    )]
    UnknownItem { id: String, examples: String },

    #[error("unknown fact `{given}`; known facts: {known}")]
    UnknownFact { given: String, known: String },

    #[error("no item matches `{query}`; try other words or an item id")]
    NoMatch { query: String },

    #[error("{what}: {reason}")]
    BadInput { what: String, reason: String },

    #[error("{0}")]
    Decide(#[from] crate::decision::DecideError),

    #[error("cancelled")]
    Cancelled,
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

fn render_diagnostics(d: &[Diagnostic]) -> String {
    let mut s = String::new();
    for (i, x) in d.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&x.to_string());
    }
    s
}

pub type Result<T> = std::result::Result<T, Error>;
