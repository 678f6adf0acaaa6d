// Dates as officers type them: 2024-03-05, 2024/3/5, 2024.3.5, 20240305, 2024年3月5日 (also with
// full-width digits from a Chinese input method). Pure: no DOM. The engine takes YYYY-MM-DD only,
// and a date that does not exist (2023-02-29) must be named here, in words, before it is sent.

// Full-width digits and separators (Chinese IMEs) -> ASCII, so one pattern reads both.
const WIDE = { '－': '-', '／': '/', '．': '.', '。': '.', '　': ' ' };
function narrow(text) {
  return String(text ?? '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48))
    .replace(/[－／．。　]/g, (c) => WIDE[c])
    .trim();
}

const PATTERNS = [
  /^(?<y>\d{4})\s*(?<sep>[-/.])\s*(?<m>\d{1,2})\s*\k<sep>\s*(?<d>\d{1,2})$/, // 2024-03-05, 2024/3/5, 2024.3.5
  /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/, // 20240305
  /^(?<y>\d{4})\s*年\s*(?<m>\d{1,2})\s*月\s*(?<d>\d{1,2})\s*[日号]?$/, // 2024年3月5日
];

/** The year, month and day typed, or null when the text is in none of the accepted forms. */
function split(text) {
  for (const p of PATTERNS) {
    const g = p.exec(text)?.groups;
    if (g) return { y: Number(g.y), m: Number(g.m), d: Number(g.d) };
  }
  return null;
}

export function daysInMonth(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const pad = (n) => String(n).padStart(2, '0');

/** The accepted forms, for hints and messages. */
export const DATE_FORMS = '2024-03-05、2024/3/5、2024.3.5、20240305 或 2024年3月5日';

/**
 * Reads a typed date: {ok: true, iso: "2024-03-05", zh: "2024年3月5日"}; empty text is
 * {ok: true, iso: "", zh: ""} (not given); anything else {ok: false, error: 中文说明}.
 */
export function parseDate(text) {
  const t = narrow(text);
  if (!t) return { ok: true, iso: '', zh: '' };
  const p = split(t);
  if (!p) return { ok: false, error: `无法识别“${String(text).trim()}”，请按 ${DATE_FORMS} 填写` };
  if (p.y < 1900 || p.y > 2100) return { ok: false, error: `年份 ${p.y} 不在 1900–2100 之间` };
  if (p.m < 1 || p.m > 12) return { ok: false, error: `没有 ${p.m} 月（月份应为 1–12）` };
  const last = daysInMonth(p.y, p.m);
  if (p.d < 1 || p.d > last) {
    return { ok: false, error: `${p.y}年${p.m}月没有${p.d}日（该月只有 ${last} 天）` };
  }
  return { ok: true, iso: `${p.y}-${pad(p.m)}-${pad(p.d)}`, zh: `${p.y}年${p.m}月${p.d}日` };
}
