// 关于: what the library is (a reference library, not an official list), its version, hash and
// counts, where the officer's records are kept, and 库管理 (views/shelf.js).
import { api, errorText } from '../api.js';
import { el, fill, row } from '../dom.js';
import { meaningLine } from '../shelf-logic.js';
import shelfSection from './shelf.js';

export default function aboutView(app) {
  const body = el('div', { class: 'about' }, el('p', { class: 'muted' }, '正在读取…'));
  const shelf = shelfSection();
  const root = el('section', { class: 'view view-about', 'aria-labelledby': 'about-h' },
    el('h2', { id: 'about-h', class: 'view-title', tabindex: '-1' }, '关于裁量通'), body, shelf.root);

  // 词义检索 is asked again each second while the library prepares (a pack's own texts get their
  // vectors in the background), so the row does not keep the state of the moment the page loaded.
  const meaningCell = el('span', { id: 'meaning-status' }, '正在读取…');
  let poll = null;
  async function refreshMeaning() {
    clearTimeout(poll);
    poll = null;
    let line;
    try {
      line = meaningLine(await api.meaningStatus());
    } catch (e) {
      line = { text: `无法读取：${errorText(e)}`, preparing: false };
    }
    meaningCell.textContent = line.text;
    if (line.preparing && root.isConnected) poll = setTimeout(refreshMeaning, 1000);
  }

  async function render() {
    refreshMeaning();
    try {
      const info = await app.info;
      const s = info.stats ?? {};
      fill(body,
        el('p', { class: 'lib-title' }, el('strong', {}, info.title)),
        info.pack
          ? el('p', { class: 'notice' },
            `本库来自签发包（版本 ${info.pack.version}，签发密钥 ${info.pack.signer}），打开时已核验签名和每个文件；每个裁量结果的依据都注明此签发包。`)
          : el('p', { class: 'notice' },
            '这是一个参考基准库，依据国家法律、行政法规和部门规章编写，不是任何机关发布的官方清单。'
            + '每个事项都注明了来源；执法单位应以本机关公布的裁量基准和免罚清单为准，可按同一格式替换为本机关的清单。'),
        el('h3', {}, '版本'),
        el('dl', { class: 'kv' },
          row('规则版本', info.version),
          row('库哈希', el('code', {}, info.hash)),
          s.rules_sha256 ? row('规则 SHA-256', el('code', { class: 'wrap' }, s.rules_sha256)) : null,
          row('库文件', info.library_path || '程序内置库'),
          row('词义检索', meaningCell),
          info.pack ? row('签发', `版本 ${info.pack.version} · 签发密钥 ${info.pack.signer}`) : null),
        el('h3', {}, '内容'),
        el('dl', { class: 'kv counts' },
          row('部门', String(s.departments ?? '—')),
          row('裁量基准', String(s.benchmarks ?? '—')),
          row('免罚事项', String(s.exemption_items ?? '—')),
          row('法律法规规章', String(s.laws ?? '—')),
          row('引用条文', String(s.articles ?? '—')),
          row('典型案例', String(s.cases ?? '—')),
          row('同义词', String(s.synonyms ?? '—')),
          row('执法领域', info.domains.join('、'))),
        el('h3', {}, '记录'),
        el('p', {}, '保存的裁量记录只存放在本机，不与基准库混在一起：'),
        el('p', {}, el('code', { class: 'wrap' }, info.history_path || '记录库不可用')),
        el('h3', {}, '键盘'),
        el('ul', { class: 'keys' },
          el('li', {}, el('kbd', {}, '/'), ' 或 ', el('kbd', {}, 'Ctrl'), '+', el('kbd', {}, 'K'), '：回到查询框'),
          el('li', {}, el('kbd', {}, '↑'), ' ', el('kbd', {}, '↓'), ' 选择，', el('kbd', {}, 'Enter'), ' 打开，', el('kbd', {}, 'Esc'), ' 离开输入框，再按一次返回'),
          el('li', {}, el('kbd', {}, 'Ctrl'), '+', el('kbd', {}, '='), ' 放大，', el('kbd', {}, 'Ctrl'), '+', el('kbd', {}, '-'), ' 缩小，', el('kbd', {}, 'Ctrl'), '+', el('kbd', {}, '0'), ' 恢复（80%–200%，本机记住）'),
          el('li', {}, el('kbd', {}, 'Alt'), '+', el('kbd', {}, '1'), '…', el('kbd', {}, '7'), '：切换视图'),
          el('li', {}, '审查：', el('kbd', {}, 'Esc'), ' 取消正在进行的审查'),
          el('li', {}, '向导：', el('kbd', {}, '1'), ' 是 ', el('kbd', {}, '2'), ' 否 ', el('kbd', {}, '3'), ' 不确定，', el('kbd', {}, '→'), ' 下一步，', el('kbd', {}, '←'), ' 上一步'),
          el('li', {}, '演示：', el('kbd', {}, '空格'), ' 或 ', el('kbd', {}, '→'), ' 下一步，', el('kbd', {}, '←'), ' 上一步，', el('kbd', {}, '1'), '–', el('kbd', {}, '5'), ' 选择结果')),
        el('p', { class: 'muted' }, '裁量通完全离线运行，不连接网络。'));
    } catch (e) {
      fill(body, el('p', { class: 'error', role: 'alert' }, `无法读取库信息：${errorText(e)}`));
    }
  }

  return {
    root,
    title: '关于',
    show() { render(); shelf.render(); },
    hide() { clearTimeout(poll); poll = null; },
    focus: () => root.querySelector('#about-h').focus(),
  };
}
