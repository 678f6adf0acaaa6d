// Formatting of yuan, bands, dates and citations. Pure: no DOM, no Tauri. (Tier names and every
// other code's label come from the library: labels.js.)

/** 3500 -> "3,500"; 1234.5 -> "1,234.50"; not a number -> "". */
export function formatYuan(n) {
  if (n === null || n === undefined || n === '') return '';
  const x = Number(n);
  if (!Number.isFinite(x)) return '';
  let text = Math.abs(x).toFixed(2);
  if (text.endsWith('.00')) text = text.slice(0, -3);
  const [int, frac] = text.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (x < 0 ? '-' : '') + grouped + (frac ? `.${frac}` : '');
}

/** A band {min_yuan, max_yuan} in words: "5,000 元以下", "3,500 元至 5,000 元", "200 元". */
export function formatBand(band, empty = '—') {
  if (!band || band.max_yuan === undefined || band.max_yuan === null) return empty;
  const min = Number(band.min_yuan) || 0;
  const max = Number(band.max_yuan);
  if (min <= 0) return `${formatYuan(max)} 元以下`;
  if (min === max) return `${formatYuan(min)} 元`;
  return `${formatYuan(min)} 元至 ${formatYuan(max)} 元`;
}

/** A fine rule as the rules export it ({kind: fixed|multiple, …}) in words. */
export function formatFineRule(rule, amountLabel) {
  if (!rule) return '未设定罚款';
  if (rule.kind === 'fixed') return formatBand(rule.band);
  if (rule.kind === 'multiple') {
    const base = rule.per === 'gain' ? '违法所得' : amountLabel || '涉案金额';
    let s = `${base} ${rule.min_times} 倍以上 ${rule.max_times} 倍以下`;
    if (rule.fallback) {
      s += rule.fallback_below > 0
        ? `；${base}不足 ${formatYuan(rule.fallback_below)} 元的，${formatBand(rule.fallback)}`
        : `；没有${base}的，${formatBand(rule.fallback)}`;
    }
    return s;
  }
  return '—';
}

/** "2026-03-01" -> "2026年3月1日"; anything else -> "". */
export function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso ?? '').trim());
  if (!m) return '';
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** "2026-11-26 19:47:05" -> "2026-11-26 19:47". */
export function formatDateTime(s) {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(String(s ?? ''));
  return m ? `${m[1]} ${m[2]}` : String(s ?? '');
}

/** The first `n` characters of a library hash (12 by default, as receipts show it). */
export function shortHash(hash, n = 12) {
  return String(hash ?? '').slice(0, n);
}

/** A citation in 《…》第N条 form, with a version label when an older text is meant. */
export function citeText(c) {
  if (!c) return '';
  return c.version ? `《${c.law}》（${c.version}）${c.article}` : `《${c.law}》${c.article}`;
}

/** A list in Chinese: ["责令改正", "批评教育"] -> "责令改正、批评教育"; empty -> `empty`. */
export function joinZh(list, empty = '—') {
  const xs = (list ?? []).filter((x) => x !== null && x !== undefined && x !== '');
  return xs.length ? xs.join('、') : empty;
}
