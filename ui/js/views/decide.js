// 裁量: the questionnaire (checklist or wizard, one shared state), the party, amounts and dates,
// the result (updated on every change) with its discretionary options, and 保存到记录.
import { api, errorText } from '../api.js';
import { el, fill, field } from '../dom.js';
import { groundZh, partyCodes, partyZh, tierOrder, tierZh } from '../labels.js';
import { isEditable } from '../keys.js';
import { chosenState } from '../decision.js';
import {
  buildDecideRequest, buildDocumentRequest, buildSaveRequest, dateProblem, sameRequest,
} from '../request.js';
import { remember, remembered } from '../remember.js';
import * as wiz from '../wizard.js';
import { renderResult } from './result.js';
import { printHeader } from '../print-header.js';
import { dateField, dateInput, readDates, showDate } from '../date-field.js';

export default function decideView(app) {
  let item = null; // id
  let summary = null; // ItemSummary, when loaded
  let state = wiz.startWizard();
  let mode = 'checklist';
  let decision = null;
  // The request that gave `decision` (saving sends the same one, so the record is what is shown).
  let decidedReq = null;
  let seq = 0;
  let timer = null;
  let officerTouched = false;
  // The discretionary options the officer applied (ground codes, e.g. art33_first: 首违不罚).
  let chosen = [];
  // What to focus once the next result is shown (after applying or undoing an option).
  let focusAfter = null;

  // ---- item bar
  const itemInput = el('input', { id: 'decide-item', autocomplete: 'off', placeholder: '例如 SCJG-001' });
  const itemBar = el('div', { class: 'item-bar' });

  // ---- mode toggle
  const btnChecklist = el('button', { type: 'button', id: 'mode-checklist', 'aria-pressed': 'true' }, '清单（全部情节）');
  const btnWizard = el('button', { type: 'button', id: 'mode-wizard', 'aria-pressed': 'false' }, '向导（逐题回答）');
  btnChecklist.addEventListener('click', () => setMode('checklist'));
  btnWizard.addEventListener('click', () => setMode('wizard'));

  // ---- wizard (built once, updated in place so focus stays)
  const wProgress = el('p', { class: 'progress muted' });
  const wQuestion = el('h3', { id: 'wizard-q', class: 'wizard-q', 'aria-live': 'polite' });
  const wHint = el('p', { class: 'hint' });
  const wYes = el('button', { type: 'button', id: 'wizard-yes', 'aria-pressed': 'false' }, '是');
  const wNo = el('button', { type: 'button', id: 'wizard-no', 'aria-pressed': 'false' }, '否');
  const wUnsure = el('button', { type: 'button', id: 'wizard-unsure', 'aria-pressed': 'false' }, '不确定');
  const wBack = el('button', { type: 'button', id: 'wizard-back', class: 'secondary' }, '← 上一步');
  const wNext = el('button', { type: 'button', id: 'wizard-next', class: 'secondary' }, '下一步 →');
  const wRestart = el('button', { type: 'button', class: 'link' }, '从第一题重新检查');
  const wSummary = el('p', { class: 'wizard-summary' });
  wYes.addEventListener('click', () => onAnswer('yes'));
  wNo.addEventListener('click', () => onAnswer('no'));
  wUnsure.addEventListener('click', () => onAnswer('unsure'));
  wNext.addEventListener('click', () => { state = wiz.next(state); renderWizard(); });
  wBack.addEventListener('click', () => { state = wiz.back(state); renderWizard(); });
  wRestart.addEventListener('click', () => { state = { ...state, current: wiz.sequence(state.answers)[0] }; renderWizard(); wYes.focus(); });
  const wizardPane = el('div', { id: 'wizard-pane', class: 'wizard', hidden: true },
    wProgress, wQuestion, wHint,
    el('div', { class: 'answers', role: 'group', 'aria-labelledby': 'wizard-q' }, wYes, wNo, wUnsure),
    el('div', { class: 'wizard-nav' }, wBack, wNext),
    wSummary, wRestart);
  wizardPane.addEventListener('keydown', (e) => {
    if (isEditable(e.target) || e.ctrlKey || e.altKey || e.metaKey) return;
    const act = { 1: wYes, y: wYes, 2: wNo, n: wNo, 3: wUnsure, u: wUnsure, ArrowRight: wNext, ArrowLeft: wBack }[e.key];
    if (act && !act.disabled) { e.preventDefault(); act.click(); }
  });

  // ---- checklist
  const boxes = new Map();
  const checklistPane = el('div', { id: 'checklist-pane', class: 'checklist' },
    wiz.GROUPS.map((g) => el('fieldset', {}, el('legend', {}, g.title),
      wiz.QUESTIONS.filter((q) => q.group === g.id).map((q) => {
        const box = el('input', { type: 'checkbox', name: 'fact', value: q.code, id: `fact-${q.code}` });
        box.addEventListener('change', () => { state = wiz.setFact(state, q.code, box.checked); changed(); });
        boxes.set(q.code, box);
        const label = el('label', { for: box.id, class: 'check' }, box, el('span', { 'data-fact-label': q.code }, app.factZh(q.code)));
        return label;
      }))));
  const checkNotes = el('div', { class: 'check-notes', role: 'status', 'aria-live': 'polite' });

  // ---- the party: 个人 / 单位 / 未确定 (the default; never guessed)
  const partyHint = el('small', { class: 'hint', id: 'party-hint' }, '罚则对个人和单位规定不同幅度的，按此确定；未确定时结果列出两者');
  const partyRadios = [...partyCodes(), ''].map((code) => {
    const r = el('input', { type: 'radio', name: 'party', value: code, id: `party-${code || 'unknown'}`, checked: code === '' });
    r.addEventListener('change', () => changed());
    return r;
  });
  const partyGroup = el('fieldset', { class: 'party', id: 'party', 'aria-describedby': partyHint.id },
    el('legend', {}, '当事人类型'),
    el('div', { class: 'radios' }, partyRadios.map((r) => el('label', { for: r.id, class: 'check' }, r, r.value ? partyZh(r.value) : '未确定'))),
    partyHint);
  const partyValue = () => partyRadios.find((r) => r.checked)?.value ?? '';
  const setParty = (code) => { for (const r of partyRadios) r.checked = r.value === code; };

  // ---- amounts and dates
  const amount = el('input', { id: 'amount', inputmode: 'decimal', autocomplete: 'off' });
  const gain = el('input', { id: 'gain', inputmode: 'decimal', autocomplete: 'off' });
  // Text boxes, not <input type=date>: typing must never be swallowed by a calendar (date-field.js).
  const occurred = dateInput({ id: 'occurred', name: '违法日期' });
  const ended = dateInput({ id: 'ended', name: '行为终了日期' });
  const discovered = dateInput({ id: 'discovered', name: '发现（立案）日期' });
  const decided = dateInput({ id: 'decided', name: '决定日期' });
  const amountField = field('涉案金额（元）', amount, '可写 2000、2,000 或 2万；留空表示无');
  const dateNote = el('p', { class: 'error', role: 'alert', hidden: true });
  const dateBoxes = { occurred, ended, discovered, decided };
  // The dates as YYYY-MM-DD (what the engine takes), whichever way they were typed.
  const dates = () => readDates(dateBoxes).values;
  // A date that cannot be read is named first (2023年2月没有29日), then their order.
  const datesProblem = () => readDates(dateBoxes).problem || dateProblem(dates());
  for (const x of [amount, gain]) x.addEventListener('input', () => changed(300));
  for (const x of Object.values(dateBoxes)) {
    x.addEventListener('change', () => changed());
    // A complete date updates the result while typing; an unfinished one waits for the field to be left.
    x.addEventListener('input', () => { if (showDate(x, { quiet: true }).ok) changed(400); });
  }

  // ---- result and save form
  const resultBox = el('div', { id: 'result', class: 'result-box', 'aria-live': 'polite' });
  const officer = el('select', { id: 'officer-tier' }, tierOrder().map((code) => el('option', { value: code }, tierZh(code))));
  const reason = el('textarea', { id: 'departure-reason', rows: '3', maxlength: '2000' });
  const caseRef = el('input', { id: 'case-ref', autocomplete: 'off', maxlength: '200' });
  const note = el('textarea', { id: 'note', rows: '2', maxlength: '2000' });
  // 执法单位 is the same on every case an officer saves: it is remembered on this computer.
  const unit = el('input', { id: 'unit', autocomplete: 'off', maxlength: '200', value: remembered('cailiang.unit') });
  unit.addEventListener('change', () => remember('cailiang.unit', unit.value));
  const penaltyText = el('input', { id: 'penalty-text', autocomplete: 'off', maxlength: '200' });
  const fineInput = el('input', { id: 'fine-imposed', inputmode: 'decimal', autocomplete: 'off' });
  const partyName = el('input', { id: 'party-name', autocomplete: 'off', maxlength: '200' });
  const partyId = el('input', { id: 'party-id', autocomplete: 'off', maxlength: '60' });
  const partyAddress = el('input', { id: 'party-address', autocomplete: 'off', maxlength: '300' });
  const docBtn = el('button', { type: 'button', id: 'save-docx', class: 'secondary' }, '生成文书（Word）');
  docBtn.addEventListener('click', () => saveDocument());
  const saveBtn = el('button', { type: 'submit', id: 'save-record', class: 'primary' }, '保存到记录');
  const saveStatus = el('p', { id: 'save-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const reasonField = field('偏离理由', reason, '实际裁量结果与建议不同，或适用可选择的裁量（首违不罚）时必填，会随记录保存');
  officer.addEventListener('change', () => { officerTouched = true; syncOfficer(); });
  const saveForm = el('form', { id: 'save-form', class: 'save-form no-print', 'aria-labelledby': 'save-h', novalidate: true },
    el('h3', { id: 'save-h' }, '保存到记录'),
    field('实际裁量结果', officer, '默认与建议一致'),
    reasonField,
    el('div', { class: 'row2' },
      field('案件编号', caseRef, '审查和文书都按此编号；没有可留空'),
      field('执法单位', unit, '本机记住，下次自动填写'),
      field('实际处罚种类', penaltyText, '留空按建议的处罚种类'),
      field('实际罚款金额（元）', fineInput, '处罚含罚款时必填；超出法定幅度不能保存')),
    el('details', { class: 'doc-fields' }, el('summary', {}, '当事人信息（用于文书，可选）'),
      el('div', { class: 'row2' },
        field('当事人名称', partyName), field('身份证号或统一社会信用代码', partyId),
        field('住所（地址）', partyAddress))),
    field('备注（可选）', note),
    el('div', { class: 'actions' }, saveBtn, docBtn), saveStatus);
  saveForm.addEventListener('submit', (e) => { e.preventDefault(); save(); });

  const questionnaire = el('div', { class: 'questionnaire no-print' },
    el('div', { class: 'mode-toggle', role: 'group', 'aria-label': '问答方式' }, btnChecklist, btnWizard),
    checklistPane, wizardPane, checkNotes,
    el('fieldset', { class: 'numbers' }, el('legend', {}, '当事人、金额与日期'),
      partyGroup,
      el('div', { class: 'row2' }, amountField, field('违法所得（元）', gain, '留空表示无'),
        dateField('违法日期', occurred, '连续或者继续的行为填开始之日；留空则不核对追责期限和新旧规定'),
        dateField('行为终了日期（可选）', ended, '连续或者继续状态的行为：追责期限自终了之日起算'),
        dateField('发现（立案）日期', discovered, '追责期限计算至此日；留空按决定日期'),
        dateField('决定日期', decided, '留空按今天（结果中注明）')),
      dateNote));

  const work = el('div', { class: 'split split-decide' }, questionnaire,
    el('div', { class: 'result-col' }, resultBox, saveForm));

  const root = el('section', { class: 'view view-decide', 'aria-labelledby': 'decide-h' },
    el('h2', { id: 'decide-h', class: 'view-title', tabindex: '-1' }, '裁量'), itemBar, work);

  renderItemBar();
  renderAll();

  function setMode(m) {
    mode = m;
    checklistPane.hidden = m !== 'checklist';
    wizardPane.hidden = m !== 'wizard';
    btnChecklist.setAttribute('aria-pressed', String(m === 'checklist'));
    btnWizard.setAttribute('aria-pressed', String(m === 'wizard'));
    renderAll();
  }

  function onAnswer(value) {
    state = wiz.answer(state, value);
    changed();
  }

  function renderWizard() {
    const p = wiz.progress(state);
    const q = wiz.question(state.current);
    for (const b of [wYes, wNo, wUnsure]) b.disabled = p.done;
    wNext.disabled = p.done;
    wBack.disabled = !p.done && p.index <= 1;
    wRestart.hidden = !p.done;
    if (p.done) {
      wProgress.textContent = `已回答全部 ${p.total} 题`;
      wQuestion.textContent = '问题已答完';
      wHint.textContent = '结果见右侧；可以按“上一步”修改，或切换到清单核对全部情节。';
    } else {
      wProgress.textContent = `第 ${p.index} / ${p.total} 题 · ${p.group}`;
      wQuestion.textContent = q.q;
      wHint.textContent = q.hint || '';
    }
    const a = p.done ? null : state.answers[state.current];
    wYes.setAttribute('aria-pressed', String(a === 'yes'));
    wNo.setAttribute('aria-pressed', String(a === 'no'));
    wUnsure.setAttribute('aria-pressed', String(a === 'unsure'));
    const yes = wiz.factsOf(state.answers);
    wSummary.textContent = yes.length ? `已确认的情节：${yes.map(app.factZh).join('、')}` : '尚未确认任何情节';
  }

  function renderChecklist() {
    for (const [code, box] of boxes) {
      box.checked = state.answers[code] === 'yes';
      box.indeterminate = state.answers[code] === 'unsure';
    }
  }

  function renderNotes() {
    const out = [];
    const unsure = wiz.unsureOf(state.answers);
    if (unsure.length) out.push(el('p', { class: 'muted' }, `待核实（未计入）：${unsure.map(app.factZh).join('、')}`));
    for (const [a, b] of wiz.conflicts(state.answers)) {
      out.push(el('p', { class: 'warn' }, `情节互相矛盾：“${app.factZh(a)}”与“${app.factZh(b)}”，请核实`));
    }
    fill(checkNotes, out);
  }

  function renderAll() {
    renderWizard();
    renderChecklist();
    renderNotes();
  }

  function renderItemBar() {
    const notMinor = summary?.not_minor
      ? el('p', { class: 'muted' }, `本事项不属于“违法行为轻微”：${summary.not_minor}`)
      : null;
    if (!item) {
      fill(itemBar, el('form', { class: 'item-pick', onsubmit: (e) => { e.preventDefault(); const v = itemInput.value.trim(); if (v) load(v); } },
        el('p', {}, '先在“查询”或“基准库”中选择事项，或直接输入事项编号：'),
        field('事项编号', itemInput), el('button', { type: 'submit', class: 'primary' }, '打开')));
      work.hidden = true;
      return;
    }
    work.hidden = false;
    fill(itemBar,
      el('p', { class: 'item-line' }, el('span', { class: 'item-id' }, item), summary ? summary.violation : ''),
      summary ? el('p', { class: 'muted' }, `${summary.department_name} · ${summary.domain}`) : null,
      notMinor,
      el('div', { class: 'actions no-print' },
        el('button', { type: 'button', class: 'secondary', onclick: () => app.back() }, '返回（Esc）'),
        el('button', { type: 'button', class: 'secondary', onclick: reset }, '清空情节与金额')));
  }

  async function load(id) {
    item = id;
    summary = null;
    decision = null;
    decidedReq = null;
    officerTouched = false;
    chosen = [];
    state = wiz.startWizard();
    setParty('');
    for (const x of [amount, gain, occurred, ended, discovered, decided, reason, caseRef, note, penaltyText, fineInput,
      partyName, partyId, partyAddress]) x.value = '';
    saveStatus.textContent = '';
    renderItemBar();
    renderAll();
    fill(resultBox, el('p', { class: 'muted' }, '正在裁量…'));
    changed(0);
    try {
      const d = await api.itemDetail(id);
      if (item !== id) return;
      summary = d.summary;
      amountField.querySelector('label').textContent = summary.amount_label ? `${summary.amount_label}（元）` : '涉案金额（元）';
      renderItemBar();
    } catch (e) {
      if (item === id) fill(resultBox, el('p', { class: 'error', role: 'alert' }, `无法打开事项：${errorText(e)}`));
    }
  }

  function reset() {
    state = wiz.startWizard();
    chosen = [];
    setParty('');
    for (const x of [amount, gain, occurred, ended, discovered, decided]) x.value = '';
    renderAll();
    changed(0);
  }

  function currentRequest() {
    return buildDecideRequest({ item, answers: state.answers, amount: amount.value, gain: gain.value, party: partyValue(), ...dates(), chosen });
  }

  function changed(delay = 0) {
    renderAll();
    clearTimeout(timer);
    timer = setTimeout(runDecide, delay);
  }

  async function runDecide() {
    if (!item) return;
    const problem = datesProblem();
    dateNote.hidden = !problem;
    dateNote.textContent = problem;
    resultBox.classList.toggle('stale', Boolean(problem));
    if (problem) return;
    const mine = ++seq;
    const req = currentRequest();
    try {
      const d = await api.decide(req);
      if (mine !== seq) return;
      const { lapsed } = chosenState(d, req.chosen);
      if (lapsed.length) {
        // The facts changed and the option no longer applies: the engine ignored it; drop it so
        // that the record never carries a choice that was not applied.
        chosen = chosen.filter((g) => !lapsed.includes(g));
        saveStatus.classList.remove('error');
        saveStatus.textContent = `所选的“${lapsed.map(groundZh).join('、')}”在当前情节下不再适用，已取消`;
      }
      decision = d;
      decidedReq = { ...req, chosen: req.chosen.filter((g) => !lapsed.includes(g)) };
      fill(resultBox, renderResult(d, { factZh: app.factZh, actions }));
      syncOfficer();
      if (focusAfter) {
        const target = focusAfter();
        focusAfter = null;
        target?.focus();
      }
    } catch (e) {
      if (mine !== seq) return;
      decision = null;
      decidedReq = null;
      fill(resultBox, el('p', { class: 'error', role: 'alert' }, `无法裁量：${errorText(e)}`));
    }
  }

  // The result card's handlers: apply or undo an option, set the party, go to a field.
  const actions = {
    get chosen() { return chosen; },
    printHeader() {
      const today = new Date();
      const iso = [today.getFullYear(), today.getMonth() + 1, today.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
      const p = partyValue();
      return printHeader({
        caseNo: caseRef.value,
        unit: unit.value,
        partyName: partyName.value,
        partyZh: p ? partyZh(p) : '',
        item,
        violation: summary?.violation,
        today: iso,
      });
    },
    onChoose(ground) {
      if (!chosen.includes(ground)) chosen = [...chosen, ground];
      officerTouched = false;
      focusAfter = () => reason;
      changed();
    },
    onUnchoose(ground) {
      chosen = chosen.filter((g) => g !== ground);
      officerTouched = false;
      focusAfter = () => resultBox.querySelector(`#apply-${ground}`) ?? root.querySelector('#decide-h');
      changed();
    },
    onParty(code) {
      setParty(code);
      focusAfter = () => partyRadios.find((r) => r.checked);
      changed();
    },
    onAsk(code) {
      const target = {
        party: () => partyRadios.find((r) => r.checked) ?? partyRadios[0],
        amount: () => amount,
        gain: () => gain,
        occurred: () => occurred,
        minor_violation: () => boxes.get('minor_violation'),
        harm: () => boxes.get('no_harm'),
      }[code]?.();
      if (!target) return;
      if ([...boxes.values()].includes(target) && mode !== 'checklist') setMode('checklist');
      target.focus();
    },
  };

  function syncOfficer() {
    const suggested = decision?.tier;
    const applied = chosenState(decision, chosen).applied;
    const mark = applied.length ? '（已选择裁量选项）' : '（建议）';
    for (const o of officer.options) o.textContent = tierZh(o.value) + (o.value === suggested ? mark : '');
    if (!officerTouched && suggested) officer.value = suggested;
    const departs = Boolean(suggested && officer.value !== suggested);
    const needed = departs || applied.length > 0;
    // What is recorded by default, shown where the officer would type otherwise.
    const words = (decision?.penalties ?? []).map((p) => p.zh).join('、');
    penaltyText.placeholder = words || (decision ? tierZh(decision.tier) : '');
    const band = decision?.fine;
    fineInput.placeholder = band ? `建议 ${band.min_yuan}–${band.max_yuan}` : '';
    reason.required = needed;
    reason.setAttribute('aria-required', String(needed));
    reasonField.classList.toggle('required', needed);
    let text = '偏离理由';
    if (departs) text = '偏离理由（必填）';
    else if (applied.length) text = '适用理由（必填）';
    reasonField.querySelector('label').textContent = text;
  }

  async function save() {
    const fail = (text) => { saveStatus.textContent = text; saveStatus.classList.add('error'); };
    if (!decision || !decidedReq) { fail('请先得到裁量结果再保存'); return; }
    const problem = datesProblem();
    if (problem) { fail(problem); return; }
    if (!sameRequest(currentRequest(), decidedReq)) {
      // The form changed since the result shown: the record must be the result the officer saw.
      fail('裁量结果正在更新，请在结果更新后再保存');
      changed(0);
      return;
    }
    const built = buildSaveRequest(decidedReq, {
      suggested: decision.tier,
      officerTier: officer.value,
      reason: reason.value,
      caseRef: caseRef.value,
      note: note.value,
      unit: unit.value,
      penalty: penaltyText.value,
      fine: fineInput.value,
    });
    if (!built.ok) {
      fail(built.error);
      root.querySelector(`#${built.field}`)?.focus();
      return;
    }
    saveBtn.disabled = true;
    try {
      const id = await api.historySave(built.req);
      saveStatus.classList.remove('error');
      saveStatus.textContent = `✓ 已保存到记录（编号 ${id}）`;
      // The fields stay: the officer often writes the document for the case just saved.
      syncOfficer();
    } catch (e) {
      saveStatus.classList.add('error');
      saveStatus.textContent = `保存失败：${errorText(e)}`;
    } finally {
      saveBtn.disabled = false;
    }
  }

  /** Fills the form with a decided case's facts, amounts and dates (from 审查). */
  function applyCase(c) {
    const answers = {};
    for (const f of c.facts ?? []) answers[f] = 'yes';
    state = wiz.startWizard(answers);
    amount.value = c.amount ?? '';
    gain.value = c.gain ?? '';
    occurred.value = c.occurred ?? '';
    decided.value = c.decided ?? '';
    for (const x of [occurred, decided]) showDate(x, { quiet: true });
    setMode('checklist');
    changed(0);
  }

  /** The Word draft of the document this outcome calls for, saved where the officer chooses. */
  async function saveDocument() {
    const fail = (text) => { saveStatus.textContent = text; saveStatus.classList.add('error'); };
    if (!decision || !decidedReq) { fail('请先得到裁量结果再生成文书'); return; }
    if (!sameRequest(currentRequest(), decidedReq)) {
      fail('裁量结果正在更新，请在结果更新后再生成文书');
      changed(0);
      return;
    }
    docBtn.disabled = true;
    try {
      const path = await api.documentSave(buildDocumentRequest(decidedReq, {
        caseNo: caseRef.value,
        partyName: partyName.value,
        partyId: partyId.value,
        partyAddress: partyAddress.value,
        fine: fineInput.value,
      }));
      saveStatus.classList.remove('error');
      saveStatus.textContent = path ? `✓ 已生成文书：${path}` : '已取消生成文书';
    } catch (e) {
      fail(`生成文书失败：${errorText(e)}`);
    } finally {
      docBtn.disabled = false;
    }
  }

  return {
    root,
    title: '裁量',
    show(params = {}) {
      if (params.case && params.item) {
        // A case from 审查: opened afresh with what its row stated.
        load(params.item);
        applyCase(params.case);
      } else if (params.item && params.item !== item) {
        load(params.item);
      }
    },
    focus() {
      const target = item ? (mode === 'wizard' ? wYes : root.querySelector('#decide-h')) : itemInput;
      target.focus();
    },
    back() { app.back(); return true; },
  };
}
