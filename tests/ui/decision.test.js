import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './helpers.js';
import {
  chosenWhen, fineText, groundsText, legalRangeText, receiptLine, regimePeriod, visibleNotes, GROUNDS_ZH,
} from '../../ui/js/decision.js';
import { citeText } from '../../ui/js/format.js';

const heavy = fixture('decision-heavy.json');
const actKept = fixture('decision-art37-act.json');
const newLighter = fixture('decision-art37-new.json');
const exemptTransfer = fixture('decision-exempt-transfer.json');
const amountNeeded = fixture('decision-amount-needed.json');

test('the fixtures are what the engine says (guards against stale fixtures)', () => {
  assert.equal(heavy.tier, 'heavy');
  assert.equal(exemptTransfer.tier, 'exempt');
  assert.equal(exemptTransfer.transfer, true);
  assert.equal(actKept.evaluations.length, 2);
  assert.equal(newLighter.evaluations.length, 2);
});

test('fine text: a band, no fine when exempt, a prompt when the amount is missing', () => {
  assert.equal(fineText(heavy), '3,500 元至 5,000 元');
  assert.equal(fineText(exemptTransfer), '不予罚款');
  assert.equal(fineText(amountNeeded), '按金额倍数计算，请填写金额');
  assert.equal(fineText({ tier: 'standard', fine: null, kinds: ['警告'], notes: [] }), '不处罚款（警告）');
  assert.equal(legalRangeText(heavy), '5,000 元以下');
  assert.equal(legalRangeText(amountNeeded), '按金额倍数计算，请填写金额');
  assert.equal(legalRangeText(exemptTransfer), '未设定罚款幅度');
});

test('the transfer note is kept out of the notes list (it has its own warning)', () => {
  assert.ok(exemptTransfer.notes.some((n) => n.code === 'transfer'));
  assert.equal(visibleNotes(exemptTransfer).some((n) => n.code === 'transfer'), false);
  assert.deepEqual(visibleNotes(amountNeeded).map((n) => n.code), ['amount_needed']);
});

test('from 从旧兼从轻 pairs, the chosen evaluation is found', () => {
  assert.equal(chosenWhen(actKept), 'act');
  assert.equal(chosenWhen(newLighter), 'decision');
  assert.equal(chosenWhen(heavy), null);
  // Both evaluations alike: the 第三十七条 reason decides.
  const twin = structuredClone(newLighter);
  twin.evaluations[0] = { ...twin.evaluations[1], when: 'act' };
  assert.equal(chosenWhen(twin), 'decision');
  twin.reasons = twin.reasons.filter((r) => r.step !== 'art37');
  assert.equal(chosenWhen(twin), 'act');
});

test('grounds, periods and the receipt in words', () => {
  assert.deepEqual(exemptTransfer.grounds, ['exemption_list']);
  assert.equal(groundsText(exemptTransfer.grounds), GROUNDS_ZH.exemption_list);
  assert.equal(groundsText(['art33_first', 'unknown_code']), `${GROUNDS_ZH.art33_first}；unknown_code`);
  assert.equal(regimePeriod(null, '2026-04-30'), '施行至2026年4月30日');
  assert.equal(regimePeriod('2026-05-01', null), '2026年5月1日起施行');
  assert.equal(regimePeriod(null, null), '');
  const line = receiptLine(heavy.receipt);
  assert.match(line, /规则版本 \d{4}\.\d+\.\d+/);
  assert.ok(line.includes(`库哈希 ${heavy.receipt.library_hash.slice(0, 12)} `));
  assert.equal(line.includes(heavy.receipt.library_hash.slice(0, 13)), false);
});

test('citations of a real decision render in 《…》第N条 form', () => {
  const texts = newLighter.citations.map(citeText);
  assert.ok(texts.length > 0);
  for (const t of texts) assert.match(t, /^《[^》]+》(（[^）]+）)?第.+条/);
  assert.ok(texts.includes('《中华人民共和国行政处罚法》第三十七条'));
});
