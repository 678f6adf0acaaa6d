// 记录: the officer's saved decisions, newest first; reopen one (the saved decision with its
// receipt), delete one (after a confirm step), export all as CSV.
import { api, errorText } from '../api.js';
import { el, fill, row, tierBadge } from '../dom.js';
import { formatDateTime, shortHash } from '../format.js';
import { tierZh } from '../labels.js';
import {
  countText, exportMessage, newestFirst, penaltyText, recordChoice, recordRow,
} from '../records-logic.js';
import { renderResult } from './result.js';

export default function recordsView(app) {
  let records = [];
  let openId = null;

  const status = el('p', { id: 'records-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const exportStatus = el('p', { id: 'export-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const tbody = el('tbody');
  const table = el('table', { id: 'records', class: 'records' },
    el('caption', { class: 'visually-hidden' }, '已保存的裁量记录（最新在前）'),
    el('thead', {}, el('tr', {}, ['时间', '事项', '建议结论', '实际结论', '实际处罚', '案件编号', '操作'].map((h) => el('th', { scope: 'col' }, h)))),
    tbody);
  const detail = el('div', { id: 'record-detail', class: 'record-detail', 'aria-live': 'polite' });

  const root = el('section', { class: 'view view-records', 'aria-labelledby': 'records-h' },
    el('h2', { id: 'records-h', class: 'view-title', tabindex: '-1' }, '记录'),
    el('div', { class: 'toolbar no-print' },
      el('button', { type: 'button', id: 'refresh-records', class: 'secondary', onclick: () => refresh() }, '刷新'),
      el('button', { type: 'button', id: 'export-csv', class: 'primary', onclick: exportCsv }, '导出 CSV'),
      exportStatus),
    status,
    el('div', { class: 'table-wrap' }, table),
    detail);

  async function refresh() {
    try {
      records = newestFirst(await api.historyList(500));
      status.textContent = countText(records.length);
      render();
    } catch (e) {
      status.textContent = `无法读取记录：${errorText(e)}`;
    }
  }

  function render() {
    fill(tbody, records.map((r) => {
      const x = recordRow(r);
      const del = el('button', { type: 'button', class: 'delete danger', 'aria-label': `删除记录 ${r.id}` }, '删除');
      const cancel = el('button', { type: 'button', class: 'cancel-delete secondary', hidden: true }, '取消');
      del.addEventListener('click', () => {
        if (!del.classList.contains('confirming')) {
          del.classList.add('confirming');
          del.textContent = '确认删除？';
          del.setAttribute('aria-label', `确认删除记录 ${r.id}`);
          cancel.hidden = false;
          status.textContent = `再按一次“确认删除？”删除记录 ${r.id}，或按“取消”`;
          return;
        }
        remove(r.id);
      });
      cancel.addEventListener('click', () => {
        del.classList.remove('confirming');
        del.textContent = '删除';
        del.setAttribute('aria-label', `删除记录 ${r.id}`);
        cancel.hidden = true;
        status.textContent = countText(records.length);
        del.focus();
      });
      return el('tr', { 'data-id': r.id, class: r.id === openId ? 'open' : '' },
        el('td', {}, x.time),
        el('td', {}, x.item),
        el('td', {}, tierBadge(r.tier, x.suggested)),
        el('td', {}, x.departed || x.chose ? tierBadge(x.actualTier, x.actual) : x.actual),
        el('td', {}, x.penalty),
        el('td', {}, x.caseRef),
        el('td', { class: 'row-actions' },
          el('button', { type: 'button', class: 'reopen secondary', 'aria-label': `打开记录 ${r.id}`, onclick: () => reopen(r.id) }, '打开'),
          del, cancel));
    }));
  }

  async function reopen(id) {
    openId = id;
    render();
    fill(detail, el('p', { class: 'muted' }, '正在打开…'));
    try {
      const rec = await api.historyGet(id);
      if (openId !== id) return;
      if (!rec) { fill(detail, el('p', { class: 'error' }, `记录 ${id} 不存在`)); return; }
      const info = await app.info.catch(() => null);
      const choice = recordChoice(rec);
      const extra = el('dl', { class: 'kv record-meta' },
        row('保存时间', formatDateTime(rec.saved_at)),
        row(choice.chosen.length ? '裁量结论（含执法人员的选择）' : '建议结论', tierBadge(rec.tier, tierZh(rec.tier))),
        row('实际结论', rec.officer_tier ? tierBadge(rec.officer_tier, tierZh(rec.officer_tier)) : choice.chosen.length ? '同上' : '同建议'),
        choice.chosen.length ? row('执法人员选择', choice.chosen.join('；')) : null,
        choice.reason ? row(choice.reasonLabel, choice.reason) : null,
        row('实际处罚', penaltyText(rec)),
        row('案件编号', rec.case_ref || '—'),
        rec.unit ? row('执法单位', rec.unit) : null,
        rec.note ? row('备注', rec.note) : null,
        row('规则版本', `${rec.rules_version} · 库哈希 ${shortHash(rec.library_hash)}`));
      const stale = info && info.version !== rec.rules_version
        ? el('p', { class: 'warn' }, `此记录依据规则版本 ${rec.rules_version}，当前库为 ${info.version}；结论按保存时的规则。`)
        : null;
      fill(detail,
        el('div', { class: 'record-head' },
          el('h3', { id: 'record-title', tabindex: '-1' }, `记录 ${rec.id}：${rec.item_id}`),
          el('button', { type: 'button', class: 'secondary no-print', onclick: close }, '关闭（Esc）')),
        stale,
        rec.decision ? renderResult(rec.decision, { factZh: app.factZh, extra }) : [extra, el('p', { class: 'error' }, '记录中的裁量结果无法读取')]);
      detail.querySelector('#record-title')?.focus();
      detail.scrollIntoView?.({ block: 'start' });
    } catch (e) {
      fill(detail, el('p', { class: 'error', role: 'alert' }, `无法打开记录：${errorText(e)}`));
    }
  }

  function close() {
    const id = openId;
    openId = null;
    fill(detail);
    render();
    tbody.querySelector(`tr[data-id="${id}"] .reopen`)?.focus();
  }

  async function remove(id) {
    try {
      const ok = await api.historyDelete(id);
      if (openId === id) { openId = null; fill(detail); }
      await refresh();
      status.textContent = ok ? `已删除记录 ${id}；${countText(records.length)}` : `记录 ${id} 已不存在`;
    } catch (e) {
      status.textContent = `删除失败：${errorText(e)}`;
    }
  }

  async function exportCsv() {
    exportStatus.textContent = '正在导出…';
    try {
      exportStatus.textContent = exportMessage(await api.historyExportCsv());
    } catch (e) {
      exportStatus.textContent = `导出失败：${errorText(e)}`;
    }
  }

  return {
    root,
    title: '记录',
    show() { refresh(); },
    focus: () => root.querySelector('#records-h').focus(),
    back() {
      if (openId !== null) { close(); return true; }
      return false;
    },
  };
}
