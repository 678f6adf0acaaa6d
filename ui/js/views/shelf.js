// 库管理 (in 关于): the library in use and the lists it follows; a signed pack imported from a
// file — verified, its changes shown, then switched on; the packs on this computer and the
// built-in library to go back to; the public keys the administrator trusts. After a switch the
// page is loaded again, so every view shows the new library.
import { api, errorText } from '../api.js';
import { el, fill } from '../dom.js';
import { changeLines, inUseLine, listLine, packRow } from '../shelf-logic.js';

export default function shelfSection() {
  const status = el('p', { id: 'shelf-status', class: 'status', role: 'status', 'aria-live': 'polite' });
  const current = el('div', { id: 'shelf-current' });
  const packPath = el('input', { id: 'pack-path', autocomplete: 'off', placeholder: '签名库包（.clpack）的路径' });
  const keyPath = el('input', { id: 'key-path', autocomplete: 'off', placeholder: '公钥文件（.pub）的路径' });
  const inspection = el('div', { id: 'pack-inspection', class: 'notice', hidden: true });
  const packs = el('div', { id: 'shelf-packs' });
  const keys = el('div', { id: 'shelf-keys' });
  let pinned = false;

  const say = (text, error = false) => {
    status.textContent = text;
    status.classList.toggle('error', error);
  };
  const choose = async (kind, input) => {
    try {
      const p = await api.shelfChooseFile(kind);
      if (p) input.value = p;
    } catch (e) { say(errorText(e), true); }
  };

  const root = el('section', { class: 'shelf', 'aria-labelledby': 'shelf-h' },
    el('h3', { id: 'shelf-h' }, '库管理'),
    current,
    el('h4', {}, '导入签名库包'),
    el('p', { class: 'muted' }, '本机关签发的库包（cailiang rules pack 生成）。导入前核验签名和每个文件，并列出与当前库相比的变化。'),
    el('div', { class: 'row-inline' }, packPath,
      el('button', { type: 'button', class: 'secondary', onclick: () => choose('pack', packPath) }, '选择文件…'),
      el('button', { type: 'button', id: 'pack-inspect', class: 'primary', onclick: inspect }, '核验')),
    inspection,
    el('h4', {}, '本机的库'),
    packs,
    el('h4', {}, '受信任的公钥（由管理员添加）'),
    keys,
    el('div', { class: 'row-inline' }, keyPath,
      el('button', { type: 'button', class: 'secondary', onclick: () => choose('key', keyPath) }, '选择文件…'),
      el('button', { type: 'button', id: 'key-add', class: 'secondary', onclick: addKey }, '添加公钥')),
    status);

  function show(v) {
    pinned = v.pinned;
    fill(current,
      v.warning ? el('p', { class: 'error', role: 'alert' }, v.warning) : null,
      v.shelf_problem ? el('p', { class: 'error', role: 'alert' }, v.shelf_problem) : null,
      el('p', {}, '正在使用：', el('strong', { id: 'shelf-in-use' }, inUseLine(v))),
      v.pinned ? el('p', { class: 'warn' }, '本机的库由管理员以环境变量指定，不能在此切换。') : null,
      v.lists.length
        ? el('details', {}, el('summary', {}, `依据的清单（${v.lists.length} 份）`),
          el('ul', { class: 'lists' }, v.lists.map((l) => el('li', {}, listLine(l)))))
        : null);
    const rows = v.packs.map(packRow);
    fill(packs, el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, ['库', '签发密钥', '签发日期', '状态', ''].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {},
        el('tr', {}, el('td', {}, '程序内置参考库'), el('td', {}, '—'), el('td', {}, '—'),
          el('td', {}, v.pack ? '可切换' : '使用中'),
          el('td', {}, v.pack && !pinned ? el('button', { type: 'button', id: 'use-builtin', class: 'secondary', onclick: () => switchTo(null) }, '改用内置库') : null)),
        rows.map((r) => el('tr', { 'data-file': r.file },
          el('td', {}, r.version), el('td', {}, el('code', {}, r.signer)), el('td', {}, r.created), el('td', {}, r.state),
          el('td', {}, r.usable && !pinned ? el('button', { type: 'button', class: 'secondary', onclick: () => switchTo(r.file) }, '切换到此库') : null))))));
    fill(keys, v.keys.length
      ? el('ul', {}, v.keys.map((k) => el('li', {}, el('code', {}, k.id), ' ',
        el('button', { type: 'button', class: 'link', onclick: () => removeKey(k.id) }, '移除'))))
      : el('p', { class: 'muted' }, '尚未添加公钥：导入库包前，管理员需先添加本机关的公钥。'));
  }

  async function render() {
    try { show(await api.shelfView()); } catch (e) { say(`无法读取库管理信息：${errorText(e)}`, true); }
  }

  async function inspect() {
    inspection.hidden = true;
    const path = packPath.value.trim();
    if (!path) { say('请先选择库包文件', true); packPath.focus(); return; }
    say('正在核验…');
    try {
      const seen = await api.shelfInspect(path);
      fill(inspection,
        el('ul', {}, changeLines(seen).map((l) => el('li', {}, l))),
        pinned ? null : el('div', { class: 'actions' },
          el('button', { type: 'button', id: 'pack-install', class: 'primary', onclick: () => install(path) }, '导入并切换到此库'),
          el('button', { type: 'button', class: 'secondary', onclick: () => { inspection.hidden = true; say(''); } }, '取消')));
      inspection.hidden = false;
      say('✓ 核验通过，请查看变化后决定是否切换');
    } catch (e) { say(errorText(e), true); }
  }

  /** After a switch every view must show the new library: the page is loaded again. */
  const reload = () => globalThis.location?.reload();

  async function install(path) {
    say('正在导入…');
    try { await api.shelfInstall(path); say('✓ 已切换，正在重新载入…'); reload(); } catch (e) { say(errorText(e), true); }
  }

  async function switchTo(file) {
    say('正在切换…');
    try { await api.shelfUse(file); say('✓ 已切换，正在重新载入…'); reload(); } catch (e) { say(errorText(e), true); }
  }

  async function addKey() {
    const path = keyPath.value.trim();
    if (!path) { say('请先选择公钥文件', true); keyPath.focus(); return; }
    try { show(await api.shelfAddKey(path)); keyPath.value = ''; say('✓ 已添加公钥'); } catch (e) { say(errorText(e), true); }
  }

  async function removeKey(id) {
    try { show(await api.shelfRemoveKey(id)); say(`已移除公钥 ${id}；用它签发的库包不能再切换`); } catch (e) { say(errorText(e), true); }
  }

  return { root, render };
}
