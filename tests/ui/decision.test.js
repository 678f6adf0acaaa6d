// The words of a Decision, on real outputs of `cailiang decide --json` (see each fixture's receipt
// for its inputs) and the library's labels (`cailiang labels --json` > fixtures/labels.json).
// E.g. decision-party-split.json: `decide ZJJ-013 --facts refused_correction --occurred 2026-05-01
// --decided 2026-06-01 --json`; decision-correct-first.json: `decide SCJG-038` (same dates);
// decision-option.json: `decide SCJG-017 --facts first_offense,minor_harm,corrected_in_time` (same
// dates), -chosen with `--choose art33_first`, decided-today without `--decided`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './helpers.js';
import {
  byPartyRows, chosenState, chosenWhen, fineText, groundsHeading, groundsText, legalRangeText, optionItems,
  penaltyLines, questionItems, receiptCase, receiptLine, regimePeriod, stepText, tierExplanation, visibleNotes,
} from '../../ui/js/decision.js';
import { citeText } from '../../ui/js/format.js';
import { setLabels } from '../../ui/js/labels.js';

const labels = fixture('labels.json');
setLabels(labels);

const heavy = fixture('decision-heavy.json');
const actKept = fixture('decision-art37-act.json');
const newLighter = fixture('decision-art37-new.json');
const exemptTransfer = fixture('decision-exempt-transfer.json');
const amountNeeded = fixture('decision-amount-needed.json');
const partySplit = fixture('decision-party-split.json'); // ZJJ-013, 拒不改正, party not given
const correctFirst = fixture('decision-correct-first.json'); // SCJG-038 无照经营
const option = fixture('decision-option.json'); // SCJG-017, 首违 offered
const optionChosen = fixture('decision-option-chosen.json'); // the same, --choose art33_first
const today = fixture('decision-decided-today.json'); // the same as `option`, no --decided

test('the fixtures are what the engine says (guards against stale fixtures)', () => {
  assert.equal(heavy.tier, 'heavy');
  assert.equal(exemptTransfer.tier, 'exempt');
  assert.equal(exemptTransfer.transfer, true);
  assert.equal(actKept.evaluations.length, 2);
  assert.equal(newLighter.evaluations.length, 2);
  assert.equal(correctFirst.tier, 'correct_first');
  assert.deepEqual(correctFirst.penalties, []);
  assert.equal(partySplit.by_party.length, 2);
  assert.deepEqual(partySplit.questions.map((q) => q.code), ['party']);
  assert.deepEqual(option.options.map((o) => o.ground), ['art33_first']);
  assert.deepEqual(optionChosen.receipt.chosen, ['art33_first']);
  assert.equal(today.receipt.decided_is_today, true);
});

test('fine text: a band, no fine when exempt, a prompt when the amount is missing', () => {
  assert.equal(fineText(heavy), '3,500 元至 5,000 元');
  assert.equal(fineText(exemptTransfer), '不予罚款');
  assert.equal(fineText(amountNeeded), '按金额倍数计算，请填写金额');
  assert.equal(fineText({ tier: 'standard', fine: null, penalties: [{ kind: 'warning', zh: '警告' }], notes: [] }), '不处罚款（警告）');
  assert.equal(fineText({ tier: 'standard', fine: null, penalties: [], notes: [] }), '不处罚款');
  assert.equal(legalRangeText(heavy), '5,000 元以下');
  assert.equal(legalRangeText(amountNeeded), '按金额倍数计算，请填写金额');
  assert.equal(legalRangeText(exemptTransfer), '未设定罚款幅度');
});

test('责令改正，暂不处罚 in its own words: no fine, no penalty, its ground and what it means', () => {
  assert.equal(fineText(correctFirst), '暂不罚款（先责令改正）');
  assert.deepEqual(penaltyLines(correctFirst), ['暂不处罚（先责令改正）']);
  assert.equal(groundsHeading(correctFirst), '暂不处罚的根据');
  assert.equal(groundsText(correctFirst.grounds), '罚则以拒不改正为处罚前提，先责令改正');
  assert.match(tierExplanation(correctFirst), /暂不处罚.*逾期不改正的，再依罚则处罚/);
  assert.equal(tierExplanation(heavy), '');
  assert.equal(groundsHeading(exemptTransfer), '不予处罚的根据');
  assert.deepEqual(correctFirst.measures, ['责令改正']);
});

test('penalties: every one the case gets, in the provision’s words, with band and condition', () => {
  assert.deepEqual(penaltyLines(heavy), ['罚款 3,500 元至 5,000 元', '没收违法所得（有违法所得的）']);
  assert.deepEqual(penaltyLines(exemptTransfer), ['不予处罚']);
  assert.ok(penaltyLines(actKept).includes('没收渔船'));
  assert.deepEqual(penaltyLines({ tier: 'light', penalties: [{ kind: 'warning', zh: '' }] }), ['警告、通报批评'], 'the kind’s label when the wording is missing');
  assert.deepEqual(penaltyLines({ tier: 'light', penalties: [] }), ['—']);
});

test('questions to establish (待确认): the library’s question and why it matters here', () => {
  assert.deepEqual(questionItems(partySplit), [{ code: 'party', text: '当事人是个人还是单位？', why: '罚则对个人和单位规定了不同的罚款幅度' }]);
  assert.deepEqual(questionItems(amountNeeded).map((q) => q.code), ['amount']);
  assert.equal(questionItems(amountNeeded)[0].text, labels.questions.amount);
  assert.deepEqual(questionItems(fixture('decision-exempt-transfer.json')), []);
  assert.deepEqual(questionItems(heavy), []);
  assert.equal(questionItems({ questions: [{ code: 'harm', why: '' }] })[0].text, '是否造成危害后果？', 'the label when the engine sends none');
});

test('the party not given: both outcomes, and the fine names both', () => {
  assert.deepEqual(byPartyRows(partySplit), [
    { party: 'individual', partyZh: '个人', tier: 'standard', tierZh: '一般处罚', fine: '300 元至 700 元', legal: '1,000 元以下' },
    { party: 'organization', partyZh: '单位', tier: 'standard', tierZh: '一般处罚', fine: '30,000 元至 70,000 元', legal: '100,000 元以下' },
  ]);
  assert.equal(fineText(partySplit), '待确认当事人类型：个人 300 元至 700 元；单位 30,000 元至 70,000 元');
  assert.equal(legalRangeText(partySplit), '个人 1,000 元以下；单位 100,000 元以下');
  assert.deepEqual(byPartyRows(heavy), []);
  // The party note repeats the table: it is left out of the notes while the table is shown.
  assert.ok(partySplit.notes.some((n) => n.code === 'party_needed'));
  assert.equal(visibleNotes(partySplit).some((n) => n.code === 'party_needed'), false);
});

test('options (首违不罚): offered with the ground’s label; once chosen, applied or lapsed', () => {
  const [o] = optionItems(option);
  assert.equal(o.ground, 'art33_first');
  assert.equal(o.title, labels.grounds.art33_first);
  assert.equal(o.tier, 'exempt');
  assert.equal(o.tierZh, '不予处罚');
  assert.match(o.text, /可以不予行政处罚/);
  assert.equal(citeText(o.citation), '《中华人民共和国行政处罚法》第三十三条第一款');
  assert.equal(option.tier, 'light', 'offered, not decided');
  assert.deepEqual(chosenState(option, []), { applied: [], lapsed: [] });
  // Applied: the decision rests on it and offers it no more.
  assert.equal(optionChosen.tier, 'exempt');
  assert.deepEqual(chosenState(optionChosen, ['art33_first']), { applied: ['art33_first'], lapsed: [] });
  assert.deepEqual(optionItems(optionChosen), []);
  assert.equal(groundsText(optionChosen.grounds), labels.grounds.art33_first);
  assert.match(optionChosen.reasoning, /经裁量决定不予行政处罚/);
  // Chosen, but the facts no longer allow it: the engine ignored it.
  assert.deepEqual(chosenState(heavy, ['art33_first']), { applied: [], lapsed: ['art33_first'] });
  assert.equal(visibleNotes(option).some((n) => n.code === 'option_offered'), false, 'the option is shown as a choice, not a note');
});

test('notes carry their label; the transfer note is kept out (it has its own warning)', () => {
  assert.ok(exemptTransfer.notes.some((n) => n.code === 'transfer'));
  assert.equal(visibleNotes(exemptTransfer).some((n) => n.code === 'transfer'), false);
  assert.deepEqual(visibleNotes(amountNeeded).map((n) => [n.code, n.label]), [
    ['discovered_assumed', '发现日期按决定日期'], ['amount_needed', '需要金额'],
  ]);
  const [todayNote] = visibleNotes(today);
  assert.equal(todayNote.label, '决定日期按今天');
  assert.equal(todayNote.lead, '决定日期按今天');
  // A text that begins with its label is not led by it again.
  assert.equal(visibleNotes({ notes: [{ code: 'occurred_missing', text: '未填写违法行为发生日期：按决定时的规定裁量' }] })[0].lead, '');
  // The act's date asked as a question: its note is not repeated.
  const noDate = { notes: [{ code: 'occurred_missing', text: 'x' }], questions: [{ code: 'occurred', zh: '', why: '' }] };
  assert.deepEqual(visibleNotes(noDate), []);
  assert.match(todayNote.text, /^未填写决定日期，按今天（\d{4}-\d{2}-\d{2}）计算$/);
});

test('reasons show their step’s label', () => {
  assert.deepEqual(option.reasons.map(stepText), ['免罚清单条件不具备', '首违可以不罚', '从轻情节', '罚款幅度', '违法所得']);
  assert.equal(stepText({ step: 'art37' }), '从旧兼从轻');
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
  assert.equal(groundsText(exemptTransfer.grounds), '符合免罚清单事项');
  assert.equal(groundsText(['art33_first', 'unknown_code']), `${labels.grounds.art33_first}；未识别（unknown_code）`);
  assert.equal(regimePeriod(null, '2026-04-30'), '施行至2026年4月30日');
  assert.equal(regimePeriod('2026-05-01', null), '2026年5月1日起施行');
  assert.equal(regimePeriod(null, null), '');
  const line = receiptLine(heavy.receipt);
  assert.match(line, /规则版本 \d{4}\.\d+\.\d+/);
  assert.ok(line.includes(`库哈希 ${heavy.receipt.library_hash.slice(0, 12)} `));
  assert.equal(line.includes(heavy.receipt.library_hash.slice(0, 13)), false);
  assert.equal(line.includes('签发包'), false, 'the built-in library is no pack');
  const packed = receiptLine({ ...heavy.receipt, pack: { version: '2027.1', signer: '6c53adab6af1ec98' } });
  assert.ok(packed.includes('签发包 2027.1（签发密钥 6c53adab6af1ec98）'), packed);
  assert.equal(receiptCase(optionChosen.receipt),
    `当事人 未确定 · 违法日期 2026年5月1日 · 发现日期 2026年6月1日 · 决定日期 2026年6月1日 · 执法人员选择：${labels.grounds.art33_first}`);
  assert.match(receiptCase(today.receipt), /决定日期 \d{4}年\d+月\d+日（按今天）$/);
  assert.match(receiptCase({ ...heavy.receipt, party: 'organization', occurred: null }), /^当事人 单位 · 违法日期未填写/);
  assert.match(receiptCase(partySplit.receipt, partySplit), /^当事人 未确定 · /, 'both parties shown: not established');
});

test('citations of a real decision render in 《…》第N条 form', () => {
  const texts = newLighter.citations.map(citeText);
  assert.ok(texts.length > 0);
  for (const t of texts) assert.match(t, /^《[^》]+》(（[^）]+）)?第.+条/);
  assert.ok(texts.includes('《中华人民共和国行政处罚法》第三十七条'));
});
