import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, seeded } from './helpers.js';
import * as t from '../../ui/js/training-logic.js';
import { factZh as zh, setLabels, tierOrder } from '../../ui/js/labels.js';

setLabels(fixture('labels.json'));
const cases = fixture('cases.json');

test('the steps of a case: its facts, then amounts and dates', () => {
  const [first] = cases;
  assert.deepEqual(first.facts, ['first_offense', 'no_harm', 'corrected_in_time']);
  assert.deepEqual(t.caseSteps(first, zh), [
    '情节：初次违法', '情节：没有造成危害后果', '情节：及时改正', '违法日期 2026年4月8日，决定日期 2026年4月15日',
  ]);
  const withMoney = cases.find((c) => c.amount && c.gain);
  const steps = t.caseSteps(withMoney, zh);
  assert.ok(steps.includes(`涉案金额：${withMoney.amount.toLocaleString('en-US')} 元`), steps.join('|'));
  assert.ok(steps.some((s) => s.startsWith('违法所得：')));
  const none = cases.find((c) => c.facts.length === 0);
  assert.equal(t.caseSteps(none, zh)[0], '情节：无法定的从轻、减轻或者从重情节');
  assert.deepEqual(t.caseSteps({ facts: [] }), ['情节：无法定的从轻、减轻或者从重情节']);
  assert.deepEqual(t.caseSteps({ facts: [], party: 'organization', occurred: '2026-03-01', discovered: '2026-04-02' }, zh), [
    '情节：无法定的从轻、减轻或者从重情节', '当事人：单位', '违法日期 2026年3月1日，发现日期 2026年4月2日',
  ]);
});

test('every expected tier of the typical cases is one the audience can choose, 责令改正，暂不处罚 included', () => {
  const expected = new Set(cases.map((c) => c.expected_tier));
  assert.ok(expected.has('correct_first'));
  for (const tier of expected) assert.ok(tierOrder().includes(tier), tier);
});

test('presentation: narrative, each step, the choice, then the answer', () => {
  let s = t.startPresentation(3);
  assert.equal(t.presentLabel(s), '案情');
  const seen = [];
  for (let i = 0; i < 10; i++) { seen.push(t.presentLabel(s)); s = t.presentNext(s); }
  assert.deepEqual(seen.slice(0, 5), ['案情', '情节 1 / 3', '情节 2 / 3', '情节 3 / 3', '请选择裁量结果']);
  assert.equal(s.phase, 'choose', 'next never skips the audience’s choice');
  s = t.presentChoose(s, 'light');
  assert.equal(s.phase, 'answer');
  assert.equal(s.chosen, 'light');
  assert.equal(t.presentNext(s), s, 'the answer is the end');
  assert.equal(t.presentChoose(s, 'heavy'), s, 'no second choice');
  s = t.presentBack(s);
  assert.deepEqual([s.phase, s.chosen], ['choose', null]);
  s = t.presentBack(s);
  assert.deepEqual([s.phase, s.revealed], ['steps', 3]);
  s = t.presentBack(t.presentBack(t.presentBack(s)));
  assert.deepEqual([s.phase, s.revealed], ['narrative', 0]);
  assert.equal(t.presentBack(s), s);
  assert.equal(t.presentChoose(t.startPresentation(2), 'exempt').phase, 'narrative', 'no choice before the facts');
});

test('presentation of a case without steps goes straight to the choice', () => {
  const s = t.presentNext(t.startPresentation(0));
  assert.equal(s.phase, 'choose');
  assert.equal(t.presentBack(s).phase, 'narrative');
});

test('the quiz asks n distinct cases and keeps the score', () => {
  let q = t.startQuiz(cases, 4, seeded(7));
  assert.equal(q.ids.length, 4);
  assert.equal(new Set(q.ids).size, 4);
  for (const id of q.ids) assert.ok(cases.some((c) => c.id === id));
  assert.equal(t.scoreText(q), '0 / 0');
  const expected = q.ids.map((id) => cases.find((c) => c.id === id).expected_tier);
  // right, wrong, right, wrong
  const picks = expected.map((e, i) => (i % 2 === 0 ? e : e === 'heavy' ? 'exempt' : 'heavy'));
  for (let i = 0; i < 4; i++) {
    assert.equal(t.quizCurrent(q), q.ids[i]);
    assert.equal(t.quizNext(q).index, i, 'no moving on before answering');
    q = t.quizAnswer(q, picks[i]);
    assert.equal(t.quizAnswered(q), true);
    assert.equal(t.quizAnswer(q, expected[i]).answers.length, i + 1, 'a second answer is ignored');
    q = t.quizNext(q);
  }
  assert.equal(t.quizFinished(q), true);
  assert.equal(t.quizCurrent(q), null);
  assert.deepEqual(t.quizScore(q), { correct: 2, answered: 4, total: 4 });
  assert.equal(t.scoreText(q), '2 / 4');
  assert.deepEqual(q.answers.map((a) => a.correct), [true, false, true, false]);
  assert.equal(t.quizAnswer(q, 'exempt'), q, 'nothing to answer after the end');
});

test('a quiz of 0 (or more than there are) takes every case; shuffles are permutations', () => {
  assert.equal(t.startQuiz(cases, 0, seeded(1)).ids.length, cases.length);
  assert.equal(t.startQuiz(cases, cases.length + 5, seeded(1)).ids.length, cases.length);
  const xs = [1, 2, 3, 4, 5, 6, 7, 8];
  const a = t.shuffle(xs, seeded(3));
  assert.deepEqual([...a].sort((p, q) => p - q), xs);
  assert.deepEqual(xs, [1, 2, 3, 4, 5, 6, 7, 8], 'the input is not changed');
  assert.deepEqual(t.shuffle(xs, seeded(3)), a, 'same seed, same order');
  assert.notDeepEqual(t.shuffle(xs, seeded(4)), a);
});
