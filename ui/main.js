// The lookup view: search as you type, open an item, tick the circumstances, see the guidance.
const { invoke } = window.__TAURI__.core;
const $ = (s) => document.querySelector(s);
const TIER_ZH = { exempt: '不予处罚', mitigated: '减轻处罚', light: '从轻处罚', standard: '一般处罚', heavy: '从重处罚' };
let hits = [], selected = -1, current = null, timer = null;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function yuan(b) {
  if (!b) return '—';
  const f = (x) => Number.isInteger(x) ? x.toLocaleString('zh-CN') : x.toFixed(2);
  return b.min_yuan <= 0 ? `${f(b.max_yuan)} 元以下` : `${f(b.min_yuan)} 元至 ${f(b.max_yuan)} 元`;
}

async function runSearch() {
  const q = $('#q').value.trim();
  if (!q) { $('#results').replaceChildren(); $('#status').textContent = ''; return; }
  try {
    hits = await invoke('search', { query: q, limit: 20 });
  } catch (e) { $('#status').textContent = `检索出错：${e}`; return; }
  selected = hits.length ? 0 : -1;
  $('#status').textContent = hits.length ? `共 ${hits.length} 条结果` : '没有找到相符的事项，请换个说法';
  renderHits();
}

function renderHits() {
  $('#results').replaceChildren(...hits.map((h, i) => {
    const li = el('li', { class: 'result', role: 'option', 'aria-selected': String(i === selected), tabindex: '-1' });
    li.append(el('div', {}, `${h.id}　${h.violation}`));
    const meta = el('div', { class: 'muted' }, `${h.department_name} · ${h.domain}`);
    if (h.exempt_item) meta.append(el('span', { class: 'tag' }, '免罚清单'));
    if (h.matched_synonyms.length) meta.append(` · 同义词：${h.matched_synonyms.join('、')}`);
    li.append(meta);
    li.addEventListener('click', () => { selected = i; open(h.id); });
    return li;
  }));
}

function facts() { return [...document.querySelectorAll('#facts input:checked')].map((x) => x.value); }

async function open(id) {
  current = id;
  renderHits();
  $('#detail').hidden = false;
  const h = hits.find((x) => x.id === id);
  $('#item-title').textContent = `${id}　${h ? h.violation : ''}`;
  $('#item-meta').textContent = h ? `${h.department_name} · 处罚依据：${h.basis.join('；') || '—'}` : '';
  await decide();
}

async function decide() {
  if (!current) return;
  const req = { item: current, facts: facts(), amount: $('#amount').value, gain: $('#gain').value,
                occurred: $('#occurred').value, decided: $('#decided').value };
  let d;
  try { d = await invoke('decide', { req }); } catch (e) { $('#result').textContent = `无法裁量：${e}`; return; }
  const out = [];
  out.push(el('p', {}, el('span', { class: `tier tier-${d.tier}`, id: 'tier' }, TIER_ZH[d.tier])));
  if (d.transfer) out.push(el('p', { class: 'transfer', role: 'alert' }, '涉嫌犯罪：应当移送司法机关（行刑衔接）'));
  out.push(el('p', {}, `罚款：${yuan(d.fine)}　法定幅度：${yuan(d.legal_range)}`));
  out.push(el('p', {}, `措施：${d.measures.join('、') || '—'}`));
  out.push(el('ul', {}, ...d.citations.map((c) => el('li', { title: c.gist }, `《${c.law}》${c.article}`))));
  out.push(el('ol', {}, ...d.reasons.map((r) => el('li', {}, r.text))));
  out.push(el('h3', {}, '说理'), el('div', { class: 'reasoning', id: 'reasoning' }, d.reasoning));
  out.push(el('p', { class: 'muted' }, `规则 ${d.rules_version} · 库 ${d.receipt.library_hash.slice(0, 12)}`));
  $('#result').replaceChildren(...out);
}

document.addEventListener('keydown', (e) => {
  if ((e.key === '/' && document.activeElement !== $('#q')) || (e.key === 'k' && e.ctrlKey)) { e.preventDefault(); $('#q').focus(); }
  else if (document.activeElement === $('#q') && hits.length) {
    if (e.key === 'ArrowDown') { e.preventDefault(); selected = Math.min(hits.length - 1, selected + 1); renderHits(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); selected = Math.max(0, selected - 1); renderHits(); }
    else if (e.key === 'Enter') { e.preventDefault(); if (selected >= 0) open(hits[selected].id); }
  }
  if (e.key === 'Escape') { $('#detail').hidden = true; current = null; $('#q').focus(); }
});
$('#search-form').addEventListener('submit', (e) => { e.preventDefault(); runSearch(); });
$('#q').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(runSearch, 150); });
for (const id of ['#amount', '#gain', '#occurred', '#decided']) $(id).addEventListener('change', decide);

invoke('library_info').then((info) => {
  $('#lib-info').textContent = `规则 ${info.version} · ${info.stats.benchmarks} 项基准 · ${info.stats.exemption_items} 项免罚`;
  $('#facts').replaceChildren(...info.facts.map(([code, zh]) => {
    const box = el('input', { type: 'checkbox', value: code, id: `f-${code}` });
    box.addEventListener('change', decide);
    return el('label', { for: `f-${code}` }, box, ` ${zh}`);
  }));
});
$('#q').focus();
