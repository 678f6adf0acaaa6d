// 基准库 (issue 14): the filter as you type, the department tree, the CSV of what is shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixture } from './helpers.js';
import * as lib from '../../ui/js/library-logic.js';

// A real ItemSummary (decide SCJG-001 --json, .item) and two more of the same shape.
const scjg = fixture('decision-heavy.json').item;
const items = [
  scjg,
  { ...scjg, id: 'SCJG-017', violation: '经营者销售超过保质期的食品', exemption_items: [], kinds: ['罚款'], legal_fine: { min_yuan: 50000, max_yuan: 100000 } },
  { ...scjg, id: 'WJW-001', department: 'WJW', department_name: '市卫生健康委员会', domain: '卫生健康', violation: '=HYPERLINK("x") 从业人员未取得健康合格证明', exemption_items: [], legal_fine: null, kinds: [] },
];

test('the filter: id, violation or department, every word typed, any case', () => {
  const ids = (text) => lib.filterItems(items, text).map((x) => x.id);
  assert.deepEqual(ids(''), ['SCJG-001', 'SCJG-017', 'WJW-001']);
  assert.deepEqual(ids('  '), ['SCJG-001', 'SCJG-017', 'WJW-001']);
  assert.deepEqual(ids('scjg-017'), ['SCJG-017']);
  assert.deepEqual(ids('明码标价'), ['SCJG-001']);
  assert.deepEqual(ids('卫生健康'), ['WJW-001'], 'by department name');
  assert.deepEqual(ids('市场监督 保质期'), ['SCJG-017'], 'every word must match');
  assert.deepEqual(ids('市场监督　保质期'), ['SCJG-017'], 'a full-width space separates too');
  assert.deepEqual(ids('没有这个'), []);
});

test('the tree: departments in the order they come, their items under them', () => {
  const g = lib.groupByDepartment(items);
  assert.deepEqual(g.map((x) => [x.code, x.name, x.items.map((i) => i.id)]), [
    ['SCJG', '市市场监督管理局', ['SCJG-001', 'SCJG-017']],
    ['WJW', '市卫生健康委员会', ['WJW-001']],
  ]);
  assert.deepEqual(lib.groupByDepartment([]), []);
});

test('a branch is open while filtering, when it is the only one, or when the user opened it', () => {
  const opened = new Set(['WJW']);
  assert.equal(lib.branchOpen('SCJG', { filtering: false, groups: 2, opened }), false);
  assert.equal(lib.branchOpen('WJW', { filtering: false, groups: 2, opened }), true);
  assert.equal(lib.branchOpen('SCJG', { filtering: true, groups: 2, opened }), true);
  assert.equal(lib.branchOpen('SCJG', { filtering: false, groups: 1, opened }), true);
  assert.equal(lib.shownText(3, 645), '显示 3 项（筛选自 645 项）');
  assert.equal(lib.shownText(645, 645), '显示 645 项');
});

test('the CSV of the items shown: BOM, the columns in words, formula cells neutralised', () => {
  const rows = lib.itemRows(items);
  assert.deepEqual(rows[0], ['事项编号', '违法行为', '部门', '领域', '处罚种类', '法定罚款', '免罚清单事项']);
  assert.deepEqual(rows[1].slice(2), ['市市场监督管理局', '市场监管', '罚款、没收违法所得', '5,000 元以下', 'SCJG-E001、SCJG-E002']);
  assert.equal(rows[2][5], '50,000 元至 100,000 元');
  assert.equal(rows[3][5], '');
  const csv = lib.itemsCsv(lib.filterItems(items, 'WJW'));
  assert.ok(csv.startsWith('\uFEFF事项编号,'));
  assert.match(csv, /\r\nWJW-001,"'=HYPERLINK\(""x""\) 从业人员未取得健康合格证明",市卫生健康委员会,/);
  assert.equal(csv.trimEnd().split('\r\n').length, 2, 'only what is shown');
});

test('the view: a filter box, the tree of branches, the export through saveText', () => {
  const src = readFileSync(new URL('../../ui/js/views/library.js', import.meta.url), 'utf8');
  assert.match(src, /id: 'lib-filter', type: 'search'/);
  assert.match(src, /filter\.addEventListener\('input', renderList\)/);
  assert.match(src, /el\('details', \{ class: 'dept-branch', open: isOpen/);
  assert.match(src, /saveText\('基准库事项', 'csv', lib\.itemsCsv\(shownItems\)\)/);
  const save = readFileSync(new URL('../../ui/js/save.js', import.meta.url), 'utf8');
  assert.match(save, /\/\/ SAVE:/);
});
