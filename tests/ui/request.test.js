import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './helpers.js';
import { setLabels } from '../../ui/js/labels.js';
import {
  buildDecideRequest, buildDocumentRequest, buildSaveRequest, dateProblem, sameRequest,
} from '../../ui/js/request.js';

const labels = fixture('labels.json');
setLabels(labels);

test('the decide request carries the item, the yes facts in contract order and the typed text', () => {
  const req = buildDecideRequest({
    item: ' SCJG-017 ',
    answers: { repeat: 'yes', first_offense: 'no', no_harm: 'unsure', corrected_in_time: 'yes', minor_violation: 'yes' },
    amount: ' 2万 ', gain: '', occurred: '2026-03-01', decided: undefined,
  });
  assert.deepEqual(req, {
    item: 'SCJG-017', facts: ['corrected_in_time', 'repeat', 'minor_violation'], amount: '2万', gain: '', party: '',
    occurred: '2026-03-01', ended: '', discovered: '', decided: '', chosen: [],
  });
  assert.deepEqual(Object.keys(req), ['item', 'facts', 'amount', 'gain', 'party', 'occurred', 'ended', 'discovered', 'decided', 'chosen']);
  assert.deepEqual(buildDecideRequest({ item: 'X' }).facts, []);
});

test('the party: 个人 or 单位 as the engine’s codes, 未确定 as empty (never guessed)', () => {
  assert.equal(buildDecideRequest({ item: 'X', party: 'individual' }).party, 'individual');
  assert.equal(buildDecideRequest({ item: 'X', party: 'organization' }).party, 'organization');
  assert.equal(buildDecideRequest({ item: 'X', party: '' }).party, '');
  assert.equal(buildDecideRequest({ item: 'X', party: 'someone' }).party, '');
  assert.equal(buildDecideRequest({ item: 'X' }).party, '');
});

test('dates: the discovery date and a continuing act’s end are sent; an empty decision date means today', () => {
  const req = buildDecideRequest({ item: 'X', occurred: '2026-01-01', ended: ' 2026-03-01 ', discovered: '2026-04-01', decided: '' });
  assert.deepEqual([req.occurred, req.ended, req.discovered, req.decided], ['2026-01-01', '2026-03-01', '2026-04-01', '']);
});

test('the officer’s options go in `chosen`, once each', () => {
  assert.deepEqual(buildDecideRequest({ item: 'X', chosen: ['art33_first', ' art33_first ', ''] }).chosen, ['art33_first']);
});

test('dates: format and order are checked before asking the engine', () => {
  assert.equal(dateProblem({}), '');
  assert.equal(dateProblem({ occurred: '2026-03-01', decided: '2026-06-01' }), '');
  assert.equal(dateProblem({ occurred: '2026-03-01', decided: '2026-03-01' }), '');
  assert.equal(dateProblem({ occurred: '2026-06-01', decided: '2026-03-01' }), '决定日期早于违法日期');
  assert.match(dateProblem({ occurred: '2026/6/1' }), /违法日期/);
  assert.match(dateProblem({ decided: '1.6.2026' }), /决定日期/);
  assert.match(dateProblem({ discovered: '6月1日' }), /发现（立案）日期格式/);
  assert.equal(dateProblem({ occurred: '2026-03-01', ended: '2026-02-01' }), '行为终了日期早于违法日期');
  assert.match(dateProblem({ ended: '2026-02-01' }), /请同时填写违法日期/);
  assert.equal(dateProblem({ occurred: '2026-03-01', discovered: '2026-02-01' }), '发现（立案）日期早于违法日期');
  assert.equal(dateProblem({ occurred: '2026-03-01', discovered: '2026-07-01', decided: '2026-06-01' }), '决定日期早于发现（立案）日期');
  assert.equal(dateProblem({ occurred: '2026-01-01', ended: '2026-07-01', decided: '2026-06-01' }), '决定日期早于行为终了日期');
  assert.equal(dateProblem({ occurred: '2026-01-01', ended: '2026-03-01', discovered: '2026-04-01', decided: '' }), '', 'no decision date: today');
});

test('saving with the suggested tier needs no reason and sends none', () => {
  const decide = buildDecideRequest({ item: 'SCJG-001', answers: { repeat: 'yes' } });
  const r = buildSaveRequest(decide, { suggested: 'heavy', officerTier: 'heavy', reason: '  多余  ', caseRef: ' 案2026-001 ', note: '' });
  assert.equal(r.ok, true);
  assert.deepEqual(r.req, {
    decide, officer_tier: 'heavy', departure_reason: null, case_ref: '案2026-001', note: null, unit: null, penalty: null, fine: null,
  });
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
  // 责令改正，暂不处罚 is a tier the officer can decide on.
  assert.equal(buildSaveRequest(decide, { suggested: 'heavy', officerTier: 'correct_first', reason: '尚在改正期限内' }).ok, true);
});

test('applying 首违不罚 is the officer’s choice: the request keeps it, and its reason is required and sent', () => {
  // As the 裁量 view sends it after 适用此项: the option in `chosen`, the engine's tier with it (exempt).
  const chosen = fixture('decision-option-chosen.json');
  const decide = buildDecideRequest({
    item: 'SCJG-017', answers: { first_offense: 'yes', minor_harm: 'yes', corrected_in_time: 'yes' },
    occurred: '2026-05-01', decided: '2026-06-01', chosen: chosen.receipt.chosen,
  });
  assert.deepEqual(decide.chosen, ['art33_first']);
  const missing = buildSaveRequest(decide, { suggested: chosen.tier, officerTier: chosen.tier, reason: '' });
  assert.equal(missing.ok, false);
  assert.equal(missing.field, 'departure-reason');
  assert.equal(missing.error, `适用“${labels.grounds.art33_first}”由执法人员裁量决定，请填写适用理由`);
  const given = buildSaveRequest(decide, { suggested: chosen.tier, officerTier: chosen.tier, reason: ' 货值仅数十元，已全部下架销毁 ' });
  assert.equal(given.ok, true);
  assert.deepEqual(given.req.decide.chosen, ['art33_first'], 'history_save re-runs the decision with the option');
  assert.equal(given.req.officer_tier, 'exempt');
  assert.equal(given.req.departure_reason, '货值仅数十元，已全部下架销毁');
});

test('a save sends the request that gave the result shown', () => {
  const a = buildDecideRequest({ item: 'SCJG-017', answers: { first_offense: 'yes' }, party: 'individual' });
  assert.equal(sameRequest(a, buildDecideRequest({ item: 'SCJG-017', answers: { first_offense: 'yes', repeat: 'no' }, party: 'individual' })), true);
  assert.equal(sameRequest(a, { ...a, chosen: ['art33_first'] }), false);
  assert.equal(sameRequest(a, { ...a, party: '' }), false);
  assert.equal(sameRequest(a, null), false);
});

test('the record carries the unit, the penalty imposed and the fine as typed', () => {
  const decide = buildDecideRequest({ item: 'SCJG-001', party: 'organization' });
  const r = buildSaveRequest(decide, {
    suggested: 'standard', officerTier: 'standard', unit: ' 某区市场监督管理局 ', penalty: ' 罚款 ', fine: ' 2,000 ',
  });
  assert.equal(r.ok, true);
  assert.deepEqual([r.req.unit, r.req.penalty, r.req.fine], ['某区市场监督管理局', '罚款', '2,000']);
  // Left empty, each is null: the outcome's own penalty, and no fine the officer did not give.
  const e = buildSaveRequest(decide, { suggested: 'standard', unit: ' ', penalty: '', fine: undefined });
  assert.deepEqual([e.req.unit, e.req.penalty, e.req.fine], [null, null, null]);
});

test('the document request carries the header fields; what is empty stays a blank', () => {
  const decide = buildDecideRequest({ item: 'SCJG-001' });
  assert.deepEqual(buildDocumentRequest(decide, {
    caseNo: ' 市监罚〔2026〕12号 ', partyName: '某某超市', partyId: '', partyAddress: '  ', fine: '1500',
  }), {
    decide, case_no: '市监罚〔2026〕12号', party_name: '某某超市', party_id: null, party_address: null, fine: '1500',
  });
  assert.deepEqual(buildDocumentRequest(decide).fine, null);
});
