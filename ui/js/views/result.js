// The result card of a decision (裁量 view, reopened records): tier in words and colour, fine,
// legal range, measures, citations, reasons, notes, the transfer warning, both evaluations under
// 从旧兼从轻, the 说理 paragraph with 复制 and 打印, and the receipt.
import { el, row, tierBadge, citation, copyText, printOnly } from '../dom.js';
import { formatBand, formatDate, joinZh, tierZh } from '../format.js';
import {
  chosenWhen, fineText, groundsText, legalRangeText, receiptLine, regimePeriod, visibleNotes, WHEN_ZH,
} from '../decision.js';

/**
 * @param d a Decision
 * @param opts.hooks  give the stable ids (#tier, #fine, #reasoning, #copy-reasoning)
 * @param opts.factZh code -> Chinese
 * @param opts.extra  nodes to show under the header (e.g. a record's officer tier)
 */
export function renderResult(d, { hooks = true, factZh = (c) => c, extra = null } = {}) {
  const id = (name) => (hooks ? name : null);
  const card = el('article', { class: 'result-card', 'aria-label': '裁量结果' });

  if (d.transfer) {
    const note = (d.notes ?? []).find((n) => n.code === 'transfer');
    card.append(el('div', { class: 'transfer-alert', role: 'alert' },
      el('strong', {}, '⚠ 涉嫌犯罪，应当移送司法机关（行刑衔接）'),
      note ? el('p', {}, note.text) : null));
  }

  card.append(el('header', { class: 'result-head' },
    el('p', { class: 'result-tier' }, el('span', { class: 'label' }, '裁量结论'),
      tierBadge(d.tier, d.tier_zh || tierZh(d.tier), { id: id('tier') })),
    el('p', { class: 'result-item' }, `${d.item?.id ?? ''}　${d.item?.violation ?? ''}`),
    d.grounds?.length ? el('p', { class: 'grounds' }, `不予处罚的根据：${groundsText(d.grounds)}`) : null,
    extra));

  const facts = d.receipt?.facts ?? [];
  card.append(el('dl', { class: 'result-facts' },
    row('罚款', el('span', { id: id('fine'), class: 'fine' }, fineText(d))),
    row('法定幅度', legalRangeText(d)),
    row('处罚种类', d.tier === 'exempt' ? '不予处罚' : joinZh(d.kinds)),
    row('措施', joinZh(d.measures)),
    d.follow_up?.length ? row('后续', joinZh(d.follow_up)) : null,
    row('情节', facts.length ? facts.map(factZh).join('、') : '未选择情节')));

  if ((d.evaluations ?? []).length >= 2) card.append(evaluations(d));

  card.append(el('section', { class: 'block' }, el('h3', {}, '法律依据'),
    el('ul', { class: 'citations' }, (d.citations ?? []).map((c) => el('li', {}, citation(c))))));

  card.append(el('section', { class: 'block' }, el('h3', {}, '裁量过程'), reasonsList(d.reasons)));

  const notes = visibleNotes(d);
  if (notes.length) {
    card.append(el('section', { class: 'block notes' }, el('h3', {}, '提示'),
      el('ul', {}, notes.map((n) => el('li', {}, n.text)))));
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
  print.addEventListener('click', () => printOnly(card));
  card.append(el('section', { class: 'block reasoning-block' },
    el('h3', {}, '说理'),
    el('p', { class: 'reasoning', id: id('reasoning') }, d.reasoning),
    el('div', { class: 'actions no-print' }, copy, print, status)));

  const r = d.receipt;
  if (r) {
    card.append(el('footer', { class: 'receipt' },
      el('span', {}, `回执：${receiptLine(r)}`),
      el('span', {}, `违法日期 ${formatDate(r.occurred)} · 决定日期 ${formatDate(r.decided)}`)));
  }
  return card;
}

export function reasonsList(reasons) {
  return el('ol', { class: 'reasons' }, (reasons ?? []).map((x) =>
    el('li', {}, x.text, x.citation ? [' （', citation(x.citation), '）'] : null)));
}

function evaluations(d) {
  const chosen = chosenWhen(d);
  const box = el('section', { class: 'block evals' },
    el('h3', {}, '从旧兼从轻：两种规定下的结果（行政处罚法第三十七条）'));
  const pair = el('div', { class: 'eval-pair' });
  for (const e of d.evaluations) {
    const isChosen = e.when === chosen;
    pair.append(el('article', { class: `eval${isChosen ? ' chosen' : ''}`, 'data-when': e.when },
      el('h4', {}, WHEN_ZH[e.when] ?? e.when,
        isChosen ? el('span', { class: 'chosen-mark' }, '✓ 已适用') : el('span', { class: 'muted' }, '未适用')),
      el('p', { class: 'muted' }, regimePeriod(e.regime_from, e.regime_until)),
      el('p', {}, tierBadge(e.tier, tierZh(e.tier))),
      el('dl', {},
        row('罚款', e.tier === 'exempt' ? '不予罚款' : formatBand(e.fine, '不处罚款')),
        row('法定幅度', formatBand(e.legal_fine, '未设定罚款幅度'))),
      el('ul', { class: 'citations' }, (e.citations ?? []).map((c) => el('li', {}, citation(c)))),
      reasonsList(e.reasons)));
  }
  box.append(pair);
  return box;
}
