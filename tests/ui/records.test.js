import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './helpers.js';
import { setLabels } from '../../ui/js/labels.js';
import {
  countText, exportMessage, newestFirst, penaltyText, recordChoice, recordRow,
} from '../../ui/js/records-logic.js';
import { isEditable, isSearchShortcut, moveSelection } from '../../ui/js/keys.js';

const labels = fixture('labels.json');
setLabels(labels);

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
    actual: '从重处罚（同建议）', actualTier: 'heavy', departed: false, chose: false, caseRef: '案2026-001', penalty: '—',
  });
  const departed = recordRow(rec({ officer_tier: 'standard', departure_reason: '残疾人' }));
  assert.equal(departed.departed, true);
  assert.equal(departed.actual, '一般处罚');
  assert.equal(departed.actualTier, 'standard');
  assert.equal(departed.caseRef, '—');
  assert.equal(recordRow(rec({ tier: 'correct_first' })).suggested, '责令改正，暂不处罚');
});

test('a record where the officer applied 首违不罚: the choice and its reason, under their names', () => {
  // history_save keeps the reason and no other tier; the decision saved is the one with the option.
  const decision = fixture('decision-option-chosen.json');
  const summary = rec({ item_id: 'SCJG-017', tier: 'exempt', officer_tier: null, departure_reason: '货值仅数十元' });
  const row = recordRow(summary);
  assert.equal(row.chose, true);
  assert.equal(row.departed, false);
  assert.equal(row.actual, '不予处罚（执法人员裁量选择）');
  assert.equal(row.actualTier, 'exempt');
  assert.deepEqual(recordChoice({ ...summary, decision }), {
    chosen: [labels.grounds.art33_first], reasonLabel: '适用理由', reason: '货值仅数十元',
  });
  // A departure keeps its name.
  const departed = rec({ officer_tier: 'standard', departure_reason: '残疾人', decision: fixture('decision-heavy.json') });
  assert.deepEqual(recordChoice(departed), { chosen: [], reasonLabel: '偏离理由', reason: '残疾人' });
  // An option chosen that the decision did not apply is not shown as applied.
  const stale = { ...summary, decision: { ...fixture('decision-heavy.json'), receipt: { chosen: ['art33_first'] } } };
  assert.deepEqual(recordChoice(stale).chosen, []);
});

test('labels for counts and the CSV export', () => {
  assert.equal(countText(0), '还没有保存的记录');
  assert.equal(countText(3), '共 3 条记录');
  assert.equal(exportMessage('/home/u/下载/裁量通记录-20261126-194705.csv'), '已导出 CSV：/home/u/下载/裁量通记录-20261126-194705.csv');
  assert.match(exportMessage(''), /失败/);
  assert.equal(exportMessage(null), '已取消导出');
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

test('the penalty imposed is shown with its fine; older records without one show a dash', () => {
  assert.equal(penaltyText(rec({ penalty: '罚款、没收违法所得', fine_yuan: 2000 })), '罚款、没收违法所得 2000 元');
  assert.equal(penaltyText(rec({ penalty: '不予处罚', fine_yuan: null })), '不予处罚');
  assert.equal(penaltyText(rec({})), '—');
  assert.equal(recordRow(rec({ penalty: '警告' })).penalty, '警告');
});
