// Training: the steps of a presented case, the presentation's state machine and the quiz.
// Pure: no DOM, no Tauri.
import { formatBand, formatDate, formatYuan } from './format.js';
import { partyZh, tierZh } from './labels.js';
import { toCsv } from './csv.js';

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

// ---- titles that do not give the answer away

/*
 * A clause of a case title that states the conclusion ("…，轻微不罚", "（从旧兼从轻）",
 * "：新增义务施行前不予处罚", "…，责令改正"). The facts in a title stay: they are revealed anyway.
 */
const TELLS = /不罚|不予处罚|免罚|暂不处罚|从轻处罚|从重处罚|减轻处罚|一般处罚|从旧兼从轻|不再处罚|删除罚则|清单不适用|追责期限算至|^责令(?:限期)?(?:改正|补办)$/;

/**
 * A case title without its conclusion, for the quiz, the presentation before the answer and the
 * trainees' handout: "便利店过期饮料货值680元，超出清单金额但依法轻微不罚" -> "便利店过期饮料货值680元".
 */
export function neutralTitle(title) {
  const t = String(title ?? '').replace(/（([^（）]*)）/g, (all, inner) => (TELLS.test(inner) ? '' : all));
  const clauses = t.split(/[，：；]/).map((c) => c.trim()).filter(Boolean);
  const kept = clauses.filter((c) => !TELLS.test(c));
  return kept.join('，');
}

/** "案例 3：…" — the neutral title numbered as the quiz or handout shows it. */
export function caseHeading(n, c) {
  const title = neutralTitle(c?.title);
  return title ? `案例 ${n}：${title}` : `案例 ${n}`;
}

// ---- presenting several cases

/**
 * One step forward (+1) or back (-1) in a presentation that runs through a list of cases: within
 * the case as presentNext / presentBack; past the answer the next case, before the narrative the
 * previous one (so → and a presenter's PageDown run through the whole list). `move` says which
 * case to show (0: this one).
 */
export function presentStep(s, dir) {
  if (dir > 0) {
    if (s.phase === 'answer') return { state: s, move: 1 };
    return { state: presentNext(s), move: 0 };
  }
  if (s.phase === 'narrative') return { state: s, move: -1 };
  return { state: presentBack(s), move: 0 };
}

/** The id `delta` places from `id` in `ids`, or null past either end (no wrapping). */
export function neighbour(ids, id, delta) {
  const i = ids.indexOf(id);
  if (i < 0) return ids[0] ?? null;
  return ids[i + delta] ?? null;
}

/** "第 3 / 12 个案例" for the presentation's head. */
export function casePosition(ids, id) {
  const i = ids.indexOf(id);
  return i < 0 ? '' : `第 ${i + 1} / ${ids.length} 个案例`;
}

// ---- departments

/** The department (code and name) of a case, through its benchmark item. */
export function caseDepartment(c, items) {
  const it = items?.get(c.benchmark);
  return it ? { code: it.department, name: it.department_name } : { code: '', name: '' };
}

/** The departments that have cases, in the order of the list, with their counts. */
export function departmentOptions(cases, items) {
  const seen = new Map();
  for (const c of cases) {
    const d = caseDepartment(c, items);
    if (!d.code) continue;
    const x = seen.get(d.code) ?? { value: d.code, name: d.name, count: 0 };
    x.count += 1;
    seen.set(d.code, x);
  }
  return [...seen.values()].map((d) => ({ value: d.value, label: `${d.name}（${d.count}）` }));
}

/** The cases of one department ("" = all). */
export function casesOfDepartment(cases, items, dept) {
  return dept ? cases.filter((c) => caseDepartment(c, items).code === dept) : [...cases];
}

// ---- handouts

/**
 * The sections of one case in a handout, each {h, text} (h "" for the head lines). The trainees'
 * version (answers: false) has the neutral title and no answer, explanation or reasoning; the
 * teachers' has them all. `decision` is the engine's decision for the case, when loaded.
 */
export function handoutSections(c, n, {
  answers, steps, itemLine, decision = null, citeText = () => '', groundsText = (g) => g.join('、'),
}) {
  const out = [
    { h: 'title', text: answers ? `案例 ${n}：${c.title}` : caseHeading(n, c) },
    { h: '', text: `事项：${itemLine}` },
    { h: '案情', text: c.narrative },
    { h: '情节', list: steps },
  ];
  if (!answers) {
    out.push({ h: '你的判断', text: '裁量结果：____________　　理由：________________________________' });
    return out;
  }
  out.push({ h: '参考答案', text: answerText(c, groundsText) }, { h: '解析', text: c.explanation });
  if (decision) {
    out.push({ h: '说理', text: decision.reasoning },
      { h: '法律依据', text: (decision.citations ?? []).map(citeText).join('、') });
  }
  return out;
}

/** "从轻处罚，罚款 1,000 元至 3,000 元（依据…）"; `groundsText` puts the grounds in words. */
export function answerText(c, groundsText = (g) => g.join('、')) {
  const fine = c.expected_fine ? `，罚款 ${formatBand(c.expected_fine)}` : '';
  const grounds = c.expected_grounds?.length ? `（${groundsText(c.expected_grounds)}）` : '';
  return `${tierZh(c.expected_tier)}${fine}${grounds}`;
}

// ---- scores

/**
 * The quiz's results as rows (header first): one per question, then the score. `byId` finds a
 * case; `who` is the trainee's name, when given.
 */
export function quizRows(q, byId, { who = '', when = '' } = {}) {
  const s = quizScore(q);
  const rows = [['序号', '案例编号', '案例', '你的选择', '参考答案', '结果']];
  q.answers.forEach((a, i) => rows.push([
    i + 1, a.id, byId(a.id)?.title ?? a.id, tierZh(a.chosen), tierZh(a.expected), a.correct ? '正确' : '错误',
  ]));
  rows.push([]);
  if (who) rows.push(['学员', who]);
  if (when) rows.push(['时间', when]);
  rows.push(['得分', `${s.correct} / ${s.total}`, `正确率 ${percent(s)}%`]);
  return rows;
}

export function percent(s) {
  return s.total ? Math.round((100 * s.correct) / s.total) : 0;
}

/** The quiz's results as a CSV file's text (UTF-8 with BOM). */
export function quizCsv(q, byId, opts) {
  return toCsv(quizRows(q, byId, opts));
}
