// 基准库: browse the items by department and domain, optionally only those on an exemption list;
// selecting one shows the same detail as 查询.
import { api, errorText } from '../api.js';
import { el, fill, field } from '../dom.js';
import { formatDate } from '../format.js';
import { renderDetail } from './detail.js';

export default function libraryView(app) {
  let items = [];
  let openId = null;
  let seq = 0;
  let departments = [];

  const dept = el('select', { id: 'lib-department' }, el('option', { value: '' }, '全部部门'));
  const domain = el('select', { id: 'lib-domain' }, el('option', { value: '' }, '全部领域'));
  const exemptOnly = el('input', { type: 'checkbox', id: 'lib-exempt-only' });
  const counts = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const deptInfo = el('div', { class: 'dept-info' });
  const list = el('ul', { id: 'items', class: 'item-list', 'aria-label': '事项列表' });
  const detail = el('div', { class: 'pane-detail', 'aria-live': 'polite' });

  const root = el('section', { class: 'view view-library', 'aria-labelledby': 'library-h' },
    el('h2', { id: 'library-h', class: 'view-title', tabindex: '-1' }, '基准库'),
    el('div', { class: 'filters' }, field('部门', dept), field('领域', domain),
      el('label', { for: 'lib-exempt-only', class: 'check' }, exemptOnly, ' 仅显示免罚事项')),
    counts, deptInfo,
    el('div', { class: 'split' }, el('div', { class: 'pane-list' }, list), detail));

  for (const x of [dept, domain, exemptOnly]) x.addEventListener('change', refresh);
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...list.querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement);
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) { e.preventDefault(); next.focus(); }
  });
  placeholder();

  let started = false;
  async function start() {
    if (started) return;
    started = true;
    try {
      const [info, deps] = await Promise.all([app.info, api.departments()]);
      departments = deps;
      domain.append(...info.domains.map((d) => el('option', { value: d }, d)));
      dept.append(...deps.map((d) => el('option', { value: d.code },
        `${d.name}（${d.benchmarks} 项基准，${d.exemption_items} 项免罚）`)));
    } catch (e) {
      counts.textContent = `无法读取部门：${errorText(e)}`;
    }
    refresh();
  }

  function placeholder() {
    fill(detail, el('p', { class: 'muted empty' }, '从左侧列表选择一个事项查看详情。'));
  }

  async function refresh() {
    const mine = ++seq;
    const d = departments.find((x) => x.code === dept.value);
    fill(deptInfo, d ? departmentInfo(d) : null);
    try {
      const found = await api.items({ department: dept.value, domain: domain.value, exemptOnly: exemptOnly.checked });
      if (mine !== seq) return;
      items = found;
      const exempt = found.filter((x) => x.exemption_items.length).length;
      const listed = found.reduce((n, x) => n + x.exemption_items.length, 0);
      counts.textContent = `共 ${found.length} 项基准，其中 ${exempt} 项列入免罚清单（免罚事项 ${listed} 项）`;
      renderList();
    } catch (e) {
      if (mine === seq) counts.textContent = `无法读取事项：${errorText(e)}`;
    }
  }

  function departmentInfo(d) {
    return el('details', { class: 'dept' },
      el('summary', {}, `${d.name} · ${d.domain}：首违认定口径与清单`),
      el('p', {}, `首违认定口径：${d.first_offense_rule || '—'}`),
      el('ul', {}, d.lists.map((l) => el('li', {},
        el('strong', {}, l.title), `（${l.list_type}${l.doc_number ? `，${l.doc_number}` : ''}；${formatDate(l.effective)}起${l.until ? `，至${formatDate(l.until)}` : ''}）`,
        el('br'), el('span', { class: 'muted' }, l.provenance)))));
  }

  function renderList() {
    fill(list, items.map((x) => el('li', { class: `item${x.id === openId ? ' open' : ''}`, 'data-id': x.id },
      el('button', { type: 'button', class: 'item-button', 'aria-current': x.id === openId ? 'true' : null, onclick: () => open(x.id) },
        el('span', { class: 'item-id' }, x.id), x.violation,
        x.exemption_items.length ? el('span', { class: 'badge exempt-badge' }, '免罚清单') : null))));
  }

  async function open(id) {
    openId = id;
    renderList();
    fill(detail, el('p', { class: 'muted' }, '正在载入…'));
    try {
      const d = await api.itemDetail(id);
      if (openId !== id) return;
      fill(detail, renderDetail(d, { factZh: app.factZh, onDecide: (item) => app.show('decide', { item }), onBack: close }));
      detail.querySelector('#item-title')?.focus();
    } catch (e) {
      fill(detail, el('p', { class: 'error', role: 'alert' }, `无法打开事项：${errorText(e)}`));
    }
  }

  function close() {
    const id = openId;
    openId = null;
    placeholder();
    renderList();
    list.querySelector(`li[data-id="${id}"] button`)?.focus();
  }

  return {
    root,
    title: '基准库',
    show() { start(); },
    focus: () => root.querySelector('#library-h').focus(),
    back() {
      if (openId) { close(); return true; }
      return false;
    },
  };
}
