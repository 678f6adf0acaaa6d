import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLANK, printHeaderLines } from '../../ui/js/print-header.js';

test('the printed 说理 carries the case, the body, the party and the date as filled in', () => {
  assert.deepEqual(printHeaderLines({
    caseNo: ' 市监罚〔2026〕88号 ', unit: '某区市场监督管理局', partyName: '某某超市', partyZh: '单位',
    item: 'SCJG-001', violation: '经营者不明码标价', today: '2026-12-06',
  }), [
    ['案件编号', '市监罚〔2026〕88号'],
    ['执法单位', '某区市场监督管理局'],
    ['当事人', '某某超市（单位）'],
    ['事项', 'SCJG-001　经营者不明码标价'],
    ['打印日期', '2026年12月6日'],
  ]);
});

test('what nobody filled in is a blank to write on, never a guess', () => {
  const lines = Object.fromEntries(printHeaderLines({ item: 'SCJG-001' }));
  assert.equal(lines['案件编号'], BLANK);
  assert.equal(lines['执法单位'], BLANK);
  assert.equal(lines['当事人'], BLANK);
  assert.equal(lines['打印日期'], BLANK);
  assert.equal(lines['事项'], 'SCJG-001');
  // The party type alone is still said.
  assert.equal(Object.fromEntries(printHeaderLines({ partyZh: '个人' }))['当事人'], '（个人）');
});
