// The sources of an item as officers read them. The library's provenance notes are written for
// its maintainers too: confidence marks (H)(M), which text copy was compared (LawRefBook,
// just-laws), web addresses a page was read from, rule-file codes (escalations, fine_requires) and
// rules/…toml:123. The user sees the titles, 文号, dates and legal reasoning only. Pure: no DOM.

// A web address, with or without its scheme (读自 wsjkw.cq.gov.cn/zwgk/…/x.html).
const URL_RE = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[\w\-.~:/?#@!$&'*+=%]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|org|net|gov|edu|html?)\b(?:\/[\w\-.~:/?#@!$&'*+=%]*)?/gi;

// A piece of a note that is for maintainers only (checked after the addresses are taken out).
const MAINTAINER = [
  /^\s*[HML]\s*$|[HML]级|可信度|置信度|\b[HML]\s*$/, // confidence marks
  /LawRefBook|just-laws|qcmuu|Theonefkguy|Chinese-Laws|\bLaws\b/i, // which text copy was compared
  /读自|转载|转引|镜像|二手|研究资料|研究摘录|检索工具|页面开头|网站原文|原文$|只读到|未能读到|未核原件|著录|录入/,
  /rules\/|\.toml|\.tsv|建模|\d{4}[^，；]*本?核对$/,
  /[a-z_]{3,}/, // a rule-file field or code (escalations, refused_correction, fine, limitation)
];
// A sentence that only tells how the library was kept (which entry replaced which): dropped whole.
const BOOKKEEPING = /为保持免罚事项总数|编号移用|本库采第|未采(?!用)/;

const OPEN = '（《〈“\u0001';
const CLOSE = '）》〉”\u0002';

/** Splits after each separator in `seps` that is outside brackets, book titles and quotes. */
function splitTop(text, seps) {
  const out = [];
  let depth = 0;
  let from = 0;
  let at = 0;
  for (const c of text) {
    at += c.length;
    if (OPEN.includes(c)) depth += 1;
    else if (CLOSE.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && seps.includes(c)) {
      out.push(text.slice(from, at));
      from = at;
    }
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

/** A piece without its trailing separator and its bracketed notes, as the markers see it. */
const bare = (piece) => piece.replace(/[，；。]$/, '').replace(/\u0001[^\u0001\u0002]*\u0002|（[^（）]*）/g, '');
// A caveat about the source — not yet checked against the original, sources that disagree — is
// for the officer too: an item is never shown as surer than its source. It stays unless it also
// names a tool, a file or a code.
const CAVEAT = /待核|未见|未核|不一致|存疑|尚未核实/;
const forMaintainers = (piece) => {
  const b = bare(piece);
  // Only the wording of how a text was read (读自 …, 原文) gives way to a caveat; marks, tools,
  // files and codes never do.
  if (CAVEAT.test(b) && MAINTAINER.every((re, i) => i === 2 || !re.test(b))) return false;
  return MAINTAINER.some((re) => re.test(b));
};

/** Keeps the pieces of `text` (split after ，and ；) that are not for maintainers. */
function keepPieces(text) {
  const kept = splitTop(text, '，；').filter((p) => bare(p).trim() && !forMaintainers(p));
  return kept.join('').replace(/[，；]+$/, '');
}

/** Brackets from the innermost out, （…） and (…) alike; \u0001 \u0002 mark those done. */
function cleanBrackets(text) {
  let out = text.replace(/\(([^()]*)\)/g, '（$1）');
  let prev;
  do {
    prev = out;
    out = out.replace(/（([^（）]*)）/g, (_, inner) => {
      // A bracketed note keeps its plain pieces, or goes when it only speaks to maintainers.
      const kept = keepPieces(inner).trim();
      return kept ? `\u0001${kept}\u0002` : '';
    });
  } while (out !== prev);
  return out;
}

/** A sentence without its maintainers' clauses. */
function cleanSentence(s) {
  if (BOOKKEEPING.test(s)) return '';
  if (!forMaintainers(s.replace(/[，；]/g, ''))) return s;
  return keepPieces(s);
}

/**
 * A provenance note as the user may read it ("" when nothing is left): addresses, confidence
 * marks, maintainers' clauses and rule-file codes taken out; titles, 文号, dates, articles kept.
 */
export function userSource(text) {
  const noUrls = String(text ?? '').replace(URL_RE, '');
  const bracketed = cleanBrackets(noUrls);
  const sentences = splitTop(bracketed, '。').map((s) => {
    const end = s.endsWith('。') ? '。' : '';
    const kept = cleanSentence(s.replace(/。$/, '')).trim();
    return kept ? kept + end : '';
  });
  return tidy(sentences.join('').replace(/\u0001/g, '（').replace(/\u0002/g, '）'));
}

/** Punctuation left behind by the cuts: doubled or leading marks, empty brackets, stray spaces. */
function tidy(s) {
  return s
    .replace(/（\s*）/g, '')
    .replace(/[，；、]+(?=[。）；，])/g, '')
    .replace(/（[，；、\s]+/g, '（')
    .replace(/^[，；。\s]+/, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([，。；）])/g, '$1')
    .replace(/[，；]$/, '。')
    .trim();
}
