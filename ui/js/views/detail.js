// One item in full (查询 and 基准库): provisions with their gists, legal range, tier bands,
// escalations, exemption items with their conditions, and the sources (as users read them: the
// maintainers' notes in them, and the rule file, are not shown — provenance.js).
import { el, row, tierBadge, citation } from '../dom.js';
import { userSource } from '../provenance.js';
import { formatBand, formatFineRule, formatYuan, joinZh } from '../format.js';
import { tierZh } from '../labels.js';
import { regimePeriod } from '../decision.js';

const cites = (list) => (list?.length
  ? el('ul', { class: 'citations' }, list.map((c) => el('li', {}, citation(c))))
  : el('span', { class: 'muted' }, '—'));

/**
 * @param d        an ItemDetail
 * @param onDecide called by the 裁量 button (#to-decide)
 * @param onBack   called by the 返回 button (also Esc, handled by the view)
 * @param factZh   code -> Chinese
 */
export function renderDetail(d, { onDecide, onBack, factZh = (c) => c } = {}) {
  const s = d.summary;
  const facts = (xs) => joinZh((xs ?? []).map(factZh));
  const art = el('article', { class: 'detail', 'aria-labelledby': 'item-title' });

  art.append(el('header', { class: 'detail-head' },
    el('h2', { id: 'item-title', tabindex: '-1' }, el('span', { class: 'item-id' }, s.id), s.violation),
    el('p', { class: 'muted' }, [s.department_name, s.domain, d.category].filter(Boolean).join(' · '), ' ',
      s.exemption_items?.length ? el('span', { class: 'badge exempt-badge' }, `免罚清单 ${s.exemption_items.length} 项`) : null,
      d.health_safety ? el('span', { class: 'badge' }, '涉及公民生命健康安全') : null),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'to-decide', class: 'primary', onclick: () => onDecide?.(s.id) }, '裁量'),
      onBack ? el('button', { type: 'button', class: 'secondary', onclick: () => onBack() }, '返回（Esc）') : null)));

  if (d.aliases?.length) art.append(el('p', { class: 'aliases' }, `常见说法：${d.aliases.join('、')}`));
  if (s.not_minor) art.append(el('p', { class: 'warn' }, `本事项不属于“违法行为轻微”，不适用第三十三条第一款的轻微不罚：${s.not_minor}`));

  const n = d.regimes.length;
  d.regimes.forEach((r, i) => {
    const current = i === n - 1;
    const period = regimePeriod(r.from, r.until);
    const title = n > 1 ? `${current ? '现行规定' : '此前规定'}${period ? `（${period}）` : ''}` : '法律依据与处罚幅度';
    const dl = el('dl', { class: 'kv' },
      row('违反条款', cites(r.violated)),
      row('罚则', cites(r.penalty)),
      row('处罚种类', joinZh(r.kinds)),
      row('法定罚款', r.fine_text || formatBand(r.legal_fine)),
      r.fine_requires?.length ? row('罚款前提', `具有“${facts(r.fine_requires)}”情节的方可罚款`) : null,
      r.first_penalty?.length ? row('先行处罚', joinZh(r.first_penalty)) : null,
      row('措施', joinZh(r.measures)));
    const tiers = el('table', { class: 'tiers' },
      el('caption', {}, '裁量档次'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, '档次'), el('th', { scope: 'col' }, '罚款'),
        el('th', { scope: 'col' }, '适用情节'), el('th', { scope: 'col' }, '说明'))),
      el('tbody', {}, r.tiers.map((t) => el('tr', {},
        el('td', {}, tierBadge(t.tier, tierZh(t.tier))),
        el('td', {}, formatBand(t.fine, '—')),
        el('td', {}, t.when?.length ? facts(t.when) : '—'),
        el('td', {}, userSource(t.note) || (t.published ? '公布的裁量基准' : '按裁量政策划分法定幅度'))))));
    const esc = r.escalations?.length
      ? el('div', {}, el('h4', {}, '加重情形'), el('ul', {}, r.escalations.map((e) => el('li', {},
        `具有“${facts(e.when)}”情节的：${formatFineRule(e.fine, s.amount_label)}`,
        e.kinds?.length ? `；另处${joinZh(e.kinds)}` : '',
        userSource(e.note) ? el('span', { class: 'muted' }, `（${userSource(e.note)}）`) : null))))
      : null;
    art.append(el('section', { class: `regime${current ? ' current' : ''}` }, el('h3', {}, title), dl, tiers, esc));
  });

  if (d.exemptions?.length) {
    art.append(el('section', { class: 'exemptions' }, el('h3', {}, `免罚事项（${d.exemptions.length}）`),
      d.exemptions.map((e) => el('div', { class: 'exemption' },
        el('h4', {}, el('span', { class: 'badge exempt-badge' }, e.list_type || '免罚清单'),
          ` ${e.list_title} 第${e.number}项（${e.id}）`),
        el('dl', { class: 'kv' },
          row('适用条件', joinZh(e.conditions_zh)),
          e.conditions_text ? row('条件说明', e.conditions_text) : null,
          e.excluded_if?.length ? row('排除情形', facts(e.excluded_if)) : null,
          e.max_amount != null ? row('金额上限', `${formatYuan(e.max_amount)} 元`) : null,
          e.max_gain != null ? row('违法所得上限', `${formatYuan(e.max_gain)} 元`) : null,
          row('措施', joinZh(e.measures)),
          e.follow_up?.length ? row('后续', joinZh(e.follow_up)) : null,
          e.doc_number ? row('文号', e.doc_number) : null,
          row('依据', userSource(e.provenance) || '—'))))));
  }

  art.append(el('section', { class: 'provenance' }, el('h3', {}, '来源'),
    el('dl', { class: 'kv' },
      row('编写依据', userSource(d.provenance) || '—'),
      d.first_offense_rule ? row('首违认定口径', userSource(d.first_offense_rule)) : null)));
  return art;
}
