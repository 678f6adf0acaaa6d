// 查询: describe the violation, results as you type (↑ ↓ Enter), open an item's detail, go to 裁量.
import { api, errorText } from '../api.js';
import { el, fill } from '../dom.js';
import { moveSelection } from '../keys.js';
import { renderDetail } from './detail.js';
import { searchStatus } from '../search-logic.js';

const EXAMPLES = ['超市商品没贴价签', '餐馆员工没有健康证', '禁渔期偷偷下网捕鱼', '工地扬尘没有覆盖'];

export default function lookupView(app) {
  let hits = [];
  /** Whether hit 1 of the last search is a confident match (the core's rule). */
  let confident = false;
  let selected = -1;
  let timer = null;
  let seq = 0;
  let searching = Promise.resolve();
  let openId = null;

  const q = el('input', {
    id: 'q', type: 'search', autocomplete: 'off', spellcheck: 'false',
    role: 'combobox', 'aria-autocomplete': 'list', 'aria-controls': 'results', 'aria-expanded': 'false',
    placeholder: '例如：超市商品没贴价签（按 / 或 Ctrl+K 回到这里）',
  });
  const domain = el('select', { id: 'q-domain' }, el('option', { value: '' }, '全部领域'));
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const results = el('ul', { id: 'results', role: 'listbox', 'aria-label': '检索结果' });
  const examples = el('div', { class: 'examples' });
  const detail = el('div', { class: 'pane-detail', 'aria-live': 'polite' });

  const root = el('section', { class: 'view view-lookup', 'aria-labelledby': 'lookup-h' },
    el('h2', { id: 'lookup-h', class: 'view-title', tabindex: '-1' }, '查询'),
    el('form', { id: 'search-form', role: 'search', class: 'search-bar', onsubmit: (e) => { e.preventDefault(); openSelected(); } },
      el('div', { class: 'field grow' }, el('label', { for: 'q' }, '用一句话描述违法行为'), q),
      el('div', { class: 'field' }, el('label', { for: 'q-domain' }, '领域'), domain)),
    status,
    el('div', { class: 'split' },
      el('div', { class: 'pane-list' }, results, examples),
      detail));

  app.info.then((info) => {
    domain.append(...info.domains.map((d) => el('option', { value: d }, d)));
  }).catch(() => {});

  fill(examples, el('p', { class: 'muted' }, '试试：'),
    EXAMPLES.map((x) => el('button', { type: 'button', class: 'link', onclick: () => { q.value = x; q.focus(); searching = runSearch(); } }, x)));
  placeholder();

  function placeholder() {
    fill(detail, el('p', { class: 'muted empty' }, '选择一条结果查看事项详情：↑ ↓ 选择，Enter 打开，Esc 返回。'));
  }

  async function runSearch() {
    clearTimeout(timer);
    timer = null;
    const text = q.value.trim();
    const mine = ++seq;
    if (!text) {
      hits = [];
      selected = -1;
      status.textContent = '';
      examples.hidden = false;
      renderHits();
      return;
    }
    examples.hidden = true;
    // A new search clears the item shown for the previous one.
    if (openId) {
      openId = null;
      placeholder();
    }
    try {
      const found = await api.search(text, { limit: 20, domain: domain.value });
      if (mine !== seq) return;
      const st = searchStatus(found);
      hits = st.shown;
      confident = st.confident;
      selected = hits.length ? 0 : -1;
      status.textContent = st.text;
      status.classList.toggle('uncertain', !confident);
      renderHits();
    } catch (e) {
      if (mine === seq) status.textContent = `检索出错：${errorText(e)}`;
    }
  }

  function renderHits() {
    q.setAttribute('aria-expanded', String(hits.length > 0));
    fill(results, hits.map((h, i) => {
      const li = el('li', {
        class: `result${h.id === openId ? ' open' : ''}`, id: `hit-${i}`, role: 'option',
        'aria-selected': String(i === selected), 'data-id': h.id,
      },
      el('div', { class: 'hit-title' }, el('span', { class: 'item-id' }, h.id), h.violation),
      el('div', { class: 'hit-meta' },
        `${h.department_name} · ${h.domain}`,
        h.exempt_item ? el('span', { class: 'badge exempt-badge' }, h.exempt_items > 1 ? `免罚清单 ${h.exempt_items} 项` : '免罚清单') : null,
        h.matched_synonyms?.length ? el('span', { class: 'synonym' }, `同义词：${h.matched_synonyms.join('、')}`) : null),
      h.basis?.length ? el('div', { class: 'hit-basis' }, `依据：${h.basis.join('；')}`) : null);
      li.addEventListener('click', () => { selected = i; openItem(h.id); });
      return li;
    }));
    if (selected >= 0) {
      q.setAttribute('aria-activedescendant', `hit-${selected}`);
      results.children[selected]?.scrollIntoView?.({ block: 'nearest' });
    } else q.removeAttribute('aria-activedescendant');
  }

  async function openSelected() {
    if (timer) searching = runSearch();
    await searching;
    if (selected >= 0 && hits[selected]) openItem(hits[selected].id);
  }

  // Opening 裁量 on an item that was not a confident match asks first.
  function decideFrom(item) {
    const sure = confident && hits[0]?.id === item;
    if (sure) {
      app.show('decide', { item });
      return;
    }
    const go = el('button', { type: 'button', id: 'confirm-decide', onclick: () => app.show('decide', { item }) }, '已核对，继续裁量');
    const back = el('button', { type: 'button', class: 'secondary', onclick: () => warn.remove() }, '返回');
    const warn = el('div', { class: 'warning', role: 'alert', id: 'uncertain-decide' },
      el('p', {}, '该事项不是检索的确切匹配：请核对违法行为和依据是否与本案相符，必要时向法制机构确认。'),
      go, back);
    detail.prepend(warn);
    go.focus();
  }

  async function openItem(id, { focus = true } = {}) {
    openId = id;
    renderHits();
    fill(detail, el('p', { class: 'muted' }, '正在载入…'));
    try {
      const d = await api.itemDetail(id);
      if (openId !== id) return;
      fill(detail, renderDetail(d, {
        factZh: app.factZh,
        onDecide: decideFrom,
        onBack: closeDetail,
      }));
      if (focus) detail.querySelector('#item-title')?.focus();
    } catch (e) {
      fill(detail, el('p', { class: 'error', role: 'alert' }, `无法打开事项：${errorText(e)}`));
    }
  }

  // Results appear this long after the last keystroke (search itself takes well under a
  // millisecond), so the list settles within 100 ms of typing stopping without flickering on
  // every character.
  const TYPING_PAUSE_MS = 60;

  function closeDetail() {
    openId = null;
    placeholder();
    renderHits();
    q.focus();
  }

  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { searching = runSearch(); }, TYPING_PAUSE_MS);
  });
  domain.addEventListener('change', () => { searching = runSearch(); });
  q.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      openSelected();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      selected = moveSelection(selected, e.key === 'ArrowDown' ? 1 : -1, hits.length);
      renderHits();
    }
  });

  return {
    root,
    title: '查询',
    focus: () => q.focus(),
    focusSearch: () => { q.focus(); q.select(); },
    back() {
      if (openId) { closeDetail(); return true; }
      if (document.activeElement !== q) { q.focus(); return true; }
      return false;
    },
  };
}
