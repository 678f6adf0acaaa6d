import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

// ---- issue 14: titles that do not give the answer, several cases, departments, handouts, scores

const TIER_WORDS = /不罚|不予处罚|免罚|从轻|从重|减轻处罚|一般处罚|暂不处罚|责令改正$|责令限期(?:改正|补办)$/;

test('neutral titles: no title in the quiz names its answer; titles without one are unchanged', () => {
  const telling = cases.filter((c) => TIER_WORDS.test(c.title));
  assert.ok(telling.length >= 15, `${telling.length} titles name their answer`);
  for (const c of cases) {
    const n = t.neutralTitle(c.title);
    assert.doesNotMatch(n, TIER_WORDS, `${c.id}: ${c.title} -> ${n}`);
    assert.ok(n.length >= 6, `${c.id}: something is left (${n})`);
    // Only conclusions are cut: every clause taken out speaks of the penalty or its rule.
    const cut = c.title.split(/[，：；（）]/).filter((x) => x && !n.includes(x));
    for (const x of cut) assert.match(x, /罚|从轻|从重|责令|清单不适用|追责期限/, `${c.id}: cut “${x}”`);
  }
  const title = (id) => t.neutralTitle(cases.find((c) => c.id === id).title);
  assert.equal(title('CASE-SCJG-03'), '便利店过期饮料货值680元');
  assert.equal(title('CASE-SCJG-04'), '食品店销售霉变月饼，货值3200元');
  assert.equal(title('CASE-SCJG-07'), '村头小卖部无证销售感冒药，主动供述并召回');
  assert.equal(title('CASE-SCJG-13'), '网店销售的电热水壶外包装无中文厂名厂址');
  assert.equal(title('CASE-YJGL-05'), '2021年8月检查发现未建立安全风险分级管控制度');
  assert.equal(title('CASE-CGJ-02'), '禁烧区露天烧烤再次被查，法典施行后处理');
  assert.equal(title('CASE-CGJ-04'), '渣土车未覆盖篷布沿途遗撒，污染路面', 'a plain title stays');
  assert.equal(t.caseHeading(3, cases.find((c) => c.id === 'CASE-SCJG-05')), '案例 3：服装店一年内再次虚构原价促销');
  assert.equal(t.caseHeading(2, { title: '从重处罚' }), '案例 2');
});

test('the quiz and the presentation show the neutral title until the answer; the trainer says 裁量建议', () => {
  const src = readFileSync(new URL('../../ui/js/views/training.js', import.meta.url), 'utf8');
  assert.match(src, /answered \? `案例 \$\{quiz\.index \+ 1\}：\$\{c\.title\}` : t\.caseHeading\(quiz\.index \+ 1, c\)/);
  assert.match(src, /const title = s\.phase === 'answer' \? c\.title : t\.neutralTitle\(c\.title\);/);
  assert.match(src, /setListShown\(false\);\s*quiz = t\.startQuiz\(shown,/, 'the list (with the titles) is hidden during a quiz');
  assert.doesNotMatch(src, /引擎结论/);
  assert.match(src, /'裁量建议：'/);
});

test('presenting a list: → past the answer goes to the next case, ← before the narrative to the previous one', () => {
  let s = t.startPresentation(1);
  assert.deepEqual(t.presentStep(s, -1), { state: s, move: -1 });
  let r = t.presentStep(s, 1);
  assert.deepEqual([r.state.phase, r.move], ['steps', 0]);
  r = t.presentStep(r.state, 1);
  assert.deepEqual([r.state.phase, r.move], ['choose', 0]);
  assert.deepEqual(t.presentStep(r.state, 1), { state: r.state, move: 0 }, 'the choice is never skipped');
  s = t.presentChoose(r.state, 'light');
  assert.deepEqual(t.presentStep(s, 1), { state: s, move: 1 });
  assert.equal(t.presentStep(s, -1).state.phase, 'choose');
  const ids = ['A', 'B', 'C'];
  assert.equal(t.neighbour(ids, 'B', 1), 'C');
  assert.equal(t.neighbour(ids, 'B', -1), 'A');
  assert.equal(t.neighbour(ids, 'C', 1), null, 'no wrapping past the end');
  assert.equal(t.neighbour(ids, 'A', -1), null);
  assert.equal(t.neighbour(ids, 'X', 1), 'A', 'a case outside the list starts at its head');
  assert.equal(t.casePosition(ids, 'B'), '第 2 / 3 个案例');
  const src = readFileSync(new URL('../../ui/js/views/training.js', import.meta.url), 'utf8');
  assert.match(src, /e\.key === 'PageDown' \|\| e\.key === 'PageUp'\) \{ moveCase\(/);
  assert.match(src, /id: 'present-next-case'/);
  assert.match(src, /id: 'present-prev-case'/);
});

// Items as `items` returns them, enough for departments: the code is the benchmark's prefix.
const NAMES = { SCJG: '市场监督管理局', WJW: '卫生健康委员会' };
const items = new Map(cases.map((c) => {
  const code = c.benchmark.split('-')[0];
  return [c.benchmark, { id: c.benchmark, department: code, department_name: NAMES[code] ?? `${code}局` }];
}));

test('cases by department: the options in list order with counts, and the filter', () => {
  const opts = t.departmentOptions(cases, items);
  const scjg = cases.filter((c) => c.benchmark.startsWith('SCJG-'));
  assert.ok(opts.some((o) => o.value === 'SCJG' && o.label === `市场监督管理局（${scjg.length}）`));
  assert.equal(opts.reduce((n, o) => n + Number(o.label.match(/（(\d+)）$/)[1]), 0), cases.length);
  assert.deepEqual(t.casesOfDepartment(cases, items, 'SCJG').map((c) => c.id), scjg.map((c) => c.id));
  assert.equal(t.casesOfDepartment(cases, items, '').length, cases.length);
  assert.deepEqual(t.casesOfDepartment(cases, items, 'NONE'), []);
  assert.deepEqual(t.caseDepartment({ benchmark: 'X-1' }, items), { code: '', name: '' });
});

test('handouts: the trainees’ version has no answer, explanation or reasoning; the teachers’ has them', () => {
  const c = cases.find((x) => x.id === 'CASE-SCJG-04');
  const opts = { steps: t.caseSteps(c, zh), itemLine: 'SCJG-041　…' };
  const trainee = t.handoutSections(c, 2, { ...opts, answers: false });
  const text = JSON.stringify(trainee);
  assert.equal(trainee[0].text, '案例 2：食品店销售霉变月饼，货值3200元');
  assert.doesNotMatch(text, /参考答案|解析|说理|从轻/);
  assert.ok(!text.includes(c.explanation));
  assert.ok(trainee.some((p) => p.h === '情节' && p.list.length === opts.steps.length));
  const decision = { reasoning: '本案……', citations: [{ law: '食品安全法', article: '第一百二十四条' }] };
  const teacher = t.handoutSections(c, 2, { ...opts, answers: true, decision, citeText: (x) => `《${x.law}》${x.article}` });
  assert.equal(teacher[0].text, `案例 2：${c.title}`);
  assert.deepEqual(teacher.slice(4).map((p) => p.h), ['参考答案', '解析', '说理', '法律依据']);
  assert.match(teacher[4].text, /^从轻处罚/);
  const exempt = cases.find((x) => x.id === 'CASE-SCJG-01');
  const named = t.handoutSections(exempt, 1, { ...opts, answers: true, groundsText: (gs) => gs.map((g) => `【${g}】`).join('') });
  assert.equal(named[4].text, '不予处罚（【exemption_list】）', 'the grounds go through the words given');
  assert.equal(teacher.at(-1).text, '《食品安全法》第一百二十四条');
  assert.deepEqual(t.handoutSections(c, 1, { ...opts, answers: true }).slice(4).map((p) => p.h), ['参考答案', '解析'], 'no reasoning when it could not be loaded');
});

test('scores as CSV: UTF-8 with BOM, one row per question, the score, formulas neutralised', () => {
  let q = t.startQuiz(cases.slice(0, 3), 0, seeded(2));
  for (const id of q.ids) q = t.quizNext(t.quizAnswer(q, id === q.ids[0] ? cases.find((c) => c.id === id).expected_tier : 'heavy'));
  const byId = (id) => cases.find((c) => c.id === id);
  const rows = t.quizRows(q, byId, { who: '=张三', when: '2026/12/6 10:00:00' });
  assert.deepEqual(rows[0], ['序号', '案例编号', '案例', '你的选择', '参考答案', '结果']);
  assert.equal(rows.length, 1 + 3 + 1 + 3);
  assert.equal(rows[1][5], '正确');
  assert.deepEqual(rows.at(-1).slice(0, 2), ['得分', `${t.quizScore(q).correct} / 3`]);
  const csv = t.quizCsv(q, byId, { who: '=张三' });
  assert.ok(csv.startsWith('\uFEFF序号,案例编号,案例,'), 'BOM and header');
  assert.match(csv, /\r\n学员,'=张三\r\n/, 'a name starting with = is not a formula');
  assert.ok(csv.endsWith('\r\n'));
});

test('the score sheet can be printed and saved as CSV', () => {
  const src = readFileSync(new URL('../../ui/js/views/training.js', import.meta.url), 'utf8');
  assert.match(src, /id: 'quiz-print', class: 'secondary', onclick: \(\) => printOnly\(sheet\)/);
  assert.match(src, /saveText\('培训测验成绩', 'csv', t\.quizCsv\(quiz, byId, opts\)\)/);
  assert.match(src, /id: 'print-handout-trainee'/);
  assert.match(src, /scope\.value === 'selected' \? \[byId\(selectedId\)\]\.filter\(Boolean\) : shown/, 'a handout of every case shown');
});
