import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countText, exportMessage, newestFirst, recordRow } from '../../ui/js/records-logic.js';
import { isEditable, isSearchShortcut, moveSelection } from '../../ui/js/keys.js';

const rec = (over) => ({
  id: 1, saved_at: '2026-11-26 19:47:05', item_id: 'SCJG-001', violation: '未明码标价', facts: ['repeat'],
  tier: 'heavy', fine_min: 3500, fine_max: 5000, officer_tier: null, departure_reason: null, case_ref: null,
  note: null, rules_version: '2026.11.1', library_hash: 'abc', ...over,
});

test('records are listed newest first', () => {
  const list = [rec({ id: 2 }), rec({ id: 10 }), rec({ id: 7 })];
  assert.deepEqual(newestFirst(list).map((r) => r.id), [10, 7, 2]);
  assert.deepEqual(list.map((r) => r.id), [2, 10, 7], 'on a copy');
  assert.deepEqual(newestFirst(undefined), []);
});

test('a row: time, item, suggested and actual tier, case number', () => {
  assert.deepEqual(recordRow(rec({ case_ref: '案2026-001' })), {
    id: 1, time: '2026-11-26 19:47', item: 'SCJG-001　未明码标价', suggested: '从重处罚',
    actual: '从重处罚（同建议）', actualTier: 'heavy', departed: false, caseRef: '案2026-001',
  });
  const departed = recordRow(rec({ officer_tier: 'standard', departure_reason: '残疾人' }));
  assert.equal(departed.departed, true);
  assert.equal(departed.actual, '一般处罚');
  assert.equal(departed.actualTier, 'standard');
  assert.equal(departed.caseRef, '—');
});

test('labels for counts and the CSV export', () => {
  assert.equal(countText(0), '还没有保存的记录');
  assert.equal(countText(3), '共 3 条记录');
  assert.equal(exportMessage('/home/u/下载/裁量通记录-20261126-194705.csv'), '已导出 CSV：/home/u/下载/裁量通记录-20261126-194705.csv');
  assert.match(exportMessage(''), /失败/);
});

test('keyboard: / outside text fields and Ctrl+K anywhere focus the search', () => {
  const body = { tagName: 'BODY' };
  const input = { tagName: 'INPUT', type: 'text' };
  assert.equal(isSearchShortcut({ key: '/', target: body }), true);
  assert.equal(isSearchShortcut({ key: '/', target: input }), false);
  assert.equal(isSearchShortcut({ key: '/', target: { tagName: 'TEXTAREA' } }), false);
  assert.equal(isSearchShortcut({ key: '/', target: { tagName: 'INPUT', type: 'checkbox' } }), true);
  assert.equal(isSearchShortcut({ key: 'k', ctrlKey: true, target: input }), true);
  assert.equal(isSearchShortcut({ key: 'K', metaKey: true, target: body }), true);
  assert.equal(isSearchShortcut({ key: 'k', target: body }), false);
  assert.equal(isEditable({ tagName: 'DIV', isContentEditable: true }), true);
  assert.equal(isEditable({ tagName: 'BUTTON' }), false);
  assert.equal(isEditable(null), false);
});

test('keyboard: ↑ ↓ move a selection within the list', () => {
  assert.equal(moveSelection(0, 1, 3), 1);
  assert.equal(moveSelection(2, 1, 3), 2);
  assert.equal(moveSelection(0, -1, 3), 0);
  assert.equal(moveSelection(-1, 1, 3), 0);
  assert.equal(moveSelection(-1, -1, 3), 2);
  assert.equal(moveSelection(0, 1, 0), -1);
});
