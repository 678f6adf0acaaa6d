// 审查: a file of decided cases (CSV or XLSX) reviewed against the benchmarks (同案同罚): progress
// with 取消 (Esc), the summary (findings and units as bar charts, items, like-case dispersion),
// the deviations case by case with filters, and the exports (findings CSV, HTML report).
import { remember, remembered } from '../remember.js';
import { api, errorText, listen } from '../api.js';
import { el, fill, field } from '../dom.js';
import { shortHash } from '../format.js';
import * as a from '../audit-logic.js';

const SVG = 'http://www.w3.org/2000/svg'; // a namespace name, never fetched

/** An SVG element with attributes (no inline styles: classes only). */
function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) e.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

let chartSeq = 0;
/** A horizontal bar chart as inline SVG; its data in words for screen readers. */
function barChartSvg(bars, title, opts) {
  const g = a.barChart(bars, opts);
  chartSeq += 1;
  const titleId = `chart-t-${chartSeq}`;
  const descId = `chart-d-${chartSeq}`;
  return svg('svg', {
    class: 'chart', role: 'img', viewBox: `0 0 ${g.width} ${g.height}`, width: g.width, height: g.height,
    'aria-labelledby': `${titleId} ${descId}`, preserveAspectRatio: 'xMinYMin meet',
  },
  svg('title', { id: titleId }, title),
  svg('desc', { id: descId }, a.chartText(bars)),
  ...g.rows.map((r) => svg('g', { class: 'chart-row', 'data-key': r.key },
    svg('text', { class: 'chart-label', x: 0, y: r.labelY }, r.label, r.label !== r.full ? svg('title', {}, r.full) : null),
    svg('rect', { class: `bar ${r.cls ?? ''}`, x: r.x, y: r.y, width: r.w, height: r.h, rx: 2 }),
    svg('text', { class: 'chart-value', x: r.textX, y: r.labelY }, r.text))));
}

const th = (labels) => el('thead', {}, el('tr', {}, labels.map((h) => el('th', { scope: 'col' }, h))));

/** A text whose amounts never break across lines (49,435.20 元 stays whole). */
const amounts = (text) => a.amountRuns(text).map((r) => (r.amount ? el('span', { class: 'amount' }, r.text) : r.text));

export default function auditView(app) {
  let view = null; // the last AuditView
  let running = false;
  let cancelling = false;
  let matched = [];
  let limit = a.PAGE;
  let violations = new Map();

  const path = el('input', {
    id: 'audit-path', type: 'text', autocomplete: 'off', spellcheck: 'false',
    placeholder: '例如：/home/用户/已决案件.csv（可直接粘贴路径）',
  });
  const choose = el('button', { type: 'button', id: 'audit-choose', class: 'secondary', onclick: chooseFile }, '选择文件…');
  // A workbook's sheets, offered once a run has named them; hidden for a CSV or a one-sheet book.
  const sheet = el('select', { id: 'audit-sheet' });
  const sheetField = field('工作表', sheet, '工作簿中要审查的工作表');
  sheetField.hidden = true;
  // 被审查单位 goes on the report's cover; the last one named is remembered on this computer.
  const office = el('input', { id: 'audit-office', autocomplete: 'off', maxlength: '200', value: remembered('cailiang.office') });
  office.addEventListener('change', () => remember('cailiang.office', office.value));
  const minGroup = el('input', { id: 'audit-min-group', type: 'number', min: '1', step: '1', value: '5', inputmode: 'numeric' });
  const start = el('button', { type: 'submit', id: 'audit-start', class: 'primary' }, '开始审查');

  const progress = el('progress', { id: 'audit-progress', max: '100', value: '0', 'aria-describedby': 'audit-progress-text' });
  const progressText = el('span', { id: 'audit-progress-text', class: 'progress-text' }, '0%');
  const cancel = el('button', { type: 'button', id: 'audit-cancel', class: 'danger', onclick: cancelRun }, '取消（Esc）');
  const runningBox = el('div', { id: 'audit-running', class: 'audit-running', hidden: true },
    el('label', { for: 'audit-progress' }, '审查进度'), progress, progressText, cancel);
  const status = el('p', { id: 'audit-status', class: 'status', role: 'status', 'aria-live': 'polite' });

  // results
  const facts = el('dl', { id: 'audit-summary', class: 'audit-figures' });
  const meta = el('p', { class: 'muted audit-meta' });
  const exportFindings = el('button', { type: 'button', id: 'export-findings', class: 'primary', onclick: () => exportFile('findings') }, '导出逐案结果 CSV');
  const exportReport = el('button', { type: 'button', id: 'export-report', class: 'secondary', onclick: () => exportFile('report') }, '导出报告 HTML');
  const exportStatus = el('p', { id: 'audit-export-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const findingChart = el('div', { id: 'audit-finding-chart', class: 'chart-wrap' });
  const unitChart = el('div', { id: 'audit-unit-chart', class: 'chart-wrap' });
  const unitNote = el('p', { class: 'muted' });
  const itemsBody = el('tbody');
  const itemsCaption = el('caption', {});
  // The index's one-sentence meaning sits beside its heading (and under the table in full).
  const itemNote = el('p', { id: 'audit-index-note', class: 'muted index-note' });
  const indexTh = el('th', { scope: 'col', class: 'num', 'aria-describedby': 'audit-index-note' },
    '同案不同罚指数', el('span', { class: 'th-hint' }, '与同类案件多数结果不同的比例，越高越不一致'));
  const itemsTable = el('table', { id: 'audit-items', class: 'audit-table' }, itemsCaption,
    el('thead', {}, el('tr', {}, ['事项', '违法行为', '案件', '偏离', '偏离率'].map((h) => el('th', { scope: 'col' }, h)), indexTh)),
    itemsBody);
  const tierChart = el('div', { id: 'audit-tier-chart', class: 'chart-wrap' });
  const dispBody = el('tbody');
  const dispNote = el('p', { id: 'audit-dispersion-note', class: 'muted' });
  const dispTable = el('table', { id: 'audit-dispersion', class: 'audit-table' },
    el('caption', { class: 'visually-hidden' }, '同类案件处理结果离散度'),
    th(['事项', '情节', '案件', '最常见结果', '不一致比例', '罚款均值（元）', '标准差', '变异系数', '最低（元）', '最高（元）']), dispBody);

  const filterFinding = el('select', { id: 'filter-finding' });
  const filterUnit = el('select', { id: 'filter-unit' });
  const filterItem = el('input', { id: 'filter-item', type: 'search', autocomplete: 'off', placeholder: '事项编号或违法行为' });
  const shown = el('p', { id: 'audit-shown', class: 'status', role: 'status', 'aria-live': 'polite', tabindex: '-1' });
  const truncNote = el('p', { id: 'audit-truncated', class: 'warn', hidden: true });
  const findingsBody = el('tbody');
  const findingsTable = el('table', { id: 'audit-findings', class: 'audit-table findings' },
    el('caption', { class: 'visually-hidden' }, '偏离基准的案件（按输入顺序）'),
    th(['行号', '案件编号', '执法单位', '事项', '发现', '基准结论', '实际处理', '说明']), findingsBody);
  const more = el('button', { type: 'button', id: 'audit-more', class: 'secondary', hidden: true, onclick: showMore }, '显示更多');

  const results = el('section', { id: 'audit-result', class: 'audit-result', hidden: true, 'aria-labelledby': 'audit-result-h' },
    el('h3', { id: 'audit-result-h', tabindex: '-1' }, '审查结果'),
    facts, meta,
    el('div', { class: 'toolbar no-print' }, exportFindings, exportReport, exportStatus),
    el('h3', {}, '发现分类'), findingChart,
    el('h3', {}, '各执法单位偏离率'), unitChart, unitNote,
    el('h3', {}, '按基准结论（从轻到重）'), tierChart,
    el('h3', {}, '各事项（按案件数）'),
    el('div', { class: 'table-wrap' }, itemsTable), itemNote,
    el('h3', {}, '同类案件处理结果离散度'), dispNote,
    el('div', { class: 'table-wrap' }, dispTable),
    el('h3', { id: 'audit-findings-h' }, '逐案偏离'),
    el('div', { class: 'filters no-print' },
      field('发现', filterFinding), field('执法单位', filterUnit), field('事项', filterItem)),
    shown, truncNote,
    // A box of its own, so that the header row stays in view while the rows scroll.
    el('div', { class: 'table-wrap table-scroll' }, findingsTable),
    el('div', { class: 'actions no-print' }, more));

  const root = el('section', { class: 'view view-audit', 'aria-labelledby': 'audit-h' },
    el('h2', { id: 'audit-h', class: 'view-title', tabindex: '-1' }, '审查'),
    el('p', { class: 'muted' },
      '导入已决案件（CSV 或 XLSX），逐案对照裁量基准，统计偏离情况和同类案件处理结果的离散度（同案同罚）。文件只在本机读取。'),
    el('form', { id: 'audit-form', class: 'audit-import no-print', onsubmit: (e) => { e.preventDefault(); run(); } },
      el('div', { class: 'field grow' },
        el('label', { for: 'audit-path' }, '已决案件文件'),
        el('div', { class: 'path-row' }, path, choose)),
      sheetField,
      field('被审查单位', office, '写在审查报告的封面上'),
      field('最小组规模', minGroup, '少于此件数的同类案件组不计算离散度'),
      el('div', { class: 'field' }, start)),
    runningBox, status, results);

  // Another file: the sheets offered were the last workbook's.
  path.addEventListener('input', () => { sheetField.hidden = true; fill(sheet); });
  filterFinding.addEventListener('change', applyFilters);
  filterUnit.addEventListener('change', applyFilters);
  filterItem.addEventListener('input', applyFilters);

  function setStatus(text, error = false) {
    status.textContent = text;
    status.classList.toggle('error', error);
  }

  async function chooseFile() {
    try {
      const picked = await api.chooseCasesFile();
      const p = Array.isArray(picked) ? picked[0] : picked;
      if (p) {
        path.value = typeof p === 'string' ? p : p.path ?? String(p);
        setStatus(`已选择：${path.value}`);
        start.focus();
      }
    } catch (e) {
      setStatus(`无法打开文件选择窗口：${errorText(e)}。也可以在上面的输入框中直接输入或粘贴路径。`, true);
      path.focus();
    }
  }

  function setRunning(on) {
    running = on;
    runningBox.hidden = !on;
    for (const c of [path, choose, sheet, office, minGroup, start]) c.disabled = on;
    results.classList.toggle('stale', on);
    for (const b of [exportFindings, exportReport]) b.disabled = on || !view;
  }

  function onProgress(p) {
    if (!running) return;
    const s = a.progressState(p);
    progress.value = s.percent;
    progressText.textContent = s.text;
  }

  async function run() {
    if (running) return;
    const v = a.validateStart(path.value, minGroup.value);
    if (v.error) {
      setStatus(v.error, true);
      (v.error.includes('最小组') ? minGroup : path).focus();
      return;
    }
    cancelling = false;
    setRunning(true);
    progress.value = 0;
    progressText.textContent = a.progressState(null).text;
    setStatus(`正在审查：${v.path}`);
    cancel.focus();
    let unlisten = () => {};
    try {
      unlisten = await listen('audit-progress', onProgress);
      const result = await api.auditRun(v.path, v.minGroup, sheetField.hidden ? null : sheet.value, office.value.trim());
      setRunning(false);
      show(result);
      setStatus(a.doneText(result.summary));
      results.querySelector('#audit-result-h').focus();
    } catch (e) {
      setRunning(false);
      const msg = errorText(e);
      setStatus(msg.includes('已取消') ? '审查已取消' : `审查失败：${msg}`, !msg.includes('已取消'));
      start.focus();
    } finally {
      try { unlisten(); } catch { /* already gone */ }
      cancelling = false;
    }
  }

  async function cancelRun() {
    if (!running || cancelling) return;
    cancelling = true;
    setStatus('正在取消…');
    try {
      await api.auditCancel();
    } catch (e) {
      cancelling = false;
      setStatus(`无法取消：${errorText(e)}`, true);
    }
  }

  function show(result) {
    view = result;
    const s = result.summary;
    violations = a.violationMap(s);
    results.hidden = false;
    exportFindings.disabled = false;
    exportReport.disabled = false;
    fill(exportStatus);

    const info = s.input?.sheet;
    const sheets = Array.isArray(info?.sheets) ? info.sheets : [];
    sheetField.hidden = sheets.length < 2;
    fill(sheet, sheets.map((n) => el('option', { value: n, selected: n === info.sheet }, n)));

    fill(facts, a.summaryFacts(s).map((f) => el('div', { class: `figure figure-${f.key}`, 'data-key': f.key },
      el('dt', {}, f.label), el('dd', {}, f.value))));
    const enc = s.input?.encoding ? `，${String(s.input.encoding).toUpperCase()}` : '';
    fill(meta, `文件：${s.input?.path ?? ''}（${String(s.input?.format ?? '').toUpperCase()}${enc}）· 规则版本 ${s.rules_version} · 库哈希 ${shortHash(s.library_hash)}`);

    const fb = a.findingBars(s);
    fill(findingChart, barChartSvg(fb, '各类发现的案件数'));
    const ub = a.unitBars(s);
    fill(unitChart, ub.bars.length ? barChartSvg(ub.bars, '各执法单位偏离率（偏离件数/可复核件数）') : el('p', { class: 'muted' }, '没有可复核的案件。'));
    unitNote.textContent = ub.hidden > 0
      ? `共 ${ub.total} 个执法单位，图中显示偏离率最高的 ${ub.bars.length} 个；全部单位见导出的报告。`
      : `共 ${ub.total} 个执法单位，按偏离率从高到低排列。`;

    const it = a.itemTable(s, 50);
    itemsCaption.textContent = it.total > it.rows.length
      ? `案件数最多的 ${it.rows.length} 个事项（共 ${it.total} 个）` : `共 ${it.total} 个事项`;
    fill(itemsBody, it.rows.map((r) => el('tr', { 'data-item': r.item },
      el('td', {}, el('span', { class: 'item-id' }, r.item)), el('td', {}, r.violation),
      el('td', { class: 'num' }, r.cases), el('td', { class: 'num' }, r.deviations),
      el('td', { class: 'num' }, r.rate), el('td', { class: 'num' }, r.index))));
    itemNote.textContent = a.indexExplain(s.min_group);
    const tb = a.tierBars(s);
    fill(tierChart, tb.length ? barChartSvg(tb, '各基准结论的案件数（从轻到重）') : el('p', { class: 'muted' }, '没有可复核的案件。'));

    const d = a.dispersionTable(s, app.factZh);
    dispNote.textContent = a.dispersionNote(d);
    fill(dispBody, d.rows.length ? d.rows.map((r) => el('tr', {},
      el('td', {}, el('span', { class: 'item-id' }, r.item), el('span', { class: 'muted small' }, r.violation)),
      el('td', {}, r.facts), el('td', { class: 'num' }, r.cases),
      el('td', {}, r.modal, r.outcomes ? el('span', { class: 'muted small' }, r.outcomes) : null),
      el('td', { class: 'num' }, r.inconsistency), el('td', { class: 'num' }, r.mean), el('td', { class: 'num' }, r.sd),
      el('td', { class: 'num' }, r.cv), el('td', { class: 'num' }, r.min), el('td', { class: 'num' }, r.max)))
      : el('tr', {}, el('td', { colspan: '10', class: 'muted' }, `没有不少于 ${d.minGroup} 件的同类案件组。`)));

    const keepFinding = filterFinding.value;
    const keepUnit = filterUnit.value;
    fill(filterFinding, el('option', { value: '' }, '全部发现'),
      a.findingOptions(result.rows).map((o) => el('option', { value: o.value }, o.label)));
    fill(filterUnit, el('option', { value: '' }, '全部单位'),
      a.unitOptions(result.rows).map((o) => el('option', { value: o.value }, o.label)));
    filterFinding.value = [...filterFinding.options].some((o) => o.value === keepFinding) ? keepFinding : '';
    filterUnit.value = [...filterUnit.options].some((o) => o.value === keepUnit) ? keepUnit : '';
    const note = a.truncatedNote(result);
    truncNote.textContent = note;
    truncNote.hidden = !note;
    applyFilters();
  }

  function applyFilters() {
    if (!view) return;
    matched = a.filterRows(view.rows, { finding: filterFinding.value, unit: filterUnit.value, item: filterItem.value }, violations);
    limit = a.PAGE;
    fill(findingsBody);
    renderRows(0);
  }

  /** A link that opens the finding's case in 裁量 with the facts, amounts and dates it stated. */
  function openable(r) {
    const params = a.caseParams(r);
    if (!params) return null;
    return el('button', {
      type: 'button', class: 'link small open-case', 'data-line': r.line,
      onclick: () => app.show('decide', params),
    }, '在裁量中打开');
  }

  function findingTr(r) {
    const x = a.findingRow(r);
    return el('tr', { 'data-line': x.line, 'data-finding': x.finding, class: `finding-row row-${x.finding}` },
      el('td', { class: 'num' }, x.line),
      el('td', { class: 'id' }, x.caseNo),
      el('td', {}, x.unit),
      el('td', { class: 'id' }, x.item, x.matched ? el('span', { class: 'muted small' }, `识别为 ${x.matched}`) : null,
        openable(r)),
      el('td', {}, el('span', { class: `finding finding-${x.finding}` }, x.findingZh)),
      el('td', {}, amounts(x.expected)),
      el('td', {}, amounts(x.actual)),
      el('td', {}, amounts(x.detail), x.driver ? el('span', { class: 'muted small' }, `依据：${x.driver}`) : null));
  }

  /** Appends the rows from `from` up to the current limit. */
  function renderRows(from) {
    const page = a.pageRows(matched, limit);
    findingsBody.append(...page.shown.slice(from).map(findingTr));
    shown.textContent = a.shownText(page.shown.length, matched.length, view.rows.length);
    more.hidden = page.more === 0;
    more.textContent = page.more ? `显示更多（再显示 ${page.more} 条，还有 ${page.rest} 条）` : '显示更多';
  }

  function showMore() {
    const from = Math.min(limit, matched.length);
    limit += a.PAGE;
    renderRows(from);
    if (more.hidden) shown.focus();
  }

  async function exportFile(kind) {
    if (!view) return;
    const label = kind === 'findings' ? '逐案结果 CSV' : '报告 HTML';
    exportStatus.textContent = '正在导出…';
    exportStatus.classList.remove('error');
    try {
      const dst = await api.auditExport(kind === 'findings' ? view.findings_csv : view.report_html);
      exportStatus.textContent = a.exportText(label, dst);
    } catch (e) {
      exportStatus.textContent = `导出${label}失败：${errorText(e)}`;
      exportStatus.classList.add('error');
    }
  }

  setRunning(false);

  return {
    root,
    title: '审查',
    focus: () => root.querySelector('#audit-h').focus(),
    /** Esc: cancels a running review. */
    back() {
      if (running) { cancelRun(); return true; }
      return false;
    },
  };
}
