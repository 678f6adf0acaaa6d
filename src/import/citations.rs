//! Citations as lists write them — 《食品安全法》第三十五条第一款, 《中华人民共和国价格法》第十三条、
//! 第四十二条, several in a cell, full names or 简称 — read against the laws the rules directory
//! declares. A law the rules do not declare, or an article its text does not hold, is reported;
//! never guessed.

use crate::model::{article_part, Library};

/// One citation read from a cell: the law's id in the library and the article (with its
/// 款/项 as written).
#[derive(Debug, Clone, PartialEq)]
pub struct Cited {
    pub law: String,
    pub article: String,
}

fn is_numeral(c: char) -> bool {
    "零〇一二三四五六七八九十百千两".contains(c) || c.is_ascii_digit()
}

/// 第…条, then optional 第…款 and 第（…）项, starting at `chars[i]` == '第'. Returns the text and
/// the index after it.
fn article_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    let mut j = i + 1;
    while j < chars.len() && is_numeral(chars[j]) {
        j += 1;
    }
    if j == i + 1 || chars.get(j) != Some(&'条') {
        return None;
    }
    j += 1;
    let mut end = j;
    // 第…款
    if chars.get(j) == Some(&'第') {
        let mut k = j + 1;
        while k < chars.len() && is_numeral(chars[k]) {
            k += 1;
        }
        if k > j + 1 && chars.get(k) == Some(&'款') {
            end = k + 1;
        }
    }
    // 第（…）项 or 第…项
    if chars.get(end) == Some(&'第') {
        let mut k = end + 1;
        let open = matches!(chars.get(k), Some('（') | Some('('));
        if open {
            k += 1;
        }
        let start = k;
        while k < chars.len() && is_numeral(chars[k]) {
            k += 1;
        }
        if open && matches!(chars.get(k), Some('）') | Some(')')) {
            k += 1;
        }
        if k > start && chars.get(k) == Some(&'项') {
            end = k + 1;
        }
    }
    let text: String = chars[i..end]
        .iter()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => *c,
        })
        .collect();
    Some((text, end))
}

/// The law a name in 《》 means, by full name, short name (without 中华人民共和国) or id; a
/// version note in brackets after the name (（2021修正）) is ignored.
pub fn law_id(lib: &Library, name: &str) -> Option<String> {
    let base = name
        .split(['（', '('])
        .next()
        .unwrap_or(name)
        .trim()
        .trim_start_matches("中华人民共和国");
    lib.laws
        .iter()
        .find(|l| {
            l.id == base || l.name == name || l.name.trim_start_matches("中华人民共和国") == base
        })
        .map(|l| l.id.clone())
}

/// Whether the law's text (any version the library holds) has the article.
pub fn has_article(lib: &Library, law: &str, article: &str) -> bool {
    let part = article_part(article);
    lib.law(law).is_some_and(|l| {
        l.versions
            .iter()
            .any(|v| v.articles.iter().any(|a| a.no == part))
    })
}

/// Every citation in a cell, and what could not be read (a law not declared, an article its text
/// lacks, an article with no law before it).
pub fn parse(lib: &Library, cell: &str) -> (Vec<Cited>, Vec<String>) {
    let chars: Vec<char> = cell.chars().collect();
    let (mut found, mut problems) = (Vec::new(), Vec::new());
    let mut law: Option<Result<String, String>> = None;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '《' => {
                let close = chars[i..].iter().position(|c| *c == '》').map(|p| i + p);
                let Some(close) = close else {
                    problems.push("《 without 》".to_string());
                    break;
                };
                let name: String = chars[i + 1..close].iter().collect();
                law = Some(law_id(lib, &name).ok_or(name));
                i = close + 1;
            }
            '第' => match article_at(&chars, i) {
                Some((article, next)) => {
                    match &law {
                        Some(Ok(id)) => {
                            if has_article(lib, id, &article) {
                                let c = Cited {
                                    law: id.clone(),
                                    article,
                                };
                                if !found.contains(&c) {
                                    found.push(c);
                                }
                            } else {
                                problems.push(format!("《{id}》{article} is not in the law's text the rules hold"));
                            }
                        }
                        Some(Err(name)) => problems.push(format!(
                            "《{name}》 is not a law the rules declare (add rules/laws/<id>.toml first)"
                        )),
                        None => problems.push(format!("{article} names no law before it")),
                    }
                    i = next;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    problems.dedup();
    (found, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib() -> Library {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
        crate::rules::load_dir(&dir).unwrap()
    }

    #[test]
    fn several_citations_full_and_short_names_and_parts() {
        let lib = lib();
        let (c, p) = parse(
            &lib,
            "《中华人民共和国价格法》第十三条第一款、第四十二条；《食品安全法》第三十四条第（十）项",
        );
        assert!(p.is_empty(), "{p:?}");
        let got: Vec<(String, String)> = c.into_iter().map(|x| (x.law, x.article)).collect();
        assert_eq!(
            got,
            vec![
                ("价格法".into(), "第十三条第一款".into()),
                ("价格法".into(), "第四十二条".into()),
                ("食品安全法".into(), "第三十四条第（十）项".into()),
            ]
        );
    }

    #[test]
    fn unknown_laws_and_articles_are_reported_not_guessed() {
        let lib = lib();
        let (c, p) = parse(
            &lib,
            "《无人驾驶航空器飞行管理暂行条例》第二十条；《价格法》第九百条",
        );
        assert!(c.is_empty());
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].contains("not a law the rules declare"));
        assert!(p[1].contains("第九百条"));
        let (c, p) = parse(&lib, "第三条");
        assert!(c.is_empty());
        assert!(p[0].contains("names no law"), "{p:?}");
    }
}
