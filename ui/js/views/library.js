// 基准库: browse the items by department and domain, optionally only those on an exemption list,
// narrowed as you type (id, violation, department); the departments as a tree of collapsible
// branches; the items shown saved as CSV; selecting one shows the same detail as 查询.
import { api, errorText } from '../api.js';
import { el, fill, field } from '../dom.js';
import { formatDate } from '../format.js';
import { userSource } from '../provenance.js';
import { saveText } from '../save.js';
import * as lib from '../library-logic.js';
import { renderDetail } from './detail.js';

export default function libraryView(app) {
  let items = [];
  let openId = null;
  let seq = 0;
  let departments = [];
  let shownItems = [];
  // The department branches the user opened (kept across refreshes and filters).
  const opened = new Set();

  const dept = el('select', { id: 'lib-department' }, el('option', { value: '' }, '全部部门'));
  const domain = el('select', { id: 'lib-domain' }, el('option', { value: '' }, '全部领域'));
  const exemptOnly = el('input', { type: 'checkbox', id: 'lib-exempt-only' });
  const filter = el('input', { id: 'lib-filter', type: 'search', autocomplete: 'off', placeholder: '编号、违法行为或部门' });
  const exportBtn = el('button', { type: 'button', id: 'lib-export', class: 'secondary', onclick: exportCsv }, '导出 CSV');
  const exportStatus = el('p', { id: 'lib-export-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const filterNote = el('p', { id: 'lib-filter-note', class: 'status', role: 'status', 'aria-live': 'polite' });
  const counts = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const deptInfo = el('div', { class: 'dept-info' });
  const list = el('ul', { id: 'items', class: 'item-list', 'aria-label': '事项列表' });
  const detail = el('div', { class: 'pane-detail', 'aria-live': 'polite' });

  const root = el('section', { class: 'view view-library', 'aria-labelledby': 'library-h' },
    el('h2', { id: 'library-h', class: 'view-title', tabindex: '-1' }, '基准库'),
    el('div', { class: 'filters' }, field('筛选', filter), field('部门', dept), field('领域', domain),
      el('label', { for: 'lib-exempt-only', class: 'check' }, exemptOnly, ' 仅显示免罚事项'),
      el('div', { class: 'field no-print export-field' }, exportBtn, exportStatus)),
    el('div', { class: 'status-row' }, counts, filterNote), deptInfo,
    el('div', { class: 'split' }, el('div', { class: 'pane-list' }, list), detail));

  for (const x of [dept, domain, exemptOnly]) x.addEventListener('change', refresh);
  filter.addEventListener('input', renderList);
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    // The branch heads and the items of the open branches, as they are seen.
    const buttons = [...list.querySelectorAll('summary, details[open] > ul button')];
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
      el('p', {}, `首违认定口径：${userSource(d.first_offense_rule) || '—'}`),
      el('ul', {}, d.lists.map((l) => el('li', {},
        el('strong', {}, l.title), `（${l.list_type}${l.doc_number ? `，${l.doc_number}` : ''}；${formatDate(l.effective)}起${l.until ? `，至${formatDate(l.until)}` : ''}）`,
        el('br'), el('span', { class: 'muted' }, userSource(l.provenance))))));
  }

  function renderList() {
    shownItems = lib.filterItems(items, filter.value);
    const groups = lib.groupByDepartment(shownItems);
    const filtering = Boolean(filter.value.trim());
    exportBtn.disabled = !shownItems.length;
    fill(list, groups.length ? groups.map((g) => branch(g, filtering, groups.length))
      : el('li', { class: 'muted empty' }, filtering ? `没有符合“${filter.value.trim()}”的事项` : '没有事项'));
    filterNote.textContent = filtering ? lib.shownText(shownItems.length, items.length) : '';
  }

  function branch(g, filtering, n) {
    const isOpen = lib.branchOpen(g.code, { filtering, groups: n, opened }) || g.items.some((x) => x.id === openId);
    const det = el('details', { class: 'dept-branch', open: isOpen, 'data-dept': g.code },
      el('summary', {}, g.name, el('span', { class: 'muted' }, `（${g.items.length} 项）`)),
      el('ul', { class: 'branch-items' }, g.items.map(itemLi)));
    // What the user opens or closes stays so; the branches a filter opened do not count.
    det.addEventListener('toggle', () => {
      if (filter.value.trim()) return;
      if (det.open) opened.add(g.code);
      else opened.delete(g.code);
    });
    return el('li', { class: 'dept-node' }, det);
  }

  function itemLi(x) {
    return el('li', { class: `item${x.id === openId ? ' open' : ''}`, 'data-id': x.id },
      el('button', { type: 'button', class: 'item-button', 'aria-current': x.id === openId ? 'true' : null, onclick: () => open(x.id) },
        el('span', { class: 'item-id' }, x.id), x.violation,
        x.exemption_items.length ? el('span', { class: 'badge exempt-badge' }, '免罚清单') : null));
  }

  async function exportCsv() {
    exportStatus.textContent = '正在导出…';
    try {
      exportStatus.textContent = await saveText('基准库事项', 'csv', lib.itemsCsv(shownItems));
    } catch (e) {
      exportStatus.textContent = `导出失败：${errorText(e)}`;
    }
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
