//! Rows whose provisions no benchmark rests on: a draft benchmark for each, written beside the
//! imported rules (`<out>/drafts/`, which the rules loader never reads). A list row names the act
//! and its provisions but not the kinds of penalty or the fine range — those are the law's, and
//! filling them in is the legal staff's work, not a guess of the importer. So a draft holds what
//! the row gives, says what is missing, and stays out of the library until someone completes it,
//! moves it into `departments/` and imports the list again.

use super::citations::Cited;
use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize)]
pub struct Cite {
    pub law: String,
    pub article: String,
}

/// A benchmark as far as a list row can tell.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// The next free id of the department, proposed.
    pub id: String,
    pub violation: String,
    pub provenance: String,
    pub violated: Vec<Cite>,
    pub penalty: Vec<Cite>,
}

#[derive(Serialize)]
struct File<'a> {
    benchmarks: &'a [Draft],
}

pub fn cites(c: &[Cited]) -> Vec<Cite> {
    c.iter()
        .map(|c| Cite {
            law: c.law.clone(),
            article: c.article.clone(),
        })
        .collect()
}

/// `SCJG-066` after SCJG-065 (and after the drafts already proposed).
pub fn next_id(lib: &crate::model::Library, dept: &str, proposed: usize) -> String {
    let prefix = format!("{dept}-");
    let max = lib
        .benchmarks
        .iter()
        .filter_map(|b| b.id.strip_prefix(&prefix))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{dept}-{:03}", max as usize + 1 + proposed)
}

const HEAD: &str = "\
# 草稿：清单中没有对应裁量基准的事项（rules import 生成，不在规则库中）。
# 每个草稿只有清单给出的内容：违法行为、违反条款、处罚依据。处罚种类（kinds）、罚款幅度
# （fine 或 fine_by_party）、措施（measures）须由法制人员依据处罚条款补全，写明出处
# （provenance），核对编号后移入 departments/ 下本部门的文件，再重新导入清单。
# 格式见 docs/rules-format.md。
";

/// Writes the drafts to `<out>/drafts/<list id>.toml`; returns its path.
pub fn write(out: &Path, list_id: &str, drafts: &[Draft]) -> Result<PathBuf> {
    let dir = out.join("drafts");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let path = dir.join(format!("{list_id}.toml"));
    let body = toml::to_string(&File { benchmarks: drafts }).map_err(|e| Error::BadInput {
        what: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let text = format!("{HEAD}# 待补全：kinds、fine、measures\n\n{body}");
    std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
    Ok(path)
}
