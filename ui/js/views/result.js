// The result card of a decision (裁量 view, reopened records): tier in words and colour (责令改正，
// 暂不处罚 with its own words and colour), what is still to be established (待确认), the outcome for
// each party when the party is not known, fine, legal range, penalties, measures, the
// discretionary options (首违不罚) the officer may apply, citations, reasons, notes, the transfer
// warning, both evaluations under 从旧兼从轻, the 说理 paragraph with 复制 and 打印, and the receipt.
// Every code is shown by its label from the library.
import { el, row, tierBadge, citation, copyText, printOnly } from '../dom.js';
import { formatBand, joinZh } from '../format.js';
import { groundZh, tierZh } from '../labels.js';
import {
  byPartyRows, chosenState, chosenWhen, fineText, groundsHeading, groundsText, isNoPenalty, legalRangeText,
  optionItems, penaltyLines, questionItems, receiptCase, receiptLine, regimePeriod, stepText, tierExplanation,
  visibleNotes, WHEN_ZH,
} from '../decision.js';

/** The questions a field of the 裁量 form answers (the 填写 button goes there). */
const ASKABLE = new Set(['party', 'amount', 'gain', 'occurred', 'minor_violation', 'harm']);

/**
 * @param d a Decision
 * @param opts.hooks   give the stable ids (#tier, #fine, #reasoning, #copy-reasoning …)
 * @param opts.factZh  code -> Chinese
 * @param opts.extra   nodes to show under the header (e.g. a record's officer tier)
 * @param opts.actions the 裁量 form's handlers; without them the card only shows (records):
 *   chosen (ground codes the officer applied), onChoose(ground), onUnchoose(ground),
 *   onParty(code), onAsk(question code)
 */
export function renderResult(d, { hooks = true, factZh = (c) => c, extra = null, actions = null } = {}) {
  const id = (name) => (hooks ? name : null);
  const card = el('article', { class: 'result-card', 'aria-label': '裁量结果' });

  if (d.transfer) {
    const note = (d.notes ?? []).find((n) => n.code === 'transfer');
    card.append(el('div', { class: 'transfer-alert', role: 'alert' },
      el('strong', {}, '⚠ 涉嫌犯罪，应当移送司法机关（行刑衔接）'),
      note ? el('p', {}, note.text) : null));
  }

  const applied = actions ? chosenState(d, actions.chosen).applied : [];
  const explanation = tierExplanation(d);
  card.append(el('header', { class: 'result-head' },
    el('p', { class: 'result-tier' }, el('span', { class: 'label' }, '裁量结论'),
      tierBadge(d.tier, tierZh(d.tier), { id: id('tier') })),
    explanation ? el('p', { class: 'tier-explain', id: id('tier-explain') }, explanation) : null,
    el('p', { class: 'result-item' }, `${d.item?.id ?? ''}　${d.item?.violation ?? ''}`),
    d.grounds?.length ? el('p', { class: `grounds grounds-${d.tier}` }, `${groundsHeading(d)}：${groundsText(d.grounds)}`) : null,
    applied.length ? appliedBanner(applied, actions, id) : null,
    extra));

  const questions = questionItems(d);
  if (questions.length) card.append(pending(questions, actions, id));

  const parties = byPartyRows(d);
  if (parties.length) card.append(byParty(parties, actions, id));

  const facts = d.receipt?.facts ?? [];
  const penalties = penaltyLines(d);
  card.append(el('dl', { class: 'result-facts' },
    row('罚款', el('span', { id: id('fine'), class: 'fine' }, fineText(d))),
    row('法定幅度', legalRangeText(d)),
    row('处罚种类', penalties.length > 1
      ? el('ul', { class: 'penalties', id: id('penalties') }, penalties.map((p) => el('li', {}, p)))
      : el('span', { id: id('penalties') }, penalties[0])),
    row('措施', joinZh(d.measures)),
    d.follow_up?.length ? row('后续', joinZh(d.follow_up)) : null,
    row('情节', facts.length ? facts.map(factZh).join('、') : '未选择情节')));

  const options = optionItems(d);
  if (options.length) card.append(optionsBlock(options, actions, id));

  if ((d.evaluations ?? []).length >= 2) card.append(evaluations(d));

  card.append(el('section', { class: 'block' }, el('h3', {}, '法律依据'),
    el('ul', { class: 'citations' }, (d.citations ?? []).map((c) => el('li', {}, citation(c))))));

  card.append(el('section', { class: 'block' }, el('h3', {}, '裁量过程'), reasonsList(d.reasons)));

  const notes = visibleNotes(d);
  if (notes.length) {
    card.append(el('section', { class: 'block notes' }, el('h3', {}, '提示'),
      el('ul', {}, notes.map((n) => el('li', { 'data-note': n.code }, n.lead ? [el('strong', {}, n.lead), '：'] : null, n.text)))));
  }

  const status = el('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const copy = el('button', { type: 'button', id: id('copy-reasoning'), class: 'secondary' }, '复制说理');
  copy.addEventListener('click', async () => {
    const ok = await copyText(d.reasoning);
    status.textContent = ok ? '✓ 已复制到剪贴板' : '复制失败，请选中文字后按 Ctrl+C';
    status.classList.toggle('ok', ok);
    setTimeout(() => { status.textContent = ''; }, 4000);
  });
  const print = el('button', { type: 'button', class: 'secondary' }, '打印');
  print.addEventListener('click', () => printOnly(card, actions?.printHeader?.() ?? null));
  card.append(el('section', { class: 'block reasoning-block' },
    el('h3', {}, '说理'),
    el('p', { class: 'reasoning', id: id('reasoning') }, d.reasoning),
    el('div', { class: 'actions no-print' }, copy, print, status)));

  const r = d.receipt;
  if (r) {
    card.append(el('footer', { class: 'receipt' },
      el('span', {}, `回执：${receiptLine(r)}`),
      el('span', {}, receiptCase(r, d))));
  }
  return card;
}

/** The options the officer applied, with 撤销. */
function appliedBanner(applied, actions, id) {
  return el('div', { class: 'chosen-banner', id: id('chosen-banner') },
    el('p', {}, el('strong', {}, '执法人员已选择适用：'), applied.map(groundZh).join('；')),
    el('p', { class: 'muted' }, '这是执法人员的裁量选择，保存时须填写适用理由。'),
    actions?.onUnchoose
      ? el('div', { class: 'actions no-print' }, applied.map((g) => el('button', {
        type: 'button', class: 'secondary', id: id(`undo-${g}`), 'data-ground': g,
        onclick: () => actions.onUnchoose(g),
      }, '撤销此选择')))
      : null);
}

/** 待确认: what the officer must still establish; the answer is provisional until then. */
function pending(questions, actions, id) {
  return el('section', { class: 'pending', id: id('questions'), 'aria-labelledby': id('questions-h') },
    el('h3', { id: id('questions-h') }, `待确认（${questions.length}）：结论以此为前提`),
    el('ul', {}, questions.map((q) => el('li', { 'data-question': q.code },
      el('strong', {}, q.text),
      q.why ? el('span', { class: 'why' }, q.why) : null,
      actions?.onAsk && ASKABLE.has(q.code)
        ? el('button', { type: 'button', class: 'link no-print', onclick: () => actions.onAsk(q.code) }, '去填写')
        : null))));
}

/** The outcome for each party (the penalty article sets a range for each): show both and ask. */
function byParty(parties, actions, id) {
  return el('section', { class: 'block by-party', id: id('by-party') },
    el('h3', {}, '当事人类型未确定：个人与单位的结果'),
    el('table', {},
      el('caption', { class: 'visually-hidden' }, '按当事人类型的裁量结果'),
      el('thead', {}, el('tr', {}, ['当事人', '裁量结论', '罚款', '法定幅度', ''].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, parties.map((p) => el('tr', { 'data-party': p.party },
        el('th', { scope: 'row' }, p.partyZh),
        el('td', {}, tierBadge(p.tier, p.tierZh)),
        el('td', {}, p.fine),
        el('td', {}, p.legal),
        el('td', {}, actions?.onParty
          ? el('button', { type: 'button', class: 'secondary no-print', 'data-party': p.party, onclick: () => actions.onParty(p.party) },
            `当事人是${p.partyZh}`)
          : null))))));
}

/** The discretionary outcomes the law allows (可以): the officer decides, the page never does. */
function optionsBlock(options, actions, id) {
  return el('section', { class: 'block options', id: id('options') },
    el('h3', {}, '可选择的裁量（由执法人员决定）'),
    options.map((o) => el('div', { class: 'option', 'data-ground': o.ground },
      el('p', {}, el('strong', {}, o.title)),
      o.text ? el('p', {}, o.text) : null,
      o.citation ? el('p', { class: 'muted' }, '依据：', citation(o.citation)) : null,
      el('p', {}, '适用后：', tierBadge(o.tier, o.tierZh)),
      actions?.onChoose
        ? el('div', { class: 'actions no-print' }, el('button', {
          type: 'button', class: 'primary', id: id(`apply-${o.ground}`), 'data-ground': o.ground,
          'aria-label': `适用：${o.title}`, onclick: () => actions.onChoose(o.ground),
        }, `适用此项（${o.tierZh}）`))
        : null)));
}

export function reasonsList(reasons) {
  return el('ol', { class: 'reasons' }, (reasons ?? []).map((x) =>
    el('li', { 'data-step': x.step }, el('span', { class: 'step' }, stepText(x)), '：', x.text,
      x.citation ? [' （', citation(x.citation), '）'] : null)));
}

function evaluations(d) {
  const chosen = chosenWhen(d);
  const box = el('section', { class: 'block evals' },
    el('h3', {}, '从旧兼从轻：两种规定下的结果（行政处罚法第三十七条）'));
  const pair = el('div', { class: 'eval-pair' });
  for (const e of d.evaluations) {
    const isChosen = e.when === chosen;
    pair.append(el('article', { class: `eval${isChosen ? ' chosen' : ''}`, 'data-when': e.when },
      el('h4', {}, WHEN_ZH[e.when] ?? '',
        isChosen ? el('span', { class: 'chosen-mark' }, '✓ 已适用') : el('span', { class: 'muted' }, '未适用')),
      el('p', { class: 'muted' }, regimePeriod(e.regime_from, e.regime_until)),
      el('p', {}, tierBadge(e.tier, tierZh(e.tier))),
      el('dl', {},
        row('罚款', isNoPenalty(e.tier) ? '不予罚款' : formatBand(e.fine, '不处罚款')),
        row('法定幅度', formatBand(e.legal_fine, '未设定罚款幅度'))),
      el('ul', { class: 'citations' }, (e.citations ?? []).map((c) => el('li', {}, citation(c)))),
      reasonsList(e.reasons)));
  }
  box.append(pair);
  return box;
}
