// 培训: the typical cases, filtered by department; 演示 (full screen, facts revealed step by step,
// the audience picks a tier, then the reasoning; ← / → run on into the next case); 测验 (one case
// after another under a title that does not give the answer, score kept, printed or saved as
// CSV); 讲义 for the cases shown, 教师版 with the answers and 学员版 without.
import { api, errorText } from '../api.js';
import { el, fill, field, tierBadge, citation, printOnly } from '../dom.js';
import { citeText, formatBand } from '../format.js';
import { tierOrder, tierZh } from '../labels.js';
import { fineText, groundsText } from '../decision.js';
import { saveText } from '../save.js';
import * as t from '../training-logic.js';

export default function trainingView(app) {
  let cases = [];
  let shown = []; // the cases of the chosen department (all when none)
  let items = new Map();
  let selectedId = null;
  let mode = 'preview'; // preview | present | quiz
  let pres = null;
  let quiz = null;
  const decisions = new Map();

  const caseList = el('ul', { id: 'case-list', class: 'case-list', 'aria-label': '典型案例' });
  const listPane = el('div', { class: 'pane-list' }, caseList);
  const stage = el('div', { id: 'stage', class: 'stage', 'aria-live': 'polite' });
  const dept = el('select', { id: 'training-dept' }, el('option', { value: '' }, '全部部门'));
  const count = el('select', { id: 'quiz-count' },
    el('option', { value: '5' }, '5 题'), el('option', { value: '10', selected: true }, '10 题'),
    el('option', { value: '20' }, '20 题'), el('option', { value: '0' }, '全部案例'));
  const scope = el('select', { id: 'handout-scope' },
    el('option', { value: 'selected', selected: true }, '所选案例'), el('option', { value: 'list' }, '列表中的全部案例'));
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const work = el('div', { class: 'split' }, listPane, stage);

  const root = el('section', { class: 'view view-training', 'aria-labelledby': 'training-h' },
    el('h2', { id: 'training-h', class: 'view-title', tabindex: '-1' }, '培训'),
    el('div', { class: 'toolbar no-print' },
      field('部门', dept),
      el('button', { type: 'button', id: 'present-start', class: 'primary', onclick: () => ready.then(() => startPresentation()) }, '演示所选案例'),
      el('span', { class: 'sep' }),
      field('讲义范围', scope),
      el('button', { type: 'button', id: 'print-handout', class: 'secondary', onclick: () => ready.then(() => printHandout(true)) }, '打印讲义（教师版）'),
      el('button', { type: 'button', id: 'print-handout-trainee', class: 'secondary', onclick: () => ready.then(() => printHandout(false)) }, '打印讲义（学员版）'),
      el('span', { class: 'sep' }),
      field('测验题数', count),
      el('button', { type: 'button', id: 'quiz-start', class: 'primary', onclick: () => ready.then(startQuiz) }, '开始测验')),
    status, work);

  caseList.addEventListener('click', (e) => {
    const li = e.target.closest('li[data-id]');
    if (li) select(li.dataset.id);
  });
  caseList.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const i = shown.findIndex((c) => c.id === selectedId);
    const next = shown[Math.min(shown.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) { e.preventDefault(); select(next.id); }
  });
  dept.addEventListener('change', applyDepartment);
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
      fill(dept, el('option', { value: '' }, `全部部门（${cases.length}）`),
        t.departmentOptions(cases, items).map((o) => el('option', { value: o.value }, o.label)));
      applyDepartment();
    } catch (e) {
      started = false;
      fill(stage, el('p', { class: 'error', role: 'alert' }, `无法读取案例：${errorText(e)}`));
    }
  }

  function applyDepartment() {
    shown = t.casesOfDepartment(cases, items, dept.value);
    const name = dept.selectedOptions[0]?.textContent.replace(/（\d+）$/, '');
    status.textContent = dept.value ? `${name}：${shown.length} 个典型案例（共 ${cases.length} 个）` : `共 ${cases.length} 个典型案例`;
    if (!shown.some((c) => c.id === selectedId)) selectedId = shown[0]?.id ?? null;
    renderList();
    if (mode === 'preview') renderPreview();
  }

  const byId = (id) => cases.find((c) => c.id === id);
  const shownIds = () => shown.map((c) => c.id);
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
    fill(caseList, shown.map((c) => el('li', { 'data-id': c.id, class: c.id === selectedId ? 'selected' : '' },
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
    if (!c) { fill(stage, el('p', { class: 'muted' }, shown.length ? '请选择一个案例。' : '这个部门没有典型案例。')); return; }
    fill(stage, el('article', { class: 'case-preview' },
      el('h3', {}, c.title),
      el('p', { class: 'muted' }, `${itemLine(c)} · ${deptOf(c)}`),
      el('h4', {}, '案情'), el('p', { class: 'narrative' }, c.narrative),
      el('h4', {}, '情节'), el('ul', {}, steps(c).map((s) => el('li', {}, s))),
      el('p', { class: 'muted' }, '答案在“演示”或“打印讲义（教师版）”中揭晓。')));
  }

  // While a quiz runs, the list (whose titles may name the answer) is out of sight.
  function setListShown(on) {
    listPane.hidden = !on;
    work.classList.toggle('split-single', !on);
  }

  // ---- 演示
  function startPresentation(id = selectedId ?? shown[0]?.id) {
    const c = byId(id);
    if (!c) return;
    if (mode === 'quiz') endQuiz();
    mode = 'present';
    stage.classList.add('presenting');
    document.body.classList.add('presenting');
    try {
      const de = document.documentElement;
      const p = de.requestFullscreen ? de.requestFullscreen() : de.webkitRequestFullscreen?.();
      p?.catch?.(() => {});
    } catch { /* the fallback class already fills the window */ }
    presentCase(c.id);
  }

  /** Shows case `id` from its narrative (the next or previous case of the list, or the first). */
  function presentCase(id) {
    const c = byId(id);
    if (!c) return;
    selectedId = c.id;
    pres = t.startPresentation(steps(c).length);
    decisionOf(c.id).catch(() => {});
    renderPresentation();
  }

  function moveCase(delta) {
    const id = t.neighbour(shownIds(), selectedId, delta);
    if (id) presentCase(id);
    else status.textContent = delta > 0 ? '已是列表中的最后一个案例' : '已是列表中的第一个案例';
  }

  /** → / ←: a step, running on into the next or previous case (PageDown / PageUp jump straight there). */
  function presentStep(dir) {
    const r = t.presentStep(pres, dir);
    if (r.move) moveCase(r.move);
    else presentGo(r.state);
  }

  function endPresentation() {
    if (mode !== 'present') return;
    mode = 'preview';
    pres = null;
    stage.classList.remove('presenting');
    document.body.classList.remove('presenting');
    if (document.fullscreenElement) document.exitFullscreen?.().catch?.(() => {});
    renderList();
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
    const ids = shownIds();
    // The full title (which may name the answer) only once the answer is shown.
    const title = s.phase === 'answer' ? c.title : t.neutralTitle(c.title);
    const content = el('div', { class: 'present-content' },
      el('p', { class: 'step-label' }, `${t.casePosition(ids, c.id)} · ${t.presentLabel(s)}`),
      el('h2', { class: 'present-title' }, title),
      el('p', { class: 'narrative' }, c.narrative),
      el('ol', { class: 'revealed' }, all.slice(0, s.phase === 'narrative' ? 0 : s.phase === 'steps' ? s.revealed : all.length)
        .map((x) => el('li', {}, x))));
    if (s.phase === 'choose' || s.phase === 'answer') {
      content.append(el('p', { class: 'prompt' }, s.phase === 'choose' ? `请选择裁量结果（按 1–${tierOrder().length}）：` : '裁量结果：'),
        tierButtons(s.chosen, s.phase === 'answer', c.expected_tier));
    }
    if (s.phase === 'answer') content.append(answerBlock(c, s.chosen));
    const waiting = s.phase === 'choose';
    const first = !t.neighbour(ids, c.id, -1);
    const last = !t.neighbour(ids, c.id, 1);
    const nextLabel = s.phase === 'answer' ? '下一个案例（→）' : s.phase === 'narrative' ? '显示情节（空格 / →）' : '下一步（空格 / →）';
    const controls = el('div', { class: 'present-controls no-print' },
      el('button', { type: 'button', id: 'present-prev-case', class: 'secondary', onclick: () => moveCase(-1), disabled: first }, '上一个案例（PageUp）'),
      el('button', { type: 'button', class: 'secondary', onclick: () => presentStep(-1), disabled: s.phase === 'narrative' && first }, '← 上一步'),
      el('button', {
        type: 'button', id: 'reveal-next', class: 'primary', 'aria-disabled': String(waiting || (s.phase === 'answer' && last)),
        onclick: () => presentStep(1),
      }, nextLabel),
      el('button', { type: 'button', id: 'present-next-case', class: 'secondary', onclick: () => moveCase(1), disabled: last }, '下一个案例（PageDown）'),
      el('button', { type: 'button', class: 'secondary', onclick: endPresentation }, '退出演示（Esc）'));
    fill(stage, content, controls);
    // Rebuilding dropped the focus: keep it on 下一步, where a stray Space picks no tier.
    if (s.phase !== 'answer') stage.querySelector('#reveal-next')?.focus();
  }

  /** The answer: right or wrong, the expected tier and explanation, then the reasoning of the suggestion. */
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
      el('p', {}, '裁量建议：', tierBadge(d.tier, tierZh(d.tier)), ` ${fineText(d)}`),
      el('h3', {}, '说理'), el('p', { class: 'reasoning' }, d.reasoning),
      el('ul', { class: 'citations' }, d.citations.map((x) => el('li', {}, citation(x))))))
      .catch((e) => fill(engine, el('p', { class: 'error' }, `无法载入说理：${errorText(e)}`)));
    return box;
  }

  // ---- 测验
  function startQuiz() {
    if (!shown.length) { status.textContent = '这个部门没有典型案例，无法测验'; return; }
    if (mode === 'present') endPresentation();
    mode = 'quiz';
    setListShown(false);
    quiz = t.startQuiz(shown, Number(count.value));
    renderQuiz();
    stage.querySelector('[data-choose-tier]')?.focus();
  }

  function renderQuiz() {
    const score = el('span', { id: 'quiz-score' }, t.scoreText(quiz));
    if (t.quizFinished(quiz)) { renderQuizEnd(score); return; }
    const c = byId(t.quizCurrent(quiz));
    const answered = t.quizAnswered(quiz);
    const mine = answered ? quiz.answers[quiz.index] : null;
    const last = quiz.index === quiz.ids.length - 1;
    fill(stage, el('article', { class: 'quiz', 'data-case-id': c.id },
      el('p', { class: 'quiz-head' }, `第 ${quiz.index + 1} / ${quiz.ids.length} 题 · 得分 `, score),
      // The title may name the answer ("…，从轻处罚"): a neutral one until it is answered.
      el('h3', {}, answered ? `案例 ${quiz.index + 1}：${c.title}` : t.caseHeading(quiz.index + 1, c)),
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

  function renderQuizEnd(score) {
    const s = t.quizScore(quiz);
    const who = el('input', { id: 'quiz-who', autocomplete: 'off', maxlength: '40', placeholder: '可不填' });
    const saved = el('p', { id: 'quiz-export-status', class: 'status no-print', role: 'status', 'aria-live': 'polite' });
    const whoLine = el('p', { class: 'quiz-who-line' });
    const when = new Date().toLocaleString('zh-CN', { hour12: false });
    const sheet = el('article', { class: 'quiz-end' },
      el('h3', {}, '测验成绩'),
      whoLine,
      el('p', { class: 'muted' }, `时间：${when}`),
      el('p', { class: 'big-score' }, '得分：', score, `（正确率 ${t.percent(s)}%）`),
      el('table', { class: 'quiz-table' },
        el('thead', {}, el('tr', {}, ['序号', '案例', '你的选择', '参考答案', '结果'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, quiz.answers.map((a, i) => el('tr', {},
          el('td', { class: 'num' }, String(i + 1)), el('td', {}, byId(a.id)?.title ?? a.id), el('td', {}, tierZh(a.chosen)),
          el('td', {}, tierZh(a.expected)), el('td', {}, a.correct ? '✓ 正确' : '✗ 错误'))))));
    const syncWho = () => { whoLine.textContent = who.value.trim() ? `学员：${who.value.trim()}` : ''; };
    who.addEventListener('input', syncWho);
    const opts = () => ({ who: who.value.trim(), when });
    fill(stage, sheet,
      el('div', { class: 'quiz-end-actions no-print' },
        field('学员姓名（打印和导出时写上）', who),
        el('div', { class: 'actions' },
          el('button', { type: 'button', id: 'quiz-print', class: 'secondary', onclick: () => printOnly(sheet) }, '打印成绩'),
          el('button', { type: 'button', id: 'quiz-export', class: 'secondary', onclick: () => exportScores(opts(), saved) }, '导出成绩 CSV'),
          el('button', { type: 'button', class: 'primary', onclick: startQuiz }, '再测一次'),
          el('button', { type: 'button', class: 'secondary', onclick: endQuiz }, '返回案例（Esc）')),
        saved));
  }

  async function exportScores(opts, saved) {
    saved.textContent = '正在导出…';
    try {
      saved.textContent = await saveText('培训测验成绩', 'csv', t.quizCsv(quiz, byId, opts));
    } catch (e) {
      saved.textContent = `导出失败：${errorText(e)}`;
    }
  }

  function quizNext() {
    quiz = t.quizNext(quiz);
    renderQuiz();
    stage.querySelector(t.quizFinished(quiz) ? '.quiz-end-actions button' : '[data-choose-tier]')?.focus();
  }

  function endQuiz() {
    mode = 'preview';
    quiz = null;
    setListShown(true);
    renderList();
    renderPreview();
    root.querySelector('#quiz-start')?.focus();
  }

  // ---- 讲义
  /** Prints the handout of the selected case or of every case in the list, with or without answers. */
  async function printHandout(answers) {
    const list = scope.value === 'selected' ? [byId(selectedId)].filter(Boolean) : shown;
    if (!list.length) { status.textContent = '没有可打印的案例'; return; }
    status.textContent = `正在准备讲义（${list.length} 个案例）…`;
    const ds = answers ? await Promise.all(list.map((c) => decisionOf(c.id).catch(() => null))) : [];
    const info = await app.info.catch(() => null);
    const kind = answers ? '教师版（含答案）' : '学员版';
    const handout = el('article', { class: 'handout' },
      el('p', { class: 'muted' }, `裁量通 · 培训讲义 · ${kind}${info ? ` · ${info.title} ${info.version}` : ''}`),
      list.map((c, i) => handoutCase(c, i + 1, answers, ds[i] ?? null)));
    status.textContent = answers && ds.some((d) => !d) ? '部分案例的说理无法载入，讲义中从略' : '';
    printOnly(handout);
  }

  function handoutCase(c, n, answers, decision) {
    const line = `${itemLine(c)}${deptOf(c) ? `（${deptOf(c)}）` : ''}`;
    const parts = t.handoutSections(c, n, { answers, steps: steps(c), itemLine: line, decision, citeText, groundsText });
    return el('section', { class: 'handout-case' }, parts.map((p) => {
      if (p.h === 'title') return el('h1', {}, p.text);
      const body = p.list ? el('ul', {}, p.list.map((x) => el('li', {}, x))) : el('p', {}, p.text);
      return p.h ? [el('h2', {}, p.h), body] : body;
    }));
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
        if (e.key === 'ArrowRight' || (e.key === ' ' && tag !== 'BUTTON')) { presentStep(1); return true; }
        if (e.key === 'ArrowLeft') { presentStep(-1); return true; }
        if (e.key === 'PageDown' || e.key === 'PageUp') { moveCase(e.key === 'PageDown' ? 1 : -1); return true; }
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
