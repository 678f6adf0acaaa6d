// The circumstance questionnaire: the questions over the fact codes, their groups, and the
// wizard's state transitions. The wizard and the checklist share one `answers` object
// ({code: "yes" | "no" | "unsure"}); only "yes" answers become facts. Pure: no DOM, no Tauri.

/** The contract order of the fact codes (DESIGN.md); requests list facts in this order. */
export const FACT_ORDER = [
  'first_offense', 'corrected_in_time', 'no_harm', 'minor_harm', 'no_fault', 'under_14',
  'minor_14_18', 'mental_limited', 'coerced', 'confessed', 'mitigated_harm', 'meritorious',
  'repeat', 'refused_correction', 'obstructed', 'serious_harm', 'vulnerable_victims',
  'emergency', 'crime_threshold', 'minor_violation',
];

export const GROUPS = [
  { id: 'basic', title: '首次、改正与后果' },
  { id: 'subject', title: '主体情况' },
  { id: 'aggravating', title: '从重情节' },
  { id: 'transfer', title: '移送' },
];

/**
 * The questions in the order the wizard asks them. The fact's own name (初次违法 …) is the
 * library's label (labels.js), never a copy here.
 */
export const QUESTIONS = [
  { code: 'first_offense', group: 'basic', q: '当事人是否初次违法？', hint: '此前一定期限内（一般为两年）未因同一类违法行为受过处罚。' },
  { code: 'corrected_in_time', group: 'basic', q: '当事人是否及时改正？', hint: '当场改正，或者在责令改正期限内改正。' },
  { code: 'no_harm', group: 'basic', q: '违法行为是否没有造成危害后果？', hint: '' },
  { code: 'minor_harm', group: 'basic', q: '危害后果是否轻微？', hint: '有一定后果，但轻微，且已消除或可以消除。' },
  { code: 'minor_violation', group: 'basic', q: '当事人的违法行为是否属于轻微情形？', hint: '由执法人员依违法行为的性质、情节和社会危害程度认定；没有从重情节不等于轻微。部分事项依法不属于轻微。' },
  { code: 'mitigated_harm', group: 'basic', q: '当事人是否主动消除或者减轻了危害后果？', hint: '' },
  { code: 'no_fault', group: 'subject', q: '是否有证据足以证明当事人没有主观过错？', hint: '法律、行政法规另有规定的，从其规定。' },
  { code: 'under_14', group: 'subject', q: '当事人是否为不满十四周岁的未成年人？', hint: '' },
  { code: 'minor_14_18', group: 'subject', q: '当事人是否已满十四周岁不满十八周岁？', hint: '' },
  { code: 'mental_limited', group: 'subject', q: '当事人是否为尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人？', hint: '' },
  { code: 'coerced', group: 'subject', q: '当事人是否受他人胁迫或者诱骗实施违法行为？', hint: '' },
  { code: 'confessed', group: 'subject', q: '当事人是否主动供述了行政机关尚未掌握的违法行为？', hint: '' },
  { code: 'meritorious', group: 'subject', q: '当事人是否配合查处违法行为，有立功表现？', hint: '' },
  { code: 'repeat', group: 'aggravating', q: '当事人是否在一定期限内再次实施同一违法行为？', hint: '' },
  { code: 'refused_correction', group: 'aggravating', q: '当事人是否拒不改正或者逾期不改正？', hint: '' },
  { code: 'obstructed', group: 'aggravating', q: '当事人是否阻碍、抗拒执法，或者隐匿、销毁证据？', hint: '' },
  { code: 'serious_harm', group: 'aggravating', q: '违法行为是否造成严重危害后果？', hint: '' },
  { code: 'vulnerable_victims', group: 'aggravating', q: '是否侵害未成年人、老年人、残疾人等特殊群体的权益？', hint: '' },
  { code: 'emergency', group: 'aggravating', q: '是否在突发事件期间违反突发事件应对措施？', hint: '' },
  { code: 'crime_threshold', group: 'transfer', q: '涉案金额或情节是否达到刑事追诉标准？', hint: '达到的，应当移送司法机关（行刑衔接），无论行政处罚结论如何。' },
];

/** Facts that cannot hold together: answering "yes" to one answers "no" to the others. */
export const EXCLUSIVE = [
  ['first_offense', 'repeat'],
  ['corrected_in_time', 'refused_correction'],
  ['no_harm', 'minor_harm', 'serious_harm'],
  ['under_14', 'minor_14_18'],
];

export const DONE = 'done';

export function question(code) {
  return QUESTIONS.find((q) => q.code === code) ?? null;
}

export function groupTitle(id) {
  return GROUPS.find((g) => g.id === id)?.title ?? '';
}

/** The facts that exclude `code`. */
export function partners(code) {
  return EXCLUSIVE.filter((set) => set.includes(code)).flat().filter((c) => c !== code);
}

/** The questions still to ask: a question is skipped when a fact excluding it is answered yes. */
export function sequence(answers = {}) {
  return QUESTIONS.map((q) => q.code).filter(
    (c) => answers[c] === 'yes' || !partners(c).some((p) => answers[p] === 'yes'),
  );
}

/** The facts answered "yes", in contract order. */
export function factsOf(answers = {}) {
  return FACT_ORDER.filter((c) => answers[c] === 'yes');
}

/** The facts answered "不确定" (not applied; shown as to be verified). */
export function unsureOf(answers = {}) {
  return FACT_ORDER.filter((c) => answers[c] === 'unsure');
}

/** Pairs of "yes" facts that contradict each other (possible from the checklist). */
export function conflicts(answers = {}) {
  const out = [];
  for (const set of EXCLUSIVE) {
    const yes = set.filter((c) => answers[c] === 'yes');
    for (let i = 0; i < yes.length; i++) for (let j = i + 1; j < yes.length; j++) out.push([yes[i], yes[j]]);
  }
  return out;
}

export function startWizard(answers = {}) {
  return { answers: { ...answers }, current: sequence(answers)[0] ?? DONE };
}

/** Answers the current question (yes | no | unsure); the wizard stays on it until 下一步. */
export function answer(state, value) {
  if (state.current === DONE || !['yes', 'no', 'unsure'].includes(value)) return state;
  const answers = { ...state.answers, [state.current]: value };
  if (value === 'yes') {
    for (const p of partners(state.current)) if (answers[p] === 'yes') answers[p] = 'no';
  }
  return { ...state, answers };
}

/** Moves to the next question still to ask, or to DONE after the last. */
export function next(state) {
  if (state.current === DONE) return state;
  const seq = sequence(state.answers);
  let i = seq.indexOf(state.current);
  if (i < 0) {
    // The current question became skipped: continue after its place in the full order.
    const pos = QUESTIONS.findIndex((q) => q.code === state.current);
    const later = seq.find((c) => QUESTIONS.findIndex((q) => q.code === c) > pos);
    return { ...state, current: later ?? DONE };
  }
  return { ...state, current: seq[i + 1] ?? DONE };
}

/** Moves to the previous question still to ask (from DONE: the last one). */
export function back(state) {
  const seq = sequence(state.answers);
  if (state.current === DONE) return { ...state, current: seq[seq.length - 1] ?? DONE };
  const i = seq.indexOf(state.current);
  if (i > 0) return { ...state, current: seq[i - 1] };
  if (i < 0) {
    const pos = QUESTIONS.findIndex((q) => q.code === state.current);
    const earlier = seq.filter((c) => QUESTIONS.findIndex((q) => q.code === c) < pos);
    if (earlier.length) return { ...state, current: earlier[earlier.length - 1] };
  }
  return state;
}

/** The checklist's toggle: a box sets the fact yes or no (no other answer changes). */
export function setFact(state, code, checked) {
  if (!FACT_ORDER.includes(code)) return state;
  return { ...state, answers: { ...state.answers, [code]: checked ? 'yes' : 'no' } };
}

/** Where the wizard is: {index (1-based), total, group title, done}. */
export function progress(state) {
  const seq = sequence(state.answers);
  if (state.current === DONE) return { index: seq.length, total: seq.length, group: '', done: true };
  const q = question(state.current);
  return { index: seq.indexOf(state.current) + 1, total: seq.length, group: groupTitle(q?.group), done: false };
}
