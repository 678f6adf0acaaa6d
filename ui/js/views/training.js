// 培训: the typical cases; 演示 (full screen, facts revealed step by step, the audience picks a
// tier, then the reasoning); 测验 (one case after another, score kept); 打印讲义.
import { api, errorText } from '../api.js';
import { el, fill, field, tierBadge, citation, printOnly } from '../dom.js';
import { citeText, formatBand, joinZh } from '../format.js';
import { tierOrder, tierZh } from '../labels.js';
import { fineText, groundsText } from '../decision.js';
import * as t from '../training-logic.js';

export default function trainingView(app) {
  let cases = [];
  let items = new Map();
  let selectedId = null;
  let mode = 'preview'; // preview | present | quiz
  let pres = null;
  let quiz = null;
  const decisions = new Map();

  const caseList = el('ul', { id: 'case-list', class: 'case-list', 'aria-label': '典型案例' });
  const stage = el('div', { id: 'stage', class: 'stage', 'aria-live': 'polite' });
  const count = el('select', { id: 'quiz-count' },
    el('option', { value: '5' }, '5 题'), el('option', { value: '10', selected: true }, '10 题'),
    el('option', { value: '20' }, '20 题'), el('option', { value: '0' }, '全部案例'));
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });

  const root = el('section', { class: 'view view-training', 'aria-labelledby': 'training-h' },
    el('h2', { id: 'training-h', class: 'view-title', tabindex: '-1' }, '培训'),
    el('div', { class: 'toolbar no-print' },
      el('button', { type: 'button', id: 'present-start', class: 'primary', onclick: () => ready.then(() => startPresentation()) }, '演示所选案例'),
      el('button', { type: 'button', id: 'print-handout', class: 'secondary', onclick: () => ready.then(printHandout) }, '打印讲义'),
      el('span', { class: 'sep' }),
      field('测验题数', count),
      el('button', { type: 'button', id: 'quiz-start', class: 'primary', onclick: () => ready.then(startQuiz) }, '开始测验')),
    status,
    el('div', { class: 'split' }, el('div', { class: 'pane-list' }, caseList), stage));

  caseList.addEventListener('click', (e) => {
    const li = e.target.closest('li[data-id]');
    if (li) select(li.dataset.id);
  });
  caseList.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const i = cases.findIndex((c) => c.id === selectedId);
    const next = cases[Math.min(cases.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) { e.preventDefault(); select(next.id); }
  });
  document.addEventListener('fullscreenchange', () => {
    if (!document.fullscreenElement && mode === 'present') endPresentation();
  });

  let started = false;
  let ready = Promise.resolve();
  function start() {
    if (!started) ready = load();
    return ready;
  }
  async function load() {
    started = true;
    fill(stage, el('p', { class: 'muted' }, '正在载入案例…'));
    try {
      const [cs, all] = await Promise.all([api.cases(), api.allItems()]);
      cases = cs;
      items = new Map(all.map((x) => [x.id, x]));
      status.textContent = `共 ${cases.length} 个典型案例`;
      renderList();
      if (cases.length) select(cases[0].id);
    } catch (e) {
      started = false;
      fill(stage, el('p', { class: 'error', role: 'alert' }, `无法读取案例：${errorText(e)}`));
    }
  }

  const byId = (id) => cases.find((c) => c.id === id);
  const steps = (c) => t.caseSteps(c, app.factZh);
  const itemLine = (c) => {
    const it = items.get(c.benchmark);
    return it ? `${c.benchmark}　${it.violation}` : c.benchmark;
  };
  const deptOf = (c) => items.get(c.benchmark)?.department_name ?? '';
  function decisionOf(id) {
    if (!decisions.has(id)) decisions.set(id, api.caseDecision(id).catch((e) => { decisions.delete(id); throw e; }));
    return decisions.get(id);
  }

  function renderList() {
    fill(caseList, cases.map((c) => el('li', { 'data-id': c.id, class: c.id === selectedId ? 'selected' : '' },
      el('button', { type: 'button', 'aria-current': c.id === selectedId ? 'true' : null },
        el('span', { class: 'case-title' }, c.title),
        el('span', { class: 'case-meta' }, itemLine(c)),
        el('span', { class: 'case-meta muted' }, deptOf(c))))));
  }

  function select(id) {
    const hadFocus = caseList.contains(document.activeElement);
    selectedId = id;
    renderList();
    if (hadFocus) caseList.querySelector(`li[data-id="${id}"] button`)?.focus();
    if (mode === 'preview') renderPreview();
  }

  function renderPreview() {
    const c = byId(selectedId);
    if (!c) { fill(stage, el('p', { class: 'muted' }, '请选择一个案例。')); return; }
    fill(stage, el('article', { class: 'case-preview' },
      el('h3', {}, c.title),
      el('p', { class: 'muted' }, `${itemLine(c)} · ${deptOf(c)}`),
      el('h4', {}, '案情'), el('p', { class: 'narrative' }, c.narrative),
      el('h4', {}, '情节'), el('ul', {}, steps(c).map((s) => el('li', {}, s))),
      el('p', { class: 'muted' }, '答案在“演示”或“打印讲义”中揭晓。')));
  }

  // ---- 演示
  function startPresentation(id = selectedId ?? cases[0]?.id) {
    const c = byId(id);
    if (!c) return;
    selectedId = c.id;
    mode = 'present';
    pres = t.startPresentation(steps(c).length);
    decisionOf(c.id).catch(() => {});
    stage.classList.add('presenting');
    document.body.classList.add('presenting');
    try {
      const de = document.documentElement;
      const p = de.requestFullscreen ? de.requestFullscreen() : de.webkitRequestFullscreen?.();
      p?.catch?.(() => {});
    } catch { /* the fallback class already fills the window */ }
    renderPresentation();
    stage.querySelector('#reveal-next')?.focus();
  }

  function endPresentation() {
    if (mode !== 'present') return;
    mode = 'preview';
    pres = null;
    stage.classList.remove('presenting');
    document.body.classList.remove('presenting');
    if (document.fullscreenElement) document.exitFullscreen?.().catch?.(() => {});
    renderPreview();
    root.querySelector('#present-start')?.focus();
  }

  function presentGo(next) {
    pres = next;
    renderPresentation();
  }

  function choose(tier) {
    if (mode === 'present') {
      presentGo(t.presentChoose(pres, tier));
      stage.querySelector('#present-reasoning')?.focus();
    } else if (mode === 'quiz') {
      quiz = t.quizAnswer(quiz, tier);
      renderQuiz();
      stage.querySelector('#quiz-next')?.focus();
    }
  }

  /** The tier a number key picks (1 = the lightest), or null. */
  function tierKey(key) {
    return /^[1-9]$/.test(key) ? (tierOrder()[Number(key) - 1] ?? null) : null;
  }

  function tierButtons(chosen, answered, expected) {
    return el('div', { class: 'choose', role: 'group', 'aria-label': '选择裁量结果' },
      tierOrder().map((code, i) => el('button', {
        type: 'button', class: `tier-choice tier-${code}${code === chosen ? ' chosen' : ''}${answered && code === expected ? ' expected' : ''}`,
        'data-choose-tier': code, 'aria-pressed': String(code === chosen), disabled: answered,
        onclick: () => choose(code),
      }, `${i + 1}. ${tierZh(code)}`)));
  }

  function renderPresentation() {
    const c = byId(selectedId);
    const s = pres;
    const all = steps(c);
    const content = el('div', { class: 'present-content' },
      el('p', { class: 'step-label' }, `${t.presentLabel(s)}`),
      el('h2', { class: 'present-title' }, c.title),
      el('p', { class: 'narrative' }, c.narrative),
      el('ol', { class: 'revealed' }, all.slice(0, s.phase === 'narrative' ? 0 : s.phase === 'steps' ? s.revealed : all.length)
        .map((x) => el('li', {}, x))));
    if (s.phase === 'choose' || s.phase === 'answer') {
      content.append(el('p', { class: 'prompt' }, s.phase === 'choose' ? `请选择裁量结果（按 1–${tierOrder().length}）：` : '裁量结果：'),
        tierButtons(s.chosen, s.phase === 'answer', c.expected_tier));
    }
    if (s.phase === 'answer') content.append(answerBlock(c, s.chosen));
    const waiting = s.phase === 'choose' || s.phase === 'answer';
    const controls = el('div', { class: 'present-controls no-print' },
      el('button', { type: 'button', class: 'secondary', onclick: () => presentGo(t.presentBack(pres)), disabled: s.phase === 'narrative' }, '← 上一步'),
      el('button', { type: 'button', id: 'reveal-next', class: 'primary', 'aria-disabled': String(waiting), onclick: () => presentGo(t.presentNext(pres)) },
        s.phase === 'narrative' ? '显示情节（空格 / →）' : '下一步（空格 / →）'),
      el('button', { type: 'button', class: 'secondary', onclick: endPresentation }, '退出演示（Esc）'));
    fill(stage, content, controls);
    // Rebuilding dropped the focus: keep it on 下一步, where a stray Space picks no tier.
    if (s.phase !== 'answer') stage.querySelector('#reveal-next')?.focus();
  }

  /** The answer: right or wrong, the expected tier and explanation, then the engine's reasoning. */
  function answerBlock(c, chosen) {
    const right = chosen === c.expected_tier;
    const box = el('section', { id: 'present-reasoning', class: 'answer', tabindex: '-1', 'aria-label': '答案与说理' },
      el('p', { class: `verdict ${right ? 'right' : 'wrong'}` },
        right ? '✓ 回答正确' : `✗ 回答不正确（选择了“${tierZh(chosen)}”）`),
      el('p', {}, '参考答案：', tierBadge(c.expected_tier, tierZh(c.expected_tier)),
        c.expected_fine ? ` 罚款 ${formatBand(c.expected_fine)}` : '',
        c.expected_grounds?.length ? `；根据：${groundsText(c.expected_grounds)}` : ''),
      el('h3', {}, '解析'), el('p', { class: 'explanation' }, c.explanation));
    const engine = el('div', { class: 'engine' }, el('p', { class: 'muted' }, '正在载入说理…'));
    box.append(engine);
    decisionOf(c.id).then((d) => fill(engine,
      el('p', {}, '引擎结论：', tierBadge(d.tier, tierZh(d.tier)), ` ${fineText(d)}`),
      el('h3', {}, '说理'), el('p', { class: 'reasoning' }, d.reasoning),
      el('ul', { class: 'citations' }, d.citations.map((x) => el('li', {}, citation(x))))))
      .catch((e) => fill(engine, el('p', { class: 'error' }, `无法载入说理：${errorText(e)}`)));
    return box;
  }

  // ---- 测验
  function startQuiz() {
    if (!cases.length) return;
    if (mode === 'present') endPresentation();
    mode = 'quiz';
    quiz = t.startQuiz(cases, Number(count.value));
    renderQuiz();
    stage.querySelector('[data-choose-tier]')?.focus();
  }

  function renderQuiz() {
    const score = el('span', { id: 'quiz-score' }, t.scoreText(quiz));
    if (t.quizFinished(quiz)) {
      const s = t.quizScore(quiz);
      fill(stage, el('article', { class: 'quiz-end' },
        el('h3', {}, '测验结束'),
        el('p', { class: 'big-score' }, '得分：', score, `（正确率 ${s.total ? Math.round((100 * s.correct) / s.total) : 0}%）`),
        el('table', { class: 'quiz-table' },
          el('thead', {}, el('tr', {}, ['案例', '你的选择', '参考答案', '结果'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, quiz.answers.map((a) => el('tr', {},
            el('td', {}, byId(a.id)?.title ?? a.id), el('td', {}, tierZh(a.chosen)), el('td', {}, tierZh(a.expected)),
            el('td', {}, a.correct ? '✓ 正确' : '✗ 错误'))))),
        el('div', { class: 'actions' },
          el('button', { type: 'button', class: 'primary', onclick: startQuiz }, '再测一次'),
          el('button', { type: 'button', class: 'secondary', onclick: endQuiz }, '返回案例（Esc）'))));
      return;
    }
    const c = byId(t.quizCurrent(quiz));
    const answered = t.quizAnswered(quiz);
    const mine = answered ? quiz.answers[quiz.index] : null;
    const last = quiz.index === quiz.ids.length - 1;
    fill(stage, el('article', { class: 'quiz', 'data-case-id': c.id },
      el('p', { class: 'quiz-head' }, `第 ${quiz.index + 1} / ${quiz.ids.length} 题 · 得分 `, score),
      el('h3', {}, c.title),
      el('p', { class: 'muted' }, itemLine(c)),
      el('p', { class: 'narrative' }, c.narrative),
      el('ul', {}, steps(c).map((s) => el('li', {}, s))),
      el('p', { class: 'prompt' }, `这个案件应当如何裁量？（按 1–${tierOrder().length}）`),
      tierButtons(mine?.chosen ?? null, answered, c.expected_tier),
      answered ? el('div', { class: 'answer' },
        el('p', { class: `verdict ${mine.correct ? 'right' : 'wrong'}` }, mine.correct ? '✓ 正确' : '✗ 不正确'),
        el('p', {}, '参考答案：', tierBadge(c.expected_tier, tierZh(c.expected_tier))),
        el('p', { class: 'explanation' }, c.explanation),
        el('button', { type: 'button', id: 'quiz-next', class: 'primary', onclick: quizNext }, last ? '查看成绩' : '下一题（Enter）')) : null,
      el('div', { class: 'actions' }, el('button', { type: 'button', class: 'link', onclick: endQuiz }, '结束测验（Esc）'))));
  }

  function quizNext() {
    quiz = t.quizNext(quiz);
    renderQuiz();
    stage.querySelector(t.quizFinished(quiz) ? '.quiz-end button' : '[data-choose-tier]')?.focus();
  }

  function endQuiz() {
    mode = 'preview';
    quiz = null;
    renderPreview();
    root.querySelector('#quiz-start')?.focus();
  }

  // ---- 讲义
  async function printHandout() {
    const c = byId(selectedId);
    if (!c) return;
    status.textContent = '正在准备讲义…';
    let d = null;
    try { d = await decisionOf(c.id); } catch (e) { status.textContent = `无法载入说理：${errorText(e)}`; }
    const info = await app.info.catch(() => null);
    const handout = el('article', { class: 'handout' },
      el('p', { class: 'muted' }, `裁量通 · 培训讲义${info ? ` · ${info.title} ${info.version}` : ''}`),
      el('h1', {}, c.title),
      el('p', {}, `事项：${itemLine(c)}${deptOf(c) ? `（${deptOf(c)}）` : ''}`),
      el('h2', {}, '案情'), el('p', {}, c.narrative),
      el('h2', {}, '情节'), el('ul', {}, steps(c).map((s) => el('li', {}, s))),
      el('h2', {}, '参考答案'),
      el('p', {}, `${tierZh(c.expected_tier)}${c.expected_fine ? `，罚款 ${formatBand(c.expected_fine)}` : ''}${c.expected_grounds?.length ? `（${groundsText(c.expected_grounds)}）` : ''}`),
      el('h2', {}, '解析'), el('p', {}, c.explanation),
      d ? [el('h2', {}, '说理'), el('p', {}, d.reasoning),
        el('h2', {}, '法律依据'), el('p', {}, joinZh(d.citations.map(citeText)))] : null);
    status.textContent = '';
    printOnly(handout);
  }

  return {
    root,
    title: '培训',
    show() { start(); },
    hide() { endPresentation(); },
    focus: () => root.querySelector('#training-h').focus(),
    onKey(e) {
      const tag = e.target?.tagName;
      if (mode === 'present') {
        if (e.key === 'ArrowRight' || (e.key === ' ' && tag !== 'BUTTON')) { presentGo(t.presentNext(pres)); return true; }
        if (e.key === 'ArrowLeft') { presentGo(t.presentBack(pres)); return true; }
        if (pres.phase === 'choose' && tierKey(e.key)) { choose(tierKey(e.key)); return true; }
        return false;
      }
      if (mode === 'quiz' && !t.quizFinished(quiz)) {
        if (!t.quizAnswered(quiz) && tierKey(e.key)) { choose(tierKey(e.key)); return true; }
        if (t.quizAnswered(quiz) && (e.key === 'ArrowRight' || (e.key === 'Enter' && tag !== 'BUTTON'))) { quizNext(); return true; }
      }
      return false;
    },
    back() {
      if (mode === 'present') { endPresentation(); return true; }
      if (mode === 'quiz') { endQuiz(); return true; }
      return false;
    },
  };
}
