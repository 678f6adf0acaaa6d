//! The rules bundled into the binary at build time (see build.rs).

use crate::rules::RuleFiles;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The bundled rules as files, ready for `rules::load`.
pub fn rule_files() -> RuleFiles {
    RuleFiles {
        files: FILES
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
    }
}
