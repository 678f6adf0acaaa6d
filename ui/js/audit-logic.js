// 审查 (consistency review, 同案同罚): labels, figures, chart geometry, filtering and paging of the
// AuditView that `audit_run` returns (summary: audit::Summary, rows: deviations in input order).
// Pure: no DOM, no Tauri.
import { formatBand, formatYuan } from './format.js';
import { factZh, groundZh, has, label, stepZh, tierOrder, tierZh } from './labels.js';

/**
 * The finding codes (audit::row::FINDING_CODES), in the order the summary and charts use; their
 * words (符合基准 … 格式错误) are the library's labels.
 */
export const FINDINGS = [
  'consistent', 'fined_when_exempt', 'unpenalised_when_due', 'below_band', 'above_band',
  'above_legal_max', 'below_legal_min', 'time_limit_passed', 'unknown_item', 'bad_row',
];

/** 符合基准 … 格式错误, from the library's labels. */
export function findingZh(code) {
  return label('findings', code);
}

/** The input columns (audit::COLUMNS) in words, for the column a bad row names. */
const COLUMNS = {
  case_no: '案件编号',
  unit: '执法单位',
  item: '事项',
  facts: '情节',
  amount_yuan: '涉案金额',
  gain_yuan: '违法所得',
  occurred: '违法日期',
  decided: '决定日期',
  penalty: '处罚种类',
  fine_yuan: '罚款金额',
};

export function columnZh(code) {
  if (!code) return '';
  return COLUMNS[code] ? `${COLUMNS[code]}（${code}）` : String(code);
}

/** 1234567 -> "1,234,567"; not a number -> "—". */
export function formatCount(n) {
  const x = Number(n);
  if (n === null || n === undefined || n === '' || !Number.isFinite(x)) return '—';
  return formatYuan(Math.round(x));
}

/**
 * A share (0.0615) as a percentage with one decimal, as the HTML report prints it: "6.2%";
 * 0 -> "0%", 1 -> "100%", a positive share under 0.05% -> "<0.1%", null or not a number -> "—".
 */
export function formatPercent(x, digits = 1) {
  if (x === null || x === undefined || x === '') return '—';
  const v = Number(x);
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0%';
  const p = v * 100;
  const floor = 10 ** -digits;
  if (p > 0 && p < floor / 2) return `<${floor.toFixed(digits)}%`;
  let text = p.toFixed(digits);
  if (text.includes('.')) text = text.replace(/\.?0+$/, '');
  return `${text}%`;
}

/** a / b as a share; 0 when b is 0. */
export function rate(a, b) {
  const d = Number(b);
  return d > 0 ? Number(a) / d : 0;
}

/** The headline figures: 案件总数, 可复核, 格式错误, 偏离基准, 偏离率. */
export function summaryFacts(s) {
  return [
    { key: 'cases', label: '案件总数', value: formatCount(s.cases) },
    { key: 'evaluated', label: '可复核案件', value: formatCount(s.evaluated) },
    { key: 'bad_rows', label: '格式错误', value: formatCount(s.bad_rows) },
    { key: 'deviations', label: '偏离基准', value: formatCount(s.deviations) },
    { key: 'deviation_rate', label: '偏离率', value: formatPercent(s.deviation_rate) },
  ];
}

/** One sentence for the status line once a review is done. */
export function doneText(s) {
  const secs = Number(s.took_ms) / 1000;
  const took = Number.isFinite(secs) ? `，用时 ${secs < 10 ? secs.toFixed(1) : Math.round(secs)} 秒` : '';
  const sheet = sheetText(s.input);
  return `审查完成：案件 ${formatCount(s.cases)} 件，偏离基准 ${formatCount(s.deviations)} 件（偏离率 ${formatPercent(s.deviation_rate)}）${took}${sheet ? `。${sheet}` : ''}`;
}

/**
 * Which sheet of a workbook was reviewed, and that the others were not: a reviewer must never
 * believe a workbook's second sheet was checked when it was not. Empty for a CSV.
 */
export function sheetText(input) {
  const info = input?.sheet;
  if (!info?.sheet) return '';
  const sheets = Array.isArray(info.sheets) ? info.sheets : [];
  const others = sheets.filter((n) => n !== info.sheet);
  const read = `已审查工作表「${info.sheet}」`;
  if (!others.length) return read;
  return `${read}；工作簿另有 ${others.length} 个工作表未审查（${others.map((n) => `「${n}」`).join('、')}），可在“工作表”中选择后重新审查`;
}

/** Every finding code with its count and its share of all cases, in FINDINGS order. */
export function findingCounts(s) {
  const counts = s?.findings ?? {};
  return FINDINGS.map((code) => {
    const count = Number(counts[code] ?? 0);
    return { code, label: findingZh(code), count, share: rate(count, s?.cases) };
  });
}

/** The bars of the finding chart: label, value, the text beside the bar, a class for colour. */
export function findingBars(s) {
  return findingCounts(s).map((f) => ({
    label: f.label,
    value: f.count,
    text: `${formatCount(f.count)} 件（${formatPercent(f.share)}）`,
    cls: f.code === 'consistent' ? 'bar-ok' : f.code === 'bad_row' || f.code === 'unknown_item' ? 'bar-data' : 'bar-dev',
    key: f.code,
  }));
}

/**
 * The bars of the unit chart: units with evaluated cases, highest deviation rate first (then
 * more deviations, then name), at most `limit`; `hidden` counts the units left out.
 */
export function unitBars(s, limit = 40) {
  const units = (s?.by_unit ?? []).filter((u) => Number(u.evaluated) > 0);
  const sorted = [...units].sort((a, b) => (b.deviation_rate - a.deviation_rate)
    || (b.deviations - a.deviations) || String(a.unit).localeCompare(String(b.unit), 'zh-CN'));
  const take = sorted.slice(0, Math.max(0, limit));
  return {
    bars: take.map((u) => ({
      label: u.unit || '（未填写单位）',
      value: Number(u.deviation_rate) || 0,
      text: `${formatPercent(u.deviation_rate)}（${formatCount(u.deviations)}/${formatCount(u.evaluated)}）`,
      cls: 'bar-unit',
      key: u.unit,
    })),
    total: units.length,
    hidden: units.length - take.length,
  };
}

/** Shortens a label to `n` characters with an ellipsis. */
export function clip(text, n) {
  const chars = [...String(text ?? '')];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : chars.join('');
}

/**
 * The geometry of a horizontal bar chart in a viewBox of `width`: one row of `rowHeight` per bar,
 * the label on the left (clipped to `labelChars`), the bar from `labelWidth`, scaled so that the
 * largest value is `barMax` long (a positive value is at least 1 long; 0 draws nothing), its
 * text after the bar.
 */
export function barChart(bars, { width = 760, labelWidth = 250, barMax = 400, rowHeight = 24, barHeight = 16, labelChars = 18 } = {}) {
  const max = Math.max(0, ...bars.map((b) => Number(b.value) || 0));
  const scale = max > 0 ? barMax / max : 0;
  const rows = bars.map((b, i) => {
    const v = Math.max(0, Number(b.value) || 0);
    const w = v > 0 ? Math.max(1, v * scale) : 0;
    const y = i * rowHeight + (rowHeight - barHeight) / 2;
    return {
      ...b,
      label: clip(b.label, labelChars),
      full: String(b.label),
      x: labelWidth,
      y,
      w: Math.round(w * 10) / 10,
      h: barHeight,
      labelY: y + barHeight - 3,
      textX: Math.round((labelWidth + w + 6) * 10) / 10,
    };
  });
  return { width, height: Math.max(rowHeight, bars.length * rowHeight), max, scale, rows };
}

/** The data of a chart in one sentence, for screen readers: "符合基准 284 件（93.7%）；…". */
export function chartText(bars) {
  return bars.map((b) => `${b.label} ${b.text}`).join('；');
}

/** The by-item table: the `limit` items with most cases (ties by item code). */
export function itemTable(s, limit = 50) {
  const items = [...(s?.by_item ?? [])].sort((a, b) => (b.cases - a.cases) || String(a.item).localeCompare(String(b.item)));
  return {
    rows: items.slice(0, limit).map((i) => ({
      item: i.item,
      violation: i.violation,
      cases: formatCount(i.cases),
      deviations: formatCount(i.deviations),
      rate: formatPercent(i.deviation_rate),
      index: i.inconsistency_index === null || i.inconsistency_index === undefined ? '—' : formatPercent(i.inconsistency_index),
    })),
    total: items.length,
  };
}

/** 1234.5 -> "1,235" (whole yuan, as the report prints fines); not a number -> "—". */
export function formatWholeYuan(n) {
  const x = Number(n);
  if (n === null || n === undefined || !Number.isFinite(x)) return '—';
  return formatYuan(Math.round(x));
}

/** The dispersion table: like-case groups (item, facts), at most `limit`, in the summary's order. */
export function dispersionTable(s, factZh = (c) => c, limit = 100) {
  const groups = s?.dispersion ?? [];
  return {
    rows: groups.slice(0, limit).map((g) => ({
      item: g.item,
      violation: g.violation,
      facts: g.facts?.length ? g.facts.map(factZh).join('、') : '无特定情节',
      cases: formatCount(g.cases),
      modal: g.modal,
      outcomes: outcomeText(g.outcomes),
      inconsistency: formatPercent(g.inconsistency),
      mean: formatWholeYuan(g.fine_mean),
      sd: formatWholeYuan(g.fine_sd),
      cv: g.fine_cv === null || g.fine_cv === undefined ? '—' : Number(g.fine_cv).toFixed(2),
      min: formatWholeYuan(g.fine_min),
      max: formatWholeYuan(g.fine_max),
    })),
    total: groups.length,
    minGroup: s?.min_group ?? 5,
  };
}

/** The note under the dispersion table. */
export function dispersionNote(t) {
  const shown = t.total > t.rows.length ? `（共 ${formatCount(t.total)} 组，显示前 ${t.rows.length} 组）` : '';
  return `同一事项、同一情节组合的案件为一组；少于 ${t.minGroup} 件的组不显示。不予处罚和警告按 0 元计入罚款统计。${shown}`;
}

/** What was decided, in words: 罚款 3,500 元 / 警告 / 未予处罚 / 其他处罚. */
export function actualText(r) {
  switch (r.actual_penalty) {
    case 'fine': return r.actual_fine ? `罚款 ${formatYuan(r.actual_fine)} 元` : '罚款';
    case 'warning': return '警告';
    case 'none': return '未予处罚';
    case 'other': return '其他处罚';
    default: return r.actual_penalty || '—';
  }
}

/** What the benchmark expects: the tier and, where there is one, the fine band. */
export function expectedText(r) {
  if (!r.expected_tier) return '—';
  const hasBand = r.expected_max !== '' && r.expected_max !== null && r.expected_max !== undefined;
  const band = hasBand ? formatBand({ min_yuan: r.expected_min || 0, max_yuan: r.expected_max }, '') : '';
  return band ? `${tierZh(r.expected_tier)}，罚款 ${band}` : tierZh(r.expected_tier);
}

/**
 * The findings file's `driver` column in words: "art33_minor; art33_minor:corrected_in_time+no_harm"
 * -> "违法行为轻微并及时改正…（第三十三条第一款）；轻微不罚：及时改正、没有造成危害后果".
 */
export function driverZh(driver) {
  return String(driver ?? '').split(';').map((s) => s.trim()).filter(Boolean).map((part) => {
    const i = part.indexOf(':');
    if (i >= 0) {
      const facts = part.slice(i + 1).split('+').filter(Boolean).map(factZh).join('、');
      return `${stepZh(part.slice(0, i))}：${facts}`;
    }
    if (has('grounds', part)) return groundZh(part);
    if (has('steps', part)) return stepZh(part);
    return tierZh(part);
  }).join('；');
}

/**
 * What 裁量 needs to open a finding's case again: the item it was matched to and what the row
 * stated (facts as codes, amounts and dates as written); null when no item was recognised.
 */
export function caseParams(r) {
  const item = r?.matched_item || '';
  if (!item) return null;
  return {
    item,
    case: {
      facts: [...(r.facts ?? [])],
      amount: r.amount ?? '',
      gain: r.gain ?? '',
      occurred: r.occurred ?? '',
      decided: r.decided ?? '',
    },
  };
}

/** The cells of one finding row. A bad row names its column and the reason. */
export function findingRow(r) {
  const bad = r.finding === 'bad_row';
  const matched = r.matched_item && r.matched_item !== r.item ? r.matched_item : '';
  return {
    line: r.line,
    caseNo: r.case_no || '—',
    unit: r.unit || '—',
    item: r.item || '—',
    matched,
    finding: r.finding,
    findingZh: findingZh(r.finding),
    expected: bad ? '—' : expectedText(r),
    actual: bad ? '—' : actualText(r),
    detail: bad ? `${r.column ? `列“${columnZh(r.column)}”：` : ''}${r.detail || '无法读取此行'}` : detailZh(r.detail),
    driver: bad ? '' : driverZh(r.driver),
  };
}

/** The finding codes present in the rows, with their counts, in FINDINGS order. */
export function findingOptions(rows) {
  const n = new Map();
  for (const r of rows ?? []) n.set(r.finding, (n.get(r.finding) ?? 0) + 1);
  const known = FINDINGS.filter((c) => n.has(c)).map((c) => ({ value: c, label: `${findingZh(c)}（${formatCount(n.get(c))}）` }));
  const other = [...n.keys()].filter((c) => !FINDINGS.includes(c)).sort()
    .map((c) => ({ value: c, label: `${findingZh(c)}（${formatCount(n.get(c))}）` }));
  return [...known, ...other];
}

/** The unit filter's values are "u:" + unit, so that "" stays "all" and a blank unit can be chosen. */
export const unitValue = (unit) => `u:${unit ?? ''}`;

/** The units of the rows, most findings first (then by name), with their counts. */
export function unitOptions(rows) {
  const n = new Map();
  for (const r of rows ?? []) n.set(r.unit ?? '', (n.get(r.unit ?? '') ?? 0) + 1);
  return [...n.entries()]
    .sort((a, b) => (b[1] - a[1]) || a[0].localeCompare(b[0], 'zh-CN'))
    .map(([unit, count]) => ({ value: unitValue(unit), label: `${unit || '（未填写单位）'}（${formatCount(count)}）` }));
}

/**
 * The rows that pass the filters: finding code ('' = all), unit value ('' = all, else "u:"+unit),
 * item text (in the item as written, the matched item or its violation; case-insensitive).
 */
export function filterRows(rows, { finding = '', unit = '', item = '' } = {}, violations = new Map()) {
  const needle = String(item ?? '').trim().toLowerCase();
  const unitName = unit ? String(unit).replace(/^u:/, '') : null;
  return (rows ?? []).filter((r) => {
    if (finding && r.finding !== finding) return false;
    if (unitName !== null && (r.unit ?? '') !== unitName) return false;
    if (needle) {
      const hay = [r.item, r.matched_item, violations.get(r.matched_item), violations.get(r.item)]
        .filter(Boolean).join('\n').toLowerCase();
      if (!hay.includes(needle)) return false;
    }
    return true;
  });
}

/** item code -> violation, from the summary's by_item (for the item filter). */
export function violationMap(s) {
  return new Map((s?.by_item ?? []).map((i) => [i.item, i.violation]));
}

/** Rows shown at first and added by each 显示更多. */
export const PAGE = 500;

/** The first `limit` of the list; `more` is how many 显示更多 would add next. */
export function pageRows(list, limit = PAGE, page = PAGE) {
  const n = Math.max(0, Math.min(list.length, limit));
  return { shown: list.slice(0, n), more: Math.min(page, list.length - n), rest: list.length - n };
}

/** "显示 500 / 1,234 条（共 20,000 条偏离）". */
export function shownText(shown, matched, total) {
  if (!total) return '没有偏离基准的案件';
  if (!matched) return `没有符合筛选条件的案件（共 ${formatCount(total)} 条）`;
  const base = `显示 ${formatCount(shown)} / ${formatCount(matched)} 条`;
  return matched === total ? `${base}偏离` : `${base}（筛选自 ${formatCount(total)} 条偏离）`;
}

/** The note when the table holds only the first rows; the CSV has them all. */
export function truncatedNote(view) {
  if (!view?.rows_truncated) return '';
  return `表中只列出前 ${formatCount(view.rows?.length)} 条；全部 ${formatCount(view.summary?.cases)} 件案件的逐案结果见导出的 CSV（导出逐案结果 CSV）。`;
}

/** Progress of a run ({bytes_done, bytes_total, rows}): a whole percentage (0–100) and a text. */
export function progressState(p) {
  const done = Number(p?.bytes_done) || 0;
  const total = Number(p?.bytes_total) || 0;
  const percent = total > 0 ? Math.max(0, Math.min(100, Math.floor((100 * done) / total))) : 0;
  const rows = Number(p?.rows) || 0;
  return { percent, rows, text: `${percent}% · 已读 ${formatCount(rows)} 行` };
}

/** Checks the form before a run: a path, and a whole 最小组规模 of at least 1. */
export function validateStart(path, minGroup) {
  const p = String(path ?? '').trim();
  if (!p) return { error: '请选择或输入已决案件文件（CSV 或 XLSX）的路径' };
  const text = String(minGroup ?? '').trim();
  const n = text === '' ? 5 : Number(text);
  if (!Number.isInteger(n) || n < 1) return { error: '最小组规模应为不小于 1 的整数' };
  return { path: p, minGroup: n };
}

/** The export's result for the status line; null is a save dialog the reviewer cancelled. */
export function exportText(kind, path) {
  if (path === null || path === undefined) return `已取消导出${kind}`;
  return path ? `已导出${kind}：${path}` : `导出${kind}失败：没有得到文件路径`;
}

/**
 * A finding's detail with the codes in it in words: "依据应不予处罚（art33_first）" ->
 * "依据应不予处罚（首违可以不罚）". The short step name is preferred to the ground's long one;
 * a code the library does not know is left as it is.
 */
export function detailZh(detail) {
  return String(detail ?? '').replace(/([（(])([a-z][a-z0-9_]*)([）)])/g, (all, open, code, close) => {
    const zh = codeZh(code);
    return zh ? `${open}${zh}${close}` : all;
  });
}

function codeZh(code) {
  if (has('steps', code)) return stepZh(code);
  if (has('grounds', code)) return groundZh(code);
  if (has('findings', code)) return findingZh(code);
  if (has('tiers', code)) return tierZh(code);
  return '';
}

/**
 * The cases by the tier the benchmark expects, in the library's tier order (lightest first; the
 * summary's by_tier comes sorted by the English codes), then any tier the labels do not know.
 */
export function tierCounts(s) {
  const by = s?.by_tier ?? {};
  const order = tierOrder().filter((c) => Object.hasOwn(by, c));
  const rest = Object.keys(by).filter((c) => !order.includes(c));
  return [...order, ...rest].map((code) => {
    const count = Number(by[code] ?? 0);
    return { code, label: tierZh(code), count, share: rate(count, s?.evaluated) };
  });
}

/** The bars of the tier chart (tier order). */
export function tierBars(s) {
  return tierCounts(s).map((t) => ({
    label: t.label, value: t.count, key: t.code, cls: 'bar-tier',
    text: `${formatCount(t.count)} 件（${formatPercent(t.share)}）`,
  }));
}

/** The outcome classes of a like-case group, lightest first (as the engine counts them). */
export const OUTCOMES = ['不予处罚', '警告等', '罚款（低）', '罚款（中）', '罚款（高）'];

/** A group's outcomes in words, lightest first, those with no case left out: "罚款（低）1 件、罚款（中）3 件". */
export function outcomeText(outcomes) {
  const o = outcomes ?? {};
  const known = OUTCOMES.filter((k) => Object.hasOwn(o, k));
  const rest = Object.keys(o).filter((k) => !OUTCOMES.includes(k)).sort((x, y) => x.localeCompare(y, 'zh-CN'));
  return [...known, ...rest].filter((k) => Number(o[k]) > 0).map((k) => `${k} ${formatCount(o[k])} 件`).join('、');
}

/** 同案不同罚指数 in one sentence: what it measures and how to read it. */
export function indexExplain(minGroup) {
  return `同案不同罚指数：同一事项、同一情节组合且不少于 ${formatCount(minGroup ?? 5)} 件的案件中，处理结果与该组最常见结果不同的案件所占比例——0% 表示同案同罚，越高越不一致，“—”表示没有足够大的组。`;
}

/**
 * A cell's text cut into runs, the amounts ("49,435.20 元", "45315.60元") marked, so that the
 * view keeps each amount on one line: [{text, amount}].
 */
export function amountRuns(text) {
  const s = String(text ?? '');
  const out = [];
  let last = 0;
  for (const m of s.matchAll(/\d[\d,]*(?:\.\d+)?\s?元/g)) {
    if (m.index > last) out.push({ text: s.slice(last, m.index), amount: false });
    out.push({ text: m[0], amount: true });
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last), amount: false });
  return out;
}
