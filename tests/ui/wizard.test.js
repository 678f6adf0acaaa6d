import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as w from '../../ui/js/wizard.js';

const CONTRACT = [
  'first_offense', 'corrected_in_time', 'no_harm', 'minor_harm', 'no_fault', 'under_14', 'minor_14_18',
  'mental_limited', 'coerced', 'confessed', 'mitigated_harm', 'meritorious', 'repeat', 'refused_correction',
  'obstructed', 'serious_harm', 'vulnerable_victims', 'emergency', 'crime_threshold', 'minor_violation',
];

test('every contract fact has exactly one question, in one of the four groups', () => {
  assert.deepEqual(w.FACT_ORDER, CONTRACT);
  assert.equal(w.QUESTIONS.length, CONTRACT.length);
  assert.deepEqual([...w.QUESTIONS.map((q) => q.code)].sort(), [...CONTRACT].sort());
  assert.deepEqual(w.GROUPS.map((g) => g.title), ['首次、改正与后果', '主体情况', '从重情节', '移送']);
  for (const q of w.QUESTIONS) {
    assert.ok(w.GROUPS.some((g) => g.id === q.group), q.code);
    assert.match(q.q, /？$/, q.code);
    assert.equal(q.label, undefined, `${q.code}: the fact's name is the library's label`);
  }
  // 违法行为轻微 is asked with the other elements of 第三十三条第一款.
  assert.equal(w.question('minor_violation').group, 'basic');
  // Groups are asked in order, and the transfer question comes last.
  const order = w.QUESTIONS.map((q) => w.GROUPS.findIndex((g) => g.id === q.group));
  assert.deepEqual(order, [...order].sort((a, b) => a - b));
  assert.equal(w.QUESTIONS.at(-1).code, 'crime_threshold');
});

test('the wizard starts on 初次违法 and walks the questions with 下一步 and 上一步', () => {
  let s = w.startWizard();
  assert.equal(s.current, 'first_offense');
  assert.deepEqual(w.progress(s), { index: 1, total: 20, group: '首次、改正与后果', done: false });
  s = w.back(s);
  assert.equal(s.current, 'first_offense', 'no step before the first');
  s = w.next(s);
  assert.equal(s.current, 'corrected_in_time');
  s = w.back(s);
  assert.equal(s.current, 'first_offense');
  for (let i = 0; i < 19; i++) s = w.next(s);
  assert.equal(s.current, 'crime_threshold');
  s = w.next(s);
  assert.equal(s.current, w.DONE);
  assert.equal(w.progress(s).done, true);
  assert.equal(w.next(s).current, w.DONE);
  assert.equal(w.back(s).current, 'crime_threshold');
});

test('answering records yes / no / 不确定 without moving; only yes becomes a fact', () => {
  let s = w.startWizard();
  s = w.answer(s, 'yes');
  assert.equal(s.current, 'first_offense');
  assert.deepEqual(w.factsOf(s.answers), ['first_offense']);
  s = w.next(s);
  s = w.answer(s, 'unsure');
  assert.deepEqual(w.factsOf(s.answers), ['first_offense']);
  assert.deepEqual(w.unsureOf(s.answers), ['corrected_in_time']);
  s = w.answer(s, 'no');
  assert.deepEqual(w.unsureOf(s.answers), []);
  assert.equal(w.answer(s, 'maybe'), s, 'an unknown answer changes nothing');
});

test('a yes skips the questions it excludes and answers them no', () => {
  let s = w.startWizard();
  s = w.answer(s, 'yes'); // first_offense
  assert.equal(w.sequence(s.answers).includes('repeat'), false);
  s = w.next(w.next(s)); // -> no_harm
  assert.equal(s.current, 'no_harm');
  s = w.answer(s, 'yes');
  s = w.next(s);
  assert.equal(s.current, 'minor_violation', 'minor_harm is skipped after no_harm');
  assert.equal(w.sequence(s.answers).length, 20 - 3);
  // Going back and saying minor_harm instead clears no_harm.
  s = { ...s, current: 'minor_harm' };
  s = w.answer(s, 'yes');
  assert.equal(s.answers.no_harm, 'no');
  assert.deepEqual(w.factsOf(s.answers), ['first_offense', 'minor_harm']);
  // Whatever the skip, the transfer question is always asked.
  assert.equal(w.sequence(s.answers).at(-1), 'crime_threshold');
});

test('moving on from a question that became skipped continues in order', () => {
  const s = { answers: { no_harm: 'yes' }, current: 'minor_harm' };
  assert.equal(w.next(s).current, 'minor_violation');
  assert.equal(w.back(s).current, 'no_harm');
});

test('the checklist shares the state: toggles set yes / no, and contradictions are reported', () => {
  let s = w.startWizard();
  s = w.setFact(s, 'repeat', true);
  s = w.setFact(s, 'first_offense', true);
  assert.deepEqual(w.factsOf(s.answers), ['first_offense', 'repeat'], 'contract order, not click order');
  assert.deepEqual(w.conflicts(s.answers), [['first_offense', 'repeat']]);
  s = w.setFact(s, 'repeat', false);
  assert.deepEqual(w.conflicts(s.answers), []);
  assert.equal(s.answers.repeat, 'no');
  assert.equal(w.setFact(s, 'not_a_fact', true), s);
  // Both checked: neither is skipped by the wizard.
  s = w.setFact(w.setFact(s, 'no_harm', true), 'minor_harm', true);
  assert.ok(w.sequence(s.answers).includes('no_harm') && w.sequence(s.answers).includes('minor_harm'));
});

test('partners are symmetric', () => {
  assert.deepEqual(w.partners('no_harm').sort(), ['minor_harm', 'serious_harm']);
  assert.deepEqual(w.partners('repeat'), ['first_offense']);
  assert.deepEqual(w.partners('confessed'), []);
  for (const code of w.FACT_ORDER) for (const p of w.partners(code)) assert.ok(w.partners(p).includes(code), `${code} ~ ${p}`);
});
