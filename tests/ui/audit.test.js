// 审查: the logic of the review view on a real AuditView (fixture: `cailiang audit --json --out` on
// 300 generated cases plus two malformed rows and one unknown item, --min-group 3; rows are the
// findings file's deviations, as audit_run returns them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixture } from './helpers.js';
import * as a from '../../ui/js/audit-logic.js';
import { setLabels } from '../../ui/js/labels.js';

setLabels(fixture('labels.json'));

const view = fixture('audit-view.json');
const s = view.summary;

test('finding codes: all ten in the summary order, with their Chinese labels', () => {
  assert.deepEqual([...a.FINDINGS].sort(), Object.keys(s.findings).sort());
  assert.deepEqual(a.FINDINGS.map((c) => `${c}=${a.findingZh(c)}`), [
    'consistent=符合基准', 'fined_when_exempt=应免罚而处罚', 'unpenalised_when_due=应罚未罚',
    'below_band=低于裁量幅度', 'above_band=高于裁量幅度', 'above_legal_max=超过法定上限',
    'below_legal_min=低于法定下限', 'time_limit_passed=超过追责时效', 'unknown_item=事项无法识别',
    'bad_row=格式错误',
  ]);
  assert.equal(a.findingZh('duplicate'), '未识别（duplicate）');
  assert.equal(a.findingZh(undefined), '');
  assert.equal(a.columnZh('fine_yuan'), '罚款金额（fine_yuan）');
  assert.equal(a.columnZh('occurred'), '违法日期（occurred）');
  assert.equal(a.columnZh('备注'), '备注');
  assert.equal(a.columnZh(''), '');
});

test('percentages and counts', () => {
  assert.equal(a.formatPercent(0.0615), '6.2%');
  assert.equal(a.formatPercent(0.05333333333333334), '5.3%');
  assert.equal(a.formatPercent(0.6666666666666666), '66.7%');
  assert.equal(a.formatPercent(0.25), '25%');
  assert.equal(a.formatPercent(1), '100%');
  assert.equal(a.formatPercent(0), '0%');
  assert.equal(a.formatPercent(0.0004), '<0.1%');
  assert.equal(a.formatPercent(0.0006), '0.1%');
  assert.equal(a.formatPercent(0.12345, 2), '12.35%');
  assert.equal(a.formatPercent(null), '—');
  assert.equal(a.formatPercent(undefined), '—');
  assert.equal(a.formatPercent('x'), '—');
  assert.equal(a.formatCount(3800000), '3,800,000');
  assert.equal(a.formatCount(0), '0');
  assert.equal(a.formatCount(null), '—');
  assert.equal(a.rate(3, 4), 0.75);
  assert.equal(a.rate(3, 0), 0);
});

test('the headline figures of the summary', () => {
  assert.deepEqual(a.summaryFacts(s).map((f) => [f.label, f.value]), [
    ['案件总数', '303'], ['可复核案件', '300'], ['格式错误', '2'], ['偏离基准', '16'], ['偏离率', '5.3%'],
  ]);
  assert.equal(a.doneText(s), '审查完成：案件 303 件，偏离基准 16 件（偏离率 5.3%），用时 0.3 秒');
  assert.match(a.doneText({ ...s, took_ms: 65000 }), /用时 65 秒$/);
});

test('a workbook review says which sheet was read and which were not', () => {
  assert.equal(a.sheetText({ format: 'csv' }), '');
  assert.equal(a.sheetText({ format: 'xlsx', sheet: { sheet: '案件', sheets: ['案件'] } }), '已审查工作表「案件」');
  const two = { format: 'xlsx', sheet: { sheet: '案件', sheets: ['案件', '其他', '汇总'] } };
  assert.equal(a.sheetText(two),
    '已审查工作表「案件」；工作簿另有 2 个工作表未审查（「其他」、「汇总」），可在“工作表”中选择后重新审查');
  const s = { cases: 3, deviations: 0, deviation_rate: 0, took_ms: 100, input: two };
  assert.match(a.doneText(s), /^审查完成：案件 3 件.*。已审查工作表「案件」；工作簿另有 2 个工作表未审查/);
});

test('counts by finding code: every code, the counts add up to the cases', () => {
  const counts = a.findingCounts(s);
  assert.equal(counts.length, 10);
  assert.equal(counts.reduce((n, f) => n + f.count, 0), s.cases);
  assert.deepEqual(counts.filter((f) => f.count).map((f) => [f.label, f.count]), [
    ['符合基准', 284], ['应免罚而处罚', 4], ['应罚未罚', 6], ['低于裁量幅度', 2], ['高于裁量幅度', 2],
    ['超过法定上限', 2], ['事项无法识别', 1], ['格式错误', 2],
  ]);
  const bars = a.findingBars(s);
  assert.equal(bars[0].text, '284 件（93.7%）');
  assert.equal(bars[0].cls, 'bar-ok');
  assert.equal(bars.find((b) => b.key === 'fined_when_exempt').cls, 'bar-dev');
  assert.equal(bars.find((b) => b.key === 'bad_row').cls, 'bar-data');
  assert.equal(bars.find((b) => b.key === 'below_legal_min').text, '0 件（0%）');
  assert.match(a.chartText(bars.slice(0, 2)), /^符合基准 284 件（93\.7%）；应免罚而处罚 4 件（1\.3%）$/);
});

test('deviation rate by unit: highest first, only units with evaluated cases, at most the limit', () => {
  const all = a.unitBars(s, 100);
  assert.equal(all.total, 43);
  assert.equal(all.hidden, 0);
  const rates = all.bars.map((b) => b.value);
  assert.deepEqual(rates, [...rates].sort((x, y) => y - x));
  assert.equal(all.bars[0].label, '市人力资源和社会保障局第二执法大队');
  assert.equal(all.bars[0].text, '66.7%（2/3）');
  const top = a.unitBars(s, 40);
  assert.equal(top.bars.length, 40);
  assert.equal(top.hidden, 3);
  const u = (unit, evaluated, deviations) => ({ unit, evaluated, deviations, deviation_rate: a.rate(deviations, evaluated) });
  const mine = a.unitBars({ by_unit: [u('乙', 10, 1), u('甲', 0, 0), u('丙', 20, 2), u('', 4, 2)] });
  assert.deepEqual(mine.bars.map((b) => b.label), ['（未填写单位）', '丙', '乙'], 'ties: more deviations first; no evaluated cases: left out');
  assert.equal(mine.total, 3);
});

test('bar-chart geometry: the largest value spans barMax, the others in proportion', () => {
  const bars = [{ label: '甲', value: 200 }, { label: '乙', value: 50 }, { label: '丙', value: 0 }, { label: '丁', value: 0.1 }];
  const g = a.barChart(bars, { width: 700, labelWidth: 200, barMax: 400, rowHeight: 20, barHeight: 14 });
  assert.equal(g.max, 200);
  assert.equal(g.scale, 2);
  assert.equal(g.width, 700);
  assert.equal(g.height, 80);
  assert.deepEqual(g.rows.map((r) => r.w), [400, 100, 0, 1], 'a tiny positive value is still visible, 0 draws nothing');
  assert.deepEqual(g.rows.map((r) => r.x), [200, 200, 200, 200]);
  assert.deepEqual(g.rows.map((r) => r.y), [3, 23, 43, 63]);
  assert.deepEqual(g.rows.map((r) => r.labelY), [14, 34, 54, 74]);
  assert.deepEqual(g.rows.map((r) => r.textX), [606, 306, 206, 207]);
  assert.ok(g.rows.every((r) => r.x + r.w <= g.width));
  const rates = a.barChart(a.unitBars(s).bars);
  assert.equal(Math.max(...rates.rows.map((r) => r.w)), 400);
  assert.equal(rates.rows[0].w, 400);
  assert.equal(rates.rows[1].w, Math.round((0.3333333333333333 / 0.6666666666666666) * 4000) / 10);
  const empty = a.barChart([{ label: '零', value: 0 }]);
  assert.equal(empty.scale, 0);
  assert.equal(empty.rows[0].w, 0);
  assert.equal(a.barChart([]).rows.length, 0);
  const long = a.barChart([{ label: '市人力资源和社会保障局第二执法大队监察室', value: 1 }], { labelChars: 10 });
  assert.equal(long.rows[0].label, '市人力资源和社会保…', 'at most labelChars characters, the ellipsis included');
  assert.equal(long.rows[0].full, '市人力资源和社会保障局第二执法大队监察室');
  assert.equal(a.clip('短', 10), '短');
});

test('by item: the 50 with most cases, with the 同案不同罚指数', () => {
  const t = a.itemTable(s, 50);
  assert.equal(t.total, 153);
  assert.equal(t.rows.length, 50);
  assert.deepEqual(t.rows.slice(0, 3).map((r) => [r.item, r.cases]), [['SWJ-001', '12'], ['FGW-001', '11'], ['LYJ-001', '10']]);
  const cases = t.rows.map((r) => Number(r.cases));
  assert.deepEqual(cases, [...cases].sort((x, y) => y - x));
  const none = t.rows.find((r) => r.item === 'SCJG-001');
  assert.equal(none.index, '—', 'no group large enough');
  const swj = t.rows[0];
  assert.equal(swj.index, '0%');
  assert.equal(swj.rate, '0%');
  assert.equal(a.itemTable(s, 5).rows.length, 5);
});

test('dispersion: like-case groups with facts in words and the minimum-size note', () => {
  const zh = (c) => ({ first_offense: '初次违法', corrected_in_time: '及时改正', minor_harm: '危害后果轻微' }[c] ?? c);
  const d = a.dispersionTable(s, zh);
  assert.equal(d.total, 11);
  assert.equal(d.minGroup, 3);
  assert.deepEqual(d.rows[0], {
    item: 'SLJ-001', violation: '在江河、湖泊、水库、运河、渠道内弃置、堆放阻碍行洪的物体', facts: '无特定情节',
    cases: '4', modal: '罚款（中）', outcomes: '罚款（低） 1 件、罚款（中） 3 件', inconsistency: '25%', mean: '28,088', sd: '4,440', cv: '0.16', min: '22,411', max: '32,764',
  });
  assert.equal(d.rows[2].facts, '初次违法、及时改正、危害后果轻微');
  assert.equal(d.rows[1].cv, '—', 'no fines: no coefficient of variation');
  assert.equal(a.dispersionNote(d), '同一事项、同一情节组合的案件为一组；少于 3 件的组不显示。不予处罚和警告按 0 元计入罚款统计。');
  const few = a.dispersionTable(s, zh, 4);
  assert.equal(few.rows.length, 4);
  assert.match(a.dispersionNote(few), /（共 11 组，显示前 4 组）$/);
});

test('a finding row in words; a bad row shows its column and reason', () => {
  const byLine = (n) => view.rows.find((r) => r.line === String(n));
  assert.deepEqual(a.findingRow(byLine(12)), {
    line: '12', caseNo: 'CL00000011', unit: '市林业局执法支队', item: 'LYJ-005', matched: '', finding: 'below_band',
    findingZh: '低于裁量幅度', expected: '一般处罚，罚款 49,435.20 元至 60,420.80 元', actual: '罚款 45,315.60 元',
    detail: '罚款45315.60元低于一般处罚幅度下限49435.20元', driver: '一般情节',
  });
  const exempt = a.findingRow(byLine(33));
  assert.equal(exempt.expected, '不予处罚');
  assert.equal(exempt.actual, '罚款 341 元');
  const due = a.findingRow(byLine(206));
  assert.equal(due.expected, '从轻处罚，罚款 16,509 元以下');
  assert.equal(due.actual, '未予处罚');
  const bad = a.findingRow(byLine(302));
  assert.equal(bad.findingZh, '格式错误');
  assert.equal(bad.detail, '列“违法日期（occurred）”：日期格式错误“2022-13-40”');
  assert.equal(bad.expected, '—');
  assert.equal(a.findingRow(byLine(303)).detail, '列“罚款金额（fine_yuan）”：罚款金额格式错误“abc”');
  const unknown = a.findingRow(byLine(304));
  assert.equal(unknown.findingZh, '事项无法识别');
  assert.equal(unknown.expected, '—');
  assert.equal(unknown.actual, '罚款 100 元');
  assert.equal(a.findingRow({ ...byLine(12), matched_item: 'LYJ-006', item: '林木采伐' }).matched, 'LYJ-006');
  assert.equal(a.actualText({ actual_penalty: 'warning' }), '警告');
  assert.equal(a.actualText({ actual_penalty: 'other' }), '其他处罚');
  assert.equal(a.findingRow({ finding: 'bad_row', column: '', detail: '' }).detail, '无法读取此行');
});

test('the driver of a finding in words, never as codes', () => {
  assert.equal(a.driverZh('aggravating:repeat'), '从重情节：一定期限内再次实施同一违法行为');
  assert.equal(a.driverZh('art33_minor; art33_minor:corrected_in_time+no_harm+minor_violation'),
    '违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）；轻微不罚：及时改正、没有造成危害后果、违法行为轻微');
  assert.equal(a.driverZh('correction_order_only'), '罚则以拒不改正为处罚前提，先责令改正');
  assert.equal(a.driverZh(''), '');
  for (const r of view.rows) {
    assert.doesNotMatch(a.findingRow(r).driver, /[a-z]{3,}/, `line ${r.line}: ${r.driver}`);
  }
  assert.equal(a.expectedText({ expected_tier: 'correct_first', expected_max: '' }), '责令改正，暂不处罚');
});

test('filter options: the codes and the units of the rows, with counts', () => {
  assert.deepEqual(a.findingOptions(view.rows).map((o) => o.label), [
    '应免罚而处罚（4）', '应罚未罚（6）', '低于裁量幅度（2）', '高于裁量幅度（2）', '超过法定上限（2）', '事项无法识别（1）', '格式错误（2）',
  ]);
  const units = a.unitOptions(view.rows);
  assert.equal(units.length, 12);
  assert.deepEqual(units[0], { value: 'u:市市场监督管理局执法支队', label: '市市场监督管理局执法支队（5）' });
  assert.deepEqual(units[1], { value: 'u:市城市管理和综合执法局执法支队', label: '市城市管理和综合执法局执法支队（3）' });
  const counts = units.map((o) => Number(/（(\d+)）$/.exec(o.label)[1]));
  assert.deepEqual(counts, [...counts].sort((x, y) => y - x));
  assert.equal(counts.reduce((n, c) => n + c, 0), view.rows.length);
  assert.deepEqual(a.unitOptions([{ unit: '' }, { unit: '乙' }, { unit: '乙' }]).map((o) => o.value), ['u:乙', 'u:']);
  assert.equal(a.unitOptions([{ unit: '' }])[0].label, '（未填写单位）（1）');
  assert.deepEqual(a.findingOptions([{ finding: 'duplicate' }]), [{ value: 'duplicate', label: '未识别（duplicate）（1）' }]);
});

test('filtering the findings by code, unit and item text', () => {
  const rows = view.rows;
  const v = a.violationMap(s);
  const lines = (f) => a.filterRows(rows, f, v).map((r) => r.line);
  assert.equal(a.filterRows(rows, {}, v).length, rows.length);
  assert.deepEqual(lines({ finding: 'bad_row' }), ['302', '303']);
  assert.deepEqual(lines({ unit: 'u:市市场监督管理局执法支队' }), ['42', '196', '302', '303', '304']);
  assert.deepEqual(lines({ unit: 'u:市市场监督管理局执法支队', finding: 'unpenalised_when_due' }), ['42', '196']);
  assert.deepEqual(lines({ item: 'cgj-0' }), ['169', '183', '294', '296'], 'case-insensitive, item code');
  assert.deepEqual(lines({ item: '  不存在  ' }), ['304'], 'the item as written');
  const violation = v.get('LYJ-005');
  assert.ok(violation);
  assert.ok(lines({ item: violation.slice(0, 6) }).includes('12'), 'the violation of the matched item');
  assert.deepEqual(lines({ unit: 'u:市林业局执法支队', item: 'SCJG' }), []);
  assert.deepEqual(a.filterRows([{ unit: '' }, { unit: '甲' }], { unit: 'u:' }), [{ unit: '' }], 'the blank unit');
  assert.deepEqual(a.filterRows(undefined, {}), []);
});

test('paging: the first 500, then 500 more at a time, with counts', () => {
  const many = Array.from({ length: 1234 }, (_, i) => ({ line: String(i + 2) }));
  let p = a.pageRows(many);
  assert.equal(a.PAGE, 500);
  assert.equal(p.shown.length, 500);
  assert.equal(p.shown[0].line, '2');
  assert.equal(p.more, 500);
  assert.equal(p.rest, 734);
  p = a.pageRows(many, 1000);
  assert.equal(p.shown.length, 1000);
  assert.equal(p.more, 234);
  p = a.pageRows(many, 1500);
  assert.equal(p.shown.length, 1234);
  assert.equal(p.more, 0);
  assert.equal(p.shown[1233].line, '1235', 'input order');
  assert.equal(a.pageRows([], 500).more, 0);
  assert.equal(a.shownText(500, 1234, 1234), '显示 500 / 1,234 条偏离');
  assert.equal(a.shownText(2, 2, 19), '显示 2 / 2 条（筛选自 19 条偏离）');
  assert.equal(a.shownText(0, 0, 19), '没有符合筛选条件的案件（共 19 条）');
  assert.equal(a.shownText(0, 0, 0), '没有偏离基准的案件');
});

test('truncated rows: a note that the CSV has every row', () => {
  assert.equal(a.truncatedNote(view), '');
  const cut = { ...view, rows_truncated: true, rows: new Array(20000), summary: { ...s, cases: 3800000 } };
  assert.equal(a.truncatedNote(cut), '表中只列出前 20,000 条；全部 3,800,000 件案件的逐案结果见导出的 CSV（导出逐案结果 CSV）。');
});

test('progress: a whole percentage, clamped, and the rows read', () => {
  assert.deepEqual(a.progressState({ bytes_done: 0, bytes_total: 1000, rows: 0 }), { percent: 0, rows: 0, text: '0% · 已读 0 行' });
  assert.deepEqual(a.progressState({ bytes_done: 18803, bytes_total: 37607, rows: 150 }), { percent: 49, rows: 150, text: '49% · 已读 150 行' });
  assert.equal(a.progressState({ bytes_done: 37607, bytes_total: 37607, rows: 303 }).percent, 100);
  assert.equal(a.progressState({ bytes_done: 5000, bytes_total: 4000, rows: 1 }).percent, 100, 'never over 100');
  assert.equal(a.progressState({ bytes_done: 10, bytes_total: 0, rows: 3800000 }).text, '0% · 已读 3,800,000 行');
  assert.equal(a.progressState(null).percent, 0);
});

test('starting a review: a path and a whole minimum group size', () => {
  assert.deepEqual(a.validateStart('  /home/u/已决案件.csv ', '5'), { path: '/home/u/已决案件.csv', minGroup: 5 });
  assert.deepEqual(a.validateStart('/a.xlsx', ''), { path: '/a.xlsx', minGroup: 5 }, 'empty: the default 5');
  assert.deepEqual(a.validateStart('/a.csv', '12'), { path: '/a.csv', minGroup: 12 });
  assert.match(a.validateStart('  ', '5').error, /路径/);
  assert.match(a.validateStart('/a.csv', '0').error, /最小组规模/);
  assert.match(a.validateStart('/a.csv', '2.5').error, /最小组规模/);
  assert.match(a.validateStart('/a.csv', 'abc').error, /最小组规模/);
});

test('export messages', () => {
  assert.equal(a.exportText('逐案结果 CSV', '/home/u/下载/裁量审查-20261126-201500.csv'), '已导出逐案结果 CSV：/home/u/下载/裁量审查-20261126-201500.csv');
  assert.match(a.exportText('报告 HTML', ''), /^导出报告 HTML失败/);
  assert.equal(a.exportText('报告 HTML', null), '已取消导出报告 HTML');
});

test('progress events: listen resolves to an unlisten, a no-op without Tauri', async () => {
  const { listen } = await import('../../ui/js/api.js');
  const off = await listen('audit-progress', () => {});
  assert.equal(typeof off, 'function');
  off();
  const got = [];
  let removed = 0;
  globalThis.__TAURI__ = {
    event: {
      listen: async (name, cb) => {
        assert.equal(name, 'audit-progress');
        cb({ event: name, payload: { bytes_done: 1, bytes_total: 2, rows: 3 } });
        return () => { removed += 1; };
      },
    },
  };
  try {
    const un = await listen('audit-progress', (p) => got.push(p));
    assert.deepEqual(got, [{ bytes_done: 1, bytes_total: 2, rows: 3 }], 'the handler gets the payload');
    un();
    assert.equal(removed, 1);
  } finally {
    delete globalThis.__TAURI__;
  }
});

// ---- issue 14: categories in the tier order, codes in words, the index explained, table looks

test('by tier: lightest first (the library’s order), not the alphabetical order of the codes by_tier comes in', () => {
  assert.deepEqual(Object.keys(s.by_tier), ['exempt', 'heavy', 'light', 'mitigated', 'standard'], 'the fixture is alphabetical');
  assert.deepEqual(a.tierCounts(s).map((t) => `${t.label} ${t.count}`), ['不予处罚 109', '减轻处罚 6', '从轻处罚 59', '一般处罚 96', '从重处罚 30']);
  assert.deepEqual(a.tierBars(s).map((b) => b.text), ['109 件（36.3%）', '6 件（2%）', '59 件（19.7%）', '96 件（32%）', '30 件（10%）']);
  assert.deepEqual(a.tierCounts({ by_tier: { zzz: 1, light: 2 }, evaluated: 3 }).map((t) => t.label), ['从轻处罚', '未识别（zzz）']);
  assert.deepEqual(a.tierCounts({}), []);
});

test('a like-case group’s outcomes lightest first (罚款（低） before 罚款（中）, as the engine ranks them)', () => {
  assert.equal(a.outcomeText({ 不予处罚: 0, '罚款（中）': 3, '罚款（低）': 1, '罚款（高）': 0, 警告等: 2 }), '警告等 2 件、罚款（低） 1 件、罚款（中） 3 件');
  assert.equal(a.outcomeText(s.dispersion[1].outcomes), '不予处罚 5 件');
  assert.equal(a.outcomeText(undefined), '');
});

test('codes inside a finding’s detail are shown in words', () => {
  const exempt = view.rows.filter((r) => r.finding === 'fined_when_exempt').map((r) => a.findingRow(r).detail);
  assert.deepEqual([...new Set(exempt)].sort(), ['依据应不予处罚（先责令改正）', '依据应不予处罚（轻微不罚）', '依据应不予处罚（首违可以不罚）'].sort());
  // (A bad row names its column as the file may head it, e.g. 违法日期（occurred）: that code stays.)
  for (const r of view.rows.filter((x) => x.finding !== 'bad_row')) assert.doesNotMatch(a.findingRow(r).detail, /（[a-z_]+）/, r.detail);
  assert.equal(a.detailZh('依据应不予处罚（mystery_code）'), '依据应不予处罚（mystery_code）', 'unknown codes are left, never blanked');
  assert.equal(a.detailZh('罚款45315.60元低于一般处罚幅度下限49435.20元'), '罚款45315.60元低于一般处罚幅度下限49435.20元');
});

test('同案不同罚指数 explained in one sentence: what it measures and how to read it', () => {
  const text = a.indexExplain(3);
  assert.match(text, /^同案不同罚指数：同一事项、同一情节组合且不少于 3 件的案件中，处理结果与该组最常见结果不同的案件所占比例——0% 表示同案同罚，越高越不一致/);
  assert.equal(text.split('。').filter(Boolean).length, 1, 'one sentence');
});

test('the view: the index hint beside its heading, the tier chart, the findings in a scroll box with a sticky header', () => {
  const src = readFileSync(new URL('../../ui/js/views/audit.js', import.meta.url), 'utf8');
  assert.match(src, /'同案不同罚指数', el\('span', \{ class: 'th-hint' \}/);
  assert.match(src, /itemNote\.textContent = a\.indexExplain\(s\.min_group\);/);
  assert.match(src, /barChartSvg\(tb, /);
  assert.match(src, /class: 'table-wrap table-scroll' \}, findingsTable/);
  assert.match(src, /el\('td', \{ class: 'id' \}, x\.caseNo\)/);
  const css = readFileSync(new URL('../../ui/style.css', import.meta.url), 'utf8');
  assert.match(css, /\.table-scroll thead th \{ position: sticky; top: 0;/);
  assert.match(css, /\.audit-table td\.id, \.audit-table td\.num, \.item-id \{ white-space: nowrap; font-variant-numeric: tabular-nums; \}/);
});

test('amounts in a cell are kept whole (never broken across lines)', () => {
  assert.deepEqual(a.amountRuns('一般处罚，罚款 49,435.20 元至 60,420.80 元'), [
    { text: '一般处罚，罚款 ', amount: false }, { text: '49,435.20 元', amount: true },
    { text: '至 ', amount: false }, { text: '60,420.80 元', amount: true },
  ]);
  assert.deepEqual(a.amountRuns('罚款45315.60元低于下限'), [
    { text: '罚款', amount: false }, { text: '45315.60元', amount: true }, { text: '低于下限', amount: false },
  ]);
  assert.deepEqual(a.amountRuns('未予处罚'), [{ text: '未予处罚', amount: false }]);
  assert.deepEqual(a.amountRuns(''), []);
  const src = readFileSync(new URL('../../ui/js/views/audit.js', import.meta.url), 'utf8');
  assert.match(src, /el\('td', \{\}, amounts\(x\.expected\)\)/);
});

test('a finding opens in 裁量 with what its case stated; one without a recognised item does not', () => {
  const row = {
    line: 7, case_no: 'A1', unit: '甲局', item: '超市商品没贴价签', matched_item: 'SCJG-001', finding: 'above_band',
    facts: ['first_offense', 'corrected_in_time'], amount: '800', gain: '', occurred: '2026-03-01', decided: '2026-03-20',
  };
  assert.deepEqual(a.caseParams(row), {
    item: 'SCJG-001',
    case: { facts: ['first_offense', 'corrected_in_time'], amount: '800', gain: '', occurred: '2026-03-01', decided: '2026-03-20' },
  });
  assert.equal(a.caseParams({ ...row, matched_item: '' }), null);
  // Rows from an older summary without the echoed cells still open, with nothing filled in.
  assert.deepEqual(a.caseParams({ line: 1, matched_item: 'SCJG-001' }).case,
    { facts: [], amount: '', gain: '', occurred: '', decided: '' });
});
