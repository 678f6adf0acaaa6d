import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDecideRequest, buildSaveRequest, dateProblem } from '../../ui/js/request.js';

test('the decide request carries the item, the yes facts in contract order and the typed text', () => {
  const req = buildDecideRequest({
    item: ' SCJG-017 ',
    answers: { repeat: 'yes', first_offense: 'no', no_harm: 'unsure', corrected_in_time: 'yes' },
    amount: ' 2万 ', gain: '', occurred: '2026-03-01', decided: undefined,
  });
  assert.deepEqual(req, {
    item: 'SCJG-017', facts: ['corrected_in_time', 'repeat'], amount: '2万', gain: '', occurred: '2026-03-01', decided: '',
  });
  assert.deepEqual(Object.keys(req), ['item', 'facts', 'amount', 'gain', 'occurred', 'decided']);
  assert.deepEqual(buildDecideRequest({ item: 'X' }).facts, []);
});

test('dates: format and order are checked before asking the engine', () => {
  assert.equal(dateProblem('', ''), '');
  assert.equal(dateProblem('2026-03-01', '2026-06-01'), '');
  assert.equal(dateProblem('2026-03-01', '2026-03-01'), '');
  assert.equal(dateProblem('2026-06-01', '2026-03-01'), '决定日期早于违法日期');
  assert.match(dateProblem('2026/6/1', ''), /违法日期/);
  assert.match(dateProblem('', '1.6.2026'), /决定日期/);
});

test('saving with the suggested tier needs no reason and sends none', () => {
  const decide = buildDecideRequest({ item: 'SCJG-001', answers: { repeat: 'yes' } });
  const r = buildSaveRequest(decide, { suggested: 'heavy', officerTier: 'heavy', reason: '  多余  ', caseRef: ' 案2026-001 ', note: '' });
  assert.equal(r.ok, true);
  assert.deepEqual(r.req, { decide, officer_tier: 'heavy', departure_reason: null, case_ref: '案2026-001', note: null });
  // An empty choice means the suggestion.
  assert.equal(buildSaveRequest(decide, { suggested: 'heavy', officerTier: '' }).req.officer_tier, 'heavy');
});

test('another tier than the suggestion requires a 偏离理由, which is then sent', () => {
  const decide = buildDecideRequest({ item: 'SCJG-001', answers: { repeat: 'yes' } });
  const missing = buildSaveRequest(decide, { suggested: 'heavy', officerTier: 'standard', reason: '   ' });
  assert.equal(missing.ok, false);
  assert.equal(missing.field, 'departure-reason');
  assert.match(missing.error, /一般处罚.*从重处罚/);
  const given = buildSaveRequest(decide, { suggested: 'heavy', officerTier: 'standard', reason: ' 当事人系残疾人 ', note: '集体讨论' });
  assert.equal(given.ok, true);
  assert.equal(given.req.officer_tier, 'standard');
  assert.equal(given.req.departure_reason, '当事人系残疾人');
  assert.equal(given.req.note, '集体讨论');
  const bad = buildSaveRequest(decide, { suggested: 'heavy', officerTier: '很重' });
  assert.equal(bad.ok, false);
  assert.equal(bad.field, 'officer-tier');
});
