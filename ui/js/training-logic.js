// Training: the steps of a presented case, the presentation's state machine and the quiz.
// Pure: no DOM, no Tauri.
import { formatDate, formatYuan } from './format.js';
import { partyZh } from './labels.js';

/** What is revealed after the narrative, one step at a time: the facts, the party, then amounts and dates. */
export function caseSteps(c, factZh = (code) => code) {
  const steps = (c?.facts ?? []).map((f) => `情节：${factZh(f)}`);
  if (!steps.length) steps.push('情节：无法定的从轻、减轻或者从重情节');
  if (c?.party) steps.push(`当事人：${partyZh(c.party)}`);
  if (c?.amount !== null && c?.amount !== undefined) steps.push(`涉案金额：${formatYuan(c.amount)} 元`);
  if (c?.gain !== null && c?.gain !== undefined) steps.push(`违法所得：${formatYuan(c.gain)} 元`);
  if (c?.occurred || c?.discovered || c?.decided) {
    const parts = [];
    if (c.occurred) parts.push(`违法日期 ${formatDate(c.occurred)}`);
    if (c.discovered) parts.push(`发现日期 ${formatDate(c.discovered)}`);
    if (c.decided) parts.push(`决定日期 ${formatDate(c.decided)}`);
    steps.push(parts.join('，'));
  }
  return steps;
}

/*
 * The presentation: narrative -> steps revealed one by one -> the audience chooses a tier ->
 * the answer. next() never skips the choice; back() undoes one step (and a choice).
 */
export function startPresentation(total) {
  return { phase: 'narrative', revealed: 0, total: Math.max(0, total | 0), chosen: null };
}

export function presentNext(s) {
  switch (s.phase) {
    case 'narrative':
      return s.total > 0 ? { ...s, phase: 'steps', revealed: 1 } : { ...s, phase: 'choose' };
    case 'steps':
      return s.revealed < s.total ? { ...s, revealed: s.revealed + 1 } : { ...s, phase: 'choose' };
    default:
      return s; // choose waits for a tier; answer is the end
  }
}

export function presentBack(s) {
  switch (s.phase) {
    case 'answer':
      return { ...s, phase: 'choose', chosen: null };
    case 'choose':
      return s.total > 0 ? { ...s, phase: 'steps', revealed: s.total } : { ...s, phase: 'narrative' };
    case 'steps':
      return s.revealed > 1 ? { ...s, revealed: s.revealed - 1 } : { ...s, phase: 'narrative', revealed: 0 };
    default:
      return s;
  }
}

export function presentChoose(s, tier) {
  return s.phase === 'choose' ? { ...s, phase: 'answer', chosen: tier } : s;
}

/** "案情" / "情节 2 / 3" / "请选择裁量结果" / "揭晓". */
export function presentLabel(s) {
  if (s.phase === 'narrative') return '案情';
  if (s.phase === 'steps') return `情节 ${s.revealed} / ${s.total}`;
  if (s.phase === 'choose') return '请选择裁量结果';
  return '揭晓';
}

/** Fisher–Yates on a copy; `rng` returns [0, 1). */
export function shuffle(list, rng = Math.random) {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A quiz over `n` of the cases (all when n is 0 or larger than the list). */
export function startQuiz(cases, n = 0, rng = Math.random) {
  const picked = shuffle(cases, rng);
  const take = n > 0 ? picked.slice(0, n) : picked;
  return {
    ids: take.map((c) => c.id),
    expected: Object.fromEntries(take.map((c) => [c.id, c.expected_tier])),
    index: 0,
    answers: [],
  };
}

export function quizFinished(q) {
  return q.index >= q.ids.length;
}

export function quizCurrent(q) {
  return quizFinished(q) ? null : q.ids[q.index];
}

/** Has the current question been answered? */
export function quizAnswered(q) {
  return q.answers.length > q.index;
}

/** Records the answer to the current question; a second answer to the same question is ignored. */
export function quizAnswer(q, tier) {
  if (quizFinished(q) || quizAnswered(q)) return q;
  const id = q.ids[q.index];
  const expected = q.expected[id];
  return { ...q, answers: [...q.answers, { id, chosen: tier, expected, correct: tier === expected }] };
}

/** Goes on to the next question once the current one is answered. */
export function quizNext(q) {
  return quizAnswered(q) && !quizFinished(q) ? { ...q, index: q.index + 1 } : q;
}

export function quizScore(q) {
  return {
    correct: q.answers.filter((a) => a.correct).length,
    answered: q.answers.length,
    total: q.ids.length,
  };
}

/** "x / n": correct answers over the questions answered so far (all of them at the end). */
export function scoreText(q) {
  const s = quizScore(q);
  return `${s.correct} / ${s.answered}`;
}
